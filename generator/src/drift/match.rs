//! Pairing the files of two trees: by category and wire identifier when that identifier names one
//! file of the category in each tree (so a moved or renamed file is the same schema), else by path
//! with an equal identifier (`com.apple.MCX(WiFi).yaml` and its five siblings share one
//! `PayloadType`; files without an identifier only have their path).

use std::collections::HashMap;

use crate::model::{Category, SchemaFile};

/// Indices into the old and new file slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
}

#[derive(Debug, Default)]
pub struct Pairing {
    /// In the newer tree's file order.
    pub pairs: Vec<Pair>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

type WireKey<'f> = (Category, &'f str);

/// Files per (category, wire identifier).
fn by_wire(files: &[SchemaFile]) -> HashMap<WireKey<'_>, Vec<usize>> {
    let mut m: HashMap<WireKey<'_>, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if let Some(id) = f.wire_identifier() {
            m.entry((f.category, id)).or_default().push(i);
        }
    }
    m
}

pub fn pair(old: &[SchemaFile], new: &[SchemaFile]) -> Pairing {
    let old_wire = by_wire(old);
    let new_wire = by_wire(new);
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut old_used = vec![false; old.len()];

    // 1. A wire identifier that names exactly one file of its category on each side.
    for (key, news) in &new_wire {
        if let (Some(olds), [n]) = (old_wire.get(key), news.as_slice()) {
            if let [o] = olds.as_slice() {
                old_of_new[*n] = Some(*o);
                old_used[*o] = true;
            }
        }
    }

    // 2. The rest by path, when the identifiers agree (both missing, or the same shared one).
    let old_by_path: HashMap<&str, usize> = old.iter().enumerate().filter(|(i, _)| !old_used[*i]).map(|(i, f)| (f.path.as_str(), i)).collect();
    for (n, f) in new.iter().enumerate() {
        if old_of_new[n].is_some() {
            continue;
        }
        if let Some(&o) = old_by_path.get(f.path.as_str()) {
            if !old_used[o] && old[o].category == f.category && old[o].wire_identifier() == f.wire_identifier() {
                old_of_new[n] = Some(o);
                old_used[o] = true;
            }
        }
    }

    let mut out = Pairing::default();
    for (n, o) in old_of_new.iter().enumerate() {
        match o {
            Some(o) => out.pairs.push(Pair { old: *o, new: n }),
            None => out.added.push(n),
        }
    }
    out.removed = (0..old.len()).filter(|i| !old_used[*i]).collect();
    out
}
