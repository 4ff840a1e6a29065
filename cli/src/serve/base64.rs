//! Standard base64 (RFC 4648, padding optional, whitespace ignored): how the page sends a file
//! that is not UTF-8 text (a binary plist, a signed profile) inside the JSON request.

/// Not base64.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid base64 (at character {at})")]
pub struct BadBase64 {
    pub at: usize,
}

fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `text`.
pub fn decode(text: &str) -> Result<Vec<u8>, BadBase64> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = false;
    for (at, c) in text.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding = true;
            continue;
        }
        let v = match value(c) {
            Some(v) if !padding => v,
            _ => return Err(BadBase64 { at }),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // One character alone cannot make a byte.
    if bits >= 6 {
        return Err(BadBase64 { at: text.len() });
    }
    Ok(out)
}
