//! Limits on what a document may hold, checked before it is decoded.
//!
//! The plist and JSON decoders build values recursively, so a deeply nested document would
//! overflow the stack, and a binary plist can reference one object from many places (a
//! "billion laughs" that expands to far more values than it has bytes). Before a document is
//! decoded, one cheap non-recursive pass over its bytes measures two upper bounds and refuses
//! the document when one is over its limit:
//!
//! - **depth**: arrays and dictionaries nested inside each other; a scalar at the root has depth
//!   0, `<dict/>` has depth 1. Limit [`MAX_DEPTH`] (100). Apple's schemas nest well under 20, and
//!   serde_json refuses 128 levels on its own; one limit for all formats gives one error.
//! - **values**: every value the decoded document holds, the root included; a dictionary entry
//!   is one value (its key is not counted) and a binary plist object is counted once per
//!   reference to it. Limit [`MAX_VALUES`] (2,000,000): a dictionary with a million keys decodes.
//!
//! Together with the size limit ([`MAX_DOCUMENT_BYTES`], 64 MiB) they bound the memory and time
//! of a decode: linear in the document's size, and at most about 2 million values.
//!
//! The pass also refuses what the decoders would otherwise chase: a binary plist whose objects
//! contain themselves (a reference cycle), references and offsets outside the document, a
//! binary date before year 0 (the plist crate reads it, then panics writing it as text), and
//! an XML `<!DOCTYPE>` with an internal subset (entity declarations). An XML document is always
//! read as XML: the plist crate's fallback to the old ASCII (OpenStep) format, which this pass
//! does not measure and MDM never uses, is not taken.
//!
//! For XML the pass follows the lexical rules of the XML reader the plist crate uses (quick-xml:
//! where comments, CDATA sections, processing instructions, DOCTYPEs and tags end, quotes in
//! tags), so the element depth it measures is the reader's; `fuzz/` checks the bounds against
//! the decoded values.

use super::codec::{CodecError, Format, MAX_DOCUMENT_BYTES};

/// Most arrays and dictionaries that may be nested inside each other.
pub const MAX_DEPTH: usize = 100;

/// Most values a document may hold (a dictionary entry is one value; a binary plist object
/// counts once per reference).
pub const MAX_VALUES: usize = 2_000_000;

/// Limits for a decode; [`Limits::DEFAULT`] is what the codec uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Most bytes.
    pub max_bytes: usize,
    /// Most nested arrays and dictionaries.
    pub max_depth: usize,
    /// Most values.
    pub max_values: usize,
}

impl Limits {
    /// [`MAX_DOCUMENT_BYTES`], [`MAX_DEPTH`], [`MAX_VALUES`].
    pub const DEFAULT: Limits = Limits { max_bytes: MAX_DOCUMENT_BYTES, max_depth: MAX_DEPTH, max_values: MAX_VALUES };

    /// Measures `bytes` and refuses them when they are over a limit. A plist (either
    /// [`Format::XmlPlist`] or [`Format::BinaryPlist`]) is binary when it starts with
    /// `bplist00`, as the decoder detects it.
    pub fn check(&self, bytes: &[u8], format: Format) -> Result<Shape, CodecError> {
        if bytes.len() > self.max_bytes {
            return Err(CodecError::TooLarge { size: bytes.len(), limit: self.max_bytes });
        }
        match format {
            Format::XmlPlist | Format::BinaryPlist if is_binary_plist(bytes) => self.check_binary(bytes),
            Format::XmlPlist | Format::BinaryPlist => self.check_xml(bytes),
            Format::Json => self.check_json(bytes),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// What the pass measured of a document: its depth and value count (exact for a well-formed
/// document; upper bounds otherwise, up to where the decoder would fail).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Shape {
    pub depth: usize,
    pub values: usize,
}

/// Checks `bytes` against [`Limits::DEFAULT`].
pub fn check(bytes: &[u8], format: Format) -> Result<Shape, CodecError> {
    Limits::DEFAULT.check(bytes, format)
}

/// Whether a plist is binary (the decoder's own test).
pub(crate) fn is_binary_plist(bytes: &[u8]) -> bool {
    bytes.starts_with(b"bplist00")
}

/// Depth and value counting shared by the three passes.
struct Counter<'l> {
    limits: &'l Limits,
    depth: usize,
    shape: Shape,
}

impl<'l> Counter<'l> {
    fn new(limits: &'l Limits) -> Self {
        Counter { limits, depth: 0, shape: Shape::default() }
    }

    #[inline]
    fn value(&mut self) -> Result<(), CodecError> {
        self.shape.values += 1;
        if self.shape.values > self.limits.max_values {
            return Err(CodecError::TooMany { limit: self.limits.max_values });
        }
        Ok(())
    }

