//! OS availability, table-driven from the real generated tables: what the schemas say a device
//! accepts, and what `check` reports for typed and raw values. Synthetic tables pin the meaning
//! of odd or missing data (`n/a`, `all`, `'0'`, missing OS entries, missing fields).

use apple_device_management::commands::system_update_scan::{self, ScheduleOSUpdateScanCommand, ScheduleOSUpdateScanResponse};
use apple_device_management::commands::system_update_schedule::{self, InstallAction, Priority, ScheduleOSUpdateCommand, UpdatesItem};
use apple_device_management::runtime::availability::*;
use apple_device_management::runtime::With as _;
use apple_device_management::{commands, declarations, other, profiles};
use plist::{Dictionary, Value};

fn v(text: &str) -> OsVersion {
    text.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn ctx(platform: Platform, version: &str) -> DeviceContext {
    DeviceContext::new(platform, v(version))
}

fn mac(version: &str) -> DeviceContext {
    ctx(Platform::MacOS, version).supervised(true)
}

fn ios(version: &str) -> DeviceContext {
    ctx(Platform::IOS, version).supervised(true)
}

/// A dictionary from `(key, value)` pairs.
fn dict(entries: Vec<(&str, Value)>) -> Value {
    Value::Dictionary(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Dictionary>())
}

/// Every (path, rule) of a report, for comparing with a table row.
fn found(report: &AvailabilityReport) -> Vec<(String, AvailabilityRule)> {
    report.findings.iter().map(|f| (f.path.clone(), f.rule)).collect()
}

fn rules(list: &[(&str, AvailabilityRule)]) -> Vec<(String, AvailabilityRule)> {
    list.iter().map(|(p, r)| (p.to_string(), *r)).collect()
}

// ---------------------------------------------------------------------------------------------
// Versions and platforms

#[test]
fn versions_parse_any_number_of_parts() {
    for (text, parts) in [
        ("17", &[17][..]),
        ("17.4", &[17, 4]),
        ("10.13.4", &[10, 13, 4]),
        ("1.2.3.4.5", &[1, 2, 3, 4, 5]),
        (" 18.1 ", &[18, 1]),
        ("0", &[0]),
        ("012.01", &[12, 1]),
    ] {
        assert_eq!(v(text).parts(), parts, "{text}");
    }
    for bad in ["", " ", "a", "17.", ".17", "1..2", "-1", "17.x", "1.2b", "99999999999", "n/a", "all"] {
        assert!(OsVersion::parse(bad).is_err(), "{bad:?} must not parse");
    }
}

#[test]
fn versions_compare_part_by_part_with_missing_parts_as_zero() {
    let ordered = ["0", "9.3.1", "9.3.2", "10", "10.9", "10.10", "10.13", "10.13.4", "10.13.4.1", "11", "12.0.1", "12.3", "100"];
    for (i, a) in ordered.iter().enumerate() {
        for (j, b) in ordered.iter().enumerate() {
            assert_eq!(v(a).cmp(&v(b)), i.cmp(&j), "{a} vs {b}");
        }
    }
    assert_eq!(v("12"), v("12.0"));
    assert_eq!(v("12"), v("12.0.0"));
    assert_eq!(v("10.13"), v("10.13.0"));
    let hash = |x: OsVersion| {
        use std::hash::{BuildHasher, RandomState};
        let s = RandomState::new();
        (s.hash_one(x), s.hash_one(v("12")))
    };
    let (a, b) = hash(v("12.0.0"));
    assert_eq!(a, b, "equal versions hash alike");
    assert_eq!(v("10.13.4").to_string(), "10.13.4");
    assert_eq!(OsVersion::new([17, 4]), v("17.4"));
    assert_eq!(OsVersion::ZERO, v("0.0"));
}

#[test]
fn platforms_parse_their_schema_names() {
    for p in Platform::ALL {
        assert_eq!(p.name().parse::<Platform>(), Ok(p));
        assert_eq!(Platform::ALL[p.index()], p);
    }
    assert_eq!("iPadOS".parse::<Platform>(), Ok(Platform::IOS));
    assert_eq!("MACOS".parse::<Platform>(), Ok(Platform::MacOS));
    assert!("android".parse::<Platform>().is_err());
}

#[test]
fn access_rights_names_map_to_bits() {
    assert_eq!(AccessRights::from_schema_name("AllowAppInstallation"), Some(AccessRights::APP_INSTALLATION));
    assert_eq!(AccessRights::from_schema_name("DeviceLockAndRemovePasscode"), Some(AccessRights::PASSCODE_REMOVAL_AND_LOCK));
    assert_eq!(AccessRights::from_schema_name("QueryInstalledApps"), Some(AccessRights::QUERY_APPLICATIONS));
    for none in ["None", "n/a", "Special Case"] {
        assert_eq!(AccessRights::from_schema_name(none), Some(AccessRights::NONE), "{none}");
    }
    assert_eq!(AccessRights::from_schema_name("AllowTimeTravel"), None);
    assert!(AccessRights::ALL.contains(AccessRights::SETTINGS | AccessRights::DEVICE_ERASE));
    assert!(!AccessRights::from_bits(16).contains(AccessRights::APP_INSTALLATION));
}

// ---------------------------------------------------------------------------------------------
// ScheduleOSUpdateScan: macOS only, supervised, device channel, refused under user enrollment

#[test]
fn schedule_os_update_scan_table() {
    let t = &system_update_scan::SCHEMA;
    assert_eq!(t.wire_id, Some("ScheduleOSUpdateScan"));
    assert_eq!(t.source, "mdm/commands/system.update.scan.yaml");
    assert_eq!(t.support.platforms().collect::<Vec<_>>(), vec![Platform::MacOS]);
    let mac = t.support(Platform::MacOS).expect("macOS entry");
    assert_eq!(mac.introduced, Some(Bound::Version(v("10.11"))));
    assert_eq!(mac.supervised, Some(true));
    assert_eq!(mac.devicechannel, Some(true));
    assert_eq!(mac.userchannel, Some(false));
    assert_eq!(mac.requiresdep, Some(false));
    assert_eq!(mac.userenrollment_mode(), Mode::Forbidden);
    for p in [Platform::IOS, Platform::TvOS, Platform::VisionOS, Platform::WatchOS] {
        let e = t.support(p).expect("every OS has an entry");
        assert_eq!(e.introduced, Some(Bound::NotApplicable), "{p}");
        assert!(!e.is_supported());
    }
    // Keys inherit the payload's support.
    let force = t.key("Force").expect("Force");
    assert_eq!(force.ty, KeyType::Boolean);
    assert_eq!(force.default, Some(Scalar::Bool(false)));
    assert_eq!(force.support(Platform::MacOS), t.support(Platform::MacOS));
    assert_eq!(t.response_key("ScanInitiated").map(|k| k.required), Some(true));
}

#[test]
fn schedule_os_update_scan_checks() {
    use AvailabilityRule::*;
    let scan = ScheduleOSUpdateScanCommand::new().with(|s| s.force = Some(true));
    let user_enrolled = ctx(Platform::MacOS, "14.0").enrollment(Enrollment::User);
    let rows: Vec<(&str, DeviceContext, Vec<AvailabilityRule>)> = vec![
        ("supervised Mac, device channel", mac("14.0"), vec![]),
        ("first macOS that has it", mac("10.11"), vec![]),
        ("macOS too old", mac("10.10.5"), vec![NotYetIntroduced]),
        ("iPhone", ios("18.1"), vec![NotOnPlatform]),
        ("Apple TV", ctx(Platform::TvOS, "18.0").supervised(true), vec![NotOnPlatform]),
        ("Vision Pro", ctx(Platform::VisionOS, "2.0").supervised(true), vec![NotOnPlatform]),
        ("Watch", ctx(Platform::WatchOS, "11.0").supervised(true), vec![NotOnPlatform]),
        ("unsupervised Mac", mac("14.0").supervised(false), vec![NeedsSupervision]),
        ("user channel", mac("14.0").channel(Channel::User), vec![WrongChannel]),
        ("user enrollment", user_enrolled, vec![NeedsSupervision, UserEnrollment]),
        ("no access rights (macOS states None)", mac("14.0").access_rights(AccessRights::NONE), vec![]),
    ];
    for (name, c, want) in rows {
        let report = check(&scan, &c);
        let got: Vec<AvailabilityRule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(got, want, "{name}: {report}");
        assert!(report.findings.iter().all(|f| f.path.is_empty()), "{name}: the key repeats nothing its command reported: {report}");
        assert_eq!(report.is_ok(), want.is_empty(), "{name}");
    }
    let report = check(&scan, &ios("18.1"));
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert_eq!(report.findings[0].message, "`ScheduleOSUpdateScan` is not available on iOS (introduced: n/a)");
}

#[test]
fn responses_are_checked_against_response_keys() {
    let response = ScheduleOSUpdateScanResponse::new(true);
    assert!(check(&response, &mac("14.0")).is_clean());
    assert_eq!(found(&check(&response, &ios("18.0"))), rules(&[("", AvailabilityRule::NotOnPlatform)]));
}

// ---------------------------------------------------------------------------------------------
// ScheduleOSUpdate: MaxUserDeferrals needs macOS 12, Priority macOS 12.3, neither on iOS

fn update(max_user_deferrals: Option<i64>, priority: Option<Priority>) -> UpdatesItem {
    UpdatesItem::new(InstallAction::InstallLater).with(|u| {
        u.product_key = Some("macOS 14.5".into());
        u.max_user_deferrals = max_user_deferrals;
        u.priority = priority;
    })
}

fn schedule(updates: Vec<UpdatesItem>) -> ScheduleOSUpdateCommand {
    ScheduleOSUpdateCommand::new(updates)
}

#[test]
fn schedule_os_update_table() {
    let t = &system_update_schedule::SCHEMA;
    let max = t.key("Updates[0].MaxUserDeferrals").expect("MaxUserDeferrals");
    assert_eq!(t.key("Updates.MaxUserDeferrals").map(|k| k.name), Some("MaxUserDeferrals"), "indexes may be left out");
    assert_eq!(max.ty, KeyType::Integer);
    assert_eq!(max.support(Platform::MacOS).and_then(OsSupport::introduced_in), Some(&v("12.0")));
    assert!(!max.support(Platform::IOS).is_some_and(OsSupport::is_supported));
    assert!(!max.support(Platform::TvOS).is_some_and(OsSupport::is_supported));
    // Inherited from the payload: supervised on macOS.
    assert_eq!(max.support(Platform::MacOS).and_then(|s| s.supervised), Some(true));
    let priority = t.key("Updates[3].Priority").expect("Priority");
    assert_eq!(priority.support(Platform::MacOS).and_then(OsSupport::introduced_in), Some(&v("12.3")));
    assert_eq!(priority.rangelist, &[Scalar::Str("Low"), Scalar::Str("High")]);
    assert_eq!(priority.default, Some(Scalar::Str("Low")));
    let item = t.key("Updates[0]").expect("the item");
    assert_eq!(item.name, "UpdatesItem");
    assert_eq!(t.key("Updates").map(|k| k.required), Some(true));
    assert!(t.key("Updates[0].NoSuchKey").is_none());
    assert!(t.key("").is_none());
    // iOS: the payload's access right.
    assert_eq!(t.support(Platform::IOS).and_then(|s| s.accessrights), Some("AllowAppInstallation"));
}

/// A check case: name, value, device, expected (path, rule) findings.
type Row<'a, T> = (&'a str, &'a T, DeviceContext, Vec<(&'a str, AvailabilityRule)>);

