//! Schema drift: what changed between two schema trees, and what each change does to the generated
//! Rust API. A semantic diff of the models, never of the YAML text:
//!
//! - `match.rs`: which file of the older tree is which file of the newer one.
//!   Two files are the same schema when they have the same category and wire identifier
//!   (`RequestType`, `PayloadType`, declaration `Type` …); a file moved or renamed on disk keeps its
//!   identity and is reported once, as renamed. When the identifier is missing or shared by several
//!   files of the category (`com.apple.MCX` is the `PayloadType` of six profile files), the path
//!   decides too. A file whose wire identifier changes is a different schema: removed + added.
//! - `keys.rs`: key by key, with full paths (`payloadkeys.Updates.UpdatesItem.Priority`). Keys are
//!   matched by name; an array's single item key is matched by position (its name is a placeholder).
//!   A key added or removed is reported once, not once per key beneath it. A recursive reference
//!   ([`Subkeys::Recursive`](crate::model::Subkeys)) is compared by the key path it points back
//!   to, never expanded.
//! - `availability.rs`: `supportedOS` per OS and attribute. A key's inherited rules are not
//!   re-reported at every key below: an attribute is reported where it is written.
//! - `api.rs`: which Rust item each key became (through the [`ir`](crate::ir) of each tree), and
//!   the diff of the two generated APIs (modules, types, fields, variants).
//! - `render.rs`: Markdown for people, JSON for bots.
//!
//! # API impact rules
//!
//! Each change carries an [`ApiImpact`]: [`Level::Breaking`] when code written against the older
//! generated crate may stop compiling or stop meaning the same, [`Level::Additive`] when the API only
//! grows, [`Level::None`] when the generated types do not change (only their docs).
//!
//! | change | level | why |
//! | --- | --- | --- |
//! | schema added | additive | a new module |
//! | schema removed | breaking | its module goes |
//! | schema renamed or moved | breaking if the module path or main type name changes, else none | module and type names come from the file name |
//! | key added, optional | additive | a new `Option` field (\*) |
//! | key added, required | breaking | a new non-`Option` field every constructor must fill |
//! | key removed | breaking | the field goes |
//! | `ANY` key added or removed in a struct | none | free-form keys land in `unknown` either way |
//! | type changed | breaking | the field's Rust type changes |
//! | presence changed, either way | breaking | `T` ↔ `Option<T>` (absent presence = optional: no change) |
//! | rangelist value added | additive | a new enum variant; enums keep `Unknown(_)` for values they do not list |
//! | rangelist value removed | breaking | the variant goes |
//! | rangelist appears or disappears, or goes from one value to several or back (string/integer key) | breaking | plain value ↔ enum (a key with one allowed value is a plain field) |
//! | range, default, format, valuetype, repetition, combinetype | none | documentation only; the Rust type does not carry them |
//! | subkeytype, array item renamed | breaking if the Rust type name changes, else none | the nested struct is named after them |
//! | subkeys changed shape (none / list / recursive, recursion target) | breaking | the field's type changes |
//! | availability (any `supportedOS` attribute) | none | availability is documentation in the generated crate |
//!
//! (\*) The generated structs are not `#[non_exhaustive]`, so a struct literal naming every field
//! must add `field: None`; that mechanical fix is accepted as additive, as are new enum variants
//! (an exhaustive `match` already needs an arm for `Unknown(_)`).
//!
//! The [`ApiDiff`] lists the generated API's own changes (module, type, field, variant added or
//! removed, field type changed) by comparing the IR of both trees: that is what a semver check of a
//! pull request sees.

mod api;
mod availability;
mod format;
mod keys;
#[path = "match.rs"]
mod pairing;
mod render;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use api::{diff_crates, ApiChange, ApiChangeKind, ApiDiff};
pub use availability::{summary as availability_summary, AvailabilityField};
pub use format::{diff_format, AttributeUse, FormatDiff, Place};
pub use render::{to_json, to_markdown};

use crate::error::LoadErrors;
use crate::load::{load_tree, SchemaTree};
use crate::model::{Category, Os, SchemaFile};

/// How much a change affects the generated Rust API. Ordered: `None < Additive < Breaking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    None,
    Additive,
    Breaking,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Additive => "additive",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change's effect on the generated API, and the Rust item it lands on
