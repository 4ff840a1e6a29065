//! JSON validated as it is read from bytes (`validate_json_slice`, `is_valid_json_slice`):
//! the same findings as the walk of the parsed value (`validate_json`), the exact paths, and
//! what only a reader of the bytes sees: keys named twice, escaped names, text that is not
//! JSON, nesting past the parser's limit.

use apple_device_management::runtime::availability::{Part, SchemaTable};
use apple_device_management::runtime::validate::{find_schema, is_valid_json_slice, validate_json, validate_json_slice, JsonErrorKind, Report, Rule};
use apple_device_management::runtime::Category;

fn passcode() -> &'static SchemaTable {
    find_schema(Category::Declarations, "com.apple.configuration.passcode.settings").expect("passcode settings")
}

fn safari() -> &'static SchemaTable {
    find_schema(Category::Declarations, "com.apple.configuration.safari.extensions.settings").expect("safari extensions settings")
}

/// The report read from the bytes, checked against the walk of the parsed value and the
/// verdict-only read.
fn read(table: &SchemaTable, text: &str) -> Report {
    let report = validate_json_slice(table, Part::Payload, text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"));
    let parsed: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(report, validate_json(table, &parsed), "{text}");
    assert_eq!(is_valid_json_slice(table, Part::Payload, text.as_bytes()), report.is_valid(), "{text}");
    report
}

#[test]
fn every_violation_in_one_read_with_paths() {
    let text = r#"{"MinimumLength": 40, "RequirePasscode": "yes", "MaximumFailedAttempts": 1.5, "MinimumLenght": 4}"#;
    let r = read(passcode(), text);
    assert_eq!(
        r.paths(),
        vec![
            ("MinimumLength".to_string(), Rule::Range),
            ("RequirePasscode".to_string(), Rule::Type),
            ("MaximumFailedAttempts".to_string(), Rule::Type),
            ("MinimumLenght".to_string(), Rule::UnknownKey),
        ]
    );
    assert_eq!(r.findings[0].actual(), Some("40"));
    assert_eq!(r.findings[3].suggestion(), Some("MinimumLength"));
    assert!(read(passcode(), r#"{"MinimumLength": 6, "RequirePasscode": true}"#).is_valid());
}

#[test]
fn any_maps_keep_escaped_names_in_paths() {
    // `\u002e` is `.`: the path holds the name as the document means it.
    let text = r#"{"ManagedExtensions": {"com\u002eexample.ext (ABCDE12345)": {"State": "Sometimes", "AllowedDomains": "x"}}}"#;
    let r = read(safari(), text);
    assert_eq!(
        r.paths(),
        vec![
            ("ManagedExtensions.com.example.ext (ABCDE12345).State".to_string(), Rule::RangeList),
            ("ManagedExtensions.com.example.ext (ABCDE12345).AllowedDomains".to_string(), Rule::Type),
        ]
    );
    // A named key spelled with escapes is that key.
    let r = read(passcode(), r#"{"Minimum\u004cength": -1}"#);
    assert_eq!(r.paths(), vec![("MinimumLength".to_string(), Rule::Range)]);
}

#[test]
fn a_key_named_twice_is_an_error_the_parsed_value_would_hide() {
    let text = r#"{"MinimumLength": 40, "RequirePasscode": true, "MinimumLength": 6}"#;
    let r = validate_json_slice(passcode(), Part::Payload, text.as_bytes()).expect("JSON");
    assert_eq!(r.paths(), vec![("MinimumLength".to_string(), Rule::Range), ("MinimumLength".to_string(), Rule::DuplicateKey)]);
    assert!(!is_valid_json_slice(passcode(), Part::Payload, text.as_bytes()));
    // serde_json keeps the last value, so the walk of the parsed value sees a valid document.
    let parsed: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert!(validate_json(passcode(), &parsed).is_valid());
}

#[test]
fn missing_required_keys_come_first_in_their_object() {
    let r = read(safari(), r#"{"ManagedExtensions": {"ext": {"Stat": "Allowed"}}}"#);
    let found = r.paths();
    let required: Vec<&(String, Rule)> = found.iter().filter(|(_, rule)| *rule == Rule::Required).collect();
    // Whatever the schema requires of an extension, it is reported before the unknown key.
    if let Some(first) = found.first() {
        assert!(required.is_empty() || first.1 == Rule::Required, "{found:?}");
    }
    assert!(found.contains(&("ManagedExtensions.ext.Stat".to_string(), Rule::UnknownKey)), "{found:?}");
}

#[test]
fn a_root_that_is_not_an_object_is_a_type_error() {
    for text in ["[]", "3", "\"x\"", "null", "true"] {
        let r = read(passcode(), text);
        assert_eq!(r.paths(), vec![(String::new(), Rule::Type)], "{text}");
    }
}

#[test]
fn text_that_is_not_json_is_an_error_with_its_place() {
    for text in ["", "{", r#"{"MinimumLength": }"#, r#"{"MinimumLength": 4} x"#, "{\"a\": \"\u{0}\"}", r#"{"a": 1,}"#] {
        let e = validate_json_slice(passcode(), Part::Payload, text.as_bytes()).expect_err(text);
        assert!(e.line >= 1 && e.column >= 1, "{text}: {e}");
        assert!(!is_valid_json_slice(passcode(), Part::Payload, text.as_bytes()), "{text}");
    }
    // Not UTF-8.
    assert!(validate_json_slice(passcode(), Part::Payload, b"{\"a\": \"\xff\"}").is_err());
}

#[test]
fn the_verdict_stops_at_the_first_error() {
    // Invalid before the text breaks off: the verdict is known (invalid); the report needs the
    // whole document, and the document is not JSON.
    let text = br#"{"MinimumLength": 40, "RequirePasscode": tr"#;
    assert!(!is_valid_json_slice(passcode(), Part::Payload, text));
    assert!(validate_json_slice(passcode(), Part::Payload, text).is_err());
}

#[test]
fn nesting_past_the_parsers_limit_is_an_error_not_a_crash() {
    for depth in [200, 100_000] {
        let text = format!("{{\"ManagedExtensions\": {{\"x\": {{\"AllowedDomains\": {}{}}}}}}}", "[".repeat(depth), "]".repeat(depth));
        let e = validate_json_slice(safari(), Part::Payload, text.as_bytes()).expect_err("too deep");
        assert_eq!(e.kind, JsonErrorKind::TooDeep, "{e}");
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "serde_json refuses it too");
        assert!(!is_valid_json_slice(safari(), Part::Payload, text.as_bytes()));
    }
    // Under the limit, an unknown key's nesting is skipped, not judged.
    let text = format!("{{\"Unknown\": {}{}}}", "[".repeat(100), "]".repeat(100));
    let r = read(passcode(), &text);
    assert_eq!(r.paths(), vec![("Unknown".to_string(), Rule::UnknownKey)]);
}

#[test]
fn tagged_array_items_are_judged_by_their_tag_wherever_it_comes() {
    let settings = find_schema(Category::Commands, "Settings").expect("Settings command");
    // The tag after the keys it selects, then before; then an unknown tag and a missing one.
    let text = r#"{"Settings": [
        {"DeviceName": "Lab iPad", "Item": "DeviceName"},
        {"Item": "DeviceName", "DeviceName": 7},
        {"Item": "NoSuchSetting"},
        {"DeviceName": "x"}
    ]}"#;
    let r = read(settings, text);
    let found = r.paths();
    assert!(!found.iter().any(|(p, _)| p.starts_with("Settings[0]")), "{found:?}");
    assert!(found.contains(&("Settings[1].DeviceName".to_string(), Rule::Type)), "{found:?}");
    assert!(found.contains(&("Settings[2].Item".to_string(), Rule::RangeList)), "{found:?}");
    assert!(found.contains(&("Settings[3].Item".to_string(), Rule::Required)), "{found:?}");
}

#[test]
fn numbers_read_as_parsed_json_numbers() {
    // 6.0 is an integer to JSON Schema; 1e400 is out of any range; u64::MAX is an integer
    // too large for i64.
    for (text, valid) in [
        (r#"{"MinimumLength": 6.0}"#, true),
        (r#"{"MinimumLength": 6.5}"#, false),
        (r#"{"MinimumLength": 18446744073709551615}"#, false),
        (r#"{"MinimumLength": -0}"#, true),
        (r#"{"MinimumLength": 1e400}"#, false),
    ] {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(_) => assert_eq!(read(passcode(), text).is_valid(), valid, "{text}"),
            Err(_) => assert!(validate_json_slice(passcode(), Part::Payload, text.as_bytes()).is_err(), "{text}"),
        }
    }
}
