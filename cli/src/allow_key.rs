//! `--allow-key PAYLOADTYPE:KEY`: silence `unknown-key` findings for one key of one payload type
//! (a key a vendor's app reads, `com.microsoft.wdav:PayloadEnabled`).
//!
//! The payload a finding belongs to is found by following its key path through the document:
//! the nearest dictionary on the way that has a `PayloadType` (a profile's payloads, the profile
//! itself); else, for a declaration, its `Type`; else the schema the report names.

use std::fmt;
use std::str::FromStr;

use apple_device_management::runtime::validate::DocumentKind;

use crate::input::Document;
use crate::keypath::{self, Tree};

/// One `PAYLOADTYPE:KEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedKey {
    pub payload_type: String,
    /// A key name (`PayloadEnabled`), or a path within the payload (`DNSSettings.Extra`).
    pub key: String,
}

/// An `--allow-key` value without both parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}`: expected PAYLOADTYPE:KEY, such as com.apple.MCX:timeServer")]
pub struct BadAllowedKey(pub String);

impl FromStr for AllowedKey {
    type Err = BadAllowedKey;
    fn from_str(s: &str) -> Result<AllowedKey, BadAllowedKey> {
        match s.split_once(':') {
            Some((t, k)) if !t.trim().is_empty() && !k.trim().is_empty() => Ok(AllowedKey { payload_type: t.trim().to_string(), key: k.trim().to_string() }),
            _ => Err(BadAllowedKey(s.to_string())),
        }
    }
}

impl fmt::Display for AllowedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.payload_type, self.key)
    }
}

/// Where a finding's key sits: the payload type it belongs to, and its path within that
/// payload (`Foo`, `DNSSettings.Foo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub payload_type: Option<String>,
    pub key: String,
    pub relative: String,
}

impl Owner {
    /// Whether `allowed` names this key.
    pub fn is(&self, allowed: &AllowedKey) -> bool {
        self.payload_type.as_deref() == Some(allowed.payload_type.as_str()) && (allowed.key == self.key || allowed.key == self.relative)
    }
}

/// A string-valued key of a dictionary node.
trait Field: Tree {
    fn string(&self, key: &str) -> Option<&str>;
}

impl Field for plist::Value {
    fn string(&self, key: &str) -> Option<&str> {
        self.as_dictionary().and_then(|d| d.get(key)).and_then(plist::Value::as_string)
    }
}

impl Field for serde_json::Value {
    fn string(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(serde_json::Value::as_str)
    }
}

fn owner_in<T: Field>(root: &T, path: &str, kind: DocumentKind, schema: Option<&str>) -> Owner {
    let resolved = keypath::resolve(root, path);
    let steps = &resolved.steps;
    // The dictionaries that hold the key: every step but the key's own.
    let holders = if resolved.complete { &steps[..steps.len().saturating_sub(1)] } else { &steps[..] };
    let found = holders.iter().rev().find_map(|s| s.node.string("PayloadType").map(|t| (t, s.end)));
    let (payload_type, from) = match found {
        Some((t, end)) => (Some(t.to_string()), end),
        None if kind == DocumentKind::Declaration => (root.string("Type").map(str::to_string), 0),
        None => (schema.map(str::to_string), 0),
    };
    let relative = path[from.min(path.len())..].trim_start_matches('.').to_string();
    let key = keypath::last_key(root, path).unwrap_or_else(|| relative.clone());
    Owner { payload_type, key, relative }
}

/// The payload a finding at `path` belongs to (see the module docs).
pub fn owner(document: &Document, path: &str, kind: DocumentKind, schema: Option<&str>) -> Owner {
    match document {
        Document::Plist(v) => owner_in(v, path, kind, schema),
        Document::Json(v) => owner_in(v, path, kind, schema),
    }
}
