//! `cargo xtask downstream`: the crates as a user gets them from a registry. Runs
//! `cargo package` on the published crates (the runtime, the category crates, the facade, `dm-cli`; cargo
//! packs workspace members that depend on each other together and verifies each by building it
//! from its `.crate` file), unpacks the `.crate` files into `target/downstream/crates/`, and
//! builds and runs `packaging/downstream/main.rs` as a program outside the workspace whose
//! dependencies on the crates point at the unpacked packages (`[patch.crates-io]`). It has no
//! lock file, so every other dependency resolves afresh: the newest plist 1.x, as a new user's
//! would. The resolved plist version is printed.
//!
//! It runs `cargo package --workspace --exclude …`, excluding every `publish = false` member
//! (the generator, the tests, xtask, the example server; read from `cargo metadata`): plain
//! `--workspace` packs those too, and they cannot be packed (their path dependencies carry no
//! version, the tests crate builds an example from outside its folder). The publishable members
//! must be exactly [`PUBLISHED`], so a new crate cannot be left out of the check.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _, Result};
use clap::Args;

use crate::Context;

/// The crates published to crates.io, in dependency order: the runtime, the category crates the
/// generator writes (`generated/crates/`), the facade, `dm-cli`.
pub const PUBLISHED: &[&str] = &[
    "apple-device-management-runtime",
    "apple-device-management-commands",
    "apple-device-management-checkin",
    "apple-device-management-errors",
    "apple-device-management-profiles",
    "apple-device-management-declarations",
    "apple-device-management-status",
    "apple-device-management-protocol",
    "apple-device-management-other",
    "apple-device-management",
    "dm-cli",
];

