//! `dm validate` on one file of each kind (`tests/fixtures/{valid,invalid,unreadable,traffic}`):
//! the text and JSON reports, exit codes, a device context, forced kinds.

use crate::{dm, finding_lines, snapshot};

#[test]
fn valid_files_pass_with_exit_0() {
    let (out, _, code) = dm(&["validate", "valid"]);
    snapshot("valid.txt", &out);
    assert_eq!(code, 0);
    assert!(out.contains("valid/profile-signed.mobileconfig: profile Configuration (signed; signature not verified): ok"));
    assert!(out.ends_with("9 files: 0 errors, 0 warnings, 0 notes, 0 unreadable\n"));
}

#[test]
fn invalid_files_fail_with_exit_1_and_every_finding() {
    let (out, _, code) = dm(&["validate", "invalid"]);
    snapshot("invalid.txt", &out);
    assert_eq!(code, 1);
    assert!(out.contains(
        "warning[unknown-key]: key `PayloadDescripion` is not described by the schema\n  --> invalid/profile.mobileconfig:13:2 (PayloadDescripion)\n  help: did you mean `PayloadDescription`?\n"
    ));
    assert!(out.ends_with("7 files: 13 errors, 2 warnings, 0 notes, 0 unreadable\n"), "{out}");
}

#[test]
fn json_output_is_one_object_per_file_then_a_summary() {
    let (out, _, code) = dm(&["validate", "--format", "json", "invalid", "valid/command.plist"]);
    snapshot("invalid.jsonl", &out);
    assert_eq!(code, 1);
    let mut objects: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(objects.len(), 9);
    let summary = objects.pop().expect("summary");
    assert_eq!(summary, serde_json::json!({ "summary": { "files": 8, "errors": 13, "warnings": 2, "notes": 0, "unreadable": 0 } }));
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
    // Where the key is in the file's text.
    assert_eq!((&objects[1]["findings"][0]["line"], &objects[1]["findings"][0]["column"]), (&serde_json::json!(14), &serde_json::json!(5)));
}

#[test]
fn unreadable_files_exit_2_and_every_file_is_still_reported() {
    let (out, _, code) = dm(&["validate", "unreadable"]);
    snapshot("unreadable.txt", &out);
    assert_eq!(code, 2);
    let (out, _, code) = dm(&["validate", "unreadable/broken.json", "invalid/error.json", "valid/command.plist"]);
    assert_eq!(code, 2, "a read failure wins over error findings");
    assert_eq!(out.lines().filter(|l| l.starts_with("unreadable/") || l.starts_with("invalid/") || l.starts_with("valid/")).count(), 3);
    assert!(out.ends_with("3 files: 1 error, 0 warnings, 0 notes, 1 unreadable\n"), "{out}");
    let (out, _, _) = dm(&["validate", "--format", "json", "unreadable/truncated.plist"]);
    let o: serde_json::Value = serde_json::from_str(out.lines().next().expect("a line")).expect("json");
    assert_eq!((o["kind"].as_str(), o["findings"][0]["rule"].as_str()), (Some("unknown"), Some("read")));
}

#[test]
fn device_context_adds_availability_findings() {
    let (out, _, code) = dm(&["validate", "valid/command.plist", "--os", "iOS:17.0"]);
    snapshot("context-ios.txt", &out);
    assert_eq!(code, 1);
    assert_eq!(
        finding_lines(&out),
        ["error[availability.needs-supervision]: `ScheduleOSUpdate` needs a supervised device --> valid/command.plist:7:2 (Command)"]
    );
    let (out, _, code) = dm(&["validate", "valid/command.plist", "--os", "iOS:17.0", "--supervised"]);
    assert_eq!(code, 0, "{out}");
    // Apple allows the passcode configuration for supervised and local enrollments only.
    let (out, _, code) = dm(&["validate", "valid/declaration.json", "--os", "macOS:14.2", "--enrollment", "user"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[availability.enrollment-not-allowed]: `com.apple.configuration.passcode.settings` is not allowed for user enrollments (allowed: supervised, local)\n  --> valid/declaration.json:5:3 (Payload)\n"), "{out}");
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
    assert_eq!(finding_lines(&out), ["error[unknown-schema]: expected a declaration document, found command --> valid/command.plist:4:1"], "{out}");
    let (out, _, code) = dm(&["validate", "--request-type", "ScheduleOSUpdate", "valid/response.plist"]);
    assert_eq!(code, 0, "{out}");
    // Judged as a DeviceLock response, UpdateResults is a key that schema does not describe.
    let (out, _, code) = dm(&["validate", "--request-type", "DeviceLock", "valid/response.plist"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        finding_lines(&out),
        ["warning[unknown-key]: key `UpdateResults` is not described by the schema --> valid/response.plist:11:2 (UpdateResults)"],
        "{out}"
    );
}

/// Real traffic: a device's message is judged for its own platform and channel. An iPhone's
/// `TokenUpdate` on the device channel lacks none of the keys iOS sends; a macOS user-channel
/// `TokenUpdate` without `UserLongName` lacks exactly that one. Without a context the missing
/// user-channel keys are notes saying where they are required, not errors.
#[test]
fn device_messages_are_judged_for_their_platform_and_channel() {
    let (out, _, code) = dm(&["validate", "--os", "iOS:17.0", "--channel", "device", "traffic/tokenupdate-iphone.plist"]);
    assert_eq!((out.as_str(), code), ("traffic/tokenupdate-iphone.plist: checkin TokenUpdate: ok\n1 file: 0 errors, 0 warnings, 0 notes, 0 unreadable\n", 0));

    let (out, _, code) = dm(&["validate", "--os", "macOS:14.2", "--channel", "user", "traffic/tokenupdate-mac-user-no-userlongname.plist"]);
    assert_eq!(
        finding_lines(&out),
        ["error[required]: required key `UserLongName` is missing --> traffic/tokenupdate-mac-user-no-userlongname.plist:4:1 (UserLongName)"],
        "{out}"
    );
    assert_eq!(code, 1);

    // Without a context: what the message shows (a `UDID`, no user keys: the device channel
    // outside User Enrollment) leaves only keys that exist elsewhere, as notes.
    let (out, _, code) = dm(&["validate", "traffic/tokenupdate-iphone.plist"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().all(|l| !l.starts_with("error")), "{out}");
    assert!(
        out.contains(
            "note[required]: key `NotOnConsole` is missing; it is required on tvOS (10.2+)\n  --> traffic/tokenupdate-iphone.plist:4:1 (NotOnConsole)\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("1 file: 0 errors, 0 warnings, 1 note, 0 unreadable\n"), "the totals count notes: {out}");
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
        out.contains(
            "error[required]: required key `ServerToken` is missing or not a string\n  --> traffic/passcode-settings-authored.json:1:1 (ServerToken)\n"
        ),
        "{out}"
    );
    // A bare command is a command as authored; sent, it needs its envelope.
    let (out, _, _) = dm(&["validate", "--as-sent", "traffic/passcode-settings-authored.json", "valid/command.plist"]);
    assert!(!out.contains("(CommandUUID)"), "valid/command.plist is in its envelope: {out}");
    assert!(out.contains("valid/command.plist: command ScheduleOSUpdate: ok"), "{out}");
}
