//! The walk over a payload's keys: each key given by any configuration is combined by its
//! rule ([`super::values`]); a dictionary without a rule whose keys have rules is combined key
//! by key. The walk follows the schema's key lists, never a recursive link, so it goes no
//! deeper than the schema does.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::error::CombineError;
use super::report::{HowCombined, KeyCombination};
use super::rule::CombineRule;
use super::values::{self, Given};
use super::Combined;
use crate::availability::{KeyNode, KeyType};

/// One configuration's dictionary at the place walked: its index and the dictionary.
pub(super) type GivenObject<'a> = (usize, &'a Map<String, Value>);

/// Combines `given` (dictionaries described by `keys`) into `out`'s records; returns the
/// effective dictionary.
pub(super) fn object(keys: &'static [KeyNode], given: &[GivenObject<'_>], prefix: &str, out: &mut Combined) -> Result<Map<String, Value>, CombineError> {
    let mut effective = Map::new();
    for name in names(given) {
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        let values: Vec<Given<'_>> = given.iter().filter_map(|(i, m)| m.get(name).map(|v| (*i, v))).collect();
        let node = keys.iter().find(|k| !k.any && k.name == name).or_else(|| keys.iter().find(|k| k.any));
        let (how, outcome) = match node {
            Some(node) => match node.combinetype {
                Some(name) => {
                    let rule =
                        CombineRule::from_name(name).ok_or_else(|| CombineError::UnknownCombineType { path: path.clone(), combinetype: name.to_string() })?;
                    (HowCombined::Rule(rule), values::by_rule(rule, node, &path, &values, &mut out.conflicts)?)
                }
                None if by_key(node) => {
                    let objects = dictionaries(&path, &values, out);
                    if !objects.is_empty() {
                        let inner = object(node.children(), &objects, &path, out)?;
                        effective.insert(name.to_string(), Value::Object(inner));
                    }
                    continue;
                }
                None => (HowCombined::NoCombineType, values::uncombined(Some(node), &path, &values, &mut out.conflicts)),
            },
            None => (HowCombined::NotInSchema, values::uncombined(None, &path, &values, &mut out.conflicts)),
        };
        if let Some(value) = outcome.value {
            effective.insert(name.to_string(), value);
            out.keys.push(KeyCombination { path, how, contributors: outcome.contributors, source: outcome.source });
        }
    }
    Ok(effective)
}

/// Whether any key of `keys`, at any depth, has a `combinetype`: the schema of a type whose
/// configurations combine.
pub(super) fn any_combinetype(keys: &'static [KeyNode]) -> bool {
    keys.iter().any(|k| k.combinetype.is_some() || (!k.is_recursive() && any_combinetype(k.children())))
}

/// A dictionary without a rule of its own whose keys (in dictionaries beneath, too) have rules:
/// combined key by key.
fn by_key(node: &KeyNode) -> bool {
    fn rules_below(keys: &'static [KeyNode]) -> bool {
        keys.iter().any(|k| k.combinetype.is_some() || by_key(k))
    }
    node.combinetype.is_none() && node.ty == KeyType::Dictionary && !node.is_recursive() && rules_below(node.children())
}

/// The dictionaries among `values`; each other value is reported.
fn dictionaries<'a>(path: &str, values: &[Given<'a>], out: &mut Combined) -> Vec<GivenObject<'a>> {
    let mut objects = Vec::with_capacity(values.len());
    for &(i, v) in values {
        match v.as_object() {
            Some(map) => objects.push((i, map)),
            None => out.conflicts.push(super::Conflict {
                path: path.to_string(),
                configuration: i,
                kind: super::ConflictKind::WrongType { expected: values::type_name(KeyType::Dictionary), actual: super::report::json_kind(v) },
            }),
        }
    }
    objects
}

/// Every key name of `given`, each once, in the order they first appear.
fn names<'a>(given: &[GivenObject<'a>]) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    given.iter().flat_map(|(_, m)| m.keys()).map(String::as_str).filter(|k| seen.insert(*k)).collect()
}