#[test]
fn schedule_os_update_checks() {
    use AvailabilityRule::*;
    let both = schedule(vec![update(Some(3), Some(Priority::High))]);
    let rows: Vec<Row<ScheduleOSUpdateCommand>> = vec![
        ("macOS 11.7: neither exists", &both, mac("11.7"), vec![("Updates[0].MaxUserDeferrals", NotYetIntroduced), ("Updates[0].Priority", NotYetIntroduced)]),
        ("macOS 12: deferrals only", &both, mac("12"), vec![("Updates[0].Priority", NotYetIntroduced)]),
        ("macOS 12.2.1: deferrals only", &both, mac("12.2.1"), vec![("Updates[0].Priority", NotYetIntroduced)]),
        ("macOS 12.3: both", &both, mac("12.3"), vec![]),
        ("macOS 15: both", &both, mac("15.1"), vec![]),
        ("iOS 18: neither on iOS", &both, ios("18.1"), vec![("Updates[0].MaxUserDeferrals", NotOnPlatform), ("Updates[0].Priority", NotOnPlatform)]),
        (
            "tvOS: neither on tvOS",
            &both,
            ctx(Platform::TvOS, "18.0").supervised(true),
            vec![("Updates[0].MaxUserDeferrals", NotOnPlatform), ("Updates[0].Priority", NotOnPlatform)],
        ),
    ];
    for (name, cmd, c, want) in rows {
        let report = check(cmd, &c);
        assert_eq!(found(&report), rules(&want), "{name}: {report}");
    }
    // Unset keys are not judged.
    let plain = schedule(vec![update(None, None), update(None, None)]);
    assert!(check(&plain, &mac("11.0")).is_clean());
    assert!(check(&plain, &ios("17.0")).is_clean());
    // Each item is judged by its own index.
    let mixed = schedule(vec![update(None, None), update(Some(1), None), update(None, Some(Priority::Low))]);
    assert_eq!(found(&check(&mixed, &mac("11.0"))), rules(&[("Updates[1].MaxUserDeferrals", NotYetIntroduced), ("Updates[2].Priority", NotYetIntroduced)]));
    let report = check(&both, &mac("12.0"));
    assert_eq!(report.findings[0].message, "`Updates[0].Priority` needs macOS 12.3 or later; the device runs 12.0");
    // The command itself: iOS needs the AllowAppInstallation right; macOS states None.
    assert_eq!(found(&check(&plain, &ios("17.0").access_rights(AccessRights::QUERY_DEVICE_INFORMATION))), rules(&[("", MissingAccessRight)]));
    assert!(check(&plain, &ios("17.0").access_rights(AccessRights::APP_INSTALLATION)).is_clean());
    assert!(check(&plain, &mac("14.0").access_rights(AccessRights::NONE)).is_clean());
    // Shared iPad: the device channel is fine, the user channel is not.
    let shared = ios("17.0").shared_ipad(true);
    assert!(check(&plain, &shared).is_clean());
    assert_eq!(found(&check(&plain, &shared.channel(Channel::User))), rules(&[("", WrongChannel)]));
    // The item path of the report finds the key in the table.
    for f in &check(&both, &ios("18.0")).findings {
        assert!(system_update_schedule::SCHEMA.key(&f.path).is_some(), "{}", f.path);
    }
}

