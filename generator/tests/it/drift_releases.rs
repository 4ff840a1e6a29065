//! The drift engine on Apple's real releases, release-17.0 → release-18.0 → release-18.1 (found
//! through `DM_SCHEMAS_ROOT`, else `../shared/device-management` next to the workspace): the
//! report's counts are asserted, and its added keys and schemas are checked against the trees
//! themselves, by an independent walk of both models.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use generator::drift::{self, ApiChangeKind, AvailabilityField, ChangeKind, DriftReport, Level};
use generator::model::{Key, Os, SchemaFile, Subkeys, VersionSpec};
use generator::SchemaTree;

const RELEASES: [&str; 3] = ["release-17.0", "release-18.0", "release-18.1"];

fn release_dir(release: &str) -> PathBuf {
    let root = generator::source::env_dir(generator::source::SCHEMAS_ROOT_ENV, std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management").into());
    let dir = root.join(release);
    assert!(dir.is_dir(), "Apple's schema tree {} is missing: set DM_SCHEMAS_ROOT to the folder that holds {}", dir.display(), RELEASES.join(", "));
    dir
}

fn tree(release: &str) -> &'static SchemaTree {
    static TREES: [OnceLock<SchemaTree>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = RELEASES.iter().position(|r| *r == release).unwrap_or_else(|| panic!("unknown release {release}"));
    TREES[i].get_or_init(|| generator::load_tree(&release_dir(release)).unwrap_or_else(|e| panic!("{release}: {e}")))
}

/// 17.0 → 18.0 and 18.0 → 18.1, computed once each.
fn report(old: &str, new: &str) -> &'static DriftReport {
    static REPORTS: [OnceLock<DriftReport>; 2] = [OnceLock::new(), OnceLock::new()];
    let i = match (old, new) {
        ("release-17.0", "release-18.0") => 0,
        ("release-18.0", "release-18.1") => 1,
        _ => panic!("no cached report for {old} → {new}"),
    };
    REPORTS[i].get_or_init(|| drift::diff_trees(tree(old), tree(new)))
}

fn by_kind(r: &DriftReport) -> Vec<(&'static str, usize)> {
    r.counts().by_kind.into_iter().collect()
}

#[test]
fn release_17_0_to_18_0_counts() {
    let r = report("release-17.0", "release-18.0");
    assert_eq!((r.old_files, r.new_files, r.paired), (290, 302, 290));
    assert_eq!(
        by_kind(r),
        [
            ("availability", 534),
            ("combinetype", 13),
            ("key-added", 69),
            ("key-removed", 3),
            ("presence", 4),
            ("rangelist-value-added", 7),
            ("rangelist-value-removed", 1),
            ("schema-added", 12),
            ("type", 5),
        ]
    );
    let c = r.counts();
    assert_eq!((c.total, c.breaking, c.additive, c.no_api_impact, c.schemas_changed), (648, 13, 87, 548, 173));
    assert!(r.api_errors.is_empty(), "{:?}", r.api_errors);

    let api = &r.api;
    let api_counts: Vec<usize> = [
        ApiChangeKind::ModuleAdded,
        ApiChangeKind::ModuleRemoved,
        ApiChangeKind::TypeAdded,
        ApiChangeKind::TypeRemoved,
        ApiChangeKind::FieldAdded,
        ApiChangeKind::FieldRemoved,
        ApiChangeKind::FieldChanged,
        ApiChangeKind::VariantAdded,
        ApiChangeKind::VariantRemoved,
    ]
    .iter()
    .map(|k| api.count(*k))
    .collect();
    assert_eq!(api_counts, [12, 0, 8, 3, 67, 1, 8, 7, 1]);
    assert_eq!(api.changes.len(), 107);
    assert_eq!(r.level(), Level::Breaking);
}

#[test]
fn release_18_0_to_18_1_counts() {
    let r = report("release-18.0", "release-18.1");
    assert_eq!((r.old_files, r.new_files, r.paired), (302, 302, 302));
    assert_eq!(by_kind(r), [("availability", 3), ("key-added", 14), ("presence", 2)]);
    let c = r.counts();
    // The two presence changes (Authenticate's `UDID` and `EnrollmentID`) do not touch the API:
    // both keys exist only with or without User Enrollment, so both were `Option` fields already.
    assert_eq!((c.total, c.breaking, c.additive, c.no_api_impact, c.schemas_changed), (19, 0, 14, 5, 6));
    assert_eq!((r.api.count(ApiChangeKind::FieldAdded), r.api.count(ApiChangeKind::FieldChanged), r.api.changes.len()), (14, 0, 14));
}

