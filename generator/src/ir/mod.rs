//! The IR: every Rust decision made once — names, field types, boxing, enums, unions — so that
//! emission is a pure function of it. One [`Module`] per schema file.

mod build;
mod docs;
mod table;

pub use build::{build_crate, IrError};
pub use table::{key_table, KeyChildren, KeyNode, KeyTable};

use crate::model::{Category, SupportedOs};

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Sorted by category, then module name.
    pub modules: Vec<Module>,
}

/// What a schema file's main types are for, which decides the runtime traits they get.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// An MDM command: request type name, and the response struct.
    Command { request_type: String, response: String },
    /// A check-in message (`MessageType`), with an optional response struct.
    Checkin { message_type: String, response: Option<String> },
    /// A profile payload (`PayloadType`).
    Profile { payload_type: String },
    /// A DDM declaration payload (`Type`).
    Declaration { declaration_type: String },
    /// A DDM status item.
    StatusItem { item: String },
    /// A DDM protocol body.
    Protocol { name: String },
    /// An MDM error body.
    Error,
    /// Other formats.
    Other,
}

/// One generated module = one schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub category: Category,
    /// Module name (snake case of the file stem).
    pub name: String,
    /// Source file within the schema tree.
    pub source: String,
    pub title: String,
    pub doc: Vec<String>,
    pub wire_id: Option<String>,
    /// The main type (payload keys).
    pub main_type: String,
    pub role: Role,
    pub supported_os: SupportedOs,
    pub items: Vec<Item>,
    /// Every payload key with its constraints and resolved support.
    pub keys: KeyTable,
    /// The same for the response keys, when the module has a response type.
    pub response_keys: Option<KeyTable>,
    /// The status items that report on this declaration (`related-status-items`).
    pub related_status_items: Vec<String>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl Item {
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Enum(e) => &e.name,
            Item::Union(u) => &u.name,
        }
    }
}

/// A dictionary with known keys; unknown keys are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
    /// `Some(value)`: the dictionary also carries this constant key (`RequestType`).
    pub tag: Option<(String, String)>,
}

/// One key of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust: String,
    pub wire: String,
    pub ty: Type,
    pub required: bool,
    /// The one value the key may take, as wire text, for a required key whose `rangelist`
    /// has a single value: `new()` fills it in instead of asking for it.
    pub fixed: Option<String>,
    pub doc: Vec<String>,
}

/// A field's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Real,
    Boolean,
    Date,
    Data,
    /// `<any>`: any plist value.
    Any,
    /// A dictionary without described keys.
    Dictionary,
    Named(String),
    /// A type outside this module, by path from it (`super::AnyPayload`).
    Path(String),
    Vec(Box<Type>),
    Map(Box<Type>),
    Boxed(Box<Type>),
}

/// A `rangelist` enum with an unknown variant.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub doc: Vec<String>,
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
}

/// String or integer wire values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    Str,
    Int,
}

/// A variant with its wire value (`"InstallASAP"`, or an integer as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub rust: String,
    pub wire: String,
}

/// An array item that is one of several dictionaries, told apart by a tag key.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub name: String,
    pub doc: Vec<String>,
    pub tag: String,
    /// (tag value, variant name, struct name)
    pub variants: Vec<(String, String, String)>,
}
