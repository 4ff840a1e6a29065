//! The exported JSON Schemas: every one compiles as draft 2020-12 with the `jsonschema` crate
//! (so every `format` regex in the data compiles too), recursion becomes `$defs`/`$ref`, and the
//! rules they carry accept and reject what they should.

use crate::common;

use generator::emit::json_schema::file_schema;
use serde_json::json;

fn schema_of(path: &str) -> serde_json::Value {
    let tree = common::release("release-18.1");
    file_schema(tree.file(path).unwrap_or_else(|| panic!("{path} not in release-18.1")))
}

#[test]
fn every_schema_compiles() {
    let tree = common::release("release-18.1");
    let mut compiled = 0;
    for f in &tree.files {
        let schema = file_schema(f);
        if let Err(e) = jsonschema::validator_for(&schema) {
            panic!("{}: {e}", f.path);
        }
        compiled += 1;
    }
    assert_eq!(compiled, 302);
}

#[test]
fn recursive_schema_uses_defs() {
    let schema = schema_of("mdm/profiles/com.apple.homescreenlayout.yaml");
    let defs = schema["$defs"].as_object().expect("$defs");
    assert!(!defs.is_empty());
    let text = schema.to_string();
    assert!(text.contains("\"$ref\":\"#/$defs/list"), "recursive reference by $ref");
    let v = jsonschema::validator_for(&schema).expect("compiles");
    // A folder holding a page holding an app: valid at any depth.
    let doc = json!({
        "PayloadType": "com.apple.homescreenlayout", "PayloadVersion": 1, "PayloadIdentifier": "x", "PayloadUUID": "x",
        "Dock": [{ "Type": "Folder", "DisplayName": "F", "Pages": [[{ "Type": "App", "BundleID": "com.example" }]] }],
        "Pages": []
    });
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bad = json!({ "Dock": [{ "Type": "Folder", "Pages": [[{ "Type": 5 }]] }], "Pages": [] });
    assert!(!v.is_valid(&bad), "a wrong type three levels down is found through the $ref");
}

#[test]
fn command_rules() {
    let schema = schema_of("mdm/commands/system.update.schedule.yaml");
    let v = jsonschema::validator_for(&schema).expect("compiles");
    let ok = json!({ "RequestType": "ScheduleOSUpdate", "Updates": [{ "InstallAction": "Default", "ProductKey": "x" }] });
    assert!(v.is_valid(&ok));
    let wrong_action = json!({ "RequestType": "ScheduleOSUpdate", "Updates": [{ "InstallAction": "Sometime" }] });
    assert!(!v.is_valid(&wrong_action), "rangelist");
    let wrong_type = json!({ "RequestType": "ScheduleOSUpdate", "Updates": [{ "InstallAction": "Default", "MaxUserDeferrals": "3" }] });
    assert!(!v.is_valid(&wrong_type), "integer");
    let missing = json!({ "RequestType": "ScheduleOSUpdate" });
    assert!(!v.is_valid(&missing), "required Updates");
    let other_command = json!({ "RequestType": "DeviceLock", "Updates": [] });
    assert!(!v.is_valid(&other_command), "RequestType is a constant");
    assert_eq!(schema["$defs"]["response"]["required"], json!(["UpdateResults"]));
}
