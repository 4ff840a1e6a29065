//! The walk and its errors on a registry of made-up schemas: what the real schemas cannot show
//! (a `combinetype` this crate does not know, a dictionary whose values must be combined key by
//! key beside one taken whole). The real schemas are combined in the workspace tests
//! (`tests/tests/it/combine.rs`).

use serde_json::{json, Value};

use super::*;
use crate::availability::LazyTable;
use crate::SchemaInfo;

static COMBINED: LazyTable = LazyTable::new(
    r#"
schema "declarative/declarations/configurations/x.yaml" wire="com.example.x"
payload
  "Level" integer combine="number-max"
  "Mode" string values=["Low","Mid","High"] combine="enum-last"
  "Nested" dictionary
    "Inner" dictionary
      "On" boolean required combine="boolean-and"
    "Note" string
  "Free" dictionary
    "ANY" dictionary any
      "State" string values=["Allowed","AlwaysOn","AlwaysOff"] combine="enum-last"
  "Regex" dictionary
    "R" string required
  "Future" integer combine="number-median"
"#,
);
static SEPARATE: LazyTable = LazyTable::new(
    r#"
schema "declarative/declarations/configurations/y.yaml" wire="com.example.y"
payload
  "Name" string
"#,
);
static ASSET: LazyTable = LazyTable::new(
    r#"
schema "declarative/declarations/assets/z.yaml" wire="com.example.z"
payload
  "Level" integer combine="number-max"
"#,
);

const fn info(source: &'static str, wire_id: &'static str, schema: &'static LazyTable) -> SchemaInfo {
    SchemaInfo {
        category: Category::Declarations,
        source,
        wire_id: Some(wire_id),
        title: wire_id,
        rust_type: "X",
        response_type: None,
        related_status_items: &[],
        schema,
    }
}

static SCHEMAS: [SchemaInfo; 3] = [
    info("declarative/declarations/configurations/x.yaml", "com.example.x", &COMBINED),
    info("declarative/declarations/configurations/y.yaml", "com.example.y", &SEPARATE),
    info("declarative/declarations/assets/z.yaml", "com.example.z", &ASSET),
];
static REGISTRY: Registry = Registry::new("test", &[&SCHEMAS]);

fn combined(payloads: &[Value]) -> Result<Combined, CombineError> {
    combine(&REGISTRY, "com.example.x", &payloads.iter().collect::<Vec<_>>())
}

#[test]
fn types_that_do_not_combine_are_errors() {
    let p = json!({});
    let err = |ty: &str| combine(&REGISTRY, ty, &[&p]).err();
    assert_eq!(err("com.example.unknown"), Some(CombineError::UnknownType { declaration_type: "com.example.unknown".into() }));
    assert_eq!(err("com.example.y"), Some(CombineError::NotCombined { declaration_type: "com.example.y".into() }));
    assert_eq!(err("com.example.z"), Some(CombineError::NotAConfiguration { declaration_type: "com.example.z".into(), kind: Some(DeclarationKind::Asset) }));
    assert_eq!(err("com.example.x"), None);
}

#[test]
fn payloads_must_be_payload_dictionaries() {
    assert_eq!(combined(&[json!({}), json!([1])]).err(), Some(CombineError::NotAnObject { index: 1, actual: "<array>" }));
    assert_eq!(combined(&[json!(null)]).err(), Some(CombineError::NotAnObject { index: 0, actual: "null" }));
    let declaration = json!({"Type": "com.example.x", "Identifier": "a", "Payload": {"Level": 1}});
    assert_eq!(combined(&[json!({}), declaration]).err(), Some(CombineError::WholeDeclaration { index: 1 }));
    // A payload with a key named `Type` is still a payload.
    assert!(combined(&[json!({"Type": "t"})]).is_ok());
}

#[test]
fn no_configuration_is_an_empty_payload() {
    let c = combined(&[]).expect("combines");
    assert_eq!((c.payload, c.keys.len(), c.conflicts.len()), (json!({}), 0, 0));
}

#[test]
fn an_unknown_combine_type_is_an_error_only_where_given() {
    assert_eq!(
        combined(&[json!({"Level": 1}), json!({"Future": 2})]).err(),
        Some(CombineError::UnknownCombineType { path: "Future".into(), combinetype: "number-median".into() })
    );
    assert!(combined(&[json!({"Level": 1}), json!({"Level": 2})]).is_ok());
}

#[test]
fn dictionaries_with_rules_inside_combine_key_by_key() {
    let c = combined(&[
        json!({"Nested": {"Inner": {"On": true}, "Note": "first"}}),
        json!({"Nested": {"Note": "second", "Inner": {"On": false}}}),
        json!({"Nested": "not a dictionary"}),
    ])
    .expect("combines");
    assert_eq!(c.payload, json!({"Nested": {"Inner": {"On": false}, "Note": "first"}}));
    let paths: Vec<_> = c.keys.iter().map(|k| (k.path.as_str(), k.how, k.source)).collect();
    assert_eq!(paths, [("Nested.Inner.On", HowCombined::Rule(CombineRule::BooleanAnd), Some(1)), ("Nested.Note", HowCombined::NoCombineType, Some(0))]);
    let conflicts: Vec<_> = c.conflicts.iter().map(|c| (c.path.as_str(), c.configuration, c.kind.clone())).collect();
    assert_eq!(
        conflicts,
        [("Nested", 2, ConflictKind::WrongType { expected: "<dictionary>", actual: "<string>" }), ("Nested.Note", 1, ConflictKind::Differs { kept: 0 }),]
    );
}

#[test]
fn free_form_keys_combine_by_name() {
    let c = combined(&[
        json!({"Free": {"com.example.a (TEAM)": {"State": "AlwaysOn"}, "*": {"State": "Allowed"}}}),
        json!({"Free": {"com.example.a (TEAM)": {"State": "AlwaysOff"}, "com.example.b (TEAM)": {"State": "Allowed"}}}),
    ])
    .expect("combines");
    assert_eq!(
        c.payload,
        json!({"Free": {"com.example.a (TEAM)": {"State": "AlwaysOff"}, "*": {"State": "Allowed"}, "com.example.b (TEAM)": {"State": "Allowed"}}})
    );
    assert_eq!(c.key("Free.com.example.a (TEAM).State").map(|k| (k.contributors.clone(), k.source)), Some((vec![0, 1], Some(1))));
    assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);
}

#[test]
fn dictionaries_without_rules_are_taken_whole_and_unknown_keys_too() {
    let c = combined(&[json!({"Regex": {"R": "^a"}}), json!({"Regex": {"R": "^b"}, "Extra": 1}), json!({"Extra": 1})]).expect("combines");
    assert_eq!(c.payload, json!({"Regex": {"R": "^a"}, "Extra": 1}));
    assert_eq!(c.key("Regex").map(|k| k.how), Some(HowCombined::NoCombineType));
    assert_eq!(c.key("Extra").map(|k| (k.how, k.contributors.clone())), Some((HowCombined::NotInSchema, vec![1, 2])));
    assert_eq!(c.conflicts, [Conflict { path: "Regex".into(), configuration: 1, kind: ConflictKind::Differs { kept: 0 } }]);
}

#[test]
fn a_key_with_no_usable_value_is_left_out() {
    let c = combined(&[json!({"Level": "high", "Mode": "Highest"}), json!({"Level": null})]).expect("combines");
    assert_eq!(c.payload, json!({}));
    assert!(c.keys.is_empty());
    assert_eq!(c.conflicts.len(), 3, "{:?}", c.conflicts);
}
