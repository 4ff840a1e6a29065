//! Reading a file as a document: binary plist, XML plist, JSON, or a signed profile (CMS
//! SignedData around an XML or binary plist), told apart by content, never by extension.

use std::path::Path;

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Plist(plist::Value),
    Json(serde_json::Value),
}

/// Why a file could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("file is {size} bytes, more than the limit of {limit}")]
    TooLarge { size: u64, limit: u64 },
    #[error("standard input is more than the limit of {limit} bytes")]
    StdinTooLarge { limit: u64 },
    #[error("not a valid plist: {0}")]
    Plist(String),
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("signed profile: no embedded plist found (a detached signature, or encrypted content); validate the unsigned profile instead")]
    SignedWithoutContent,
    #[error("not a plist, JSON document or signed profile")]
    Unrecognised,
}

/// Largest file `dm` reads.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A document and how it was found (`signed profile`, for the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub document: Document,
    pub signed: bool,
    /// The document's text, for an XML plist or JSON document in UTF-8 (findings are located in
    /// it); `None` for a binary plist or a signed profile.
    pub text: Option<String>,
    /// A signed profile's bytes (CMS), for `dm validate --trust` to verify.
    pub signed_bytes: Option<Vec<u8>>,
}

fn text_of(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).ok().map(str::to_string)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The plist a CMS SignedData carries as its content: the XML text between `<?xml` and
/// `</plist>`, or a binary plist starting at `bplist00`.
fn signed_content(bytes: &[u8]) -> Option<&[u8]> {
    if let (Some(start), Some(end)) = (find(bytes, b"<?xml"), find(bytes, b"</plist>")) {
        if end > start {
            return Some(&bytes[start..end + b"</plist>".len()]);
        }
    }
    find(bytes, b"bplist00").map(|start| &bytes[start..])
}

/// A decode error's text without its format (the caller names it).
fn decode_message(e: apple_device_management::runtime::CodecError) -> String {
    use apple_device_management::runtime::CodecError;
    match e {
        CodecError::Decode { path, message, .. } if path.is_empty() => message,
        CodecError::Decode { path, message, .. } => format!("at `{path}`: {message}"),
        other => other.to_string(),
    }
}

fn parse_plist(bytes: &[u8]) -> Result<plist::Value, InputError> {
    apple_device_management::runtime::codec::from_plist::<plist::Value>(bytes).map_err(|e| InputError::Plist(decode_message(e)))
}

/// Parses bytes as a document.
pub fn parse(bytes: &[u8]) -> Result<Read, InputError> {
    let trimmed = bytes.iter().position(|b| !b.is_ascii_whitespace()).map_or(&bytes[..0], |i| &bytes[i..]);
    if trimmed.starts_with(b"bplist") || trimmed.starts_with(b"<?xml") || trimmed.starts_with(b"<plist") || trimmed.starts_with(b"<!DOCTYPE") {
        let text = if trimmed.starts_with(b"bplist") { None } else { text_of(bytes) };
        return Ok(Read { document: Document::Plist(parse_plist(trimmed)?), signed: false, text, signed_bytes: None });
    }
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        let v = apple_device_management::runtime::codec::from_json::<serde_json::Value>(trimmed).map_err(|e| InputError::Json(decode_message(e)))?;
        return Ok(Read { document: Document::Json(v), signed: false, text: text_of(bytes), signed_bytes: None });
    }
    // DER SEQUENCE: a CMS SignedData (a signed .mobileconfig). Its content as CMS reads it
    // (chunked content too), else the plist found in its bytes.
    if trimmed.first() == Some(&0x30) {
        let unsigned = apple_device_management::runtime::cms::unsign(trimmed).ok();
        let content = match &unsigned {
            Some(content) => Some(content.as_slice()),
            None => signed_content(trimmed),
        };
        return match content {
            Some(content) => Ok(Read { document: Document::Plist(parse_plist(content)?), signed: true, text: None, signed_bytes: Some(trimmed.to_vec()) }),
            None => Err(InputError::SignedWithoutContent),
        };
    }
    Err(InputError::Unrecognised)
}

/// Reads and parses one file.
pub fn read(path: &Path) -> Result<Read, InputError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { size, limit: MAX_FILE_BYTES });
    }
    parse(&std::fs::read(path)?)
}

/// Reads and parses standard input (`dm validate -`).
pub fn read_stdin() -> Result<Read, InputError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::StdinTooLarge { limit: MAX_FILE_BYTES });
    }
    parse(&bytes)
}

/// The path that names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Every file to validate: named files as given (`-` is standard input), folders walked
/// recursively for `.mobileconfig`, `.plist`, `.json` and `.xml` files, sorted.
pub fn collect(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            out.push(dir.to_path_buf()); // reported as unreadable
            return;
        };
        let mut found: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        found.sort();
        for p in found {
            if p.is_dir() {
                walk(&p, out);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "mobileconfig" | "plist" | "json" | "xml"))
            {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}
