//! Presence in context, as a property: for every message a device sends (each check-in
//! message type and each command response) and every platform, channel and enrollment where
//! the message exists, a random populated instance carrying only the keys that context carries
//! decodes into its typed form, comes back unchanged, and validates clean in that context; and
//! every required key that context carries, once removed, is reported missing at its path.
//!
//! Which keys a context carries is decided here from the schema model (the key's resolved
//! `supportedOS` for the platform: `introduced`/`removed` against the version, `devicechannel`
//! / `userchannel`, `userenrollment.mode`, `sharedipad.mode`, `supervised`), independently of
//! the validator's own judgement (`runtime/validate/presence.rs`). `UDID` and `EnrollmentID`
//! are alternatives: under User Enrollment `UDID` is not required (Apple's YAML leaves macOS's
//! `UDID` allowed there, but `EnrollmentID` replaces it), which is the one rule not read from
//! the YAML.

use apple_device_management::runtime::availability::{Channel, DeviceContext, Enrollment, Platform};
use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::validate::{validate_document, validate_response_in, Severity};
use apple_device_management::runtime::Category;
use dm_tests::corpus::{schema_parts, Part, SchemaPart};
use dm_tests::{encode_plist, render_path, try_place_mut, Populator, Seg};
use generator::model::{Mode, Os, SupportedOs};
use plist::Value;
use proptest::prelude::*;

/// A device: the context the validator is given, and the same facts for the model's reading.
#[derive(Debug, Clone)]
struct Device {
    name: &'static str,
    os: Os,
    version: &'static str,
    user_channel: bool,
    user_enrollment: bool,
    supervised: bool,
    shared_ipad: bool,
}

const fn device(name: &'static str, os: Os, version: &'static str, user_channel: bool, user_enrollment: bool, supervised: bool, shared_ipad: bool) -> Device {
    Device { name, os, version, user_channel, user_enrollment, supervised, shared_ipad }
}

/// The devices of release-18.1's time, on each channel and enrollment they have.
const DEVICES: &[Device] = &[
    device("iPhone, device enrollment", Os::IOS, "18.1", false, false, false, false),
    device("iPhone, ADE (supervised)", Os::IOS, "18.1", false, false, true, false),
    device("iPhone, User Enrollment", Os::IOS, "18.1", false, true, false, false),
    device("Shared iPad, device channel", Os::IOS, "18.1", false, false, true, true),
    device("Shared iPad, user channel", Os::IOS, "18.1", true, false, true, true),
    device("Mac, device enrollment", Os::MacOS, "15.1", false, false, false, false),
    device("Mac, ADE, device channel", Os::MacOS, "15.1", false, false, true, false),
    device("Mac, ADE, user channel", Os::MacOS, "15.1", true, false, true, false),
    device("Mac, User Enrollment, device channel", Os::MacOS, "15.1", false, true, false, false),
    device("Mac, User Enrollment, user channel", Os::MacOS, "15.1", true, true, false, false),
    device("Apple TV, ADE", Os::TvOS, "18.1", false, false, true, false),
    device("Apple Vision Pro", Os::VisionOS, "2.1", false, false, false, false),
    device("Apple Vision Pro, User Enrollment", Os::VisionOS, "2.1", false, true, false, false),
    device("Apple Watch, ADE", Os::WatchOS, "11.1", false, false, true, false),
];

impl Device {
    fn context(&self) -> DeviceContext {
        let platform = match self.os {
            Os::IOS => Platform::IOS,
            Os::MacOS => Platform::MacOS,
            Os::TvOS => Platform::TvOS,
            Os::VisionOS => Platform::VisionOS,
            Os::WatchOS => Platform::WatchOS,
        };
        let enrollment = match (self.user_enrollment, self.supervised) {
            (true, _) => Enrollment::User,
            (false, true) => Enrollment::Automated,
            (false, false) => Enrollment::Device,
        };
        let channel = if self.user_channel { Channel::User } else { Channel::Device };
        DeviceContext::new(platform, self.version.parse().expect("version"))
            .channel(channel)
            .enrollment(enrollment)
            .supervised(self.supervised)
            .shared_ipad(self.shared_ipad)
    }

