//! Combined DDM configurations (`runtime::combine`), written from Apple's descriptions of each
//! combine type in `docs/schema.yaml` and run on the release-18.1 declaration types that carry
//! them: `passcode.settings` (`boolean-or`, `number-max`, `number-min`),
//! `softwareupdate.settings` (`boolean-and`, `enum-last`, `first`, `set-union`, nested
//! dictionaries), `math.settings` (rules two dictionaries deep), `diskmanagement.settings`
//! (`enum-last`), `safari.extensions.settings` (free-form keys), and
//! `management.status-subscriptions` (`set-union` of dictionaries). Then what the module docs
//! claim of the schemas themselves: the types with a `combinetype` are the `apply: combined`
//! ones, every `combinetype` is one the crate knows, and every default of a combined key is
//! neutral for its rule (so leaving absent keys out changes nothing).

use apple_device_management::declarations::passcode_settings::PasscodeSettings;
use apple_device_management::runtime::availability::{KeyNode, Scalar};
use apple_device_management::runtime::combine::{CombineError, CombineRule, Combined, ConflictKind, HowCombined};
use apple_device_management::runtime::{combine, combine_payloads, Category, DeclarationKind, With as _};
use dm_tests::corpus::schema_parts;
use dm_tests::{to_json_value, Populator};
use serde_json::{json, Value};

const PASSCODE: &str = "com.apple.configuration.passcode.settings";
const SOFTWARE_UPDATE: &str = "com.apple.configuration.softwareupdate.settings";

fn combined(declaration_type: &str, payloads: &[Value]) -> Combined {
    combine(declaration_type, &payloads.iter().collect::<Vec<_>>()).unwrap_or_else(|e| panic!("{declaration_type}: {e}"))
}

/// `(rule, contributors, source)` of the key at `path`.
fn how(c: &Combined, path: &str) -> (HowCombined, Vec<usize>, Option<usize>) {
    let key = c.key(path).unwrap_or_else(|| panic!("no `{path}` in {:?}", c.keys));
    (key.how, key.contributors.clone(), key.source)
}

fn rule(r: CombineRule) -> HowCombined {
    HowCombined::Rule(r)
}

#[test]
fn two_passcode_settings_give_the_stricter_policy() {
    let a = json!({"RequirePasscode": true, "MinimumLength": 6, "RequireAlphanumericPasscode": false, "MaximumFailedAttempts": 10, "MaximumInactivityInMinutes": 5});
    let b =
        json!({"MinimumLength": 8, "RequireAlphanumericPasscode": true, "MaximumFailedAttempts": 4, "PasscodeReuseLimit": 3, "MaximumInactivityInMinutes": 15});
    let c = combined(PASSCODE, &[a.clone(), b.clone()]);
    assert_eq!(
        c.payload,
        json!({"RequirePasscode": true, "MinimumLength": 8, "RequireAlphanumericPasscode": true, "MaximumFailedAttempts": 4, "MaximumInactivityInMinutes": 5, "PasscodeReuseLimit": 3})
    );
    assert_eq!(how(&c, "MinimumLength"), (rule(CombineRule::NumberMax), vec![0, 1], Some(1)));
    assert_eq!(how(&c, "RequireAlphanumericPasscode"), (rule(CombineRule::BooleanOr), vec![0, 1], Some(1)));
    assert_eq!(how(&c, "MaximumFailedAttempts"), (rule(CombineRule::NumberMin), vec![0, 1], Some(1)));
    assert_eq!(how(&c, "MaximumInactivityInMinutes"), (rule(CombineRule::NumberMin), vec![0, 1], Some(0)));
    // A key only one configuration gives is that configuration's.
    assert_eq!(how(&c, "RequirePasscode"), (rule(CombineRule::BooleanOr), vec![0], Some(0)));
    assert_eq!(how(&c, "PasscodeReuseLimit"), (rule(CombineRule::NumberMin), vec![1], Some(1)));
    assert!(c.conflicts.is_empty(), "{:?}", c.conflicts);

    // OR, AND, min and max do not depend on the order; only the sources follow it.
    let swapped = combined(PASSCODE, &[b, a]);
    assert_eq!(sorted(&swapped.payload), sorted(&c.payload));
    assert_eq!(how(&swapped, "MinimumLength").2, Some(0));
}

fn sorted(v: &Value) -> std::collections::BTreeMap<String, Value> {
    v.as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
}