#[derive(Args)]
pub struct DownstreamArgs {
    /// Skip `cargo package`'s verification build (the `.crate` files are still written)
    #[arg(long)]
    no_verify: bool,
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(command: &mut Command, what: &str) -> Result<String> {
    let out = command.output().with_context(|| format!("running {what}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("{what} failed:\n{stderr}");
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The workspace members with `publish = false`, from `cargo metadata`; an error when the
/// publishable ones are not exactly [`PUBLISHED`].
fn unpublished_members(workspace: &Path) -> Result<Vec<String>> {
    let out = cargo().current_dir(workspace).args(["metadata", "--no-deps", "--format-version", "1"]).output().context("running cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading cargo metadata")?;
    let packages = meta["packages"].as_array().context("cargo metadata has no packages")?;
    let (mut published, mut unpublished) = (Vec::new(), Vec::new());
    for p in packages {
        let name = p["name"].as_str().context("a package without a name")?.to_string();
        // `publish = false` is an empty registry list; absent (null) means any registry.
        if p["publish"].as_array().is_some_and(Vec::is_empty) {
            unpublished.push(name);
        } else {
            published.push(name);
        }
    }
    published.sort();
    let mut expected: Vec<String> = PUBLISHED.iter().map(|p| p.to_string()).collect();
    expected.sort();
    if published != expected {
        bail!(
            "the publishable members are {published:?}, expected {expected:?}: add the new crate to PUBLISHED (xtask/src/downstream.rs) or set publish = false"
        );
    }
    unpublished.sort();
    Ok(unpublished)
}

/// The version of the published crates: every one takes the workspace's
/// (`[workspace.package]`, `version.workspace = true`).
fn version(workspace: &Path) -> Result<String> {
    let text = std::fs::read_to_string(workspace.join("Cargo.toml")).context("reading Cargo.toml")?;
    let package = text.split("[workspace.package]").nth(1).context("Cargo.toml has no [workspace.package]")?;
    package
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')))
        .map(str::to_string)
        .context("[workspace.package] has no version")
}

/// Removes the sources cargo unpacked from its verification registry in an earlier run.
/// Cargo unpacks a `.crate` once per name and version under `$CARGO_HOME/registry/src/<source>/`
/// and reuses that folder: without this, `cargo package` would verify the generated crate
/// against the runtime as it was packaged the first time, not as it is now. Only folders of the
/// published crates outside crates.io's own source are removed.
fn forget_earlier_packages() -> Result<()> {
    let home =
        std::env::var_os("CARGO_HOME").map(std::path::PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")));
    let Some(home) = home else { return Ok(()) };
    for area in ["src", "cache"] {
        let Ok(sources) = std::fs::read_dir(home.join("registry").join(area)) else { continue };
        for source in sources.flatten() {
            if source.file_name().to_string_lossy().starts_with("index.crates.io") {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(source.path()) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if PUBLISHED
                    .iter()
                    .any(|p| name.strip_prefix(p).and_then(|rest| rest.strip_prefix('-')).is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())))
                {
                    let path = entry.path();
                    let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
                    removed.with_context(|| format!("removing {}", path.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// Removes what an earlier verification built of the published crates (their fingerprints and
/// outputs in `verify/debug`), so they are built again from the new `.crate` files; their
/// dependencies stay built.
fn forget_earlier_builds(verify: &Path) -> Result<()> {
    for folder in [".fingerprint", "deps", "build"] {
        let Ok(entries) = std::fs::read_dir(verify.join("debug").join(folder)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = ["apple-device-management", "apple_device_management", "dm-cli", "dm_cli", "libapple_device_management", "libdm_cli"]
                .iter()
                .any(|p| name.starts_with(p));
            if ours {
                let path = entry.path();
                let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
                removed.with_context(|| format!("removing {}", path.display()))?;
            }
        }
    }
    Ok(())
}

pub fn downstream(ctx: &Context, args: DownstreamArgs) -> Result<()> {
    let ws = &ctx.workspace;
    let out = ws.join("target/downstream");
    let crates = out.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).context("clearing target/downstream/crates")?;
    }
    std::fs::create_dir_all(&crates)?;

    forget_earlier_packages()?;
    let mut package = cargo();
    // Its own target folder: cargo takes a crate from a registry as never changing, so a
    // verification build in the workspace's target would reuse the runtime as first packaged.
    let verify = out.join("verify");
    forget_earlier_builds(&verify)?;
    package.current_dir(ws).env("CARGO_TARGET_DIR", &verify).args(["package", "--allow-dirty", "--workspace"]);
    let unpublished = unpublished_members(ws)?;
    for p in &unpublished {
        package.args(["--exclude", p]);
    }
    if args.no_verify {
        package.arg("--no-verify");
    }
    eprintln!("cargo package --workspace --exclude {} (verified: {})", unpublished.join(" --exclude "), !args.no_verify);
    let status = package.status().context("running cargo package")?;
    if !status.success() {
        bail!("cargo package failed");
    }

    let mut patches = String::new();
    for p in PUBLISHED {
        let file = verify.join("package").join(format!("{p}-{}.crate", version(ws)?));
        run(Command::new("tar").arg("-xzf").arg(&file).arg("-C").arg(&crates), &format!("tar -xzf {}", file.display()))?;
        let dir = crates.join(format!("{p}-{}", version(ws)?));
        if !dir.join("Cargo.toml").is_file() {
            bail!("{} holds no Cargo.toml", dir.display());
        }
        patches.push_str(&format!("{p} = {{ path = \"{}\" }}\n", dir.display().to_string().replace('\\', "/")));
    }

    let app = out.join("app");
    std::fs::create_dir_all(app.join("src"))?;
    let main = ws.join("packaging/downstream/main.rs");
    std::fs::copy(&main, app.join("src/main.rs")).with_context(|| format!("copying {}", main.display()))?;
    let _ = std::fs::remove_file(app.join("Cargo.lock"));
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\napple-device-management = \"{}\"\nplist = \"1\"\n\n[patch.crates-io]\n{patches}",
            version(ws)?
        ),
    )?;
    let target = out.join("target");
    eprintln!("building packaging/downstream/main.rs against the unpacked crates (in {})", app.display());
    let status = cargo()
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .args(["run", "--quiet"])
        .status()
        .context("running the downstream program")?;
    if !status.success() {
        bail!("the downstream program failed");
    }
    let tree = run(cargo().current_dir(&app).args(["tree", "--quiet", "--invert", "plist", "--depth", "0"]), "cargo tree -i plist")?;
    println!("downstream resolved {}", tree.trim());
    Ok(())
}
