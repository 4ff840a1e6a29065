//! Real traffic: the corpus under `tests/corpus/` holds messages as devices send them and files
//! as admins write them, for every check-in message type from each platform, channel and
//! enrollment it exists on, responses with every `Status` to 13 query commands, status reports
//! with nested items, declarations in their authored form (no `ServerToken`) and their sent
//! form, and profiles with the coercions macOS accepts. They were written from Apple's
//! documentation and the schemas' own per-platform rules (`tests/corpus/make_corpus.py`), not
//! populated from the schemas by this project's own code.
//!
//! Each case of `tests/corpus/manifest.toml`:
//! - decodes into its typed form (the dispatch type a server uses; never `Unknown` for a known
//!   identifier), and a response has its body exactly when it is `Acknowledged`, its typed
//!   `ErrorChain` when it is `Error` or `CommandFormatError`;
//! - re-serializes to the same value (nothing lost, nothing added);
//! - validates in its device context with exactly the errors and warnings the manifest lists
//!   (none for a message that is valid for its own platform and channel); a device's message
//!   also validates without a context with no error the context-free reading does not imply.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::AnyCommandResponse;
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::protocol::statusreport::StatusReport;
use apple_device_management::runtime::availability::{Channel, DeviceContext, Enrollment, Platform};
use apple_device_management::runtime::validate::{
    validate_document_as, validate_json_document_as, validate_response_in, DocumentKind, DocumentReport, Form, Severity,
};
use apple_device_management::runtime::{codec, CommandResponse, CommandStatus, Declaration};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    kind: String,
    schema: String,
    request_type: Option<String>,
    status: Option<String>,
    os: Option<String>,
    channel: Option<String>,
    enrollment: Option<String>,
    #[serde(default)]
    supervised: bool,
    #[serde(default)]
    shared_ipad: bool,
    form: Option<String>,
    findings: Vec<String>,
    description: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus().join("manifest.toml")).expect("manifest");
    toml::from_str::<Manifest>(&text).expect("manifest parses").case
}

impl Case {
    fn bytes(&self) -> Vec<u8> {
        std::fs::read(corpus().join(&self.file)).unwrap_or_else(|e| panic!("{}: {e}", self.file))
    }

    fn context(&self) -> Option<DeviceContext> {
        let os = self.os.as_deref()?;
        let (platform, version) = os.split_once(':').unwrap_or_else(|| panic!("{}: os `{os}`", self.file));
        let platform = Platform::from_name(platform).unwrap_or_else(|| panic!("{}: platform `{platform}`", self.file));
        let version = version.parse().unwrap_or_else(|e| panic!("{}: {e}", self.file));
        let channel = match self.channel.as_deref() {
            Some("user") => Channel::User,
            _ => Channel::Device,
        };
        let enrollment = match self.enrollment.as_deref() {
            Some("ade") => Enrollment::Automated,
            Some("user") => Enrollment::User,
            Some("local") => Enrollment::Local,
            _ => Enrollment::Device,
        };
        Some(DeviceContext::new(platform, version).channel(channel).enrollment(enrollment).supervised(self.supervised).shared_ipad(self.shared_ipad))
    }

    fn form(&self) -> Form {
        match self.form.as_deref() {
            Some("sent") => Form::Sent,
            _ => Form::Authored,
        }
    }

    fn is_json(&self) -> bool {
        matches!(self.kind.as_str(), "status-report" | "declaration")
    }

    fn validate(&self, ctx: Option<&DeviceContext>) -> DocumentReport {
        let bytes = self.bytes();
        if self.is_json() {
            let json: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            validate_json_document_as(&json, ctx, self.form())
        } else {
            let value: plist::Value = plist::from_bytes(&bytes).expect("plist");
            match (self.kind.as_str(), self.request_type.as_deref()) {
                // A response does not name its command: the server knows it from the
                // `CommandUUID` it queued (without it, a response with no body fits none).
                ("response", Some(rt)) => validate_response_in(&value, Some(rt), ctx),
                _ => validate_document_as(&value, ctx, self.form()),
            }
        }
    }
}

fn finding_texts(report: &DocumentReport, keep: impl Fn(Severity) -> bool) -> Vec<String> {
    let mut out: Vec<String> = report.report.findings.iter().filter(|f| keep(f.severity)).map(|f| format!("{} {} {}", f.severity, f.rule, f.path())).collect();
    out.sort();
    out
}

