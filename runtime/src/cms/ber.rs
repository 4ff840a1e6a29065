//! BER to DER, the part signed profiles need: Apple's and OpenSSL's streaming signers write
//! the outer SignedData with indefinite lengths and the content as a constructed OCTET STRING
//! of chunks. The DER decoder refuses both, so such input is rewritten first: indefinite
//! lengths become definite ones, a constructed OCTET STRING becomes one primitive OCTET STRING.
//! Everything else is copied as it is (signed attributes and certificates are DER already, and
//! their signatures are over those bytes). Nesting is bounded, lengths are checked against the
//! input: a cut-off input is [`CmsError::Truncated`], never a panic.

use super::error::CmsError;

/// Deepest nesting followed (a signed profile nests about 12 levels).
const MAX_DEPTH: usize = 64;

/// The universal OCTET STRING tag, primitive and constructed.
const OCTET_STRING: u8 = 0x04;
const OCTET_STRING_CONSTRUCTED: u8 = 0x24;

/// One TLV's header: tag bytes, where the value starts, and its length (`None`: indefinite).
struct Header {
    tag_end: usize,
    value_start: usize,
    length: Option<usize>,
}

fn header(input: &[u8], at: usize) -> Result<Header, CmsError> {
    let first = *input.get(at).ok_or(CmsError::Truncated)?;
    let mut i = at + 1;
    if first & 0x1f == 0x1f {
        // High tag number: base-128 digits, the last without the top bit.
        loop {
            let b = *input.get(i).ok_or(CmsError::Truncated)?;
            i += 1;
            if b & 0x80 == 0 {
                break;
            }
            if i - at > 6 {
                return Err(CmsError::Malformed("tag number too large".into()));
            }
        }
    }
    let tag_end = i;
    let l = *input.get(i).ok_or(CmsError::Truncated)?;
    i += 1;
    let length = if l == 0x80 {
        if first & 0x20 == 0 {
            return Err(CmsError::Malformed("indefinite length on a primitive value".into()));
        }
        None
    } else if l & 0x80 == 0 {
        Some(usize::from(l))
    } else {
        let n = usize::from(l & 0x7f);
        if n > 4 {
            return Err(CmsError::Malformed("length of more than 4 bytes".into()));
        }
        let bytes = input.get(i..i + n).ok_or(CmsError::Truncated)?;
        i += n;
        Some(bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)))
    };
    if let Some(len) = length {
        if input.len() - i < len {
            return Err(CmsError::Truncated);
        }
    }
    Ok(Header { tag_end, value_start: i, length })
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    out.push(0x80 | (bytes.len() - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// Rewrites the TLV at `at` into `out`; returns where the input's next TLV starts.
fn element(input: &[u8], at: usize, depth: usize, out: &mut Vec<u8>) -> Result<usize, CmsError> {
    if depth > MAX_DEPTH {
        return Err(CmsError::Malformed(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    let h = header(input, at)?;
    let tag = &input[at..h.tag_end];
    let constructed = tag[0] & 0x20 != 0;
    if !constructed {
        // A primitive value: `header` checked its length.
        let end = h.value_start + h.length.unwrap_or(0);
        out.extend_from_slice(tag);
        push_length(out, end - h.value_start);
        out.extend_from_slice(&input[h.value_start..end]);
        return Ok(end);
    }
    // A constructed value: its children, rewritten, then its own header in front.
    let mut children = Vec::new();
    let mut i = h.value_start;
    let end = match h.length {
        Some(len) => {
            let end = h.value_start + len;
            while i < end {
                i = element(&input[..end], i, depth + 1, &mut children)?;
            }
            end
        }
        None => loop {
            match input.get(i..i + 2) {
                Some([0, 0]) => break i + 2,
                Some(_) => i = element(input, i, depth + 1, &mut children)?,
                None => return Err(CmsError::Truncated),
            }
        },
    };
    if tag == [OCTET_STRING_CONSTRUCTED] {
        let content = octet_chunks(&children)?;
        out.push(OCTET_STRING);
        push_length(out, content.len());
        out.extend_from_slice(&content);
    } else {
        out.extend_from_slice(tag);
        push_length(out, children.len());
        out.extend_from_slice(&children);
    }
    Ok(end)
}

/// The bytes of a constructed OCTET STRING's chunks (already rewritten: each a primitive OCTET
/// STRING with a definite length).
fn octet_chunks(children: &[u8]) -> Result<Vec<u8>, CmsError> {
    let mut content = Vec::with_capacity(children.len());
    let mut i = 0;
    while i < children.len() {
        if children[i] != OCTET_STRING {
            return Err(CmsError::Malformed("a constructed OCTET STRING holds something else than OCTET STRINGs".into()));
        }
        let h = header(children, i)?;
        let end = h.value_start + h.length.unwrap_or(0);
        content.extend_from_slice(&children[h.value_start..end]);
        i = end;
    }
    Ok(content)
}

/// `input`'s first TLV in DER form as far as CMS needs it (see the module comment); bytes
/// after it are refused.
pub(crate) fn normalize(input: &[u8]) -> Result<Vec<u8>, CmsError> {
    let mut out = Vec::with_capacity(input.len());
    let end = element(input, 0, 0, &mut out)?;
    if end != input.len() {
        return Err(CmsError::Malformed(format!("{} bytes after the CMS structure", input.len() - end)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_lengths_and_chunked_octet_strings_become_der() {
        // SEQUENCE (indefinite) { [0] (indefinite) { OCTET STRING (constructed) { "ab", "c" } } }
        let ber = [0x30, 0x80, 0xa0, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0, 0, 0, 0, 0, 0];
        let der = normalize(&ber).expect("valid BER");
        assert_eq!(der, [0x30, 0x07, 0xa0, 0x05, 0x04, 0x03, b'a', b'b', b'c']);
    }

    #[test]
    fn der_is_copied_unchanged() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xff];
        assert_eq!(normalize(&der).expect("valid DER"), der);
    }

    #[test]
    fn every_prefix_is_an_error() {
        let ber = [0x30, 0x80, 0xa0, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0, 0, 0, 0, 0, 0];
        for n in 0..ber.len() {
            assert_eq!(normalize(&ber[..n]), Err(CmsError::Truncated), "prefix of {n} bytes");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut ber = Vec::new();
        for _ in 0..200 {
            ber.extend_from_slice(&[0x30, 0x80]);
        }
        assert!(matches!(normalize(&ber), Err(CmsError::Malformed(m)) if m.contains("nested")));
    }
}