#[test]
fn check_value_judges_raw_documents_like_typed_ones() {
    let both = schedule(vec![update(Some(3), Some(Priority::High))]);
    let raw = plist::to_value(&both).expect("plist");
    for c in [mac("11.0"), mac("12.1"), ios("18.0"), mac("14.0").supervised(false)] {
        assert_eq!(check_value(&system_update_schedule::SCHEMA, &raw, &c), check(&both, &c));
    }
    // A document that is not a dictionary: only the schema as a whole is judged.
    assert_eq!(
        found(&check_value(&system_update_schedule::SCHEMA, &Value::Boolean(true), &ios("18.0").supervised(false))),
        rules(&[("", AvailabilityRule::NeedsSupervision)])
    );
}

// ---------------------------------------------------------------------------------------------
// Profiles: removed keys, nested paths, deprecation, modes

#[test]
fn removed_profile_key_is_reported_from_its_version_on() {
    let t = &profiles::com_apple_security_firewall::SCHEMA;
    let logging = t.key("EnableLogging").expect("EnableLogging").support(Platform::MacOS).expect("macOS");
    assert_eq!(logging.introduced_in(), Some(&v("12.0")));
    assert_eq!(logging.deprecated_in(), Some(&v("15.0")));
    assert_eq!(logging.removed_in(), Some(&v("15.0")));
    let doc = dict(vec![("EnableFirewall", Value::Boolean(true)), ("EnableLogging", Value::Boolean(true)), ("LoggingOption", Value::String("detail".into()))]);
    for (version, want) in [
        ("11.7", Some(AvailabilityRule::NotYetIntroduced)),
        ("12.0", None),
        ("14.7.1", None),
        ("15.0", Some(AvailabilityRule::Removed)),
        ("15.0.1", Some(AvailabilityRule::Removed)),
        ("26", Some(AvailabilityRule::Removed)),
    ] {
        let report = check_value(t, &doc, &ctx(Platform::MacOS, version));
        let want: Vec<(String, AvailabilityRule)> = want.map(|r| rules(&[("EnableLogging", r), ("LoggingOption", r)])).unwrap_or_default();
        assert_eq!(found(&report), want, "macOS {version}: {report}");
    }
    // Removal wins over the deprecation of the same version: one error, no warning.
    let report = check_value(t, &doc, &ctx(Platform::MacOS, "15.0"));
    assert_eq!(report.warnings().count(), 0);
    assert_eq!(report.findings[0].message, "`EnableLogging` was removed in macOS 15.0; the device runs 15.0");
}