#[test]
fn boolean_and_is_true_only_when_every_configuration_says_so() {
    let c = combined(
        SOFTWARE_UPDATE,
        &[
            json!({"Notifications": true, "AllowStandardUserOSUpdates": true, "RapidSecurityResponse": {"Enable": true, "EnableRollback": true}}),
            json!({"Notifications": false, "RapidSecurityResponse": {"EnableRollback": false}}),
            json!({"Notifications": true, "AllowStandardUserOSUpdates": true}),
        ],
    );
    assert_eq!(
        c.payload,
        json!({"Notifications": false, "AllowStandardUserOSUpdates": true, "RapidSecurityResponse": {"Enable": true, "EnableRollback": false}})
    );
    assert_eq!(how(&c, "Notifications"), (rule(CombineRule::BooleanAnd), vec![0, 1, 2], Some(1)));
    assert_eq!(how(&c, "RapidSecurityResponse.EnableRollback"), (rule(CombineRule::BooleanAnd), vec![0, 1], Some(1)));
    assert_eq!(how(&c, "AllowStandardUserOSUpdates"), (rule(CombineRule::BooleanAnd), vec![0, 2], Some(0)));
    assert!(c.key("RapidSecurityResponse").is_none(), "a dictionary combined key by key is not listed itself");
}

#[test]
fn enum_last_takes_the_value_last_in_the_rangelist_whatever_the_order() {
    // AutomaticActions.Download lists Allowed, AlwaysOn, AlwaysOff.
    let a = json!({"AutomaticActions": {"Download": "AlwaysOff", "InstallOSUpdates": "Allowed"}});
    let b = json!({"AutomaticActions": {"Download": "AlwaysOn", "InstallOSUpdates": "AlwaysOn"}});
    for (payloads, source) in [([a.clone(), b.clone()], 0), ([b, a], 1)] {
        let c = combined(SOFTWARE_UPDATE, &payloads);
        assert_eq!(c.payload["AutomaticActions"], json!({"Download": "AlwaysOff", "InstallOSUpdates": "AlwaysOn"}));
        assert_eq!(how(&c, "AutomaticActions.Download"), (rule(CombineRule::EnumLast), vec![0, 1], Some(source)));
    }
    // Disk management: Allowed, ReadOnly, Disallowed; the last given is not what wins.
    let c = combined(
        "com.apple.configuration.diskmanagement.settings",
        &[json!({"Restrictions": {"ExternalStorage": "ReadOnly"}}), json!({"Restrictions": {"ExternalStorage": "Allowed", "NetworkStorage": "Disallowed"}})],
    );
    assert_eq!(c.payload, json!({"Restrictions": {"ExternalStorage": "ReadOnly", "NetworkStorage": "Disallowed"}}));
}

#[test]
fn enum_last_leaves_out_a_value_the_rangelist_does_not_list() {
    let c = combined(
        "com.apple.configuration.diskmanagement.settings",
        &[json!({"Restrictions": {"ExternalStorage": "Sometimes"}}), json!({"Restrictions": {"ExternalStorage": "Allowed"}})],
    );
    assert_eq!(c.payload, json!({"Restrictions": {"ExternalStorage": "Allowed"}}));
    assert_eq!(how(&c, "Restrictions.ExternalStorage").1, [1]);
    let conflict = c.conflicts_at("Restrictions.ExternalStorage").next().expect("reported");
    assert_eq!((conflict.configuration, &conflict.kind), (0, &ConflictKind::NotInRangelist { value: json!("Sometimes") }));
}

#[test]
fn first_takes_the_first_configuration_given() {
    let one = json!({"Description": "Public beta", "Token": "AAA"});
    let two = json!({"Description": "Developer beta", "Token": "BBB"});
    let a = json!({"Beta": {"ProgramEnrollment": "AlwaysOn", "RequireProgram": one}});
    let b = json!({"Beta": {"RequireProgram": two}});
    let c = combined(SOFTWARE_UPDATE, &[a.clone(), b.clone()]);
    assert_eq!(c.payload["Beta"]["RequireProgram"], one);
    assert_eq!(how(&c, "Beta.RequireProgram"), (rule(CombineRule::First), vec![0, 1], Some(0)));
    let c = combined(SOFTWARE_UPDATE, &[b, a]);
    assert_eq!(c.payload["Beta"]["RequireProgram"], two);
    assert_eq!(how(&c, "Beta.RequireProgram").2, Some(0));
    assert!(c.conflicts.is_empty(), "`first` is a rule, not a conflict: {:?}", c.conflicts);
}

