//! Helpers the generated `Deserialize` impls call.

use serde::de::{Error, MapAccess};

/// Reads the value of a constant key (`RequestType`, `MessageType`, a union's tag) and fails
/// when it is not the expected one.
pub fn expect_tag<'de, A: MapAccess<'de>>(map: &mut A, key: &str, expected: &str) -> Result<(), A::Error> {
    let value: String = map.next_value()?;
    if value == expected {
        Ok(())
    } else {
        Err(A::Error::custom(format_args!("`{key}` is `{value}`, expected `{expected}`")))
    }
}

/// Decodes a typed value from an already-read dictionary (union dispatch).
pub fn from_dictionary<T: serde::de::DeserializeOwned, E: Error>(dict: super::Dictionary) -> Result<T, E> {
    let dict: plist::Dictionary = dict.into_iter().collect();
    plist::from_value(&plist::Value::Dictionary(dict)).map_err(E::custom)
}

/// Decodes a typed value from a dictionary, for dispatch enums and envelopes.
pub fn decode_dictionary<T: serde::de::DeserializeOwned>(dict: super::Dictionary) -> Result<T, super::CodecError> {
    let dict: plist::Dictionary = dict.into_iter().collect();
    Ok(plist::from_value(&plist::Value::Dictionary(dict))?)
}
