//! Validation on hand-written invalid documents, one rule at a time, asserting the exact paths
//! reported; plus document dispatch (command, envelope, response, profile, declaration) and the
//! availability findings joining the report when a device context is given.

use apple_device_management::runtime::availability::{DeviceContext, Platform};
use apple_device_management::runtime::validate::{find_schema, validate, validate_document, validate_json_document, validate_response, DocumentKind, Rule};
use apple_device_management::runtime::Category;
use plist::{Dictionary, Value};

fn dict(entries: &[(&str, Value)]) -> Value {
    Value::Dictionary(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Dictionary>())
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn schedule(updates: Vec<Value>) -> Value {
    dict(&[("RequestType", s("ScheduleOSUpdate")), ("Updates", Value::Array(updates))])
}

#[test]
fn valid_command_is_clean() {
    let doc = schedule(vec![dict(&[("ProductKey", s("iOSUpdate17A576")), ("InstallAction", s("DownloadOnly"))])]);
    let r = validate_document(&doc, None);
    assert_eq!(r.kind, DocumentKind::Command);
    assert_eq!(r.schema.as_deref(), Some("ScheduleOSUpdate"));
    assert!(r.report.findings.is_empty(), "{:?}", r.report.findings);
}

#[test]
fn every_violation_in_one_pass_with_paths() {
    let doc = schedule(vec![
        dict(&[("InstallAction", s("Sometime"))]),
        dict(&[("InstallAction", s("InstallLater")), ("MaxUserDeferrals", s("three")), ("Priorty", s("High"))]),
        dict(&[("ProductKey", s("x"))]),
    ]);
    let r = validate_document(&doc, None).report;
    assert_eq!(
        r.paths(),
        vec![
            ("Updates[0].InstallAction".to_string(), Rule::RangeList),
            ("Updates[1].MaxUserDeferrals".to_string(), Rule::Type),
            ("Updates[1].Priorty".to_string(), Rule::UnknownKey),
            ("Updates[2].InstallAction".to_string(), Rule::Required),
        ]
    );
    let range = &r.findings[0];
    assert_eq!(range.actual(), Some("\"Sometime\""));
    assert_eq!(range.expected(), Some("Default, DownloadOnly, InstallASAP, NotifyOnly, InstallLater, InstallForceRestart"));
    let ty = &r.findings[1];
    assert_eq!((ty.expected(), ty.actual()), (Some("<integer>"), Some("<string>")));
    let unknown = &r.findings[2];
    assert_eq!(unknown.suggestion(), Some("Priority"));
    assert!(!r.is_valid());
    assert_eq!(r.warnings().count(), 1, "unknown keys are warnings");
}

#[test]
fn command_envelope_paths_start_at_command() {
    let doc = dict(&[("CommandUUID", s("1")), ("Command", schedule(vec![dict(&[("InstallAction", s("Nope"))])]))]);
    let r = validate_document(&doc, None);
    assert_eq!(r.report.paths(), vec![("Command.Updates[0].InstallAction".to_string(), Rule::RangeList)]);
    let missing_uuid = dict(&[("Command", schedule(vec![]))]);
    assert!(validate_document(&missing_uuid, None).report.has("CommandUUID", Rule::Required));
}

#[test]
fn range_format_repetition_and_valuetype() {
    // Passcode declaration: MinimumLength has range 0..=16.
    let decl = serde_json::json!({
        "Type": "com.apple.configuration.passcode.settings", "Identifier": "p", "ServerToken": "1",
        "Payload": { "MinimumLength": 40, "RequireAlphanumericPasscode": "yes" }
    });
    let r = validate_json_document(&decl, None);
    assert_eq!(r.kind, DocumentKind::Declaration);
    assert_eq!(r.report.paths(), vec![("Payload.MinimumLength".to_string(), Rule::Range), ("Payload.RequireAlphanumericPasscode".to_string(), Rule::Type)]);

    // DNS settings payload: PayloadCertificateUUID has a format regex.
    let dns = find_schema(Category::Profiles, "com.apple.dnsSettings.managed").expect("dns schema");
    let doc = dict(&[("DNSSettings", dict(&[("DNSProtocol", s("HTTPS"))])), ("PayloadCertificateUUID", s("not-a-uuid"))]);
    let r = apple_device_management::runtime::validate::validate_value(dns, &doc);
    assert!(r.has("PayloadCertificateUUID", Rule::Format), "{:?}", r.paths());

    // SCEP: a subject pair must have exactly two strings (repetition on the item key).
    let scep = find_schema(Category::Profiles, "com.apple.security.scep").expect("scep schema");
    let pair = |items: &[&str]| Value::Array(items.iter().map(|i| s(i)).collect());
    let subject = Value::Array(vec![Value::Array(vec![pair(&["C", "US"])]), Value::Array(vec![pair(&["O", "Apple", "extra"])])]);
    let doc = dict(&[("PayloadContent", dict(&[("Subject", subject)]))]);
    let r = apple_device_management::runtime::validate::validate_value(scep, &doc);
    assert!(r.has("PayloadContent.Subject[1][0]", Rule::Repetition), "{:?}", r.paths());
    assert!(!r.has("PayloadContent.Subject[0][0]", Rule::Repetition));
}

#[test]
fn profile_is_validated_payload_by_payload_with_uuid_uniqueness() {
    let payload = |ty: &str, uuid: &str, extra: &[(&str, Value)]| {
        let mut entries = vec![
            ("PayloadType", s(ty)),
            ("PayloadVersion", Value::Integer(1.into())),
            ("PayloadIdentifier", s(&format!("com.example.profile.{uuid}"))),
            ("PayloadUUID", s(uuid)),
        ];
        entries.extend(extra.iter().cloned());
        dict(&entries)
    };
    let profile = dict(&[
        ("PayloadType", s("Configuration")),
        ("PayloadVersion", Value::Integer(1.into())),
        ("PayloadIdentifier", s("com.example.profile")),
        ("PayloadUUID", s("A0000000-0000-0000-0000-000000000000")),
        ("PayloadDisplayName", s("Test")),
        ("PayloadDescripion", s("typo")),
        (
            "PayloadContent",
            Value::Array(vec![
                payload("com.apple.dnsSettings.managed", "B0000000-0000-0000-0000-000000000000", &[("DNSSettings", dict(&[("DNSProtocol", s("HTTPS"))]))]),
                payload(
                    "com.apple.dnsSettings.managed",
                    "B0000000-0000-0000-0000-000000000000",
                    &[("DNSSettings", dict(&[("DNSProtocol", s("Carrier pigeon"))]))],
                ),
                payload("com.example.unknown", "C0000000-0000-0000-0000-000000000000", &[]),
            ]),
        ),
    ]);
    let r = validate_document(&profile, None);
    assert_eq!(r.kind, DocumentKind::Profile);
    let paths = r.report.paths();
    assert!(paths.contains(&("PayloadDescripion".into(), Rule::UnknownKey)), "{paths:?}");
    let typo = r.report.findings.iter().find(|f| f.path() == "PayloadDescripion").expect("typo finding");
    assert_eq!(typo.suggestion(), Some("PayloadDescription"));
    assert!(paths.contains(&("PayloadContent[1].DNSSettings.DNSProtocol".into(), Rule::RangeList)), "{paths:?}");
    assert!(paths.contains(&("PayloadContent[1].PayloadUUID".into(), Rule::DuplicateUuid)), "{paths:?}");
    assert!(paths.contains(&("PayloadContent[2].PayloadType".into(), Rule::UnknownSchema)), "{paths:?}");
    assert!(!paths.iter().any(|(p, _)| p.starts_with("PayloadContent[0]")), "the first payload is valid: {paths:?}");
}

#[test]
fn response_schema_is_found_from_its_keys() {
    let resp = dict(&[
        ("CommandUUID", s("1")),
        ("Status", s("Acknowledged")),
        ("UDID", s("00008020-000915083C80012E")),
        ("UpdateResults", Value::Array(vec![dict(&[("ProductKey", s("x")), ("InstallAction", s("DownloadOnly")), ("Status", s("Teleporting"))])])),
    ]);
    let r = validate_document(&resp, None);
    assert_eq!(r.kind, DocumentKind::Response);
    assert_eq!(r.schema.as_deref(), Some("ScheduleOSUpdate"));
    assert_eq!(r.report.paths(), vec![("UpdateResults[0].Status".to_string(), Rule::RangeList)]);
    let forced = validate_response(&resp, Some("ScheduleOSUpdate"));
    assert_eq!(forced.report.paths(), r.report.paths());
}

#[test]
fn typed_values_are_validated_including_unknown_enum_values() {
    use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
    let cmd = ScheduleOSUpdateCommand::new(vec![UpdatesItem::new(InstallAction::from("InstallTomorrow"))]);
    let r = validate(&cmd);
    assert_eq!(r.paths(), vec![("Updates[0].InstallAction".to_string(), Rule::RangeList)]);
}

#[test]
fn availability_joins_the_report_with_a_context() {
    let doc = schedule(vec![dict(&[("InstallAction", s("InstallLater")), ("MaxUserDeferrals", Value::Integer(3.into()))])]);
    let iphone = DeviceContext::new(Platform::IOS, "17.0".parse().expect("version")).supervised(true);
    let r = validate_document(&doc, Some(&iphone)).report;
    let availability: Vec<_> = r.findings.iter().filter(|f| matches!(f.rule, Rule::Availability(_))).map(|f| f.path()).collect();
    assert!(availability.contains(&"Updates[0].MaxUserDeferrals"), "{availability:?}");
    assert!(validate_document(&doc, None).report.findings.is_empty(), "no context, no availability findings");
}

#[test]
fn hostile_shapes_do_not_panic() {
    assert_eq!(validate_document(&s("hello"), None).kind, DocumentKind::Unknown);
    assert_eq!(validate_document(&dict(&[("Nothing", s("here"))]), None).kind, DocumentKind::Unknown);
    // A home screen folder inside a folder inside a folder …, 300 deep: the recursive schema
    // matches all the way, so the walk must stop at its depth limit, once.
    let mut icon = Value::Dictionary(Dictionary::from_iter([("Type".to_string(), s("App")), ("BundleID".to_string(), s("com.example"))]));
    for _ in 0..300 {
        let mut folder = Dictionary::new();
        folder.insert("Type".into(), s("Folder"));
        folder.insert("Pages".into(), Value::Array(vec![Value::Array(vec![icon])]));
        icon = Value::Dictionary(folder);
    }
    let home = find_schema(Category::Profiles, "com.apple.homescreenlayout").expect("home screen schema");
    let mut doc = Dictionary::new();
    doc.insert("Dock".into(), Value::Array(vec![icon]));
    doc.insert("Pages".into(), Value::Array(vec![]));
    let doc = Value::Dictionary(doc);
    let r = apple_device_management::runtime::validate::validate_value(home, &doc);
    let depth: Vec<_> = r.findings.iter().filter(|f| f.rule == Rule::Depth).collect();
    assert_eq!(depth.len(), 1, "{:?}", r.paths());
    assert!(depth[0].path().starts_with("Dock[0].Pages[0][0].Pages[0][0]"), "{}", depth[0].path());
    // Dropping a 300-deep value recurses too; do it on a thread with room.
    std::thread::Builder::new().stack_size(64 << 20).spawn(move || drop(doc)).expect("thread").join().expect("drop");
    let json = serde_json::json!({ "Type": "com.apple.configuration.passcode.settings", "Identifier": "p", "ServerToken": "1", "Payload": [1, 2] });
    assert!(validate_json_document(&json, None).report.has("Payload", Rule::Type));
}

/// Presence is settled by the device context: a key required only in some contexts is a note
/// without one, nothing where that device never sends the key and an error where it must; a
/// key required wherever the message exists is an error without a context and nothing on a
/// device the message does not exist on (found by the `validate_plist_xml` fuzzer, whose "a
/// context only adds findings" check predated presence in context; fuzz/README.md, finding 8).
#[test]
fn a_device_context_settles_presence() {
    use apple_device_management::runtime::availability::{Channel, OsVersion};
    use apple_device_management::runtime::validate::Severity;
    let findings = |doc: &Value, path: &str, ctx: Option<&DeviceContext>| -> Vec<(Severity, String)> {
        let r = validate_document(doc, ctx);
        assert_eq!(r.kind, DocumentKind::Checkin);
        r.report.findings.iter().filter(|f| f.path() == path && f.rule == Rule::Required).map(|f| (f.severity, f.message().into_owned())).collect()
    };
    let severities = |v: Vec<(Severity, String)>| v.into_iter().map(|(s, _)| s).collect::<Vec<_>>();
    let iphone = |v: u32| DeviceContext::new(Platform::IOS, OsVersion::new([v, 0])).supervised(false);
    let mac_user = DeviceContext::new(Platform::MacOS, OsVersion::new([14, 2])).channel(Channel::User);

    // A user-channel GetToken (UserID) from a device whose platform the message does not show.
    let user_channel = dict(&[
        ("MessageType", s("GetToken")),
        ("TokenServiceType", s("com.apple.maid")),
        ("UDID", s("00008020-000915083C80012E")),
        ("UserID", s("A5A8F5A1-0000-4E0B-8E4B-2C1F3A5D6E7F")),
        ("UserShortName", s("alex")),
    ]);
    let without = findings(&user_channel, "UserLongName", None);
    assert_eq!(without.len(), 1, "{without:?}");
    assert_eq!(without[0].0, Severity::Note);
    assert!(without[0].1.contains("macOS") && without[0].1.contains("user channel"), "{}", without[0].1);
    assert_eq!(findings(&user_channel, "UserLongName", Some(&iphone(17))), vec![], "an iPhone never sends UserLongName");
    assert_eq!(severities(findings(&user_channel, "UserLongName", Some(&mac_user))), vec![Severity::Error]);

    // A GetToken with neither UDID nor EnrollmentID: GetToken exists on iOS from 17.0 only.
    let no_id = dict(&[("MessageType", s("GetToken")), ("TokenServiceType", s("com.apple.maid"))]);
    assert_eq!(severities(findings(&no_id, "UDID", None)), vec![Severity::Error]);
    assert_eq!(severities(findings(&no_id, "UDID", Some(&iphone(17)))), vec![Severity::Error]);
    assert_eq!(findings(&no_id, "UDID", Some(&iphone(16))), vec![], "no GetToken, so no UDID, on iOS 16");
}
