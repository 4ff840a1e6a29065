//! Error and warning types of the loader and model: every one names the file, the key path and
//! the line, so a maintainer can jump straight to the offending YAML.

use std::fmt;

use crate::model::KeyType;

/// What went wrong while reading one schema file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadErrorKind {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is not UTF-8 text (binary data?)")]
    NotText,
    #[error("file is empty")]
    Empty,
    #[error("YAML syntax error: {message}")]
    Syntax { message: String },
    #[error("alias refers to an anchor that is not defined before it")]
    UnknownAnchor,
    #[error("more than one YAML document in the file")]
    MultipleDocuments,
    #[error("mapping keys must be scalars")]
    ComplexMappingKey,
    /// `what` names the unit: `bytes`, `YAML nodes`, or `keys once aliases are expanded`.
    #[error("document has more than {limit} {what}")]
    TooLarge { limit: usize, what: &'static str },
    #[error("document nests deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("expected {expected}, found {found}")]
    WrongShape { expected: &'static str, found: &'static str },
    #[error("missing required field `{field}`")]
    MissingField { field: &'static str },
    #[error("unknown key type `{value}` (expected one of <string> <integer> <real> <boolean> <date> <data> <array> <dictionary> <any>)")]
    UnknownType { value: String },
    #[error("array must have exactly one item subkey, found {count}")]
    ArrayItemCount { count: usize },
    /// A fixup's site that Apple's file no longer needs it at.
    #[error("the file gives this alternative its own `{tag}` now: the fixup `{fixup}` is no longer needed here; remove the site from generator/src/fixups")]
    FixupObsolete { fixup: &'static str, tag: String },
    #[error("bad version `{value}` (expected digits separated by dots, `n/a`, `all` or `0`)")]
    BadVersion { value: String },
    #[error("bad value `{value}` for `{field}`: expected {expected}")]
    BadValue { field: String, expected: &'static str, value: String },
    #[error("file is outside the known schema folders (mdm/, declarative/, other/)")]
    UnknownLocation,
    /// A `rangelist` value or `default` that the key's type cannot hold (lint).
    #[error("{site} `{value}` is {}, but the key's type is {}", scalar_kind(*.found), .expected.as_str())]
    ValueType { site: ValueSite, value: String, found: KeyType, expected: KeyType },
    /// A `format` that the regex engine (the one the generated crate validates with) refuses (lint).
    #[error("`format` is not a valid regex: {message}")]
    BadRegex { pattern: String, message: String },
    /// Two keys of one key list with the same name (lint).
    #[error("key `{name}` is named twice in this key list (first at line {first_line})")]
    DuplicateKey { name: String, first_line: usize },
    /// An `examples` entry names a file the tree does not have.
    #[error("example file `{file}` is not in the tree (looked in the tree and its examples/ folder)")]
    MissingExample { file: String },
    /// Two schema files of one category with the same wire identifier (lint).
    #[error("wire identifier `{identifier}` is also the one of {other}")]
    DuplicateWireId { identifier: String, other: String },
}

/// Where a value the lint judges sits on its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSite {
    RangelistValue,
    Default,
}

impl fmt::Display for ValueSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueSite::RangelistValue => "rangelist value",
            ValueSite::Default => "default",
        })
    }
}

/// What a YAML scalar was read as, with its article (quoted text is a string: `'10'`, `'yes'`).
fn scalar_kind(t: KeyType) -> &'static str {
    match t {
        KeyType::Integer => "an integer",
        KeyType::Real => "a real",
        KeyType::Boolean => "a boolean",
        _ => "a string",
    }
}

/// One error found in a schema tree.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// Path of the file relative to the tree root, with `/` separators.
    pub file: String,
    /// Key path inside the file, such as `payloadkeys.Updates.UpdatesItem.InstallAction.type`.
    pub path: String,
    /// 1-based line, 0 when the error is about the whole file.
    pub line: usize,
    pub kind: LoadErrorKind,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if !self.path.is_empty() {
            write!(f, ": at `{}`", self.path)?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for LoadError {}

/// All errors found in one run over a tree (never just the first).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} error(s) in the schema tree:", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// A deviation worth reporting that does not stop generation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: String,
    pub path: String,
    pub message: String,
    /// A short name of what kind of deviation this is, for summaries: the attribute the root
    /// schema does not allow (`asset-content-types`), the root schema's keyword otherwise
    /// (`type`, `enum` …), or the lint's name (`duplicate-wire-id` …).
    pub kind: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: warning: {}", self.file, self.message)
        } else {
            write!(f, "{}: at `{}`: warning: {}", self.file, self.path, self.message)
        }
    }
}

/// Errors of the schema source (pin file, fetch, digest).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("no schema tree found: pass --schemas DIR, set DM_SCHEMAS, or run `cargo xtask fetch-schemas` (looked in {looked})")]
    Missing { looked: String },
    #[error("no tree of {release}, the layer beneath {top}: `cargo xtask fetch-schemas` fetches every layer of the pin, or point DM_SCHEMAS_ROOT at a folder holding {release}/ (looked in {looked})")]
    MissingLayer { release: String, top: String, looked: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("schemas/pin.toml: {message}")]
    BadPin { message: String },
    #[error("schema tree {dir} does not match the pin: digest {actual}, pinned {expected} (release {release})")]
    DigestMismatch { dir: String, actual: String, expected: String, release: String },
    #[error("fetching the pinned tree failed: {0}")]
    Fetch(String),
}
