//! Schema lint: the faults of a tree that the root schema cannot express, found on the model
//! so they join the load errors of the same run.
//!
//! - a `rangelist` value or a `default` that the key's type cannot hold (`<integer>` with
//!   `rangelist: [low, high]`, `<boolean>` with `default: 'yes'`);
//! - a `format` the regex engine refuses: the generated crate validates with the same `regex`
//!   crate, so such a pattern would make every document validated against it fail for the
//!   schema's own fault;
//! - a key named twice in one key list (the second would shadow the first in every struct);
//! - two files of one category with the same wire identifier (dispatch would have to pick one).
//!
//! Each is an error, except where Apple's published data has it and generation can go on:
//! then it is a [`Warning`] (see [`APPLE_DATA`]).

use std::collections::BTreeMap;

use crate::error::{LoadError, LoadErrorKind, ValueSite, Warning};
use crate::model::{Category, Key, KeyList, KeyType, SchemaFile, Subkeys, Value};

/// What the lint found: errors stop generation, warnings are reported.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Findings {
    pub errors: Vec<LoadError>,
    pub warnings: Vec<Warning>,
}

/// Lint names used as warning kinds.
pub const RANGELIST_TYPE: &str = "rangelist-type";
pub const DEFAULT_TYPE: &str = "default-type";
pub const BAD_REGEX: &str = "bad-regex";
pub const DUPLICATE_KEY: &str = "duplicate-key";
pub const DUPLICATE_WIRE_ID: &str = "duplicate-wire-id";

/// Faults that Apple's published trees have, which are warnings so those trees still
/// generate; every other fault is an error. Profiles share a `PayloadType` across files by
/// design (`com.apple.MCX` is split over six files): the dispatch enum takes the file named
/// after the payload type, so generation is well defined.
pub const APPLE_DATA: &[(&str, Option<Category>)] = &[(DUPLICATE_WIRE_ID, Some(Category::Profiles))];

fn is_warning(lint: &str, category: Category) -> bool {
    APPLE_DATA.iter().any(|(l, c)| *l == lint && c.is_none_or(|c| c == category))
}

struct Linter<'a> {
    file: &'a SchemaFile,
    out: Findings,
}

impl Linter<'_> {
    fn report(&mut self, lint: &'static str, path: String, line: usize, kind: LoadErrorKind) {
        let file = self.file.path.clone();
        if is_warning(lint, self.file.category) {
            self.out.warnings.push(Warning { file, path, message: kind.to_string(), kind: lint.to_string() });
        } else {
            self.out.errors.push(LoadError { file, path, line, kind });
        }
    }

    fn list(&mut self, path: &str, list: &KeyList) {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for key in &list.keys {
            let p = format!("{path}.{}", key.name);
            match first.get(key.name.as_str()) {
                Some(&first_line) => self.report(DUPLICATE_KEY, p.clone(), key.line, LoadErrorKind::DuplicateKey { name: key.name.clone(), first_line }),
                None => {
                    first.insert(&key.name, key.line);
                }
            }
            self.key(&p, key);
            if let Subkeys::List(sub) = &key.subkeys {
                self.list(&p, sub);
            }
        }
    }

    fn key(&mut self, path: &str, key: &Key) {
        // An array's `rangelist` and `default` describe its items.
        let ty = match (key.ty, key.children()) {
            (KeyType::Array, [item]) => item.ty,
            (t, _) => t,
        };
        for (i, v) in key.rangelist.iter().enumerate() {
            if !holds(ty, v) {
                let kind = LoadErrorKind::ValueType { site: ValueSite::RangelistValue, value: v.to_string(), found: type_of(v), expected: ty };
                self.report(RANGELIST_TYPE, format!("{path}.rangelist[{i}]"), key.line, kind);
            }
        }
        if let Some(v) = key.default.as_ref().filter(|v| !holds(ty, v)) {
            let kind = LoadErrorKind::ValueType { site: ValueSite::Default, value: v.to_string(), found: type_of(v), expected: ty };
            self.report(DEFAULT_TYPE, format!("{path}.default"), key.line, kind);
        }
        if let Some(pattern) = &key.format {
            if let Err(e) = regex::Regex::new(pattern) {
                let kind = LoadErrorKind::BadRegex { pattern: pattern.clone(), message: regex_message(&e) };
                self.report(BAD_REGEX, format!("{path}.format"), key.line, kind);
            }
        }
    }
}

/// Whether a key of type `ty` can hold `v` (an integer is a real; dates and data are written
/// as text; `<any>` and dictionaries hold anything).
fn holds(ty: KeyType, v: &Value) -> bool {
    match ty {
        KeyType::String | KeyType::Date | KeyType::Data => matches!(v, Value::String(_)),
        KeyType::Integer => matches!(v, Value::Integer(_)),
        KeyType::Real => matches!(v, Value::Integer(_) | Value::Real(_)),
        KeyType::Boolean => matches!(v, Value::Boolean(_)),
        KeyType::Array | KeyType::Dictionary | KeyType::Any => true,
    }
}

/// The type a YAML scalar was read as.
fn type_of(v: &Value) -> KeyType {
    match v {
        Value::String(_) => KeyType::String,
        Value::Integer(_) => KeyType::Integer,
        Value::Real(_) => KeyType::Real,
        Value::Boolean(_) => KeyType::Boolean,
    }
}

/// The regex engine's reason on one line (its display spans several: the pattern, a caret,
/// then `error: …`).
fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    match text.lines().find_map(|l| l.trim().strip_prefix("error: ")) {
        Some(reason) => reason.to_string(),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The faults of one file.
pub fn lint_file(file: &SchemaFile) -> Findings {
    let mut l = Linter { file, out: Findings::default() };
    if let Some(list) = &file.payload_keys {
        l.list("payloadkeys", list);
    }
    if let Some(list) = &file.response_keys {
        l.list("responsekeys", list);
    }
    l.out
}

/// The faults between files: wire identifiers given to two files of one category. `files`
/// sorted by path; the later file is reported, naming the first.
pub fn lint_tree(files: &[SchemaFile]) -> Findings {
    let mut out = Findings::default();
    let mut first: BTreeMap<(Category, &str), &str> = BTreeMap::new();
    for f in files {
        let Some((attr, id)) = f.wire_identifier_key() else { continue };
        match first.get(&(f.category, id)) {
            Some(other) => {
                let mut l = Linter { file: f, out: Findings::default() };
                let kind = LoadErrorKind::DuplicateWireId { identifier: id.to_string(), other: other.to_string() };
                l.report(DUPLICATE_WIRE_ID, format!("payload.{attr}"), f.payload.identifier_line, kind);
                out.errors.extend(l.out.errors);
                out.warnings.extend(l.out.warnings);
            }
            None => {
                first.insert((f.category, id), &f.path);
            }
        }
    }
    out
}
