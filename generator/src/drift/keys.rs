//! Key-by-key drift of one pair of schema files: keys added and removed (reported once, at the
//! topmost key), attribute changes, availability, and each change's Rust item and API level.
//!
//! Recursion-safe by construction: a [`Subkeys::Recursive`] reference is never expanded; it is
//! compared by the key path of the ancestor list it repeats, which both sides record on a stack
//! while walking (so `Icons.Icon.Children → payloadkeys.Icons` on both sides is no change).

use std::collections::HashMap;

use super::api::{type_text, Loc, LocKind, ModuleView, Slot};
use super::availability;
use super::{ApiImpact, Change, ChangeKind, Level};
use crate::load::NodeId;
use crate::model::{Key, KeyList, KeyType, Presence, Range, Repetition, SchemaFile, Subkeys};

/// The label of a schema: its wire identifier, or its path.
pub fn schema_label(f: &SchemaFile) -> String {
    f.wire_identifier().map_or_else(|| f.path.clone(), str::to_string)
}

const NOT_GENERATED: &str = "(not generated)";

fn module_item(m: Option<&ModuleView<'_>>) -> String {
    m.map_or_else(|| NOT_GENERATED.to_string(), |m| format!("{} ({})", m.path(), m.module.main_type))
}

/// A whole schema added or removed.
pub fn schema_change(f: &SchemaFile, kind: ChangeKind, m: Option<&ModuleView<'_>>) -> Change {
    let added = kind == ChangeKind::SchemaAdded;
    let title = Some(f.title.clone());
    Change {
        category: f.category,
        schema: schema_label(f),
        file: f.path.clone(),
        path: String::new(),
        kind,
        old: if added { None } else { title.clone() },
        new: if added { title } else { None },
        availability: Some(availability::summary(&f.payload.supported_os)),
        api: ApiImpact { level: if added { Level::Additive } else { Level::Breaking }, rust_item: module_item(m) },
        kept_from: None,
    }
}

/// Every change between two files that are the same schema.
pub fn diff_schema(o: &SchemaFile, n: &SchemaFile, om: Option<&ModuleView<'_>>, nm: Option<&ModuleView<'_>>, out: &mut Vec<Change>) {
    let mut w = Walker { schema: schema_label(n), file: n.path.clone(), category: n.category, om, nm, out, old_stack: Vec::new(), new_stack: Vec::new() };

    if o.path != n.path {
        let (level, rust_item) = match (om, nm) {
            (Some(a), Some(b)) if a.path() != b.path() || a.module.main_type != b.module.main_type => {
                (Level::Breaking, format!("{}::{} → {}::{}", a.path(), a.module.main_type, b.path(), b.module.main_type))
            }
            (_, b) => (Level::None, module_item(b)),
        };
        w.push(String::new(), ChangeKind::SchemaRenamed, Some(o.path.clone()), Some(n.path.clone()), level, rust_item);
    }

    let p = (&o.payload.supported_os, &n.payload.supported_os);
    let module = module_item(nm);
    for (os, field, a, b) in availability::diff(p.0, p.1, p.0, p.1) {
        w.push("payload".into(), ChangeKind::Availability { os, field }, a, b, Level::None, module.clone());
    }

    for response in [false, true] {
        let root = if response { "responsekeys" } else { "payloadkeys" };
        let (ol, nl) = if response { (&o.response_keys, &n.response_keys) } else { (&o.payload_keys, &n.payload_keys) };
        let (old_slot, old_item) = om.map_or((Slot::Opaque, NOT_GENERATED.to_string()), |m| m.root(response));
        let (new_slot, new_item) = nm.map_or((Slot::Opaque, NOT_GENERATED.to_string()), |m| m.root(response));
        let ctx = Ctx { old_slot, new_slot, old_item, new_item };
        if let Some(l) = ol {
            w.old_stack.push((l.id, root.to_string()));
        }
        if let Some(l) = nl {
            w.new_stack.push((l.id, root.to_string()));
        }
        w.list(root, keys_of(ol), keys_of(nl), &ctx, false);
        w.old_stack.clear();
        w.new_stack.clear();
    }
}

fn keys_of(l: &Option<KeyList>) -> &[Key] {
    l.as_ref().map_or(&[], |l| l.keys.as_slice())
}

