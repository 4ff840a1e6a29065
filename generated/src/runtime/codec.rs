//! Encoding and decoding: XML plist, binary plist, JSON (DDM), with one error type.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::limits;

/// Most bytes a document may have before decoding is refused. The other limits, checked
/// before every decode, are in [`super::limits`]: nesting depth and value count.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Why a document could not be decoded or encoded.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("plist: {0}")]
    Plist(#[from] plist::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
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

/// Decodes an XML or binary plist (binary when it starts with `bplist00`), after checking it
/// against [`Limits::DEFAULT`](super::limits::Limits::DEFAULT).
pub fn from_plist<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    limits::check(bytes, Format::XmlPlist)?;
    if limits::is_binary_plist(bytes) {
        Ok(plist::from_bytes(bytes)?)
    } else {
        // Not `from_bytes`: it would fall back to the ASCII (OpenStep) format.
        Ok(plist::from_reader_xml(bytes)?)
    }
}

/// Encodes as an XML plist.
pub fn to_xml<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    plist::to_writer_xml(&mut out, value)?;
    Ok(out)
}

/// Encodes as a binary plist.
pub fn to_binary<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    plist::to_writer_binary(&mut out, value)?;
    Ok(out)
}

/// Decodes JSON (DDM declarations, status reports, protocol bodies, error bodies).
/// Checked against [`Limits::DEFAULT`](super::limits::Limits::DEFAULT) first.
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    limits::check(bytes, Format::Json)?;
    Ok(serde_json::from_slice(bytes)?)
}

/// Encodes as JSON.
pub fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    Ok(serde_json::to_vec(value)?)
}

/// A wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    XmlPlist,
    BinaryPlist,
    Json,
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
