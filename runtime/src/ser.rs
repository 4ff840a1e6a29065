//! Helpers the generated `Serialize` impls call: a described key is written from its field,
//! or, while the field is unset, as the document sent it (a value that did not fit the field);
//! a plain field or a constant tag whose key the document left out stays out.

use serde::ser::SerializeMap;
use serde::Serialize;

use super::de::Placeholder;
use super::values::{Gap, UnknownKeys};

/// The constant key a type writes itself (`RequestType`, `MessageType`, `PayloadType`, a
/// union's tag): written, unless a value for it is kept in `unknown` (that one is written with
/// the unknown keys, never both) or the document it was decoded from left it out.
#[inline]
pub fn tag<M: SerializeMap>(map: &mut M, key: &'static str, value: &'static str, unknown: &UnknownKeys) -> Result<(), M::Error> {
    if unknown.contains_key(key) || unknown.is_missing(key) {
        return Ok(());
    }
    map.serialize_entry(key, value)
}

/// A plain field: written unless its key was left out or mismatched and the field still holds
/// its placeholder (then the value as sent, if any, is written instead).
#[inline]
pub fn plain<M: SerializeMap, T: Serialize + PartialEq + Placeholder>(
    map: &mut M,
    key: &'static str,
    value: &T,
    unknown: &UnknownKeys,
) -> Result<(), M::Error> {
    if let Some(gap) = unknown.gap(key) {
        if *value == T::placeholder() {
            return match gap {
                Gap::Mismatched(raw) => map.serialize_entry(key, raw),
                Gap::Missing => Ok(()),
            };
        }
    }
    map.serialize_entry(key, value)
}

/// An optional field: written when set, else the value as sent when one did not fit.
#[inline]
pub fn optional<M: SerializeMap, T: Serialize>(map: &mut M, key: &'static str, value: &Option<T>, unknown: &UnknownKeys) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => match unknown.gap(key) {
            Some(Gap::Mismatched(raw)) => map.serialize_entry(key, raw),
            _ => Ok(()),
        },
    }
}

/// The keys the schema does not describe, after the struct's own.
#[inline]
pub fn unknown_keys<M: SerializeMap>(map: &mut M, unknown: &UnknownKeys) -> Result<(), M::Error> {
    for (k, v) in unknown {
        map.serialize_entry(k, v)?;
    }
    Ok(())
}
