//! What a server needs of the crate beyond decoding one typed message (each first found as a
//! workaround in `examples/mdm-server`): the platform of a product name, typed values
//! validated for a device, findings in the CLI's JSON shape, dispatch enums read from JSON,
//! a response typed once its command is known, a declaration's kind, and the required keys a
//! message left out.

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::{AnyCommand, AnyCommandResponse};
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::runtime::availability::{AvailabilityRule, DeviceContext, Enrollment, Platform};
use apple_device_management::runtime::validate::{
    validate_any, validate_any_in, validate_declaration_in, validate_document_as, validate_json_document_as, Finding, Form, Report, Rule, Severity,
};
use apple_device_management::runtime::{codec, CommandEnvelope, CommandResponse, Declaration, DeclarationKind, Dictionary};

fn iphone() -> DeviceContext {
    DeviceContext::new(Platform::IOS, "17.0".parse().expect("a version"))
}

// 1. Platform from a product name.

#[test]
fn product_names_name_their_platform() {
    let cases = [
        ("iPhone14,2", Some(Platform::IOS)),
        ("iPad13,4", Some(Platform::IOS)),
        ("iPod9,1", Some(Platform::IOS)),
        ("Mac14,9", Some(Platform::MacOS)),
        ("iMac21,1", Some(Platform::MacOS)),
        ("VirtualMac2,1", Some(Platform::MacOS)),
        ("AppleTV11,1", Some(Platform::TvOS)),
        ("Watch6,1", Some(Platform::WatchOS)),
        ("RealityDevice14,1", Some(Platform::VisionOS)),
        ("Toaster1,1", None),
        ("", None),
        ("iphone14,2", None),
    ];
    for (name, platform) in cases {
        assert_eq!(Platform::from_product_name(name), platform, "{name}");
    }
}

// 2. Typed values validated for a device.

fn command(json: &str) -> AnyCommand {
    codec::from_json(json.as_bytes()).expect("a command")
}

/// `validate_any_in` says what `validate_document_as` says of the serialized value.
fn same_as_document(any: &AnyCommand, ctx: Option<&DeviceContext>, form: Form) -> Report {
    let typed = validate_any_in(any, ctx, form);
    let document = validate_document_as(&codec::to_value(any).expect("serializes"), ctx, form).report;
    assert_eq!(typed, document, "{any:?} in {ctx:?}, {form:?}");
    typed
}

