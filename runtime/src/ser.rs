//! Helpers the structs' `Serialize` (`record.rs`) and the envelopes call: a described key is written from its field,
//! or, while the field is unset, as the document sent it (a value that did not fit the field);
//! a plain field or a constant tag whose key the document left out stays out.

use serde::ser::SerializeMap;
use serde::Serialize;

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

/// A described key: its field's value when it has one, unless the field holds a plain field's
/// placeholder for a gap (`holds_placeholder`, asked only then): then, as while the field is
/// unset, the value as sent when one did not fit, and nothing when the key was left out.
pub fn described<M: SerializeMap, V: Serialize + ?Sized>(
    map: &mut M,
    key: &'static str,
    value: Option<&V>,
    holds_placeholder: impl FnOnce() -> bool,
    unknown: &UnknownKeys,
) -> Result<(), M::Error> {
    match (value, unknown.gap(key)) {
        (Some(_), Some(gap)) if holds_placeholder() => match gap {
            Gap::Mismatched(raw) => map.serialize_entry(key, raw),
            Gap::Missing => Ok(()),
        },
        (Some(v), _) => map.serialize_entry(key, v),
        (None, Some(Gap::Mismatched(raw))) => map.serialize_entry(key, raw),
        (None, _) => Ok(()),
    }
}

/// An optional field: written when set, else the value as sent when one did not fit.
#[inline]
pub fn optional<M: SerializeMap, T: Serialize>(map: &mut M, key: &'static str, value: &Option<T>, unknown: &UnknownKeys) -> Result<(), M::Error> {
    described(map, key, value.as_ref(), || false, unknown)
}

/// The keys the schema does not describe, after the struct's own.
#[inline]
pub fn unknown_keys<M: SerializeMap>(map: &mut M, unknown: &UnknownKeys) -> Result<(), M::Error> {
    for (k, v) in unknown {
        map.serialize_entry(k, v)?;
    }
    Ok(())
}
