//! Model → IR. Walks each schema file's keys once, naming every struct, enum and union, sharing
//! one type per YAML anchor, boxing recursion that does not pass through a `Vec` or map.

use std::collections::{BTreeMap, HashMap};

use super::docs;
use super::*;
use crate::load::NodeId;
use crate::model::{Key, KeyList, KeyType, SchemaFile, Subkeys, Value};
use crate::naming::{self, Scope};

/// A schema that cannot be turned into Rust; names the file and key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: at `{path}`: {message}")]
pub struct IrError {
    pub file: String,
    pub path: String,
    pub message: String,
}

struct ModuleBuilder<'m> {
    file: &'m SchemaFile,
    types: Scope,
    items: Vec<Item>,
    /// dictionary subkey list id → struct name (one type per anchor)
    structs: HashMap<NodeId, String>,
    /// list id → the list, for recursive references
    lists: HashMap<NodeId, &'m KeyList>,
    /// (preferred name, values) → enum name, so identical enums are shared
    enums: BTreeMap<(String, Vec<String>), String>,
    errors: Vec<IrError>,
}

impl<'m> ModuleBuilder<'m> {
    fn error(&mut self, path: &str, message: String) {
        self.errors.push(IrError { file: self.file.path.clone(), path: path.to_string(), message });
    }

    fn key_doc(&self, key: &Key) -> Vec<String> {
        let mut d = docs::text(key.title.as_deref(), key.content.as_deref(), &format!("The `{}` key (the schema has no description).", key.name));
        d.push(String::new());
        d.push(docs::availability(&key.resolved_os));
        d
    }

    /// Preferred type name for a key's struct: its `subkeytype` when given, else its key name.
    fn preferred(key: &Key) -> String {
        naming::type_name(key.subkeytype.as_deref().unwrap_or(&key.name))
    }

    fn alloc_name(&mut self, preferred: &str, parent: &str) -> String {
        if !self.types.contains(preferred) {
            self.types.reserve(preferred);
            return preferred.to_string();
        }
        let qualified = format!("{parent}{preferred}");
        self.types.take(&qualified, "")
    }

    /// Builds the struct for a list of keys under a fixed name and returns the name.
    /// Builds the struct for a list of keys under a fixed name and returns the name. A key is
    /// a plain field only when it is required everywhere the dictionary exists.
    fn struct_for(&mut self, name: String, doc: Vec<String>, list: &'m KeyList, path: &str, tag: Option<(String, String)>) -> String {
        self.structs.insert(list.id, name.clone());
        self.lists.insert(list.id, list);
        let mut fields_scope = Scope::new();
        fields_scope.reserve("unknown");
        let mut fields = Vec::new();
        for key in &list.keys {
            if key.is_any() {
                continue; // free-form keys land in the struct's unknown-key map
            }
            if tag.as_ref().is_some_and(|(t, _)| *t == key.name) {
                continue;
            }
            let p = format!("{path}.{}", key.name);
            let ty = self.key_type(key, &p, &name);
            let rust = fields_scope.field(&key.name);
            let required = key.is_required_everywhere();
            let fixed = key.fixed_value().filter(|_| required).map(|v| v.to_string());
            fields.push(Field { rust, wire: key.name.clone(), ty, required, fixed, doc: self.key_doc(key) });
        }
        self.items.push(Item::Struct(StructDef { name: name.clone(), doc, fields, tag }));
        name
    }

    fn nested_struct(&mut self, key: &'m Key, list: &'m KeyList, path: &str, parent: &str) -> String {
        if let Some(existing) = self.structs.get(&list.id) {
            return existing.clone();
        }
        let name = self.alloc_name(&Self::preferred(key), parent);
        self.structs.insert(list.id, name.clone());
        let doc = self.key_doc(key);
        self.struct_for(name, doc, list, path, None)
    }

