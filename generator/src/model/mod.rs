//! The schema format, faithfully: one [`SchemaFile`] per YAML file, keys with every attribute,
//! `supportedOS` as written and as resolved. Shared anchors are expanded per occurrence (each keeps
//! the id of the YAML list it came from, so later stages can share one Rust type); a recursive
//! alias becomes [`Subkeys::Recursive`], pointing at the ancestor list it repeats.

mod build;
pub mod supported_os;
pub mod version;

use std::collections::BTreeMap;
use std::fmt;

pub use build::build_file;
pub use supported_os::{Mode, Os, OsSupport, SharedIpad, SupportedOs, UserEnrollment};
pub use version::{Version, VersionSpec};

use crate::load::NodeId;

/// The eight kinds of schema file, by folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Commands,
    Checkin,
    Errors,
    Profiles,
    Declarations,
    Status,
    Protocol,
    Other,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Commands,
        Category::Checkin,
        Category::Errors,
        Category::Profiles,
        Category::Declarations,
        Category::Status,
        Category::Protocol,
        Category::Other,
    ];

    /// The category of a file from its path relative to the tree root.
    pub fn from_path(path: &str) -> Option<Category> {
        let prefixes = [
            ("mdm/commands/", Category::Commands),
            ("mdm/checkin/", Category::Checkin),
            ("mdm/errors/", Category::Errors),
            ("mdm/profiles/", Category::Profiles),
            ("declarative/declarations/", Category::Declarations),
            ("declarative/status/", Category::Status),
            ("declarative/protocol/", Category::Protocol),
            ("other/", Category::Other),
        ];
        prefixes.iter().find(|(p, _)| path.starts_with(p)).map(|(_, c)| *c)
    }

    /// Lower-case name, also the Cargo feature and module name of the generated crate.
    pub fn name(self) -> &'static str {
        match self {
            Category::Commands => "commands",
            Category::Checkin => "checkin",
            Category::Errors => "errors",
            Category::Profiles => "profiles",
            Category::Declarations => "declarations",
            Category::Status => "status",
            Category::Protocol => "protocol",
            Category::Other => "other",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    /// Path relative to the tree root, `/`-separated (`mdm/commands/system.update.schedule.yaml`).
    pub path: String,
    pub category: Category,
    pub title: String,
    pub description: Option<String>,
    pub payload: Payload,
    pub payload_keys: Option<KeyList>,
    pub response_keys: Option<KeyList>,
    pub reasons: Vec<Reason>,
    pub notes: Vec<Note>,
    pub related_status_items: Vec<RelatedStatusItems>,
    /// The top-level `examples` (newer releases): one mapping in the first OS 27 seed, a list
    /// of them later; both read into this list.
    pub examples: Vec<Example>,
}

impl SchemaFile {
    /// Calls `f` with every key of the file's payload and response keys, depth first, and its
    /// path (`payloadkeys.Updates.UpdatesItem.Priority`, `responsekeys.…`).
    pub fn for_each_key(&self, mut f: impl FnMut(&str, &Key)) {
        fn walk(at: &str, keys: &[Key], f: &mut impl FnMut(&str, &Key)) {
            for k in keys {
                let path = format!("{at}.{}", k.name);
                f(&path, k);
                walk(&path, k.children(), f);
            }
        }
        for (part, list) in [("payloadkeys", &self.payload_keys), ("responsekeys", &self.response_keys)] {
            if let Some(list) = list {
                walk(part, &list.keys, &mut f);
            }
        }
    }

    /// The constant key this schema's main type carries and writes itself, with its value: a
    /// command's `RequestType`, a check-in message's `MessageType`, a profile payload's
    /// `PayloadType` (the key's one allowed value: the common-keys fixup gives every payload its
    /// own; the wrapper's is `Configuration`).
    pub fn tag(&self) -> Option<(&'static str, &str)> {
        match self.category {
            Category::Commands => Some(("RequestType", self.payload.requesttype.as_deref()?)),
            Category::Checkin => Some(("MessageType", self.payload.requesttype.as_deref()?)),
            Category::Profiles => match self.payload_keys.as_ref()?.keys.iter().find(|k| k.name == "PayloadType")?.fixed_value()? {
                Value::String(s) => Some(("PayloadType", s.as_str())),
                _ => None,
            },
            _ => None,
        }
    }