/// Where the keys of a list land on each side, and the printable items of the list's owner.
struct Ctx<'c> {
    old_slot: Slot<'c>,
    new_slot: Slot<'c>,
    old_item: String,
    new_item: String,
}

struct Walker<'w, 'c> {
    category: crate::model::Category,
    schema: String,
    file: String,
    om: Option<&'w ModuleView<'c>>,
    nm: Option<&'w ModuleView<'c>>,
    out: &'w mut Vec<Change>,
    /// (list id, key path of the list's owner) of the lists being walked, per side.
    old_stack: Vec<(NodeId, String)>,
    new_stack: Vec<(NodeId, String)>,
}

fn presence_text(p: Option<Presence>) -> Option<String> {
    p.map(|p| match p {
        Presence::Required => "required".to_string(),
        Presence::Optional => "optional".to_string(),
    })
}

fn range_text(r: &Range) -> String {
    let num = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    format!("{}..={}", num(r.min), num(r.max))
}

fn repetition_text(r: &Repetition) -> String {
    format!("{}..={}", r.min, r.max)
}

/// `<boolean>, optional, default true, 3 values`: what a key is, in one line.
fn describe(k: &Key) -> String {
    let mut parts = vec![k.ty.as_str().to_string()];
    parts.extend(presence_text(k.presence));
    if let Some(d) = &k.default {
        parts.push(format!("default {d}"));
    }
    if !k.rangelist.is_empty() {
        parts.push(format!("values {}", values(k).join(", ")));
    }
    match &k.subkeys {
        Subkeys::List(l) => parts.push(format!("{} subkey(s)", l.keys.len())),
        Subkeys::Recursive(_) => parts.push("recursive".into()),
        Subkeys::None => {}
    }
    parts.join(", ")
}

fn values(k: &Key) -> Vec<String> {
    k.rangelist.iter().map(ToString::to_string).collect()
}

fn locate<'c>(m: Option<&ModuleView<'c>>, slot: Slot<'c>, key: &Key, parent: &str) -> Loc<'c> {
    match m {
        Some(m) => m.locate(slot, key, parent),
        None => Loc { item: NOT_GENERATED.to_string(), kind: LocKind::Unresolved, ty: None, children: Slot::Opaque },
    }
}

fn ty_text(l: &Loc<'_>) -> Option<String> {
    l.ty.map(type_text)
}

impl<'w, 'c> Walker<'w, 'c> {
    fn push(&mut self, path: String, kind: ChangeKind, old: Option<String>, new: Option<String>, level: Level, rust_item: String) {
        self.push_full(path, kind, old, new, None, level, rust_item);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_full(
        &mut self,
        path: String,
        kind: ChangeKind,
        old: Option<String>,
        new: Option<String>,
        availability: Option<String>,
        level: Level,
        rust_item: String,
    ) {
        self.out.push(Change {
            category: self.category,
            schema: self.schema.clone(),
            file: self.file.clone(),
            path,
            kind,
            old,
            new,
            availability,
            api: ApiImpact { level, rust_item },
            kept_from: None,
        });
    }

    /// Pairs the keys of two lists (by name, in order of occurrence; an array's single item by
    /// position) and diffs each pair; reports the rest as added or removed.
    fn list(&mut self, path: &str, old: &[Key], new: &[Key], ctx: &Ctx<'c>, array: bool) {
        let mut old_used = vec![false; old.len()];
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, k) in old.iter().enumerate().rev() {
            by_name.entry(k.name.as_str()).or_default().push(i);
        }
        let positional = array && old.len() == 1 && new.len() == 1;
        for n in new {
            let found = if positional { Some(0) } else { by_name.get_mut(n.name.as_str()).and_then(Vec::pop) };
            match found {
                Some(i) => {
                    old_used[i] = true;
                    self.key(path, &old[i], n, ctx);
                }
                None => self.added(path, n, ctx),
            }
        }
        for (i, o) in old.iter().enumerate() {
            if !old_used[i] {
                self.removed(path, o, ctx);
            }
        }
    }

