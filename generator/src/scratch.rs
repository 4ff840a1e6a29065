//! Scratch crates: a copy of the `apple-device-management` crate built from the generator's
//! output for any tree, to `cargo check` or run. It holds the generated files (the category
//! crates in `crates/`, members of the scratch crate's own workspace, which gives them what the
//! generated manifests take from the workspace) and a copy of the crate root
//! `generated/src/lib.rs`, depends on the workspace's runtime crate by path (never copied), and
//! holds any file a caller adds (a downstream snippet as an example target, the example checker
//! as a binary).
//!
//! Tests use it to prove that a fixture tree's crate compiles (and to compile code against
//! crates generated from two trees); `cargo xtask check-examples` runs a tree's examples
//! through it. Every crate of one `root` shares one target folder (`<root>/target`), so the
//! dependencies are built once; the workspace's `Cargo.lock` is copied in, so they are the
//! versions the workspace uses, and cargo runs offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A failure to write or run a scratch crate.
#[derive(Debug, thiserror::Error)]
pub enum ScratchError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot run cargo: {0}")]
    Cargo(std::io::Error),
}

fn io(path: &Path, source: std::io::Error) -> ScratchError {
    ScratchError::Io { path: path.display().to_string(), source }
}

/// A scratch crate on disk.
#[derive(Debug, Clone)]
pub struct ScratchCrate {
    pub dir: PathBuf,
    target: PathBuf,
}

/// What cargo said.
#[derive(Debug, Clone)]
pub struct CargoOutcome {
    pub success: bool,
    pub stdout: String,
    /// Cargo's and rustc's messages (warnings and errors).
    pub stderr: String,
}

impl CargoOutcome {
    /// The first line of each rustc warning and error.
    pub fn diagnostics(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.starts_with("warning") || l.starts_with("error")).collect()
    }
}

fn write(path: &Path, text: &str) -> Result<(), ScratchError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| io(path, e))
}

/// The scratch crate's manifest: the generated crate's dependencies (the runtime at `runtime`,
/// the workspace's `runtime/` folder, and the category crates of `crates/`) and features as the
/// workspace declares them, and a workspace of its own (with the category and part crates as
/// members and the `[workspace.package]` and `[workspace.dependencies]` their manifests inherit)
/// so that the outer one does not claim it.
fn manifest(name: &str, runtime: &str) -> String {
    use crate::emit::crates::{crate_dir, package_name};
    let categories = crate::model::Category::ALL;
    let features: String = categories.iter().map(|c| format!("{} = [\"dep:{}\"]\n", c.name(), package_name(*c))).collect();
    let default = categories.map(|c| format!("\"{}\"", c.name())).join(", ");
    let deps: String = categories.iter().map(|c| format!("{} = {{ path = \"{}\", optional = true }}\n", package_name(*c), crate_dir(*c))).collect();
    let members = crate::emit::crates::CRATES_DIR;
    // The category crates name their part crates at this version.
    let version = crate::emit::crates::VERSION;
    format!(
        r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]
members = ["{members}/*"]

[workspace.package]
version = "{version}"
edition = "2021"
license = "MIT"
rust-version = "1.88"
repository = "https://example.invalid/scratch"

[workspace.dependencies]
apple-device-management-runtime = {{ path = "{runtime}" }}
serde = {{ version = "1", features = ["derive"] }}

[lib]
name = "apple_device_management"

[features]
default = [{default}]
{features}

[dependencies]
apple-device-management-runtime = {{ path = "{runtime}" }}
{deps}serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
plist = "1.10"
"#
    )
}

impl ScratchCrate {
    /// Writes the crate `name` (a folder below `root`, and the package name) from `files`, the
    /// generator's output (`codegen::generate`): its `src/generated/`, `crates/` and test-support files, and a copy of
    /// `<workspace>/generated/src/lib.rs`; the runtime is `<workspace>/runtime`. A crate of that
    /// name written before is replaced.
    pub fn new(root: &Path, name: &str, workspace: &Path, files: &BTreeMap<String, String>) -> Result<ScratchCrate, ScratchError> {
        let dir = root.join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
        let runtime = workspace.join("runtime");
        let runtime = std::fs::canonicalize(&runtime).map_err(|e| io(&runtime, e))?;
        let runtime = runtime.to_string_lossy().replace('\\', "/");
        write(&dir.join("Cargo.toml"), &manifest(name, &runtime))?;
        if let Ok(lock) = std::fs::read_to_string(workspace.join("Cargo.lock")) {
            write(&dir.join("Cargo.lock"), &lock)?;
        }
        for (path, text) in files.iter().filter(|(p, _)| {
            p.starts_with(crate::emit::GENERATED_DIR)
                || p.starts_with(crate::emit::crates::CRATES_DIR)
                || p.starts_with(crate::emit::test_support::TEST_SUPPORT_DIR)
        }) {
            write(&dir.join(path), text)?;
        }
        let lib_path = workspace.join("generated/src/lib.rs");
        let lib = std::fs::read_to_string(&lib_path).map_err(|e| io(&lib_path, e))?;
        write(&dir.join("src/lib.rs"), &lib)?;
        Ok(ScratchCrate { dir, target: root.join("target") })
    }

    /// Adds (or replaces) a file, path relative to the crate (`examples/downstream.rs`).
    pub fn add_file(&self, path: &str, text: &str) -> Result<(), ScratchError> {
        write(&self.dir.join(path), text)
    }

    /// Runs `cargo <args…> --offline --quiet` on the crate, in the shared target folder, not
    /// incrementally. `RUSTFLAGS` from the caller's environment is left out, so every caller
    /// shares one build of the dependencies.
    pub fn cargo(&self, args: &[&str]) -> Result<CargoOutcome, ScratchError> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let (sub, rest) = args.split_first().map(|(s, r)| (*s, r)).unwrap_or(("check", &[]));
        let out = Command::new(cargo)
            .arg(sub)
            .arg("--offline")
            .arg("--quiet")
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .args(rest)
            .env("CARGO_TARGET_DIR", &self.target)
            // Each scratch crate is built once: cargo's incremental caches would only fill
            // `target/` (270 MB a test run).
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .map_err(ScratchError::Cargo)?;
        Ok(CargoOutcome {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// `cargo check` of the library, with `extra` arguments (`--no-default-features`,
    /// `--features …`, `--all-targets`).
    pub fn check(&self, extra: &[&str]) -> Result<CargoOutcome, ScratchError> {
        let args: Vec<&str> = std::iter::once("check").chain(extra.iter().copied()).collect();
        self.cargo(&args)
    }
}
