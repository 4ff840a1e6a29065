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

/// What a document sent that its type has no field for, kept so that nothing is lost:
///
/// - keys the schema does not describe, with their values (this map: `Deref`s to a
///   [`Dictionary`]), written back after the struct's own keys;
/// - for keys the schema does describe, a value that does not fit the field (an integer where
///   the schema says `<boolean>`, a date where it says `<string>`): the field is `None` (or, for
///   a plain field, a placeholder) and the value is kept here as sent ([`UnknownKeys::mismatched`]);
/// - a key a plain field stands for that the document left out: the field holds a placeholder,
///   and the key stays out when the value is written again ([`UnknownKeys::is_missing`]).
///
/// A value kept for a described key is written in the field's place as long as the field is not
/// set (an `Option` field still `None`, a plain field still its placeholder); setting the field
/// replaces it. The validator reports every one of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnknownKeys {
    keys: Dictionary,
    /// Each gap, and whether a plain field holds a placeholder for it.
    gaps: BTreeMap<&'static str, (Gap, bool)>,
}

/// How a described key failed to fill its field.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// The document left the key out. Recorded for plain, always-required fields, and for the
    /// constant key a type writes itself (`RequestType`, `MessageType`, a payload's
    /// `PayloadType`): a value decoded without it is written back without it, as sent (insert
    /// the key into `unknown` to write it).
    Missing,
    /// The document sent a value of another type than the field's, kept here as sent.
    Mismatched(plist::Value),
}

impl UnknownKeys {
    /// An empty set (allocates nothing).
    pub const fn new() -> Self {
        UnknownKeys { keys: BTreeMap::new(), gaps: BTreeMap::new() }
    }

    /// The value sent under a described key that did not fit its field.
    pub fn mismatched(&self, key: &str) -> Option<&plist::Value> {
        match self.gaps.get(key) {
            Some((Gap::Mismatched(v), _)) => Some(v),
            _ => None,
        }
    }

    /// Whether the document left out the key a plain field stands for (the field then holds a
    /// placeholder: an empty string, zero, `false` …).
    pub fn is_missing(&self, key: &str) -> bool {
        matches!(self.gaps.get(key), Some((Gap::Missing, _)))
    }

    /// The keys of plain (always-required) fields that hold a placeholder because the
    /// document did not give them a usable value: it left the key out, or sent a value of
    /// another type (kept, see [`mismatched`](Self::mismatched)). In key order.
    ///
    /// Decoding is lenient, so a message without a required key still decodes; this is how a
    /// server refuses an incomplete one (a `TokenUpdate` without a usable `Token`):
    ///
    /// ```
    /// use apple_device_management::checkin::tokenupdate::TokenUpdate;
    /// use apple_device_management::runtime::codec;
    ///
    /// let xml = br#"<plist version="1.0"><dict><key>MessageType</key><string>TokenUpdate</string>
    ///     <key>UDID</key><string>U1</string><key>Topic</key><string>com.apple.mgmt.x</string>
    ///     <key>Token</key><string>not data</string></dict></plist>"#;
    /// let m: TokenUpdate = codec::from_plist(xml).unwrap();
    /// assert_eq!(m.unknown.missing().collect::<Vec<_>>(), ["PushMagic", "Token"]);
    /// ```
    ///
    /// An optional field's mismatched value is not here (the field is `None`, not a
    /// placeholder): see [`gaps`](Self::gaps).
    pub fn missing(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.gaps.iter().filter(|(_, (_, placeholder))| *placeholder).map(|(k, _)| *k)
    }

