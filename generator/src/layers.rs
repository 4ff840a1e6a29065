//! Releases layered: the newest release over older ones, so that nothing a fleet still runs is
//! lost when Apple drops it from the newest tree.
//!
//! Each layer is a tree loaded without the fixups; the layers are merged oldest first, then the
//! fixups run once on the result. Merging a newer layer over what is there:
//!
//! - a file of the newer layer replaces the same path (and a file it renamed, see [`RENAMES`]);
//!   a file only the older layers have is kept as they have it;
//! - in a file the newer layer has, its keys come first, in its order, each merged with the
//!   older key of the same name (its subkeys the same way); an older key the newer file no
//!   longer lists is kept after them; an allowed value (`rangelist`) the newer key no longer
//!   lists is kept after its own values;
//! - everything else of a file (title, `supportedOS`, presence, types …) is the newest's.
//!
//! Not everything an older release has and a newer one lacks was removed: some of it was a
//! mistake the newer release corrected. Such keys are not kept (the newest wins):
//!
//! - a key whose type changed (17.0's `ActionParameters` dictionary became an array of
//!   dictionaries in 18.0): its older subkeys and values describe another shape;
//! - the named subkeys of a dictionary the newer release makes free-form (one `ANY` key:
//!   17.0's placeholder `Authorization Right` and `Group` in `AuthorizationGroups`);
//! - the keys listed in [`CORRECTIONS`], renamed by Apple to the real wire name.
//!
//! Apple marks what it removes (`removed: '27.0'`) in the newer tree, which then wins: the
//! availability tables say "removed in 27.0" and older devices still get it. What a newer tree
//! drops without a word stays as the older layer had it. [`Provenance`] says, for every file and
//! key, which layer it came from.

use std::collections::BTreeMap;

use crate::load::SchemaTree;
use crate::model::{Key, KeyList, SchemaFile, Subkeys};

/// Files Apple renamed: (old path, new path). The old file is dropped from the merge when a
/// newer layer has the new one.
pub const RENAMES: &[(&str, &str)] = &[
    // 27.0: the misspelling of `Mobility` corrected.
    ("mdm/profiles/com.apple.MCX(Mobililty).yaml", "mdm/profiles/com.apple.MCX(Mobility).yaml"),
];

/// Keys an older release named wrongly and a newer one corrected: (file, key path, the key
/// that replaced it). Never kept from an older layer.
pub const CORRECTIONS: &[(&str, &str, &str)] = &[
    // 17.0 called the payload's dictionary by its subkey type's name; 18.0 names the wire key.
    ("mdm/profiles/com.apple.ManagedClient.preferences.yaml", "payloadkeys.PreferenceDomain", "payloadkeys.PayloadContent"),
];

/// Which layer each file and key of a merged tree came from: the newest layer that has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// File path → layer name.
    pub files: BTreeMap<String, String>,
    /// (file path, key path such as `payloadkeys.Settings.DefaultApplications`) → layer name.
    pub keys: BTreeMap<(String, String), String>,
}

impl Provenance {
    /// The keys a newer layer's file no longer lists, kept from an older layer: (file, key path,
    /// the layer it was kept from), sorted. What drift calls "removed upstream, kept from …".
    pub fn kept(&self) -> Vec<(&str, &str, &str)> {
        let mut out: Vec<(&str, &str, &str)> = self
            .keys
            .iter()
            .filter(|((file, _), layer)| self.files.get(file).is_some_and(|f| f != *layer))
            .map(|((file, path), layer)| (file.as_str(), path.as_str(), layer.as_str()))
            .collect();
        out.sort();
        out
    }

    /// The layer a key came from.
    pub fn key(&self, file: &str, path: &str) -> Option<&str> {
        self.keys.get(&(file.to_string(), path.to_string())).map(String::as_str)
    }
}

/// A merged tree and where its parts came from.
#[derive(Debug, Clone)]
pub struct Layered {
    pub tree: SchemaTree,
    pub provenance: Provenance,
}

