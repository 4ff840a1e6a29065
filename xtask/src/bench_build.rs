//! `cargo xtask bench-build`: how long the generated crate takes to build, as a user's clean
//! build pays it, alone and with a server that uses it (`examples/mdm-server`: the decoding of
//! every type a server dispatches is compiled there, see `AnyCommand::from_tagged`). For each configuration the dependencies are built first (not timed); then the
//! crate alone is cleaned and built `--runs` times, and the median wall time is printed as a
//! Markdown table with the generated code's size. Builds go to `target/bench-build`, so the
//! workspace's own build is left alone, and are not incremental (`CARGO_INCREMENTAL=0`): a
//! crate that comes from a registry or a git repository is built that way in its users'
//! builds, while a workspace member would also pay for writing its incremental caches.
//!
//! Absolute times do not carry from one machine to the next (machines of one kind differ by 2x
//! and more, and by what else runs), so every run also builds a reference crate, `serde_json`
//! (a dependency of the workspace, with its features), the same way and right before the
//! crate, and each figure is printed as a ratio to it, with the machine's load.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::Args;

use crate::Context;

#[derive(Args)]
pub struct BenchBuildArgs {
    /// Timed builds per configuration (the median is printed)
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Leave out the release build (the slowest)
    #[arg(long)]
    no_release: bool,
    /// Only the configurations whose name contains this text (`"commands\` alone, the crate"`);
    /// the reference is built beside each as always
    #[arg(long)]
    only: Option<String>,
}

/// One way of building the crate.
struct Config {
    name: &'static str,
    /// The package built (its library, or its binaries for a downstream one).
    package: &'static str,
    /// The packages cleaned before each timed run (the built one and what it is timed with).
    clean: &'static [&'static str],
    release: bool,
    args: &'static [&'static str],
    doc: bool,
}

const PACKAGE: &str = "apple-device-management";
/// The runtime the crate depends on: cleaned and rebuilt with it (a user builds both).
const RUNTIME: &str = "apple-device-management-runtime";

/// The reference crate every figure is divided by.
const REFERENCE: &str = "serde_json";

/// The goal of a configuration, as a ratio to the reference (issue #27).
fn goal(name: &str) -> Option<f64> {
    match name {
        "debug, all features" | "debug, all features, the crate alone" => Some(3.0),
        "debug, `commands` alone" | "debug, `commands` alone, the crate alone" => Some(1.0),
        _ => None,
    }
}

/// The 1-minute load average, where the system says it.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_string)).unwrap_or_else(|| "?".into())
}

const CONFIGS: &[Config] = &[
    Config { name: "debug, all features", package: PACKAGE, clean: &[PACKAGE, RUNTIME], release: false, args: &[], doc: false },
    Config {
        name: "debug, `commands` alone",
        package: PACKAGE,
        clean: &[PACKAGE, RUNTIME],
        release: false,
        args: &["--no-default-features", "--features", "commands"],
        doc: false,
    },
    // The generated crate alone (the facade and the category crates it enables, built side by
    // side), its runtime built as a dependency: how `serde_json` is measured (with `serde`
    // built). No package to clean: the crate roots are touched instead (`cargo clean -p
    // apple-device-management` also removes the runtime's fingerprints, whose names start the
    // same, and so rebuilds it).
    Config { name: "debug, all features, the crate alone", package: PACKAGE, clean: &[], release: false, args: &[], doc: false },
    Config {
        name: "debug, `commands` alone, the crate alone",
        package: PACKAGE,
        clean: &[],
        release: false,
        args: &["--no-default-features", "--features", "commands"],
        doc: false,
    },
    Config { name: "release, all features", package: PACKAGE, clean: &[PACKAGE, RUNTIME], release: true, args: &[], doc: false },
    Config { name: "`cargo doc`, all features", package: PACKAGE, clean: &[PACKAGE, RUNTIME], release: false, args: &[], doc: true },
    // What a server author pays: the crate and a server that dispatches check-in messages,
    // command responses, declarations and status reports (its other dependencies built).
    Config {
        name: "debug, the crate + `examples/mdm-server`",
        package: "mdm-server",
        clean: &[PACKAGE, RUNTIME, "mdm-server"],
        release: false,
        args: &[],
        doc: false,
    },
];

/// Where the crate is built, and where the reference is: apart, so that rebuilding the
/// reference (which the runtime depends on) never makes the crate's dependencies stale.
const TARGET: &str = "target/bench-build";
const REFERENCE_TARGET: &str = "target/bench-build-reference";

fn cargo(workspace: &Path, target: &str, args: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join(target))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(started.elapsed())
}