#[test]
fn nested_removed_key_is_reported_with_its_full_path() {
    let t = &profiles::com_apple_wifi_managed::SCHEMA;
    let key = t.key("EAPClientConfiguration.TLSAllowTrustExceptions").expect("nested key");
    assert_eq!(key.support(Platform::IOS).and_then(OsSupport::removed_in), Some(&v("8.0")));
    assert!(!key.support(Platform::VisionOS).is_some_and(OsSupport::is_supported));
    let doc = dict(vec![("SSID_STR", Value::String("Corp".into())), ("EAPClientConfiguration", dict(vec![("TLSAllowTrustExceptions", Value::Boolean(true))]))]);
    assert!(check_value(t, &doc, &ios("7.1")).is_clean());
    let path = "EAPClientConfiguration.TLSAllowTrustExceptions";
    assert_eq!(found(&check_value(t, &doc, &ios("8.0"))), rules(&[(path, AvailabilityRule::Removed)]));
    assert_eq!(found(&check_value(t, &doc, &ios("18.1"))), rules(&[(path, AvailabilityRule::Removed)]));
    assert_eq!(found(&check_value(t, &doc, &ctx(Platform::VisionOS, "2.0"))), rules(&[(path, AvailabilityRule::NotOnPlatform)]));
    // macOS has no removal.
    assert!(check_value(t, &doc, &ctx(Platform::MacOS, "15.0")).is_clean());
}

#[test]
fn deprecated_keys_and_payloads_warn() {
    let t = &profiles::com_apple_setup_assistant_managed::SCHEMA;
    let doc = dict(vec![("SkipCloudSetup", Value::Boolean(true))]);
    assert!(check_value(t, &doc, &ctx(Platform::MacOS, "14.6")).is_clean());
    let report = check_value(t, &doc, &ctx(Platform::MacOS, "15.0"));
    assert_eq!(found(&report), rules(&[("SkipCloudSetup", AvailabilityRule::Deprecated)]));
    assert!(report.is_ok(), "a deprecation is a warning");
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.findings[0].message, "`SkipCloudSetup` is deprecated since macOS 15.0; the device runs 15.0");
    assert_eq!(found(&check_value(t, &doc, &ios("17.0"))), rules(&[("SkipCloudSetup", AvailabilityRule::NotOnPlatform)]));

    // A whole payload deprecated in macOS 10.13.
    let aim = &profiles::com_apple_aim_account::SCHEMA;
    assert_eq!(aim.support(Platform::MacOS).and_then(OsSupport::deprecated_in), Some(&v("10.13")));
    let empty = dict(vec![]);
    let user_channel = |version: &str| ctx(Platform::MacOS, version).channel(Channel::User);
    assert!(check_value(aim, &empty, &user_channel("10.12")).is_clean());
    assert_eq!(found(&check_value(aim, &empty, &user_channel("10.13"))), rules(&[("", AvailabilityRule::Deprecated)]));
    assert_eq!(found(&check_value(aim, &empty, &user_channel("10.14"))), rules(&[("", AvailabilityRule::Removed)]));
    assert_eq!(found(&check_value(aim, &empty, &ctx(Platform::MacOS, "10.12"))), rules(&[("", AvailabilityRule::WrongChannel)]));
}

