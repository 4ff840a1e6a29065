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
//! version, the tests crate builds an example from outside its folder). Every other member is
//! packed, unpacked and patched in, names and versions from `cargo metadata`; which members
//! those must be is the packaging test's (`tests/tests/it/packaging.rs`).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _, Result};
use clap::Args;

use crate::Context;

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

/// The workspace's members, from `cargo metadata`.
struct Members {
    /// The publishable ones, each with its version.
    published: Vec<(String, String)>,
    /// Those with `publish = false`.
    unpublished: Vec<String>,
}

fn members(workspace: &Path) -> Result<Members> {
    let out = cargo().current_dir(workspace).args(["metadata", "--no-deps", "--format-version", "1"]).output().context("running cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading cargo metadata")?;
    let packages = meta["packages"].as_array().context("cargo metadata has no packages")?;
    let mut members = Members { published: Vec::new(), unpublished: Vec::new() };
    for p in packages {
        let name = p["name"].as_str().context("a package without a name")?.to_string();
        // `publish = false` is an empty registry list; absent (null) means any registry.
        if p["publish"].as_array().is_some_and(Vec::is_empty) {
            members.unpublished.push(name);
        } else {
            let version = p["version"].as_str().with_context(|| format!("{name} has no version"))?.to_string();
            members.published.push((name, version));
        }
    }
    if members.published.is_empty() {
        bail!("no workspace member is publishable");
    }
    members.published.sort();
    members.unpublished.sort();
    Ok(members)
}

/// Removes the sources cargo unpacked from its verification registry in an earlier run.
/// Cargo unpacks a `.crate` once per name and version under `$CARGO_HOME/registry/src/<source>/`
/// and reuses that folder: without this, `cargo package` would verify the generated crate
/// against the runtime as it was packaged the first time, not as it is now. Only folders of the
/// published crates outside crates.io's own source are removed.
fn forget_earlier_packages(published: &[(String, String)]) -> Result<()> {
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
                if published.iter().any(|(p, _)| {
                    name.strip_prefix(p.as_str()).and_then(|rest| rest.strip_prefix('-')).is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
                }) {
                    let path = entry.path();
                    let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
                    removed.with_context(|| format!("removing {}", path.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// Removes what an earlier run built of the published crates (their fingerprints and outputs in
/// `<target>/debug`: the verification's, the downstream program's), so they are built again
/// from the new `.crate` files; their dependencies stay built. Their files start with the package name, or its library name
/// (`-` as `_`), with or without `lib`.
fn forget_earlier_builds(target: &Path, published: &[(String, String)]) -> Result<()> {
    let prefixes: Vec<String> = published
        .iter()
        .flat_map(|(p, _)| {
            let lib = p.replace('-', "_");
            [p.clone(), format!("lib{lib}"), lib]
        })
        .collect();
    for folder in [".fingerprint", "deps", "build"] {
        let Ok(entries) = std::fs::read_dir(target.join("debug").join(folder)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = prefixes.iter().any(|p| name.starts_with(p.as_str()));
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

    let members = members(ws)?;
    forget_earlier_packages(&members.published)?;
    let mut package = cargo();
    // Its own target folder: cargo takes a crate from a registry as never changing, so a
    // verification build in the workspace's target would reuse the runtime as first packaged.
    let verify = out.join("verify");
    forget_earlier_builds(&verify, &members.published)?;
    package.current_dir(ws).env("CARGO_TARGET_DIR", &verify).args(["package", "--allow-dirty", "--workspace"]);
    let unpublished = &members.unpublished;
    for p in unpublished {
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
    for (p, version) in &members.published {
        let file = verify.join("package").join(format!("{p}-{version}.crate"));
        run(Command::new("tar").arg("-xzf").arg(&file).arg("-C").arg(&crates), &format!("tar -xzf {}", file.display()))?;
        let dir = crates.join(format!("{p}-{version}"));
        if !dir.join("Cargo.toml").is_file() {
            bail!("{} holds no Cargo.toml", dir.display());
        }
        patches.push_str(&format!("{p} = {{ path = \"{}\" }}\n", dir.display().to_string().replace('\\', "/")));
    }

    let facade = "apple-device-management";
    let Some((_, facade_version)) = members.published.iter().find(|(p, _)| p == facade) else {
        bail!("{facade} is not a publishable workspace member");
    };
    let app = out.join("app");
    std::fs::create_dir_all(app.join("src"))?;
    let main = ws.join("packaging/downstream/main.rs");
    std::fs::copy(&main, app.join("src/main.rs")).with_context(|| format!("copying {}", main.display()))?;
    let _ = std::fs::remove_file(app.join("Cargo.lock"));
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\n{facade} = \"{facade_version}\"\nplist = \"1\"\n\n[patch.crates-io]\n{patches}"
        ),
    )?;
    // The unpacked files carry the fixed old time stamps of the `.crate` files, so cargo would
    // take the published crates built by an earlier run as up to date: forgotten here too.
    let target = out.join("target");
    forget_earlier_builds(&target, &members.published)?;
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
