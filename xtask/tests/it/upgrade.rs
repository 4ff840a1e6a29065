//! `cargo xtask upgrade --from DIR` end to end: a scratch workspace pinned to release-18.0 (over
//! release-17.0) moves to release-18.1. The new pin reads back with 18.0 beneath 18.1, both trees
//! are installed and verified (`verify-schemas` then passes on every layer), the generated crate
//! is fresh (`regenerate --check`) and names its layers, and the changelog is printed. A tree
//! that is not there writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The folder holding Apple's releases: `DM_SCHEMAS_ROOT` (relative to the workspace), else the
/// shared copy beside the workspace.
fn schemas_root() -> PathBuf {
    let dir = match std::env::var_os("DM_SCHEMAS_ROOT").filter(|v| !v.is_empty()) {
        Some(v) if Path::new(&v).is_relative() => Path::new(WORKSPACE).join(v),
        Some(v) => PathBuf::from(v),
        None => Path::new(WORKSPACE).join("../shared/device-management"),
    };
    assert!(dir.join("release-18.1").is_dir(), "Apple's trees are missing in {}: set DM_SCHEMAS_ROOT", dir.display());
    dir
}

/// The value of `key` in the pin's first section (the pinned release), or in the `[[beneath]]`
/// table of `release`.
fn pin_value(text: &str, release: Option<&str>, key: &str) -> String {
    let mut section: Option<String> = None;
    let mut current_release: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line == "[[beneath]]" {
            section = Some(String::new());
            current_release = None;
            continue;
        }
        let Some((k, v)) = line.split_once('=') else { continue };
        let v = v.trim().trim_matches('"').split('"').next().unwrap_or("").to_string();
        if k.trim() == "release" {
            current_release = Some(v.clone());
        }
        let here = match (&section, release) {
            (None, None) => true,
            (Some(_), Some(r)) => current_release.as_deref() == Some(r),
            _ => false,
        };
        if here && k.trim() == key {
            return v;
        }
    }
    panic!("no `{key}` for {release:?} in:\n{text}")
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A workspace pinned to release-18.0 over release-17.0 (the project's digests), `generated/`
/// empty.
fn workspace_at_18_0(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("dm-xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).expect("schemas");
    std::fs::create_dir_all(dir.join("generated")).expect("generated");
    let shipped = std::fs::read_to_string(Path::new(WORKSPACE).join("schemas/pin.toml")).expect("the project's pin");
    let pin = format!(
        "# Pinned (a comment that stays).\nrepository = \"https://github.com/apple/device-management\"\nrelease = \"release-18.0\"\ncommit = \"{}\"\ndigest = \"{}\"\n\n[[beneath]]\nrelease = \"release-17.0\"\ndigest = \"{}\"\n",
        "1".repeat(40),
        pin_value(&shipped, Some("release-18.0"), "digest"),
        pin_value(&shipped, Some("release-17.0"), "digest"),
    );
    std::fs::write(dir.join("schemas/pin.toml"), pin).expect("pin");
    Scratch(dir)
}

/// Runs the xtask binary on `ws` with the pinned tree given by `DM_SCHEMAS` (or `schemas/tree`
/// when `None`) and the layers in the shared folder.
fn xtask(ws: &Path, pinned: Option<&Path>, args: &[&str]) -> Output {
    xtask_with_root(ws, pinned, &schemas_root(), args)
}

/// [`xtask`] with another folder of releases for the layers.
fn xtask_with_root(ws: &Path, pinned: Option<&Path>, root: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.arg("--workspace").arg(ws).args(args).env("DM_SCHEMAS_ROOT", root);
    match pinned {
        Some(tree) => cmd.env("DM_SCHEMAS", tree),
        None => cmd.env_remove("DM_SCHEMAS"),
    };
    cmd.output().expect("runs the xtask binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn upgrade_from_a_folder_moves_the_pin_and_keeps_the_old_release_beneath() {
    let ws = workspace_at_18_0("upgrade");
    let root = schemas_root();
    let shipped = std::fs::read_to_string(Path::new(WORKSPACE).join("schemas/pin.toml")).expect("pin");
    let commit = pin_value(&shipped, None, "commit");
    let from = root.join("release-18.1");
    let out = xtask(&ws.0, Some(&root.join("release-18.0")), &["upgrade", "--from", &from.to_string_lossy(), "--release", "release-18.1", "--commit", &commit]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "upgrade failed:\n{stderr}");
    assert!(stdout.starts_with("## Apple's schemas: release-18.0 → release-18.1\n"), "{stdout}");
    assert!(stdout.contains("- layered over release-17.0, release-18.0"), "{stdout}");
    assert!(stderr.contains("upgraded release-18.0 → release-18.1"), "{stderr}");

    // The pin: 18.1 with the project's digest and the commit given, 18.0 beneath with its own.
    let pin = std::fs::read_to_string(ws.0.join("schemas/pin.toml")).expect("pin");
    assert!(pin.starts_with("# Pinned (a comment that stays).\n"), "{pin}");
    assert_eq!(pin_value(&pin, None, "release"), "release-18.1");
    assert_eq!(pin_value(&pin, None, "commit"), commit);
    assert_eq!(pin_value(&pin, None, "digest"), pin_value(&shipped, None, "digest"));
    assert_eq!(pin_value(&pin, Some("release-18.0"), "commit"), "1".repeat(40));
    assert_eq!(pin_value(&pin, Some("release-18.0"), "digest"), pin_value(&shipped, Some("release-18.0"), "digest"));

    // Every layer verifies from where the workspace keeps it: 18.1 in schemas/tree, 18.0 in
    // schemas/releases (17.0 from a DM_SCHEMAS_ROOT that holds only it).
    let only_17 = ws.0.join("only-17.0");
    std::fs::create_dir_all(&only_17).expect("folder");
    std::os::unix::fs::symlink(root.join("release-17.0"), only_17.join("release-17.0")).expect("symlink");
    let out = xtask_with_root(&ws.0, None, &only_17, &["verify-schemas"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("ok release-17.0 "), "{stdout}");
    assert!(lines[1].starts_with("ok release-18.0 ") && lines[1].contains("schemas/releases/release-18.0"), "{stdout}");
    assert!(lines[2].starts_with("ok release-18.1 ") && lines[2].contains("schemas/tree"), "{stdout}");

    // With no DM_SCHEMAS_ROOT, the layers are found beside the pinned tree (the shared folder
    // holding every release), as the README's commands need.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--workspace")
        .arg(&ws.0)
        .arg("verify-schemas")
        .env("DM_SCHEMAS", root.join("release-18.1"))
        .env("DM_SCHEMAS_ROOT", "")
        .output()
        .expect("runs");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.lines().nth(1).is_some_and(|l| l.starts_with("ok release-18.0 ") && l.contains(&root.join("release-18.0").display().to_string())),
        "{stdout}"
    );

    // The generated crate is what regenerate makes from the new layers, and says so.
    let out = xtask(&ws.0, None, &["regenerate", "--check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("up to date") && text(&out.stdout).contains("release-18.1 over release-17.0, release-18.0"), "{}", text(&out.stdout));
    let root_mod = std::fs::read_to_string(ws.0.join("generated/src/generated/mod.rs")).expect("mod.rs");
    assert!(root_mod.contains(r#"pub const LAYERS: &[&str] = &["release-17.0", "release-18.0", "release-18.1"];"#));
}

#[test]
fn upgrade_from_a_missing_folder_writes_nothing() {
    let ws = workspace_at_18_0("missing");
    let before = std::fs::read_to_string(ws.0.join("schemas/pin.toml")).expect("pin");
    let out = xtask(
        &ws.0,
        Some(&schemas_root().join("release-18.0")),
        &["upgrade", "--from", "/no/such/tree", "--release", "release-27.0", "--commit", &"2".repeat(40)],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("/no/such/tree"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(ws.0.join("schemas/pin.toml")).expect("pin"), before);
    assert!(!ws.0.join("schemas/tree").exists() && !ws.0.join("schemas/releases").exists());
    assert_eq!(std::fs::read_dir(ws.0.join("generated")).expect("generated").count(), 0);
}
