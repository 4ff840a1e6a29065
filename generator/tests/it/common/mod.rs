//! Helpers shared by the loader's integration tests: where Apple's real trees are, a cached load
//! of each release, key lookup by name path, and small inline fixtures.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use generator::load::{load_file_text, YamlGraph};
use generator::model::{build_file, Category, Key, KeyList, SchemaFile};
use generator::{LoadError, SchemaTree};

/// The folder holding `release-17.0`, `release-18.0`, `release-18.1`: `DM_SCHEMAS_ROOT`, or the
/// shared checkout next to the workspace.
pub fn schemas_root() -> PathBuf {
    generator::source::env_dir(generator::source::SCHEMAS_ROOT_ENV, std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management").into())
}

/// One release's tree folder; fails loudly (never skips) when Apple's trees are not there.
pub fn release_dir(release: &str) -> PathBuf {
    let dir = schemas_root().join(release);
    assert!(
        dir.is_dir(),
        "Apple's schema tree {} is missing: set DM_SCHEMAS_ROOT to the folder that holds release-17.0, release-18.0 and release-18.1",
        dir.display()
    );
    dir
}

/// The three releases the tests know.
pub const RELEASES: [&str; 3] = ["release-17.0", "release-18.0", "release-18.1"];

/// Loads a release once per test binary; panics with every error if it does not load.
pub fn release(release: &str) -> &'static SchemaTree {
    static TREES: [OnceLock<SchemaTree>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = RELEASES.iter().position(|r| *r == release).unwrap_or_else(|| panic!("unknown release {release}"));
    TREES[i].get_or_init(|| generator::load_tree(&release_dir(release)).unwrap_or_else(|e| panic!("{release} does not load:\n{e}")))
}

/// A file of a loaded release.
pub fn real_file(rel: &str, path: &str) -> &'static SchemaFile {
    release(rel).file(path).unwrap_or_else(|| panic!("{rel} has no file {path}"))
}

/// The text of a file of a release, for the tests that feed it to other parsers.
pub fn real_text(rel: &str, path: &str) -> String {
    let p = release_dir(rel).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Follows key names down from a key list: `["Updates", "UpdatesItem", "MaxUserDeferrals"]`.
pub fn key<'a>(list: &'a KeyList, path: &[&str]) -> &'a Key {
    let (first, rest) = path.split_first().expect("empty key path");
    let mut k = list.keys.iter().find(|k| k.name == *first).unwrap_or_else(|| panic!("no key `{first}`"));
    for name in rest {
        k = k.children().iter().find(|c| c.name == *name).unwrap_or_else(|| panic!("no key `{name}` under `{}`", k.name));
    }
    k
}

/// Parses and models an inline fixture as `mdm/profiles/<name>.yaml`.
pub fn build_inline(name: &str, yaml: &str) -> Result<SchemaFile, Vec<LoadError>> {
    let file = format!("mdm/profiles/{name}.yaml");
    let graph: YamlGraph = load_file_text(&file, yaml.as_bytes()).map_err(|e| vec![e])?;
    build_file(&file, Category::Profiles, &graph)
}

/// Like [`build_inline`], for fixtures that must load.
pub fn inline(name: &str, yaml: &str) -> SchemaFile {
    match build_inline(name, yaml) {
        Ok(f) => f,
        Err(errors) => panic!("fixture {name} does not load: {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

/// The payload keys of a file (every fixture here has some).
pub fn payload_keys(f: &SchemaFile) -> &KeyList {
    f.payload_keys.as_ref().unwrap_or_else(|| panic!("{} has no payloadkeys", f.path))
}

/// A fresh, empty temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dm-generator-tests-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The workspace root (scratch crates include its runtime and copy its `Cargo.lock`).
pub fn workspace() -> PathBuf {
    concat!(env!("CARGO_MANIFEST_DIR"), "/..").into()
}