/// The decoded typed value, re-encoded, must be the document as sent.
fn same_plist(case: &Case, typed: &impl serde::Serialize, failures: &mut Vec<String>) {
    let original: plist::Value = plist::from_bytes(&case.bytes()).expect("plist");
    let back = codec::to_value(typed).expect("encode");
    if back != original {
        failures.push(format!("{}: re-serialized, the value differs\n   sent: {original:?}\n   back: {back:?}", case.file));
    }
}

fn same_json(case: &Case, typed: &impl serde::Serialize, failures: &mut Vec<String>) {
    let original: serde_json::Value = serde_json::from_slice(&case.bytes()).expect("JSON");
    let back: serde_json::Value = serde_json::from_slice(&codec::to_json(typed).expect("encode")).expect("JSON");
    if back != original {
        failures.push(format!("{}: re-serialized, the value differs\n   sent: {original}\n   back: {back}", case.file));
    }
}

/// Decodes a case into the type a server decodes it with; checks what the type says.
fn decode(case: &Case, failures: &mut Vec<String>) {
    let bytes = case.bytes();
    let fail = |failures: &mut Vec<String>, what: String| failures.push(format!("{}: {what}", case.file));
    match case.kind.as_str() {
        "checkin" => match codec::from_plist::<AnyCheckinMessage>(&bytes) {
            Ok(m) => {
                if m.wire_id() != Some(case.schema.as_str()) {
                    fail(failures, format!("decoded as {:?}, expected {}", m.wire_id(), case.schema));
                }
                same_plist(case, &m, failures);
            }
            Err(e) => fail(failures, format!("does not decode: {e}")),
        },
        "response" => {
            let rt = case.request_type.as_deref().expect("request_type");
            match CommandResponse::<AnyCommandResponse>::decode_for(rt, &bytes) {
                Ok(r) => {
                    let status = CommandStatus::from(case.status.as_deref().expect("status"));
                    if r.status != status {
                        fail(failures, format!("status {} , expected {status}", r.status));
                    }
                    match (&r.status, &r.body) {
                        (CommandStatus::Acknowledged, Some(AnyCommandResponse::Unknown(_))) => fail(failures, "an acknowledged body decoded as Unknown".into()),
                        (CommandStatus::Acknowledged, Some(_)) => {}
                        (CommandStatus::Acknowledged, None) => fail(failures, "acknowledged without a body".into()),
                        (_, Some(_)) => fail(failures, format!("a body on a {} response", r.status)),
                        (_, None) => {}
                    }
                    if r.status.is_error() && r.errors().is_empty() {
                        fail(failures, "an error response without its ErrorChain".into());
                    }
                    if r.status.is_error() && r.errors().iter().any(|e| e.error_code.is_none() || e.error_domain.is_none() || e.description().is_none()) {
                        fail(failures, format!("an ErrorChain item is not typed: {:?}", r.error_chain));
                    }
                    same_plist(case, &r, failures);
                }
                Err(e) => fail(failures, format!("does not decode: {e}")),
            }
        }
        "status-report" => match codec::from_json::<StatusReport>(&bytes) {
            Ok(r) => {
                if r.status_items.items(apple_device_management::registry()).is_empty() {
                    fail(failures, "no status items".into());
                }
                same_json(case, &r, failures);
            }
            Err(e) => fail(failures, format!("does not decode: {e}")),
        },
        "declaration" => match codec::from_json::<Declaration<AnyDeclarationPayload>>(&bytes) {
            Ok(d) => {
                if matches!(d.payload, AnyDeclarationPayload::Unknown(_)) {
                    fail(failures, format!("`{}` decoded as Unknown", d.declaration_type));
                }
                same_json(case, &d, failures);
            }
            Err(e) => fail(failures, format!("does not decode: {e}")),
        },
        "profile" => match codec::from_plist::<TopLevel>(&bytes) {
            Ok(p) => {
                for (i, payload) in p.payload_content.iter().enumerate() {
                    if let AnyPayload::Unknown(d) = payload {
                        fail(failures, format!("PayloadContent[{i}] ({:?}) decoded as Unknown", d.get("PayloadType")));
                    }
                }
                same_plist(case, &p, failures);
            }
            Err(e) => fail(failures, format!("does not decode: {e}")),
        },
        other => fail(failures, format!("unknown kind `{other}`")),
    }
}