#[test]
fn release_18_1_to_18_0_mirrors_it() {
    let r = drift::diff_trees(tree("release-18.1"), tree("release-18.0"));
    assert_eq!(by_kind(&r), [("availability", 3), ("key-removed", 14), ("presence", 2)]);
    assert_eq!(r.counts().breaking, 14, "every removed field breaks; the presence changes leave `Option` fields `Option`");
    let forward = report("release-18.0", "release-18.1");
    let paths = |r: &DriftReport, kind: &str| r.of_kind(kind).iter().map(|c| (c.file.clone(), c.path.clone())).collect::<BTreeSet<_>>();
    assert_eq!(paths(&r, "key-removed"), paths(forward, "key-added"));
}

#[test]
fn each_release_against_itself_has_no_drift() {
    for rel in RELEASES {
        let r = drift::diff_trees(tree(rel), tree(rel));
        assert!(r.is_empty(), "{rel}: {:#?}", r.changes.iter().take(5).collect::<Vec<_>>());
    }
}

// ---------------------------------------------------------------------------------------------
// Spot checks against the trees

/// Every key path of a file (names joined by `.`), with the key; recursive references are not
/// followed (the model never expands them).
fn key_paths(f: &SchemaFile) -> Vec<(String, &Key)> {
    fn walk<'k>(prefix: &str, keys: &'k [Key], out: &mut Vec<(String, &'k Key)>) {
        for k in keys {
            let p = format!("{prefix}.{}", k.name);
            if let Subkeys::List(l) = &k.subkeys {
                walk(&p, &l.keys, out);
            }
            out.push((p, k));
        }
    }
    let mut out = Vec::new();
    for (root, list) in [("payloadkeys", &f.payload_keys), ("responsekeys", &f.response_keys)] {
        if let Some(l) = list {
            walk(root, &l.keys, &mut out);
        }
    }
    out
}

fn has_prefix_in(path: &str, set: &BTreeSet<String>) -> bool {
    set.iter().any(|p| path.len() > p.len() && path.starts_with(p.as_str()) && path.as_bytes()[p.len()] == b'.')
}

/// Keys only in the newer tree are exactly the report's added keys (topmost ones; keys beneath a
/// key whose type or subkey shape changed are that change's), each with its path and its OS
/// availability as the newer model resolves it. The same for removed keys, the other way round.
fn check_keys_against_trees(old: &str, new: &str) {
    let r = report(old, new);
    let (ot, nt) = (tree(old), tree(new));
    let reshaped: BTreeSet<String> =
        r.changes.iter().filter(|c| matches!(c.kind, ChangeKind::Type | ChangeKind::Subkeys)).map(|c| format!("{}#{}", c.file, c.path)).collect();
    assert!(r.of_kind("item-renamed").is_empty() && r.of_kind("schema-renamed").is_empty(), "the releases rename nothing");
    for (side_only, other, kind) in [(nt, ot, "key-added"), (ot, nt, "key-removed")] {
        let mut expected = BTreeSet::new();
        let mut availability = Vec::new();
        for f in &side_only.files {
            let Some(g) = other.file(&f.path) else { continue };
            let theirs: BTreeSet<String> = key_paths(g).into_iter().map(|(p, _)| p).collect();
            let only: Vec<(String, &Key)> = key_paths(f).into_iter().filter(|(p, _)| !theirs.contains(p)).collect();
            let only_set: BTreeSet<String> = only.iter().map(|(p, _)| p.clone()).collect();
            for (p, k) in only {
                let topmost = !has_prefix_in(&p, &only_set);
                let under_reshaped = reshaped.iter().any(|x| {
                    let (xf, xp) = x.split_once('#').unwrap_or_default();
                    xf == f.path && p.starts_with(xp) && p.as_bytes().get(xp.len()) == Some(&b'.')
                });
                if topmost && !under_reshaped {
                    expected.insert((f.path.clone(), p.clone()));
                    availability.push((f.path.clone(), p, drift::availability_summary(&k.resolved_os)));
                }
            }
        }
        let reported: BTreeSet<(String, String)> = r.of_kind(kind).iter().map(|c| (c.file.clone(), c.path.clone())).collect();
        assert_eq!(reported, expected, "{old} → {new}: {kind}");
        for (file, path, avail) in availability {
            let c = r.of_kind(kind).into_iter().find(|c| c.file == file && c.path == path).unwrap_or_else(|| panic!("{file} {path}"));
            assert_eq!(c.availability.as_deref(), Some(avail.as_str()), "{file} {path}");
        }
    }
}