    #[inline]
    fn open(&mut self) -> Result<(), CodecError> {
        self.depth += 1;
        if self.depth > self.shape.depth {
            self.shape.depth = self.depth;
            if self.depth > self.limits.max_depth {
                return Err(CodecError::TooDeep { limit: self.limits.max_depth });
            }
        }
        Ok(())
    }

    #[inline]
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The first `needle` byte at or after `from`, eight bytes at a time.
#[inline]
fn find_byte(haystack: &[u8], from: usize, needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut i = from;
    while let Some(chunk) = haystack.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // A zero byte of `x` is a match; the lowest flagged byte is exact.
        let found = x.wrapping_sub(LO) & !x & HI;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    haystack.get(i..)?.iter().position(|&b| b == needle).map(|p| i + p)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// 0000-01-01T00:00:00Z in seconds from 2001-01-01 (the plist epoch): 719,528 days to 1970,
/// then 978,307,200 s to 2001. The earliest date RFC 3339, so an XML plist, can write.
const EARLIEST_DATE: f64 = -(719_528.0 * 86_400.0 + 978_307_200.0);

impl Limits {
    /// The XML pass. Markup ends where quick-xml ends it; where quick-xml would fail, the
    /// pass stops and leaves the error to the decoder (nothing after it is read).
    fn check_xml(&self, bytes: &[u8]) -> Result<Shape, CodecError> {
        let mut c = Counter::new(self);
        // For each open element: `ARRAY`, a dictionary (both nest values) or `OTHER`. The plist
        // reader takes a dictionary's children as key, value, key, value … whatever their tags
        // (a `<key>` where a value belongs is read as a string value), so a dictionary is
        // `DICT_KEY` when its next child is a key, `DICT_VALUE` when it is a value.
        const OTHER: u8 = 0;
        const ARRAY: u8 = 1;
        const DICT_KEY: u8 = 2;
        const DICT_VALUE: u8 = 3;
        let mut open: Vec<u8> = Vec::new();
        let mut i = 0;
        while let Some(start) = find_byte(bytes, i, b'<') {
            match bytes.get(start + 1) {
                // `<!--` comment, `<![` CDATA, `<!D` DOCTYPE; ends at the first `-->` whose `>`
                // is at least 6 bytes in, the first `]]>`, or the DOCTYPE's `>`.
                Some(b'!') => {
                    let end = match bytes.get(start + 2) {
                        Some(b'-') => find(bytes, start + 4, b"-->").map(|e| e + 3),
                        Some(b'[') => find(bytes, start + 2, b"]]>").map(|e| e + 3),
                        Some(b'D' | b'd') => match doctype_end(bytes, start + 2) {
                            Ok(end) => end,
                            Err(()) => return Err(CodecError::Invalid("XML plist: a <!DOCTYPE> with an internal subset ([…]) is not accepted".into())),
                        },
                        _ => None,
                    };
                    match end {
                        Some(end) => i = end,
                        None => break,
                    }
                }
                // Processing instruction or XML declaration: ends at the first `?>` (the `?`
                // right after `<` counts).
                Some(b'?') => match find(bytes, start + 1, b"?>") {
                    Some(e) => i = e + 2,
                    None => break,
                },
                // End tag: closes the innermost element (quick-xml fails on a mismatch).
                Some(b'/') => match tag_end(bytes, start + 1) {
                    Some(gt) => {
                        if matches!(open.pop(), Some(ARRAY | DICT_KEY | DICT_VALUE)) {
                            c.close();
                        }
                        i = gt + 1;
                    }
                    None => break,
                },
                Some(_) => {
                    let Some(gt) = tag_end(bytes, start + 1) else { break };
                    let content = &bytes[start + 1..gt];
                    let empty = content.last() == Some(&b'/');
                    let content = if empty { &content[..content.len() - 1] } else { content };
                    let name = &content[..content.iter().position(|&b| is_xml_space(b)).unwrap_or(content.len())];
                    // quick-xml's local name, the one the plist reader matches: what follows
                    // the first `:`.
                    let local = name.iter().position(|&b| b == b':').map_or(name, |p| &name[p + 1..]);
                    // `<plist>` holds no value, nor does a dictionary's key (a `<key>` or a
                    // `<string>` where a key belongs; anything else there fails to decode, and
                    // is counted: the count may only be too high).
                    let is_key = open.last() == Some(&DICT_KEY) && matches!(local, b"key" | b"string");
                    if let Some(parent) = open.last_mut().filter(|p| matches!(**p, DICT_KEY | DICT_VALUE)) {
                        *parent = if *parent == DICT_KEY { DICT_VALUE } else { DICT_KEY };
                    }
                    if local != b"plist" && !is_key {
                        c.value()?;
                    }
                    let kind = match local {
                        b"array" => ARRAY,
                        b"dict" => DICT_KEY,
                        _ => OTHER,
                    };
                    if kind != OTHER {
                        c.open()?;
                    }
                    if !empty {
                        open.push(kind);
                    } else if kind != OTHER {
                        // `<dict/>`: opened and closed at once.
                        c.close();
                    }
                    i = gt + 1;
                }
                None => break,
            }
        }
        Ok(c.shape)
    }

    /// The JSON pass: strings (with escapes) are skipped, brackets nest, and the values are
    /// the root, each container's first item and one per comma.
    fn check_json(&self, bytes: &[u8]) -> Result<Shape, CodecError> {
        let mut c = Counter::new(self);
        c.value()?;
        let mut i = 0;
        // Whether the last bracket opened a container whose first item is not seen yet.
        let mut opened = false;
        while i < bytes.len() {
            let b = bytes[i];
            if opened && !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b']' | b'}') {
                opened = false;
                c.value()?;
            }
            match b {
                b'"' => {
                    i += 1;
                    while i < bytes.len() {
                        match bytes[i] {
                            b'\\' => i += 2,
                            b'"' => break,
                            _ => i += 1,
                        }
                    }
                }
                b'[' | b'{' => {
                    c.open()?;
                    opened = true;
                }
                b']' | b'}' => {
                    opened = false;
                    c.close();
                }
                b',' => c.value()?,
                _ => {}
            }
            i += 1;
        }
        Ok(c.shape)
    }

    /// The binary pass: walks the object graph from the root as the plist crate's reader
    /// does (a dictionary's keys and values in turn), with its own stack, counting every
    /// reference. It reads only the offset table and the containers' headers and references.
    fn check_binary(&self, bytes: &[u8]) -> Result<Shape, CodecError> {
        let bad = |what: String| CodecError::Invalid(format!("binary plist: {what}"));
        if bytes.len() < 8 + 32 {
            return Err(bad(format!("truncated: {} bytes, less than a header and a trailer (40 bytes)", bytes.len())));
        }
        let trailer_start = bytes.len() - 32;
        let trailer = &bytes[trailer_start..];
        let offset_size = trailer[6];
        let ref_size = trailer[7];
        if !matches!(offset_size, 1 | 2 | 3 | 4 | 8) {
            return Err(bad(format!("invalid offset size {offset_size} in the trailer")));
        }
        if !matches!(ref_size, 1 | 2 | 3 | 4 | 8) {
            return Err(bad(format!("invalid object reference size {ref_size} in the trailer")));
        }
        let be = |b: &[u8]| b.iter().fold(0u64, |n, &x| (n << 8) | u64::from(x));
        let num_objects = be(&trailer[8..16]);
        let root = be(&trailer[16..24]);
        let table = be(&trailer[24..32]);
        let table_end = num_objects.checked_mul(u64::from(offset_size)).and_then(|n| n.checked_add(table));
        if table_end.is_none_or(|end| end > trailer_start as u64) {
            return Err(bad(format!("the offset table ({num_objects} objects at offset {table}) runs past the end of the document")));
        }
        let (table, num_objects) = (table as usize, num_objects as usize);
        let (offset_size, ref_size) = (usize::from(offset_size), usize::from(ref_size));
        let read_ref = |at: usize| be(&bytes[at..at + ref_size]);

        /// An array or dictionary being walked: its object, where its references start, how
        /// many it has (keys and values both, for a dictionary), and the next one to visit.
        struct Frame {
            object: usize,
            refs: usize,
            len: usize,
            next: usize,
            dict: bool,
        }
        impl Frame {
            /// The position of the `j`-th reference in walking order; a dictionary stores its
            /// keys first, then its values, and is walked key, value, key, value.
            fn ref_at(&self, j: usize, ref_size: usize) -> usize {
                if self.dict {
                    let n = self.len / 2;
                    self.refs + ((j % 2) * n + j / 2) * ref_size
                } else {
                    self.refs + j * ref_size
                }
            }
        }

        let mut c = Counter::new(self);
        // Which objects are open containers now, one bit each.
        let mut on_stack = vec![0u64; num_objects.div_ceil(64)];
        let mut stack: Vec<Frame> = Vec::new();
        let mut object_ref = root;
        loop {
            // Visit `object_ref`: a key (of a dictionary, at an even position) is not a value.
            let is_key = stack.last().is_some_and(|f| f.dict && (f.next - 1) % 2 == 0);
            let object = match usize::try_from(object_ref) {
                Ok(o) if o < num_objects => o,
                _ => return Err(bad(format!("object reference {object_ref} is out of range ({num_objects} objects)"))),
            };
            if !is_key {
                c.value()?;
            }
            let at = table + object * offset_size;
            let offset = be(&bytes[at..at + offset_size]);
            if offset >= trailer_start as u64 {
                return Err(bad(format!("object {object} is at offset {offset}, past the end of the objects")));
            }
            let mut pos = offset as usize;
            let marker = bytes[pos];
            pos += 1;
            let kind = marker >> 4;
            // A date (an 8-byte real, seconds from 2001) before year 0: the plist crate reads it,
            // then panics formatting it (serde hands dates over as RFC 3339 text).
            if marker == 0x33 {
                if let Some(b) = bytes.get(pos..pos + 8).and_then(|b| b.first_chunk::<8>()) {
                    let seconds = f64::from_be_bytes(*b);
                    if seconds < EARLIEST_DATE {
                        return Err(CodecError::DateOutOfRange { object: object as u64, seconds });
                    }
                }
            }
            if matches!(kind, 0x4 | 0x5 | 0x6 | 0xa | 0xd) {
                // Length: the low nibble, or 0xf then an integer of 1, 2, 4 or 8 bytes.
                let mut len = u64::from(marker & 0x0f);
                if len == 0x0f {
                    let Some(&int_marker) = bytes.get(pos) else { return Err(bad(format!("object {object} is truncated"))) };
                    let n = 1usize << (int_marker & 0x03);
                    let Some(b) = bytes.get(pos + 1..pos + 1 + n) else { return Err(bad(format!("object {object} is truncated"))) };
                    len = be(b);
                    pos += 1 + n;
                }
                // What follows: bytes (data, ASCII string), UTF-16 code units, or references
                // (one per array item, two per dictionary entry). They must end before the
                // trailer, counted as the plist crate counts: from the object's offset, not
                // from after its marker and length (so it reads up to 10 bytes into the trailer),
                // and of course within the document.
                let (what, unit) = match kind {
                    0x4 => ("data", 1),
                    0x5 => ("string", 1),
                    0x6 => ("string", 2),
                    0xa => ("array", ref_size as u64),
                    _ => ("dictionary", 2 * ref_size as u64),
                };
                let size = len.checked_mul(unit);
                let fits = |from: u64, end: u64| size.and_then(|b| b.checked_add(from)).is_some_and(|e| e <= end);
                if !fits(offset, trailer_start as u64) || !fits(pos as u64, bytes.len() as u64) {
                    return Err(bad(format!("{what} object {object} declares {len} entries, more than the document holds")));
                }
                if matches!(kind, 0xa | 0xd) {
                    if on_stack[object / 64] & (1 << (object % 64)) != 0 {
                        return Err(CodecError::Cycle { object: object as u64 });
                    }
                    on_stack[object / 64] |= 1 << (object % 64);
                    c.open()?;
                    let dict = kind == 0xd;
                    // `len` references fit in the document, so in `usize`.
                    let refs = if dict { 2 * len } else { len } as usize;
                    stack.push(Frame { object, refs: pos, len: refs, next: 0, dict });
                }
            }
            // The next reference to visit: the innermost container's next one, closing every
            // container that has none left.
            loop {
                let Some(frame) = stack.last_mut() else { return Ok(c.shape) };
                if frame.next < frame.len {
                    object_ref = read_ref(frame.ref_at(frame.next, ref_size));
                    frame.next += 1;
                    break;
                }
                on_stack[frame.object / 64] &= !(1 << (frame.object % 64));
                stack.pop();
                c.close();
            }
        }
    }
}

/// Where quick-xml ends a tag that starts at `from` (just after `<`): the first `>` outside
/// single or double quotes.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // Most tags have no quotes: the first `>` ends them.
    let gt = find_byte(bytes, from, b'>')?;
    if !bytes[from..gt].iter().any(|&b| b == b'"' || b == b'\'') {
        return Some(gt);
    }
    let mut quote = None;
    for (i, &b) in bytes.get(from..)?.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(from + i),
            (None, b'\'' | b'"') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
    }
    None
}

/// Where a DOCTYPE that starts at `from` (just after `<!`) ends, as quick-xml reads it: the
/// first `>` outside quoted literals. `Ok(None)` when it does not end; `Err` at an internal
/// subset (`[`), which is refused.
fn doctype_end(bytes: &[u8], from: usize) -> Result<Option<usize>, ()> {
    let mut quote = None;
    for (i, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Ok(Some(from + i + 1)),
            (None, b'[') => return Err(()),
            (None, b'\'' | b'"') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
    }
    Ok(None)
}
