//! What [`combine`](super::combine) returns: the effective payload ([`Combined`]), how each of
//! its keys was decided ([`KeyCombination`]) and the values it could not use or had to choose
//! between ([`Conflict`]).

use std::fmt;

use serde_json::Value;

use super::error::CombineError;
use super::rule::CombineRule;

/// Several configurations of one declaration type combined into the one the device applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    /// The effective payload: a JSON object, the keys in the order they first appear in the
    /// configurations given.
    pub payload: Value,
    /// How each key of the effective payload was decided, depth first in the order of
    /// [`payload`](Self::payload). A dictionary combined key by key is not listed itself, its
    /// keys are.
    pub keys: Vec<KeyCombination>,
    /// Values left out (of another type, or outside the `rangelist`) and values that differ
    /// where the schema gives no rule, in the order met.
    pub conflicts: Vec<Conflict>,
}

impl Combined {
    /// How the key at `path` (`Deferrals.CombinedPeriodInDays`) was decided.
    pub fn key(&self, path: &str) -> Option<&KeyCombination> {
        self.keys.iter().find(|k| k.path == path)
    }

    /// The conflicts at `path`.
    pub fn conflicts_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.conflicts.iter().filter(move |c| c.path == path)
    }

    /// The effective payload as a typed payload (a generated declaration type).
    pub fn decode<P: serde::de::DeserializeOwned>(&self) -> Result<P, CombineError> {
        serde_json::from_value(self.payload.clone()).map_err(|e| CombineError::Decode(e.to_string()))
    }
}

/// Which rule decided a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HowCombined {
    /// The key's `combinetype`.
    Rule(CombineRule),
    /// The schema describes the key but gives it no `combinetype` (and it is not a dictionary
    /// whose keys have one): the first configuration's value, differing ones reported.
    NoCombineType,
    /// The schema does not describe the key: as [`HowCombined::NoCombineType`].
    NotInSchema,
}

/// How one key of the effective payload was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCombination {
    /// The key's path in the payload, names joined by `.` (`AutomaticActions.Download`;
    /// a free-form key by its name: `ManagedExtensions.com.example.ext (ABCDE12345).State`).
    pub path: String,
    pub how: HowCombined,
    /// The configurations (their indexes in the slice given) whose values took part, in order.
    pub contributors: Vec<usize>,
    /// The configuration whose value is the effective one, when it is one configuration's value
    /// (every rule but `array-append`, `set-union` and `set-intersection`); on a tie, the first
    /// of them given.
    pub source: Option<usize>,
}

/// A value [`combine`](super::combine) left out, or had to choose against.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where, as [`KeyCombination::path`]; an array item with its index (`StatusItems[2]`).
    pub path: String,
    /// The configuration (its index in the slice given) whose value it is.
    pub configuration: usize,
    pub kind: ConflictKind,
}

/// What is wrong with a [`Conflict`]'s value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConflictKind {
    /// Not of the type the key's rule combines (or, without a rule, the schema's type): left
    /// out.
    WrongType { expected: &'static str, actual: &'static str },
    /// `enum-first` / `enum-last`: a value the key's `rangelist` does not list has no position:
    /// left out.
    NotInRangelist { value: Value },
    /// The key has no `combinetype` and this value differs from the one taken, configuration
    /// `kept`'s.
    Differs { kept: usize },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, n) = (&self.path, self.configuration);
        match &self.kind {
            ConflictKind::WrongType { expected, actual } => write!(f, "`{path}` of configuration {n}: expected {expected}, found {actual}; left out"),
            ConflictKind::NotInRangelist { value } => write!(f, "`{path}` of configuration {n}: {value} is not an allowed value; left out"),
            ConflictKind::Differs { kept } => {
                write!(f, "`{path}` of configuration {n} differs from configuration {kept}'s, which is taken: the schema gives the key no combine type")
            }
        }
    }
}

/// The name of a JSON value's type, as the conflicts say it.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "<boolean>",
        Value::Number(n) if n.is_f64() => "<real>",
        Value::Number(_) => "<integer>",
        Value::String(_) => "<string>",
        Value::Array(_) => "<array>",
        Value::Object(_) => "<dictionary>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conflicts_say_where_and_what() {
        let c = Conflict { path: "MinimumLength".into(), configuration: 1, kind: ConflictKind::WrongType { expected: "<integer>", actual: "<string>" } };
        assert_eq!(c.to_string(), "`MinimumLength` of configuration 1: expected <integer>, found <string>; left out");
        let c = Conflict { path: "Restrictions.ExternalStorage".into(), configuration: 0, kind: ConflictKind::NotInRangelist { value: json!("Sometimes") } };
        assert_eq!(c.to_string(), "`Restrictions.ExternalStorage` of configuration 0: \"Sometimes\" is not an allowed value; left out");
        let c = Conflict { path: "CustomRegex".into(), configuration: 2, kind: ConflictKind::Differs { kept: 0 } };
        assert!(c.to_string().contains("differs from configuration 0's"), "{c}");
    }

    #[test]
    fn json_kinds() {
        let kinds: Vec<_> = [json!(null), json!(true), json!(1), json!(1.5), json!("a"), json!([]), json!({})].iter().map(json_kind).collect();
        assert_eq!(kinds, ["null", "<boolean>", "<integer>", "<real>", "<string>", "<array>", "<dictionary>"]);
    }

    #[test]
    fn decodes_and_finds_by_path() {
        let combined = Combined {
            payload: json!({"A": 3}),
            keys: vec![KeyCombination { path: "A".into(), how: HowCombined::Rule(CombineRule::NumberMax), contributors: vec![0, 1], source: Some(1) }],
            conflicts: vec![Conflict { path: "B".into(), configuration: 0, kind: ConflictKind::Differs { kept: 1 } }],
        };
        assert_eq!(combined.key("A").map(|k| k.source), Some(Some(1)));
        assert!(combined.key("B").is_none());
        assert_eq!(combined.conflicts_at("B").count(), 1);
        assert_eq!(combined.decode::<std::collections::BTreeMap<String, i64>>().ok(), Some([("A".to_string(), 3)].into()));
        assert!(matches!(combined.decode::<Vec<i64>>(), Err(CombineError::Decode(_))));
    }
}
