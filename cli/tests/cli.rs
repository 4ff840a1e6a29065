//! The `dm` binary on files written for these tests (`tests/fixtures/{valid,invalid,unreadable}`,
//! one of each kind): exact text and JSON output as snapshots in `tests/expected/` (run with
//! `DM_BLESS=1` to rewrite them after an intended change, then review the diff), and exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `dm` in the fixtures folder; returns (stdout, stderr, exit code).
fn dm(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dm")).args(args).current_dir(fixtures()).output().expect("run dm");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

/// Compares with `tests/expected/<name>`, or rewrites it when `DM_BLESS` is set.
fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected").join(name);
    if std::env::var_os("DM_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run with DM_BLESS=1 to create it)", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

#[test]
fn valid_files_pass_with_exit_0() {
    let (out, _, code) = dm(&["validate", "valid"]);
    snapshot("valid.txt", &out);
    assert_eq!(code, 0);
    assert!(out.contains("valid/profile-signed.mobileconfig: profile Configuration (signed; signature not verified): ok"));
    assert!(out.ends_with("9 files: 0 errors, 0 warnings, 0 unreadable\n"));
}

#[test]
fn invalid_files_fail_with_exit_1_and_every_finding() {
    let (out, _, code) = dm(&["validate", "invalid"]);
    snapshot("invalid.txt", &out);
    assert_eq!(code, 1);
    assert!(out.contains("warning[unknown-key]: invalid/profile.mobileconfig: PayloadDescripion: key `PayloadDescripion` is not described by the schema\n  help: did you mean `PayloadDescription`?\n"));
}

#[test]
fn json_output_is_one_object_per_file() {
    let (out, _, code) = dm(&["validate", "--format", "json", "invalid", "valid/command.plist"]);
    snapshot("invalid.jsonl", &out);
    assert_eq!(code, 1);
    let objects: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(objects.len(), 8);
    let kinds: Vec<&str> = objects.iter().map(|o| o["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["checkin", "command", "declaration", "error", "profile", "response", "status-report", "command"]);
    for o in &objects {
        for f in o["findings"].as_array().expect("findings") {
            for key in ["severity", "path", "rule", "message"] {
                assert!(f.get(key).is_some(), "{key} in {f}");
            }
        }
    }
    assert_eq!(objects[7]["findings"], serde_json::json!([]));
    assert_eq!(objects[1]["findings"][0]["path"], "Command.Updates[0].InstallAction");
}

#[test]
fn unreadable_files_exit_2_and_every_file_is_still_reported() {
    let (out, _, code) = dm(&["validate", "unreadable"]);
    snapshot("unreadable.txt", &out);
    assert_eq!(code, 2);
    let (out, _, code) = dm(&["validate", "unreadable/broken.json", "invalid/error.json", "valid/command.plist"]);
    assert_eq!(code, 2, "a read failure wins over error findings");
    assert_eq!(out.lines().filter(|l| l.starts_with("unreadable/") || l.starts_with("invalid/") || l.starts_with("valid/")).count(), 3);
    let (out, _, _) = dm(&["validate", "--format", "json", "unreadable/truncated.plist"]);
    let o: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!((o["kind"].as_str(), o["findings"][0]["rule"].as_str()), (Some("unknown"), Some("read")));
}

#[test]
fn device_context_adds_availability_findings() {
    let (out, _, code) = dm(&["validate", "valid/command.plist", "--os", "iOS:17.0"]);
    snapshot("context-ios.txt", &out);
    assert_eq!(code, 1);
    assert!(out.contains("error[availability.needs-supervision]: valid/command.plist: Command:"));
    let (out, _, code) = dm(&["validate", "valid/command.plist", "--os", "iOS:17.0", "--supervised"]);
    assert_eq!(code, 0, "{out}");
    // Apple allows the passcode configuration for supervised and local enrollments only.
    let (out, _, code) = dm(&["validate", "valid/declaration.json", "--os", "macOS:14.2", "--enrollment", "user"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[availability.enrollment-not-allowed]: valid/declaration.json: Payload:"), "{out}");
    let (out, _, code) = dm(&["validate", "valid/declaration.json", "--os", "macOS:14.2", "--supervised"]);
    assert_eq!(code, 0, "{out}");
    let (_, err, code) = dm(&["validate", "valid/command.plist", "--os", "Windows:11"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown platform"), "{err}");
    let (_, err, code) = dm(&["validate", "valid/command.plist", "--supervised"]);
    assert_eq!(code, 2);
    assert!(err.contains("give its --os too"), "{err}");
}

#[test]
fn kind_and_request_type_can_be_forced() {
    let (out, _, code) = dm(&["validate", "--kind", "declaration", "valid/command.plist"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[unknown-schema]: valid/command.plist: (document): expected a declaration document, found command"), "{out}");
    let (out, _, code) = dm(&["validate", "--request-type", "ScheduleOSUpdate", "valid/response.plist"]);
    assert_eq!(code, 0, "{out}");
    // Judged as a DeviceLock response, UpdateResults is a key that schema does not describe.
    let (out, _, code) = dm(&["validate", "--request-type", "DeviceLock", "valid/response.plist"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[unknown-key]: valid/response.plist: UpdateResults:"), "{out}");
}

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
    let (_, err, code) = dm(&["explain", "NoSuchThing"]);
    assert_eq!(code, 2);
    assert!(err.contains("no schema named `NoSuchThing`"));
}

/// Real traffic: a device's message is judged for its own platform and channel. An iPhone's
/// `TokenUpdate` on the device channel lacks none of the keys iOS sends; a macOS user-channel
/// `TokenUpdate` without `UserLongName` lacks exactly that one. Without a context the missing
/// user-channel keys are notes saying where they are required, not errors.
#[test]
fn device_messages_are_judged_for_their_platform_and_channel() {
    let (out, _, code) = dm(&["validate", "--os", "iOS:17.0", "--channel", "device", "traffic/tokenupdate-iphone.plist"]);
    assert_eq!((out.as_str(), code), ("traffic/tokenupdate-iphone.plist: checkin TokenUpdate: ok\n1 file: 0 errors, 0 warnings, 0 unreadable\n", 0));

    let (out, _, code) = dm(&["validate", "--os", "macOS:14.2", "--channel", "user", "traffic/tokenupdate-mac-user-no-userlongname.plist"]);
    let findings: Vec<&str> = out.lines().filter(|l| l.starts_with("error") || l.starts_with("warning") || l.starts_with("note")).collect();
    assert_eq!(
        findings,
        ["error[required]: traffic/tokenupdate-mac-user-no-userlongname.plist: UserLongName: required key `UserLongName` is missing"],
        "{out}"
    );
    assert_eq!(code, 1);

    // Without a context: what the message shows (a `UDID`, no user keys: the device channel
    // outside User Enrollment) leaves only keys that exist elsewhere, as notes.
    let (out, _, code) = dm(&["validate", "traffic/tokenupdate-iphone.plist"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().all(|l| !l.starts_with("error")), "{out}");
    assert!(out.contains("note[required]: traffic/tokenupdate-iphone.plist: NotOnConsole: key `NotOnConsole` is missing; it is required on tvOS"), "{out}");
}

/// A declaration as admins store it has no `ServerToken`: fine by default, an error when the
/// sent form is asked for.
#[test]
fn as_sent_asks_for_what_the_server_fills_in() {
    let (out, _, code) = dm(&["validate", "traffic/passcode-settings-authored.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("declaration com.apple.configuration.passcode.settings: ok"), "{out}");
    let (out, _, code) = dm(&["validate", "--as-sent", "traffic/passcode-settings-authored.json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[required]: traffic/passcode-settings-authored.json: ServerToken: required key `ServerToken` is missing or not a string"),
        "{out}"
    );
    // A bare command is a command as authored; sent, it needs its envelope.
    let (out, _, _) = dm(&["validate", "--as-sent", "traffic/passcode-settings-authored.json", "valid/command.plist"]);
    assert!(!out.contains("valid/command.plist: CommandUUID"), "valid/command.plist is in its envelope: {out}");
}
