//! The loader on Apple's real schema trees (release-17.0, release-18.0, release-18.1, found through
//! `DM_SCHEMAS_ROOT`): every file loads with zero errors, the number of files per category is
//! exactly what each release ships, the root-schema check reports exactly the known deviations
//! (`asset-content-types`, `devpubs-override`) and the lint its one known fault (profiles that
//! share a `PayloadType`) as warnings, and `supportedOS` inheritance gives
//! the right answer on a real command.

use crate::common;

use std::path::Path;

use common::{key, payload_keys, real_file, release, release_dir, RELEASES};
use generator::model::{Category, Mode, Os, Version, VersionSpec};
use generator::Warning;

/// Files per category, in [`Category::ALL`] order: commands, checkin, errors, profiles,
/// declarations, status, protocol, other. Measured with the loader and cross-checked with
/// `find <tree>/<folder> -name '*.yaml' | wc -l`.
const COUNTS: [(&str, [usize; 8]); 3] =
    [("release-17.0", [66, 8, 2, 128, 37, 41, 3, 5]), ("release-18.0", [66, 8, 4, 128, 43, 45, 3, 5]), ("release-18.1", [66, 8, 4, 128, 43, 45, 3, 5])];

/// Loaded directly (not through the cache) so a failure shows every error of the tree.
#[test]
fn all_releases_load_with_zero_errors() {
    for rel in RELEASES {
        match generator::load_tree(&release_dir(rel)) {
            Ok(tree) => assert!(!tree.files.is_empty(), "{rel}: no files"),
            Err(e) => panic!("{rel}: {e}"),
        }
    }
}

fn counts(rel: &str) -> [usize; 8] {
    let tree = release(rel);
    Category::ALL.map(|c| tree.by_category(c).count())
}

#[test]
fn release_17_0_counts_per_category() {
    assert_eq!(counts("release-17.0"), COUNTS[0].1);
    assert_eq!(release("release-17.0").files.len(), 290);
}

#[test]
fn release_18_0_counts_per_category() {
    assert_eq!(counts("release-18.0"), COUNTS[1].1);
    assert_eq!(release("release-18.0").files.len(), 302);
}

#[test]
fn release_18_1_counts_per_category() {
    assert_eq!(counts("release-18.1"), COUNTS[2].1);
    assert_eq!(release("release-18.1").files.len(), 302);
}

/// Every `*.yaml` below `dir`, counted on disk.
fn yaml_on_disk(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            n += yaml_on_disk(&path);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            n += 1;
        }
    }
    n
}

/// The loader neither skips nor invents files: its counts match the files on disk, folder by
/// folder, and only `docs/schema.yaml` (the root schema) is not a schema file.
#[test]
fn counts_match_the_files_on_disk() {
    let folders =
        ["mdm/commands", "mdm/checkin", "mdm/errors", "mdm/profiles", "declarative/declarations", "declarative/status", "declarative/protocol", "other"];
    for (rel, expected) in COUNTS {
        let dir = release_dir(rel);
        let on_disk = folders.map(|f| yaml_on_disk(&dir.join(f)));
        assert_eq!(on_disk, expected, "{rel}: files on disk per folder");
        assert_eq!(counts(rel), on_disk, "{rel}: loaded files per category");
        assert_eq!(yaml_on_disk(&dir), release(rel).files.len() + 1, "{rel}: every YAML file but docs/schema.yaml is a schema file");
    }
}

#[test]
fn every_file_has_a_title_and_a_unique_path() {
    for rel in RELEASES {
        let tree = release(rel);
        let mut paths: Vec<&str> = tree.files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.windows(2).all(|w| w[0] < w[1]), "{rel}: files are sorted by path and unique");
        paths.dedup();
        assert_eq!(paths.len(), tree.files.len());
        for f in &tree.files {
            assert!(!f.title.is_empty(), "{rel}/{}: empty title", f.path);
            assert_eq!(Category::from_path(&f.path), Some(f.category), "{rel}/{}", f.path);
        }
    }
}

const ASSET_CONTENT_TYPES: &str = "Additional properties are not allowed ('asset-content-types' was unexpected)";

