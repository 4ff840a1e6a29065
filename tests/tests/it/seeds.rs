//! Apple's own examples, from the documentation pages in the seeds folder (`000` =
//! ScheduleOSUpdateScan, `001` = ScheduleOSUpdate, `002` = the `softwareupdate.required` error
//! schema page).
//!
//! The pages were saved as text, so their example plists lost every XML tag. The fixtures in
//! `tests/fixtures/seeds/` put the tags back; the first test proves each fixture is Apple's
//! example by stripping its tags again and comparing the result with the page line for line,
//! then checking that every key and value text appears in the page in the same order. What
//! the stripped page cannot show are tag-only values: the two booleans of the scan example are
//! written `<true/>` (the page only shows that a tag-only value sits there).
//!
//! Then the examples are built with the typed API and parsed into the typed responses.
//! Where Apple's docs and YAML disagree, the YAML is the schema: the generated types follow it,
//! and the doc-only keys are kept in `unknown` and written back unchanged.

use std::path::PathBuf;

use apple_device_management::commands::system_update_scan::{ScheduleOSUpdateScanCommand, ScheduleOSUpdateScanResponse};
use apple_device_management::commands::system_update_schedule::{
    InstallAction, ScheduleOSUpdateCommand, ScheduleOSUpdateResponse, Status, UpdateResultsItemInstallAction, UpdatesItem,
};
use apple_device_management::errors::softwareupdate_required::{Details, RequireBetaProgram, SoftwareupdateRequired};
use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::{error_body, CommandEnvelope, CommandResponse, CommandStatus, ErrorBody, With};
use plist::Value;

/// `DM_SEEDS`, else `seeds/` beside the schema trees of `DM_SCHEMAS_ROOT`
/// (`../shared/device-management` → `../shared/seeds`), else `../shared/seeds` beside the checkout.
fn seeds_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DM_SEEDS") {
        return dir.into();
    }
    if let Some(beside) = std::env::var_os("DM_SCHEMAS_ROOT").map(PathBuf::from).and_then(|root| root.parent().map(|p| p.join("seeds"))) {
        if beside.is_dir() {
            return beside;
        }
    }
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds").into()
}

fn schema_dir() -> PathBuf {
    dm_tests::schema_dir()
}

/// The text of the seed page whose file name starts with `prefix` (`000`, `001`, `002`).
fn seed_page(prefix: &str) -> String {
    let dir = seeds_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("seeds folder {}: {e} (set DM_SEEDS)", dir.display()));
    let mut found: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix))).collect();
    assert_eq!(found.len(), 1, "exactly one seed page {prefix}_* in {}: {found:?}", dir.display());
    let path = found.remove(0);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_value(name: &str) -> Value {
    plist::from_bytes(&fixture(name)).unwrap_or_else(|e| panic!("{name} is not a plist: {e}"))
}

/// The request and response examples of a page: the first two fenced blocks after the
/// "Example Request and Response" heading, as their lines.
fn example_blocks(page: &str) -> (Vec<String>, Vec<String>) {
    let start = page.find("### Example Request and Response").expect("the page has an example section");
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in page[start..].lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(Vec::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push(line.trim_end().to_string());
        }
    }
    assert!(blocks.len() >= 2, "the example section has a request and a response block");
    let mut it = blocks.into_iter();
    (it.next().unwrap_or_default(), it.next().unwrap_or_default())
}

/// What the documentation page shows of an XML plist: each line without its tags, trailing
/// space dropped, and a run of lines that held only tags shown as one empty line.
fn strip_tags(xml: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in xml.lines() {
        let mut text = String::new();
        let mut in_tag = false;
        for c in line.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = if text.trim().is_empty() { String::new() } else { text.trim_end().to_string() };
        if text.is_empty() && out.last().is_some_and(String::is_empty) {
            continue;
        }
        out.push(text);
    }
    out
}

/// Every key and scalar value text of a plist, in document order.
fn texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Dictionary(d) => {
            for (k, v) in d {
                out.push(k.clone());
                texts(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| texts(v, out)),
        Value::String(s) => out.push(s.clone()),
        Value::Integer(i) => out.push(i.to_string()),
        Value::Real(r) => out.push(r.to_string()),
        Value::Date(d) => out.push(d.to_xml_format()),
        // Booleans are tag-only (`<true/>`), data is checked by the line comparison.
        _ => {}
    }
}

