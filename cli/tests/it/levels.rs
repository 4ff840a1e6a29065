//! Rule levels: `--allow`/`--warn`/`--deny` (rules and groups, the last flag wins), `dm.toml`
//! found by walking up from each file (the nearest wins, flags win over it), `--allow-key`, and
//! `dm rules`.

use crate::{dm, finding_lines};

/// (rule, severity) of every finding of a text report, in order.
fn rules_of(out: &str) -> Vec<String> {
    finding_lines(out).iter().map(|l| l.split(':').next().unwrap_or("").to_string()).collect()
}

#[test]
fn flags_allow_warn_and_deny_rules() {
    // By default: an unknown key is a warning, a value outside the list and a shared UUID errors.
    let (out, _, code) = dm(&["validate", "invalid/profile.mobileconfig"]);
    assert_eq!(rules_of(&out), ["warning[unknown-key]", "error[rangelist]", "error[duplicate-uuid]"], "{out}");
    assert_eq!(code, 1);

    let (out, _, code) = dm(&["validate", "-D", "unknown-key", "--warn", "rangelist", "-A", "duplicate-uuid", "invalid/profile.mobileconfig"]);
    assert_eq!(rules_of(&out), ["error[unknown-key]", "warning[rangelist]"], "{out}");
    assert!(out.ends_with("1 file: 1 error, 1 warning, 0 notes, 0 unreadable\n"), "{out}");
    assert_eq!(code, 1);

    // Only warnings left: exit 0.
    let (out, _, code) = dm(&["validate", "-W", "rangelist", "-W", "duplicate-uuid", "invalid/profile.mobileconfig"]);
    assert_eq!(rules_of(&out), ["warning[unknown-key]", "warning[rangelist]", "warning[duplicate-uuid]"], "{out}");
    assert_eq!(code, 0);

    // The last flag that covers a rule wins.
    let (out, _, _) = dm(&["validate", "-A", "unknown-key", "-D", "unknown-key", "invalid/profile.mobileconfig"]);
    assert!(rules_of(&out).contains(&"error[unknown-key]".to_string()), "{out}");
    let (out, _, _) = dm(&["validate", "-D", "unknown-key", "-A", "unknown-key", "invalid/profile.mobileconfig"]);
    assert!(!out.contains("unknown-key"), "{out}");
}

#[test]
fn a_group_covers_every_rule_under_it() {
    let (out, _, code) = dm(&["validate", "--os", "iOS:17.0", "-A", "availability", "valid/command.plist"]);
    assert_eq!((rules_of(&out).len(), code), (0, 0), "{out}");
    // A rule set after its group wins over it, and before it loses.
    let (out, _, code) = dm(&["validate", "--os", "iOS:17.0", "-A", "availability", "-W", "availability.needs-supervision", "valid/command.plist"]);
    assert_eq!((rules_of(&out), code), (vec!["warning[availability.needs-supervision]".to_string()], 0), "{out}");
    let (out, _, _) = dm(&["validate", "--os", "iOS:17.0", "-W", "availability.needs-supervision", "-A", "availability", "valid/command.plist"]);
    assert!(rules_of(&out).is_empty(), "{out}");
}

/// A note is a key required only where the report cannot tell: warn and deny leave it a note,
/// allow drops it.
#[test]
fn notes_stay_notes_unless_allowed() {
    let (out, _, code) = dm(&["validate", "-D", "required", "traffic/tokenupdate-iphone.plist"]);
    assert_eq!(code, 0, "{out}");
    assert!(rules_of(&out).iter().all(|r| r == "note[required]"), "{out}");
    let (out, _, _) = dm(&["validate", "-A", "required", "traffic/tokenupdate-iphone.plist"]);
    assert!(rules_of(&out).is_empty(), "{out}");
}