/// Merges `layers` (name and tree loaded without fixups, oldest first) and applies the fixups
/// to the result. The merged tree's root and the warnings are those of every layer, the root
/// the newest's.
pub fn merge(layers: Vec<(String, SchemaTree)>) -> Layered {
    let mut files: BTreeMap<String, SchemaFile> = BTreeMap::new();
    let mut provenance = Provenance::default();
    let mut warnings = Vec::new();
    let mut root = std::path::PathBuf::new();
    for (name, tree) in layers {
        root = tree.root.clone();
        warnings.extend(tree.warnings);
        for file in tree.files {
            for (old, new) in RENAMES {
                if file.path == *new {
                    files.remove(*old);
                    provenance.files.remove(*old);
                    provenance.keys.retain(|(f, _), _| f != old);
                }
            }
            record(&file, &name, &mut provenance);
            let merged = match files.remove(&file.path) {
                Some(older) => merge_file(older, file),
                None => file,
            };
            provenance.files.insert(merged.path.clone(), name.clone());
            files.insert(merged.path.clone(), merged);
        }
    }
    let mut files: Vec<SchemaFile> = files.into_values().collect();
    // Paths that were merged into another (an array item renamed) are no key of the result.
    let mut present = Provenance::default();
    for f in &files {
        record(f, "", &mut present);
    }
    provenance.keys.retain(|k, _| present.keys.contains_key(k));
    crate::fixups::apply(&mut files);
    warnings.sort();
    warnings.dedup();
    Layered { tree: SchemaTree { root, files, warnings }, provenance }
}

/// Every key the layer's file has is now this layer's; the keys only older layers have keep
/// theirs.
fn record(file: &SchemaFile, layer: &str, provenance: &mut Provenance) {
    file.for_each_key(|path, _| {
        provenance.keys.insert((file.path.clone(), path.to_string()), layer.to_string());
    });
}

fn merge_file(older: SchemaFile, newer: SchemaFile) -> SchemaFile {
    let mut out = newer;
    let file = out.path.clone();
    out.payload_keys = merge_lists(&At { file: &file, path: "payloadkeys".into() }, older.payload_keys, out.payload_keys);
    out.response_keys = merge_lists(&At { file: &file, path: "responsekeys".into() }, older.response_keys, out.response_keys);
    out
}

/// Where a merge is: the file and the key path of the list being merged.
struct At<'a> {
    file: &'a str,
    path: String,
}

impl At<'_> {
    fn child(&self, name: &str) -> At<'_> {
        At { file: self.file, path: format!("{}.{name}", self.path) }
    }

    /// Whether an older key at this place is a mistake a newer release corrected.
    fn corrected(&self) -> bool {
        CORRECTIONS.iter().any(|(f, p, _)| *f == self.file && *p == self.path)
    }
}

fn merge_lists(at: &At<'_>, older: Option<KeyList>, newer: Option<KeyList>) -> Option<KeyList> {
    match (older, newer) {
        (None, newer) => newer,
        (Some(older), None) => Some(older),
        (Some(older), Some(mut newer)) => {
            newer.keys = merge_keys(at, older.keys, newer.keys);
            Some(newer)
        }
    }
}

fn merge_keys(at: &At<'_>, older: Vec<Key>, newer: Vec<Key>) -> Vec<Key> {
    // A free-form dictionary (one `ANY` key) describes every name: older named keys beneath it
    // were placeholders.
    let free_form = matches!(newer.as_slice(), [only] if only.name == "ANY");
    let mut older: Vec<Option<Key>> = older.into_iter().map(Some).collect();
    let mut out: Vec<Key> = newer
        .into_iter()
        .map(|mut k| {
            if let Some(old) = older.iter_mut().find(|o| o.as_ref().is_some_and(|o| o.name == k.name)).and_then(Option::take) {
                merge_key(&at.child(&k.name), old, &mut k);
            }
            k
        })
        .collect();
    if !free_form {
        out.extend(older.into_iter().flatten().filter(|k| !at.child(&k.name).corrected()));
    }
    out
}

fn merge_key(at: &At<'_>, older: Key, newer: &mut Key) {
    if older.ty != newer.ty {
        // Another shape: the newest's word is the whole key.
        return;
    }
    for v in older.rangelist {
        if !newer.rangelist.contains(&v) {
            newer.rangelist.push(v);
        }
    }
    if let (Subkeys::List(old), Subkeys::List(new)) = (older.subkeys, &mut newer.subkeys) {
        if newer.ty == crate::model::KeyType::Array && old.keys.len() == 1 && new.keys.len() == 1 {
            // An array's one item key has a placeholder name, not a wire name (`whiteListItem`
            // renamed): the items are the same place, whatever they are called.
            let mut old = old.keys;
            if let (Some(old_item), Some(new_item)) = (old.pop(), new.keys.first_mut()) {
                let item = at.child(&new_item.name);
                merge_key(&item, old_item, new_item);
            }
            return;
        }
        let keys = std::mem::take(&mut new.keys);
        new.keys = merge_keys(at, old.keys, keys);
    }
}
