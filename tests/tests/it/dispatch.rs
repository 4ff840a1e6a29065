//! Dispatch enums that compose, and checks that go deep: `From<T>` for every member of the
//! `Any*` enums, the `AnyMessage` trait they share, `CommandEnvelope::new` over `AnyCommand`,
//! and `validate` / `availability::check` on a whole profile (and `validate_any` /
//! `check_any` on a dispatch enum) judging every payload, finding for finding with
//! `validate_document`.

use std::path::Path;

use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
use apple_device_management::commands::AnyCommand;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::runtime::availability::{self, DeviceContext, Platform};
use apple_device_management::runtime::validate::{validate, validate_any, validate_document, Report};
use apple_device_management::runtime::With;
use apple_device_management::runtime::{codec, AnyMessage, CommandEnvelope};

fn corpus(file: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(file)).expect("corpus file")
}

fn texts(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report.findings.iter().map(|f| format!("{} {} {}", f.severity, f.rule, f.path())).collect();
    out.sort();
    out
}

fn schedule() -> ScheduleOSUpdateCommand {
    let item = UpdatesItem::new(InstallAction::DownloadOnly).with(|i| i.product_key = Some("iOSUpdate17A576".into()));
    ScheduleOSUpdateCommand::new(vec![item])
}

#[test]
fn any_command_goes_into_an_envelope() {
    let any: AnyCommand = schedule().into();
    assert_eq!(any.wire_id(), Some("ScheduleOSUpdate"));
    assert_eq!(<AnyCommand as AnyMessage>::TAG, "RequestType");
    let (table, _) = AnyMessage::schema(&any).expect("a schema");
    assert_eq!(table.source, "mdm/commands/system.update.schedule.yaml");
    assert!(any.unknown_keys().is_empty());
    let typed = codec::to_xml(&CommandEnvelope::new("0001", schedule())).expect("encode");
    let dispatched = codec::to_xml(&CommandEnvelope::new("0001", any)).expect("encode");
    assert_eq!(typed, dispatched, "the same bytes through the dispatch enum");
    assert!(String::from_utf8_lossy(&dispatched).contains("<string>ScheduleOSUpdate</string>"));
}

/// A profile with a planted error in its second payload: `validate(&profile)` finds it at the
/// profile's path, as `validate_document` does on the raw file.
#[test]
fn validate_on_a_profile_judges_every_payload() {
    for file in [
        "profiles/invalid-dns-protocol.mobileconfig",
        "profiles/invalid-firewall-integer-boolean.mobileconfig",
        "profiles/invalid-payload-missing-uuid.mobileconfig",
        "profiles/wifi-guest.mobileconfig",
    ] {
        let bytes = corpus(file);
        let profile: TopLevel = codec::from_plist(&bytes).expect("decodes");
        let raw: plist::Value = plist::from_bytes(&bytes).expect("plist");
        let typed = validate(&profile);
        assert_eq!(texts(&typed), texts(&validate_document(&raw, None).report), "{file}");
        if file.contains("invalid") {
            assert!(!typed.is_valid(), "{file}: the planted error is found");
        }
        // Each payload alone, through the dispatch enum: its findings, from the payload's root.
        for (i, payload) in profile.payload_content.iter().enumerate() {
            let alone = validate_any(payload);
            let prefix = format!("PayloadContent[{i}].");
            let from_profile: Vec<String> =
                typed.findings.iter().filter_map(|f| f.path().strip_prefix(&prefix).map(|p| format!("{} {} {p}", f.severity, f.rule))).collect();
            let mut alone_texts: Vec<String> = alone.findings.iter().map(|f| format!("{} {} {}", f.severity, f.rule, f.path())).collect();
            let mut from_profile = from_profile;
            alone_texts.sort();
            from_profile.sort();
            // PayloadUUID uniqueness is a finding of the whole profile only.
            from_profile.retain(|t| !t.contains("duplicate-uuid"));
            assert_eq!(alone_texts, from_profile, "{file}: payload {i}");
        }
    }
    let unknown = AnyPayload::Unknown(Default::default());
    assert_eq!(texts(&validate_any(&unknown)), ["error unknown-schema "]);
}

