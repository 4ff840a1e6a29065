//! `dm schemas` and `dm explain NAME`: the schemas as a person wants to read them; with a
//! device (`--os`), whether each key is available on it (`device.rs`). What a name names is
//! found by `find.rs`; `data.rs` gives the same as JSON for `dm serve`'s explorer.

pub mod data;
mod device;
mod find;

pub use find::{find, schemas as find_schemas, KeyTarget, NotFound, Target};

use apple_device_management::runtime::availability::{DeviceContext, KeyNode, KeyType, OsSupport, Part, Platform, Scalar, Support};
use apple_device_management::{schemas, SchemaInfo};

use device::DeviceView;
use find::stem;

/// `dm schemas`: one line per schema (`category  wire id  source`), or JSON lines.
pub fn list(json: bool) -> String {
    let mut out = String::new();
    for s in schemas() {
        if json {
            let o = serde_json::json!({ "category": s.category.name(), "wire_id": s.wire_id, "source": s.source, "title": s.title, "rust_type": s.rust_type });
            out.push_str(&o.to_string());
        } else {
            out.push_str(&format!("{:<13} {:<55} {}", s.category.name(), s.wire_id.unwrap_or("-"), s.source));
        }
        out.push('\n');
    }
    out
}

pub(crate) fn type_name(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "string",
        KeyType::Integer => "integer",
        KeyType::Real => "real",
        KeyType::Boolean => "boolean",
        KeyType::Date => "date",
        KeyType::Data => "data",
        KeyType::Array => "array",
        KeyType::Dictionary => "dictionary",
        KeyType::Any => "any",
    }
}

pub(crate) fn scalar(s: &Scalar) -> String {
    match s {
        Scalar::Str(v) => (*v).to_string(),
        Scalar::Int(v) => v.to_string(),
        Scalar::Real(v) => v.to_string(),
        Scalar::Bool(v) => v.to_string(),
    }
}

fn os_text(p: Platform, s: &OsSupport) -> String {
    let mut t = match s.introduced_in() {
        Some(v) => format!("{p} {v}+"),
        None => format!("{p}"),
    };
    let mut notes = Vec::new();
    if let Some(d) = s.deprecated_in() {
        notes.push(format!("deprecated {d}"));
    }
    if let Some(r) = s.removed_in() {
        notes.push(format!("removed {r}"));
    }
    if s.supervised == Some(true) {
        notes.push("supervised".into());
    }
    if s.requiresdep == Some(true) {
        notes.push("ADE".into());
    }
    if !notes.is_empty() {
        t.push_str(&format!(" ({})", notes.join(", ")));
    }
    t
}

/// `iOS 9.0+ (supervised), macOS 10.11+; not on tvOS` for a support table.
pub fn availability(support: &Support) -> String {
    if support.is_empty() {
        return "not stated".into();
    }
    let mut on = Vec::new();
    let mut off = Vec::new();
    for p in Platform::ALL {
        match support.get(p) {
            Some(s) if s.is_supported() => on.push(os_text(p, s)),
            _ => off.push(p.to_string()),
        }
    }
    let mut t = if on.is_empty() { "nowhere".to_string() } else { on.join(", ") };
    if !off.is_empty() {
        t.push_str(&format!("; not on {}", off.join(", ")));
    }
    t
}

/// One key's line: name, type, presence, allowed values, range, default, format, value type,
/// its availability where it differs from its parent's, and on the device when one is given.
fn key_line(k: &KeyNode, parent: &Support, indent: &str, device: Option<&DeviceView>) -> String {
    let name = if k.any { "<any key>" } else { k.name };
    let mut line = format!("{indent}{name}  <{}>  {}", type_name(k.ty), if k.required { "required" } else { "optional" });
    if !k.rangelist.is_empty() {
        line.push_str(&format!("  one of: {}", k.rangelist.iter().map(scalar).collect::<Vec<_>>().join(", ")));
    }
    if let Some(r) = k.range {
        line.push_str(&format!("  range: {} ..= {}", r.min.map_or("-∞".into(), |v| v.to_string()), r.max.map_or("∞".into(), |v| v.to_string())));
    }
    if let Some(d) = k.default {
        line.push_str(&format!("  default: {}", scalar(&d)));
    }
    if let Some(f) = k.format {
        line.push_str(&format!("  format: {f}"));
    }
    if let Some(v) = k.valuetype {
        line.push_str(&format!("  ({v})"));
    }
    if availability(k.support) != availability(parent) {
        line.push_str(&format!("  [{}]", availability(k.support)));
    }
    if let Some(status) = device.and_then(|d| d.key(k)) {
        line.push_str(&format!("  => {status}"));
    }
    line.push('\n');
    line
}