    /// The identifier the wire uses for this schema (`RequestType`, `PayloadType`, declaration
    /// `Type`, status item name), if the file has one.
    pub fn wire_identifier(&self) -> Option<&str> {
        self.wire_identifier_key().map(|(_, id)| id)
    }

    /// The wire identifier with the `payload` attribute that gives it (`requesttype` …).
    pub fn wire_identifier_key(&self) -> Option<(&'static str, &str)> {
        let p = &self.payload;
        [
            ("requesttype", &p.requesttype),
            ("payloadtype", &p.payloadtype),
            ("declarationtype", &p.declarationtype),
            ("statusitemtype", &p.statusitemtype),
            ("credentialtype", &p.credentialtype),
        ]
        .into_iter()
        .find_map(|(attr, v)| v.as_deref().map(|v| (attr, v)))
    }
}

/// The `payload` section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Payload {
    pub requesttype: Option<String>,
    pub payloadtype: Option<String>,
    pub declarationtype: Option<String>,
    pub statusitemtype: Option<String>,
    pub credentialtype: Option<String>,
    pub supported_os: SupportedOs,
    pub apply: Option<String>,
    pub beta: Option<bool>,
    pub content: Option<String>,
    /// Line of the first identifying key's value (`requesttype` …), 0 when there is none.
    pub identifier_line: usize,
}

/// A list of keys: `payloadkeys`, `responsekeys` or a key's `subkeys`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyList {
    /// The YAML node the list came from; two lists with the same id came from one anchor.
    pub id: NodeId,
    pub keys: Vec<Key>,
}

/// The value type of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyType {
    String,
    Integer,
    Real,
    Boolean,
    Date,
    Data,
    Array,
    Dictionary,
    Any,
}

impl KeyType {
    pub fn parse(text: &str) -> Option<KeyType> {
        Some(match text {
            "<string>" => KeyType::String,
            "<integer>" => KeyType::Integer,
            "<real>" => KeyType::Real,
            "<boolean>" => KeyType::Boolean,
            "<date>" => KeyType::Date,
            "<data>" => KeyType::Data,
            "<array>" => KeyType::Array,
            "<dictionary>" => KeyType::Dictionary,
            "<any>" => KeyType::Any,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "<string>",
            KeyType::Integer => "<integer>",
            KeyType::Real => "<real>",
            KeyType::Boolean => "<boolean>",
            KeyType::Date => "<date>",
            KeyType::Data => "<data>",
            KeyType::Array => "<array>",
            KeyType::Dictionary => "<dictionary>",
            KeyType::Any => "<any>",
        }
    }
}

/// `required` / `optional`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Presence {
    Required,
    Optional,
}

/// A scalar value in `default` or `rangelist`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Integer(i64),
    Real(f64),
    Boolean(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => f.write_str(s),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => write!(f, "{r}"),
            Value::Boolean(b) => write!(f, "{b}"),
        }
    }
}

/// `range`: numeric bounds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// `repetition`: array length bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repetition {
    pub min: u64,
    pub max: u64,
}

/// What a key contains beneath it.
#[derive(Debug, Clone, PartialEq)]
pub enum Subkeys {
    None,
    List(KeyList),
    /// A recursive alias: the same list as the ancestor list with this id.
    Recursive(NodeId),
}

/// One key with all its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The wire name (`Type`, `AirPort.menu`, `ANY`, or an array-item placeholder name).
    pub name: String,
    pub line: usize,
    pub ty: KeyType,
    pub presence: Option<Presence>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub default: Option<Value>,
    pub rangelist: Vec<Value>,
    pub range: Option<Range>,
    pub format: Option<String>,
    /// `valuetype` or the older `subtype`, without angle brackets (`url`, `hostname` …).
    pub valuetype: Option<String>,
    pub repetition: Option<Repetition>,
    pub combinetype: Option<String>,
    pub assettypes: Vec<String>,
    pub asset_content_types: Vec<String>,
    pub subkeytype: Option<String>,
    /// `supportedOS` as written on this key.
    pub supported_os: SupportedOs,
    /// `supportedOS` with inheritance from the payload and enclosing keys applied.
    pub resolved_os: SupportedOs,
    /// The key exists in fewer contexts than the dictionary it is in (its `supportedOS`
    /// narrows its parent's: another OS, version, channel, enrollment, Shared iPad mode …; see
    /// [`SupportedOs::narrows`]). A required key that is narrowed is required only where it
    /// exists: its field is an `Option` and the validator judges its absence in context.
    pub narrowed: bool,
    pub subkeys: Subkeys,
    /// Attributes the format does not define (`devpubs-override` …), kept as their YAML text.
    pub extra: BTreeMap<String, String>,
}