fn assert_fixture_is_example(name: &str, block: &[String]) {
    let xml = String::from_utf8(fixture(name)).expect("UTF-8 fixture");
    assert_eq!(strip_tags(&xml), block, "{name} without its tags is not the page's example");

    let mut want = Vec::new();
    texts(&fixture_value(name), &mut want);
    assert!(!want.is_empty(), "{name} has no text");
    let page_lines: Vec<&str> = block.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let mut at = 0;
    for text in &want {
        match page_lines[at..].iter().position(|l| l == text) {
            Some(i) => at += i + 1,
            None => panic!("{name}: `{text}` does not appear in the page after line {at} of the example"),
        }
    }
    assert_eq!(want.len(), page_lines.len(), "{name}: every text line of the example is a key or value of the fixture");
}

#[test]
fn fixtures_are_apples_examples() {
    let (request, response) = example_blocks(&seed_page("001"));
    assert_fixture_is_example("schedule_os_update_request.plist", &request);
    assert_fixture_is_example("schedule_os_update_response.plist", &response);

    let (request, response) = example_blocks(&seed_page("000"));
    assert_fixture_is_example("schedule_os_update_scan_request.plist", &request);
    assert_fixture_is_example("schedule_os_update_scan_response.plist", &response);
}

/// The comparison is strict: a fixture that differs from the page in one value, one key's
/// place or one indentation fails it.
#[test]
fn fixture_comparison_catches_a_difference() {
    let (request, _) = example_blocks(&seed_page("001"));
    let xml = String::from_utf8(fixture("schedule_os_update_request.plist")).expect("UTF-8");
    for (from, to) in [("DownloadOnly", "InstallASAP"), ("    <key>CommandUUID", "  <key>CommandUUID"), ("13.0", "13.0.1")] {
        assert_ne!(strip_tags(&xml.replacen(from, to, 1)), request, "changing {from} to {to} goes unnoticed");
    }
}

#[test]
fn schedule_os_update_request_from_typed_api() {
    let update = UpdatesItem::new(InstallAction::DownloadOnly).with(|u| {
        u.product_key = Some("iOSUpdate17A576".into());
        u.product_version = Some("13.0".into());
    });
    let command = ScheduleOSUpdateCommand::new(vec![update]);
    let envelope = CommandEnvelope::new("0001_ScheduleOSUpdate", command);
    let expected = fixture_value("schedule_os_update_request.plist");

    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let bytes = codec::encode(&envelope, format).expect("encode");
        let built: Value = plist::from_bytes(&bytes).expect("reparse");
        assert_eq!(built, expected, "{format:?}: the typed request is not Apple's example");
    }

    let parsed: CommandEnvelope<ScheduleOSUpdateCommand> = codec::from_plist(&fixture("schedule_os_update_request.plist")).expect("decode Apple's request");
    assert_eq!(parsed, envelope);
}

#[test]
fn schedule_os_update_response_parses() {
    let bytes = fixture("schedule_os_update_response.plist");

    // CommandUUID, Status and UDID are envelope keys; UpdateResults is the body.
    let response: CommandResponse<ScheduleOSUpdateResponse> = codec::from_plist(&bytes).expect("decode Apple's response");
    assert_eq!(response.command_uuid.as_deref(), Some("0001_ScheduleOSUpdate"));
    assert_eq!(response.status, CommandStatus::Acknowledged);
    assert_eq!(response.udid.as_deref(), Some("00008020-000915083C80012E"));
    let body = response.acknowledged().expect("acknowledged: the body is there");
    assert!(body.unknown.is_empty(), "the body has no keys but UpdateResults: {:?}", body.unknown);
    assert_eq!(body.update_results.len(), 1);
    let result = &body.update_results[0];
    assert_eq!(result.product_key, "iOSUpdate17A576");
    assert_eq!(result.install_action, UpdateResultsItemInstallAction::DownloadOnly);
    assert_eq!(result.status, Status::Downloading);
    assert_eq!(result.error_chain, None);
    assert!(result.unknown.is_empty());

    let back: Value = plist::from_bytes(&codec::to_xml(&response).expect("encode")).expect("reparse");
    assert_eq!(back, fixture_value("schedule_os_update_response.plist"));

    // The body type alone keeps the envelope keys as unknown keys, so nothing is lost either.
    let body_only: ScheduleOSUpdateResponse = codec::from_plist(&bytes).expect("decode as body");
    assert_eq!(body_only.update_results, body.update_results);
    let mut keys: Vec<&str> = body_only.unknown.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["CommandUUID", "Status", "UDID"]);
}