/// (`commands::schedule_os_update::UpdatesItem.priority`, `profiles::com_apple_dock`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiImpact {
    pub level: Level,
    pub rust_item: String,
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    SchemaAdded,
    SchemaRemoved,
    /// The file moved or was renamed; `old`/`new` are the paths.
    SchemaRenamed,
    KeyAdded,
    KeyRemoved,
    /// An array's item key has a new (placeholder) name.
    ItemRenamed,
    Type,
    Presence,
    /// The rangelist appeared or disappeared (the key becomes or stops being an enum).
    Rangelist,
    RangelistValueAdded,
    RangelistValueRemoved,
    Range,
    Default,
    Format,
    ValueType,
    Repetition,
    CombineType,
    SubkeyType,
    /// Subkeys changed shape: none, a list, a recursive reference (or its target).
    Subkeys,
    /// One `supportedOS` attribute of one OS.
    Availability {
        os: Os,
        field: AvailabilityField,
    },
}

impl ChangeKind {
    /// Stable kebab-case name, used in JSON and for counting (`availability` for every OS/field).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::SchemaAdded => "schema-added",
            ChangeKind::SchemaRemoved => "schema-removed",
            ChangeKind::SchemaRenamed => "schema-renamed",
            ChangeKind::KeyAdded => "key-added",
            ChangeKind::KeyRemoved => "key-removed",
            ChangeKind::ItemRenamed => "item-renamed",
            ChangeKind::Type => "type",
            ChangeKind::Presence => "presence",
            ChangeKind::Rangelist => "rangelist",
            ChangeKind::RangelistValueAdded => "rangelist-value-added",
            ChangeKind::RangelistValueRemoved => "rangelist-value-removed",
            ChangeKind::Range => "range",
            ChangeKind::Default => "default",
            ChangeKind::Format => "format",
            ChangeKind::ValueType => "valuetype",
            ChangeKind::Repetition => "repetition",
            ChangeKind::CombineType => "combinetype",
            ChangeKind::SubkeyType => "subkeytype",
            ChangeKind::Subkeys => "subkeys",
            ChangeKind::Availability { .. } => "availability",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeKind::Availability { os, field } => write!(f, "availability {os}.{}", field.name()),
            k => f.write_str(k.name()),
        }
    }
}

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub category: Category,
    /// The schema's wire identifier, or its path when it has none.
    pub schema: String,
    /// The file in the newer tree (the older one for a removed schema).
    pub file: String,
    /// Key path (`payloadkeys.Updates.UpdatesItem.Priority`, `responsekeys.…`); `payload` for the
    /// schema's own `supportedOS`; empty for a whole-schema change.
    pub path: String,
    pub kind: ChangeKind,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For an added or removed key or schema: its OS availability (inheritance applied).
    pub availability: Option<String>,
    pub api: ApiImpact,
    /// For a schema, key or allowed value the newer release removed: the older layer the
    /// layered crate keeps it from ("removed upstream, kept from release-18.1"); the field or
    /// variant then stays and the change has no API impact.
    pub kept_from: Option<String>,
}

/// Everything that changed between two trees.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftReport {
    /// Labels of the two trees (their folders, or what the caller sets).
    pub old_label: String,
    pub new_label: String,
    /// Schema files in each tree.
    pub old_files: usize,
    pub new_files: usize,
    /// Schemas present in both trees.
    pub paired: usize,
    /// Sorted by category, schema, file, then in key order.
    pub changes: Vec<Change>,
    /// The generated API's own diff (modules, types, fields, variants).
    pub api: ApiDiff,
    /// Why the Rust side could not be computed for a tree (the IR rejected it); normally empty.
    pub api_errors: Vec<String>,
    /// The format's own changes (root schema, attributes the files use); filled when the
    /// trees are compared from their folders.
    pub format: FormatDiff,
}

/// Totals of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub breaking: usize,
    pub additive: usize,
    pub no_api_impact: usize,
    /// Per [`ChangeKind::name`].
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Schemas with at least one change (added and removed ones included).
    pub schemas_changed: usize,
}

impl Counts {
    pub fn kind(&self, name: &str) -> usize {
        self.by_kind.get(name).copied().unwrap_or(0)
    }
}

/// When `cargo xtask drift --fail-on …` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any schema change or generated-API change.
    Any,
    /// Any breaking change (of a schema change's impact, or of the API diff).
    Breaking,
}

impl FromStr for FailOn {
    type Err = DriftError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "any" => Ok(FailOn::Any),
            "breaking" => Ok(FailOn::Breaking),
            _ => Err(DriftError::BadOption { option: "--fail-on", value: s.to_string(), expected: "any or breaking" }),
        }
    }
}

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

