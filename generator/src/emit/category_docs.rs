//! The module documentation of each category, on its re-export in the facade's
//! `src/generated/mod.rs` (`apple_device_management::commands`): what the category holds, how
//! its types are named and built, and one example (a doctest of the facade). The text is the
//! generator's, so it is written here, once, not in the generated files. Links are paths from
//! the facade's root: the text is read where the category crate is re-exported.

use crate::ir::Module;
use crate::model::Category;

/// The doc lines of a category's re-export.
pub fn category_doc(category: Category, modules: &[&Module]) -> Vec<String> {
    let n = modules.len();
    let (summary, body, example): (String, &str, &str) = match category {
        Category::Commands => (format!("MDM commands and their responses: {n} schemas, one module per file."), COMMANDS, COMMANDS_EXAMPLE),
        Category::Checkin => (format!("Check-in messages a device sends to the check-in endpoint: {n} schemas."), CHECKIN, CHECKIN_EXAMPLE),
        Category::Errors => (format!("Error bodies a server returns to a device during enrollment: {n} schemas."), ERRORS, ""),
        Category::Profiles => {
            (format!("Configuration-profile payloads: {n} schemas (the wrapper, the common keys and each payload)."), PROFILES, PROFILES_EXAMPLE)
        }
        Category::Declarations => (format!("Declarative Device Management declarations: {n} schemas."), DECLARATIONS, DECLARATIONS_EXAMPLE),
        Category::Status => (format!("DDM status items a device reports: {n} schemas."), STATUS, ""),
        Category::Protocol => (format!("DDM protocol bodies (tokens, declaration items, the status report): {n} schemas."), PROTOCOL, ""),
        Category::Other => (format!("Other formats of Apple's tree: {n} schemas."), OTHER, ""),
    };
    let feature = category.name();
    let mut lines = vec![summary, String::new()];
    lines.extend(body.lines().map(str::to_string));
    if !example.is_empty() {
        lines.push(String::new());
        lines.push("```".into());
        lines.push(format!("# #[cfg(feature = \"{feature}\")]"));
        lines.push("# fn main() -> Result<(), Box<dyn std::error::Error>> {".into());
        lines.extend(example.lines().map(str::to_string));
        lines.push("# Ok(())".into());
        lines.push("# }".into());
        lines.push(format!("# #[cfg(not(feature = \"{feature}\"))] fn main() {{}}"));
        lines.push("```".into());
    }
    lines
}

const COMMANDS: &str = "\
Each module holds `<RequestType>Command` (what the server sends, inside a
[`CommandEnvelope`](crate::runtime::CommandEnvelope), which writes `CommandUUID`; the command
writes its own `RequestType`) and `<RequestType>Response` (the device's answer, read with
[`CommandResponse::decode_for`](crate::runtime::CommandResponse::decode_for)). [`AnyCommand`](crate::commands::AnyCommand)
and [`AnyCommandResponse`](crate::commands::AnyCommandResponse) dispatch on `RequestType`. `new(…)` takes the keys required
everywhere; [`With::with`](crate::runtime::With::with) sets the others.";

const COMMANDS_EXAMPLE: &str = "\
use apple_device_management::commands::device_erase::EraseDeviceCommand;
use apple_device_management::commands::AnyCommand;
use apple_device_management::runtime::{codec, CommandEnvelope, With as _};

