//! What `dm explain` is asked about: a schema by wire identifier (`ScheduleOSUpdate`), file name
//! with or without its extension (`com.apple.wifi.managed.yaml`), source path or Rust type
//! (`WiFiManaged`); or one key of it, the schema's name followed by a key path
//! (`WiFiManaged.SSID_STR`, `com.apple.wifi.managed.SSID_STR`,
//! `ScheduleOSUpdate.Updates.InstallAction`; array indexes may be left out).

use apple_device_management::runtime::availability::{KeyNode, Part};
use apple_device_management::{schemas as all_schemas, SchemaInfo};

use crate::closest::closest;

/// A schema, or one key of it.
#[derive(Debug, Clone)]
pub struct Target {
    pub info: &'static SchemaInfo,
    pub key: Option<KeyTarget>,
}

/// One key of a schema.
#[derive(Debug, Clone)]
pub struct KeyTarget {
    /// The key path as asked (`Updates.InstallAction`).
    pub path: String,
    pub node: &'static KeyNode,
    /// Payload keys or response keys.
    pub part: Part,
}

/// Nothing by that name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    #[error("no schema named `{0}` (see `dm schemas`)")]
    Schema(String),
    #[error("`{schema}` has no key `{key}`{}", hint(close))]
    Key { schema: String, key: String, close: Vec<String> },
}

fn hint(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        format!("; did you mean {}?", list.join(", "))
    }
}

/// The file name of a source path (`mdm/profiles/com.apple.wifi.managed.yaml` →
/// `com.apple.wifi.managed.yaml`).
fn file_name(source: &str) -> &str {
    source.rsplit('/').next().unwrap_or(source)
}

/// The file name without `.yaml`.
pub fn stem(source: &str) -> &str {
    let name = file_name(source);
    name.strip_suffix(".yaml").unwrap_or(name)
}

/// Schemas matching a name: wire identifier, file name (with or without `.yaml`), source path
/// or Rust type name (case-insensitive).
pub fn schemas(name: &str) -> Vec<&'static SchemaInfo> {
    all_schemas()
        .filter(|s| {
            s.wire_id.is_some_and(|w| w.eq_ignore_ascii_case(name))
                || stem(s.source).eq_ignore_ascii_case(name)
                || file_name(s.source).eq_ignore_ascii_case(name)
                || s.source.eq_ignore_ascii_case(name)
                || s.rust_type.rsplit("::").next().is_some_and(|t| t.eq_ignore_ascii_case(name))
        })
        .collect()
}

/// A key path of one schema: its payload keys first, then its response keys.
fn key(info: &'static SchemaInfo, path: &str) -> Option<KeyTarget> {
    let table = info.schema;
    if let Some(node) = table.key(path) {
        return Some(KeyTarget { path: path.to_string(), node, part: Part::Payload });
    }
    table.response_key(path).map(|node| KeyTarget { path: path.to_string(), node, part: Part::Response })
}

/// Every key path of a schema without indexes (`Updates.InstallAction`), for suggestions.
fn key_paths(info: &SchemaInfo) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (path, _) in info.schema.paths() {
        let p = path.replace("[]", "");
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// What `name` names (see the module docs).
pub fn find(name: &str) -> Result<Vec<Target>, NotFound> {
    let whole = schemas(name);
    if !whole.is_empty() {
        return Ok(whole.into_iter().map(|info| Target { info, key: None }).collect());
    }
    // The longest schema name that the text starts with, then the key path after it.
    let mut missing = None;
    for (dot, _) in name.match_indices('.').collect::<Vec<_>>().into_iter().rev() {
        let (schema, path) = (&name[..dot], &name[dot + 1..]);
        let infos = schemas(schema);
        if infos.is_empty() || path.is_empty() {
            continue;
        }
        let found: Vec<Target> = infos.iter().filter_map(|info| key(info, path).map(|k| Target { info, key: Some(k) })).collect();
        if !found.is_empty() {
            return Ok(found);
        }
        if missing.is_none() {
            let paths: Vec<String> = infos.iter().flat_map(|i| key_paths(i)).collect();
            let leaf = path.rsplit('.').next().unwrap_or(path);
            // Close paths, not the keys that enclose the one asked for.
            let encloses = |p: &str| path.strip_prefix(p).is_some_and(|rest| rest.starts_with('.'));
            let mut close: Vec<String> =
                closest(path, paths.iter().map(String::as_str), 6).into_iter().filter(|p| !encloses(p)).take(5).map(str::to_string).collect();
            if close.is_empty() {
                let by_leaf = paths.iter().filter(|p| p.rsplit('.').next().is_some_and(|l| closest(leaf, [l], 1).len() == 1));
                close = by_leaf.take(5).cloned().collect();
            }
            missing = Some(NotFound::Key { schema: schema.to_string(), key: path.to_string(), close });
        }
    }
    Err(missing.unwrap_or_else(|| NotFound::Schema(name.to_string())))
}
