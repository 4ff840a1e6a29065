//! A reader of JSON text for the validator that judges documents as it reads them (`stream.rs`):
//! tokens on demand, strings borrowed from the text when they hold no escape, nothing built.
//!
//! It accepts and refuses what `serde_json` does (RFC 8259: UTF-8, no control characters in
//! strings, no lone surrogates, no leading zeros, no trailing commas, numbers that fit an
//! `f64`, at most [`MAX_NESTING`] open arrays and objects) and reads numbers into the same
//! kinds (`u64`, `i64`, `f64`; `-0` is a float), so a document reads the same as its parsed
//! `serde_json::Value`. Tests compare the two on every edge of the grammar.
//!
//! Speed: the text is checked to be UTF-8 once, up front, so a string is a slice of it; a
//! string is scanned eight bytes at a time for its end, an escape or a control character.
//! (Folding the UTF-8 check into that scan needs `unsafe` to make the `&str`; it measured
//! about 12% faster on verdicts and no faster on reports: not taken, the crate stays safe.)

use std::fmt;

/// Arrays and objects open at once, at most: as `serde_json`, which refuses the 128th.
pub const MAX_NESTING: usize = 127;

/// What is wrong with a text that is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text ends inside a value.
    UnexpectedEnd,
    /// A byte that cannot come here (`expected` says what could).
    Unexpected { expected: &'static str },
    /// A control character (below U+0020) inside a string.
    ControlCharacter,
    /// A backslash not followed by one of `"\/bfnrtu`, or a `\u` without four hex digits.
    InvalidEscape,
    /// A `\u` escape of half a surrogate pair.
    LoneSurrogate,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// A malformed number (`01`, `1.`, `-`, `1e`).
    InvalidNumber,
    /// A number too large for an `f64`.
    NumberOutOfRange,
    /// More than [`MAX_NESTING`] arrays and objects open at once.
    TooDeep,
    /// Something after the document.
    TrailingCharacters,
}

impl fmt::Display for JsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonErrorKind::UnexpectedEnd => f.write_str("the text ends inside a value"),
            JsonErrorKind::Unexpected { expected } => write!(f, "expected {expected}"),
            JsonErrorKind::ControlCharacter => f.write_str("control character in a string"),
            JsonErrorKind::InvalidEscape => f.write_str("invalid escape"),
            JsonErrorKind::LoneSurrogate => f.write_str("lone surrogate in a \\u escape"),
            JsonErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            JsonErrorKind::InvalidNumber => f.write_str("invalid number"),
            JsonErrorKind::NumberOutOfRange => f.write_str("number out of range"),
            JsonErrorKind::TooDeep => write!(f, "more than {MAX_NESTING} arrays and objects open at once"),
            JsonErrorKind::TrailingCharacters => f.write_str("characters after the document"),
        }
    }
}