let erase = EraseDeviceCommand::new().with(|c| c.pin = Some(\"123456\".into()));
let xml = codec::to_xml(&CommandEnvelope::new(\"0003_EraseDevice\", AnyCommand::from(erase)))?;
assert!(String::from_utf8(xml)?.contains(\"<string>EraseDevice</string>\"));";

const CHECKIN: &str = "\
Each module holds the message type named for its `MessageType` (`Authenticate`,
`TokenUpdate` …, and a `…Response` where the server answers with a body). A key only some
platforms, channels or enrollments send is an `Option`. [`AnyCheckinMessage`](crate::checkin::AnyCheckinMessage) dispatches on
`MessageType`; a message type the schemas do not know stays a raw dictionary.";

const CHECKIN_EXAMPLE: &str = "\
use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::runtime::codec;

let body = br#\"<plist version=\"1.0\"><dict>
  <key>MessageType</key><string>CheckOut</string>
  <key>Topic</key><string>com.apple.mgmt.External.2b8c1f4e</string>
  <key>UDID</key><string>00008110-000A3C5E1E90801E</string>
</dict></plist>\"#;
match codec::from_plist::<AnyCheckinMessage>(body)? {
    AnyCheckinMessage::CheckOut(m) => assert_eq!(m.udid.as_deref(), Some(\"00008110-000A3C5E1E90801E\")),
    other => panic!(\"not a CheckOut: {other:?}\"),
}";

const ERRORS: &str = "\
Each module holds an error body (JSON or plist, by the request's content type) with its
`code`, which `new` fills in; read and write them with
[`runtime::error_body`](crate::runtime::error_body).";

const PROFILES: &str = "\
`top_level::TopLevel` is the profile (`PayloadType` `Configuration`); its `PayloadContent` is
a list of [`AnyPayload`](crate::profiles::AnyPayload), which dispatches on `PayloadType`. Every payload type has the common
payload keys as fields (`payload_identifier`, `payload_uuid`, `payload_version`, which `new`
sets to its one allowed value, and the optional `payload_display_name`,
`payload_description`, `payload_organization`) and writes its own `PayloadType`.";

const PROFILES_EXAMPLE: &str = "\
use apple_device_management::profiles::com_apple_wifi_managed::WiFiManaged;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::runtime::{codec, validate::validate, With as _};

let wifi = WiFiManaged::new(\"com.example.profile.wifi\", \"6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10\")
    .with(|w| w.ssid_str = Some(\"Corp\".into()));
let profile = TopLevel::new(\"com.example.profile\", \"0B7C9D2E-5F61-4A83-9B4C-7D8E9F0A1B2C\", vec![wifi.into()])
    .with(|p| p.payload_display_name = Some(\"Corporate Wi-Fi\".into()));
assert!(validate(&profile).findings.is_empty());
let mobileconfig = codec::to_xml(&profile)?;";

const DECLARATIONS: &str = "\
Each module holds a declaration payload (configurations, assets, activations, management),
wrapped in a [`Declaration`](crate::runtime::Declaration) with its `Type`, `Identifier` and
`ServerToken`. [`AnyDeclarationPayload`](crate::declarations::AnyDeclarationPayload) dispatches on `Type`. Declarations are authored
without `ServerToken` (`Declaration::new`) and served with one (`with_server_token`).";

const DECLARATIONS_EXAMPLE: &str = "\
use apple_device_management::declarations::passcode_settings::PasscodeSettings;
use apple_device_management::runtime::{codec, Declaration, With as _};

let passcode = PasscodeSettings::new().with(|p| p.minimum_length = Some(8));
let served = Declaration::new(\"com.example.passcode\", passcode).with_server_token(\"9f2c41\");
let json = String::from_utf8(codec::to_json(&served)?)?;
assert!(json.contains(r#\"\"Type\":\"com.apple.configuration.passcode.settings\"\"#));";

const STATUS: &str = "\
Each module holds one status item's value type, keyed by its item name
(`device.identifier.serial-number`). A status report
(`protocol::statusreport::StatusReport`) keeps its items in their wire shape and reads them by
type with [`StatusItems::get`](crate::runtime::StatusItems::get).";

const PROTOCOL: &str = "\
The bodies of the DDM endpoints: `tokens`, `declaration-items` and the `status` report.";

const OTHER: &str = "\
Formats of Apple's tree outside MDM and DDM proper (the app managed-configuration format,
manifests …).";