/// Marks a crate's root as changed, so that (not incremental) the crate alone is rebuilt.
fn touch(path: &Path) -> Result<()> {
    let file = std::fs::File::options().append(true).open(path).with_context(|| format!("opening {}", path.display()))?;
    file.set_modified(std::time::SystemTime::now()).with_context(|| format!("touching {}", path.display()))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The roots of the category crates (`generated/crates/*/src/lib.rs`).
fn category_roots(workspace: &Path) -> Vec<std::path::PathBuf> {
    let mut roots: Vec<_> = std::fs::read_dir(workspace.join("generated/crates"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("src/lib.rs"))
        .filter(|p| p.is_file())
        .collect();
    roots.sort();
    roots
}

/// Lines and files of the generated Rust code (`generated/src/generated`, `generated/crates`).
fn generated_size(workspace: &Path) -> (usize, usize) {
    fn walk(dir: &Path, acc: &mut (usize, usize)) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, acc);
            } else if path.extension().is_some_and(|e| e == "rs") {
                acc.0 += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
                acc.1 += 1;
            }
        }
    }
    let mut acc = (0, 0);
    walk(&workspace.join("generated/src/generated"), &mut acc);
    walk(&workspace.join("generated/crates"), &mut acc);
    acc
}

/// The build and clean commands of `package` in a configuration's mode.
fn commands<'a>(config: &'a Config, package: &'a str, args: &'a [&'a str], clean: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let verb = if config.doc { "doc" } else { "build" };
    let target = if package == config.package && config.package != PACKAGE { "--bins" } else { "--lib" };
    let mut build: Vec<&str> = vec![verb, "-q", "-p", package, target];
    if config.doc {
        build.push("--no-deps");
    }
    if config.release {
        build.push("--release");
    }
    build.extend_from_slice(args);
    let mut cleaning: Vec<&str> = vec!["clean", "-q"];
    if config.doc {
        // `cargo clean --doc` removes every crate's docs; only the one asked for is rebuilt (`--no-deps`).
        cleaning.push("--doc");
    } else {
        for package in clean {
            cleaning.extend_from_slice(&["-p", package]);
        }
        if config.release {
            cleaning.push("--release");
        }
    }
    (build, cleaning)
}

pub fn bench_build(ctx: &Context, args: BenchBuildArgs) -> Result<()> {
    let runs = args.runs.max(1);
    let load_before = load();
    let mut rows = Vec::new();
    let chosen = |c: &&Config| !(c.release && args.no_release) && args.only.as_deref().is_none_or(|only| c.name.contains(only));
    if !CONFIGS.iter().any(|c| chosen(&c)) {
        let names: Vec<&str> = CONFIGS.iter().map(|c| c.name).collect();
        bail!("no configuration matches --only: they are {}", names.join("; "));
    }
    for config in CONFIGS.iter().filter(chosen) {
        let (build, clean) = commands(config, config.package, config.args, config.clean);
        let (ref_build, ref_clean) = commands(config, REFERENCE, &[], &[REFERENCE]);
        eprintln!("{}: building the dependencies", config.name);
        cargo(&ctx.workspace, TARGET, &build)?;
        cargo(&ctx.workspace, REFERENCE_TARGET, &ref_build)?;
        let (mut times, mut refs) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            cargo(&ctx.workspace, REFERENCE_TARGET, &ref_clean)?;
            let r = cargo(&ctx.workspace, REFERENCE_TARGET, &ref_build)?;
            if config.clean.is_empty() {
                // The facade and every category crate (those a configuration does not build
                // are left as they are by cargo).
                touch(&ctx.workspace.join("generated/src/lib.rs"))?;
                for root in category_roots(&ctx.workspace) {
                    touch(&root)?;
                }
            } else {
                cargo(&ctx.workspace, TARGET, &clean)?;
            }
            let t = cargo(&ctx.workspace, TARGET, &build)?;
            eprintln!("{}: run {run}: {:.1} s ({REFERENCE}: {:.1} s)", config.name, t.as_secs_f64(), r.as_secs_f64());
            times.push(t);
            refs.push(r);
        }
        rows.push((config.name, median(times), median(refs)));
    }
    let (lines, files) = generated_size(&ctx.workspace);
    println!("| clean build (dependencies built, not incremental) | wall, median of {runs} | `{REFERENCE}` the same way | ratio | goal |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, t, r) in rows {
        let ratio = t.as_secs_f64() / r.as_secs_f64().max(1e-3);
        let goal = goal(name).map(|g| format!("{g:.0}x")).unwrap_or_default();
        println!("| {name} | {:.1} s | {:.1} s | {ratio:.2}x | {goal} |", t.as_secs_f64(), r.as_secs_f64());
    }
    println!(
        "\ngenerated code: {lines} lines in {files} files; {} cores; load average {load_before} before, {} after",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        load()
    );
    Ok(())
}
