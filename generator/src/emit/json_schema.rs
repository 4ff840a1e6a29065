//! JSON Schema (draft 2020-12) for every schema file, written beside the generated Rust so that
//! editors and other languages can validate documents too.
//!
//! Mapping: `<dictionary>` → `object` with `properties`/`required` (other keys allowed: Apple's
//! devices and newer OS releases add keys, our validator only warns about them); `ANY` keys →
//! `additionalProperties`; `<array>` → `array` with `items`, `minItems`/`maxItems` from
//! `repetition`; `rangelist` → `enum`; `range` → `minimum`/`maximum` (both on one number key:
//! `anyOf` the two, as the list then holds special values outside the range); `format` → `pattern`;
//! `valuetype` → `format`; `<date>` and `<data>` → `string` (as they appear once a plist is
//! written as JSON); a tagged-union array → `oneOf` over its alternatives; a recursive list →
//! an entry of `$defs` and a `$ref`.
//! Rules JSON Schema cannot express (availability, `combinetype`) are left to the Rust validator.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value as Json};

use crate::load::NodeId;
use crate::model::{Key, KeyList, KeyType, SchemaFile, Subkeys, Value};

fn value_json(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.clone()),
        Value::Integer(i) => json!(i),
        Value::Real(r) => json!(r),
        Value::Boolean(b) => json!(b),
    }
}

/// JSON Schema `format` for Apple's `valuetype`/`subtype`, where one exists.
fn format_for(valuetype: &str) -> Option<&'static str> {
    Some(match valuetype {
        "url" => "uri",
        "email" => "email",
        "hostname" => "hostname",
        "uuid" => "uuid",
        "regex" => "regex",
        "timestamp" => "date-time",
        _ => return None,
    })
}

/// Ids of every list that a recursive reference points at (they become `$defs`).
fn recursive_targets(list: &KeyList, out: &mut BTreeSet<NodeId>) {
    for k in &list.keys {
        match &k.subkeys {
            Subkeys::Recursive(id) => {
                out.insert(*id);
            }
            Subkeys::List(l) => recursive_targets(l, out),
            Subkeys::None => {}
        }
    }
}

struct Writer<'a> {
    targets: &'a BTreeSet<NodeId>,
    defs: Map<String, Json>,
}