#[test]
fn set_union_keeps_each_item_once_in_the_order_it_first_appears() {
    let c = combined(
        "com.apple.configuration.management.status-subscriptions",
        &[
            json!({"StatusItems": [{"Name": "device.operating-system.version"}, {"Name": "passcode.is-compliant"}]}),
            json!({"StatusItems": [{"Name": "passcode.is-compliant"}, {"Name": "device.model.family"}, {"Name": "device.operating-system.version"}]}),
        ],
    );
    assert_eq!(
        c.payload,
        json!({"StatusItems": [{"Name": "device.operating-system.version"}, {"Name": "passcode.is-compliant"}, {"Name": "device.model.family"}]})
    );
    assert_eq!(how(&c, "StatusItems"), (rule(CombineRule::SetUnion), vec![0, 1], None));

    let programs = |items: &[(&str, &str)]| items.iter().map(|(d, t)| json!({"Description": d, "Token": t})).collect::<Vec<_>>();
    let c = combined(
        SOFTWARE_UPDATE,
        &[json!({"Beta": {"OfferPrograms": programs(&[("B", "2"), ("A", "1")])}}), json!({"Beta": {"OfferPrograms": programs(&[("A", "1"), ("C", "3")])}})],
    );
    assert_eq!(c.payload["Beta"]["OfferPrograms"], json!(programs(&[("B", "2"), ("A", "1"), ("C", "3")])));
}

#[test]
fn free_form_keys_combine_per_name() {
    let c = combined(
        "com.apple.configuration.safari.extensions.settings",
        &[
            json!({"ManagedExtensions": {"com.example.blocker (ABCDE12345)": {"State": "AlwaysOn", "AllowedDomains": ["example.com", "*.example.org"]}}}),
            json!({"ManagedExtensions": {
                "com.example.blocker (ABCDE12345)": {"State": "Allowed", "AllowedDomains": ["example.net", "example.com"], "PrivateBrowsing": "AlwaysOff"},
                "*": {"State": "AlwaysOff"}
            }}),
        ],
    );
    assert_eq!(
        c.payload,
        json!({"ManagedExtensions": {
            "com.example.blocker (ABCDE12345)": {"State": "AlwaysOn", "AllowedDomains": ["example.com", "*.example.org", "example.net"], "PrivateBrowsing": "AlwaysOff"},
            "*": {"State": "AlwaysOff"}
        }})
    );
    assert_eq!(how(&c, "ManagedExtensions.com.example.blocker (ABCDE12345).State"), (rule(CombineRule::EnumLast), vec![0, 1], Some(0)));
}

#[test]
fn nested_dictionaries_combine_key_by_key() {
    let c = combined(
        SOFTWARE_UPDATE,
        &[
            json!({"Deferrals": {"CombinedPeriodInDays": 30, "MajorPeriodInDays": 10}}),
            json!({"Deferrals": {"CombinedPeriodInDays": 14, "MinorPeriodInDays": 7}}),
        ],
    );
    assert_eq!(c.payload, json!({"Deferrals": {"CombinedPeriodInDays": 30, "MajorPeriodInDays": 10, "MinorPeriodInDays": 7}}));
    let c = combined(
        "com.apple.configuration.math.settings",
        &[
            json!({"Calculator": {"BasicMode": {"AddSquareRoot": false}, "ScientificMode": {"Enabled": true}}}),
            json!({"Calculator": {"BasicMode": {"AddSquareRoot": true}, "ScientificMode": {"Enabled": false}}, "SystemBehavior": {"KeyboardSuggestions": true, "MathNotes": false}}),
        ],
    );
    assert_eq!(
        c.payload,
        json!({"Calculator": {"BasicMode": {"AddSquareRoot": true}, "ScientificMode": {"Enabled": false}}, "SystemBehavior": {"KeyboardSuggestions": true, "MathNotes": false}})
    );
    assert_eq!(how(&c, "Calculator.ScientificMode.Enabled"), (rule(CombineRule::BooleanAnd), vec![0, 1], Some(1)));
}