/// The `asset-content-types` findings of release-18.0 and 18.1: seven files, eight keys.
fn asset_content_types_warnings() -> Vec<Warning> {
    [
        ("declarative/declarations/assets/credential.acme.yaml", "payloadkeys.Reference"),
        ("declarative/declarations/assets/credential.certificate.yaml", "payloadkeys.Reference"),
        ("declarative/declarations/assets/credential.identity.yaml", "payloadkeys.Reference"),
        ("declarative/declarations/assets/credential.scep.yaml", "payloadkeys.Reference"),
        ("declarative/declarations/assets/credential.userpassword.yaml", "payloadkeys.Reference"),
        ("declarative/declarations/configurations/services.background-tasks.yaml", "payloadkeys.ExecutableAssetReference"),
        ("declarative/declarations/configurations/services.background-tasks.yaml", "payloadkeys.LaunchdConfigurations.launchd-item.FileAssetReference"),
        ("declarative/declarations/configurations/services.configuration-files.yaml", "payloadkeys.DataAssetReference"),
    ]
    .into_iter()
    .map(|(file, path)| Warning { file: file.into(), path: path.into(), message: ASSET_CONTENT_TYPES.into(), kind: "asset-content-types".into() })
    .collect()
}

/// The lint's warnings on every release: profile files that share a `PayloadType`. Apple splits
/// `com.apple.MCX` over six files (none named after it, so `AnyPayload` keeps it raw) and
/// `com.apple.extensiblesso` over two (the dispatch takes `com.apple.extensiblesso.yaml`). In
/// another category the same fault is an error (see `tests/lint.rs`).
fn shared_payload_type_warnings() -> Vec<Warning> {
    let mcx = ["EnergySaver", "FileVault2", "Mobililty", "TimeServer", "WiFi"]
        .map(|part| (format!("mdm/profiles/com.apple.MCX({part}).yaml"), "com.apple.MCX", "mdm/profiles/com.apple.MCX(Accounts).yaml"));
    let sso = [("mdm/profiles/com.apple.extensiblesso.yaml".to_string(), "com.apple.extensiblesso", "mdm/profiles/com.apple.extensiblesso(kerberos).yaml")];
    mcx.into_iter()
        .chain(sso)
        .map(|(file, id, other)| Warning {
            file,
            path: "payload.payloadtype".into(),
            message: format!("wire identifier `{id}` is also the one of {other}"),
            kind: "duplicate-wire-id".into(),
        })
        .collect()
}

/// The warnings of a release, sorted as the loader sorts them.
fn sorted(mut warnings: Vec<Warning>) -> Vec<Warning> {
    warnings.sort();
    warnings
}

#[test]
fn release_18_1_warnings_are_exactly_asset_content_types_and_shared_payload_types() {
    let tree = release("release-18.1");
    assert_eq!(tree.warnings, sorted([asset_content_types_warnings(), shared_payload_type_warnings()].concat()));
    let files: std::collections::BTreeSet<&str> = tree.warnings.iter().filter(|w| w.kind == "asset-content-types").map(|w| w.file.as_str()).collect();
    assert_eq!(files.len(), 7, "seven DDM files use asset-content-types");
    // The attribute is not lost: the model keeps it on the key.
    let f = real_file("release-18.1", "declarative/declarations/assets/credential.acme.yaml");
    assert!(!key(payload_keys(f), &["Reference"]).asset_content_types.is_empty());
}

#[test]
fn release_18_0_warnings_are_exactly_asset_content_types_and_shared_payload_types() {
    assert_eq!(release("release-18.0").warnings, sorted([asset_content_types_warnings(), shared_payload_type_warnings()].concat()));
}

#[test]
fn release_17_0_warnings_are_devpubs_override_in_settings_and_shared_payload_types() {
    let tree = release("release-17.0");
    let expected = vec![Warning {
        file: "mdm/commands/settings.yaml".into(),
        path: "payloadkeys.Settings.SharedDeviceConfiguration.PasscodePolicy.PasscodeLockGracePeriod".into(),
        message: "Additional properties are not allowed ('devpubs-override' was unexpected)".into(),
        kind: "devpubs-override".into(),
    }];
    assert_eq!(tree.warnings, sorted([expected.clone(), shared_payload_type_warnings()].concat()));
    assert_eq!(
        expected[0].to_string(),
        "mdm/commands/settings.yaml: at `payloadkeys.Settings.SharedDeviceConfiguration.PasscodePolicy.PasscodeLockGracePeriod`: \
         warning: Additional properties are not allowed ('devpubs-override' was unexpected)"
    );
    // Unknown attributes are kept verbatim, not dropped.
    let settings = real_file("release-17.0", "mdm/commands/settings.yaml");
    let k = key(payload_keys(settings), &["Settings", "SharedDeviceConfiguration", "PasscodePolicy", "PasscodeLockGracePeriod"]);
    assert!(k.extra.contains_key("devpubs-override"), "extra: {:?}", k.extra);
}

