//! What the format itself gained or lost between two trees, beside what the schemas say: the
//! attributes the root schema (`docs/schema.yaml`) describes, and the attributes the schema
//! files use at each level (a file's top level, its `payload`, a key, a `supportedOS` entry),
//! read from the YAML, not the model, so an attribute the model does not know yet shows up too.
//! This is the lint summary a maintainer reads first when moving to a new release: from 18.1 to
//! the 27.0 files, the root schema gains `examples` and 256 files use it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{LoadError, LoadErrors};
use crate::load::{load_file_text, tree_yaml_files, NodeId, NodeValue, YamlGraph, ROOT_SCHEMA_PATH};

/// Where in a schema file an attribute is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A top-level attribute of a file (`title`, `payload`, `examples` …).
    File,
    /// An attribute of the `payload` mapping (`requesttype`, `declarationtype` …).
    Payload,
    /// An attribute of a key (`type`, `presence`, `combinetype` …).
    Key,
    /// An attribute of one OS in a `supportedOS` mapping (`introduced`, `removed` …).
    SupportedOs,
}

impl Place {
    pub fn name(self) -> &'static str {
        match self {
            Place::File => "file",
            Place::Payload => "payload",
            Place::Key => "key",
            Place::SupportedOs => "supportedOS",
        }
    }
}

/// An attribute one tree uses and the other does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeUse {
    pub place: Place,
    pub name: String,
    /// How many files of the tree that has it use it.
    pub files: usize,
    /// The first of them, by path.
    pub example: String,
}

/// The format's changes between two trees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatDiff {
    /// Paths in the root schema the newer one has and the older one lacks (`properties.examples`;
    /// only the top of an added branch), and the other way.
    pub root_added: Vec<String>,
    pub root_removed: Vec<String>,
    /// Attributes the newer tree's files use and the older tree's never do, and the other way.
    pub attributes_added: Vec<AttributeUse>,
    pub attributes_removed: Vec<AttributeUse>,
}

impl FormatDiff {
    pub fn is_empty(&self) -> bool {
        self.root_added.is_empty() && self.root_removed.is_empty() && self.attributes_added.is_empty() && self.attributes_removed.is_empty()
    }
}

/// The attributes a tree uses: (place, name) → files using it, sorted.
type Uses = BTreeMap<(Place, String), Vec<String>>;

/// Compares the format of the trees at `old` and `new` (every YAML file the loader reads).
pub fn diff_format(old: &Path, new: &Path) -> Result<FormatDiff, LoadErrors> {
    let (old_root, old_uses) = survey(old)?;
    let (new_root, new_uses) = survey(new)?;
    let only = |a: &Uses, b: &Uses| -> Vec<AttributeUse> {
        a.iter()
            .filter(|(k, _)| !b.contains_key(*k))
            .map(|((place, name), files)| AttributeUse { place: *place, name: name.clone(), files: files.len(), example: files[0].clone() })
            .collect()
    };
    Ok(FormatDiff {
        root_added: tops(&new_root, &old_root),
        root_removed: tops(&old_root, &new_root),
        attributes_added: only(&new_uses, &old_uses),
        attributes_removed: only(&old_uses, &new_uses),
    })
}

/// The paths of `a` missing from `b` whose parent is not missing too.
fn tops(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Vec<String> {
    let missing: BTreeSet<&String> = a.iter().filter(|p| !b.contains(*p)).collect();
    missing.iter().filter(|p| p.rsplit_once('.').is_none_or(|(parent, _)| !missing.contains(&parent.to_string()))).map(|p| p.to_string()).collect()
}

/// The root schema's key paths and the attributes the schema files use.
fn survey(root: &Path) -> Result<(BTreeSet<String>, Uses), LoadErrors> {
    let mut schema_paths = BTreeSet::new();
    let mut uses = Uses::new();
    let mut errors = Vec::new();
    for rel in tree_yaml_files(root)? {
        let graph = match std::fs::read(root.join(&rel)) {
            Ok(bytes) => match load_file_text(&rel, &bytes) {
                Ok(g) => g,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
            Err(e) => {
                errors.push(LoadError { file: rel.clone(), path: String::new(), line: 0, kind: crate::error::LoadErrorKind::Io(e.to_string()) });
                continue;
            }
        };
        if rel == ROOT_SCHEMA_PATH {
            paths(&graph, graph.root, String::new(), &mut BTreeSet::new(), &mut schema_paths);
        } else if rel.starts_with("docs/") {
            continue;
        } else {
            let mut found = BTreeSet::new();
            file_attributes(&graph, &mut found);
            for key in found {
                uses.entry(key).or_default().push(rel.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok((schema_paths, uses))
    } else {
        Err(LoadErrors(errors))
    }
}

/// Every mapping-key path below `id` (`properties.payload.properties.supportedOS`), a sequence's
/// items as `[]`. A node already on the way down (a recursive alias) is not entered again.
fn paths(g: &YamlGraph, id: NodeId, at: String, on_path: &mut BTreeSet<NodeId>, out: &mut BTreeSet<String>) {
    if !on_path.insert(id) {
        return;
    }
    match &g.node(id).value {
        NodeValue::Map(entries) => {
            for (k, v) in entries {
                let p = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                out.insert(p.clone());
                paths(g, *v, p, on_path, out);
            }
        }
        NodeValue::Seq(items) => {
            for v in items {
                paths(g, *v, format!("{at}[]"), on_path, out);
            }
        }
        NodeValue::Scalar(_) => {}
    }
    on_path.remove(&id);
}

fn map(g: &YamlGraph, id: NodeId) -> &[(String, NodeId)] {
    match &g.node(id).value {
        NodeValue::Map(entries) => entries,
        _ => &[],
    }
}

fn seq(g: &YamlGraph, id: NodeId) -> &[NodeId] {
    match &g.node(id).value {
        NodeValue::Seq(items) => items,
        _ => &[],
    }
}

/// The attributes one schema file uses, at each place.
fn file_attributes(g: &YamlGraph, out: &mut BTreeSet<(Place, String)>) {
    for (name, value) in map(g, g.root) {
        out.insert((Place::File, name.clone()));
        match name.as_str() {
            "payload" => {
                for (attr, v) in map(g, *value) {
                    out.insert((Place::Payload, attr.clone()));
                    if attr == "supportedOS" {
                        supported_os(g, *v, out);
                    }
                }
            }
            "payloadkeys" | "responsekeys" => keys(g, *value, &mut BTreeSet::new(), out),
            _ => {}
        }
    }
}

/// The attributes of the keys of a key list and of their subkeys.
fn keys(g: &YamlGraph, list: NodeId, seen: &mut BTreeSet<NodeId>, out: &mut BTreeSet<(Place, String)>) {
    if !seen.insert(list) {
        return;
    }
    for item in seq(g, list) {
        for (attr, v) in map(g, *item) {
            out.insert((Place::Key, attr.clone()));
            match attr.as_str() {
                "subkeys" => keys(g, *v, seen, out),
                "supportedOS" => supported_os(g, *v, out),
                _ => {}
            }
        }
    }
}

fn supported_os(g: &YamlGraph, id: NodeId, out: &mut BTreeSet<(Place, String)>) {
    for (_, per_os) in map(g, id) {
        for (attr, _) in map(g, *per_os) {
            out.insert((Place::SupportedOs, attr.clone()));
        }
    }
}
