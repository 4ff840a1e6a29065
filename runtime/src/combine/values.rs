//! One key's values from several configurations made one: by the key's [`CombineRule`]
//! ([`by_rule`]), or, for a key without one, the first configuration's value with every
//! differing one reported ([`uncombined`]). A value the rule cannot use is left out and
//! reported as a [`Conflict`]; nothing here fails on a value.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{Number, Value};

use super::error::CombineError;
use super::report::{json_kind, Conflict, ConflictKind};
use super::rule::CombineRule;
use crate::availability::{KeyNode, KeyType, Scalar};

/// A key's value in one configuration: the configuration's index and the value.
pub(super) type Given<'a> = (usize, &'a Value);

/// What one key combines to.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Outcome {
    /// `None`: no configuration gave a usable value; the key is left out.
    pub value: Option<Value>,
    pub contributors: Vec<usize>,
    pub source: Option<usize>,
}

/// Combines `given` (the values of the key `node` at `path`, in configuration order) by `rule`.
pub(super) fn by_rule(rule: CombineRule, node: &KeyNode, path: &str, given: &[Given<'_>], conflicts: &mut Vec<Conflict>) -> Result<Outcome, CombineError> {
    Ok(match rule {
        CombineRule::BooleanOr | CombineRule::BooleanAnd => {
            let usable = usable(KeyType::Boolean, path, given, conflicts);
            let bools = usable.iter().filter_map(|(i, v)| v.as_bool().map(|b| (*i, b)));
            let result = if rule == CombineRule::BooleanOr { bools.clone().any(|(_, b)| b) } else { bools.clone().all(|(_, b)| b) };
            let source = bools.clone().find(|(_, b)| *b == result).map(|(i, _)| i);
            picked(&usable, source)
        }
        CombineRule::NumberMin | CombineRule::NumberMax => {
            let ty = if node.ty == KeyType::Integer { KeyType::Integer } else { KeyType::Real };
            let usable = usable(ty, path, given, conflicts);
            let mut best: Option<(usize, &Number)> = None;
            for (i, n) in usable.iter().filter_map(|(i, v)| v.as_number().map(|n| (*i, n))) {
                let better = match best {
                    None => true,
                    Some((_, b)) if rule == CombineRule::NumberMin => compare(n, b) == Ordering::Less,
                    Some((_, b)) => compare(n, b) == Ordering::Greater,
                };
                if better {
                    best = Some((i, n));
                }
            }
            picked(&usable, best.map(|(i, _)| i))
        }
        CombineRule::EnumFirst | CombineRule::EnumLast => {
            if node.rangelist.is_empty() {
                return Err(CombineError::NoRangelist { path: path.to_string() });
            }
            let mut ranked = Vec::new();
            for (i, v) in usable(node.ty, path, given, conflicts) {
                match node.rangelist.iter().position(|s| scalar_is(s, v)) {
                    Some(position) => ranked.push((i, v, position)),
                    None => conflicts.push(Conflict { path: path.to_string(), configuration: i, kind: ConflictKind::NotInRangelist { value: v.clone() } }),
                }
            }
            // The first configuration given wins a tie.
            let best = if rule == CombineRule::EnumFirst { ranked.iter().min_by_key(|(_, _, p)| *p) } else { ranked.iter().rev().max_by_key(|(_, _, p)| *p) };
            let usable: Vec<Given<'_>> = ranked.iter().map(|(i, v, _)| (*i, *v)).collect();
            picked(&usable, best.map(|(i, _, _)| *i))
        }
        CombineRule::First => {
            let usable = usable(node.ty, path, given, conflicts);
            picked(&usable, usable.first().map(|(i, _)| *i))
        }
        CombineRule::ArrayAppend | CombineRule::SetUnion | CombineRule::SetIntersection => arrays(rule, node, path, given, conflicts),
    })
}

/// A key without a `combinetype` (`node` is `None` for a key the schema does not describe): the
/// first usable value, and a [`ConflictKind::Differs`] for every later one that differs.
pub(super) fn uncombined(node: Option<&KeyNode>, path: &str, given: &[Given<'_>], conflicts: &mut Vec<Conflict>) -> Outcome {
    let usable = usable(node.map_or(KeyType::Any, |n| n.ty), path, given, conflicts);
    let Some(&(kept, first)) = usable.first() else { return Outcome::default() };
    for &(i, v) in &usable[1..] {
        if v != first {
            conflicts.push(Conflict { path: path.to_string(), configuration: i, kind: ConflictKind::Differs { kept } });
        }
    }
    picked(&usable, Some(kept))
}

/// The outcome when `source`'s value is the effective one.
fn picked(usable: &[Given<'_>], source: Option<usize>) -> Outcome {
    let value = source.and_then(|s| usable.iter().find(|(i, _)| *i == s)).map(|(_, v)| (*v).clone());
    Outcome { value, contributors: usable.iter().map(|(i, _)| *i).collect(), source }
}

/// `array-append`, `set-union`, `set-intersection`: each array's items of the item key's type.
fn arrays(rule: CombineRule, node: &KeyNode, path: &str, given: &[Given<'_>], conflicts: &mut Vec<Conflict>) -> Outcome {
    let item_ty = node.children().first().map_or(KeyType::Any, |item| item.ty);
    let mut lists: Vec<Vec<&Value>> = Vec::new();
    let mut contributors = Vec::new();
    for (i, v) in usable(KeyType::Array, path, given, conflicts) {
        let Some(items) = v.as_array() else { continue };
        let mut list = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            if fits(item_ty, item) {
                list.push(item);
            } else {
                conflicts.push(Conflict {
                    path: format!("{path}[{n}]"),
                    configuration: i,
                    kind: ConflictKind::WrongType { expected: type_name(item_ty), actual: json_kind(item) },
                });
            }
        }
        lists.push(list);
        contributors.push(i);
    }
    if lists.is_empty() {
        return Outcome::default();
    }
    let items: Vec<Value> = match rule {
        CombineRule::SetUnion => {
            let mut seen = ValueSet::default();
            lists.iter().flatten().filter(|item| seen.insert(item)).map(|item| (*item).clone()).collect()
        }
        CombineRule::SetIntersection => {
            let others: Vec<ValueSet<'_>> = lists[1..].iter().map(|l| l.iter().copied().collect()).collect();
            let mut seen = ValueSet::default();
            lists[0].iter().filter(|item| others.iter().all(|o| o.contains(item)) && seen.insert(item)).map(|item| (*item).clone()).collect()
        }
        _ => lists.iter().flatten().map(|item| (*item).clone()).collect(),
    };
    Outcome { value: Some(Value::Array(items)), contributors, source: None }
}

/// The values of `given` of type `ty`; each other one is reported.
fn usable<'a>(ty: KeyType, path: &str, given: &[Given<'a>], conflicts: &mut Vec<Conflict>) -> Vec<Given<'a>> {
    let mut out = Vec::with_capacity(given.len());
    for &(i, v) in given {
        if fits(ty, v) {
            out.push((i, v));
        } else {
            conflicts.push(Conflict {
                path: path.to_string(),
                configuration: i,
                kind: ConflictKind::WrongType { expected: type_name(ty), actual: json_kind(v) },
            });
        }
    }
    out
}

