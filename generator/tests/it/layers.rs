//! Releases layered (`generator::layers`): 17.0 → 18.0 → 18.1 (the pin as it will ship) gives
//! 18.1 back with what older releases had and 18.1 dropped; the shared 27.0 files over 18.1 keep
//! every 18.1 schema, take 27.0's word where it has one (`removed: '27.0'`), compile, and say
//! for each key which layer it came from.

use std::collections::BTreeSet;

use generator::layers::{merge, Layered};
use generator::load_tree_unfixed;

use super::common::{key, release, release_dir, workspace};
use super::release_27::index_27;

fn layered(names: &[&str]) -> Layered {
    let layers = names
        .iter()
        .map(|n| {
            let dir = if n.starts_with("index-27") { index_27() } else { release_dir(n) };
            (n.to_string(), load_tree_unfixed(&dir).unwrap_or_else(|e| panic!("{n}: {e}")))
        })
        .collect();
    merge(layers)
}

fn paths(files: &[generator::model::SchemaFile]) -> BTreeSet<String> {
    files.iter().map(|f| f.path.clone()).collect()
}

#[test]
fn older_releases_beneath_18_1_keep_everything_18_1_has() {
    let merged = layered(&["release-17.0", "release-18.0", "release-18.1"]);
    let plain = release("release-18.1");
    let merged_paths = paths(&merged.tree.files);
    assert!(paths(&plain.files).is_subset(&merged_paths));
    // A file 18.1 has is 18.1's, keys first in its order.
    for file in &plain.files {
        assert_eq!(merged.provenance.files[&file.path], "release-18.1", "{}", file.path);
        let m = merged.tree.file(&file.path).expect("merged file");
        let names =
            |f: &generator::model::SchemaFile| f.payload_keys.as_ref().map(|l| l.keys.iter().map(|k| k.name.clone()).collect::<Vec<_>>()).unwrap_or_default();
        let (ours, theirs) = (names(m), names(file));
        assert_eq!(&ours[..theirs.len()], &theirs[..], "{}", file.path);
    }
    // Nothing older than 18.1 is lost: every 17.0 file is there.
    assert!(paths(&release("release-17.0").files).is_subset(&merged_paths));
    // A value 17.0 listed and 18.x dropped stays: older devices still send it.
    let install = merged.tree.file("mdm/commands/application.install.yaml").expect("InstallApplication");
    let state = key(install.response_keys.as_ref().expect("response keys"), &["State"]);
    assert!(state.rangelist.iter().any(|v| v.to_string() == "UserRejectedFailed"), "{:?}", state.rangelist);
}

/// What 17.0 got wrong and 18.x corrected is not kept: a key whose type changed keeps none of
/// its older shape, a dictionary made free-form (`ANY`) keeps no placeholder names, a key Apple
/// renamed to its wire name (`layers::CORRECTIONS`) is not kept under the old one.
#[test]
fn corrections_of_older_releases_are_not_kept() {
    let merged = layered(&["release-17.0", "release-18.0", "release-18.1"]);
    let kept = merged.provenance.kept();
    let kept_in = |file: &str| kept.iter().filter(|(f, _, _)| *f == file).map(|(_, p, _)| *p).collect::<Vec<_>>();
    assert_eq!(kept_in("mdm/profiles/com.apple.dnsSettings.managed.yaml"), Vec::<&str>::new());
    assert_eq!(kept_in("mdm/profiles/com.apple.vpn.managed.yaml"), Vec::<&str>::new());
    assert_eq!(kept_in("mdm/profiles/com.apple.extensiblesso.yaml"), Vec::<&str>::new());
    assert_eq!(kept_in("mdm/profiles/com.apple.ManagedClient.preferences.yaml"), Vec::<&str>::new());
    let dns = merged.tree.file("mdm/profiles/com.apple.dnsSettings.managed.yaml").expect("dns");
    let params = key(dns.payload_keys.as_ref().expect("keys"), &["OnDemandRules", "OnDemandRulesElement", "ActionParameters"]);
    assert_eq!(params.children().iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["ActionParameter"]);
    // Nothing else of 17.0 and 18.0 is missing from 18.1 without a word.
    assert_eq!(kept, Vec::<(&str, &str, &str)>::new());
}

