//! What `cargo package` and crates.io read, checked from `cargo metadata`: the published
//! crates carry complete metadata, the tools stay unpublished, and the workspace's
//! `rust-version` is one the published crates' dependency graph really allows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The crates meant for crates.io; every other workspace member says `publish = false`.
const PUBLISHED: [&str; 15] = [
    "apple-device-management-runtime",
    "apple-device-management-commands",
    "apple-device-management-commands-part1",
    "apple-device-management-commands-part2",
    "apple-device-management-checkin",
    "apple-device-management-errors",
    "apple-device-management-profiles",
    "apple-device-management-profiles-part1",
    "apple-device-management-profiles-part2",
    "apple-device-management-declarations",
    "apple-device-management-status",
    "apple-device-management-protocol",
    "apple-device-management-other",
    "apple-device-management",
    "dm-cli",
];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(cargo).args(["metadata", "--format-version", "1", "--locked"]).current_dir(&root).output().expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().expect("a rust-version is numbers"));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn packages(meta: &Value) -> BTreeMap<String, &Value> {
    meta["packages"].as_array().expect("packages").iter().map(|p| (p["id"].as_str().expect("id").to_string(), p)).collect()
}

#[test]
fn published_crates_carry_their_metadata_and_tools_stay_home() {
    let meta = metadata();
    let members: BTreeSet<&str> = meta["workspace_members"].as_array().expect("members").iter().filter_map(Value::as_str).collect();
    let mut published = Vec::new();
    for (id, p) in packages(&meta) {
        if !members.contains(id.as_str()) {
            continue;
        }
        let name = p["name"].as_str().expect("name");
        let publishable = p["publish"].as_array().is_none_or(|registries| !registries.is_empty());
        if PUBLISHED.contains(&name) {
            assert!(publishable, "{name} must be publishable");
            for field in ["description", "license", "repository", "documentation", "readme", "rust_version"] {
                assert!(p[field].as_str().is_some_and(|v| !v.is_empty()), "{name} has no `{field}`");
            }
            for field in ["keywords", "categories"] {
                let n = p[field].as_array().map_or(0, Vec::len);
                assert!((1..=5).contains(&n), "{name} has {n} {field} (crates.io takes 1 to 5)");
            }
            published.push(name.to_string());
        } else {
            assert!(!publishable, "{name} is a tool, test or example: it says `publish = false`");
        }
    }
    published.sort();
    let mut expected: Vec<String> = PUBLISHED.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(published, expected);
}

/// Every crate a published crate builds with (normal and build dependencies, on any target)
/// supports the `rust-version` the published crates declare.
#[test]
fn the_declared_rust_version_is_what_the_dependencies_allow() {
    let meta = metadata();
    let packages = packages(&meta);
    let nodes: BTreeMap<&str, &Value> = meta["resolve"]["nodes"].as_array().expect("nodes").iter().map(|n| (n["id"].as_str().expect("id"), n)).collect();
    let roots: Vec<&str> = packages.iter().filter(|(_, p)| PUBLISHED.contains(&p["name"].as_str().unwrap_or(""))).map(|(id, _)| id.as_str()).collect();
    assert_eq!(roots.len(), PUBLISHED.len());
    let declared = packages[roots[0]]["rust_version"].as_str().expect("rust-version");
    let mut seen = BTreeSet::new();
    let mut stack = roots.clone();
    let mut newest: Option<((u64, u64, u64), String)> = None;
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let p = packages[id];
        if let Some(rv) = p["rust_version"].as_str() {
            let v = version(rv);
            if newest.as_ref().is_none_or(|(n, _)| v > *n) {
                newest = Some((v, format!("{} {}", p["name"].as_str().unwrap_or("?"), rv)));
            }
        }
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let normal_or_build = dep["dep_kinds"].as_array().expect("dep_kinds").iter().any(|k| k["kind"].as_str() != Some("dev"));
            if normal_or_build {
                stack.push(dep["pkg"].as_str().expect("pkg"));
            }
        }
    }
    for root in &roots {
        assert_eq!(packages[*root]["rust_version"].as_str(), Some(declared), "the published crates declare one rust-version");
    }
    let (newest, who) = newest.expect("some dependency declares a rust-version");
    assert!(newest <= version(declared), "{who} needs a newer Rust than the declared rust-version {declared}");
    assert_eq!(newest, version(declared), "{who} is the newest need: the declared {declared} promises more than the graph needs, lower it");
    assert!(seen.iter().any(|id| packages[*id]["name"] == "plist"), "plist is in the graph");
}

/// The repository holds sources, never build output: no file of a cargo target folder is
/// tracked (a stray `--target-dir` inside the checkout was once committed by `git add -A`).
/// Skipped where the tree is not a git checkout.
#[test]
fn no_build_output_is_tracked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let Ok(out) = Command::new("git").args(["ls-files", "-z"]).current_dir(&root).output() else { return };
    if !out.status.success() {
        return;
    }
    let files = String::from_utf8_lossy(&out.stdout);
    let built: Vec<&str> = files
        .split('\0')
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap_or(f);
            name == "CACHEDIR.TAG" || name == ".rustc_info.json" || [".rlib", ".rmeta", ".d", ".o"].iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    assert!(built.is_empty(), "build output is tracked by git: {built:?}");
}