    fn enum_for(&mut self, key: &Key, parent: &str) -> Option<Type> {
        let repr = match key.ty {
            KeyType::String if key.rangelist.iter().all(|v| matches!(v, Value::String(_))) => EnumRepr::Str,
            KeyType::Integer if key.rangelist.iter().all(|v| matches!(v, Value::Integer(_))) => EnumRepr::Int,
            _ => return None,
        };
        let mut wires: Vec<String> = Vec::new();
        for v in &key.rangelist {
            let w = v.to_string();
            if !wires.contains(&w) {
                wires.push(w);
            }
        }
        let preferred = naming::type_name(&key.name);
        if let Some(name) = self.enums.get(&(preferred.clone(), wires.clone())) {
            return Some(Type::Named(name.clone()));
        }
        let name = self.alloc_name(&preferred, parent);
        self.enums.insert((preferred, wires.clone()), name.clone());
        let mut scope = Scope::new();
        scope.reserve("Unknown");
        let variants = wires
            .iter()
            .map(|w| {
                let base = match repr {
                    EnumRepr::Str => naming::type_name(w),
                    EnumRepr::Int => format!("V{}", w.replace('-', "Minus")),
                };
                Variant { rust: scope.take(&base, ""), wire: w.clone() }
            })
            .collect();
        let mut doc = docs::text(key.title.as_deref(), None, &format!("Allowed values of `{}`.", key.name));
        doc.push(String::new());
        doc.push("Values this schema does not list are kept in `Unknown`.".into());
        self.items.push(Item::Enum(EnumDef { name: name.clone(), doc, repr, variants }));
        Some(Type::Named(name))
    }

    /// The Rust type of one key's value.
    fn key_type(&mut self, key: &'m Key, path: &str, parent: &str) -> Type {
        match key.ty {
            KeyType::String | KeyType::Integer if !key.rangelist.is_empty() && key.fixed_value().is_none() => {
                self.enum_for(key, parent).unwrap_or(match key.ty {
                    KeyType::String => Type::String,
                    _ => Type::Integer,
                })
            }
            KeyType::String => Type::String,
            KeyType::Integer => Type::Integer,
            KeyType::Real => Type::Real,
            KeyType::Boolean => Type::Boolean,
            KeyType::Date => Type::Date,
            KeyType::Data => Type::Data,
            KeyType::Any => Type::Any,
            KeyType::Dictionary => match &key.subkeys {
                Subkeys::None => Type::Dictionary,
                Subkeys::Recursive(id) => match self.structs.get(id) {
                    Some(name) => Type::Boxed(Box::new(Type::Named(name.clone()))),
                    None => {
                        self.error(path, "recursive dictionary refers to a list that is not a dictionary".into());
                        Type::Dictionary
                    }
                },
                Subkeys::List(list) => {
                    let named: Vec<&Key> = list.keys.iter().filter(|k| !k.is_any()).collect();
                    if named.is_empty() {
                        match list.keys.first() {
                            Some(any) => Type::Map(Box::new(self.key_type(any, &format!("{path}.{}", any.name), parent))),
                            None => Type::Dictionary,
                        }
                    } else {
                        Type::Named(self.nested_struct(key, list, path, parent))
                    }
                }
            },
            KeyType::Array => {
                if let Some(tag) = key.union_tag() {
                    return Type::Vec(Box::new(Type::Named(self.union_for(key, tag, path, parent))));
                }
                if let Subkeys::List(list) = &key.subkeys {
                    self.lists.insert(list.id, list);
                }
                match &key.subkeys {
                    Subkeys::List(list) => match list.keys.first() {
                        Some(item) => Type::Vec(Box::new(self.key_type(item, &format!("{path}.{}", item.name), parent))),
                        None => Type::Vec(Box::new(Type::Any)),
                    },
                    Subkeys::Recursive(id) => {
                        let item = self.lists.get(id).and_then(|l| l.keys.first());
                        match item {
                            Some(item) => match &item.subkeys {
                                Subkeys::List(l) if item.ty == KeyType::Dictionary => match self.structs.get(&l.id) {
                                    Some(n) => Type::Vec(Box::new(Type::Named(n.clone()))),
                                    None => Type::Vec(Box::new(Type::Dictionary)),
                                },
                                _ => Type::Vec(Box::new(Type::Any)),
                            },
                            None => {
                                self.error(path, "recursive array refers to an unknown list".into());
                                Type::Vec(Box::new(Type::Any))
                            }
                        }
                    }
                    Subkeys::None => Type::Vec(Box::new(Type::Any)),
                }
            }
        }
    }