    /// Whether something with this resolved support exists on this device (the model's reading).
    fn carries(&self, support: &SupportedOs) -> bool {
        if support.is_empty() {
            return true;
        }
        let Some(s) = support.get(self.os) else { return false };
        let version = generator::model::Version::parse(self.version).expect("version");
        let introduced = match &s.introduced {
            None => true,
            Some(v) => v.as_introduced().is_some_and(|i| i <= version),
        };
        let removed = s.removed.as_ref().and_then(|r| r.as_cutoff()).is_some_and(|r| r <= version);
        let channel = if self.user_channel { s.userchannel != Some(false) } else { s.devicechannel != Some(false) };
        let mode = |m: Option<Mode>, on: bool| !matches!((m, on), (Some(Mode::Required), false) | (Some(Mode::Forbidden), true));
        introduced
            && !removed
            && channel
            && mode(s.userenrollment.as_ref().and_then(|u| u.mode), self.user_enrollment)
            && mode(s.sharedipad.as_ref().and_then(|u| u.mode), self.shared_ipad)
            && (s.supervised != Some(true) || self.supervised)
    }
}

/// The messages devices send: check-in messages and command responses.
fn device_messages() -> Vec<SchemaPart> {
    schema_parts().into_iter().filter(|p| p.info.category == Category::Checkin || p.part == Part::Response).collect()
}

/// Removes the key at `path`; false when it is not there (or its dictionary is gone already).
fn remove(doc: &mut Value, path: &[Seg]) -> bool {
    let Some((Seg::Key(name), parent)) = path.split_last() else { return false };
    try_place_mut(doc, parent).and_then(Value::as_dictionary_mut).and_then(|d| d.remove(name)).is_some()
}

/// The constant `MessageType` of a check-in message: without it, the document is no message.
fn is_tag(part: &SchemaPart, path: &[Seg]) -> bool {
    part.part == Part::Payload && matches!(path, [Seg::Key(k)] if k == "MessageType")
}

/// A random instance of `part` as `device` sends it: only the keys it carries, and the envelope
/// (and identifiers) its channel and enrollment put on the message.
fn instance(part: &SchemaPart, device: &Device, seed: u64) -> (Value, Vec<(Vec<Seg>, String)>) {
    let mut populator = Populator::random(seed);
    let mut doc = part.valid_document(&mut populator);
    let mut required = Vec::new();
    for place in &populator.places {
        if place.union_tag || place.under_any {
            continue;
        }
        if !device.carries(&place.key.resolved_os) || (device.user_enrollment && place.key.name == "UDID" && place.path.len() == 1) {
            remove(&mut doc, &place.path);
        } else if place.key.is_required() && matches!(place.path.last(), Some(Seg::Key(_))) && !is_tag(part, &place.path) {
            required.push((place.path.clone(), place.key.name.clone()));
        }
    }
    if part.part == Part::Response {
        let d = doc.as_dictionary_mut().expect("a dictionary");
        d.insert("CommandUUID".into(), Value::String("0001_Presence".into()));
        d.insert("Status".into(), Value::String("Acknowledged".into()));
        let id = if device.user_enrollment { "EnrollmentID" } else { "UDID" };
        d.insert(id.into(), Value::String("00008110-000A3C5E1E90801E".into()));
        if device.user_channel {
            d.insert("UserID".into(), Value::String("501".into()));
        }
    }
    // Only the keys still there are required of this instance.
    required.retain(|(path, _)| try_place_mut(&mut doc, path).is_some());
    (doc, required)
}

fn validate(part: &SchemaPart, doc: &Value, ctx: &DeviceContext) -> apple_device_management::runtime::validate::DocumentReport {
    match part.part {
        Part::Response => validate_response_in(doc, part.info.wire_id, Some(ctx)),
        Part::Payload => validate_document(doc, Some(ctx)),
    }
}