#[test]
fn user_enrollment_and_shared_ipad_modes() {
    use AvailabilityRule::*;
    // Ignored under user enrollment: a warning, quoting nothing when the schema has no behavior.
    let t = &profiles::com_apple_mobiledevice_passwordpolicy::SCHEMA;
    assert_eq!(t.key("maxFailedAttempts").and_then(|k| k.support(Platform::IOS)).map(OsSupport::userenrollment_mode), Some(Mode::Ignored));
    let doc = dict(vec![("maxFailedAttempts", Value::Integer(10.into())), ("minLength", Value::Integer(6.into()))]);
    let user = ctx(Platform::IOS, "17.0").enrollment(Enrollment::User);
    let report = check_value(t, &doc, &user);
    assert_eq!(found(&report), rules(&[("maxFailedAttempts", IgnoredUnderUserEnrollment), ("minLength", IgnoredUnderUserEnrollment)]));
    assert!(report.is_ok());
    assert!(check_value(t, &doc, &ctx(Platform::IOS, "17.0")).is_clean());

    // Required under user enrollment: com.apple.mdm's ManagedAppleID (iOS 13.1 to 18).
    let mdm = &profiles::com_apple_mdm::SCHEMA;
    let doc = dict(vec![("ManagedAppleID", Value::String("a@b.example".into()))]);
    assert_eq!(found(&check_value(mdm, &doc, &ctx(Platform::IOS, "16.0"))), rules(&[("ManagedAppleID", UserEnrollment)]));
    assert!(check_value(mdm, &doc, &user.clone().version(v("16.0"))).is_clean());
    assert_eq!(found(&check_value(mdm, &doc, &user.clone().version(v("17.0")))), rules(&[("ManagedAppleID", Deprecated)]));
    assert_eq!(found(&check_value(mdm, &doc, &user)), rules(&[("ManagedAppleID", Deprecated)]));
    assert_eq!(found(&check_value(mdm, &doc, &user.clone().version(v("18.0")))), rules(&[("ManagedAppleID", Removed)]));

    // Shared iPad: DeviceLock's Message is ignored there; user commands need one.
    let lock = &commands::device_lock::SCHEMA;
    let doc = dict(vec![("Message", Value::String("Lost".into()))]);
    assert_eq!(found(&check_value(lock, &doc, &ios("17.0").shared_ipad(true))), rules(&[("Message", IgnoredOnSharedIpad)]));
    assert!(check_value(lock, &doc, &ios("17.0")).is_clean());
    let logout = &commands::user_logout::SCHEMA;
    assert_eq!(found(&check_value(logout, &dict(vec![]), &ios("17.0"))), rules(&[("", SharedIpad)]));
    assert!(!check_value(logout, &dict(vec![]), &ios("17.0").shared_ipad(true)).has("", SharedIpad));
    // The shared-iPad flag only counts on iOS.
    assert!(!check_value(lock, &doc, &mac("14.0").shared_ipad(true)).has("Message", IgnoredOnSharedIpad));
}

#[test]
fn automated_enrollment_and_user_approval() {
    use AvailabilityRule::*;
    let configured = &commands::device_configured::SCHEMA;
    assert_eq!(configured.support(Platform::IOS).and_then(|s| s.requiresdep), Some(true));
    let empty = dict(vec![]);
    let manual = ios("17.0");
    assert!(check_value(configured, &empty, &manual).has("", NeedsAutomatedEnrollment));
    assert!(!check_value(configured, &empty, &manual.clone().enrollment(Enrollment::Automated)).has("", NeedsAutomatedEnrollment));

    let kext = &profiles::com_apple_syspolicy_kernel_extension_policy::SCHEMA;
    assert_eq!(kext.support(Platform::MacOS).and_then(|s| s.userapprovedmdm), Some(true));
    let mac = ctx(Platform::MacOS, "14.0");
    assert_eq!(found(&check_value(kext, &empty, &mac)), rules(&[("", NeedsUserApprovedMdm)]));
    assert!(check_value(kext, &empty, &mac.clone().user_approved_mdm(true)).is_clean());
    assert!(check_value(kext, &empty, &mac.enrollment(Enrollment::Automated)).is_clean(), "automated enrollment is user-approved");
}

// ---------------------------------------------------------------------------------------------
// DDM: allowed enrollments and scopes

#[test]
fn declaration_outside_its_enrollments_or_scopes_is_refused() {
    use AvailabilityRule::*;
    let passcode = &declarations::passcode_settings::SCHEMA;
    let mac = passcode.support(Platform::MacOS).expect("macOS");
    assert_eq!(mac.allowed_enrollments, Some(&[AllowedEnrollment::Supervised, AllowedEnrollment::Local][..]));
    assert_eq!(mac.allowed_scopes, Some(&[Scope::System, Scope::User][..]));
    let ipad = passcode.support(Platform::IOS).and_then(|s| s.sharedipad).expect("iOS sharedipad");
    assert_eq!(ipad.allowed_scopes, Some(&[][..]));

    let caldav = &declarations::account_caldav::SCHEMA;
    let empty = dict(vec![]);
    let rows: Vec<(&str, &SchemaTable, DeviceContext, Vec<AvailabilityRule>)> = vec![
        ("passcode, supervised Mac", passcode, mac_ctx("14.0").supervised(true), vec![]),
        ("passcode, unsupervised Mac", passcode, mac_ctx("14.0"), vec![EnrollmentNotAllowed]),
        ("passcode, user-enrolled Mac", passcode, mac_ctx("14.0").enrollment(Enrollment::User), vec![EnrollmentNotAllowed]),
        ("passcode, locally managed Mac", passcode, mac_ctx("14.0").enrollment(Enrollment::Local), vec![]),
        ("passcode, unsupervised iPhone", passcode, ctx(Platform::IOS, "17.0"), vec![]),
        ("passcode, user-enrolled iPhone", passcode, ctx(Platform::IOS, "17.0").enrollment(Enrollment::User), vec![]),
        ("passcode, Shared iPad: no scope allowed", passcode, ios("17.0").shared_ipad(true), vec![ScopeNotAllowed]),
        ("passcode, iOS 14", passcode, ctx(Platform::IOS, "14.8"), vec![NotYetIntroduced]),
        ("caldav, Mac device channel", caldav, mac_ctx("14.0").supervised(true), vec![ScopeNotAllowed]),
        ("caldav, Mac user channel", caldav, mac_ctx("14.0").supervised(true).channel(Channel::User), vec![]),
        ("caldav, unsupervised Mac user channel", caldav, mac_ctx("14.0").channel(Channel::User), vec![EnrollmentNotAllowed]),
        ("caldav, iPhone", caldav, ctx(Platform::IOS, "17.0"), vec![]),
        ("caldav, iPhone user channel", caldav, ctx(Platform::IOS, "17.0").channel(Channel::User), vec![ScopeNotAllowed]),
        ("caldav, Shared iPad user channel", caldav, ios("17.0").shared_ipad(true).channel(Channel::User), vec![]),
        ("caldav, Shared iPad device channel", caldav, ios("17.0").shared_ipad(true), vec![ScopeNotAllowed]),
        ("watch enrollment, unsupervised iPhone", &declarations::watch_enrollment::SCHEMA, ctx(Platform::IOS, "17.0"), vec![EnrollmentNotAllowed]),
        ("watch enrollment, supervised iPhone", &declarations::watch_enrollment::SCHEMA, ios("17.0"), vec![]),
    ];
    for (name, table, c, want) in rows {
        let report = check_value(table, &empty, &c);
        let got: Vec<AvailabilityRule> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(got, want, "{name}: {report}");
    }
    let report = check_value(passcode, &empty, &mac_ctx("14.0"));
    assert_eq!(report.findings[0].message, "`com.apple.configuration.passcode.settings` is not allowed for device enrollments (allowed: supervised, local)");
}

