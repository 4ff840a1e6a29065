//! Value types shared by every generated struct: dates, binary data, free-form values, and the
//! map that keeps keys a schema does not describe.

use std::collections::BTreeMap;
use std::fmt;

/// A plist `<date>`; in JSON it is an RFC 3339 string.
pub type Date = plist::Date;

/// Any plist value (`<any>` keys, unknown keys).
pub type AnyValue = plist::Value;

/// A dictionary whose keys the schema does not describe.
pub type Dictionary = BTreeMap<String, plist::Value>;

/// Keys a schema does not describe, kept as sent and written back unchanged.
pub type UnknownKeys = BTreeMap<String, plist::Value>;

/// A plist `<data>` value. Serialized as bytes (plist `<data>`); from JSON it also accepts an
/// array of byte values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Data(pub Vec<u8>);

impl From<Vec<u8>> for Data {
    fn from(v: Vec<u8>) -> Self {
        Data(v)
    }
}

impl serde::Serialize for Data {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Data {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("binary data")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Data, E> {
                Ok(Data(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Data, E> {
                Ok(Data(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Data, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Data(out))
            }
        }
        deserializer.deserialize_bytes(V)
    }
}

/// A strict conversion met a value the schema does not list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a known value of {type_name}")]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
}

impl UnknownValue {
    pub fn new(type_name: &'static str, value: &str) -> Self {
        UnknownValue { type_name, value: value.to_string() }
    }
}