impl FromStr for Format {
    type Err = DriftError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            _ => Err(DriftError::BadOption { option: "--format", value: s.to_string(), expected: "markdown or json" }),
        }
    }
}

/// Failures of the drift engine's entry points.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    #[error("cannot load the {which} tree {dir}: {errors}")]
    Load { which: &'static str, dir: String, errors: LoadErrors },
    #[error("bad {option} value `{value}`: expected {expected}")]
    BadOption { option: &'static str, value: String, expected: &'static str },
}

impl DriftReport {
    pub fn counts(&self) -> Counts {
        let mut c = Counts { total: self.changes.len(), ..Counts::default() };
        let mut schemas = std::collections::BTreeSet::new();
        for ch in &self.changes {
            match ch.api.level {
                Level::Breaking => c.breaking += 1,
                Level::Additive => c.additive += 1,
                Level::None => c.no_api_impact += 1,
            }
            *c.by_kind.entry(ch.kind.name()).or_default() += 1;
            schemas.insert((ch.category, ch.schema.as_str(), ch.file.as_str()));
        }
        c.schemas_changed = schemas.len();
        c
    }

    /// The highest level of any schema change or API change.
    pub fn level(&self) -> Level {
        let changes = self.changes.iter().map(|c| c.api.level);
        let api = self.api.changes.iter().map(|c| c.level);
        changes.chain(api).max().unwrap_or(Level::None)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.api.changes.is_empty()
    }

    /// Whether a CI gate with this setting fails on the report.
    pub fn fails(&self, on: FailOn) -> bool {
        match on {
            FailOn::Any => !self.is_empty(),
            FailOn::Breaking => self.level() == Level::Breaking,
        }
    }

    /// The changes of one kind (by [`ChangeKind::name`]).
    pub fn of_kind(&self, name: &str) -> Vec<&Change> {
        self.changes.iter().filter(|c| c.kind.name() == name).collect()
    }

    /// The report rendered in a format.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => to_markdown(self),
            Format::Json => to_json(self),
        }
    }
}

/// Compares two sets of schema files (each one tree's files). Never fails: a tree whose IR cannot
/// be built still gets its schema changes, with the reason in [`DriftReport::api_errors`].
pub fn diff(old: &[SchemaFile], new: &[SchemaFile]) -> DriftReport {
    let mut api_errors = Vec::new();
    let mut build = |files: &[SchemaFile], which: &str| match crate::ir::build_crate(files) {
        Ok(c) => Some(c),
        Err(errors) => {
            api_errors.extend(errors.iter().map(|e| format!("{which} tree: {e}")));
            None
        }
    };
    let old_crate = build(old, "older");
    let new_crate = build(new, "newer");
    let old_index = old_crate.as_ref().map(api::CrateIndex::new);
    let new_index = new_crate.as_ref().map(api::CrateIndex::new);

    let pairing = pairing::pair(old, new);
    let mut changes = Vec::new();
    for p in &pairing.pairs {
        let (o, n) = (&old[p.old], &new[p.new]);
        let om = old_index.as_ref().and_then(|i| i.module(&o.path));
        let nm = new_index.as_ref().and_then(|i| i.module(&n.path));
        keys::diff_schema(o, n, om, nm, &mut changes);
    }
    for &i in &pairing.removed {
        let f = &old[i];
        let m = old_index.as_ref().and_then(|x| x.module(&f.path));
        changes.push(keys::schema_change(f, ChangeKind::SchemaRemoved, m));
    }
    for &i in &pairing.added {
        let f = &new[i];
        let m = new_index.as_ref().and_then(|x| x.module(&f.path));
        changes.push(keys::schema_change(f, ChangeKind::SchemaAdded, m));
    }
    // Stable order: by schema, then the order the walk produced (key order).
    changes.sort_by(|a, b| (a.category, &a.schema, &a.file).cmp(&(b.category, &b.schema, &b.file)));

    let api = match (&old_crate, &new_crate) {
        (Some(o), Some(n)) => diff_crates(o, n),
        _ => ApiDiff::default(),
    };
    DriftReport {
        old_label: String::new(),
        new_label: String::new(),
        old_files: old.len(),
        new_files: new.len(),
        paired: pairing.pairs.len(),
        changes,
        api,
        api_errors,
        format: FormatDiff::default(),
    }
}