/// Whether a JSON value is of the schema type `ty`, as the validator judges DDM's JSON: a whole
/// number is an integer (`3.0` too), any number a real, dates and data are strings.
pub(super) fn fits(ty: KeyType, v: &Value) -> bool {
    match ty {
        KeyType::Any => true,
        KeyType::String | KeyType::Date | KeyType::Data => v.is_string(),
        KeyType::Integer => v.as_number().is_some_and(|n| n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0)),
        KeyType::Real => v.is_number(),
        KeyType::Boolean => v.is_boolean(),
        KeyType::Array => v.is_array(),
        KeyType::Dictionary => v.is_object(),
    }
}

/// A schema type's name, as the conflicts say it.
pub(super) fn type_name(ty: KeyType) -> &'static str {
    match ty {
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

/// Numbers in order: integers exactly, anything else as reals.
fn compare(a: &Number, b: &Number) -> Ordering {
    let int = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    match (int(a), int(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.as_f64().unwrap_or(f64::NAN).total_cmp(&b.as_f64().unwrap_or(f64::NAN)),
    }
}

/// Whether a `rangelist` entry is this value.
fn scalar_is(s: &Scalar, v: &Value) -> bool {
    match s {
        Scalar::Str(s) => v.as_str() == Some(*s),
        Scalar::Int(n) => v.as_i64() == Some(*n) || v.as_f64() == Some(*n as f64),
        Scalar::Real(x) => v.as_f64() == Some(*x),
        Scalar::Bool(b) => v.as_bool() == Some(*b),
    }
}

/// Distinct JSON values (objects equal whatever their key order), by a shallow digest and
/// then `==`: a set of large arrays stays near linear time.
#[derive(Default)]
struct ValueSet<'a> {
    buckets: HashMap<String, Vec<&'a Value>>,
}

impl<'a> ValueSet<'a> {
    /// Adds `v`; `false` when an equal value is already there.
    fn insert(&mut self, v: &'a Value) -> bool {
        let bucket = self.buckets.entry(digest(v)).or_default();
        if bucket.contains(&v) {
            return false;
        }
        bucket.push(v);
        true
    }

    fn contains(&self, v: &Value) -> bool {
        self.buckets.get(&digest(v)).is_some_and(|b| b.contains(&v))
    }
}

impl<'a> FromIterator<&'a Value> for ValueSet<'a> {
    fn from_iter<I: IntoIterator<Item = &'a Value>>(iter: I) -> Self {
        let mut set = ValueSet::default();
        for v in iter {
            set.insert(v);
        }
        set
    }
}

