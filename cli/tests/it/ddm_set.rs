//! `dm validate` on a folder of DDM declarations and the server's manifest judges them as one
//! set (`tests/fixtures/ddm-set`: an activation naming a missing configuration and an asset, a
//! configuration naming a missing asset, a duplicate identifier, a manifest whose token for
//! one configuration is stale).

use super::dm;

#[test]
fn a_folder_of_declarations_is_judged_as_a_set() {
    let (out, _, code) = dm(&["validate", "--format", "json", "ddm-set"]);
    assert_eq!(code, 1, "{out}");
    let mut got = Vec::new();
    for line in out.lines() {
        let o: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let Some(path) = o["path"].as_str() else { continue };
        for f in o["findings"].as_array().expect("findings") {
            got.push(format!("{} {} {}", path, f["rule"].as_str().unwrap_or("?"), f["path"].as_str().unwrap_or("?")));
        }
    }
    got.sort();
    assert_eq!(
        got,
        [
            "ddm-set/activation.json missing-reference Payload.StandardConfigurations[1]",
            "ddm-set/activation.json reference-type Payload.StandardConfigurations[2]",
            "ddm-set/carddav.json missing-reference Payload.AuthenticationCredentialsAssetReference",
            "ddm-set/duplicate.json duplicate-identifier Identifier",
            "ddm-set/manifest.json missing-reference Declarations.Assets[1].Identifier",
            "ddm-set/manifest.json server-token-drift Declarations.Configurations[0].ServerToken",
        ]
    );
}

/// One declaration alone is not a set: what it names may be elsewhere.
#[test]
fn one_declaration_alone_is_not_judged_as_a_set() {
    let (out, _, code) = dm(&["validate", "ddm-set/activation.json"]);
    assert_eq!(code, 0, "{out}");
}

/// Set findings take rule levels like any other, and point at their line.
#[test]
fn set_findings_take_levels_and_positions() {
    let (out, _, code) = dm(&["validate", "-A", "missing-reference", "-A", "reference-type", "-A", "server-token-drift", "ddm-set"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[duplicate-identifier]"), "{out}");
    assert!(!out.contains("missing-reference"), "{out}");
    assert!(out.contains("--> ddm-set/duplicate.json:1:"), "{out}");
}