fn v(text: &str) -> Option<VersionSpec> {
    Some(VersionSpec::parse(text).expect("valid version"))
}

/// `Updates → UpdatesItem → MaxUserDeferrals` restates only `introduced` per OS; everything else
/// comes from the payload's entry for that OS.
#[test]
fn inheritance_on_schedule_os_update_max_user_deferrals() {
    let f = real_file("release-18.1", "mdm/commands/system.update.schedule.yaml");
    let k = key(payload_keys(f), &["Updates", "UpdatesItem", "MaxUserDeferrals"]);

    let mac = k.resolved_os.get(Os::MacOS).expect("macOS resolved");
    assert_eq!(mac.introduced, v("12.0"));
    assert_eq!(mac.introduced.as_ref().and_then(VersionSpec::as_introduced), Some(Version(vec![12, 0])));
    assert_eq!(mac.supervised, Some(true), "supervised comes from the payload's macOS entry");
    assert_eq!(mac.accessrights.as_deref(), Some("None"));
    assert_eq!(mac.devicechannel, Some(true));
    assert_eq!(mac.userchannel, Some(false));
    // As written, the key says nothing about supervision.
    assert_eq!(k.supported_os.get(Os::MacOS).expect("macOS written").supervised, None);

    let ios = k.resolved_os.get(Os::IOS).expect("iOS resolved");
    assert_eq!(ios.introduced, Some(VersionSpec::NotApplicable));
    assert_eq!(ios.introduced.as_ref().and_then(VersionSpec::as_introduced), None, "n/a: never available on iOS");
    assert_eq!(k.resolved_os.get(Os::TvOS).and_then(|s| s.introduced.clone()), Some(VersionSpec::NotApplicable));
    // The OSes the key does not mention come whole from the payload.
    assert_eq!(k.resolved_os.get(Os::VisionOS), f.payload.supported_os.get(Os::VisionOS));
    assert_eq!(k.resolved_os.get(Os::WatchOS), f.payload.supported_os.get(Os::WatchOS));
}

/// `ProductVersion` restates iOS `introduced: '11.3'`; `accessrights` and the rest of the iOS
/// entry come from the payload.
#[test]
fn inheritance_on_schedule_os_update_product_version() {
    let f = real_file("release-18.1", "mdm/commands/system.update.schedule.yaml");
    let k = key(payload_keys(f), &["Updates", "UpdatesItem", "ProductVersion"]);
    let ios = k.resolved_os.get(Os::IOS).expect("iOS resolved");
    assert_eq!(ios.introduced, v("11.3"));
    assert_eq!(ios.accessrights.as_deref(), Some("AllowAppInstallation"));
    assert_eq!(ios.supervised, Some(true));
    assert_eq!(ios.requiresdep, Some(false));
    let shared = ios.sharedipad.as_ref().expect("sharedipad inherited");
    assert_eq!((shared.mode, shared.devicechannel, shared.userchannel), (Some(Mode::Allowed), Some(true), Some(false)));
    assert_eq!(ios.userenrollment.as_ref().and_then(|u| u.mode), Some(Mode::Forbidden));
    assert_eq!(k.supported_os.get(Os::IOS).expect("iOS written").accessrights, None, "not restated on the key");
    assert_eq!(k.resolved_os.get(Os::MacOS).and_then(|s| s.introduced.clone()), v("12.0"));
    assert_eq!(k.resolved_os.get(Os::TvOS).and_then(|s| s.introduced.clone()), v("12.2"));
    assert_eq!(k.resolved_os.get(Os::TvOS).and_then(|s| s.accessrights.clone()).as_deref(), Some("AllowAppInstallation"));

    // A key that restates nothing resolves to exactly the payload's rules.
    let product_key = key(payload_keys(f), &["Updates", "UpdatesItem", "ProductKey"]);
    assert!(product_key.supported_os.is_empty());
    assert_eq!(product_key.resolved_os, f.payload.supported_os);
}