#[test]
fn values_of_another_type_are_reported_and_left_out() {
    let c = combined(
        PASSCODE,
        &[
            json!({"MinimumLength": "12", "RequirePasscode": 1, "MaximumFailedAttempts": 6}),
            json!({"MinimumLength": 6, "RequirePasscode": false, "MaximumFailedAttempts": 5.5}),
        ],
    );
    assert_eq!(c.payload, json!({"MinimumLength": 6, "RequirePasscode": false, "MaximumFailedAttempts": 6}));
    let conflicts: Vec<_> = c.conflicts.iter().map(|c| (c.path.as_str(), c.configuration, c.kind.clone())).collect();
    assert_eq!(
        conflicts,
        [
            ("MinimumLength", 0, ConflictKind::WrongType { expected: "<integer>", actual: "<string>" }),
            ("RequirePasscode", 0, ConflictKind::WrongType { expected: "<boolean>", actual: "<integer>" }),
            ("MaximumFailedAttempts", 1, ConflictKind::WrongType { expected: "<integer>", actual: "<real>" }),
        ]
    );
    assert_eq!(how(&c, "MinimumLength").1, [1], "a value left out does not contribute");
    assert!(c.conflicts[0].to_string().contains("`MinimumLength` of configuration 0"), "{}", c.conflicts[0]);

    // An item of another type is left out of a set, the array's other items are not.
    let c = combined(
        "com.apple.configuration.management.status-subscriptions",
        &[json!({"StatusItems": [{"Name": "a"}, "b"]}), json!({"StatusItems": {"Name": "c"}})],
    );
    assert_eq!(c.payload, json!({"StatusItems": [{"Name": "a"}]}));
    let paths: Vec<_> = c.conflicts.iter().map(|c| (c.path.as_str(), c.configuration)).collect();
    // A whole value's type is judged before the items of the arrays that fit.
    assert_eq!(paths, [("StatusItems", 1), ("StatusItems[1]", 0)]);
}

#[test]
fn a_key_without_a_combine_type_keeps_the_first_and_reports_the_others() {
    let regex = |r: &str| json!({"CustomRegex": {"Regex": r, "Description": {"default": "policy"}}});
    let c = combined(PASSCODE, &[regex("^[a-z]+$"), regex("^[a-z]+$"), regex("^[0-9]+$")]);
    assert_eq!(c.payload, regex("^[a-z]+$"));
    assert_eq!(how(&c, "CustomRegex"), (HowCombined::NoCombineType, vec![0, 1, 2], Some(0)));
    let conflicts: Vec<_> = c.conflicts.iter().map(|c| (c.path.as_str(), c.configuration, c.kind.clone())).collect();
    assert_eq!(conflicts, [("CustomRegex", 2, ConflictKind::Differs { kept: 0 })]);
    // A key the schema does not describe, the same way.
    let c = combined(PASSCODE, &[json!({"FutureKey": 1}), json!({"FutureKey": 2})]);
    assert_eq!((&c.payload, how(&c, "FutureKey").0, c.conflicts.len()), (&json!({"FutureKey": 1}), HowCombined::NotInSchema, 1));
}

#[test]
fn what_does_not_combine_is_an_error() {
    let p = json!({});
    let err = |ty: &str, payloads: &[&Value]| combine(ty, payloads).err();
    assert_eq!(err("com.example.unknown", &[&p]), Some(CombineError::UnknownType { declaration_type: "com.example.unknown".into() }));
    // `apply: multiple`: each account is its own.
    assert_eq!(
        err("com.apple.configuration.account.caldav", &[&p]),
        Some(CombineError::NotCombined { declaration_type: "com.apple.configuration.account.caldav".into() })
    );
    assert!(matches!(err("com.apple.asset.data", &[&p]), Some(CombineError::NotAConfiguration { kind: Some(DeclarationKind::Asset), .. })));
    assert!(matches!(err("com.apple.activation.simple", &[&p]), Some(CombineError::NotAConfiguration { kind: Some(DeclarationKind::Activation), .. })));
    assert_eq!(err(PASSCODE, &[&p, &json!("MinimumLength")]), Some(CombineError::NotAnObject { index: 1, actual: "<string>" }));
    let declaration = json!({"Type": PASSCODE, "Identifier": "com.example.passcode", "Payload": {"MinimumLength": 6}});
    assert_eq!(err(PASSCODE, &[&declaration]), Some(CombineError::WholeDeclaration { index: 0 }));
}