/// The freshness check covers every layer: `generated/` is what the pinned release with its
/// layers beneath makes (each tree verified against `schemas/pin.toml`), and says so in `LAYERS`.
#[test]
fn generated_is_fresh_from_the_pinned_layers() {
    let pin = generator::source::Pin::load(&generator::source::pin_path(&workspace())).expect("pin");
    let layers = generator::source::layer_trees(&pin, &release_dir(&pin.release), &workspace()).unwrap_or_else(|e| panic!("{e}"));
    generator::source::verify_layers(&layers).unwrap_or_else(|e| panic!("{e}"));
    let named: Vec<(String, std::path::PathBuf)> = layers.into_iter().map(|(p, d)| (p.release, d)).collect();
    let (generation, _) = generator::codegen::run_layers(&named, None).unwrap_or_else(|e| panic!("{e}"));
    let stale = generator::codegen::check(&workspace().join("generated"), &generation.files).expect("compares");
    assert!(stale.is_fresh(), "generated/ is stale (run `cargo xtask regenerate`):\n{stale}");
    let root = &generation.files["src/generated/mod.rs"];
    assert!(root.contains(r#"pub const LAYERS: &[&str] = &["release-17.0", "release-18.0", "release-18.1"];"#), "{root}");
}

#[test]
fn the_27_0_files_over_18_1_keep_every_schema_and_compile() {
    let merged = layered(&["release-18.1", "index-27.0-97a11a8"]);
    let plain = release("release-18.1");
    let merged_paths = paths(&merged.tree.files);
    for path in paths(&plain.files) {
        let renamed = generator::layers::RENAMES.iter().any(|(old, new)| *old == path && merged_paths.contains(*new));
        assert!(renamed || merged_paths.contains(&path), "{path} lost");
    }
    assert!(!merged_paths.contains("mdm/profiles/com.apple.MCX(Mobililty).yaml"));
    assert!(merged_paths.contains("mdm/profiles/com.apple.MCX(Mobility).yaml"));
    // ScheduleOSUpdate is 27.0's: removed in 27.0, there for older devices.
    let schedule = merged.tree.file("mdm/commands/system.update.schedule.yaml").expect("ScheduleOSUpdate");
    assert_eq!(merged.provenance.files[&schedule.path], "index-27.0-97a11a8");
    let ios = schedule.payload.supported_os.get(generator::model::Os::IOS).expect("iOS");
    assert_eq!(ios.removed.as_ref().map(ToString::to_string).as_deref(), Some("27.0"));
    // Keys: the 27.0 alternative is 27.0's; a file 27.0 did not change is 18.1's, key by key.
    let settings = merged.tree.file("mdm/commands/settings.yaml").expect("settings");
    let list = settings.payload_keys.as_ref().expect("keys");
    assert_eq!(key(list, &["Settings", "DefaultApplications"]).name, "DefaultApplications");
    assert_eq!(merged.provenance.key("mdm/commands/settings.yaml", "payloadkeys.Settings.DefaultApplications"), Some("index-27.0-97a11a8"));
    assert_eq!(merged.provenance.key("mdm/profiles/TopLevel.yaml", "payloadkeys.PayloadContent"), Some("release-18.1"));
    // Keys 27.0 dropped without a word are kept from 18.1, and said so.
    let kept = merged.provenance.kept();
    assert!(kept.contains(&("mdm/profiles/com.apple.screensaver.yaml", "payloadkeys.loginWindowIdleTime", "release-18.1")), "{kept:?}");
    assert!(kept.contains(&("mdm/profiles/com.apple.vpn.managed.yaml", "payloadkeys.VPN.Password", "release-18.1")), "{kept:?}");
    let screensaver = merged.tree.file("mdm/profiles/com.apple.screensaver.yaml").expect("screensaver");
    assert!(screensaver.payload_keys.as_ref().is_some_and(|l| l.keys.iter().any(|k| k.name == "loginWindowIdleTime")));
    // An array's item renamed (`whiteListItem`) is one item, not two.
    let apps = merged.tree.file("mdm/profiles/com.apple.applicationaccess.new.yaml").expect("applicationaccess.new");
    let white_list = key(apps.payload_keys.as_ref().expect("keys"), &["whiteList"]);
    assert_eq!(white_list.children().len(), 1, "{:?}", white_list.children().iter().map(|k| &k.name).collect::<Vec<_>>());
    assert!(!kept.iter().any(|(f, p, _)| f.ends_with("applicationaccess.new.yaml") && p.contains("whiteListItem")), "{kept:?}");
    // The common payload keys reach 27.0's payloads (CommonPayloadKeys.yaml is 18.1's).
    let wifi = merged.tree.file("mdm/profiles/com.apple.wifi.managed.yaml").expect("wifi");
    assert!(wifi.payload_keys.as_ref().is_some_and(|l| l.keys.iter().any(|k| k.name == "PayloadUUID")));

    let files = generator::codegen::generate_tree(&merged.tree, "release-18.1+index-27.0-97a11a8").unwrap_or_else(|e| panic!("{e}"));
    let scratch = workspace().join("target/scratch-crates");
    let krate = generator::scratch::ScratchCrate::new(&scratch, "layered-18-1-27-0", &workspace(), &files).unwrap_or_else(|e| panic!("{e}"));
    let out = krate.check(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.success, "cargo check failed:\n{}", out.stderr);
    assert_eq!(out.diagnostics(), Vec::<&str>::new(), "{}", out.stderr);
}

/// Drift against the layered pin: what the 27.0 files drop is "removed upstream, kept from
/// release-18.1", with no API impact (the field stays); what they change is reported as before.
#[test]
fn drift_over_the_layers_names_what_they_keep() {
    let layers: Vec<(String, std::path::PathBuf)> = ["release-17.0", "release-18.0", "release-18.1"].iter().map(|r| (r.to_string(), release_dir(r))).collect();
    let report = generator::drift::diff_over_layers(&layers, &index_27(), "index-27.0-97a11a8").unwrap_or_else(|e| panic!("{e}"));
    let idle = report
        .changes
        .iter()
        .find(|c| c.file == "mdm/profiles/com.apple.screensaver.yaml" && c.path == "payloadkeys.loginWindowIdleTime")
        .expect("loginWindowIdleTime removed by 27.0");
    assert_eq!(idle.kind, generator::drift::ChangeKind::KeyRemoved);
    assert_eq!(idle.kept_from.as_deref(), Some("release-18.1"));
    assert_eq!(idle.api.level, generator::drift::Level::None);
    let markdown = report.render(generator::drift::Format::Markdown);
    assert!(markdown.contains("removed upstream, kept from release-18.1"), "{markdown}");
    assert!(report.render(generator::drift::Format::Json).contains(r#""kept_from": "release-18.1""#));
    // Compared without the layers, the same removal breaks the API.
    let plain = generator::drift::diff_dirs(&release_dir("release-18.1"), &index_27()).expect("diff");
    let same = plain.changes.iter().find(|c| c.file == idle.file && c.path == idle.path).expect("the same change");
    assert_eq!((same.kept_from.as_deref(), same.api.level), (None, generator::drift::Level::Breaking));
    // The layered API diff keeps every 18.1 module but the one whose file Apple renamed (its
    // module is named after the file).
    let removed: Vec<&str> = report.api.changes.iter().filter(|c| c.kind == generator::drift::ApiChangeKind::ModuleRemoved).map(|c| c.item.as_str()).collect();
    assert_eq!(removed, ["profiles::com_apple_mcx_part_mobililty"]);
}
