//! The Rust side of drift: which generated item a schema key became (walking a module's IR types
//! alongside the key tree), and the diff of two generated APIs (modules, types, fields, variants).

use std::collections::{BTreeMap, HashMap};

use super::Level;
use crate::ir::{Crate, EnumDef, Field, Item, Module, Role, StructDef, Type, UnionDef};
use crate::model::Key;

/// The modules of one crate by source file.
pub struct CrateIndex<'c> {
    modules: HashMap<&'c str, ModuleView<'c>>,
}

impl<'c> CrateIndex<'c> {
    pub fn new(krate: &'c Crate) -> CrateIndex<'c> {
        CrateIndex { modules: krate.modules.iter().map(|m| (m.source.as_str(), ModuleView::new(m))).collect() }
    }
    pub fn module(&self, source: &str) -> Option<&ModuleView<'c>> {
        self.modules.get(source)
    }
}

/// One module with its items by name.
pub struct ModuleView<'c> {
    pub module: &'c Module,
    items: HashMap<&'c str, &'c Item>,
}

/// Where the keys of a list land in Rust.
#[derive(Clone, Copy)]
pub enum Slot<'c> {
    /// Fields of a struct.
    Struct(&'c StructDef),
    /// The single item key of an array, whose items have this type.
    Item(&'c Type),
    /// The alternatives of an array of tagged dictionaries.
    Union(&'c UnionDef),
    /// The `ANY` key of a free-form dictionary, whose values have this type.
    MapValue(&'c Type),
    /// Nothing is generated beneath (free-form, or no Rust type).
    Opaque,
}

/// What one key became.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LocKind {
    /// A struct field.
    Field { required: bool },
    /// Kept in a struct's `unknown` map (an `ANY` key).
    Unknown,
    /// The constant tag of a struct (`RequestType`).
    Tag,
    /// An array's item, a union alternative, or a map's values: a type, not a field.
    Type,
    /// Nothing generated.
    None,
    /// Not known: the tree's IR could not be built, so levels follow the schema rules alone.
    Unresolved,
}

/// A key's Rust location: a printable item, its type, and where its subkeys land.
pub struct Loc<'c> {
    pub item: String,
    pub kind: LocKind,
    pub ty: Option<&'c Type>,
    pub children: Slot<'c>,
}

impl<'c> ModuleView<'c> {
    fn new(module: &'c Module) -> ModuleView<'c> {
        ModuleView { module, items: module.items.iter().map(|i| (i.name(), i)).collect() }
    }

    /// `commands::schedule_os_update`
    pub fn path(&self) -> String {
        format!("{}::{}", self.module.category, self.module.name)
    }

    /// `commands::schedule_os_update::Name`
    pub fn qualified(&self, name: &str) -> String {
        format!("{}::{}::{name}", self.module.category, self.module.name)
    }

    fn structure(&self, name: &str) -> Option<&'c StructDef> {
        match self.items.get(name) {
            Some(Item::Struct(s)) => Some(s),
            _ => None,
        }
    }

    /// Where the keys of `payloadkeys` (or `responsekeys`) land.
    pub fn root(&self, response: bool) -> (Slot<'c>, String) {
        let name = if response {
            match &self.module.role {
                Role::Command { response, .. } => Some(response.as_str()),
                Role::Checkin { response: Some(r), .. } => Some(r.as_str()),
                _ => None,
            }
        } else {
            Some(self.module.main_type.as_str())
        };
        match name.and_then(|n| self.structure(n)) {
            Some(s) => (Slot::Struct(s), self.qualified(&s.name)),
            None => (Slot::Opaque, self.path()),
        }
    }

    /// Where keys beneath a value of this type land.
    pub fn slot_for(&self, ty: &'c Type) -> Slot<'c> {
        match ty {
            Type::Named(n) => match self.items.get(n.as_str()) {
                Some(Item::Struct(s)) => Slot::Struct(s),
                Some(Item::Union(u)) => Slot::Union(u),
                _ => Slot::Opaque,
            },
            Type::Boxed(t) => self.slot_for(t),
            Type::Vec(t) => match t.as_ref() {
                Type::Named(n) if matches!(self.items.get(n.as_str()), Some(Item::Union(_))) => self.slot_for(t),
                _ => Slot::Item(t),
            },
            Type::Map(t) => Slot::MapValue(t),
            _ => Slot::Opaque,
        }
    }

    /// The Rust location of `key`, a key of a list that lands in `slot`; `parent` is the
    /// printable item of the list's owner.
    pub fn locate(&self, slot: Slot<'c>, key: &Key, parent: &str) -> Loc<'c> {
        let typed = |ty: &'c Type, item: String| Loc { item, kind: LocKind::Type, ty: Some(ty), children: self.slot_for(ty) };
        match slot {
            Slot::Struct(s) => {
                let owner = self.qualified(&s.name);
                if key.is_any() {
                    return Loc { item: format!("{owner}.unknown"), kind: LocKind::Unknown, ty: None, children: Slot::Opaque };
                }
                if s.tag.as_ref().is_some_and(|(t, _)| *t == key.name) {
                    return Loc { item: format!("{owner} (tag `{}`)", key.name), kind: LocKind::Tag, ty: None, children: Slot::Opaque };
                }
                match s.fields.iter().find(|f| f.wire == key.name) {
                    Some(f) => Loc {
                        item: format!("{owner}.{}", f.rust),
                        kind: LocKind::Field { required: f.required },
                        ty: Some(&f.ty),
                        children: self.slot_for(&f.ty),
                    },
                    None => Loc { item: owner, kind: LocKind::None, ty: None, children: Slot::Opaque },
                }
            }
            Slot::Item(ty) => {
                let item = match ty {
                    Type::Named(n) => self.qualified(n),
                    _ => format!("{parent} (items)"),
                };
                typed(ty, item)
            }
            Slot::MapValue(ty) => {
                let item = match ty {
                    Type::Named(n) => self.qualified(n),
                    _ => format!("{parent} (values)"),
                };
                typed(ty, item)
            }
            Slot::Union(u) => {
                let tag_value = key.children().iter().find(|k| k.name == u.tag).and_then(|k| k.rangelist.first()).map(|v| v.to_string());
                match u.variants.iter().find(|(v, _, _)| Some(v) == tag_value.as_ref()) {
                    Some((_, variant, st)) => Loc {
                        item: format!("{}::{variant} ({})", self.qualified(&u.name), self.qualified(st)),
                        kind: LocKind::Type,
                        ty: None,
                        children: self.structure(st).map_or(Slot::Opaque, Slot::Struct),
                    },
                    None => Loc { item: self.qualified(&u.name), kind: LocKind::Type, ty: None, children: Slot::Opaque },
                }
            }
            Slot::Opaque => Loc { item: parent.to_string(), kind: LocKind::None, ty: None, children: Slot::Opaque },
        }
    }

    /// The enum a rangelist key became (through `Vec`/`Box`/maps), qualified.
    pub fn enum_of(&self, ty: Option<&Type>) -> Option<String> {
        match ty? {
            Type::Named(n) => matches!(self.items.get(n.as_str()), Some(Item::Enum(_))).then(|| self.qualified(n)),
            Type::Vec(t) | Type::Map(t) | Type::Boxed(t) => self.enum_of(Some(t)),
            _ => None,
        }
    }
}

/// An IR type as Rust text (`Option` is added by [`field_type`]).
pub fn type_text(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Integer => "i64".into(),
        Type::Real => "f64".into(),
        Type::Boolean => "bool".into(),
        Type::Date => "Date".into(),
        Type::Data => "Data".into(),
        Type::Any => "AnyValue".into(),
        Type::Dictionary => "Dictionary".into(),
        Type::Named(n) | Type::Path(n) => n.clone(),
        Type::Vec(t) => format!("Vec<{}>", type_text(t)),
        Type::Map(t) => format!("BTreeMap<String, {}>", type_text(t)),
        Type::Boxed(t) => format!("Box<{}>", type_text(t)),
    }
}

/// A field's declared type, `Option<…>` when optional.
pub fn field_type(f: &Field) -> String {
    if f.required {
        type_text(&f.ty)
    } else {
        format!("Option<{}>", type_text(&f.ty))
    }
}

/// What changed in the generated API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiChangeKind {
    ModuleAdded,
    ModuleRemoved,
    TypeAdded,
    TypeRemoved,
    /// Same name, now a different kind of item (struct ↔ enum ↔ union).
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    /// Type or optionality.
    FieldChanged,
    VariantAdded,
    VariantRemoved,
}

impl ApiChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ApiChangeKind::ModuleAdded => "module-added",
            ApiChangeKind::ModuleRemoved => "module-removed",
            ApiChangeKind::TypeAdded => "type-added",
            ApiChangeKind::TypeRemoved => "type-removed",
            ApiChangeKind::TypeKindChanged => "type-kind-changed",
            ApiChangeKind::FieldAdded => "field-added",
            ApiChangeKind::FieldRemoved => "field-removed",
            ApiChangeKind::FieldChanged => "field-changed",
            ApiChangeKind::VariantAdded => "variant-added",
            ApiChangeKind::VariantRemoved => "variant-removed",
        }
    }
}