#[test]
fn json_declarations_are_checked_like_plists() {
    let t = &declarations::softwareupdate_settings::SCHEMA;
    let json: serde_json::Value = serde_json::json!({ "Notifications": true, "Deferrals": { "CombinedPeriodInDays": 30 } });
    let plist = plist::to_value(&json).expect("plist");
    for c in [ios("18.0"), ios("17.0"), ctx(Platform::IOS, "18.0"), mac_ctx("15.0").supervised(true), mac_ctx("15.0").channel(Channel::User).supervised(true)] {
        assert_eq!(check_json(t, &json, &c), check_value(t, &plist, &c), "{c:?}");
    }
    assert!(check_json(t, &json, &ios("18.0")).is_ok());
    assert!(check_json(t, &json, &ios("17.0")).has("", AvailabilityRule::NotYetIntroduced));
    // `null` has no plist form: a key set to null is not set.
    let null_key = serde_json::json!({ "Notifications": null, "Deferrals": { "CombinedPeriodInDays": null } });
    let empty = serde_json::json!({ "Deferrals": {} });
    for c in [ios("17.0"), mac_ctx("14.0")] {
        assert_eq!(check_json(t, &null_key, &c), check_json(t, &empty, &c));
    }
    // A document that is not an object: only the schema as a whole is judged.
    assert_eq!(found(&check_json(t, &serde_json::Value::Null, &ios("17.0"))), rules(&[("", AvailabilityRule::NotYetIntroduced)]));
}

fn mac_ctx(version: &str) -> DeviceContext {
    ctx(Platform::MacOS, version)
}

// ---------------------------------------------------------------------------------------------
// Odd values in the real data

#[test]
fn introduced_all_means_every_version() {
    let t = &profiles::loginwindow::SCHEMA;
    let key = t.key("DisableLoginItemsSuppression").expect("key").support(Platform::MacOS).expect("macOS");
    assert_eq!(key.introduced, Some(Bound::All));
    assert_eq!(key.introduced_in(), Some(&OsVersion::ZERO));
    assert!(key.is_available(&v("0")));
    assert!(key.is_available(&v("10.0")));
    let payload_from = t.support(Platform::MacOS).and_then(OsSupport::introduced_in).expect("payload version").clone();
    let doc = dict(vec![("DisableLoginItemsSuppression", Value::Boolean(true))]);
    assert!(check_value(t, &doc, &ctx(Platform::MacOS, &payload_from.to_string())).is_clean());
}

#[test]
fn removed_zero_means_removed_on_every_version() {
    let t = &other::manifesturl::SCHEMA;
    let key = t.key("items[0].metadata.sizeInBytes").expect("key");
    for p in [Platform::IOS, Platform::MacOS, Platform::TvOS, Platform::VisionOS] {
        let s = key.support(p).expect("entry");
        assert_eq!(s.removed, Some(Bound::Zero), "{p}");
        assert_eq!(s.removed_in(), Some(&OsVersion::ZERO));
        assert!(!s.is_available(&v("18.0")));
    }
    let doc = dict(vec![(
        "items",
        Value::Array(vec![dict(vec![(
            "metadata",
            dict(vec![("kind", Value::String("software".into())), ("title", Value::String("App".into())), ("sizeInBytes", Value::Integer(1.into()))]),
        )])]),
    )]);
    assert_eq!(found(&check_value(t, &doc, &ctx(Platform::IOS, "7.0"))), rules(&[("items[0].metadata.sizeInBytes", AvailabilityRule::Removed)]));
    assert_eq!(found(&check_value(t, &doc, &ctx(Platform::MacOS, "15.0"))), rules(&[("items[0].metadata.sizeInBytes", AvailabilityRule::Removed)]));
}