fn keys(out: &mut String, nodes: &'static [KeyNode], parent: &Support, depth: usize, device: Option<&DeviceView>) {
    for k in nodes {
        let indent = "  ".repeat(depth + 1);
        out.push_str(&key_line(k, parent, &indent, device));
        if k.is_recursive() {
            out.push_str(&format!("{indent}  … (recursive: the same keys as above)\n"));
        } else {
            keys(out, k.children(), k.support, depth + 1, device);
        }
    }
}

/// The first lines: identifier and title, category, source, Rust type, response type,
/// availability and per-platform rules.
fn header(info: &SchemaInfo) -> String {
    let t = info.schema;
    let mut out = format!("{} — {}\n", info.wire_id.unwrap_or(stem(info.source)), info.title);
    out.push_str(&format!("  category:     {}\n  source:       {}\n  rust type:    {}\n", info.category.name(), info.source, info.rust_type));
    if let Some(r) = info.response_type {
        out.push_str(&format!("  response:     {r}\n"));
    }
    out.push_str(&format!("  availability: {}\n", availability(t.support)));
    for p in Platform::ALL {
        if let Some(s) = t.support.get(p).filter(|s| s.is_supported()) {
            let mut rules = Vec::new();
            if s.devicechannel == Some(false) {
                rules.push("not on the device channel".to_string());
            }
            if s.userchannel == Some(false) {
                rules.push("not on the user channel".to_string());
            }
            if let Some(ue) = s.userenrollment.and_then(|u| u.mode).filter(|m| format!("{m:?}") != "Allowed") {
                rules.push(format!("user enrollment: {ue:?}").to_lowercase());
            }
            if let Some(a) = s.accessrights.filter(|a| *a != "None") {
                rules.push(format!("access right: {a}"));
            }
            if !rules.is_empty() {
                out.push_str(&format!("    {p}: {}\n", rules.join("; ")));
            }
        }
    }
    out
}

/// `dm explain NAME`: every key; on the device, when one is given.
pub fn explain(info: &SchemaInfo, device: Option<&DeviceContext>) -> String {
    let t = info.schema;
    let payload = device.map(|ctx| DeviceView::new(t, Part::Payload, ctx));
    let mut out = header(info);
    if let (Some(ctx), Some(view)) = (device, &payload) {
        out.push_str(&format!("  device:       {}: {}\n", device::describe(ctx), view.schema()));
    }
    out.push_str("keys:\n");
    if t.keys.is_empty() {
        out.push_str("  (none)\n");
    }
    keys(&mut out, t.keys, t.support, 0, payload.as_ref());
    if let Some(r) = t.response_keys {
        let response = device.map(|ctx| DeviceView::new(t, Part::Response, ctx));
        out.push_str("response keys:\n");
        keys(&mut out, r, t.support, 0, response.as_ref());
    }
    out
}

/// `dm explain NAME.KEY`: one key (and the keys beneath it); on the device, when one is given.
pub fn explain_key(info: &SchemaInfo, key: &KeyTarget, device: Option<&DeviceContext>) -> String {
    let t = info.schema;
    let view = device.map(|ctx| DeviceView::new(t, key.part, ctx));
    let node = key.node;
    let part = match key.part {
        Part::Payload => "payload key",
        Part::Response => "response key",
    };
    let mut out = format!("{} — {}\n", info.wire_id.unwrap_or(stem(info.source)), info.title);
    out.push_str(&format!("  key:          {} ({part})\n  source:       {}\n", key.path, info.source));
    out.push_str(&format!("  availability: {}\n", availability(node.support)));
    if let (Some(ctx), Some(view)) = (device, view.as_ref()) {
        // A value's own entries (the query names of `DeviceInformation`) are not judged.
        let status = view.key(node).unwrap_or_else(|| "not judged (the availability check does not look at this key)".into());
        out.push_str(&format!("  device:       {}: {status}\n", device::describe(ctx)));
    }
    out.push_str("key:\n");
    out.push_str(&key_line(node, node.support, "  ", None));
    if node.is_recursive() {
        out.push_str("    … (recursive: the same keys as its ancestor)\n");
    } else {
        keys(&mut out, node.children(), node.support, 1, view.as_ref());
    }
    out
}

/// `dm explain` for what [`find`] found.
pub fn explain_target(target: &Target, device: Option<&DeviceContext>) -> String {
    match &target.key {
        Some(key) => explain_key(target.info, key, device),
        None => explain(target.info, device),
    }
}