/// One change of the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub kind: ApiChangeKind,
    pub level: Level,
    /// `profiles::com_apple_dock`, `…::Dock`, `…::Dock.orientation`, `…::Orientation::Left`.
    pub item: String,
    /// The field type or item kind before and after, where that says something.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The generated API's diff, sorted by item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    pub fn level(&self) -> Level {
        self.changes.iter().map(|c| c.level).max().unwrap_or(Level::None)
    }
    pub fn count(&self, kind: ApiChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

fn item_kind(i: &Item) -> &'static str {
    match i {
        Item::Struct(_) => "struct",
        Item::Enum(_) => "enum",
        Item::Union(_) => "union enum",
    }
}

struct ApiOut(Vec<ApiChange>);

impl ApiOut {
    fn push(&mut self, kind: ApiChangeKind, level: Level, item: String, old: Option<String>, new: Option<String>) {
        self.0.push(ApiChange { kind, level, item, old, new });
    }
}

fn diff_structs(out: &mut ApiOut, owner: &str, o: &StructDef, n: &StructDef) {
    let old_fields: HashMap<&str, &Field> = o.fields.iter().map(|f| (f.rust.as_str(), f)).collect();
    let new_fields: HashMap<&str, &Field> = n.fields.iter().map(|f| (f.rust.as_str(), f)).collect();
    for f in &n.fields {
        let item = format!("{owner}.{}", f.rust);
        match old_fields.get(f.rust.as_str()) {
            None => {
                let level = if f.required { Level::Breaking } else { Level::Additive };
                out.push(ApiChangeKind::FieldAdded, level, item, None, Some(field_type(f)));
            }
            Some(of) => {
                let (a, b) = (field_type(of), field_type(f));
                if a != b {
                    out.push(ApiChangeKind::FieldChanged, Level::Breaking, item, Some(a), Some(b));
                }
            }
        }
    }
    for f in &o.fields {
        if !new_fields.contains_key(f.rust.as_str()) {
            out.push(ApiChangeKind::FieldRemoved, Level::Breaking, format!("{owner}.{}", f.rust), Some(field_type(f)), None);
        }
    }
}