    fn union_for(&mut self, key: &'m Key, tag: &str, path: &str, parent: &str) -> String {
        let name = self.alloc_name(&naming::type_name(&format!("{}Item", key.name)), parent);
        let mut variants = Vec::new();
        let mut scope = Scope::new();
        scope.reserve("Unknown");
        for alt in key.children() {
            let Subkeys::List(list) = &alt.subkeys else { continue };
            let value = alt.children().iter().find(|k| k.name == tag).and_then(|k| k.rangelist.first()).map(|v| v.to_string()).unwrap_or_default();
            let struct_name = self.alloc_name(&Self::preferred(alt), &name);
            let doc = self.key_doc(alt);
            let p = format!("{path}.{}", alt.name);
            self.struct_for(struct_name.clone(), doc, list, &p, Some((tag.to_string(), value.clone())));
            variants.push((value.clone(), scope.type_name(&value), struct_name));
        }
        let mut doc = self.key_doc(key);
        doc.insert(0, format!("One item of `{}`, told apart by its `{tag}` value.", key.name));
        doc.insert(1, String::new());
        self.items.push(Item::Union(UnionDef { name: name.clone(), doc, tag: tag.to_string(), variants }));
        name
    }
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yaml").unwrap_or(name)
}

/// Module name of a file: snake case of its stem (`com.apple` stays: both `loginwindow.yaml`
/// and `com.apple.loginwindow.yaml` exist); a parenthesised part (`com.apple.MCX(FileVault2)`)
/// is kept apart by the word `part` (`com_apple_mcx_part_file_vault2`), so it never meets
/// `com.apple.MCX.FileVault2` (`com_apple_mcx_file_vault2`).
fn module_name(stem: &str) -> String {
    match stem.split_once('(') {
        Some((head, rest)) => format!("{}_part_{}", naming::snake_name(head), naming::snake_name(rest.trim_end_matches(')'))),
        None => naming::snake_name(stem),
    }
}

/// Main type name of a file, per category (see docs/architecture.md, "Naming").
fn main_names(file: &SchemaFile) -> (String, Role, Option<String>) {
    let stem = file_stem(&file.path);
    let mut stem_type = naming::type_name(stem.strip_prefix("com.apple.").unwrap_or(stem));
    if naming::RUNTIME_TYPE_NAMES.contains(&stem_type.as_str()) {
        stem_type.push_str(match file.category {
            Category::Profiles => "Payload",
            Category::Declarations if file.path.contains("/assets/") => "Asset",
            Category::Declarations => "Declaration",
            Category::Status => "Status",
            Category::Errors => "Error",
            _ => "Schema",
        });
    }
    let rt = file.payload.requesttype.clone();
    match (file.category, rt) {
        (Category::Commands, Some(rt)) => {
            let base = naming::type_name(&rt);
            let response = format!("{base}Response");
            (format!("{base}Command"), Role::Command { request_type: rt, response: response.clone() }, Some(response))
        }
        (Category::Checkin, Some(rt)) => {
            let base = naming::type_name(&rt);
            let response = file.response_keys.as_ref().map(|_| format!("{base}Response"));
            (base, Role::Checkin { message_type: rt, response: response.clone() }, response)
        }
        (Category::Protocol, Some(rt)) => (naming::type_name(&rt), Role::Protocol { name: rt }, None),
        (Category::Profiles, _) => (stem_type, Role::Profile { payload_type: file.payload.payloadtype.clone().unwrap_or_default() }, None),
        (Category::Declarations, _) => (stem_type, Role::Declaration { declaration_type: file.payload.declarationtype.clone().unwrap_or_default() }, None),
        (Category::Status, _) => (stem_type, Role::StatusItem { item: file.payload.statusitemtype.clone().unwrap_or_default() }, None),
        (Category::Errors, _) => (stem_type, Role::Error, None),
        _ => (stem_type, Role::Other, None),
    }
}