#[test]
fn release_17_0_to_18_0_keys_match_the_trees() {
    check_keys_against_trees("release-17.0", "release-18.0");
}

#[test]
fn release_18_0_to_18_1_keys_match_the_trees() {
    check_keys_against_trees("release-18.0", "release-18.1");
}

#[test]
fn schemas_added_in_18_0_are_the_new_files() {
    let r = report("release-17.0", "release-18.0");
    let (ot, nt) = (tree("release-17.0"), tree("release-18.0"));
    let new_files: BTreeSet<&str> = nt.files.iter().filter(|f| ot.file(&f.path).is_none()).map(|f| f.path.as_str()).collect();
    let added: BTreeSet<&str> = r.of_kind("schema-added").iter().map(|c| c.file.as_str()).collect();
    assert_eq!(added, new_files);
    assert_eq!(added.len(), 12);
    assert!(r.of_kind("schema-removed").is_empty());
    let math =
        r.of_kind("schema-added").into_iter().find(|c| c.schema == "com.apple.configuration.math.settings").unwrap_or_else(|| panic!("no math.settings"));
    assert_eq!(math.file, "declarative/declarations/configurations/math.settings.yaml");
    assert_eq!((math.api.level, math.api.rust_item.as_str()), (Level::Additive, "declarations::math_settings (MathSettings)"));
    assert!(math.availability.as_deref().is_some_and(|a| a.starts_with("iOS 18.0+")), "{:?}", math.availability);
}

#[test]
fn hideable_added_in_18_1() {
    let r = report("release-18.0", "release-18.1");
    let hideable: Vec<_> = r.changes.iter().filter(|c| c.kind == ChangeKind::KeyAdded && c.path.ends_with(".Hideable")).collect();
    let files: Vec<(&str, &str)> = hideable.iter().map(|c| (c.file.as_str(), c.path.as_str())).collect();
    assert_eq!(
        files,
        [
            ("mdm/commands/application.install.yaml", "payloadkeys.Attributes.Hideable"),
            ("mdm/commands/managed.application.attributes.yaml", "responsekeys.ApplicationAttributes.ApplicationAttributesItem.Attributes.Hideable"),
            ("mdm/commands/settings.yaml", "payloadkeys.Settings.ApplicationAttributes.Attributes.Hideable"),
        ]
    );
    let c = hideable[0];
    assert_eq!(c.schema, "InstallApplication");
    assert_eq!(c.new.as_deref(), Some("<boolean>, optional, default true"));
    assert!(c.availability.as_deref().is_some_and(|a| a.starts_with("iOS 18.1+") && a.contains("macOS n/a")), "{:?}", c.availability);
    assert_eq!((c.api.level, c.api.rust_item.as_str()), (Level::Additive, "commands::application_install::Attributes.hideable"));
    // The model agrees: introduced on iOS 18.1, not there in 18.0.
    let key = |rel: &str| {
        tree(rel)
            .file("mdm/commands/application.install.yaml")
            .and_then(|f| f.payload_keys.as_ref())
            .and_then(|l| l.keys.iter().find(|k| k.name == "Attributes"))
            .map(|a| a.children().iter().any(|k| k.name == "Hideable"))
    };
    assert_eq!((key("release-18.0"), key("release-18.1")), (Some(false), Some(true)));
}

/// 18.1 made Authenticate's `UDID` and `EnrollmentID` optional in the YAML. The generated API
/// does not change: `UDID` is forbidden and `EnrollmentID` required under User Enrollment, so
/// neither was required everywhere an Authenticate exists, and both were `Option` in 18.0 already.
#[test]
fn authenticate_udid_becomes_optional_in_18_1() {
    let r = report("release-18.0", "release-18.1");
    let presence: Vec<_> =
        r.of_kind("presence").into_iter().map(|c| (c.schema.as_str(), c.path.as_str(), c.old.as_deref(), c.new.as_deref(), c.api.level)).collect();
    assert_eq!(
        presence,
        [
            ("Authenticate", "payloadkeys.UDID", Some("required"), Some("optional"), Level::None),
            ("Authenticate", "payloadkeys.EnrollmentID", Some("required"), Some("optional"), Level::None),
        ]
    );
    assert!(!r.api.changes.iter().any(|c| c.item == "checkin::authenticate::Authenticate.udid"), "{:#?}", r.api.changes);
}