#[test]
fn a_schema_without_supported_os_reports_nothing() {
    let t = &profiles::com_apple_security_wapi_identity::SCHEMA;
    assert!(t.support.is_empty());
    for p in Platform::ALL {
        assert!(check_value(t, &dict(vec![]), &ctx(p, "1.0")).is_clean(), "{p}");
        assert!(t.support.is_available(p, &v("1.0")));
    }
}

// ---------------------------------------------------------------------------------------------
// Synthetic tables: the documented meaning of each field when odd or missing

static MAC_ONLY: OsSupport = OsSupport { introduced: Some(Bound::Version(OsVersion::from_static(&[13]))), ..OsSupport::EMPTY };
static NOTHING_STATED: OsSupport = OsSupport::EMPTY;
static ALL_FLAGS_FALSE: OsSupport = OsSupport {
    supervised: Some(false),
    requiresdep: Some(false),
    userapprovedmdm: Some(false),
    devicechannel: Some(true),
    userchannel: Some(true),
    allowmanualinstall: Some(true),
    ..OsSupport::EMPTY
};
static ODD: OsSupport = OsSupport {
    introduced: Some(Bound::Zero),
    deprecated: Some(Bound::NotApplicable),
    removed: Some(Bound::NotApplicable),
    accessrights: Some("Special Case"),
    ..OsSupport::EMPTY
};
static REMOVED_ALL: OsSupport = OsSupport { removed: Some(Bound::All), ..OsSupport::EMPTY };
static NO_MANUAL: OsSupport = OsSupport { allowmanualinstall: Some(false), accessrights: Some("AllowSomethingNew"), ..OsSupport::EMPTY };
static SUPPORT_MAC_ONLY: Support = Support([None, Some(&MAC_ONLY), None, None, None]);
static SUPPORT_NOTHING: Support = Support([Some(&NOTHING_STATED); 5]);
static SUPPORT_FALSE: Support = Support([Some(&ALL_FLAGS_FALSE); 5]);
static SUPPORT_ODD: Support = Support([Some(&ODD); 5]);
static SUPPORT_REMOVED_ALL: Support = Support([Some(&REMOVED_ALL); 5]);
static SUPPORT_NO_MANUAL: Support = Support([Some(&NO_MANUAL); 5]);

fn synthetic(support: &'static Support) -> SchemaTable {
    SchemaTable { source: "test.yaml", wire_id: Some("Test"), support, keys: &[], response_keys: None }
}

#[test]
fn missing_os_entry_means_not_on_that_platform() {
    let t = synthetic(&SUPPORT_MAC_ONLY);
    let empty = dict(vec![]);
    assert!(check_value(&t, &empty, &ctx(Platform::MacOS, "13.0")).is_clean());
    let report = check_value(&t, &empty, &ctx(Platform::IOS, "17.0"));
    assert_eq!(found(&report), rules(&[("", AvailabilityRule::NotOnPlatform)]));
    assert_eq!(report.findings[0].message, "`Test` is not available on iOS (the schema has no iOS entry)");
    assert!(!SUPPORT_MAC_ONLY.is_available(Platform::IOS, &v("17.0")));
}

#[test]
fn missing_fields_mean_no_constraint() {
    // No introduced: every version; no supervised/requiresdep/userapprovedmdm: not required;
    // no channels: both accepted; no modes: allowed; no scopes or enrollments: all.
    let most_restricted = ctx(Platform::IOS, "0.1").enrollment(Enrollment::User).channel(Channel::User).shared_ipad(true).access_rights(AccessRights::NONE);
    for table in [synthetic(&SUPPORT_NOTHING), synthetic(&SUPPORT_FALSE)] {
        for c in [most_restricted.clone(), ctx(Platform::WatchOS, "1.0"), ctx(Platform::MacOS, "26.0").enrollment(Enrollment::Local)] {
            assert!(check_value(&table, &dict(vec![]), &c).is_clean(), "{c:?}");
        }
    }
    assert_eq!(NOTHING_STATED.introduced_in(), Some(&OsVersion::ZERO));
    assert_eq!(NOTHING_STATED.removed_in(), None);
    assert_eq!(NOTHING_STATED.deprecated_in(), None);
    assert_eq!(NOTHING_STATED.userenrollment_mode(), Mode::Allowed);
    assert_eq!(NOTHING_STATED.sharedipad_mode(), Mode::Allowed);
}

#[test]
fn odd_bounds_and_names() {
    // introduced '0' = every version; deprecated/removed n/a = never; Special Case = no right.
    let t = synthetic(&SUPPORT_ODD);
    assert!(check_value(&t, &dict(vec![]), &ctx(Platform::TvOS, "0").access_rights(AccessRights::NONE)).is_clean());
    assert!(ODD.is_available(&v("0")) && !ODD.is_deprecated(&v("99")));
    assert_eq!(Bound::NotApplicable.version(), None);
    assert_eq!(Bound::All.version(), Some(&OsVersion::ZERO));
    assert_eq!(Bound::Zero.version(), Some(&OsVersion::ZERO));
    // removed all = removed everywhere.
    let t = synthetic(&SUPPORT_REMOVED_ALL);
    assert_eq!(found(&check_value(&t, &dict(vec![]), &ctx(Platform::IOS, "1.0"))), rules(&[("", AvailabilityRule::Removed)]));
    // An access right this crate does not know is not checked; allowmanualinstall false refuses
    // local (manual) installation only.
    let t = synthetic(&SUPPORT_NO_MANUAL);
    assert!(check_value(&t, &dict(vec![]), &ctx(Platform::MacOS, "14.0").access_rights(AccessRights::NONE)).is_clean());
    assert_eq!(
        found(&check_value(&t, &dict(vec![]), &ctx(Platform::MacOS, "14.0").enrollment(Enrollment::Local))),
        rules(&[("", AvailabilityRule::NoManualInstall)])
    );
}