    fn added(&mut self, prefix: &str, n: &Key, ctx: &Ctx<'c>) {
        let loc = locate(self.nm, ctx.new_slot, n, &ctx.new_item);
        let level = match loc.kind {
            LocKind::Field { required: true } => Level::Breaking,
            LocKind::Field { required: false } | LocKind::Type => Level::Additive,
            LocKind::Unresolved if n.is_required() => Level::Breaking,
            LocKind::Unresolved => Level::Additive,
            LocKind::Unknown | LocKind::Tag | LocKind::None => Level::None,
        };
        let avail = Some(availability::summary(&n.resolved_os));
        self.push_full(format!("{prefix}.{}", n.name), ChangeKind::KeyAdded, None, Some(describe(n)), avail, level, loc.item);
    }

    fn removed(&mut self, prefix: &str, o: &Key, ctx: &Ctx<'c>) {
        let loc = locate(self.om, ctx.old_slot, o, &ctx.old_item);
        let level = match loc.kind {
            LocKind::Field { .. } | LocKind::Type | LocKind::Unresolved => Level::Breaking,
            LocKind::Unknown | LocKind::Tag | LocKind::None => Level::None,
        };
        let avail = Some(availability::summary(&o.resolved_os));
        self.push_full(format!("{prefix}.{}", o.name), ChangeKind::KeyRemoved, Some(describe(o)), None, avail, level, loc.item);
    }

    fn recursion_target(stack: &[(NodeId, String)], id: NodeId) -> String {
        stack.iter().rev().find(|(i, _)| *i == id).map_or_else(|| "?".to_string(), |(_, p)| p.clone())
    }

    fn subkeys_text(stack: &[(NodeId, String)], s: &Subkeys) -> String {
        match s {
            Subkeys::None => "none".into(),
            Subkeys::List(l) => format!("{} key(s)", l.keys.len()),
            Subkeys::Recursive(id) => format!("recursive: same as `{}`", Self::recursion_target(stack, *id)),
        }
    }

    /// Diffs two keys that are the same key.
    fn key(&mut self, prefix: &str, o: &Key, n: &Key, ctx: &Ctx<'c>) {
        let path = format!("{prefix}.{}", n.name);
        let ol = locate(self.om, ctx.old_slot, o, &ctx.old_item);
        let nl = locate(self.nm, ctx.new_slot, n, &ctx.new_item);
        let item = if nl.kind == LocKind::None && ol.kind != LocKind::None { ol.item.clone() } else { nl.item.clone() };
        let rust_type_changed = ty_text(&ol) != ty_text(&nl);
        let generated = ol.kind != LocKind::None || nl.kind != LocKind::None;
        let typed = |breaking: bool| if breaking && generated { Level::Breaking } else { Level::None };

        if o.name != n.name {
            self.push(path.clone(), ChangeKind::ItemRenamed, Some(o.name.clone()), Some(n.name.clone()), typed(rust_type_changed), item.clone());
        }
        let type_changed = o.ty != n.ty;
        if type_changed {
            self.push(path.clone(), ChangeKind::Type, Some(o.ty.as_str().into()), Some(n.ty.as_str().into()), typed(true), item.clone());
        }
        // A field is plain only where its key is required everywhere its dictionary exists (see
        // `SupportedOs::narrows`): a change of presence or of availability breaks the API only
        // when it turns a plain field into an `Option` or back.
        let plain = |l: &Loc| matches!(l.kind, LocKind::Field { required: true });
        let plain_changed = plain(&ol) != plain(&nl);
        // Unstated presence is optional (the IR agrees): only required ↔ not required counts.
        let presence_changed = o.is_required() != n.is_required();
        if presence_changed {
            let text = |k: &Key| Some(if k.is_required() { "required" } else { "optional" }.to_string());
            self.push(path.clone(), ChangeKind::Presence, text(o), text(n), typed(plain_changed || rust_type_changed), item.clone());
        }
        if !type_changed {
            self.rangelist(&path, o, n, &ol, &nl, &item);
        }
        let attrs: [(ChangeKind, Option<String>, Option<String>); 6] = [
            (ChangeKind::Range, o.range.as_ref().map(range_text), n.range.as_ref().map(range_text)),
            (ChangeKind::Default, o.default.as_ref().map(ToString::to_string), n.default.as_ref().map(ToString::to_string)),
            (ChangeKind::Format, o.format.clone(), n.format.clone()),
            (ChangeKind::ValueType, o.valuetype.clone(), n.valuetype.clone()),
            (ChangeKind::Repetition, o.repetition.as_ref().map(repetition_text), n.repetition.as_ref().map(repetition_text)),
            (ChangeKind::CombineType, o.combinetype.clone(), n.combinetype.clone()),
        ];
        for (kind, a, b) in attrs {
            // Compare the model values, not their text (`1.0` and `1` are one real).
            let differs = match kind {
                ChangeKind::Range => o.range != n.range,
                ChangeKind::Default => o.default != n.default,
                _ => a != b,
            };
            if differs {
                self.push(path.clone(), kind, a, b, Level::None, item.clone());
            }
        }
        if o.subkeytype != n.subkeytype {
            self.push(path.clone(), ChangeKind::SubkeyType, o.subkeytype.clone(), n.subkeytype.clone(), typed(rust_type_changed), item.clone());
        }
        let mut narrowing_breaks = plain_changed && !presence_changed;
        for (os, field, a, b) in availability::diff(&o.supported_os, &n.supported_os, &o.resolved_os, &n.resolved_os) {
            let level = typed(std::mem::take(&mut narrowing_breaks));
            self.push(path.clone(), ChangeKind::Availability { os, field }, a, b, level, item.clone());
        }
        if type_changed {
            return; // what is beneath a key of another type is not the same thing
        }
        match (&o.subkeys, &n.subkeys) {
            (Subkeys::List(a), Subkeys::List(b)) => {
                self.old_stack.push((a.id, path.clone()));
                self.new_stack.push((b.id, path.clone()));
                let child = Ctx { old_slot: ol.children, new_slot: nl.children, old_item: ol.item, new_item: nl.item };
                self.list(&path, &a.keys, &b.keys, &child, n.ty == KeyType::Array);
                self.old_stack.pop();
                self.new_stack.pop();
            }
            (Subkeys::None, Subkeys::None) => {}
            (a, b) => {
                let (ta, tb) = (Self::subkeys_text(&self.old_stack, a), Self::subkeys_text(&self.new_stack, b));
                if ta != tb {
                    self.push(path, ChangeKind::Subkeys, Some(ta), Some(tb), typed(true), item);
                }
            }
        }
    }

