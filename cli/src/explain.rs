//! `dm schemas` and `dm explain NAME`: the schemas as a person wants to read them.

use apple_device_management::runtime::availability::{KeyNode, KeyType, OsSupport, Platform, Scalar, Support};
use apple_device_management::{schemas, SchemaInfo};

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

fn stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".yaml").unwrap_or(name)
}

/// Schemas matching a name: wire identifier, file stem, source path or Rust type name
/// (case-insensitive).
pub fn find(name: &str) -> Vec<&'static SchemaInfo> {
    let n = name.to_ascii_lowercase();
    let exact: Vec<_> = schemas()
        .filter(|s| {
            s.wire_id.is_some_and(|w| w.eq_ignore_ascii_case(name))
                || stem(s.source).eq_ignore_ascii_case(name)
                || s.source.eq_ignore_ascii_case(name)
                || s.rust_type.rsplit("::").next().is_some_and(|t| t.to_ascii_lowercase() == n)
        })
        .collect();
    exact
}

fn type_name(ty: KeyType) -> &'static str {
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

fn scalar(s: &Scalar) -> String {
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

fn keys(out: &mut String, nodes: &'static [KeyNode], parent: &Support, depth: usize) {
    for k in nodes {
        let indent = "  ".repeat(depth + 1);
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
        out.push_str(&line);
        out.push('\n');
        if k.is_recursive() {
            out.push_str(&format!("{indent}  … (recursive: the same keys as above)\n"));
        } else {
            keys(out, k.children(), k.support, depth + 1);
        }
    }
}

/// `dm explain NAME`.
pub fn explain(info: &SchemaInfo) -> String {
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
    out.push_str("keys:\n");
    if t.keys.is_empty() {
        out.push_str("  (none)\n");
    }
    keys(&mut out, t.keys, t.support, 0);
    if let Some(r) = t.response_keys {
        out.push_str("response keys:\n");
        keys(&mut out, r, t.support, 0);
    }
    out
}