/// What equal values share, read without descending: a scalar itself, an array's length, a
/// dictionary's sorted key names with each scalar value.
fn digest(v: &Value) -> String {
    match v {
        Value::Array(items) => format!("a{}", items.len()),
        Value::Object(map) => {
            let mut entries: Vec<String> =
                map.iter().map(|(k, v)| if v.is_array() || v.is_object() { format!("{k:?}") } else { format!("{k:?}={v}") }).collect();
            entries.sort_unstable();
            format!("o{}", entries.join(","))
        }
        scalar => format!("s{scalar}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ENUM: KeyNode =
        KeyNode { name: "E", ty: KeyType::String, rangelist: &[Scalar::Str("Allowed"), Scalar::Str("AlwaysOn"), Scalar::Str("AlwaysOff")], ..KeyNode::EMPTY };
    const INT: KeyNode = KeyNode { name: "N", ty: KeyType::Integer, ..KeyNode::EMPTY };

    fn run(rule: CombineRule, node: &KeyNode, values: &[Value]) -> (Outcome, Vec<Conflict>) {
        let given: Vec<Given<'_>> = values.iter().enumerate().collect();
        let mut conflicts = Vec::new();
        let outcome = by_rule(rule, node, "K", &given, &mut conflicts).expect("combines");
        (outcome, conflicts)
    }

    #[test]
    fn booleans_name_the_first_configuration_with_the_result() {
        let values = [json!(false), json!(true), json!(true)];
        let (or, _) = run(CombineRule::BooleanOr, &KeyNode::EMPTY, &values);
        assert_eq!((or.value, or.source, or.contributors), (Some(json!(true)), Some(1), vec![0, 1, 2]));
        let (and, _) = run(CombineRule::BooleanAnd, &KeyNode::EMPTY, &values);
        assert_eq!((and.value, and.source), (Some(json!(false)), Some(0)));
    }

    #[test]
    fn numbers_compare_exactly_and_ties_keep_the_first() {
        let (max, _) = run(CombineRule::NumberMax, &INT, &[json!(9007199254740993u64), json!(9007199254740992u64), json!(9007199254740993u64)]);
        assert_eq!((max.value, max.source), (Some(json!(9007199254740993u64)), Some(0)));
        let (min, conflicts) = run(CombineRule::NumberMin, &INT, &[json!(4), json!(2.5), json!(-1), json!(3.0)]);
        assert_eq!((min.value, min.source, min.contributors), (Some(json!(-1)), Some(2), vec![0, 2, 3]));
        assert_eq!(conflicts[0].kind, ConflictKind::WrongType { expected: "<integer>", actual: "<real>" });
        let real = KeyNode { ty: KeyType::Real, ..INT };
        let (min, conflicts) = run(CombineRule::NumberMin, &real, &[json!(4), json!(2.5)]);
        assert_eq!((min.value, conflicts.len()), (Some(json!(2.5)), 0));
    }

    #[test]
    fn enums_rank_by_rangelist_position() {
        let values = [json!("AlwaysOn"), json!("Allowed"), json!("Sometimes"), json!("AlwaysOn")];
        let (last, conflicts) = run(CombineRule::EnumLast, &ENUM, &values);
        assert_eq!((last.value, last.source, last.contributors), (Some(json!("AlwaysOn")), Some(0), vec![0, 1, 3]));
        assert_eq!(conflicts, [Conflict { path: "K".into(), configuration: 2, kind: ConflictKind::NotInRangelist { value: json!("Sometimes") } }]);
        let (first, _) = run(CombineRule::EnumFirst, &ENUM, &values);
        assert_eq!((first.value, first.source), (Some(json!("Allowed")), Some(1)));
        let mut conflicts = Vec::new();
        let err = by_rule(CombineRule::EnumLast, &KeyNode::EMPTY, "K", &[(0, &json!("x"))], &mut conflicts);
        assert_eq!(err, Err(CombineError::NoRangelist { path: "K".into() }));
    }

    #[test]
    fn sets_keep_first_appearance_and_equal_dictionaries_once() {
        let values = [json!([{"Name": "a", "X": 1}, "b"]), json!(["c", {"X": 1, "Name": "a"}, "b", "c"])];
        let (union, _) = run(CombineRule::SetUnion, &KeyNode::EMPTY, &values);
        assert_eq!(union.value, Some(json!([{"Name": "a", "X": 1}, "b", "c"])));
        assert_eq!(union.source, None);
        let (both, _) = run(CombineRule::SetIntersection, &KeyNode::EMPTY, &[json!(["b", "a", "b", "z"]), json!(["a", "b"]), json!(["b", "a", "q"])]);
        assert_eq!(both.value, Some(json!(["b", "a"])));
        let (append, _) = run(CombineRule::ArrayAppend, &KeyNode::EMPTY, &[json!(["b", "a"]), json!(["a"])]);
        assert_eq!(append.value, Some(json!(["b", "a", "a"])));
    }

    #[test]
    fn array_items_of_another_type_are_left_out() {
        const ITEM: [KeyNode; 1] = [KeyNode { name: "Domain", ty: KeyType::String, ..KeyNode::EMPTY }];
        let node = KeyNode { ty: KeyType::Array, children: crate::availability::Children::Keys(&ITEM), ..KeyNode::EMPTY };
        let (union, conflicts) = run(CombineRule::SetUnion, &node, &[json!(["a", 3]), json!("b"), json!(["b"])]);
        assert_eq!((union.value, union.contributors), (Some(json!(["a", "b"])), vec![0, 2]));
        let paths: Vec<_> = conflicts.iter().map(|c| (c.path.as_str(), c.configuration)).collect();
        assert_eq!(paths, [("K", 1), ("K[1]", 0)]);
    }

    #[test]
    fn without_a_rule_the_first_is_kept_and_differences_reported() {
        let values = [json!({"Regex": "a"}), json!({"Regex": "a"}), json!({"Regex": "b"}), json!(7)];
        let given: Vec<Given<'_>> = values.iter().enumerate().collect();
        let node = KeyNode { ty: KeyType::Dictionary, ..KeyNode::EMPTY };
        let mut conflicts = Vec::new();
        let outcome = uncombined(Some(&node), "CustomRegex", &given, &mut conflicts);
        assert_eq!((outcome.value, outcome.source, outcome.contributors), (Some(json!({"Regex": "a"})), Some(0), vec![0, 1, 2]));
        let kinds: Vec<_> = conflicts.iter().map(|c| (c.configuration, c.kind.clone())).collect();
        // Types are judged first, then the values that fit compared.
        assert_eq!(kinds, [(3, ConflictKind::WrongType { expected: "<dictionary>", actual: "<integer>" }), (2, ConflictKind::Differs { kept: 0 })]);
    }
}