#[test]
fn typed_payloads_combine_to_the_same_type() {
    let a = PasscodeSettings::new().with(|p| {
        p.minimum_length = Some(6);
        p.maximum_failed_attempts = Some(10);
    });
    let b = PasscodeSettings::new().with(|p| {
        p.minimum_length = Some(10);
        p.require_alphanumeric_passcode = Some(true);
    });
    let (effective, how) = combine_payloads(&[&a, &b]).expect("combines");
    assert_eq!((effective.minimum_length, effective.maximum_failed_attempts, effective.require_alphanumeric_passcode), (Some(10), Some(10), Some(true)));
    assert_eq!(how.key("MinimumLength").and_then(|k| k.source), Some(1));
}

/// Every declaration schema of the registry with its `apply` as the YAML says it.
fn declarations() -> Vec<(&'static apple_device_management::SchemaInfo, Option<&'static str>)> {
    schema_parts().into_iter().filter(|p| p.info.category == Category::Declarations).map(|p| (p.info, p.file.payload.apply.as_deref())).collect()
}

#[test]
fn the_types_that_combine_are_the_apply_combined_ones() {
    let mut combined_types = Vec::new();
    for (info, apply) in declarations() {
        let ty = info.wire_id.expect("a declaration has a type");
        let result = combine(ty, &[&json!({})]);
        let combines = result.is_ok();
        assert_eq!(combines, apply == Some("combined"), "{ty} (apply: {apply:?}): {result:?}");
        if combines {
            combined_types.push(ty);
        }
    }
    assert_eq!(combined_types.len(), 6, "{combined_types:?}");
}

/// Every key of every declaration schema with a `combinetype`.
fn combined_keys() -> Vec<(String, &'static KeyNode)> {
    declarations()
        .into_iter()
        .flat_map(|(info, _)| info.schema.table().paths().into_iter().map(move |(p, k)| (format!("{}: {p}", info.source), k)))
        .filter(|(_, k)| k.combinetype.is_some())
        .collect()
}

#[test]
fn every_combine_type_of_the_schemas_is_known() {
    let keys = combined_keys();
    assert!(keys.len() >= 40, "{}", keys.len());
    for (path, key) in &keys {
        assert!(key.combinetype.and_then(CombineRule::from_name).is_some(), "{path}: {:?}", key.combinetype);
    }
}

#[test]
fn every_default_of_a_combined_key_is_neutral_for_its_rule() {
    let mut checked = 0;
    for (path, key) in combined_keys() {
        let Some(default) = key.default else { continue };
        let rule = key.combinetype.and_then(CombineRule::from_name);
        let range = key.range.unwrap_or(apple_device_management::runtime::availability::Range { min: None, max: None });
        let number = |s: Scalar| match s {
            Scalar::Int(n) => Some(n as f64),
            Scalar::Real(x) => Some(x),
            _ => None,
        };
        let neutral = match rule {
            Some(CombineRule::BooleanOr) => default == Scalar::Bool(false),
            Some(CombineRule::BooleanAnd) => default == Scalar::Bool(true),
            Some(CombineRule::NumberMax) => range.min.is_some() && number(default) == range.min,
            Some(CombineRule::NumberMin) => range.max.is_some() && number(default) == range.max,
            Some(CombineRule::EnumLast) => key.rangelist.first() == Some(&default),
            Some(CombineRule::EnumFirst) => key.rangelist.last() == Some(&default),
            _ => false,
        };
        assert!(neutral, "{path}: default {default:?} is not neutral for {rule:?}");
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn a_valid_configuration_combined_with_itself_is_unchanged() {
    for (info, apply) in declarations() {
        if apply != Some("combined") {
            continue;
        }
        let ty = info.wire_id.expect("a declaration has a type");
        let part = schema_parts().into_iter().find(|p| p.info.source == info.source).expect("a part");
        for seed in 0..8 {
            let mut populator = if seed == 0 { Populator::valid() } else { Populator::random(seed) };
            let payload = to_json_value(&part.valid_document(&mut populator));
            let once = combined(ty, std::slice::from_ref(&payload));
            let twice = combined(ty, &[payload.clone(), payload.clone()]);
            assert!(seed != 0 || once.keys.len() >= 2, "{ty}: every key is set, yet {:?}", once.keys);
            assert_eq!(twice.payload, once.payload, "{ty} seed {seed}");
            assert!(once.conflicts.is_empty() && twice.conflicts.is_empty(), "{ty} seed {seed}: {:?}", twice.conflicts);
            // Only a set's repeated items can differ from the payload.
            for key in once.keys.iter().filter(|k| !matches!(k.how, HowCombined::Rule(CombineRule::SetUnion))) {
                assert_eq!(key.source, Some(0), "{ty} seed {seed}: {key:?}");
            }
        }
    }
}