impl Writer<'_> {
    fn def_name(id: NodeId) -> String {
        format!("list{id}")
    }

    /// Schema of an object whose keys are `list` (plus an optional constant tag key).
    /// JSON Schema has no conditions on the device, so a key is `required` only when it is
    /// required everywhere the object exists (see `Key::is_required_everywhere`).
    fn object(&mut self, list: &KeyList, tag: Option<(&str, &str)>) -> Json {
        let mut props = Map::new();
        let mut required = Vec::new();
        let mut additional: Option<Json> = None;
        if let Some((k, v)) = tag {
            props.insert(k.to_string(), json!({ "const": v }));
            required.push(Json::String(k.to_string()));
        }
        for key in &list.keys {
            if tag.is_some_and(|(k, _)| k == key.name) {
                continue; // check-in schemas list `MessageType` themselves; the constant wins
            }
            if key.is_any() {
                additional = Some(self.key_schema(key));
                continue;
            }
            props.insert(key.name.clone(), self.key_schema(key));
            if key.is_required_everywhere() {
                required.push(Json::String(key.name.clone()));
            }
        }
        let mut o = Map::new();
        o.insert("type".into(), json!("object"));
        o.insert("properties".into(), Json::Object(props));
        if !required.is_empty() {
            o.insert("required".into(), Json::Array(required));
        }
        if let Some(a) = additional {
            o.insert("additionalProperties".into(), a);
        }
        Json::Object(o)
    }

    /// Schema of the value a list describes when it is a key's subkeys: for a dictionary the
    /// object, for an array the item.
    fn list_value(&mut self, owner: &Key, list: &KeyList) -> Json {
        let schema = match owner.ty {
            KeyType::Array => match list.keys.first() {
                Some(item) => self.key_schema(item),
                None => json!({}),
            },
            _ => self.object(list, None),
        };
        if self.targets.contains(&list.id) {
            let name = Self::def_name(list.id);
            self.defs.insert(name.clone(), schema);
            json!({ "$ref": format!("#/$defs/{name}") })
        } else {
            schema
        }
    }

    fn key_schema(&mut self, key: &Key) -> Json {
        let mut o = Map::new();
        let ty = match key.ty {
            KeyType::String | KeyType::Date | KeyType::Data => Some("string"),
            KeyType::Integer => Some("integer"),
            KeyType::Real => Some("number"),
            KeyType::Boolean => Some("boolean"),
            KeyType::Array => Some("array"),
            KeyType::Dictionary => Some("object"),
            KeyType::Any => None,
        };
        if let Some(t) = ty {
            o.insert("type".into(), json!(t));
        }
        if let Some(t) = &key.title {
            o.insert("title".into(), json!(t));
        }
        let listed = (!key.rangelist.is_empty() && matches!(key.ty, KeyType::String | KeyType::Integer | KeyType::Real))
            .then(|| json!({ "enum": key.rangelist.iter().map(value_json).collect::<Vec<_>>() }));
        let mut bounds = Map::new();
        if let Some(r) = &key.range {
            if let Some(min) = r.min {
                bounds.insert("minimum".into(), json!(min));
            }
            if let Some(max) = r.max {
                bounds.insert("maximum".into(), json!(max));
            }
        }
        match listed {
            // A `rangelist` beside a `range` lists special values outside it
            // (`com.apple.MCX(EnergySaver)`: `[0]` = never, else 1 ..= 180 minutes): either holds.
            Some(list) if !bounds.is_empty() && matches!(key.ty, KeyType::Integer | KeyType::Real) => {
                o.insert("anyOf".into(), json!([list, Json::Object(bounds)]));
            }
            Some(Json::Object(list)) => {
                o.extend(list);
                o.extend(bounds);
            }
            _ => o.extend(bounds),
        }
        if let (Some(f), KeyType::String) = (&key.format, key.ty) {
            o.insert("pattern".into(), json!(f));
        }
        if let (Some(f), KeyType::String) = (key.valuetype.as_deref().and_then(format_for), key.ty) {
            o.insert("format".into(), json!(f));
        }
        if key.ty == KeyType::Date {
            o.insert("format".into(), json!("date-time"));
        }
        match (&key.ty, &key.subkeys) {
            (KeyType::Array, _) if key.union_tag().is_some() => {
                // Each alternative's tag key has a single allowed value, so `oneOf` discriminates.
                let alts: Vec<Json> = key
                    .children()
                    .iter()
                    .filter_map(|alt| match &alt.subkeys {
                        Subkeys::List(l) => Some(self.object(l, None)),
                        _ => None,
                    })
                    .collect();
                o.insert("items".into(), json!({ "oneOf": alts }));
            }
            (KeyType::Array, Subkeys::List(l)) => {
                let items = self.list_value(key, l);
                o.insert("items".into(), items);
            }
            // The target list's `$defs` entry is the array's item or the dictionary's object.
            (KeyType::Array, Subkeys::Recursive(id)) => {
                o.insert("items".into(), json!({ "$ref": format!("#/$defs/{}", Self::def_name(*id)) }));
            }
            (KeyType::Dictionary, Subkeys::Recursive(id)) => {
                o.insert("$ref".into(), json!(format!("#/$defs/{}", Self::def_name(*id))));
            }
            (KeyType::Dictionary, Subkeys::List(l)) => {
                if let Json::Object(obj) = self.list_value(key, l) {
                    for (k, v) in obj {
                        o.insert(k, v);
                    }
                }
            }
            _ => {}
        }
        // Apple writes `repetition` on an array's item key; it bounds the array's length.
        let repetition = key.repetition.or_else(|| if key.union_tag().is_none() { key.children().first().and_then(|i| i.repetition) } else { None });
        if let Some(rep) = &repetition {
            if key.ty == KeyType::Array {
                o.insert("minItems".into(), json!(rep.min));
                if rep.max != u64::MAX {
                    o.insert("maxItems".into(), json!(rep.max));
                }
            }
        }
        Json::Object(o)
    }
}

/// The tag a document of this schema carries (`RequestType`/`MessageType`), if any.
fn tag_of(file: &SchemaFile) -> Option<(&'static str, &str)> {
    match file.category {
        crate::model::Category::Commands => file.payload.requesttype.as_deref().map(|r| ("RequestType", r)),
        crate::model::Category::Checkin => file.payload.requesttype.as_deref().map(|r| ("MessageType", r)),
        _ => None,
    }
}

/// The JSON Schema of one file's payload keys (and, for a command, of its response in `$defs`).
pub fn file_schema(file: &SchemaFile) -> Json {
    let empty = KeyList { id: usize::MAX, keys: Vec::new() };
    let keys = file.payload_keys.as_ref().unwrap_or(&empty);
    let mut targets = BTreeSet::new();
    recursive_targets(keys, &mut targets);
    if let Some(r) = &file.response_keys {
        recursive_targets(r, &mut targets);
    }
    let mut w = Writer { targets: &targets, defs: Map::new() };
    let mut root = match w.object(keys, tag_of(file)) {
        Json::Object(o) => o,
        _ => Map::new(),
    };
    if let Some(r) = &file.response_keys {
        let resp = w.object(r, None);
        w.defs.insert("response".into(), resp);
    }
    let mut out = Map::new();
    out.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    out.insert("$id".into(), json!(format!("https://github.com/apple/device-management/{}", file.path)));
    out.insert("title".into(), json!(file.title));
    if let Some(d) = &file.description {
        out.insert("description".into(), json!(d));
    }
    out.append(&mut root);
    if !w.defs.is_empty() {
        out.insert("$defs".into(), Json::Object(w.defs));
    }
    Json::Object(out)
}