fn build_module(file: &SchemaFile, module_name: String) -> Result<Module, Vec<IrError>> {
    let (main, role, response) = main_names(file);
    let mut b = ModuleBuilder {
        file,
        types: Scope::new(),
        items: Vec::new(),
        structs: HashMap::new(),
        lists: HashMap::new(),
        enums: BTreeMap::new(),
        errors: Vec::new(),
    };
    for name in naming::RUNTIME_TYPE_NAMES {
        b.types.reserve(name);
    }
    b.types.reserve(&main);
    if let Some(r) = &response {
        b.types.reserve(r);
    }
    let mut doc = docs::text(Some(&file.title), file.payload.content.as_deref().or(file.description.as_deref()), "");
    doc.push(String::new());
    doc.push(docs::availability(&file.payload.supported_os));
    let tag = file.tag().map(|(k, v)| (k.to_string(), v.to_string()));
    let payload_keys = file.payload_keys.as_ref().unwrap_or(&NO_KEYS);
    b.struct_for(main.clone(), doc, payload_keys, "payloadkeys", tag);
    if let Some(r) = &response {
        let list = file.response_keys.as_ref().unwrap_or(&NO_RESPONSE_KEYS);
        let rdoc = vec![format!("The response to [`{main}`]."), String::new(), docs::availability(&file.payload.supported_os)];
        b.struct_for(r.clone(), rdoc, list, "responsekeys", None);
    }
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    let mut items = b.items;
    type_payload_content(file, &main, &mut items);
    type_status_items(file, &main, &mut items);
    Ok(Module {
        category: file.category,
        name: module_name,
        source: file.path.clone(),
        title: file.title.clone(),
        doc: Vec::new(),
        wire_id: file.wire_identifier().map(str::to_string),
        main_type: main,
        role,
        supported_os: file.payload.supported_os.clone(),
        items,
        keys: key_table(payload_keys),
        response_keys: response.as_ref().map(|_| key_table(file.response_keys.as_ref().unwrap_or(&NO_RESPONSE_KEYS))),
        related_status_items: related_status_items(file),
    })
}

/// The status items the file names in `related-status-items` (the ones that report on what a
/// declaration configures), each once, in the file's order.
fn related_status_items(file: &SchemaFile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in file.related_status_items.iter().flat_map(|r| r.status_items.iter()) {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// The profile wrapper's `PayloadContent` is, in the schema, an array of free-form
/// dictionaries; each one is a payload told apart by its `PayloadType`, so the generated type is
/// the profile dispatch enum (`profiles::AnyPayload`), which keeps unknown payload types raw.
/// A status report's `StatusItems` is a `<dictionary>` the schema does not describe: its keys
/// are the status items, nested by the segments of their dotted names. It becomes
/// `runtime::StatusItems`, which reads each item into its status item type.
fn type_status_items(file: &SchemaFile, main: &str, items: &mut [Item]) {
    if file.path != "declarative/protocol/statusreport.yaml" {
        return;
    }
    for item in items.iter_mut() {
        if let Item::Struct(s) = item {
            if s.name == main {
                for f in s.fields.iter_mut().filter(|f| f.wire == "StatusItems") {
                    f.ty = Type::Path("crate::runtime::StatusItems".into());
                }
            }
        }
    }
}

fn type_payload_content(file: &SchemaFile, main: &str, items: &mut [Item]) {
    if file.path != "mdm/profiles/TopLevel.yaml" {
        return;
    }
    for item in items.iter_mut() {
        if let Item::Struct(s) = item {
            if s.name == main {
                for f in s.fields.iter_mut().filter(|f| f.wire == "PayloadContent") {
                    f.ty = Type::Vec(Box::new(Type::Path("super::AnyPayload".into())));
                }
            }
        }
    }
}

/// Stand-ins for a file without `payloadkeys` / `responsekeys` (distinct ids: never shared).
static NO_KEYS: KeyList = KeyList { id: usize::MAX, keys: Vec::new() };
static NO_RESPONSE_KEYS: KeyList = KeyList { id: usize::MAX - 1, keys: Vec::new() };

/// Builds the IR of every file; all errors are returned together.
pub fn build_crate(files: &[SchemaFile]) -> Result<Crate, Vec<IrError>> {
    let mut modules = Vec::new();
    let mut errors = Vec::new();
    let mut names: BTreeMap<Category, Scope> = BTreeMap::new();
    let mut sorted: Vec<&SchemaFile> = files.iter().filter(|f| f.path != crate::load::ROOT_SCHEMA_PATH).collect();
    sorted.sort_by(|a, b| (a.category, &a.path).cmp(&(b.category, &b.path)));
    for file in sorted {
        let scope = names.entry(file.category).or_default();
        let wanted = module_name(file_stem(&file.path));
        if scope.contains(&wanted) {
            errors.push(IrError {
                file: file.path.clone(),
                path: String::new(),
                message: format!("module name `{wanted}` is already used by another file of this category"),
            });
            continue;
        }
        scope.reserve(&wanted);
        match build_module(file, naming::escape_keyword(&wanted)) {
            Ok(m) => modules.push(m),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Crate { modules })
}
