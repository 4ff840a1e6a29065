//! `dm schemas`, `dm explain` of a schema or of one key, by any of its names, and on a device.

use crate::{dm, snapshot};

#[test]
fn schemas_lists_every_schema() {
    let (out, _, code) = dm(&["schemas"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 302);
    assert!(out.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["commands", "ScheduleOSUpdate", "mdm/commands/system.update.schedule.yaml"]));
    let (out, _, _) = dm(&["schemas", "--format", "json"]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().expect("a line")).expect("json");
    assert_eq!(first["category"], "commands");
    assert_eq!(out.lines().count(), 302);
}

#[test]
fn explain_shows_keys_values_and_availability() {
    let (out, _, code) = dm(&["explain", "ScheduleOSUpdate"]);
    snapshot("explain-schedule-os-update.txt", &out);
    assert_eq!(code, 0);
    assert!(out.contains("MaxUserDeferrals  <integer>  optional  [macOS 12.0+ (supervised); not on iOS, tvOS, visionOS, watchOS]"), "{out}");
    assert!(!out.contains("=>"), "no device, no device verdicts: {out}");
    let (_, err, code) = dm(&["explain", "NoSuchThing"]);
    assert_eq!(code, 2);
    assert!(err.contains("no schema named `NoSuchThing`"), "{err}");
}

/// A schema by its file name, with or without `.yaml`, is the same schema.
#[test]
fn explain_takes_a_file_name_with_its_extension() {
    let (with, _, code) = dm(&["explain", "com.apple.wifi.managed.yaml"]);
    assert_eq!(code, 0);
    assert!(with.starts_with("com.apple.wifi.managed — "), "{with}");
    assert!(with.contains("  source:       mdm/profiles/com.apple.wifi.managed.yaml\n"), "{with}");
    let (without, _, _) = dm(&["explain", "com.apple.wifi.managed"]);
    assert_eq!(with, without);
}

/// One key, named after the Rust type, the wire identifier or the command; a nested key through
/// an array without its index.
#[test]
fn explain_one_key_by_its_path() {
    let (by_type, _, code) = dm(&["explain", "WiFiManaged.SSID_STR"]);
    assert_eq!(code, 0, "{by_type}");
    let (by_wire_id, _, _) = dm(&["explain", "com.apple.wifi.managed.SSID_STR"]);
    assert_eq!(by_type, by_wire_id);
    assert!(by_type.contains("  key:          SSID_STR (payload key)\n"), "{by_type}");
    let key_lines: Vec<&str> = by_type.lines().skip_while(|l| *l != "key:").skip(1).collect();
    assert_eq!(key_lines.len(), 1, "only that key: {by_type}");
    assert!(key_lines[0].starts_with("  SSID_STR  <string>"), "{by_type}");
    assert!(!by_type.contains("EncryptionType"), "no other key: {by_type}");

    let (nested, _, code) = dm(&["explain", "ScheduleOSUpdate.Updates.InstallAction"]);
    assert_eq!(code, 0, "{nested}");
    assert!(nested.contains("  key:          Updates.InstallAction (payload key)\n"), "{nested}");
    assert!(
        nested.ends_with(
            "key:\n  InstallAction  <string>  required  one of: Default, DownloadOnly, InstallASAP, NotifyOnly, InstallLater, InstallForceRestart\n"
        ),
        "{nested}"
    );
    // A response key.
    let (response, _, code) = dm(&["explain", "ScheduleOSUpdate.UpdateResults.Status"]);
    assert_eq!(code, 0, "{response}");
    assert!(response.contains("  key:          UpdateResults.Status (response key)\n"), "{response}");

    let (_, err, code) = dm(&["explain", "ScheduleOSUpdate.Updates.InstallActon"]);
    assert_eq!(code, 2);
    assert_eq!(err, "dm: `ScheduleOSUpdate` has no key `Updates.InstallActon`; did you mean `Updates.InstallAction`?\n");
}

/// With a device, each key says whether the device takes it, by the same check `dm validate`
/// runs: what the schema needs (supervision) and what the key needs (its platforms, versions).
#[test]
fn explain_on_a_device_says_what_is_available() {
    let (out, _, code) = dm(&["explain", "ScheduleOSUpdate", "--os", "iOS:17.0", "--supervised"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("  device:       iOS 17.0 (supervised, device enrollment, device channel): available\n"), "{out}");
    assert!(out.contains("      InstallAction  <string>  required  one of: Default, DownloadOnly, InstallASAP, NotifyOnly, InstallLater, InstallForceRestart  => available\n"), "{out}");
    assert!(out.contains("      MaxUserDeferrals  <integer>  optional  [macOS 12.0+ (supervised); not on iOS, tvOS, visionOS, watchOS]  => refused: it is not available on iOS (introduced: n/a)\n"), "{out}");

    // Unsupervised, the whole command is refused, so is each of its keys.
    let (out, _, _) = dm(&["explain", "ScheduleOSUpdate.Updates.ProductKey", "--os", "iOS:17.0"]);
    assert!(out.contains("  device:       iOS 17.0 (not supervised, device enrollment, device channel): refused: it needs a supervised device\n"), "{out}");

    // A key introduced after the device's version.
    let (out, _, _) = dm(&["explain", "ScheduleOSUpdate.Updates.ProductVersion", "--os", "iOS:11.0", "--supervised"]);
    assert!(out.contains(": refused: it needs iOS 11.3 or later; the device runs 11.0\n"), "{out}");
    let (out, _, _) = dm(&["explain", "ScheduleOSUpdate.Updates.ProductVersion", "--os", "iOS:11.3", "--supervised"]);
    assert!(out.contains("(supervised, device enrollment, device channel): available\n"), "{out}");

    // Deprecated: available, with a warning.
    let (out, _, _) = dm(&["explain", "DeviceInformation.QueryResponses.IMEI", "--os", "iOS:17.0"]);
    assert!(out.contains(": available, but it is deprecated since iOS 16.0; the device runs 17.0\n"), "{out}");
    let (out, _, _) = dm(&["explain", "DeviceInformation.QueryResponses.IMEI", "--os", "iOS:15.0"]);
    assert!(out.contains("(not supervised, device enrollment, device channel): available\n"), "{out}");

    let (_, err, code) = dm(&["explain", "ScheduleOSUpdate", "--supervised"]);
    assert_eq!(code, 2);
    assert!(err.contains("give its --os too"), "{err}");
}