/// Apple's ScheduleOSUpdateScan page writes `ForceUpdateScan` in the request and
/// `ScanInititated` (sic) next to `ScanInitiated` in the response; the YAML schema says `Force`
/// and `ScanInitiated`. Where Apple's docs and YAML disagree, the YAML is the schema: the
/// typed fields follow the YAML, and the page's keys land in `unknown`, kept and written back
/// unchanged, so a server that relays Apple's example loses nothing.
#[test]
fn schedule_os_update_scan_follows_the_yaml_and_keeps_the_docs_keys() {
    let request_bytes = fixture("schedule_os_update_scan_request.plist");
    let request: CommandEnvelope<ScheduleOSUpdateScanCommand> = codec::from_plist(&request_bytes).expect("decode Apple's request");
    assert_eq!(request.command_uuid, "0001_ScheduleOSUpdateScan");
    assert_eq!(request.command.force, None, "the YAML's key is `Force`; the page's `ForceUpdateScan` is not it");
    assert_eq!(request.command.unknown.get("ForceUpdateScan"), Some(&Value::Boolean(true)));
    assert_eq!(request.command.unknown.len(), 1);
    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let back: Value = plist::from_bytes(&codec::encode(&request, format).expect("encode")).expect("reparse");
        assert_eq!(back, fixture_value("schedule_os_update_scan_request.plist"), "{format:?}");
    }

    // Built with the typed API, the request follows the YAML.
    let typed = CommandEnvelope::new("0001_ScheduleOSUpdateScan", ScheduleOSUpdateScanCommand::new().with(|c| c.force = Some(true)));
    let typed: Value = plist::from_bytes(&codec::to_xml(&typed).expect("encode")).expect("reparse");
    let command = typed.as_dictionary().and_then(|d| d.get("Command")).and_then(Value::as_dictionary).expect("Command");
    assert_eq!(command.get("Force"), Some(&Value::Boolean(true)));
    assert_eq!(command.get("RequestType").and_then(Value::as_string), Some("ScheduleOSUpdateScan"));
    assert!(!command.contains_key("ForceUpdateScan"));

    let response_bytes = fixture("schedule_os_update_scan_response.plist");
    let response: CommandResponse<ScheduleOSUpdateScanResponse> = codec::from_plist(&response_bytes).expect("decode Apple's response");
    assert_eq!(response.command_uuid.as_deref(), Some("0316_ScheduleOSUpdateScan"));
    assert_eq!(response.status, CommandStatus::Acknowledged);
    assert_eq!(response.udid.as_deref(), Some("E84CD517-CB37-52F7-988C-DB5137B604B8"));
    let body = response.acknowledged().expect("acknowledged: the body is there");
    assert!(body.scan_initiated, "the YAML's `ScanInitiated`");
    assert_eq!(body.unknown.get("ScanInititated"), Some(&Value::Boolean(true)), "the page's misspelt key is kept");
    assert_eq!(body.unknown.len(), 1);
    let back: Value = plist::from_bytes(&codec::to_xml(&response).expect("encode")).expect("reparse");
    assert_eq!(back, fixture_value("schedule_os_update_scan_response.plist"));

    // The registry's type-erased round trips agree.
    let info = apple_device_management::schemas().find(|i| i.wire_id == Some("ScheduleOSUpdateScan")).expect("in the registry");
    let rt = dm_tests::response_roundtrip_of(info).expect("a command has a response type");
    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let input = codec::encode(&fixture_value("schedule_os_update_scan_response.plist"), format).expect("encode");
        let out: Value = plist::from_bytes(&rt(&input, format).expect("round trip")).expect("reparse");
        assert_eq!(out, fixture_value("schedule_os_update_scan_response.plist"), "{format:?}");
    }
}

/// Collapses runs of white space: the saved page lost the YAML's indentation and a double
/// space inside one description.
fn normalized_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

fn software_update_required() -> SoftwareupdateRequired {
    // `code` has one allowed value: `new` fills it in.
    let details = Details::new("14.5").with(|d| {
        d.build_version = Some("23F79".into());
        d.require_beta_program = Some(RequireBetaProgram::new("Example beta program", "example-seeding-token"));
    });
    SoftwareupdateRequired::new(details).with(|e| {
        e.description = Some("MDM requires macOS 14.5 before enrollment".into());
        e.message = Some("Update to macOS 14.5 to continue setting up this Mac.".into());
    })
}

