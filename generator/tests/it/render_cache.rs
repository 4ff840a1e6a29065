//! The render cache of `cargo xtask regenerate`: a run with a cache gives the same files as one
//! without; a second run takes every module from the cache; a changed schema file, or another
//! program build (salt), prints again; a damaged cache folder costs time, never correctness.

use crate::common;

use std::path::{Path, PathBuf};

use common::temp_dir;
use generator::codegen;
use generator::render_cache::RenderCache;

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let p = entry.expect("entry").path();
        let dest = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

fn fixture_tree(dir: &Path) -> PathBuf {
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).expect("mkdir");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/new"), &tree);
    tree
}

#[test]
fn cached_runs_give_the_files_of_an_uncached_run() {
    let dir = temp_dir("render-cache");
    let tree = fixture_tree(&dir);
    let fresh = codegen::run(&tree, "fixture", None).expect("generates");
    assert_eq!(fresh.cached, 0);
    let modules = fresh.files.keys().filter(|p| p.starts_with("crates/") && p.ends_with(".rs") && !p.ends_with("/lib.rs")).count();
    assert_eq!(modules, 8, "one module per schema file of the fixture tree");

    let cache = RenderCache::open(&dir.join("cache"), "build-1").expect("cache");
    let first = codegen::run(&tree, "fixture", Some(&cache)).expect("generates");
    assert_eq!((first.cached, &first.files), (0, &fresh.files));
    let second = codegen::run(&tree, "fixture", Some(&cache)).expect("generates");
    assert_eq!((second.cached, &second.files), (modules, &fresh.files));

    // A changed schema file is printed again; the others still come from the cache.
    let changed = tree.join("mdm/commands/fresh.yaml");
    let text = std::fs::read_to_string(&changed).expect("read");
    std::fs::write(&changed, text.replace("title: ", "title: Changed ")).expect("write");
    let third = codegen::run(&tree, "fixture", Some(&cache)).expect("generates");
    assert_eq!(third.cached, modules - 1);
    assert_eq!(third.files, codegen::run(&tree, "fixture", None).expect("generates").files);
    assert_ne!(third.files, fresh.files);

    // Another build of the program: nothing is hit, and the first build's entries are gone.
    let other = RenderCache::open(&dir.join("cache"), "build-2").expect("cache");
    assert_eq!(codegen::run(&tree, "fixture", Some(&other)).expect("generates").cached, 0);
    assert!(!dir.join("cache/build-1").exists());

    // Entries that cannot be read (a folder in the way) are misses, not failures.
    for e in std::fs::read_dir(dir.join("cache/build-2")).expect("entries") {
        let p = e.expect("entry").path();
        std::fs::remove_file(&p).expect("rm");
        std::fs::create_dir(&p).expect("mkdir");
    }
    let damaged = codegen::run(&tree, "fixture", Some(&other)).expect("generates");
    assert_eq!((damaged.cached, &damaged.files), (0, &third.files));
    let _ = std::fs::remove_dir_all(&dir);
}
