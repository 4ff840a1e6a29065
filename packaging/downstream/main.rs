//! A downstream program built from the packaged crates, not from the workspace: `cargo xtask
//! downstream` unpacks the `.crate` files `cargo package` wrote and builds this program outside
//! the workspace against them, resolving every other dependency afresh (the newest plist 1.x).
//! It uses the crate as an MDM server and an admin tool do: build and serialize a command,
//! decode a check-in, validate a profile, check availability. Any step that goes wrong exits
//! non-zero with what went wrong.

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::device_lock::DeviceLockCommand;
use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
use apple_device_management::runtime::availability::{check, DeviceContext, Platform};
use apple_device_management::runtime::validate::{validate, validate_document};
use apple_device_management::runtime::{codec, CommandEnvelope, With as _};

const TOKEN_UPDATE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>MessageType</key><string>TokenUpdate</string>
  <key>Topic</key><string>com.apple.mgmt.External.2b8c1f4e-2a1d-4c5e-9f3a-6b7c8d9e0f1a</string>
  <key>UDID</key><string>00008110-000A3C5E1E90801E</string>
  <key>Token</key><data>ODlc7WXtw0ibC2dKZ7wvx4LMtDRwLjWZ9/3Td+wnfgY=</data>
  <key>PushMagic</key><string>E427EA81-3A34-4F27-BF96-C2C7C98EDDDF</string>
  <key>AwaitingConfiguration</key><false/>
  <key>SomethingFromIOS27</key><string>kept</string>
</dict></plist>"#;

const PROFILE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadVersion</key><integer>1</integer>
  <key>PayloadIdentifier</key><string>com.example.wifi</string>
  <key>PayloadUUID</key><string>0B7C9D2E-5F61-4A83-9B4C-7D8E9F0A1B2C</string>
  <key>PayloadDisplayName</key><string>Wi-Fi</string>
  <key>PayloadContent</key><array><dict>
    <key>PayloadType</key><string>com.apple.wifi.managed</string>
    <key>PayloadVersion</key><integer>1</integer>
    <key>PayloadIdentifier</key><string>com.example.wifi.corp</string>
    <key>PayloadUUID</key><string>6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10</string>
    <key>SSID_STR</key><string>Corp</string>
    <key>EncryptionType</key><string>WPA5</string>
  </dict></array>
</dict></plist>"#;

fn run() -> Result<(), String> {
    // A command, built, validated and serialized as a server sends it.
    let update = UpdatesItem::new(InstallAction::InstallASAP).with(|u| u.product_version = Some("17.6.1".into()));
    let command = ScheduleOSUpdateCommand::new(vec![update]);
    let report = validate(&command);
    if !report.findings.is_empty() {
        return Err(format!("a valid command has findings: {:?}", report.findings));
    }
    let xml = codec::to_xml(&CommandEnvelope::new("0001", command)).map_err(|e| e.to_string())?;
    let text = String::from_utf8(xml).map_err(|e| e.to_string())?;
    if !text.contains("<string>ScheduleOSUpdate</string>") || !text.contains("<string>InstallASAP</string>") {
        return Err(format!("the command serialized without its RequestType or InstallAction:\n{text}"));
    }
    let binary = codec::to_binary(&CommandEnvelope::new("0002", DeviceLockCommand::new())).map_err(|e| e.to_string())?;
    if !binary.starts_with(b"bplist00") {
        return Err("DeviceLock did not serialize as a binary plist".into());
    }

    // A check-in, decoded; a key from a newer OS survives the round trip.
    match codec::from_plist::<AnyCheckinMessage>(TOKEN_UPDATE).map_err(|e| e.to_string())? {
        AnyCheckinMessage::TokenUpdate(m) => {
            if m.udid.as_deref() != Some("00008110-000A3C5E1E90801E") || m.token.0.len() != 32 {
                return Err(format!("TokenUpdate decoded wrong: {m:?}"));
            }
        }
        other => return Err(format!("a TokenUpdate decoded as {other:?}")),
    }
    let message: AnyCheckinMessage = codec::from_plist(TOKEN_UPDATE).map_err(|e| e.to_string())?;
    let again = String::from_utf8(codec::to_xml(&message).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    if !again.contains("SomethingFromIOS27") {
        return Err("an unknown key was lost on the way back".into());
    }

    // A profile, validated: the wrong EncryptionType is found at its path.
    let value = plist::Value::from_reader_xml(PROFILE).map_err(|e| e.to_string())?;
    let report = validate_document(&value, None).report;
    if !report.findings.iter().any(|f| f.path() == "PayloadContent[0].EncryptionType") {
        return Err(format!("the planted EncryptionType was not found: {:?}", report.findings));
    }

    // Availability: Lost Mode on an unsupervised iPhone.
    let lock = DeviceLockCommand::new();
    let iphone = DeviceContext::new(Platform::IOS, "16.4".parse().map_err(|e| format!("{e:?}"))?);
    let _ = check(&lock, &iphone);
    let update = ScheduleOSUpdateCommand::new(vec![UpdatesItem::new(InstallAction::Default)]);
    let unsupervised = check(&update, &iphone);
    if unsupervised.findings.is_empty() {
        return Err("ScheduleOSUpdate on an unsupervised iPhone has no availability finding".into());
    }
    if !check(&update, &iphone.supervised(true)).findings.is_empty() {
        return Err("ScheduleOSUpdate on a supervised iPhone has availability findings".into());
    }

    println!("downstream: built from the packaged crates (schemas {}): command, check-in, profile and availability all as expected", apple_device_management::RELEASE);
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("downstream: {e}");
        std::process::exit(1);
    }
}