impl Key {
    /// `ANY` or `ANY <what>`: free-form keys of a dictionary.
    pub fn is_any(&self) -> bool {
        self.name == "ANY" || self.name.starts_with("ANY ")
    }
    pub fn is_required(&self) -> bool {
        self.presence == Some(Presence::Required)
    }

    /// Required everywhere its dictionary exists: `presence: required` and not narrowed. Such
    /// a key is a plain (non-`Option`) field and is `required` in the JSON Schema export.
    pub fn is_required_everywhere(&self) -> bool {
        self.is_required() && !self.narrowed
    }

    /// The one value a string or integer key may take, when its `rangelist` has exactly one
    /// (`PayloadVersion: [1]`, an error's `code`). Such a key is a constant, not a choice: its
    /// field keeps its plain type (no one-variant enum) and `new()` fills it in when required.
    pub fn fixed_value(&self) -> Option<&Value> {
        let first = self.rangelist.first()?;
        if self.rangelist.iter().any(|v| v != first) {
            return None;
        }
        match (self.ty, first) {
            (KeyType::String, Value::String(_)) | (KeyType::Integer, Value::Integer(_)) => Some(first),
            _ => None,
        }
    }

    /// The keys directly beneath this one (empty for a recursive reference or no subkeys).
    pub fn children(&self) -> &[Key] {
        match &self.subkeys {
            Subkeys::List(l) => &l.keys,
            _ => &[],
        }
    }

    /// For an array whose items are one of several dictionaries, the key that tells them apart:
    /// a required key every alternative has, with a single allowed value, distinct per
    /// alternative. `None` for ordinary arrays.
    pub fn union_tag(&self) -> Option<&str> {
        let alts = self.children();
        if self.ty != KeyType::Array || alts.len() < 2 {
            return None;
        }
        let first = alts[0].children().iter().find(|k| k.is_required() && k.rangelist.len() == 1 && k.ty == KeyType::String)?;
        let tag = first.name.as_str();
        let mut values = std::collections::BTreeSet::new();
        for alt in alts {
            if alt.ty != KeyType::Dictionary {
                return None;
            }
            let k = alt.children().iter().find(|k| k.name == tag && k.is_required() && k.rangelist.len() == 1)?;
            if !values.insert(k.rangelist[0].to_string()) {
                return None;
            }
        }
        Some(tag)
    }
}

/// A `reasons` entry (DDM reason codes).
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub value: String,
    pub description: Option<String>,
    pub details: Vec<ReasonDetail>,
}

/// A key of a reason's `Details` dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonDetail {
    pub key: String,
    pub description: Option<String>,
    pub ty: Option<KeyType>,
}

/// A `notes` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub title: String,
    pub content: String,
}

/// A `related-status-items` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedStatusItems {
    pub status_items: Vec<String>,
    pub note: Option<String>,
}

/// One `examples` entry: a titled group of example files.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub title: Option<String>,
    pub files: Vec<ExampleFile>,
}

/// One file entry of an example: a document (`file`), or a command's request and response
/// (`request-file`, `response-file`). Paths are as written, relative to the tree (see
/// [`crate::examples`] for how they are found).
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFile {
    pub tab: Option<String>,
    pub description: Option<String>,
    pub file: Option<String>,
    pub request_file: Option<String>,
    pub response_file: Option<String>,
    /// Key path of the entry in the schema file (`examples[0].files[1]`).
    pub path: String,
    /// Line of the entry in the schema file.
    pub line: usize,
}