/// `availability::check` on a whole profile judges every payload, as `validate_document` with a
/// device context does.
#[test]
fn availability_on_a_profile_judges_every_payload() {
    let bytes = corpus("profiles/restrictions-supervised.mobileconfig");
    let profile: TopLevel = codec::from_plist(&bytes).expect("decodes");
    let raw: plist::Value = plist::from_bytes(&bytes).expect("plist");
    let ctx = DeviceContext::new(Platform::IOS, "17.0".parse().expect("version"));
    let deep = availability::check(&profile, &ctx);
    assert!(deep.findings.iter().any(|f| f.path.starts_with("PayloadContent[")), "supervised-only keys on an unsupervised iPhone: {:?}", deep.findings);
    let document: Vec<String> = validate_document(&raw, Some(&ctx))
        .report
        .findings
        .iter()
        .filter(|f| f.rule.name().starts_with("availability"))
        .map(|f| f.path().to_string())
        .collect();
    let mut typed: Vec<String> = deep.findings.iter().map(|f| f.path.clone()).collect();
    let mut document = document;
    typed.sort();
    document.sort();
    assert_eq!(typed, document);
    for payload in &profile.payload_content {
        let alone = availability::check_any(payload, &ctx);
        assert!(alone.findings.len() <= deep.findings.len());
    }
}

/// Construction: `new` takes the keys required everywhere; the rest is set by assigning its
/// field; a struct with no such key is also `Default`.
#[test]
fn values_are_built_from_their_required_keys() {
    use apple_device_management::checkin::tokenupdate::TokenUpdate;
    use apple_device_management::commands::system_update_schedule::UpdatesItem;
    use apple_device_management::profiles::com_apple_wifi_managed::WiFiManaged;
    let mut m = TokenUpdate::new("com.apple.mgmt.External.1", vec![7; 32], "magic");
    m.udid = Some("00008110-000A3C5E1E90801E".into());
    let report = validate(&m);
    assert!(report.is_valid(), "{:?}", report.findings);
    let mut item = UpdatesItem::new(InstallAction::InstallASAP);
    item.product_version = Some("17.5.1".into());
    let command = ScheduleOSUpdateCommand::new(vec![item]);
    assert!(validate(&command).is_valid());
    let wifi = WiFiManaged::new("com.example.wifi.guest", "5E2C1A7B-3D4F-4A60-8B9C-0D1E2F3A4B5C").with(|w| {
        w.ssid_str = Some("Guest".into());
        w.auto_join = Some(true);
    });
    let report = validate(&wifi);
    assert!(report.is_valid(), "{:?}", report.findings);
    let text = String::from_utf8(codec::to_xml(&wifi).expect("encode")).expect("UTF-8");
    assert!(text.contains("<key>SSID_STR</key>") && text.contains("<key>AutoJoin</key>"), "{text}");
    // PayloadType is written from the type, first; PayloadVersion is the only allowed value.
    let value = codec::to_value(&wifi).expect("value");
    let dict = value.as_dictionary().expect("dictionary");
    assert_eq!(dict.keys().next().map(String::as_str), Some("PayloadType"));
    assert_eq!(dict.get("PayloadType").and_then(|v| v.as_string()), Some("com.apple.wifi.managed"));
    assert_eq!(dict.get("PayloadVersion").and_then(|v| v.as_signed_integer()), Some(1));
    assert!(wifi.unknown.is_empty());
}