/// What Apple changed from one release to the next, for a crate generated from releases
/// layered ([`crate::layers`]): the schema changes are those between the two top releases
/// (`old_top` and `new_top`, loaded with fixups); the generated API's diff is that of the two
/// merged trees (today's layers, and the same with the new release on top), so a removal the
/// layers keep is reported with [`Change::kept_from`] and no API impact.
///
/// `old_release` names the older top release: an allowed value is kept from it.
pub fn diff_layered(
    old_top: &[SchemaFile],
    new_top: &[SchemaFile],
    old_merged: &crate::layers::Layered,
    new_merged: &crate::layers::Layered,
    old_release: &str,
) -> DriftReport {
    let mut report = diff(old_top, new_top);
    let merged = diff(&old_merged.tree.files, &new_merged.tree.files);
    report.api = merged.api;
    report.api_errors.extend(merged.api_errors);
    let kept = kept_paths(new_merged);
    let provenance = &new_merged.provenance;
    for c in &mut report.changes {
        let from = match c.kind {
            ChangeKind::SchemaRemoved => provenance.files.get(&c.file).cloned(),
            ChangeKind::KeyRemoved => provenance.key(&c.file, &c.path).map(str::to_string),
            ChangeKind::RangelistValueRemoved => {
                let value = c.old.as_deref().unwrap_or_default();
                kept.contains(&(c.file.clone(), c.path.clone(), value.to_string())).then(|| old_release.to_string())
            }
            _ => None,
        };
        // What the new release removed and the merged tree still has came from an older layer.
        if let Some(from) = from {
            c.kept_from = Some(from);
            c.api.level = Level::None;
        }
    }
    report
}

/// Every allowed value of every key of a merged tree: (file, key path, value).
fn kept_paths(merged: &crate::layers::Layered) -> std::collections::BTreeSet<(String, String, String)> {
    let mut out = std::collections::BTreeSet::new();
    for f in &merged.tree.files {
        f.for_each_key(|path, k| {
            for v in &k.rangelist {
                out.insert((f.path.clone(), path.to_string(), v.to_string()));
            }
        });
    }
    out
}

/// [`diff`] of two loaded trees, labelled with their folders.
pub fn diff_trees(old: &SchemaTree, new: &SchemaTree) -> DriftReport {
    let mut r = diff(&old.files, &new.files);
    r.old_label = old.root.display().to_string();
    r.new_label = new.root.display().to_string();
    r
}

/// [`diff_layered`] from folders: today's layers (oldest first, each `(release, folder)`, the
/// pinned release last) and a newer release's tree, which the layered crate would put on top.
pub fn diff_over_layers(layers: &[(String, std::path::PathBuf)], new: &Path, new_name: &str) -> Result<DriftReport, DriftError> {
    let unfixed = |dir: &Path, which: &'static str| {
        crate::load::load_tree_unfixed(dir).map_err(|errors| DriftError::Load { which, dir: dir.display().to_string(), errors })
    };
    let Some((old_name, old_dir)) = layers.last() else {
        return Err(DriftError::BadOption { option: "layers", value: String::new(), expected: "at least the pinned release" });
    };
    let mut loaded = Vec::new();
    for (name, dir) in layers {
        loaded.push((name.clone(), unfixed(dir, "older")?));
    }
    let old_merged = crate::layers::merge(loaded.clone());
    loaded.push((new_name.to_string(), unfixed(new, "newer")?));
    let new_merged = crate::layers::merge(loaded);
    let load = |dir: &Path, which: &'static str| load_tree(dir).map_err(|errors| DriftError::Load { which, dir: dir.display().to_string(), errors });
    let (old_top, new_top) = (load(old_dir, "older")?, load(new, "newer")?);
    let mut report = diff_layered(&old_top.files, &new_top.files, &old_merged, &new_merged, old_name);
    report.format = diff_format(old_dir, new).map_err(|errors| DriftError::Load { which: "newer", dir: new.display().to_string(), errors })?;
    report.old_label = old_top.root.display().to_string();
    report.new_label = new_top.root.display().to_string();
    Ok(report)
}

/// Loads both trees and compares them.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<DriftReport, DriftError> {
    let load = |dir: &Path, which: &'static str| load_tree(dir).map_err(|errors| DriftError::Load { which, dir: dir.display().to_string(), errors });
    let old_tree = load(old, "older")?;
    let new_tree = load(new, "newer")?;
    let mut report = diff_trees(&old_tree, &new_tree);
    report.format = diff_format(old, new).map_err(|errors| DriftError::Load { which: "newer", dir: new.display().to_string(), errors })?;
    Ok(report)
}