#[test]
fn the_corpus_covers_what_devices_and_admins_send() {
    let cases = manifest();
    let count = |kind: &str| cases.iter().filter(|c| c.kind == kind).count();
    assert!(count("checkin") >= 40 && count("response") >= 50 && count("status-report") >= 5 && count("declaration") >= 20 && count("profile") >= 8);
    // Every check-in message type; responses with every status to at least ten query commands.
    let types: std::collections::BTreeSet<&str> = cases.iter().filter(|c| c.kind == "checkin").map(|c| c.schema.as_str()).collect();
    assert_eq!(types.len(), 8, "{types:?}");
    let mut statuses: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for c in cases.iter().filter(|c| c.kind == "response") {
        statuses.entry(c.request_type.as_deref().unwrap_or_default()).or_default().insert(c.status.as_deref().unwrap_or_default());
    }
    let full = statuses.values().filter(|s| ["Acknowledged", "Error", "NotNow"].iter().all(|x| s.contains(x))).count();
    assert!(full >= 10, "{statuses:?}");
    let all: std::collections::BTreeSet<&str> = statuses.values().flatten().copied().collect();
    assert_eq!(all.len(), 5, "every status: {all:?}");
    // Platforms, channels and enrollments of the check-ins.
    let contexts: std::collections::BTreeSet<(String, &str, &str)> = cases
        .iter()
        .filter(|c| c.kind == "checkin")
        .map(|c| {
            (
                c.os.as_deref().unwrap_or_default().split(':').next().unwrap_or_default().to_string(),
                c.channel.as_deref().unwrap_or_default(),
                c.enrollment.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    for want in [
        ("iOS", "device", "device"),
        ("iOS", "device", "user"),
        ("macOS", "user", "ade"),
        ("macOS", "device", "ade"),
        ("tvOS", "device", "ade"),
        ("visionOS", "device", "device"),
    ] {
        assert!(contexts.iter().any(|(p, c, e)| p == want.0 && *c == want.1 && *e == want.2), "no check-in from {want:?}: {contexts:?}");
    }
    assert!(cases.iter().any(|c| c.shared_ipad && c.channel.as_deref() == Some("user")), "a Shared iPad user channel");
    assert!(cases.iter().filter(|c| c.kind == "declaration" && c.form.as_deref() != Some("sent")).count() >= 15, "authored declarations");
}

#[test]
fn every_case_decodes_into_its_type_and_round_trips() {
    let mut failures = Vec::new();
    let cases = manifest();
    for case in &cases {
        decode(case, &mut failures);
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn every_case_validates_with_exactly_its_findings() {
    let mut failures = Vec::new();
    let cases = manifest();
    for case in &cases {
        let report = case.validate(case.context().as_ref());
        let kind = match case.kind.as_str() {
            "checkin" => DocumentKind::Checkin,
            "response" => DocumentKind::Response,
            "status-report" => DocumentKind::StatusReport,
            "declaration" => DocumentKind::Declaration,
            _ => DocumentKind::Profile,
        };
        if report.kind != kind || report.schema.as_deref() != Some(case.schema.as_str()) {
            failures.push(format!("{}: found {:?} {:?}, expected {kind:?} {}", case.file, report.kind, report.schema, case.schema));
        }
        let got = finding_texts(&report, |s| s != Severity::Note);
        let mut want = case.findings.clone();
        want.sort();
        if got != want {
            let messages: Vec<String> = report.report.findings.iter().map(|f| format!("      {f}")).collect();
            failures.push(format!("{} ({}):\n   expected {want:?}\n   got      {got:?}\n{}", case.file, case.description, messages.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Without a device context, a device's message is judged from what it shows: a key required
/// only in some contexts is at most a note, so a message that is valid in its own context has
/// no error without one either (and the notes say where the keys it lacks are required).
#[test]
fn device_messages_without_a_context_have_no_error_their_context_does_not_have() {
    let mut failures = Vec::new();
    for case in manifest().iter().filter(|c| matches!(c.kind.as_str(), "checkin" | "response" | "status-report")) {
        let with = case.validate(case.context().as_ref());
        let without = case.validate(None);
        let errors = |r: &DocumentReport| finding_texts(r, |s| s == Severity::Error);
        let (with, without) = (errors(&with), errors(&without));
        if let Some(extra) = without.iter().find(|e| !with.contains(e)) {
            failures.push(format!("{}: without a context, `{extra}`; with it {with:?}", case.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn read(file: &str) -> Vec<u8> {
    std::fs::read(corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// An iPhone's `TokenUpdate` carries none of the macOS user-channel keys: they are `Option`s,
/// the keys every TokenUpdate has are plain fields.
#[test]
fn an_iphone_token_update_reads_as_typed_fields() {
    use apple_device_management::checkin::tokenupdate::TokenUpdate;
    let m: TokenUpdate = codec::from_plist(&read("checkin/tokenupdate-iphone-device.plist")).expect("decodes");
    assert_eq!(m.topic, "com.apple.mgmt.External.2b8c1f4e-7a3d-4e91-b5c6-0f9d8e7a6b51");
    assert_eq!(m.udid.as_deref(), Some("00008110-000A3C5E1E90801E"));
    assert_eq!(m.token.0.len(), 32);
    assert!(m.unlock_token.is_some());
    assert_eq!((m.not_on_console, m.user_long_name.as_deref(), m.enrollment_id.as_deref()), (None, None, None));
    assert!(m.unknown.is_clean(), "{:?}", m.unknown);

    // The same message missing `Topic` still decodes: the gap is recorded, nothing is invented
    // on the way back, and the validator reports it.
    let m: TokenUpdate = codec::from_plist(&read("checkin/invalid-tokenupdate-iphone-no-topic.plist")).expect("decodes");
    assert!(m.unknown.is_missing("Topic"));
    let back = codec::to_value(&m).expect("encode");
    assert!(back.as_dictionary().is_some_and(|d| !d.contains_key("Topic")), "no Topic is invented");
    let report = apple_device_management::runtime::validate::validate(&m);
    assert_eq!(report.errors().map(|f| (f.rule.name(), f.path())).collect::<Vec<_>>(), [("required".to_string(), "Topic")]);
}

/// A server matches on the status: the body when acknowledged, the typed error chain when not.
#[test]
fn responses_read_by_status() {
    use apple_device_management::commands::AnyCommandResponse;
    let ack = CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &read("responses/device-information-acknowledged-iphone.plist"))
        .expect("decodes");
    let Some(AnyCommandResponse::DeviceInformation(info)) = ack.acknowledged() else { panic!("{ack:?}") };
    assert!(info.query_responses.unknown.is_clean(), "every key of the iPhone's answer is typed: {:?}", info.query_responses.unknown);

    let err = CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &read("responses/device-information-error-tvos.plist")).expect("decodes");
    assert_eq!((err.status.clone(), err.body.is_none()), (CommandStatus::Error, true));
    let first = &err.errors()[0];
    assert!(first.error_code.is_some() && first.error_domain.is_some() && first.description().is_some(), "{first:?}");

    let not_now =
        CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &read("responses/device-information-notnow-iphone.plist")).expect("decodes");
    assert_eq!((not_now.status.clone(), not_now.body.is_none(), not_now.errors().len()), (CommandStatus::NotNow, true, 0));

    let idle =
        CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &read("responses/device-information-idle-iphone.plist")).expect("decodes");
    assert_eq!((idle.status.clone(), idle.command_uuid.is_none()), (CommandStatus::Idle, true));

    // A macOS answer with an integer where the schema says string: decoded, the integer kept.
    let mac = CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &read("responses/device-information-acknowledged-mac-integer.plist"))
        .expect("decodes");
    let Some(AnyCommandResponse::DeviceInformation(info)) = mac.acknowledged() else { panic!("{mac:?}") };
    let settings = info.query_responses.os_update_settings.as_ref().expect("OSUpdateSettings");
    assert_eq!(settings.previous_scan_result, None);
    assert_eq!(settings.unknown.mismatched("PreviousScanResult"), Some(&plist::Value::Integer(2.into())));
}

/// A status report's nested items read by their status item type; items the schemas do not
/// know are listed raw.
#[test]
fn status_items_read_by_type() {
    use apple_device_management::status::device_identifier_serial_number::DeviceIdentifierSerialNumber;
    let r: StatusReport = codec::from_json(&read("status/iphone-device.json")).expect("decodes");
    let serial = r.status_items.get::<DeviceIdentifierSerialNumber>().expect("decodes").expect("present");
    assert_eq!(serial.device_identifier_serial_number, "HX7QJ2M9VN");
    assert!(
        r.status_items.items(apple_device_management::registry()).iter().all(|i| i.known),
        "{:?}",
        r.status_items.items(apple_device_management::registry())
    );

    let future: StatusReport = codec::from_json(&read("status/iphone-ade-unknown-item.json")).expect("decodes");
    assert_eq!(future.status_items.get::<DeviceIdentifierSerialNumber>().expect("decodes"), None, "not in this report");
    let unknown: Vec<String> = future.status_items.items(apple_device_management::registry()).into_iter().filter(|i| !i.known).map(|i| i.item).collect();
    assert_eq!(unknown, ["device.future.thing"]);
    assert_eq!(future.status_items.raw("device.future.thing").and_then(plist::Value::as_string), Some("enabled"));

    let mut items = apple_device_management::runtime::StatusItems::default();
    items.set(&serial).expect("set");
    assert_eq!(items.raw("device.identifier.serial-number"), r.status_items.raw("device.identifier.serial-number"));
}

/// Declarations as admins store them (no `ServerToken`) decode; the server adds the token to
/// send one, and only the sent form requires it.
#[test]
fn authored_and_sent_declarations() {
    let bytes = read("declarations/invalid-sent-no-servertoken.json");
    let d: Declaration<AnyDeclarationPayload> = codec::from_json(&bytes).expect("decodes");
    assert_eq!(d.server_token, None);
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(validate_json_document_as(&json, None, Form::Authored).report.is_valid());
    let sent = validate_json_document_as(&json, None, Form::Sent);
    assert_eq!(finding_texts(&sent, |s| s == Severity::Error), ["error required ServerToken"]);
    let served = d.with_server_token("8f1c0a");
    let json: serde_json::Value = serde_json::from_slice(&codec::to_json(&served).expect("encode")).expect("JSON");
    assert!(validate_json_document_as(&json, None, Form::Sent).report.is_valid());
}

/// Decode errors name the format they were decoding and the key path, once.
#[test]
fn decode_errors_name_the_format_and_the_path() {
    let json = br#"{"Type": "com.apple.configuration.passcode.settings", "Identifier": "p", "Payload": {"MinimumLength": null}}"#;
    let err = codec::from_json::<Declaration<AnyDeclarationPayload>>(json).expect_err("null");
    assert_eq!(err.to_string(), "JSON at `Payload.MinimumLength`: invalid type: null, expected any supported plist value at line 1 column 106");
    let xml =
        b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>MessageType</key><string>TokenUpdate</string><key>Topic</key><array><string>a</string>";
    let err = codec::from_plist::<AnyCheckinMessage>(xml).expect_err("truncated");
    assert!(err.to_string().starts_with("XML plist at `Topic"), "{err}");
    let err = codec::from_json::<StatusReport>(br#"{"StatusItems": {}, "Errors": [{"StatusItem": null}]}"#).expect_err("null");
    assert_eq!(err.path(), Some("Errors[0].StatusItem"), "{err}");
    assert!(err.to_string().starts_with("JSON at `Errors[0].StatusItem`: null is not a value"), "{err}");
}

/// An error inside an envelope is named once, in the envelope's format, with where it is.
#[test]
fn envelope_errors_are_wrapped_once() {
    use apple_device_management::commands::system_update_schedule::ScheduleOSUpdateCommand;
    use apple_device_management::runtime::CommandEnvelope;
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
        <key>CommandUUID</key><string>1</string>
        <key>Command</key><dict><key>RequestType</key><string>DeviceInformation</string></dict>
    </dict></plist>"#;
    let err = codec::from_plist::<CommandEnvelope<ScheduleOSUpdateCommand>>(xml).expect_err("another command");
    assert_eq!(err.to_string(), "XML plist: in `Command`: `RequestType` is `DeviceInformation`, expected `ScheduleOSUpdate`");
}