/// Every member of every dispatch enum names its own schema and part in `AnyMessage::schema`
/// (written out by the generator, not asked of the member's `HasSchema`): a populated document
/// of each schema, dispatched on its wire identifier, gives that schema's table (`Payload`; a
/// command's response: `Response`). Where several files share an identifier (`com.apple.MCX`)
/// the file named after it is the member, and with none so named the document stays `Unknown`
/// (no schema), as for `any`.
#[test]
fn every_dispatch_member_names_its_schema_and_part() {
    use apple_device_management::checkin::AnyCheckinMessage;
    use apple_device_management::commands::AnyCommandResponse;
    use apple_device_management::declarations::AnyDeclarationPayload;
    use apple_device_management::runtime::availability::Part;
    use apple_device_management::runtime::{Category, CodecError, Dictionary};
    use dm_tests::{load_tree, tag_of, Populator};

    type Expected<'a> = Option<(&'a str, Part)>;
    fn judged<A: AnyMessage>(decoded: Result<A, CodecError>, expected: Expected<'_>, what: &str, failures: &mut Vec<String>) {
        match decoded.as_ref().map(|a| a.schema().map(|(t, p)| (t.source, p))) {
            Ok(found) if found == expected => {}
            Ok(found) => failures.push(format!("{what}: {found:?}, expected {expected:?}")),
            Err(e) => failures.push(format!("{what}: does not decode: {e}")),
        }
    }

    let tree = load_tree();
    let registry = apple_device_management::registry();
    let (mut failures, mut members, mut unknown) = (Vec::new(), std::collections::BTreeSet::new(), 0);
    for file in &tree.files {
        let Some(info) = registry.schemas().find(|s| s.source == file.path) else { continue };
        let Some(wire) = info.wire_id else { continue };
        let known = match info.category {
            Category::Commands => AnyCommand::KNOWN,
            Category::Checkin => AnyCheckinMessage::KNOWN,
            Category::Profiles => AnyPayload::KNOWN,
            Category::Declarations => AnyDeclarationPayload::KNOWN,
            _ => continue,
        };
        // The file the enum dispatches the identifier to: the only one, or the one named after it.
        let stem = |s: &str| s.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or_default().to_string();
        let sharing: Vec<&str> = registry.schemas().filter(|s| s.category == info.category && s.wire_id == Some(wire)).map(|s| s.source).collect();
        let chosen = match sharing.as_slice() {
            [only] => Some(*only),
            several => several.iter().find(|s| stem(s) == wire).copied(),
        };
        let member = known.contains(&wire);
        let expect = |part| chosen.filter(|_| member).map(|source| (source, part));
        let doc = || -> Dictionary { Populator::new().document(file.payload_keys.as_ref(), tag_of(file)).into_iter().collect() };
        let what = format!("{} {wire}", info.source);
        match info.category {
            Category::Commands => {
                judged(AnyCommand::from_tagged(wire, doc()), expect(Part::Payload), &what, &mut failures);
                let response: Dictionary = Populator::new().document(file.response_keys.as_ref(), None).into_iter().collect();
                judged(AnyCommandResponse::from_tagged(wire, response), expect(Part::Response), &format!("{what} response"), &mut failures);
            }
            Category::Checkin => judged(AnyCheckinMessage::from_tagged(wire, doc()), expect(Part::Payload), &what, &mut failures),
            Category::Profiles if !matches!(wire, "TopLevel" | "CommonPayloadKeys") => {
                judged(AnyPayload::from_tagged(wire, doc()), expect(Part::Payload), &what, &mut failures)
            }
            Category::Declarations => judged(AnyDeclarationPayload::from_tagged(wire, doc()), expect(Part::Payload), &what, &mut failures),
            _ => continue,
        }
        if member {
            members.insert((info.category, wire));
        } else {
            unknown += 1;
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    let every = AnyCommand::KNOWN.len() + AnyCheckinMessage::KNOWN.len() + AnyPayload::KNOWN.len() + AnyDeclarationPayload::KNOWN.len();
    assert_eq!(members.len(), every, "every member of the four enums is exercised");
    assert!(unknown >= 2, "only {unknown} identifiers outside the enums (`any`, `TopLevel` …) exercised");
}

/// A payload type lives in a part crate (`apple-device-management-profiles-part1`, `-part2`),
/// whose `HasSchema` gives the part's own registry; a payload is judged against its own schema
/// alone, so `validate` and `availability::check` on the typed payload say what they say on the
/// same payload in `AnyPayload` (judged with the registry of every profile schema). Corpus
/// payloads from both parts, the planted errors among them.
#[test]
fn a_payload_in_a_part_crate_is_judged_as_through_the_category_registry() {
    use apple_device_management::runtime::availability::check_any;
    use apple_device_management::runtime::validate::validate;

    let ctx = DeviceContext::new(Platform::MacOS, "14.0".parse().expect("version"));
    let (mut judged, mut errors) = (0, 0);
    for file in [
        "profiles/invalid-dns-protocol.mobileconfig",
        "profiles/invalid-firewall-integer-boolean.mobileconfig",
        "profiles/invalid-screensaver-string-integer.mobileconfig",
        "profiles/invalid-softwareupdate-string-boolean.mobileconfig",
        "profiles/invalid-webclip-url.mobileconfig",
        "profiles/invalid-wifi-eap-anchor-uuid.mobileconfig",
        "profiles/wifi-guest.mobileconfig",
        "profiles/passcode-policy.mobileconfig",
    ] {
        let profile: TopLevel = codec::from_plist(&corpus(file)).expect("decodes");
        for payload in &profile.payload_content {
            let typed = match payload {
                AnyPayload::DNSSettingsManaged(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::SecurityFirewall(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::Screensaver(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::SoftwareUpdate(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::WebClipManaged(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::WiFiManaged(p) => (validate(&**p), availability::check(&**p, &ctx)),
                AnyPayload::MobiledevicePasswordpolicy(p) => (validate(&**p), availability::check(&**p, &ctx)),
                _ => continue,
            };
            assert_eq!(texts(&typed.0), texts(&validate_any(payload)), "{file}: {:?}", payload.wire_id());
            let shown = |r: &availability::AvailabilityReport| r.findings.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>();
            assert_eq!(shown(&typed.1), shown(&check_any(payload, &ctx)), "{file}: {:?}", payload.wire_id());
            judged += 1;
            errors += usize::from(!typed.0.is_valid());
        }
    }
    assert!(judged >= 8, "{judged} payloads judged");
    assert!(errors >= 5, "the planted errors are found ({errors})");
}
