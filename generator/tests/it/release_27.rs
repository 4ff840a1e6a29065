//! Apple's 27.0 line (`index-27.0-97a11a8`: the 258 files that changed at one 27.0 commit; never
//! pinned): the files load, with the repairs they need named as warnings.

use std::path::PathBuf;

use generator::fixups::union_tag_from_name;
use generator::{load_tree, LoadErrorKind, SchemaTree};

use super::common::{key, schemas_root};

/// The 27.0 files' folder.
pub fn index_27() -> PathBuf {
    let dir = schemas_root().join("index-27.0-97a11a8");
    assert!(dir.is_dir(), "Apple's 27.0 files {} are missing: set DM_SCHEMAS_ROOT", dir.display());
    dir
}

fn tree_27() -> &'static SchemaTree {
    static TREE: std::sync::OnceLock<SchemaTree> = std::sync::OnceLock::new();
    TREE.get_or_init(|| load_tree(&index_27()).unwrap_or_else(|e| panic!("the 27.0 files do not load:\n{e}")))
}

/// A copy of the 27.0 folder's `settings.yaml` alone, changed by `edit`, in a fresh tree.
fn settings_tree(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dm-27-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let commands = dir.join("mdm/commands");
    std::fs::create_dir_all(&commands).expect("temp tree");
    let text = std::fs::read_to_string(index_27().join("mdm/commands/settings.yaml")).expect("settings.yaml");
    std::fs::write(commands.join("settings.yaml"), edit(&text)).expect("write");
    dir
}

#[test]
fn the_27_0_files_load() {
    let tree = tree_27();
    assert!(tree.files.len() >= 250, "{} files", tree.files.len());
    let settings = tree.file("mdm/commands/settings.yaml").expect("settings.yaml");
    let list = settings.payload_keys.as_ref().expect("payloadkeys");
    let array = key(list, &["Settings"]);
    assert_eq!(array.union_tag(), Some("Item"));
    assert_eq!(array.children().len(), 20);
    let tag = key(list, &["Settings", "DefaultApplications", "Item"]);
    assert_eq!(tag.rangelist.len(), 1);
    assert_eq!(tag.rangelist[0].to_string(), "DefaultApplications");
    assert!(tag.is_required());
    let repaired: Vec<String> = tree.warnings.iter().filter(|w| w.kind == union_tag_from_name::NAME).map(|w| format!("{} {}", w.file, w.path)).collect();
    assert_eq!(repaired, ["mdm/commands/settings.yaml payloadkeys.Settings.DefaultApplications"]);
}

/// When Apple gives the alternative its own `Item`, the fixup fails the load, naming itself.
#[test]
fn the_repair_fails_once_apple_fixes_the_file() {
    let fixed = settings_tree("fixed", |text| {
        let at = text.find("  - key: DefaultApplications").expect("the alternative");
        let subkeys = at + text[at..].find("    subkeys:\n").expect("its subkeys") + "    subkeys:\n".len();
        let item = "    - key: Item\n      type: <string>\n      presence: required\n      rangelist:\n      - DefaultApplications\n";
        format!("{}{item}{}", &text[..subkeys], &text[subkeys..])
    });
    let err = load_tree(&fixed).expect_err("an obsolete fixup is an error");
    assert!(
        err.0.iter().any(|e| matches!(&e.kind, LoadErrorKind::FixupObsolete { fixup, tag } if *fixup == union_tag_from_name::NAME && tag == "Item")),
        "{err}"
    );
    assert!(err.to_string().contains("no longer needed"), "{err}");
    let _ = std::fs::remove_dir_all(&fixed);
}

/// Anywhere else, an array of alternatives without a tag is still a load error.
#[test]
fn an_untagged_array_elsewhere_is_still_an_error() {
    let renamed = settings_tree("renamed", |text| text.replacen("- key: Settings\n", "- key: OtherSettings\n", 1));
    let err = load_tree(&renamed).expect_err("no site for OtherSettings");
    assert!(err.0.iter().any(|e| matches!(e.kind, LoadErrorKind::ArrayItemCount { count: 20 })), "{err}");
    let _ = std::fs::remove_dir_all(&renamed);
}

/// The 27.0 files alone generate a crate that compiles without a warning (all features): the
/// `Settings` union with its repaired alternative, the list form of `examples`, `removed`
/// versions and the renamed `com.apple.MCX(Mobility).yaml`.
#[test]
fn the_27_0_files_alone_generate_a_crate_that_compiles() {
    let files = generator::codegen::generate(&index_27(), "index-27.0-97a11a8").unwrap_or_else(|e| panic!("{e}"));
    // In the `commands` crate or one of its part crates (`commands-part2`).
    let settings =
        files.iter().find(|(p, _)| p.starts_with("crates/commands") && p.ends_with("/src/settings.rs")).map(|(_, t)| t).expect("the Settings command");
    assert!(settings.contains("DefaultApplications"), "no DefaultApplications alternative");
    let scratch = super::common::workspace().join("target/scratch-crates");
    let krate = generator::scratch::ScratchCrate::new(&scratch, "release-27-alone", &super::common::workspace(), &files).unwrap_or_else(|e| panic!("{e}"));
    let out = krate.check(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.success, "cargo check failed:\n{}", out.stderr);
    assert_eq!(out.diagnostics(), Vec::<&str>::new(), "{}", out.stderr);
}

/// What is new in the 27.0 format, from the YAML (not the model): the root schema's `examples`
/// and the files that use it; and what the 27.0 files no longer use (some of it only because
/// the shared folder holds part of the release).
#[test]
fn the_format_summary_says_what_27_0_adds() {
    let diff = generator::drift::diff_format(&super::common::release_dir("release-18.1"), &index_27()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(diff.root_added, ["properties.examples"]);
    assert_eq!(diff.root_removed, Vec::<String>::new());
    let added: Vec<(&str, &str)> = diff.attributes_added.iter().map(|a| (a.place.name(), a.name.as_str())).collect();
    assert_eq!(added, [("file", "examples")]);
    assert!(diff.attributes_added[0].files > 200, "{:?}", diff.attributes_added);
    // The same tree against itself has nothing new.
    let same = generator::drift::diff_format(&index_27(), &index_27()).expect("diff");
    assert!(same.is_empty(), "{same:?}");
    // The drift report carries it, in Markdown and JSON.
    let report = generator::drift::diff_dirs(&super::common::release_dir("release-18.1"), &index_27()).expect("drift");
    assert_eq!(report.format, diff);
    assert!(report.render(generator::drift::Format::Markdown).contains("- root schema (`docs/schema.yaml`), new: `properties.examples`"));
    assert!(report.render(generator::drift::Format::Json).contains(r#""root_added": ["#));
}