#[test]
fn an_unknown_rule_is_a_usage_error_with_close_names() {
    let (out, err, code) = dm(&["validate", "-A", "unknwn-key", "invalid/profile.mobileconfig"]);
    assert_eq!(code, 2);
    assert_eq!(out, "", "nothing is validated");
    assert_eq!(err, "dm: --allow: unknown rule `unknwn-key`; did you mean `unknown-key`? (`dm rules` lists every rule)\n");
    let (_, err, code) = dm(&["validate", "--deny", "availability.remove", "valid/command.plist"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `availability.removed`"), "{err}");
    let (_, err, code) = dm(&["validate", "--allow-key", "no-colon", "valid/command.plist"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected PAYLOADTYPE:KEY"), "{err}");
}

/// `configured/dm.toml` applies to `configured/profiles/` (found by walking up): unknown keys
/// denied, `rangelist` warned, `duplicate-uuid` allowed, `VendorExtra` allowed in DNS payloads.
#[test]
fn dm_toml_is_found_by_walking_up() {
    let (out, _, code) = dm(&["validate", "configured/profiles"]);
    assert_eq!(
        finding_lines(&out),
        [
            "error[unknown-key]: key `PayloadDescripion` is not described by the schema --> configured/profiles/profile.mobileconfig:13:2 (PayloadDescripion)",
            "warning[rangelist]: \"Carrier pigeon\" is not one of: HTTPS, TLS --> configured/profiles/profile.mobileconfig:45:5 (PayloadContent[1].DNSSettings.DNSProtocol)",
            "error[unknown-key]: key `VendorTop` is not described by the schema --> configured/profiles/vendor.mobileconfig:13:2 (VendorTop)",
            "error[unknown-key]: key `VendorNested` is not described by the schema --> configured/profiles/vendor.mobileconfig:34:5 (PayloadContent[0].DNSSettings.VendorNested)",
            "error[unknown-key]: key `VendorExtra` is not described by the schema --> configured/profiles/vendor.mobileconfig:49:4 (PayloadContent[1].VendorExtra)",
        ],
        "{out}"
    );
    assert_eq!(code, 1);
    // Named one by one, the same.
    let (one, _, _) = dm(&["validate", "configured/profiles/profile.mobileconfig"]);
    assert!(one.contains("warning[rangelist]"), "{one}");
    // The folder's real path is walked up: through `..`, `keys/` is outside `configured/`.
    let (outside, _, code) = dm(&["validate", "configured/nearest/../../keys/vendor-keys.mobileconfig"]);
    assert_eq!(code, 0, "{outside}");
    assert!(rules_of(&outside).iter().all(|r| r == "warning[unknown-key]"), "{outside}");
}

/// The nearest dm.toml wins whole: `configured/nearest/dm.toml` allows unknown keys and says
/// nothing of `rangelist` or `duplicate-uuid`, which keep their defaults.
#[test]
fn the_nearest_dm_toml_wins() {
    let (out, _, code) = dm(&["validate", "configured/nearest"]);
    assert_eq!(rules_of(&out), ["error[rangelist]", "error[duplicate-uuid]"], "{out}");
    assert_eq!(code, 1);
}

#[test]
fn flags_win_over_dm_toml() {
    let (out, _, code) = dm(&["validate", "-W", "unknown-key", "-A", "rangelist", "configured/profiles/profile.mobileconfig"]);
    assert_eq!(rules_of(&out), ["warning[unknown-key]"], "{out}");
    assert_eq!(code, 0);
    // A key allowed by the flag adds to the file's allowed keys.
    let (out, _, _) = dm(&["validate", "--allow-key", "com.apple.wifi.managed:VendorExtra", "configured/profiles/vendor.mobileconfig"]);
    assert!(!out.contains("VendorExtra"), "{out}");
}

#[test]
fn a_bad_dm_toml_is_a_usage_error_naming_the_file() {
    let (out, err, code) = dm(&["validate", "badconfig/command.plist"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.starts_with("dm: ") && err.contains("badconfig/dm.toml: not a valid dm.toml: line 2: "), "{err}");
    let (_, err, code) = dm(&["validate", "badrule/command.plist"]);
    assert_eq!(code, 2);
    assert!(err.contains("badrule/dm.toml: deny: unknown rule `unknwn-key`; did you mean `unknown-key`?"), "{err}");
}

/// `--allow-key PAYLOADTYPE:KEY` silences an unknown key of one payload type only: the
/// profile's own (`Configuration`), one payload's, a nested key by its path in the payload, a
/// declaration's by its `Type`.
#[test]
fn allow_key_is_scoped_to_its_payload_type() {
    let all = ["VendorTop", "PayloadContent[0].VendorExtra", "PayloadContent[0].DNSSettings.VendorNested", "PayloadContent[1].VendorExtra"];
    let unknown = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["validate", "--format", "json", "keys/vendor-keys.mobileconfig"];
        a.extend_from_slice(args);
        let (out, _, _) = dm(&a);
        let o: serde_json::Value = serde_json::from_str(out.lines().next().expect("a line")).expect("json");
        o["findings"].as_array().expect("findings").iter().map(|f| f["path"].as_str().unwrap_or("").to_string()).collect()
    };
    assert_eq!(unknown(&[]), all);
    assert_eq!(unknown(&["--allow-key", "com.apple.dnsSettings.managed:VendorExtra"]), [all[0], all[2], all[3]]);
    assert_eq!(unknown(&["--allow-key", "com.apple.wifi.managed:VendorExtra"]), [all[0], all[1], all[2]]);
    assert_eq!(unknown(&["--allow-key", "Configuration:VendorTop"]), [all[1], all[2], all[3]]);
    assert_eq!(unknown(&["--allow-key", "com.apple.dnsSettings.managed:DNSSettings.VendorNested"]), [all[0], all[1], all[3]]);
    assert_eq!(unknown(&["--allow-key", "com.apple.dnsSettings.managed:VendorNested"]), [all[0], all[1], all[3]]);
    // Another payload's type does not cover it.
    assert_eq!(unknown(&["--allow-key", "com.apple.wifi.managed:VendorTop"]), all);

    let (out, _, code) = dm(&["validate", "--allow-key", "com.apple.configuration.passcode.settings:VendorKey", "keys/declaration.json"]);
    assert_eq!((finding_lines(&out).len(), code), (0, 0), "{out}");
    let (out, _, _) = dm(&["validate", "--allow-key", "com.apple.configuration.passcode.other:VendorKey", "keys/declaration.json"]);
    assert_eq!(finding_lines(&out).len(), 1, "{out}");
}

#[test]
fn rules_lists_every_rule_with_its_default_level() {
    let (out, _, code) = dm(&["rules"]);
    assert_eq!(code, 0);
    let rule_lines: Vec<Vec<&str>> = out.lines().take_while(|l| !l.is_empty()).map(|l| l.split_whitespace().take(2).collect()).collect();
    assert!(rule_lines.contains(&vec!["unknown-key", "warning"]), "{out}");
    assert!(rule_lines.contains(&vec!["coercion", "error"]), "{out}");
    assert!(rule_lines.contains(&vec!["availability.deprecated", "warning"]), "{out}");
    assert!(out.contains("group `availability`: every `availability.*` rule"), "{out}");

    let (json, _, code) = dm(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(rules.len(), rule_lines.len());
    let required = &rules[0];
    assert_eq!(required["name"], "required");
    assert_eq!(required["default"], "error");
    assert!(required["description"].as_str().is_some_and(|d| !d.is_empty()));
    // Every name is one `--allow` takes.
    for r in &rules {
        let name = r["name"].as_str().expect("name");
        let (_, err, code) = dm(&["validate", "-A", name, "valid/error.json"]);
        assert_eq!(code, 0, "{name}: {err}");
    }
}
