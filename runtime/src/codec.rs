//! Encoding and decoding: XML plist, binary plist, JSON (DDM), with one error type.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::decode_path::{failing_path, Failure, Tracked};
use super::limits;

/// Most bytes a document may have before decoding is refused. The other limits, checked
/// before every decode, are in [`super::limits`]: nesting depth and value count.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Why a document could not be decoded or encoded.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// The document could not be decoded: in which format, where (a key path such as
    /// `QueryResponses.OSUpdateSettings`, empty for the document itself) and why.
    #[error("{format}{}: {message}", at(path))]
    Decode { format: Format, path: String, message: String },
    /// A value could not be encoded.
    #[error("cannot encode as {format}: {message}")]
    Encode { format: Format, message: String },
    /// A decoded value does not make sense (a dispatch or envelope rule), without a format.
    #[error("{0}")]
    Invalid(String),
    #[error("document is {size} bytes, more than the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("document nests arrays and dictionaries more than {limit} deep")]
    TooDeep { limit: usize },
    #[error("document holds more than {limit} values")]
    TooMany { limit: usize },
    #[error("binary plist object {object} contains itself (a reference cycle)")]
    Cycle { object: u64 },
    /// A binary plist date before year 0: the plist crate reads it but cannot write it (RFC 3339
    /// has no year below 0) and panics when asked to, so it is refused before decoding.
    #[error("binary plist date object {object} is {seconds} s from 2001-01-01, before year 0 (dates have no form there)")]
    DateOutOfRange { object: u64, seconds: f64 },
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

impl CodecError {
    /// A decode error of `format` at `path`.
    pub fn decode(format: Format, path: &str, message: impl Into<String>) -> Self {
        CodecError::Decode { format, path: path.to_string(), message: message.into() }
    }

    /// Where the error is, for a decode error (`None` for the others).
    pub fn path(&self) -> Option<&str> {
        match self {
            CodecError::Decode { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Whether bytes are a binary plist (they start with `bplist00`) or XML.
pub fn plist_format(bytes: &[u8]) -> Format {
    if limits::is_binary_plist(bytes) {
        Format::BinaryPlist
    } else {
        Format::XmlPlist
    }
}

/// A plist error's text: plist prints a message of ours (a serde custom error) as
/// `Serde("…")`, which is unwrapped here; its other errors are kept as it prints them.
pub(crate) fn plist_message(e: &plist::Error) -> String {
    let text = e.to_string();
    match text.strip_prefix("Serde(\"").and_then(|t| t.strip_suffix("\")")) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => text,
    }
}

/// Decodes an XML or binary plist (binary when it starts with `bplist00`), after checking it
/// against [`Limits::DEFAULT`](super::limits::Limits::DEFAULT). An error names the format and
/// the key path where decoding stopped.
pub fn from_plist<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    limits::check(bytes, Format::XmlPlist)?;
    let format = plist_format(bytes);
    let fast = match format {
        Format::BinaryPlist => plist::from_bytes(bytes),
        // Not `from_bytes`: it would fall back to the ASCII (OpenStep) format.
        _ => plist::from_reader_xml(bytes),
    };
    // The path is found only for a document that fails, by reading it again with the path
    // tracked. Into `plist::Value`, not `T`: decoding into a typed value fails only where the
    // text does (the types keep any value as sent), and reading into one type keeps the
    // compiler from building every generated type a second time for the tracking reader.
    fast.map_err(|first| {
        let tracked = match format {
            Format::BinaryPlist => failing_path(|| plist::from_bytes::<Tracked>(bytes)),
            _ => failing_path(|| plist::from_reader_xml::<_, Tracked>(bytes)),
        };
        match tracked {
            Failure::Text(path, e) => CodecError::decode(format, &path, plist_message(&e)),
            Failure::Null(_) | Failure::None => CodecError::decode(format, "", plist_message(&first)),
        }
    })
}

/// Encodes as an XML plist.
pub fn to_xml<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    plist::to_writer_xml(&mut out, value).map_err(|e| CodecError::Encode { format: Format::XmlPlist, message: e.to_string() })?;
    Ok(out)
}

/// A typed value as a `plist::Value` (what the validator and availability check read).
pub fn to_value<T: Serialize>(value: &T) -> Result<plist::Value, CodecError> {
    plist::to_value(value).map_err(|e| CodecError::Encode { format: Format::XmlPlist, message: plist_message(&e) })
}

/// Encodes as a binary plist.
pub fn to_binary<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    plist::to_writer_binary(&mut out, value).map_err(|e| CodecError::Encode { format: Format::BinaryPlist, message: e.to_string() })?;
    Ok(out)
}

/// Decodes JSON (DDM declarations, status reports, protocol bodies, error bodies).
/// Checked against [`Limits::DEFAULT`](super::limits::Limits::DEFAULT) first.
/// An error names the key path where decoding stopped, and the line and column.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    limits::check(bytes, Format::Json)?;
    serde_json::from_slice(bytes).map_err(|first| {
        // As for plists: the path is where the text fails, read into one type; where the
        // text is sound, the typed decode failed on a null (no plist value), the first one.
        match failing_path(|| serde_json::from_slice::<Tracked>(bytes)) {
            Failure::Text(path, e) => CodecError::decode(Format::Json, &path, e.to_string()),
            Failure::Null(path) if first.to_string().contains("null") => CodecError::decode(Format::Json, &path, first.to_string()),
            Failure::Null(_) | Failure::None => CodecError::decode(Format::Json, "", first.to_string()),
        }
    })
}

/// Encodes as JSON.
pub fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    serde_json::to_vec(value).map_err(|e| CodecError::Encode { format: Format::Json, message: e.to_string() })
}

/// A wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    XmlPlist,
    BinaryPlist,
    Json,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::XmlPlist => "XML plist",
            Format::BinaryPlist => "binary plist",
            Format::Json => "JSON",
        })
    }
}

/// Decodes bytes of the given format.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], format: Format) -> Result<T, CodecError> {
    match format {
        Format::XmlPlist | Format::BinaryPlist => from_plist(bytes),
        Format::Json => from_json(bytes),
    }
}

/// Encodes in the given format.
pub fn encode<T: Serialize>(value: &T, format: Format) -> Result<Vec<u8>, CodecError> {
    match format {
        Format::XmlPlist => to_xml(value),
        Format::BinaryPlist => to_binary(value),
        Format::Json => to_json(value),
    }
}

/// A type-erased decode-then-encode through one Rust type, for the registry.
pub type Roundtrip = fn(&[u8], Format) -> Result<Vec<u8>, CodecError>;

/// Decodes `bytes` into `T` and encodes it back in the same format; what `T` does not keep is
/// lost, so a round trip that returns its input proves the type loses nothing.
pub fn roundtrip<T: Serialize + DeserializeOwned>(bytes: &[u8], format: Format) -> Result<Vec<u8>, CodecError> {
    let typed: T = decode(bytes, format)?;
    encode(&typed, format)
}
