//! Any tree shape Apple has published generates a crate that compiles: a tree without some
//! category folders (release-15.0 and 16.0 have no `mdm/errors` and no `other`) gets every
//! category module, empty where the tree has no file (dispatch enums keep `Unknown`), so the
//! crate root, the features and the runtime hold; folders and files newer releases add
//! (`CHANGES.md`, `examples/`, `openapi/` JSON, `.github/`) are ignored by the loader.

use crate::common;

use std::path::{Path, PathBuf};

use common::{temp_dir, workspace};
use generator::codegen;
use generator::scratch::ScratchCrate;

/// `drift/new`: commands, profiles and declarations only (no check-in, errors, status,
/// protocol or other).
fn partial_tree() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/new")
}

fn scratch_root() -> PathBuf {
    workspace().join("target/scratch-crates")
}

#[test]
fn every_category_module_is_emitted_for_a_partial_tree() {
    let files = codegen::generate(&partial_tree(), "partial").expect("generates");
    for c in generator::model::Category::ALL {
        let path = format!("crates/{}/src/lib.rs", c.name());
        let text = files.get(&path).unwrap_or_else(|| panic!("{path} is not generated"));
        if matches!(c.name(), "errors" | "other" | "checkin" | "status" | "protocol") {
            assert!(text.contains("pub static SCHEMAS: &[crate::runtime::SchemaInfo] = &[];"), "{path}:\n{text}");
        }
    }
    let root = &files["src/generated/mod.rs"];
    assert!(
        root.contains("#[cfg(feature = \"errors\")]\n#[doc(inline)]\npub use apple_device_management_errors as errors;")
            && root.contains("#[cfg(feature = \"other\")]\n#[doc(inline)]\npub use apple_device_management_other as other;"),
        "{root}"
    );
}

/// The partial tree's crate, with the real runtime and crate root: `cargo check` passes with
/// no warning, all features and the empty `errors` category alone.
#[test]
fn a_tree_without_errors_and_other_compiles() {
    let files = codegen::generate(&partial_tree(), "partial").expect("generates");
    let krate = ScratchCrate::new(&scratch_root(), "partial-tree", &workspace(), &files).unwrap_or_else(|e| panic!("{e}"));
    for features in [&[][..], &["--no-default-features", "--features", "errors"][..]] {
        let out = krate.check(features).unwrap_or_else(|e| panic!("{e}"));
        assert!(out.success, "cargo check {features:?} failed:\n{}", out.stderr);
        assert_eq!(out.diagnostics(), Vec::<&str>::new(), "{features:?}:\n{}", out.stderr);
    }
    // A downstream snippet uses the crate: the empty categories exist and dispatch to Unknown.
    krate
        .add_file(
            "examples/downstream.rs",
            r#"use apple_device_management::{checkin::AnyCheckinMessage, commands::AnyCommand, errors, other};
fn main() {
    assert!(errors::SCHEMAS.is_empty() && other::SCHEMAS.is_empty());
    let raw = AnyCheckinMessage::from_tagged("TokenUpdate", Default::default()).expect("decodes");
    assert!(matches!(raw, AnyCheckinMessage::Unknown(_)));
    assert!(AnyCommand::KNOWN.contains(&"SampleCommand"));
    assert!(apple_device_management::schemas().count() > 0);
}
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let out = krate.cargo(&["run", "--example", "downstream"]).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.success, "{}", out.stderr);
}

/// What newer releases add beside the schemas is never read as a schema, and never fatal.
#[test]
fn extra_folders_and_files_are_ignored() {
    let dir = temp_dir("tree-extras");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from, to).expect("copy");
    };
    let src = partial_tree();
    let plain = generator::load_tree(&src).expect("loads");
    for f in &plain.files {
        copy(&src.join(&f.path), &dir.join(&f.path));
    }
    let extras = [
        ("CHANGES.md", "# Changes\n"),
        ("examples/mdm/commands/sample.request.plist", "<plist version=\"1.0\"><dict/></plist>\n"),
        ("examples/declarative/example.json", "{}\n"),
        ("examples/stray.yaml", "not: [a schema\n"),
        ("openapi/ddm.json", "{\"openapi\": \"3.0.1\"}\n"),
        ("openapi/ddm.yaml", "openapi: 3.0.1\n"),
        (".github/workflows/ci.yml", "on: push\n"),
        ("mdm/README.md", "notes\n"),
    ];
    for (path, text) in extras {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    let tree = generator::load_tree(&dir);
    let generated = codegen::generate(&dir, "partial");
    let _ = std::fs::remove_dir_all(&dir);
    let tree = tree.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree.files, plain.files);
    assert_eq!(generated.expect("generates"), codegen::generate(&src, "partial").expect("generates"));
}