#[test]
fn software_update_required_page_is_the_schema_in_the_tree() {
    let page = seed_page("002");
    let start = page.find("title: Error Code Software Update Required").expect("the page shows the YAML");
    let yaml_path = schema_dir().join("mdm/errors/softwareupdate.required.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap_or_else(|e| panic!("{}: {e}", yaml_path.display()));
    assert_eq!(normalized_lines(&page[start..]), normalized_lines(&yaml), "the seed page and the tree's YAML differ");

    // The typed error names the page's keys and its one allowed code.
    assert_eq!(software_update_required().code, "com.apple.softwareupdate.required", "`new` fills in the one allowed code");
    let json: serde_json::Value = serde_json::from_slice(&codec::to_json(&software_update_required()).expect("encode")).expect("reparse");
    for key in ["code", "description", "message", "details", "OSVersion", "BuildVersion", "RequireBetaProgram", "Description", "Token"] {
        assert!(page.contains(&format!("key: {key}")), "the page has no key {key}");
        let found = json.get(key).is_some() || json["details"].get(key).is_some() || json["details"]["RequireBetaProgram"].get(key).is_some();
        assert!(found, "the typed error does not write {key}");
    }
}

#[test]
fn software_update_required_as_json_and_xml() {
    let error = software_update_required();

    let (content_type, body) = ErrorBody(&error).to_json().expect("JSON");
    assert_eq!(content_type, "application/json");
    let expected_json = concat!(
        r#"{"code":"com.apple.softwareupdate.required","#,
        r#""description":"MDM requires macOS 14.5 before enrollment","#,
        r#""message":"Update to macOS 14.5 to continue setting up this Mac.","#,
        r#""details":{"OSVersion":"14.5","BuildVersion":"23F79","#,
        r#""RequireBetaProgram":{"Description":"Example beta program","Token":"example-seeding-token"}}}"#,
    );
    assert_eq!(String::from_utf8(body.clone()).expect("UTF-8"), expected_json);
    let back: SoftwareupdateRequired = error_body::decode(content_type, &body).expect("decode JSON");
    assert_eq!(back, error);

    let (content_type, body) = ErrorBody(&error).to_xml().expect("XML");
    assert_eq!(content_type, "application/xml");
    let expected_xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">
<plist version=\"1.0\">
<dict>
\t<key>code</key>
\t<string>com.apple.softwareupdate.required</string>
\t<key>description</key>
\t<string>MDM requires macOS 14.5 before enrollment</string>
\t<key>message</key>
\t<string>Update to macOS 14.5 to continue setting up this Mac.</string>
\t<key>details</key>
\t<dict>
\t\t<key>OSVersion</key>
\t\t<string>14.5</string>
\t\t<key>BuildVersion</key>
\t\t<string>23F79</string>
\t\t<key>RequireBetaProgram</key>
\t\t<dict>
\t\t\t<key>Description</key>
\t\t\t<string>Example beta program</string>
\t\t\t<key>Token</key>
\t\t\t<string>example-seeding-token</string>
\t\t</dict>
\t</dict>
</dict>
</plist>";
    assert_eq!(String::from_utf8(body.clone()).expect("UTF-8"), expected_xml);
    let back: SoftwareupdateRequired = error_body::decode(content_type, &body).expect("decode XML");
    assert_eq!(back, error);

    // The same values either way.
    let from_xml: Value = plist::from_bytes(&body).expect("reparse XML");
    let from_json: serde_json::Value = serde_json::from_str(expected_json).expect("reparse JSON");
    let xml_as_json = serde_json::to_value(&from_xml).expect("plist value as JSON");
    assert_eq!(xml_as_json, from_json);

    // A device newer than the schema may send another code; it is kept.
    let newer = br#"{"code":"com.apple.softwareupdate.required.v2","details":{"OSVersion":"15.0","Deadline":"soon"}}"#;
    let parsed: SoftwareupdateRequired = error_body::decode("application/json; charset=utf-8", newer).expect("decode newer");
    assert_eq!(parsed.code, "com.apple.softwareupdate.required.v2");
    assert_eq!(parsed.details.unknown.get("Deadline").and_then(Value::as_string), Some("soon"));
    assert_eq!(codec::to_json(&parsed).expect("encode"), newer.to_vec());
}