#[test]
fn a_command_is_judged_for_the_device() {
    let lost = command(r#"{"RequestType": "EnableLostMode", "Message": "Call me"}"#);
    let unsupervised = iphone();
    let report = same_as_document(&lost, Some(&unsupervised), Form::Authored);
    assert_eq!(report.paths(), vec![(String::new(), Rule::Availability(AvailabilityRule::NeedsSupervision))]);
    assert!(same_as_document(&lost, Some(&unsupervised.clone().supervised(true)), Form::Authored).findings.is_empty());
    // Without a device only the schema is judged, as `validate_any` does.
    assert_eq!(same_as_document(&lost, None, Form::Authored), validate_any(&lost));
    // Sent, a command must be in its envelope.
    let sent = same_as_document(&lost, None, Form::Sent);
    assert!(sent.has("CommandUUID", Rule::Required), "{sent:?}");
    let mac = DeviceContext::new(Platform::MacOS, "14.0".parse().expect("a version"));
    assert!(same_as_document(&lost, Some(&mac), Form::Authored).has("", Rule::Availability(AvailabilityRule::NotOnPlatform)));
    let bad = command(r#"{"RequestType": "DeviceInformation", "Queries": "OSVersion"}"#);
    assert_eq!(same_as_document(&bad, Some(&unsupervised), Form::Authored).paths(), vec![("Queries".to_string(), Rule::Type)]);
}

#[test]
fn an_unknown_member_is_one_unknown_schema_error() {
    let report = validate_any_in(&command(r#"{"RequestType": "MakeCoffee"}"#), Some(&iphone()), Form::Authored);
    assert_eq!(report.paths(), vec![(String::new(), Rule::UnknownSchema)]);
    assert!(!report.is_valid());
}

#[test]
fn check_in_messages_and_payloads_are_judged_as_documents_are() {
    let authenticate = br#"<plist version="1.0"><dict><key>MessageType</key><string>Authenticate</string>
        <key>Topic</key><string>com.apple.mgmt.x</string><key>EnrollmentID</key><string>E1</string></dict></plist>"#;
    let message: AnyCheckinMessage = codec::from_plist(authenticate).expect("a message");
    let value = codec::to_value(&message).expect("serializes");
    // Presence is judged for User Enrollment from the context, availability not (the device sent it).
    let ue = iphone().enrollment(Enrollment::User);
    let report = validate_any_in(&message, Some(&ue), Form::Authored);
    assert_eq!(report, validate_document_as(&value, Some(&ue), Form::Authored).report);
    assert!(report.findings.iter().all(|f| !matches!(f.rule, Rule::Availability(_))), "{report:?}");

    let wifi = br#"<plist version="1.0"><dict><key>PayloadType</key><string>com.apple.wifi.managed</string>
        <key>PayloadIdentifier</key><string>w</string><key>PayloadUUID</key><string>6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10</string>
        <key>PayloadVersion</key><integer>1</integer><key>SSID_STR</key><string>Corp</string><key>EncryptionType</key><string>WPA9</string></dict></plist>"#;
    let payload: AnyPayload = codec::from_plist(wifi).expect("a payload");
    let tv = DeviceContext::new(Platform::TvOS, "17.0".parse().expect("a version"));
    let report = validate_any_in(&payload, Some(&tv), Form::Authored);
    assert_eq!(report, validate_document_as(&codec::to_value(&payload).expect("serializes"), Some(&tv), Form::Authored).report);
    assert!(report.has("EncryptionType", Rule::RangeList), "{report:?}");
}

#[test]
fn declarations_are_judged_as_their_json_is() {
    let text = br#"{"Type": "com.apple.configuration.screensharing.host.settings", "Identifier": "s",
        "Payload": {"MaximumVirtualDisplays": 5}}"#;
    let declaration: Declaration<AnyDeclarationPayload> = codec::from_json(text).expect("a declaration");
    let json = serde_json::to_value(&declaration).expect("serializes");
    for ctx in [None, Some(iphone())] {
        for form in [Form::Authored, Form::Sent] {
            let report = validate_declaration_in(&declaration, ctx.as_ref(), form);
            assert_eq!(report, validate_json_document_as(&json, ctx.as_ref(), form).report, "{ctx:?} {form:?}");
        }
    }
    let on_iphone = validate_declaration_in(&declaration, Some(&iphone()), Form::Sent);
    assert!(on_iphone.has("Payload.MaximumVirtualDisplays", Rule::Range), "{on_iphone:?}");
    assert!(on_iphone.has("Payload", Rule::Availability(AvailabilityRule::NotOnPlatform)), "{on_iphone:?}");
    assert!(on_iphone.has("ServerToken", Rule::Required), "{on_iphone:?}");
    // The payload alone: the same findings, with paths from the payload.
    let payload = validate_any_in(&declaration.payload, Some(&iphone()), Form::Authored);
    assert!(payload.has("MaximumVirtualDisplays", Rule::Range) && payload.has("", Rule::Availability(AvailabilityRule::NotOnPlatform)), "{payload:?}");
}

// 3. Findings serialize as `dm --format json` prints them.

#[test]
fn findings_serialize_in_the_cli_shape() {
    let finding =
        Finding::new(Severity::Warning, Rule::UnknownKey, "Updates[1].Priorty", "unknown key").with_actual("\"High\"").with_suggestion(Some("Priority"));
    let text = serde_json::to_string(&Report { findings: vec![finding] }).expect("serializes");
    assert_eq!(
        text,
        r#"{"findings":[{"severity":"warning","path":"Updates[1].Priorty","rule":"unknown-key","message":"unknown key","actual":"\"High\"","suggestion":"Priority"}]}"#
    );
    let lost = command(r#"{"RequestType": "EnableLostMode", "Message": "Call me"}"#);
    let report = validate_any_in(&lost, Some(&iphone()), Form::Authored);
    let json = serde_json::to_value(&report).expect("serializes");
    assert_eq!(json["findings"][0]["rule"], "availability.needs-supervision");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert!(json["findings"][0].get("expected").is_none());
}

#[test]
fn availability_findings_serialize_with_the_validators_rule_names() {
    for rule in AvailabilityRule::ALL {
        let named = serde_json::to_value(rule).expect("serializes");
        assert_eq!(named.as_str(), Some(Rule::Availability(rule).name().as_str()));
        assert_eq!(Rule::Availability(rule).name(), format!("availability.{}", rule.name()));
    }
    let lost = command(r#"{"RequestType": "EnableLostMode", "Message": "Call me"}"#);
    let AnyCommand::EnableLostMode(c) = lost else { panic!("expected EnableLostMode") };
    let report = apple_device_management::runtime::availability::check(&*c, &iphone());
    let json = serde_json::to_value(&report).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"findings": [{"severity": "error", "path": "", "rule": "availability.needs-supervision", "message": report.findings[0].message}]})
    );
}

// 4. Dispatch enums read from JSON decode their member as JSON.

#[test]
fn a_command_from_json_reads_base64_as_data() {
    let install = command(r#"{"RequestType": "InstallProfile", "Payload": "PD94bWwgdmVyc2lvbj0iMS4wIj8+"}"#);
    match &install {
        AnyCommand::InstallProfile(c) => {
            assert_eq!(c.payload.0, b"<?xml version=\"1.0\"?>");
            assert_eq!(c.unknown.gaps().count(), 0);
        }
        other => panic!("expected InstallProfile, got {other:?}"),
    }
    assert!(validate_any_in(&install, Some(&iphone()), Form::Authored).findings.is_empty());
    // Not base64: kept as sent, a type error.
    let wrong = command(r#"{"RequestType": "InstallProfile", "Payload": "not base64!"}"#);
    assert!(validate_any(&wrong).has("Payload", Rule::Type));
    // In its envelope too, and the plist path is unchanged.
    let envelope: CommandEnvelope<AnyCommand> =
        codec::from_json(br#"{"CommandUUID": "1", "Command": {"RequestType": "InstallProfile", "Payload": "PD94bWw="}}"#).expect("an envelope");
    assert!(matches!(&envelope.command, AnyCommand::InstallProfile(c) if c.payload.0 == b"<?xml"));
    let xml = codec::to_xml(&install).expect("encodes");
    assert_eq!(codec::from_plist::<AnyCommand>(&xml).expect("decodes"), install);
    // A string in a plist stays a string, also after a JSON decode on this thread.
    let plist =
        br#"<plist version="1.0"><dict><key>RequestType</key><string>InstallProfile</string><key>Payload</key><string>PD94bWw=</string></dict></plist>"#;
    assert!(validate_any(&codec::from_plist::<AnyCommand>(plist).expect("decodes")).has("Payload", Rule::Type));
}

#[test]
fn from_tagged_json_reads_a_json_dictionary() {
    let dict: apple_device_management::runtime::Dictionary = codec::from_json(br#"{"Payload": "PD94bWw="}"#).expect("a dictionary");
    let json = AnyCommand::from_tagged_json("InstallProfile", dict.clone()).expect("decodes");
    assert!(matches!(&json, AnyCommand::InstallProfile(c) if c.payload.0 == b"<?xml"));
    let plist = AnyCommand::from_tagged("InstallProfile", dict).expect("decodes");
    assert!(validate_any(&plist).has("Payload", Rule::Type));
}

// 5. A response typed once its command is known.

const ACKNOWLEDGED: &[u8] = br#"<plist version="1.0"><dict><key>CommandUUID</key><string>C1</string>
    <key>Status</key><string>Acknowledged</string><key>UDID</key><string>U1</string>
    <key>QueryResponses</key><dict><key>OSVersion</key><string>17.0</string></dict></dict></plist>"#;

#[test]
fn a_response_decodes_before_its_command_is_known() {
    let untyped = CommandResponse::<Dictionary>::decode(ACKNOWLEDGED).expect("decodes");
    assert_eq!((untyped.command_uuid.as_deref(), untyped.udid.as_deref()), (Some("C1"), Some("U1")));
    assert_eq!(untyped.body.as_ref().map(|b| b.keys().cloned().collect::<Vec<_>>()), Some(vec!["QueryResponses".to_string()]));
    let typed = untyped.typed_for::<AnyCommandResponse>("DeviceInformation").expect("types");
    match &typed.body {
        Some(AnyCommandResponse::DeviceInformation(r)) => assert_eq!(r.query_responses.os_version.as_deref(), Some("17.0")),
        other => panic!("expected DeviceInformation, got {other:?}"),
    }
    // The same as decoding with the command known.
    assert_eq!(typed, CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", ACKNOWLEDGED).expect("decodes"));
    let unknown = CommandResponse::<Dictionary>::decode(ACKNOWLEDGED).expect("decodes").typed_for::<AnyCommandResponse>("MakeCoffee").expect("types");
    assert!(matches!(unknown.body, Some(AnyCommandResponse::Unknown(_))));
}

#[test]
fn a_response_without_a_body_keeps_its_keys_and_refuses_nonsense() {
    let not_now = br#"<plist version="1.0"><dict><key>CommandUUID</key><string>C2</string>
        <key>Status</key><string>NotNow</string><key>Extra</key><integer>1</integer></dict></plist>"#;
    let response = CommandResponse::<Dictionary>::decode(not_now).expect("decodes");
    assert!(response.body.is_none());
    assert!(response.unknown.contains_key("Extra"));
    let typed = response.typed_for::<AnyCommandResponse>("DeviceInformation").expect("types");
    assert!(typed.body.is_none() && typed.unknown.contains_key("Extra"));
    let no_status = br#"<plist version="1.0"><dict><key>CommandUUID</key><string>C3</string></dict></plist>"#;
    assert!(CommandResponse::<Dictionary>::decode(no_status).is_err());
    assert!(CommandResponse::<Dictionary>::decode(b"not a plist").is_err());
}

// 6. A declaration's kind.

#[test]
fn declarations_know_their_kind() {
    use apple_device_management::declarations::screensharing_host_settings::ScreensharingHostSettings;
    use apple_device_management::runtime::DeclarationPayload;
    assert_eq!(ScreensharingHostSettings::KIND, DeclarationKind::Configuration);
    let cases = [
        ("com.apple.configuration.passcode.settings", DeclarationKind::Configuration),
        ("com.apple.asset.data", DeclarationKind::Asset),
        ("com.apple.activation.simple", DeclarationKind::Activation),
        ("com.apple.management.organization-info", DeclarationKind::Management),
    ];
    for (ty, kind) in cases {
        let payload = AnyDeclarationPayload::from_tagged(ty, Dictionary::new()).expect("decodes");
        assert_eq!(payload.kind(), Some(kind), "{ty}");
        assert_eq!(apple_device_management::registry().declaration_kind(ty), Some(kind), "{ty}");
        assert_eq!(DeclarationKind::from_name(kind.name()), Some(kind));
    }
    assert_eq!(AnyDeclarationPayload::from_tagged("com.example.thing", Dictionary::new()).expect("decodes").kind(), None);
    assert_eq!(apple_device_management::registry().declaration_kind("com.example.thing"), None);
    assert_eq!(DeclarationKind::from_name("configurations"), None);
}

#[test]
fn every_declaration_schema_has_the_kind_of_its_folder() {
    use apple_device_management::runtime::Category;
    let mut seen = 0;
    for info in apple_device_management::schemas().filter(|s| s.category == Category::Declarations) {
        let Some(ty) = info.wire_id.filter(|t| *t != "any") else { continue };
        let Ok(payload) = AnyDeclarationPayload::from_tagged(ty, Dictionary::new()) else { continue };
        if payload.kind().is_none() {
            continue; // several schemas share a type: the dispatch enum keeps one
        }
        assert_eq!(apple_device_management::registry().declaration_kind(ty), payload.kind(), "{ty}");
        let folder = info.source.split('/').nth(2).expect("a folder");
        assert!(folder.starts_with(payload.kind().expect("a kind").name()), "{ty} in {folder}");
        seen += 1;
    }
    assert!(seen > 30, "{seen}");
}

// 7. Required keys a message left out.

#[test]
fn missing_lists_the_plain_fields_holding_placeholders() {
    use apple_device_management::checkin::tokenupdate::TokenUpdate;
    let incomplete = br#"<plist version="1.0"><dict><key>MessageType</key><string>TokenUpdate</string>
        <key>UDID</key><string>U1</string><key>Topic</key><string>com.apple.mgmt.x</string>
        <key>Token</key><string>not data</string><key>UnlockToken</key><string>not data either</string></dict></plist>"#;
    let m: TokenUpdate = codec::from_plist(incomplete).expect("decodes leniently");
    // Token was mistyped, PushMagic left out; UnlockToken is optional (a gap, not missing).
    assert_eq!(m.unknown.missing().collect::<Vec<_>>(), ["PushMagic", "Token"]);
    assert!(m.unknown.gaps().any(|(k, _)| k == "UnlockToken"));
    assert!(m.unknown.mismatched("Token").is_some() && m.unknown.is_missing("PushMagic"));
    let complete = br#"<plist version="1.0"><dict><key>MessageType</key><string>TokenUpdate</string>
        <key>UDID</key><string>U1</string><key>Topic</key><string>com.apple.mgmt.x</string>
        <key>Token</key><data>AAEC</data><key>PushMagic</key><string>m</string></dict></plist>"#;
    let m: TokenUpdate = codec::from_plist(complete).expect("decodes");
    assert_eq!(m.unknown.missing().count(), 0);
}

// 8. `TokensResponse.SyncTokens` typed (the `sync_tokens` fixup).

#[test]
fn tokens_response_writes_its_sync_tokens_as_ddm_json() {
    use apple_device_management::protocol::tokensresponse::{SynchronizationTokens, TokensResponse};
    use apple_device_management::runtime::Date;

    let timestamp = Date::from_xml_format("2024-01-01T00:00:00Z").expect("a date");
    let response = TokensResponse::new(SynchronizationTokens::new("abc", timestamp));
    let json = codec::to_json(&response).expect("encodes");
    assert_eq!(String::from_utf8(json.clone()).expect("UTF-8"), r#"{"SyncTokens":{"DeclarationsToken":"abc","Timestamp":"2024-01-01T00:00:00Z"}}"#);
    let back: TokensResponse = codec::from_json(&json).expect("decodes");
    assert_eq!(back, response);
    assert_eq!(back.sync_tokens.timestamp.to_xml_format(), "2024-01-01T00:00:00Z");
    // What a device's server sends (Apple's example shape) reads typed, nothing left over.
    let apple = br#"{"SyncTokens":{"DeclarationsToken":"1a2b3c","Timestamp":"2021-09-14T18:52:27Z"}}"#;
    let read: TokensResponse = codec::from_json(apple).expect("decodes");
    assert_eq!(read.sync_tokens.declarations_token, "1a2b3c");
    assert!(
        read.unknown == apple_device_management::runtime::UnknownKeys::new()
            && read.sync_tokens.unknown == apple_device_management::runtime::UnknownKeys::new()
    );
}

// 9. `UserAuthenticate`'s replies typed (the `user_authenticate_response` fixup).

#[test]
fn user_authenticate_response_writes_exactly_its_keys() {
    use apple_device_management::checkin::userauthenticate::UserAuthenticateResponse;
    use apple_device_management::runtime::With;

    let challenge = UserAuthenticateResponse::new().with(|r| r.digest_challenge = Some("nonce".into()));
    let xml = codec::to_xml(&challenge).expect("encodes");
    let d: Dictionary = plist::from_bytes(&xml).expect("a dictionary");
    assert_eq!(d.keys().collect::<Vec<_>>(), ["DigestChallenge"]);
    assert_eq!(d["DigestChallenge"].as_string(), Some("nonce"));
    assert_eq!(codec::from_plist::<UserAuthenticateResponse>(&xml).expect("decodes"), challenge);

    let token = UserAuthenticateResponse::new().with(|r| r.auth_token = Some("token".into()));
    let xml = codec::to_xml(&token).expect("encodes");
    let d: Dictionary = plist::from_bytes(&xml).expect("a dictionary");
    assert_eq!(d.keys().collect::<Vec<_>>(), ["AuthToken"]);
    assert_eq!(codec::from_plist::<UserAuthenticateResponse>(&xml).expect("decodes"), token);
    // The schema table knows the response.
    let info = apple_device_management::checkin::SCHEMAS.iter().find(|s| s.wire_id == Some("UserAuthenticate")).expect("listed");
    assert_eq!(info.response_type, Some("apple_device_management::checkin::userauthenticate::UserAuthenticateResponse"));
}