// ---------------------------------------------------------------------------------------------
// Structure: free-form keys, unions, recursion

#[test]
fn free_form_keys_are_reported_by_their_name() {
    // The table's ANY nodes are found by any name.
    let mut any_found = 0;
    for t in [
        &profiles::com_apple_system_extension_policy::SCHEMA,
        &profiles::com_apple_syspolicy_kernel_extension_policy::SCHEMA,
        &profiles::com_apple_dock::SCHEMA,
    ] {
        for (path, node) in t.paths() {
            if node.any {
                any_found += 1;
                let concrete = path.replace(node.name, "SomeName");
                assert!(t.key(&concrete).is_some_and(|k| k.any), "{path} → {concrete}");
            }
        }
    }
    assert!(any_found > 0, "the extension policies map team identifiers to lists");
    // A free-form key is judged and reported by its own name.
    let t = &profiles::com_apple_system_extension_policy::SCHEMA;
    let (map_path, any) = t.paths().into_iter().find(|(_, n)| n.any).expect("an ANY key");
    let map = map_path.rsplit_once('.').map_or(map_path.as_str(), |(m, _)| m).to_string();
    assert!(!map.contains('.') && !map.contains('['), "a top-level map: {map}");
    let value = match any.ty {
        KeyType::Array => Value::Array(vec![Value::String("com.example.ext".into())]),
        _ => Value::String("x".into()),
    };
    let doc = dict(vec![(map.as_str(), dict(vec![("TEAMID1234", value)]))]);
    let report = check_value(t, &doc, &ctx(Platform::IOS, "17.0"));
    assert_eq!(found(&report), rules(&[("", AvailabilityRule::NotOnPlatform)]), "the key repeats nothing: {report}");
    assert!(check_value(t, &doc, &ctx(Platform::MacOS, "15.0").user_approved_mdm(true)).is_clean());
}

#[test]
fn recursive_schema_links_back_without_expanding() {
    let t = &profiles::com_apple_homescreenlayout::SCHEMA;
    let recursive: Vec<String> = t.paths().into_iter().filter(|(_, n)| n.is_recursive()).map(|(p, _)| p).collect();
    assert!(!recursive.is_empty(), "the home screen layout is recursive");
    // A folder inside a folder's page resolves through the link, at any depth.
    for deep in ["Dock[0].Pages[0][0].Type", "Dock[0].Pages[0][0].Pages[1][2].DisplayName", "Pages[0][0].Pages[0][0].Pages[0][0].BundleID"] {
        assert!(t.key(deep).is_some(), "{deep}");
    }
    // Checking a nested document terminates and reports by path.
    let icon = |inner: Vec<Value>| {
        dict(vec![("Type", Value::String("Folder".into())), ("DisplayName", Value::String("F".into())), ("Pages", Value::Array(vec![Value::Array(inner)]))])
    };
    let doc = dict(vec![("Dock", Value::Array(vec![])), ("Pages", Value::Array(vec![Value::Array(vec![icon(vec![icon(vec![])])])]))]);
    let report = check_value(t, &doc, &ctx(Platform::MacOS, "14.0"));
    assert_eq!(found(&report), rules(&[("", AvailabilityRule::NotOnPlatform)]));
    assert!(check_value(t, &doc, &ios("17.0")).is_ok());
}

#[test]
fn union_items_use_the_alternative_their_tag_selects() {
    let t = &commands::settings::SCHEMA;
    let settings = t.key("Settings").expect("Settings");
    let tag = settings.union_tag.expect("a tagged array");
    assert_eq!(tag, "Item");
    let alt = settings.alternative("SharedDeviceConfiguration").expect("alternative");
    assert!(alt.child("Item").is_some());
    let doc = dict(vec![(
        "Settings",
        Value::Array(vec![
            dict(vec![("Item", Value::String("SharedDeviceConfiguration".into())), ("LockScreenFootnote", Value::String("x".into()))]),
            dict(vec![("Item", Value::String("NoSuchSetting".into()))]),
        ]),
    )]);
    let report = check_value(t, &doc, &ios("17.0"));
    assert!(report.has("Settings[0]", AvailabilityRule::SharedIpad), "{report}");
    assert!(report.findings.iter().all(|f| !f.path.starts_with("Settings[1]")), "unknown alternatives are not judged: {report}");
}

#[test]
fn every_table_is_consistent_with_its_paths() {
    for t in [
        &system_update_schedule::SCHEMA,
        &profiles::com_apple_applicationaccess::SCHEMA,
        &profiles::com_apple_wifi_managed::SCHEMA,
        &profiles::com_apple_homescreenlayout::SCHEMA,
        &declarations::passcode_settings::SCHEMA,
        &commands::information_device::SCHEMA,
    ] {
        let paths = t.paths();
        assert!(!paths.is_empty(), "{}", t.source);
        for (path, node) in paths {
            if node.any || path.contains("ANY") {
                continue;
            }
            let found = t.key(&path).unwrap_or_else(|| panic!("{}: {path}", t.source));
            assert_eq!(found.name, node.name, "{}: {path}", t.source);
        }
    }
}
