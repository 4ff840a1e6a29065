//! The explorer's data (`dm serve`): a schema or one key as JSON, with the text `dm explain`
//! prints for it: type, allowed values, default, range, the keys it holds, and an availability
//! matrix, OS by OS (introduced, deprecated, removed, supervised, enrollments, channels).

use apple_device_management::runtime::availability::{DeviceContext, KeyNode, KeyType, OsSupport, Part, Platform, Support};
use apple_device_management::{schemas, SchemaInfo};
use serde_json::{json, Value};

use super::find::stem;
use super::{availability, explain_target, scalar, type_name, Target};

/// The name `dm explain` takes for a schema: its wire identifier, else its file name.
pub fn schema_name(info: &SchemaInfo) -> &'static str {
    info.wire_id.unwrap_or(stem(info.source))
}

/// One schema's summary, and the paths of its keys (array indexes left out) for a search.
pub fn summary(info: &SchemaInfo) -> Value {
    let mut keys: Vec<String> = Vec::new();
    for (path, _) in info.schema.paths() {
        let p = path.replace("[]", "");
        if !keys.contains(&p) {
            keys.push(p);
        }
    }
    json!({
        "name": schema_name(info),
        "category": info.category.name(),
        "wire_id": info.wire_id,
        "source": info.source,
        "title": info.title,
        "rust_type": info.rust_type,
        "keys": keys,
    })
}

/// Every schema's [`summary`].
pub fn all() -> Vec<Value> {
    schemas().map(summary).collect()
}

/// One platform's row of the matrix.
fn row(platform: Platform, s: Option<&OsSupport>) -> Value {
    let Some(s) = s.filter(|s| s.is_supported()) else {
        return json!({ "platform": platform.name(), "supported": false });
    };
    let version = |v: Option<&apple_device_management::runtime::availability::OsVersion>| v.map(ToString::to_string);
    let enrollments: Option<Vec<&str>> = s.allowed_enrollments.map(|e| e.iter().map(|a| a.name()).collect());
    let mut channels = Vec::new();
    if s.devicechannel != Some(false) {
        channels.push("device");
    }
    if s.userchannel != Some(false) {
        channels.push("user");
    }
    json!({
        "platform": platform.name(),
        "supported": true,
        "introduced": version(s.introduced_in()),
        "deprecated": version(s.deprecated_in()),
        "removed": version(s.removed_in()),
        "supervised": s.supervised == Some(true),
        "ade": s.requiresdep == Some(true),
        "user_approved": s.userapprovedmdm == Some(true),
        "enrollments": enrollments,
        "user_enrollment": s.userenrollment_mode().as_str(),
        "channels": channels,
        "shared_ipad": s.sharedipad_mode().as_str(),
        "access_right": s.accessrights,
    })
}

/// The availability matrix: one row per platform (no rows when the schema states none).
pub fn matrix(support: &Support) -> Vec<Value> {
    if support.is_empty() {
        return Vec::new();
    }
    Platform::ALL.into_iter().map(|p| row(p, support.get(p))).collect()
}

/// What a key is, without the keys beneath it.
fn node(k: &KeyNode, path: &str, depth: usize) -> Value {
    json!({
        "path": path,
        "depth": depth,
        "name": if k.any { "<any key>" } else { k.name },
        "type": type_name(k.ty),
        "required": k.required,
        "allowed": k.rangelist.iter().map(scalar).collect::<Vec<_>>(),
        "default": k.default.as_ref().map(scalar),
        "range": k.range.map(|r| json!({ "min": r.min.map(|v| v.to_string()), "max": r.max.map(|v| v.to_string()) })),
        "format": k.format,
        "value_type": k.valuetype,
        "availability": availability(k.support),
        "recursive": k.is_recursive(),
    })
}

/// The keys beneath, depth first, with the paths `dm explain` takes (`Updates.InstallAction`:
/// an array's item adds no name).
fn rows(keys: &'static [KeyNode], prefix: &str, depth: usize, out: &mut Vec<Value>) {
    for k in keys {
        let path = if prefix.is_empty() { k.name.to_string() } else { format!("{prefix}.{}", k.name) };
        out.push(node(k, &path, depth));
        if !k.is_recursive() {
            items(k, &path, depth + 1, out);
        }
    }
}

/// A key's content: its entries, or an array's items' entries (the item itself is listed).
fn items(k: &'static KeyNode, path: &str, depth: usize, out: &mut Vec<Value>) {
    if k.ty == KeyType::Array {
        for item in k.children() {
            out.push(node(item, path, depth));
            if !item.is_recursive() {
                items(item, path, depth + 1, out);
            }
        }
    } else {
        rows(k.children(), path, depth, out);
    }
}

/// A schema or key (what [`super::find`] found) as the explorer shows it; `text` is what `dm
/// explain` prints, on the device when one is given.
pub fn target(t: &Target, device: Option<&DeviceContext>) -> Value {
    let info = t.info;
    let mut content = Vec::new();
    let mut response = Vec::new();
    let (key, support) = match &t.key {
        Some(k) => {
            if !k.node.is_recursive() {
                items(k.node, &k.path, 0, &mut content);
            }
            let part = match k.part {
                Part::Payload => "payload",
                Part::Response => "response",
            };
            let mut v = node(k.node, &k.path, 0);
            v["part"] = part.into();
            (Some(v), k.node.support)
        }
        None => {
            rows(info.schema.keys, "", 0, &mut content);
            if let Some(r) = info.schema.response_keys {
                rows(r, "", 0, &mut response);
            }
            (None, info.schema.support)
        }
    };
    json!({
        "schema": summary(info),
        "key": key,
        "availability": availability(support),
        "matrix": matrix(support),
        "keys": content,
        "response_keys": response,
        "text": explain_target(t, device),
    })
}