#[test]
fn availability_changes_spot_checked_against_the_trees() {
    // 18.0 → 18.1: `allowExplicitContent` became supervised-only on tvOS.
    let r = report("release-18.0", "release-18.1");
    let c = r.changes.iter().find(|c| c.path == "payloadkeys.allowExplicitContent").unwrap_or_else(|| panic!("{:#?}", r.of_kind("availability")));
    assert_eq!(c.kind, ChangeKind::Availability { os: Os::TvOS, field: AvailabilityField::Supervised });
    assert_eq!((c.old.as_deref(), c.new.as_deref(), c.api.level), (Some("false"), Some("true"), Level::None));
    let supervised = |rel: &str| {
        tree(rel)
            .file("mdm/profiles/com.apple.applicationaccess.yaml")
            .and_then(|f| f.payload_keys.as_ref())
            .and_then(|l| l.keys.iter().find(|k| k.name == "allowExplicitContent"))
            .and_then(|k| k.resolved_os.get(Os::TvOS))
            .and_then(|s| s.supervised)
    };
    assert_eq!((supervised("release-18.0"), supervised("release-18.1")), (Some(false), Some(true)));

    // 17.0 → 18.0: Setup Assistant's `SkipCloudSetup` deprecated on macOS 15.0.
    let r = report("release-17.0", "release-18.0");
    let c = r
        .changes
        .iter()
        .find(|c| c.file == "mdm/profiles/com.apple.SetupAssistant.managed.yaml" && c.path == "payloadkeys.SkipCloudSetup")
        .unwrap_or_else(|| panic!("no SkipCloudSetup change"));
    assert_eq!(c.kind, ChangeKind::Availability { os: Os::MacOS, field: AvailabilityField::Deprecated });
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (None, Some("15.0")));
    let deprecated = tree("release-18.0")
        .file("mdm/profiles/com.apple.SetupAssistant.managed.yaml")
        .and_then(|f| f.payload_keys.as_ref())
        .and_then(|l| l.keys.iter().find(|k| k.name == "SkipCloudSetup"))
        .and_then(|k| k.supported_os.get(Os::MacOS))
        .and_then(|s| s.deprecated.clone());
    assert_eq!(deprecated, VersionSpec::parse("15.0"));

    // Payload-level changes are reported once, at `payload`, not again at each key.
    let payload_vision = r
        .changes
        .iter()
        .filter(|c| c.path == "payload" && c.kind == ChangeKind::Availability { os: Os::VisionOS, field: AvailabilityField::Introduced })
        .count();
    assert!(payload_vision > 50, "visionOS arrived in many schemas in 18.0 ({payload_vision})");
}

/// A copy of release-18.1 with two files moved keeps every schema: one move keeps the module
/// (no API impact), one rename changes it (breaking), and nothing else is reported.
#[test]
fn renamed_and_moved_files_in_a_real_tree() {
    let src = release_dir("release-18.1");
    let dst = std::env::temp_dir().join(format!("dm-generator-drift-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&src, &dst);
    let moves = [
        ("mdm/profiles/com.apple.dock.yaml", "mdm/profiles/dock/com.apple.dock.yaml"),
        ("mdm/commands/system.update.schedule.yaml", "mdm/commands/os.update.schedule.yaml"),
    ];
    for (from, to) in moves {
        let to = dst.join(to);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::rename(dst.join(from), &to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    let result = drift::diff_dirs(&src, &dst);
    let _ = std::fs::remove_dir_all(&dst);
    let r = result.unwrap_or_else(|e| panic!("{e}"));
    let renames: Vec<_> = r.changes.iter().map(|c| (c.kind, c.schema.as_str(), c.api.level, c.api.rust_item.as_str())).collect();
    assert_eq!(
        renames,
        [
            (
                ChangeKind::SchemaRenamed,
                "ScheduleOSUpdate",
                Level::Breaking,
                "commands::system_update_schedule::ScheduleOSUpdateCommand → commands::os_update_schedule::ScheduleOSUpdateCommand"
            ),
            (ChangeKind::SchemaRenamed, "com.apple.dock", Level::None, "profiles::com_apple_dock (Dock)"),
        ]
    );
    assert_eq!(
        r.api.changes.iter().map(|c| (c.kind, c.item.as_str())).collect::<Vec<_>>(),
        [(ApiChangeKind::ModuleAdded, "commands::os_update_schedule"), (ApiChangeKind::ModuleRemoved, "commands::system_update_schedule"),]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        }
    }
}