fn diff_variants(out: &mut ApiOut, owner: &str, old: &[(String, String)], new: &[(String, String)]) {
    // (rust name, wire value or struct)
    let old_names: HashMap<&str, &str> = old.iter().map(|(r, w)| (r.as_str(), w.as_str())).collect();
    let new_names: HashMap<&str, &str> = new.iter().map(|(r, w)| (r.as_str(), w.as_str())).collect();
    for (r, w) in new {
        if !old_names.contains_key(r.as_str()) {
            out.push(ApiChangeKind::VariantAdded, Level::Additive, format!("{owner}::{r}"), None, Some(w.clone()));
        }
    }
    for (r, w) in old {
        if !new_names.contains_key(r.as_str()) {
            out.push(ApiChangeKind::VariantRemoved, Level::Breaking, format!("{owner}::{r}"), Some(w.clone()), None);
        }
    }
}

fn enum_variants(e: &EnumDef) -> Vec<(String, String)> {
    e.variants.iter().map(|v| (v.rust.clone(), v.wire.clone())).collect()
}

fn union_variants(u: &UnionDef) -> Vec<(String, String)> {
    u.variants.iter().map(|(_, v, s)| (v.clone(), s.clone())).collect()
}

fn diff_items(out: &mut ApiOut, owner: &str, o: &Item, n: &Item) {
    match (o, n) {
        (Item::Struct(a), Item::Struct(b)) => diff_structs(out, owner, a, b),
        (Item::Enum(a), Item::Enum(b)) => diff_variants(out, owner, &enum_variants(a), &enum_variants(b)),
        (Item::Union(a), Item::Union(b)) => diff_variants(out, owner, &union_variants(a), &union_variants(b)),
        _ => out.push(ApiChangeKind::TypeKindChanged, Level::Breaking, owner.to_string(), Some(item_kind(o).into()), Some(item_kind(n).into())),
    }
}

