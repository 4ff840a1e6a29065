//! Building documents with the typed API, as a server author does: a Wi-Fi + passcode profile,
//! ScheduleOSUpdate, DeviceInformation, InstallProfile (carrying that profile) and EraseDevice,
//! each in a few lines; each serializes and validates with no finding. A planted error in any
//! payload of a profile is found by `validate(&profile)`, at that payload's path.

use apple_device_management::commands::device_erase::EraseDeviceCommand;
use apple_device_management::commands::information_device::DeviceInformationCommand;
use apple_device_management::commands::profile_install::InstallProfileCommand;
use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
use apple_device_management::commands::AnyCommand;
use apple_device_management::profiles::com_apple_mobiledevice_passwordpolicy::MobiledevicePasswordpolicy;
use apple_device_management::profiles::com_apple_wifi_managed::{EncryptionType, WiFiManaged};
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::runtime::validate::{validate, validate_any, validate_document, Report};
use apple_device_management::runtime::{codec, CommandEnvelope, With as _};

fn findings(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{} {} {}", f.severity, f.rule, f.path())).collect()
}

fn profile() -> TopLevel {
    let wifi = WiFiManaged::new("com.example.profile.wifi", "6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10").with(|w| {
        w.ssid_str = Some("Corp".into());
        w.encryption_type = Some(EncryptionType::WPA2);
    });
    let passcode = MobiledevicePasswordpolicy::new("com.example.profile.passcode", "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D").with(|p| p.min_length = Some(8));
    TopLevel::new("com.example.profile", "0B7C9D2E-5F61-4A83-9B4C-7D8E9F0A1B2C", vec![wifi.into(), passcode.into()])
}

#[test]
fn a_profile_built_in_a_few_lines_validates_clean_and_writes_its_payload_types() {
    let profile = profile();
    assert_eq!(findings(&validate(&profile)), Vec::<String>::new());
    let value = codec::to_value(&profile).expect("encode");
    // The typed check and the check of the raw document agree.
    assert_eq!(findings(&validate_document(&value, None).report), Vec::<String>::new());
    let dict = value.as_dictionary().expect("dictionary");
    assert_eq!(dict.get("PayloadType").and_then(|v| v.as_string()), Some("Configuration"));
    assert_eq!(dict.get("PayloadVersion").and_then(|v| v.as_signed_integer()), Some(1));
    let types: Vec<&str> = dict
        .get("PayloadContent")
        .and_then(|v| v.as_array())
        .expect("PayloadContent")
        .iter()
        .filter_map(|p| p.as_dictionary()?.get("PayloadType")?.as_string())
        .collect();
    assert_eq!(types, ["com.apple.wifi.managed", "com.apple.mobiledevice.passwordpolicy"]);
    // It decodes back into the same typed value, through every plist form.
    for bytes in [codec::to_xml(&profile).expect("xml"), codec::to_binary(&profile).expect("binary")] {
        let back: TopLevel = codec::from_plist(&bytes).expect("decode");
        assert_eq!(back, profile);
        assert!(matches!(back.payload_content[0], AnyPayload::WiFiManaged(_)));
    }
}

#[test]
fn a_planted_error_in_any_payload_is_found_at_its_path() {
    // An EncryptionType the schema does not list, in the first payload; a PayloadVersion other
    // than 1 and a PayloadUUID the first payload has, in the second.
    let mut p = profile();
    if let AnyPayload::WiFiManaged(w) = &mut p.payload_content[0] {
        w.encryption_type = Some(EncryptionType::from("WPA9"));
    }
    assert_eq!(findings(&validate(&p)), ["error rangelist PayloadContent[0].EncryptionType"]);

    let mut p = profile();
    if let AnyPayload::MobiledevicePasswordpolicy(pp) = &mut p.payload_content[1] {
        pp.payload_version = 2;
        pp.payload_uuid = "6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10".into(); // the Wi-Fi payload's
    }
    let got = findings(&validate(&p));
    assert!(got.contains(&"error rangelist PayloadContent[1].PayloadVersion".to_string()), "{got:?}");
    assert!(got.contains(&"error duplicate-uuid PayloadContent[1].PayloadUUID".to_string()), "{got:?}");

    // A payload judged alone through the dispatch enum.
    let wifi = AnyPayload::from(WiFiManaged::new("", "x").with(|w| w.encryption_type = Some(EncryptionType::from("WPA9"))));
    assert!(findings(&validate_any(&wifi)).contains(&"error rangelist EncryptionType".to_string()));
}

#[test]
fn commands_built_in_a_few_lines_validate_clean_and_serialize() {
    let mobileconfig = codec::to_xml(&profile()).expect("profile");
    let update = UpdatesItem::new(InstallAction::InstallASAP).with(|u| u.product_version = Some("17.5.1".into()));
    let commands: Vec<AnyCommand> = vec![
        ScheduleOSUpdateCommand::new(vec![update]).into(),
        DeviceInformationCommand::new(["UDID", "OSVersion", "SerialNumber"].map(String::from).to_vec()).into(),
        InstallProfileCommand::new(mobileconfig).into(),
        EraseDeviceCommand::new().with(|e| e.pin = Some("123456".into())).into(),
    ];
    let mut request_types = Vec::new();
    for (i, command) in commands.into_iter().enumerate() {
        assert_eq!(findings(&validate_any(&command)), Vec::<String>::new(), "command {i}");
        let envelope = CommandEnvelope::new(format!("{i:04}"), command);
        let value = codec::to_value(&envelope).expect("encode");
        assert_eq!(findings(&validate_document(&value, None).report), Vec::<String>::new(), "command {i} as a document");
        let body = value.as_dictionary().and_then(|d| d.get("Command")).and_then(|c| c.as_dictionary()).expect("Command");
        request_types.push(body.get("RequestType").and_then(|v| v.as_string()).expect("RequestType").to_string());
    }
    assert_eq!(request_types, ["ScheduleOSUpdate", "DeviceInformation", "InstallProfile", "EraseDevice"]);
}

#[test]
fn a_declaration_is_checked_for_a_device_payload_key_by_key() {
    use apple_device_management::declarations::passcode_settings::PasscodeSettings;
    use apple_device_management::runtime::availability::{check_declaration, AvailabilityRule, DeviceContext, Platform};
    use apple_device_management::runtime::Declaration;

    let passcode = PasscodeSettings::new().with(|p| {
        p.minimum_length = Some(8);
        p.change_at_next_auth = Some(true); // macOS 13.1 and later only
    });
    let declaration = Declaration::new("com.example.passcode", passcode).with_server_token("1");
    let mac = DeviceContext::new(Platform::MacOS, "14.2".parse().expect("version")).supervised(true);
    assert!(check_declaration(&declaration, &mac).findings.is_empty());
    let iphone = DeviceContext::new(Platform::IOS, "17.5".parse().expect("version")).supervised(true);
    let on_iphone: Vec<(String, AvailabilityRule)> = check_declaration(&declaration, &iphone).findings.iter().map(|f| (f.path.clone(), f.rule)).collect();
    assert_eq!(on_iphone, [("Payload.ChangeAtNextAuth".to_string(), AvailabilityRule::NotOnPlatform)]);
    let tv = DeviceContext::new(Platform::TvOS, "18.0".parse().expect("version")).supervised(true);
    let on_tv: Vec<(String, AvailabilityRule)> = check_declaration(&declaration, &tv).findings.iter().map(|f| (f.path.clone(), f.rule)).collect();
    assert_eq!(on_tv.first(), Some(&(String::new(), AvailabilityRule::NotOnPlatform)), "{on_tv:?}");
}