    /// Every described key that did not fill its field, with how.
    pub fn gaps(&self) -> impl Iterator<Item = (&'static str, &Gap)> + '_ {
        self.gaps.iter().map(|(k, (g, _))| (*k, g))
    }

    /// Whether nothing at all is kept: no unknown key and no gap.
    pub fn is_clean(&self) -> bool {
        self.keys.is_empty() && self.gaps.is_empty()
    }

    /// The gap recorded for a described key (for the generated code).
    #[doc(hidden)]
    #[inline]
    pub fn gap(&self, key: &str) -> Option<&Gap> {
        if self.gaps.is_empty() {
            None
        } else {
            self.gaps.get(key).map(|(g, _)| g)
        }
    }

    /// Records a value that did not fit the field of `key` (for the generated code).
    #[doc(hidden)]
    pub fn record_mismatch(&mut self, key: &'static str, value: plist::Value) {
        self.gaps.insert(key, (Gap::Mismatched(value), false));
    }

    /// Records that a plain field holds a placeholder ([`missing`](Self::missing)): its key was
    /// left out, or its value did not fit and was kept (for the generated code).
    #[doc(hidden)]
    pub fn record_missing(&mut self, key: &'static str) {
        self.gaps.entry(key).and_modify(|(_, placeholder)| *placeholder = true).or_insert((Gap::Missing, true));
    }

    /// Forgets the gap of `key`, if any: the document named the key again with a value that
    /// fits (for the generated code).
    #[doc(hidden)]
    #[inline]
    pub fn clear_gap(&mut self, key: &str) {
        if !self.gaps.is_empty() {
            self.gaps.remove(key);
        }
    }

    /// Records that the document left out the constant key its type writes itself, so that it
    /// is not written back (for the generated code). No field holds a placeholder for it.
    #[doc(hidden)]
    pub fn record_missing_tag(&mut self, key: &'static str) {
        self.gaps.insert(key, (Gap::Missing, false));
    }

    /// The unknown keys as a dictionary (gaps dropped).
    pub fn into_dictionary(self) -> Dictionary {
        self.keys
    }
}

impl std::ops::Deref for UnknownKeys {
    type Target = Dictionary;
    fn deref(&self) -> &Dictionary {
        &self.keys
    }
}

impl std::ops::DerefMut for UnknownKeys {
    fn deref_mut(&mut self) -> &mut Dictionary {
        &mut self.keys
    }
}

impl From<Dictionary> for UnknownKeys {
    fn from(keys: Dictionary) -> Self {
        UnknownKeys { keys, gaps: BTreeMap::new() }
    }
}

impl FromIterator<(String, plist::Value)> for UnknownKeys {
    fn from_iter<I: IntoIterator<Item = (String, plist::Value)>>(iter: I) -> Self {
        UnknownKeys::from(iter.into_iter().collect::<Dictionary>())
    }
}

impl<'a> IntoIterator for &'a UnknownKeys {
    type Item = (&'a String, &'a plist::Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, plist::Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter()
    }
}

/// A plist `<data>` value: plist `<data>` in XML and binary plists; in JSON (DDM) a base64
/// string, as Apple's DDM documents carry data. From JSON it also accepts an array of byte values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Data(pub Vec<u8>);

impl From<Vec<u8>> for Data {
    fn from(v: Vec<u8>) -> Self {
        Data(v)
    }
}

impl serde::Serialize for Data {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // plist and serde_json both call themselves human-readable, so `is_human_readable()`
        // cannot tell JSON (base64 text) from a plist (`<data>`); the serializer's type can.
        if super::record::writes_json::<S>() {
            serializer.serialize_str(&base64_encode(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Data {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Data;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("binary data or a base64 string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Data, E> {
                Ok(Data(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Data, E> {
                Ok(Data(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Data, E> {
                base64_decode(v).map(Data).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Data, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Data(out))
            }
        }
        // `deserialize_any`, not `deserialize_bytes`: serde_json hands a string to
        // `deserialize_bytes` as its raw UTF-8, which would keep the base64 text undecoded.
        deserializer.deserialize_any(V)
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 section 4): how JSON carries a [`Data`] value.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { char::from(BASE64[(n >> (18 - 6 * i)) as usize & 63]) } else { '=' });
        }
    }
    out
}

/// Standard base64; white space is skipped and padding is optional. `None` when invalid
/// (a character outside the alphabet, or left-over bits that are not zero padding).
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches(|c: char| c == '=' || c.is_ascii_whitespace());
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in body.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = BASE64.iter().position(|&b| b == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Left-over bits must be zero padding of a 2- or 3-character final group.
    (bits < 6 && acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for (bytes, text) in [(&b""[..], ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"foob", "Zm9vYg=="), (&[0xde, 0xad, 0xbe, 0xef], "3q2+7w==")]
        {
            assert_eq!(base64_encode(bytes), text);
            assert_eq!(base64_decode(text).as_deref(), Some(bytes));
        }
        assert_eq!(base64_decode("Zm9v\nYg").as_deref(), Some(&b"foob"[..]), "white space and missing padding");
        assert_eq!(base64_decode("Zm9v!"), None);
        assert_eq!(base64_decode("Zh=="), None, "non-zero padding bits");
    }

    #[test]
    fn data_is_base64_in_json_and_data_in_plists() {
        let data = Data(vec![0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(serde_json::to_string(&data).unwrap(), r#""3q2+7w==""#);
        assert_eq!(serde_json::to_value(&data).unwrap(), serde_json::json!("3q2+7w=="));
        assert_eq!(serde_json::from_str::<Data>(r#""3q2+7w==""#).unwrap(), data);
        assert_eq!(serde_json::from_str::<Data>("[222, 173, 190, 239]").unwrap(), data);
        assert!(serde_json::from_str::<Data>(r#""not base64!""#).is_err());

        let mut xml = Vec::new();
        plist::to_writer_xml(&mut xml, &data).unwrap();
        assert_eq!(plist::Value::from_reader_xml(&xml[..]).unwrap(), plist::Value::Data(data.0.clone()), "written as <data>");
        assert_eq!(plist::from_bytes::<Data>(&xml).unwrap(), data);
        assert_eq!(plist::to_value(&data).unwrap(), plist::Value::Data(data.0.clone()));
        assert_eq!(plist::from_value::<Data>(&plist::Value::Data(data.0.clone())).unwrap(), data);
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
