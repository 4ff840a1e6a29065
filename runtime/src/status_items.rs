//! A DDM status report's `StatusItems` in their wire shape: status item types are dotted
//! names (`device.identifier.serial-number`), and the report nests them by segment
//! (`{"device": {"identifier": {"serial-number": "…"}}}`).
//!
//! [`StatusItems`] keeps the tree as the device sent it (so it is written back unchanged) and
//! reads an item by its type: [`StatusItems::get`] decodes it into its generated status item
//! type, [`StatusItems::raw`] gives the value as sent, [`StatusItems::items`] lists every item
//! the report carries, known to the schemas or not.

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::de::Placeholder;
use super::lenient::{self, Lenient, Read};
use super::{CodecError, Dictionary, Registry, StatusItem};

/// One item of a report: its type (dotted), its value as sent, and whether the schemas know it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusItemEntry<'a> {
    pub item: String,
    pub value: &'a plist::Value,
    pub known: bool,
}

/// `StatusItems` of a status report, kept as sent, read by status item type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusItems(pub Dictionary);

impl StatusItems {
    /// The value of an item as sent (`device.identifier.serial-number`), found by walking its
    /// segments; a type whose name holds no dot is a top-level key.
    pub fn raw(&self, item: &str) -> Option<&plist::Value> {
        let mut segments = item.split('.');
        let first = segments.next()?;
        let mut value = self.0.get(first)?;
        for segment in segments {
            value = value.as_dictionary()?.get(segment)?;
        }
        Some(value)
    }

    /// The item of type `T`, decoded into it; `Ok(None)` when the report does not carry it.
    pub fn get<T: StatusItem>(&self) -> Result<Option<T>, CodecError> {
        let Some(value) = self.raw(T::STATUS_ITEM) else { return Ok(None) };
        let mut one = Dictionary::new();
        one.insert(T::STATUS_ITEM.to_string(), value.clone());
        super::de::decode_json_dictionary(one).map(Some)
    }

    /// Sets the item of type `T`, creating the branches on its way.
    pub fn set<T: StatusItem>(&mut self, item: &T) -> Result<(), CodecError> {
        let value = match super::codec::to_value(item)? {
            plist::Value::Dictionary(mut d) => d.remove(T::STATUS_ITEM).unwrap_or(plist::Value::Dictionary(plist::Dictionary::new())),
            other => other,
        };
        self.insert_raw(T::STATUS_ITEM, value);
        Ok(())
    }

    /// Sets an item's value as it is to be sent, creating the branches on its way (a value in
    /// the way that is not a dictionary is replaced by one).
    pub fn insert_raw(&mut self, item: &str, value: plist::Value) {
        fn insert(dict: &mut plist::Dictionary, segments: &[&str], value: plist::Value) {
            match segments {
                [] => {}
                [last] => {
                    dict.insert(last.to_string(), value);
                }
                [first, rest @ ..] => {
                    if dict.get(first).is_none_or(|v| v.as_dictionary().is_none()) {
                        dict.insert(first.to_string(), plist::Value::Dictionary(plist::Dictionary::new()));
                    }
                    if let Some(inner) = dict.get_mut(first).and_then(plist::Value::as_dictionary_mut) {
                        insert(inner, rest, value);
                    }
                }
            }
        }
        let segments: Vec<&str> = item.split('.').collect();
        match segments.as_slice() {
            [] => {}
            [only] => {
                self.0.insert(only.to_string(), value);
            }
            [first, rest @ ..] => {
                let slot = self.0.entry(first.to_string()).or_insert_with(|| plist::Value::Dictionary(plist::Dictionary::new()));
                if slot.as_dictionary().is_none() {
                    *slot = plist::Value::Dictionary(plist::Dictionary::new());
                }
                if let Some(inner) = slot.as_dictionary_mut() {
                    insert(inner, rest, value);
                }
            }
        }
    }

    /// Every item the report carries, in the tree's order: a known type where one is found,
    /// else each leaf (a value that is not a dictionary, or an empty one) as an unknown item.
    /// Whether a type is known is the `registry`'s answer (`apple_device_management::registry()`).
    pub fn items(&self, registry: &Registry) -> Vec<StatusItemEntry<'_>> {
        let is_known = |item: &str| registry.is_status_item(item);
        fn walk<'a>(dict: impl Iterator<Item = (&'a String, &'a plist::Value)>, at: &str, is_known: &dyn Fn(&str) -> bool, out: &mut Vec<StatusItemEntry<'a>>) {
            for (name, value) in dict {
                let item = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
                match value.as_dictionary() {
                    Some(inner) if !is_known(&item) && !inner.is_empty() => walk(inner.iter(), &item, is_known, out),
                    _ => out.push(StatusItemEntry { known: is_known(&item), item, value }),
                }
            }
        }
        let mut found = Vec::new();
        walk(self.0.iter(), "", &is_known, &mut found);
        found
    }
}

impl Serialize for StatusItems {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StatusItems {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient::deserialize(deserializer)
    }
}

impl Lenient for StatusItems {
    const EXPECTING: &'static str = "a dictionary of status items";
    fn from_map<'de, A: MapAccess<'de>>(map: A, _json: bool) -> Result<Read<Self>, A::Error> {
        lenient::raw_dictionary(map).map(|d| Ok(StatusItems(d)))
    }
}

impl Placeholder for StatusItems {
    fn placeholder() -> Self {
        StatusItems::default()
    }
}

impl super::record::Value for StatusItems {}
