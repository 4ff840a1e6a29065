//! Helpers of lenient decoding (`record.rs`, the dispatch enums and envelopes): a constant tag,
//! the placeholder a plain field holds when the document has no value for it, and decoding
//! from an already-read dictionary.

use serde::de::{Error, MapAccess};

use super::values::{Data, Date, Dictionary, UnknownKeys};

/// Reads the value of a constant key (`RequestType`, `MessageType`, a union's tag) and fails
/// when it is not the expected one.
pub fn expect_tag<'de, A: MapAccess<'de>>(map: &mut A, key: &str, expected: &str) -> Result<(), A::Error> {
    let value: plist::Value = map.next_value()?;
    match value.as_string() {
        Some(v) if v == expected => Ok(()),
        Some(v) => Err(A::Error::custom(format_args!("`{key}` is `{v}`, expected `{expected}`"))),
        None => Err(A::Error::custom(format_args!("`{key}` is {}, expected the string `{expected}`", super::lenient::kind_name(&value)))),
    }
}

/// After the dictionary is read: a constant key the document left out is recorded as missing,
/// so the value is written back without it, as it came.
#[inline]
pub fn tag_seen(seen: bool, key: &'static str, unknown: &mut UnknownKeys) {
    if !seen {
        unknown.record_missing_tag(key);
    }
}

/// The value a plain field holds when the document has none for it: an empty string, zero,
/// `false`, an empty array or dictionary, a struct of placeholders, an enum's `Unknown` of
/// its placeholder. It is never written back while the gap is recorded.
pub trait Placeholder {
    fn placeholder() -> Self;
}

macro_rules! placeholder_default {
    ($($t:ty),*) => { $( impl Placeholder for $t { fn placeholder() -> Self { <$t>::default() } } )* };
}
placeholder_default!(String, bool, i64, f64, Data);

impl Placeholder for Date {
    fn placeholder() -> Self {
        Date::from(std::time::SystemTime::UNIX_EPOCH)
    }
}

impl Placeholder for plist::Value {
    fn placeholder() -> Self {
        plist::Value::String(String::new())
    }
}

impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<T> Placeholder for std::collections::BTreeMap<String, T> {
    fn placeholder() -> Self {
        std::collections::BTreeMap::new()
    }
}

/// Decodes a typed value from an already-read dictionary (union dispatch); `json` when the
/// dictionary was read from JSON (dates and data are strings there).
pub fn from_dictionary<T: serde::de::DeserializeOwned, E: Error>(dict: Dictionary, json: bool) -> Result<T, E> {
    if json {
        decode_json_dictionary(dict).map_err(E::custom)
    } else {
        decode_dictionary(dict).map_err(E::custom)
    }
}

/// Decodes a typed value from a dictionary a dispatch enum or envelope has read, as the
/// format it was read from says: `json` when from JSON (base64 strings are data and RFC 3339
/// strings dates, as [`decode_json_dictionary`] reads them), else as from a plist
/// ([`decode_dictionary`]).
pub fn decode_dictionary_from<T: serde::de::DeserializeOwned>(dict: Dictionary, json: bool) -> Result<T, super::CodecError> {
    super::lenient::with_json_strings(json, || decode_dictionary(dict))
}

/// Decodes a typed value from a dictionary read from a plist, for dispatch enums and envelopes.
/// The error is the decoder's message alone: the caller says where and in which format.
pub fn decode_dictionary<T: serde::de::DeserializeOwned>(dict: Dictionary) -> Result<T, super::CodecError> {
    let dict: plist::Dictionary = dict.into_iter().collect();
    plist::from_value(&plist::Value::Dictionary(dict)).map_err(|e| super::CodecError::Invalid(super::codec::plist_message(&e)))
}

/// Decodes a typed value from a dictionary read from JSON (a DDM declaration's `Payload`, a
/// status item): read again as JSON, so base64 data and RFC 3339 dates are read as such. A
/// dictionary read from a plist works too (data and dates become their JSON text first).
pub fn decode_json_dictionary<T: serde::de::DeserializeOwned>(dict: Dictionary) -> Result<T, super::CodecError> {
    let object: serde_json::Map<String, serde_json::Value> = dict.into_iter().map(|(k, v)| (k, plist_to_json(v))).collect();
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| super::CodecError::Invalid(e.to_string()))
}

/// A plist value as JSON, as DDM carries it: data as base64, dates as RFC 3339, UIDs as their
/// number. A real that JSON cannot hold (NaN, infinity) becomes `null`, which decoding refuses.
pub fn plist_to_json(value: plist::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        plist::Value::Array(items) => J::Array(items.into_iter().map(plist_to_json).collect()),
        plist::Value::Dictionary(d) => J::Object(d.into_iter().map(|(k, v)| (k, plist_to_json(v))).collect()),
        plist::Value::Boolean(b) => J::Bool(b),
        plist::Value::Data(bytes) => J::String(super::values::base64_encode(&bytes)),
        plist::Value::Date(d) => J::String(d.to_xml_format()),
        plist::Value::Real(r) => serde_json::Number::from_f64(r).map_or(J::Null, J::Number),
        plist::Value::Integer(i) => match (i.as_signed(), i.as_unsigned()) {
            (Some(v), _) => J::from(v),
            (None, Some(v)) => J::from(v),
            _ => J::Null,
        },
        plist::Value::String(s) => J::String(s),
        plist::Value::Uid(u) => J::from(u.get()),
        _ => J::Null,
    }
}

/// Decodes a typed value from one plist value.
pub fn decode_value<T: serde::de::DeserializeOwned>(value: &plist::Value) -> Result<T, super::CodecError> {
    plist::from_value(value).map_err(|e| super::CodecError::Invalid(super::codec::plist_message(&e)))
}