fn check(part: &SchemaPart, device: &Device, seed: u64) -> Result<(), String> {
    let ctx = device.context();
    let (doc, required) = instance(part, device, seed);
    let name = format!("{} on {} (seed {seed})", part.name(), device.name);
    // Typed: decodes and comes back unchanged.
    let roundtrip = match part.part {
        Part::Payload => dm_tests::roundtrip_of(part.info),
        Part::Response => dm_tests::response_roundtrip_of(part.info).ok_or(format!("{name}: no response type"))?,
    };
    let body = if part.part == Part::Response {
        let mut d = doc.as_dictionary().cloned().unwrap_or_default();
        for k in ["CommandUUID", "Status", "UDID", "EnrollmentID", "UserID"] {
            d.remove(k);
        }
        Value::Dictionary(d)
    } else {
        doc.clone()
    };
    let bytes = encode_plist(&body, Format::XmlPlist).map_err(|e| format!("{name}: {e}"))?;
    let out = roundtrip(&bytes, Format::XmlPlist).map_err(|e| format!("{name}: does not decode: {e}"))?;
    let back: Value = plist::from_bytes(&out).map_err(|e| format!("{name}: {e}"))?;
    if back != body {
        return Err(format!("{name}: does not come back unchanged"));
    }
    if part.part == Part::Response {
        let envelope = codec::to_binary(&doc).map_err(|e| format!("{name}: {e}"))?;
        let typed = apple_device_management::runtime::CommandResponse::<apple_device_management::commands::AnyCommandResponse>::decode_for(
            part.info.wire_id.unwrap_or_default(),
            &envelope,
        )
        .map_err(|e| format!("{name}: the envelope does not decode: {e}"))?;
        if typed.body.is_none() {
            return Err(format!("{name}: acknowledged, but no body"));
        }
    }
    // Clean in its context: no error, and nothing left to a note.
    let report = validate(part, &doc, &ctx);
    let unclean: Vec<String> = report.report.findings.iter().filter(|f| f.severity != Severity::Warning).map(|f| f.to_string()).collect();
    if !unclean.is_empty() {
        return Err(format!("{name}: not clean in its context:\n  {}", unclean.join("\n  ")));
    }
    // Each required key it carries, removed, is reported at its path.
    for (path, key) in &required {
        let mut without = doc.clone();
        remove(&mut without, path);
        let report = validate(part, &without, &ctx);
        let at = render_path(path);
        if !report.report.errors().any(|f| f.path() == at && f.rule.name() == "required") {
            let got: Vec<String> = report.report.findings.iter().map(|f| f.to_string()).collect();
            return Err(format!("{name}: without `{key}` ({at}), no required error:\n  {}", got.join("\n  ")));
        }
    }
    Ok(())
}

/// Every device message on every device it exists on.
fn cases() -> Vec<(SchemaPart, &'static Device)> {
    let mut out = Vec::new();
    for part in device_messages() {
        for device in DEVICES {
            if device.carries(&part.file.payload.supported_os) {
                out.push((part, device));
            }
        }
    }
    out
}

#[test]
fn every_device_message_in_every_context_it_exists_in() {
    let cases = cases();
    assert!(cases.len() > 200, "only {} message/device pairs", cases.len());
    let cases_per_pair: u32 = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut failures = Vec::new();
    for (part, device) in &cases {
        let mut runner =
            proptest::test_runner::TestRunner::new(ProptestConfig { cases: cases_per_pair, failure_persistence: None, ..ProptestConfig::default() });
        let result = runner.run(&any::<u64>(), |seed| check(part, device, seed).map_err(TestCaseError::fail));
        if let Err(e) = result {
            failures.push(e.to_string());
        }
    }
    assert!(failures.is_empty(), "{} of {} pairs:\n{}", failures.len(), cases.len(), failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

/// Spot check of the rule the issue names: an iPhone's `TokenUpdate` on the device channel
/// needs none of the macOS user-channel keys; a Mac user-channel one needs `UserLongName`.
#[test]
fn token_update_keys_by_context() {
    let part = device_messages().into_iter().find(|p| p.info.wire_id == Some("TokenUpdate")).expect("TokenUpdate");
    let iphone = &DEVICES[0];
    let (doc, required) = instance(&part, iphone, 1);
    let keys: Vec<&str> = doc.as_dictionary().expect("dict").keys().map(String::as_str).collect();
    for absent in ["NotOnConsole", "UserLongName", "EnrollmentUserID", "EnrollmentID"] {
        assert!(!keys.contains(&absent), "an iPhone sends no `{absent}`: {keys:?}");
    }
    assert!(required.iter().any(|(_, k)| k == "Topic"));
    let mac_user = DEVICES.iter().find(|d| d.name == "Mac, ADE, user channel").expect("device");
    let (_, required) = instance(&part, mac_user, 1);
    let required: Vec<&str> = required.iter().map(|(_, k)| k.as_str()).collect();
    for key in ["UserLongName", "NotOnConsole", "Topic", "Token", "PushMagic"] {
        assert!(required.contains(&key), "a Mac's user channel requires `{key}`: {required:?}");
    }
}
