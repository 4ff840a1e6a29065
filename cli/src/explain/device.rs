//! `dm explain --os …`: whether a schema and each of its keys is available on one device.
//!
//! The answer is the runtime's own availability check (`check_part`), run over a document built
//! to set every key of the schema (one item per array, one per alternative of a tagged array),
//! so `dm explain` and `dm validate` cannot disagree. A key's answer includes what its schema
//! and enclosing keys need: a key of a command that needs supervision needs it too.

use std::collections::HashMap;

use apple_device_management::runtime::availability::{
    check_part, AvailabilityFinding, Channel, DeviceContext, Enrollment, KeyNode, KeyType, Part, Scalar, SchemaTable, Severity,
};
use plist::{Dictionary, Value};

/// The name a free-form (`ANY`) key gets in the built document.
const ANY_NAME: &str = "<any key>";

/// `iOS 17.0 (not supervised, device enrollment, device channel)`.
pub fn describe(ctx: &DeviceContext) -> String {
    let mut traits = vec![if ctx.supervised { "supervised" } else { "not supervised" }];
    traits.push(match ctx.enrollment {
        Enrollment::Device => "device enrollment",
        Enrollment::Automated => "automated device enrollment",
        Enrollment::User => "user enrollment",
        Enrollment::Local => "local management",
    });
    traits.push(match ctx.channel {
        Channel::Device => "device channel",
        Channel::User => "user channel",
    });
    if ctx.shared_ipad {
        traits.push("Shared iPad");
    }
    format!("{} {} ({})", ctx.platform, ctx.version, traits.join(", "))
}

/// The availability findings of one schema part on one device, by key.
pub struct DeviceView {
    /// Each key node's path in the built document.
    paths: HashMap<*const KeyNode, String>,
    findings: Vec<AvailabilityFinding>,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A value of a key's type, holding every key beneath it.
fn value(node: &'static KeyNode, path: &str, paths: &mut HashMap<*const KeyNode, String>) -> Value {
    match node.ty {
        KeyType::Dictionary if node.is_recursive() => Value::Dictionary(Dictionary::new()),
        KeyType::Dictionary => Value::Dictionary(dictionary(node.children(), path, paths)),
        KeyType::Array if node.is_recursive() => Value::Array(Vec::new()),
        KeyType::Array => {
            let children = node.children();
            // Every alternative of a tagged array; the single item key of any other.
            let items = if node.union_tag.is_some() { children } else { &children[..children.len().min(1)] };
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                paths.entry(std::ptr::from_ref(item)).or_insert_with(|| item_path.clone());
                let mut v = value(item, &item_path, paths);
                if let (Some(tag), Value::Dictionary(d)) = (node.union_tag, &mut v) {
                    let tag_value = item.child(tag).and_then(|t| t.rangelist.first());
                    if let Some(Scalar::Str(s)) = tag_value {
                        d.insert(tag.to_string(), Value::String((*s).to_string()));
                    }
                }
                out.push(v);
            }
            Value::Array(out)
        }
        KeyType::Integer => Value::Integer(0.into()),
        KeyType::Real => Value::Real(0.0),
        KeyType::Boolean => Value::Boolean(false),
        KeyType::Date => Value::Date(std::time::SystemTime::UNIX_EPOCH.into()),
        KeyType::Data => Value::Data(Vec::new()),
        KeyType::String | KeyType::Any => Value::String("x".into()),
    }
}

fn dictionary(keys: &'static [KeyNode], prefix: &str, paths: &mut HashMap<*const KeyNode, String>) -> Dictionary {
    let mut d = Dictionary::new();
    for k in keys {
        let name = if k.any { ANY_NAME } else { k.name };
        let path = join(prefix, name);
        paths.entry(std::ptr::from_ref(k)).or_insert_with(|| path.clone());
        let v = value(k, &path, paths);
        d.insert(name.to_string(), v);
    }
    d
}

/// What a finding says without its subject (`` `Updates[0].Priority` needs … `` → `needs …`).
fn predicate(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix('`') {
        if let Some(end) = rest.find("` ") {
            return &rest[end + 2..];
        }
    }
    message
}

/// `available`, `refused: it needs …`, `available, but it is deprecated …`.
fn verdict<'a>(findings: impl Iterator<Item = &'a AvailabilityFinding>) -> String {
    let (mut errors, mut others) = (Vec::new(), Vec::new());
    for f in findings {
        let text = format!("it {}", predicate(&f.message));
        let list = if f.severity == Severity::Error { &mut errors } else { &mut others };
        if !list.contains(&text) {
            list.push(text);
        }
    }
    match (errors.is_empty(), others.is_empty()) {
        (true, true) => "available".into(),
        (true, false) => format!("available, but {}", others.join("; ")),
        (false, true) => format!("refused: {}", errors.join("; ")),
        (false, false) => format!("refused: {}; also {}", errors.join("; "), others.join("; ")),
    }
}

impl DeviceView {
    /// Judges every key of one part of `table` on the device.
    pub fn new(table: &SchemaTable, part: Part, ctx: &DeviceContext) -> DeviceView {
        let mut paths = HashMap::new();
        let keys = table.part(part).unwrap_or(&[]);
        let document = Value::Dictionary(dictionary(keys, "", &mut paths));
        let findings = check_part(table, part, &document, ctx).findings;
        DeviceView { paths, findings }
    }

    /// The schema as a whole.
    pub fn schema(&self) -> String {
        verdict(self.findings.iter().filter(|f| f.path.is_empty()))
    }

    /// One key: what it, its enclosing keys and its schema need. `None` for a key of another
    /// part or table.
    pub fn key(&self, node: &KeyNode) -> Option<String> {
        let path = self.paths.get(&std::ptr::from_ref(node))?;
        let applies = |f: &&AvailabilityFinding| {
            f.path.is_empty() || path == &f.path || path.strip_prefix(f.path.as_str()).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        };
        Some(verdict(self.findings.iter().filter(applies)))
    }
}
