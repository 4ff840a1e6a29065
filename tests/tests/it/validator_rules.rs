//! The validator on fixtures written for its rules from Apple's schemas
//! (`tests/fixtures/validator/`): payload types split over several schemas, standalone
//! payloads and status-item fragments, declaration envelopes, payloads of unknown type,
//! single-instance payloads, a partial device context, the coercions macOS accepts, the lints
//! beyond the schema, and a set of DDM declarations judged as a whole.

use std::path::{Path, PathBuf};

use apple_device_management::runtime::availability::{Channel, DeviceContext, Platform};
use apple_device_management::runtime::validate::{
    validate_declaration_set, validate_document, validate_json_document, DocumentKind, DocumentReport, Finding, Rule, Severity,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/validator").join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn plist_doc(name: &str, ctx: Option<&DeviceContext>) -> DocumentReport {
    let value: plist::Value = plist::from_bytes(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    validate_document(&value, ctx)
}

fn json_doc(name: &str) -> DocumentReport {
    let value: serde_json::Value = serde_json::from_slice(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    validate_json_document(&value, None)
}

/// `severity rule path` of each finding, sorted.
fn texts(findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings.iter().map(|f| format!("{} {} {}", f.severity.name(), f.rule, f.path())).collect();
    out.sort();
    out
}

fn assert_findings(report: &DocumentReport, expected: &[&str]) {
    assert_eq!(texts(&report.report.findings), expected, "{:#?}", report.report.findings);
}

/// `com.apple.MCX` is split over six schemas: `timeServer` (from `com.apple.MCX(TimeServer)`) is
/// known, the EnergySaver key is judged by its own schema, and a typo is still unknown, with the
/// key of the schema that describes its neighbour suggested.
#[test]
fn a_split_payload_type_consults_every_schema() {
    let r = plist_doc("mcx-split.mobileconfig", None);
    assert_findings(&r, &["error type PayloadContent[0].com.apple.EnergySaver.desktop.ACPower", "warning unknown-key PayloadContent[0].timeZon"]);
    let typo = r.report.findings.iter().find(|f| f.rule == Rule::UnknownKey).expect("typo");
    assert_eq!(typo.suggestion(), Some("timeZone"));
}

/// A payload whose type no schema describes is judged on the keys every payload has.
#[test]
fn an_unknown_payload_type_is_judged_on_the_common_keys() {
    let r = plist_doc("unknown-type.mobileconfig", None);
    assert_findings(&r, &["error required PayloadContent[0].PayloadVersion", "warning unknown-schema PayloadContent[0].PayloadType"]);
}

/// `com.apple.dock` is `multiple: false` on macOS; `com.apple.applicationaccess` may repeat.
#[test]
fn a_single_instance_payload_given_twice_is_an_error() {
    let r = plist_doc("single-instance.mobileconfig", None);
    assert_findings(&r, &["error single-instance PayloadContent[1].PayloadType"]);
    assert!(r.report.findings[0].message().contains("PayloadContent[0]"));
}

/// What macOS converts is its own rule; what it cannot convert stays a type error.
#[test]
fn coercions_macos_accepts_are_their_own_rule() {
    let r = plist_doc("coercion.mobileconfig", None);
    assert_findings(
        &r,
        &[
            "error coercion PayloadContent[0].BlockAllIncoming",
            "error coercion PayloadContent[0].EnableFirewall",
            "error type PayloadContent[0].EnableStealthMode",
        ],
    );
    assert!(r.report.findings.iter().any(|f| f.message().contains("macOS reads it as true")));
}

/// Each lint beyond the schema, on one profile (`PayloadScope` `User`; the screensaver payload
/// says `userchannel: false` on macOS).
#[test]
fn lints_beyond_the_schema() {
    let r = plist_doc("lints.mobileconfig", None);
    assert_findings(
        &r,
        &[
            "error payload-scope PayloadContent[0].PayloadType",
            "warning identifier-prefix PayloadContent[0].PayloadIdentifier",
            "warning identifier-prefix PayloadContent[1].PayloadIdentifier",
            "warning placeholder-uuid PayloadContent[0].PayloadUUID",
            "warning reverse-dns PayloadContent[1].PayloadIdentifier",
            "warning uuid-format PayloadContent[1].PayloadUUID",
        ],
    );
}

/// A payload on its own, as Apple's documentation shows one, is judged as that payload, not as
/// a profile wrapper, even with a `PayloadContent` array of its own.
#[test]
fn a_standalone_payload_is_judged_as_a_payload() {
    let r = plist_doc("standalone-payload.plist", None);
    assert_eq!((r.kind, r.schema.as_deref()), (DocumentKind::Payload, Some("com.apple.wifi.managed")));
    assert_findings(&r, &[]);
    let r = plist_doc("standalone-payload-content-array.plist", None);
    assert_eq!((r.kind, r.schema.as_deref()), (DocumentKind::Payload, Some("com.apple.ManagedClient.preferences")));
    assert_findings(&r, &["error type PayloadContent"]);
}

/// A fragment of `StatusItems` is judged as status items, at paths from the fragment.
#[test]
fn a_status_item_fragment_is_judged_as_status_items() {
    let r = json_doc("status-fragment.json");
    assert_eq!(r.kind, DocumentKind::StatusReport);
    assert_findings(&r, &[]);
    let r = json_doc("status-fragment-invalid.json");
    assert_eq!(r.kind, DocumentKind::StatusReport);
    assert_findings(&r, &["error type device.model.family"]);
}

/// Keys beside `Payload` that a declaration does not have are reported.
#[test]
fn unknown_declaration_envelope_keys_are_reported() {
    let r = json_doc("declaration-envelope-keys.json");
    assert_eq!(r.kind, DocumentKind::Declaration);
    assert_findings(&r, &["warning unknown-key Authentication", "warning unknown-key Bogus"]);
}

/// A User Enrollment `TokenUpdate` (`EnrollmentID`, no `UDID`) judged with a context that
/// names the platform and channel but no enrollment: the enrollment is the message's.
#[test]
fn a_partial_context_is_completed_by_the_message() {
    let ctx = DeviceContext::new(Platform::IOS, "17.0".parse().expect("version")).channel(Channel::Device);
    let r = plist_doc("tokenupdate-user-enrollment.plist", Some(&ctx));
    assert_eq!(r.kind, DocumentKind::Checkin);
    assert_findings(&r, &[]);
    // The context still decides what the message does not show: on tvOS, `NotOnConsole` is required.
    let tv = DeviceContext::new(Platform::TvOS, "17.0".parse().expect("version"));
    let r = plist_doc("tokenupdate-user-enrollment.plist", Some(&tv));
    assert!(r.report.findings.iter().any(|f| f.path() == "NotOnConsole" && f.severity == Severity::Error), "{:?}", r.report.findings);
}

/// A set of declarations and the server's manifest, judged as a whole.
#[test]
fn a_declaration_set_is_judged_as_a_whole() {
    let names = ["activation.json", "carddav.json", "asset.json", "duplicate.json", "manifest.json"];
    let values: Vec<serde_json::Value> =
        names.iter().map(|n| serde_json::from_slice(&read(&format!("ddm-set/{n}"))).unwrap_or_else(|e| panic!("{n}: {e}"))).collect();
    let refs: Vec<&serde_json::Value> = values.iter().collect();
    let mut got: Vec<String> = validate_declaration_set(&refs, &names)
        .iter()
        .map(|f| format!("{} {} {} {}", names[f.member], f.finding.severity.name(), f.finding.rule, f.finding.path()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "activation.json error missing-reference Payload.StandardConfigurations[1]",
            "activation.json error reference-type Payload.StandardConfigurations[2]",
            "carddav.json error missing-reference Payload.AuthenticationCredentialsAssetReference",
            "duplicate.json error duplicate-identifier Identifier",
            "manifest.json error missing-reference Declarations.Assets[1].Identifier",
            "manifest.json error server-token-drift Declarations.Configurations[0].ServerToken",
        ]
    );
    // Each declaration alone is valid: these are findings of the set only.
    for (name, value) in names.iter().zip(&values).take(4) {
        let r = validate_json_document(value, None);
        assert!(r.report.is_valid(), "{name}: {:?}", r.report.findings);
    }
    // A consistent set has no finding.
    let consistent: Vec<&serde_json::Value> = values.iter().take(3).collect();
    let fixed_activation: serde_json::Value = serde_json::json!({"Type": "com.apple.activation.simple", "Identifier": "com.example.activation",
        "Payload": {"StandardConfigurations": ["com.example.carddav"]}});
    let fixed_carddav: serde_json::Value = serde_json::json!({"Type": "com.apple.configuration.account.carddav", "Identifier": "com.example.carddav",
        "Payload": {"HostName": "contacts.example.com", "AuthenticationCredentialsAssetReference": "com.example.asset.carddav"}});
    let set = [&fixed_activation, &fixed_carddav, consistent[2]];
    assert_eq!(validate_declaration_set(&set, &names[..3]), []);
}

/// Every rule has a distinct stable name that reads back, and a line of explanation.
#[test]
fn every_rule_is_named_and_explained() {
    let all = Rule::all();
    let mut names: Vec<String> = all.iter().map(Rule::name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all.len());
    for rule in all {
        assert_eq!(Rule::from_name(&rule.name()), Some(rule));
        assert!(rule.description().len() > 20, "{rule}");
    }
    assert_eq!(Rule::Coercion.default_severity(), Severity::Error);
    assert_eq!(Rule::UnknownKey.default_severity(), Severity::Warning);
}