/// Text that is not JSON: what is wrong, and where (line and column from 1; the column counts
/// bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not JSON: {} at line {} column {}", self.kind, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// The error at byte `pos` of `bytes`, with its line and column.
    fn at(bytes: &[u8], pos: usize, kind: JsonErrorKind) -> JsonError {
        let before = &bytes[..pos.min(bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        JsonError { kind, line, column }
    }
}

/// A string of the text: borrowed when it holds no escape.
pub(crate) enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Text<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// A key as [`Reader::next_key_or`] reads it.
pub(crate) enum Key<'de> {
    /// The key expected.
    Expected,
    /// Another key.
    Other(Text<'de>),
}

/// A number, in the kind `serde_json` reads it as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// The start of a value.
pub(crate) enum Token<'de> {
    /// `{`: read its entries with [`Reader::next_key`].
    Object,
    /// `[`: read its items with [`Reader::next_item`].
    Array,
    Str(Text<'de>),
    Number(Number),
    Bool(bool),
    Null,
}

pub(crate) struct Reader<'de> {
    /// The text, checked to be UTF-8 once (bytes that are not are refused by `serde_json`
    /// inside a string and out of one alike), so strings are slices of it.
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    /// Arrays and objects open.
    open: usize,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Bytes of `word` below `n` (n ≤ 128), as their high bits; the lowest set bit marks the first.
#[inline]
fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// Bytes of `word` equal to `b`, as their high bits; the lowest set bit marks the first.
#[inline]
fn bytes_equal(word: u64, b: u8) -> u64 {
    bytes_below(word ^ (ONES * u64::from(b)), 1)
}

/// From `at`: the position of the first `"`, `\` or control character (below U+0020), or the
/// end of the text; eight bytes at a time.
#[inline(always)]
fn special(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..).and_then(|s| s.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        let found = bytes_equal(word, b'"') | bytes_equal(word, b'\\') | bytes_below(word, 0x20);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

impl<'de> Reader<'de> {
    pub(crate) fn new(bytes: &'de [u8]) -> Result<Self, JsonError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Reader { text, bytes, pos: 0, open: 0 }),
            Err(e) => Err(JsonError::at(bytes, e.valid_up_to(), JsonErrorKind::InvalidUtf8)),
        }
    }

    /// The text between two ASCII bytes of it (the ends of a string, of a number).
    #[inline(always)]
    fn slice(&self, from: usize, to: usize) -> Result<&'de str, JsonError> {
        self.text.get(from..to).ok_or_else(|| self.error_at(from, JsonErrorKind::InvalidUtf8))
    }

    // The errors out of line, so the reader's small steps are inlined where they are read.
    #[cold]
    #[inline(never)]
    fn error(&self, kind: JsonErrorKind) -> JsonError {
        self.error_at(self.pos, kind)
    }

    #[cold]
    #[inline(never)]
    fn error_at(&self, pos: usize, kind: JsonErrorKind) -> JsonError {
        JsonError::at(self.bytes, pos, kind)
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte that is not whitespace (not consumed).
    #[inline(always)]
    fn peek(&mut self) -> Result<u8, JsonError> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied().ok_or_else(|| self.error(JsonErrorKind::UnexpectedEnd))
    }

    /// The start of the next value: a scalar whole, or the opening of an array or object.
    #[inline]
    pub(crate) fn value(&mut self) -> Result<Token<'de>, JsonError> {
        match self.peek()? {
            b'{' | b'[' => {
                let object = self.bytes[self.pos] == b'{';
                self.open += 1;
                if self.open > MAX_NESTING {
                    return Err(self.error(JsonErrorKind::TooDeep));
                }
                self.pos += 1;
                Ok(if object { Token::Object } else { Token::Array })
            }
            b'"' => {
                self.pos += 1;
                self.string().map(Token::Str)
            }
            b't' => self.literal(b"true", Token::Bool(true)),
            b'f' => self.literal(b"false", Token::Bool(false)),
            b'n' => self.literal(b"null", Token::Null),
            b'-' | b'0'..=b'9' => self.number().map(Token::Number),
            _ => Err(self.error(JsonErrorKind::Unexpected { expected: "a value" })),
        }
    }

    #[inline]
    fn literal(&mut self, word: &[u8], token: Token<'de>) -> Result<Token<'de>, JsonError> {
        // The whole word at once; byte by byte only to find where it differs.
        if self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(word)) {
            self.pos += word.len();
            return Ok(token);
        }
        self.literal_error(word)
    }

    /// Where a literal that is not in the text differs from it.
    #[cold]
    fn literal_error(&mut self, word: &[u8]) -> Result<Token<'de>, JsonError> {
        for &b in word {
            match self.bytes.get(self.pos) {
                Some(&c) if c == b => self.pos += 1,
                Some(_) => return Err(self.error(JsonErrorKind::Unexpected { expected: "a value" })),
                None => return Err(self.error(JsonErrorKind::UnexpectedEnd)),
            }
        }
        Err(self.error(JsonErrorKind::Unexpected { expected: "a value" }))
    }

    /// [`Reader::next_key`] when the key is likely `expected` (a name without `"`, `\` or a
    /// control character, so a text that spells it byte for byte holds it without escapes):
    /// [`Key::Expected`] when it is, told by its length and its bytes compared with the
    /// name's [`Head`] (`matches`) rather than scanned; else the key read as `next_key` reads
    /// it.
    #[inline]
    pub(crate) fn next_key_or(&mut self, first: bool, expected: Option<&str>, matches: impl Fn(&str) -> bool) -> Result<Option<Key<'de>>, JsonError> {
        let Some(name) = expected else { return Ok(self.next_key(first)?.map(Key::Other)) };
        if !self.key_start(first)? {
            return Ok(None);
        }
        let end = self.pos + name.len();
        if self.bytes.get(end) == Some(&b'"') && self.text.get(self.pos..end).is_some_and(&matches) {
            self.pos = end + 1;
            self.colon()?;
            return Ok(Some(Key::Expected));
        }
        self.key_rest().map(|k| Some(Key::Other(k)))
    }

    /// The next key of an object (`first`: just after its `{`), with its `:` read; `None` at
    /// the object's end.
    pub(crate) fn next_key(&mut self, first: bool) -> Result<Option<Text<'de>>, JsonError> {
        if !self.key_start(first)? {
            return Ok(None);
        }
        self.key_rest().map(Some)
    }

    /// Up to a key's first character (`first`: just after its object's `{`): false at the
    /// object's end.
    #[inline(always)]
    fn key_start(&mut self, first: bool) -> Result<bool, JsonError> {
        let mut b = self.peek()?;
        if !first {
            match b {
                b'}' => return self.close().map(|()| false),
                b',' => {
                    self.pos += 1;
                    b = self.peek()?;
                }
                _ => return Err(self.error(JsonErrorKind::Unexpected { expected: "`,` or `}`" })),
            }
        } else if b == b'}' {
            return self.close().map(|()| false);
        }
        if b != b'"' {
            return Err(self.error(JsonErrorKind::Unexpected { expected: "a key" }));
        }
        self.pos += 1;
        Ok(true)
    }

    /// A key from its first character on, with its `:`.
    #[inline(always)]
    fn key_rest(&mut self) -> Result<Text<'de>, JsonError> {
        let key = self.string()?;
        self.colon()?;
        Ok(key)
    }

    /// The `:` after a key.
    #[inline(always)]
    fn colon(&mut self) -> Result<(), JsonError> {
        if self.peek()? != b':' {
            return Err(self.error(JsonErrorKind::Unexpected { expected: "`:`" }));
        }
        self.pos += 1;
        Ok(())
    }

    /// Whether an array has another item (`first`: just after its `[`); false at its end.
    pub(crate) fn next_item(&mut self, first: bool) -> Result<bool, JsonError> {
        let b = self.peek()?;
        if b == b']' && first {
            self.close()?;
            return Ok(false);
        }
        if first {
            return Ok(true);
        }
        match b {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b']' => {
                self.close()?;
                Ok(false)
            }
            _ => Err(self.error(JsonErrorKind::Unexpected { expected: "`,` or `]`" })),
        }
    }

    #[inline(always)]
    fn close(&mut self) -> Result<(), JsonError> {
        self.pos += 1;
        self.open = self.open.saturating_sub(1);
        Ok(())
    }

    /// Reads a whole value and drops it (checked like any other).
    pub(crate) fn skip(&mut self) -> Result<(), JsonError> {
        let token = self.value()?;
        self.skip_content(&token)
    }

    /// Reads the rest of a value whose start is `token` (an array's items, an object's
    /// entries; nothing for a scalar) and drops it.
    pub(crate) fn skip_content(&mut self, token: &Token<'_>) -> Result<(), JsonError> {
        match token {
            Token::Object => {
                let mut first = true;
                while self.next_key(first)?.is_some() {
                    self.skip()?;
                    first = false;
                }
            }
            Token::Array => {
                let mut first = true;
                while self.next_item(first)? {
                    self.skip()?;
                    first = false;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads a whole value into a `serde_json::Value` (as `serde_json` would have).
    pub(crate) fn read_value(&mut self) -> Result<serde_json::Value, JsonError> {
        use serde_json::Value;
        Ok(match self.value()? {
            Token::Object => {
                let mut map = serde_json::Map::new();
                let mut first = true;
                while let Some(key) = self.next_key(first)? {
                    let value = self.read_value()?;
                    map.insert(key.as_str().to_string(), value);
                    first = false;
                }
                Value::Object(map)
            }
            Token::Array => {
                let mut items = Vec::new();
                let mut first = true;
                while self.next_item(first)? {
                    items.push(self.read_value()?);
                    first = false;
                }
                Value::Array(items)
            }
            Token::Str(s) => Value::String(s.as_str().to_string()),
            Token::Number(Number::U64(n)) => Value::from(n),
            Token::Number(Number::I64(n)) => Value::from(n),
            Token::Number(Number::F64(n)) => serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number),
            Token::Bool(b) => Value::Bool(b),
            Token::Null => Value::Null,
        })
    }

    /// Only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self.error(JsonErrorKind::TrailingCharacters));
        }
        Ok(())
    }

    /// A string's content, just after its opening quote; reads the closing quote. The common
    /// string (no escape) is one scan and a slice, inlined where a key or a value is read (as a
    /// call returning its `Result` through memory, it cost as much as the scan); the rest is
    /// out of line.
    #[inline(always)]
    fn string(&mut self) -> Result<Text<'de>, JsonError> {
        let start = self.pos;
        let end = special(self.bytes, start);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return self.slice(start, end).map(Text::Borrowed);
        }
        self.pos = end;
        self.escaped(start)
    }

    /// The rest of a string from `start` whose scan stopped at `pos`, short of its end: at an
    /// escape (the string is built), a control character or the end of the text (errors).
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Result<Text<'de>, JsonError> {
        let mut out = String::with_capacity(self.pos - start + 16);
        let mut from = start;
        let mut at = self.scan()?;
        loop {
            out.push_str(self.slice(from, at)?);
            if self.bytes[at] == b'"' {
                self.pos = at + 1;
                return Ok(Text::Owned(out));
            }
            // A backslash.
            self.pos = at + 1;
            out.push(self.escape()?);
            from = self.pos;
            at = self.scan()?;
        }
    }

    /// From `pos`: the position of the next `"` or `\`; a control character or the end of the
    /// text is an error.
    fn scan(&self) -> Result<usize, JsonError> {
        let at = special(self.bytes, self.pos);
        match self.bytes.get(at) {
            Some(b'"' | b'\\') => Ok(at),
            Some(_) => Err(self.error_at(at, JsonErrorKind::ControlCharacter)),
            None => Err(self.error_at(at, JsonErrorKind::UnexpectedEnd)),
        }
    }

    /// The character of an escape, just after its backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(&b) = self.bytes.get(self.pos) else { return Err(self.error(JsonErrorKind::UnexpectedEnd)) };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.error_at(self.pos - 1, JsonErrorKind::InvalidEscape)),
        })
    }

    /// The character of a `\u` escape (a surrogate pair takes two), just after its `u`.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                }
                let c = 0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00);
                char::from_u32(c).ok_or_else(|| self.error(JsonErrorKind::LoneSurrogate))
            }
            0xDC00..=0xDFFF => Err(self.error(JsonErrorKind::LoneSurrogate)),
            c => char::from_u32(u32::from(c)).ok_or_else(|| self.error(JsonErrorKind::InvalidEscape)),
        }
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        let mut n: u16 = 0;
        for _ in 0..4 {
            let Some(&b) = self.bytes.get(self.pos) else { return Err(self.error(JsonErrorKind::UnexpectedEnd)) };
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error(JsonErrorKind::InvalidEscape)),
            };
            n = (n << 4) | u16::from(digit);
            self.pos += 1;
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        self.pos - from
    }

    /// A number, at its first byte (`-` or a digit).
    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.pos;
        let negative = self.bytes[self.pos] == b'-';
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
                    return Err(self.error(JsonErrorKind::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.error(JsonErrorKind::InvalidNumber)),
            None => return Err(self.error(JsonErrorKind::UnexpectedEnd)),
        }
        let int_end = self.pos;
        let mut float = false;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::InvalidNumber));
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::InvalidNumber));
            }
            float = true;
        }
        if !float {
            let mut n: u64 = 0;
            let mut fits = true;
            for &d in &self.bytes[int_start..int_end] {
                match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))) {
                    Some(v) => n = v,
                    None => {
                        fits = false;
                        break;
                    }
                }
            }
            if fits {
                if !negative {
                    return Ok(Number::U64(n));
                }
                // As serde_json: `-0` and what i64 cannot hold are floats.
                let neg = (n as i64).wrapping_neg();
                return Ok(if neg >= 0 { Number::F64(-(n as f64)) } else { Number::I64(neg) });
            }
        }
        // The text is ASCII digits, sign, point and exponent: UTF-8, and Rust's parse reads it.
        let text = self.slice(start, self.pos)?;
        let f: f64 = text.parse().map_err(|_| self.error_at(start, JsonErrorKind::InvalidNumber))?;
        if f.is_finite() {
            Ok(Number::F64(f))
        } else {
            Err(self.error_at(start, JsonErrorKind::NumberOutOfRange))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text read whole into a value by this reader.
    fn ours(text: &[u8]) -> Result<serde_json::Value, JsonError> {
        let mut r = Reader::new(text)?;
        let v = r.read_value()?;
        r.end()?;
        Ok(v)
    }

    /// Accepted and refused as serde_json does, read to the same value.
    fn same(text: &[u8]) {
        let theirs = serde_json::from_slice::<serde_json::Value>(text);
        match (ours(text), theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{}", String::from_utf8_lossy(text));
                // The same kinds of numbers, not only equal ones.
                assert_eq!(a.to_string(), b.to_string(), "{}", String::from_utf8_lossy(text));
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{:?}: ours {a:?}, serde_json {b:?}", String::from_utf8_lossy(text)),
        }
    }

    #[test]
    fn accepts_and_refuses_what_serde_json_does() {
        let texts: &[&[u8]] = &[
            b"",
            b" ",
            b"{}",
            b"[]",
            b"[ ]",
            b"{ }",
            b"[1,]",
            b"{\"a\":1,}",
            b"[,1]",
            b"{,}",
            b"{\"a\" 1}",
            b"{\"a\":}",
            b"{1:2}",
            b"[1 2]",
            b"{\"a\":1 \"b\":2}",
            b"\"abc",
            b"\"a\\\"b\"",
            b"\"\\u00e9\"",
            b"\"\\ud83d\\ude00\"",
            b"\"\\ud83d\"",
            b"\"\\ude00\"",
            b"\"\\ud83dx\"",
            b"\"\\ud83d\\u0041\"",
            b"\"\\x\"",
            b"\"\\u12\"",
            b"\"\\u12G4\"",
            b"\"a\x01b\"",
            b"\"a\x7fb\"",
            b"\"\xc3\xa9\"",
            b"\"\xff\"",
            b"\"\xc3\"",
            b"\"\xed\xa0\x80\"",
            b"0",
            b"-0",
            b"-0.0",
            b"01",
            b"-01",
            b"1.",
            b".5",
            b"-",
            b"+1",
            b"1e",
            b"1e+",
            b"1E-2",
            b"1.5e3",
            b"1e400",
            b"-1e400",
            b"18446744073709551615",
            b"18446744073709551616",
            b"-9223372036854775808",
            b"-9223372036854775809",
            b"123456789012345678901234567890",
            b"0.1",
            b"2.5e-324",
            b"1.7976931348623157e308",
            b"true",
            b"tru",
            b"truex",
            b"nul",
            b"null",
            b"false",
            b"[true,false,null]",
            b"{\"a\":{\"b\":[1,{\"c\":\"d\"}]}}",
            b"  {\"a\" : [ 1 , 2 ] }  ",
            b"{} x",
            b"{}{}",
            b"\t\r\n[]\t\r\n",
            b"[\"\\/\\b\\f\\n\\r\\t\"]",
            b"{\"a\":1,\"a\":2}",
            b"\"\\u0000\"",
            b"\"12345678\\n12345678\"",
            b"\"1234567\"",
            b"\"12345678901234567890\x1f\"",
            b"\"12345678\xff\"",
            b"\"1234567\xc3\"",
            b"\"1234567\xc3\xa9\"",
            b"\"abcdefgh\xe2\x82\xacabcdefgh\"",
            b"[1,\xff]",
            b"{\"\xc3\xa9\":1}",
        ];
        for t in texts {
            same(t);
        }
    }

    #[test]
    fn nesting_stops_where_serde_jsons_does() {
        for depth in [MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 10_000] {
            same(format!("{}{}", "[".repeat(depth), "]".repeat(depth)).as_bytes());
            same(format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)).as_bytes());
        }
    }

    #[test]
    fn errors_say_where() {
        let e = ours(b"{\n  \"a\": 01\n}").expect_err("leading zero");
        assert_eq!((e.kind, e.line, e.column), (JsonErrorKind::InvalidNumber, 2, 9));
        let e = ours(b"[\"a\x01\"]").expect_err("control character");
        assert_eq!((e.kind, e.line, e.column), (JsonErrorKind::ControlCharacter, 1, 4));
        assert_eq!(ours(b"[] x").expect_err("trailing").kind, JsonErrorKind::TrailingCharacters);
        assert_eq!(ours(b"[[[").expect_err("end").kind, JsonErrorKind::UnexpectedEnd);
    }

    #[test]
    fn the_string_scan_finds_every_special_byte_at_every_offset() {
        for len in 0..40 {
            for special in [b'"', b'\\', 0x00, 0x1f] {
                let mut text = vec![b'"'];
                text.extend(std::iter::repeat_n(b'a', len));
                text.push(special);
                text.extend_from_slice(b"bc\"");
                same(&text);
                // Bytes at or above 0x80 and just above the control range are not special.
                let mut text = vec![b'"'];
                text.extend(std::iter::repeat_n(b' ', len));
                text.extend_from_slice("é\u{7f}!\"".as_bytes());
                same(&text);
            }
        }
    }
}