    /// Rangelist values: one change per value added or removed; one change when the list
    /// appears or disappears. Levels follow the Rust side: only an enum has variants.
    fn rangelist(&mut self, path: &str, o: &Key, n: &Key, ol: &Loc<'c>, nl: &Loc<'c>, item: &str) {
        let (a, b) = (values(o), values(n));
        if a == b {
            return;
        }
        // Without an IR, a string or integer key with two values or more is taken to be an enum
        // (the IR's rule: a key with one allowed value is a plain field).
        let enum_of = |m: Option<&ModuleView<'c>>, l: &Loc<'c>, k: &Key| match m {
            Some(m) => m.enum_of(l.ty),
            None => {
                (matches!(k.ty, KeyType::String | KeyType::Integer) && !k.rangelist.is_empty() && k.fixed_value().is_none()).then(|| NOT_GENERATED.to_string())
            }
        };
        let old_enum = enum_of(self.om, ol, o);
        let new_enum = enum_of(self.nm, nl, n);
        // One allowed value ↔ several: a plain field becomes an enum, or the other way.
        if a.is_empty() || b.is_empty() || old_enum.is_some() != new_enum.is_some() {
            let level = if old_enum.is_some() || new_enum.is_some() { Level::Breaking } else { Level::None };
            let rust_item = new_enum.or(old_enum).unwrap_or_else(|| item.to_string());
            let text = |v: Vec<String>| (!v.is_empty()).then(|| v.join(", "));
            self.push(path.to_string(), ChangeKind::Rangelist, text(a), text(b), level, rust_item);
            return;
        }
        for v in b.iter().filter(|v| !a.contains(v)) {
            let level = if new_enum.is_some() { Level::Additive } else { Level::None };
            let rust_item = new_enum.clone().unwrap_or_else(|| item.to_string());
            self.push(path.to_string(), ChangeKind::RangelistValueAdded, None, Some(v.clone()), level, rust_item);
        }
        for v in a.iter().filter(|v| !b.contains(v)) {
            let level = if old_enum.is_some() { Level::Breaking } else { Level::None };
            let rust_item = old_enum.clone().unwrap_or_else(|| item.to_string());
            self.push(path.to_string(), ChangeKind::RangelistValueRemoved, Some(v.clone()), None, level, rust_item);
        }
    }
}
