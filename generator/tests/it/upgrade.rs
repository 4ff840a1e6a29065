//! `generator::upgrade` (`cargo xtask upgrade --from`) on the shared trees: a workspace pinned to
//! release-18.0 (over 17.0) moves to release-18.1 in one call (trees installed, 18.0 now a layer
//! beneath 18.1, crate regenerated from the three layers, pin rewritten with its comments, a
//! changelog with the drift), and a step that fails writes nothing.

use std::path::{Path, PathBuf};

use generator::source::Pin;
use generator::upgrade::{upgrade, Upgrade};

use super::common::{release_dir, workspace};

const COMMIT_18_0: &str = "1111111111111111111111111111111111111111";

/// A workspace with `schemas/pin.toml` pinned to release-18.0 over release-17.0 (the digests of
/// the project's own pin) and an empty `generated/`.
fn workspace_at_18_0(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dm-upgrade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).expect("schemas");
    std::fs::create_dir_all(dir.join("generated")).expect("generated");
    let shipped = Pin::load(&workspace().join("schemas/pin.toml")).expect("the project's pin");
    let digest = |r: &str| shipped.for_release(r).expect("a layer of the pin").digest;
    let pin = format!(
        "# The pinned release (a comment that stays).\nrepository = \"https://github.com/apple/device-management\"\nrelease = \"release-18.0\"\ncommit = \"{COMMIT_18_0}\"\ndigest = \"{}\"\n\n# Beneath (a comment that stays).\n[[beneath]]\nrelease = \"release-17.0\"\ndigest = \"{}\"\n",
        digest("release-18.0"),
        digest("release-17.0")
    );
    std::fs::write(dir.join("schemas/pin.toml"), pin).expect("pin");
    dir
}

fn files_under(dir: &Path) -> usize {
    walk(dir).len()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_workspace_moves_from_18_0_to_18_1_in_one_step() {
    let ws = workspace_at_18_0("ok");
    let shipped = Pin::load(&workspace().join("schemas/pin.toml")).expect("the project's pin");
    let summary = upgrade(&Upgrade {
        workspace: &ws,
        pinned_tree: &release_dir("release-18.0"),
        new_tree: &release_dir("release-18.1"),
        release: "release-18.1",
        commit: &shipped.commit,
        install_to: Some(&ws.join("schemas/tree")),
        layers_to: Some(&ws.join("schemas/releases")),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // The pin is the project's own: 18.1 over 17.0 and 18.0 (18.0 with the commit it had), the
    // comments kept.
    let text = std::fs::read_to_string(ws.join("schemas/pin.toml")).expect("pin");
    let read = Pin::parse(&text).expect("reads");
    assert_eq!((&read.release, &read.commit, &read.digest), (&shipped.release, &shipped.commit, &shipped.digest));
    assert_eq!(read.layer_names(), shipped.layer_names());
    assert_eq!(read.beneath[1].commit, COMMIT_18_0);
    assert_eq!(read.beneath[1].digest, shipped.beneath[1].digest);
    assert!(text.starts_with("# The pinned release (a comment that stays).\n") && text.contains("# Beneath (a comment that stays).\n"), "{text}");
    // The crate is the one `cargo xtask regenerate` makes from the shipped pin's layers, and the
    // trees are installed: 18.1 as the pinned tree, 18.0 as a layer.
    let layers: Vec<(String, PathBuf)> = shipped.layer_names().into_iter().map(|r| (r.clone(), release_dir(&r))).collect();
    let expected = generator::codegen::run_layers(&layers, None).expect("generates").0.files;
    assert_eq!(summary.files.len(), expected.len());
    assert_eq!(files_under(&ws.join("generated")), expected.len());
    for (rel, text) in expected.iter().take(20) {
        assert_eq!(&std::fs::read_to_string(ws.join("generated").join(rel)).expect("written"), text, "{rel}");
    }
    generator::source::verify(&ws.join("schemas/tree"), &shipped).expect("the installed tree is 18.1");
    generator::source::verify(&ws.join("schemas/releases/release-18.0"), &shipped.beneath[1]).expect("the installed layer is 18.0");
    // The changelog says what moved and how it touches the API.
    let log = summary.changelog();
    assert!(log.starts_with("## Apple's schemas: release-18.0 → release-18.1\n"), "{log}");
    assert!(log.contains(&shipped.digest) && log.contains("API impact"), "{log}");
    assert!(log.contains("- layered over release-17.0, release-18.0 (what they have and release-18.1 dropped stays)"), "{log}");
    assert!(summary.drift.contains("release-18.1"), "{}", summary.drift);
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn a_failing_step_writes_nothing() {
    // A new tree that does not load.
    let ws = workspace_at_18_0("broken");
    let broken = ws.join("broken-tree/mdm/commands");
    std::fs::create_dir_all(&broken).expect("tree");
    std::fs::write(broken.join("bad.yaml"), "title: Bad\npayload: [not, a, mapping\n").expect("yaml");
    let pin_before = std::fs::read_to_string(ws.join("schemas/pin.toml")).expect("pin");
    let err = upgrade(&Upgrade {
        workspace: &ws,
        pinned_tree: &release_dir("release-18.0"),
        new_tree: &ws.join("broken-tree"),
        release: "release-27.0",
        commit: "2222222222222222222222222222222222222222",
        install_to: Some(&ws.join("schemas/tree")),
        layers_to: Some(&ws.join("schemas/releases")),
    })
    .expect_err("a tree that does not load");
    assert!(err.to_string().contains("bad.yaml"), "{err}");
    // The pinned tree is not the pinned release.
    let err = upgrade(&Upgrade {
        workspace: &ws,
        pinned_tree: &release_dir("release-17.0"),
        new_tree: &release_dir("release-18.1"),
        release: "release-18.1",
        commit: "2222222222222222222222222222222222222222",
        install_to: Some(&ws.join("schemas/tree")),
        layers_to: Some(&ws.join("schemas/releases")),
    })
    .expect_err("the pinned tree does not match the pin");
    assert!(err.to_string().contains("digest") || err.to_string().contains("sha256"), "{err}");
    // A release name the pin refuses.
    let err = upgrade(&Upgrade {
        workspace: &ws,
        pinned_tree: &release_dir("release-18.0"),
        new_tree: &release_dir("release-18.1"),
        release: "-bad name",
        commit: "2222222222222222222222222222222222222222",
        install_to: Some(&ws.join("schemas/tree")),
        layers_to: Some(&ws.join("schemas/releases")),
    })
    .expect_err("a release the pin refuses");
    assert!(err.to_string().contains("pin"), "{err}");
    assert_eq!(std::fs::read_to_string(ws.join("schemas/pin.toml")).expect("pin"), pin_before);
    assert_eq!(files_under(&ws.join("generated")), 0);
    assert!(!ws.join("schemas/tree").exists() && !ws.join("schemas/releases").exists());
    let _ = std::fs::remove_dir_all(&ws);
}