/// The diff of two generated APIs. Modules are identified by category and name, types by name
/// within their module, fields by Rust name, variants by Rust name. A new module's types (or a new
/// type's fields) are not listed one by one.
pub fn diff_crates(old: &Crate, new: &Crate) -> ApiDiff {
    let key = |m: &Module| (m.category, m.name.clone());
    let old_mods: BTreeMap<_, &Module> = old.modules.iter().map(|m| (key(m), m)).collect();
    let new_mods: BTreeMap<_, &Module> = new.modules.iter().map(|m| (key(m), m)).collect();
    let mut out = ApiOut(Vec::new());
    for (k, n) in &new_mods {
        let path = format!("{}::{}", k.0, k.1);
        let Some(o) = old_mods.get(k) else {
            out.push(ApiChangeKind::ModuleAdded, Level::Additive, path, None, Some(format!("{} ({})", n.main_type, n.source)));
            continue;
        };
        let old_items: HashMap<&str, &Item> = o.items.iter().map(|i| (i.name(), i)).collect();
        let new_items: HashMap<&str, &Item> = n.items.iter().map(|i| (i.name(), i)).collect();
        for i in &n.items {
            let item = format!("{path}::{}", i.name());
            match old_items.get(i.name()) {
                None => out.push(ApiChangeKind::TypeAdded, Level::Additive, item, None, Some(item_kind(i).into())),
                Some(oi) => diff_items(&mut out, &item, oi, i),
            }
        }
        for i in &o.items {
            if !new_items.contains_key(i.name()) {
                out.push(ApiChangeKind::TypeRemoved, Level::Breaking, format!("{path}::{}", i.name()), Some(item_kind(i).into()), None);
            }
        }
    }
    for (k, o) in &old_mods {
        if !new_mods.contains_key(k) {
            out.push(ApiChangeKind::ModuleRemoved, Level::Breaking, format!("{}::{}", k.0, k.1), Some(format!("{} ({})", o.main_type, o.source)), None);
        }
    }
    let mut changes = out.0;
    changes.sort_by(|a, b| a.item.cmp(&b.item).then(a.kind.cmp(&b.kind)));
    ApiDiff { changes }
}
