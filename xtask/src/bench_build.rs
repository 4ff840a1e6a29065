//! `cargo xtask bench-build`: how long the generated crate takes to build, as a user's clean
//! build pays it, alone and with a server that uses it (`examples/mdm-server`: the decoding of
//! every type a server dispatches is compiled there, see `AnyCommand::from_tagged`). For each configuration the dependencies are built first (not timed); then the
//! crate alone is cleaned and built `--runs` times, and the median wall time is printed as a
//! Markdown table with the generated code's size. Builds go to `target/bench-build`, so the
//! workspace's own build is left alone, and are not incremental (`CARGO_INCREMENTAL=0`): a
//! crate that comes from a registry or a git repository is built that way in its users'
//! builds, while a workspace member would also pay for writing its incremental caches.

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

const CONFIGS: &[Config] = &[
    Config { name: "debug, all features", package: PACKAGE, clean: &[PACKAGE], release: false, args: &[], doc: false },
    Config {
        name: "debug, `commands` alone",
        package: PACKAGE,
        clean: &[PACKAGE],
        release: false,
        args: &["--no-default-features", "--features", "commands"],
        doc: false,
    },
    Config { name: "release, all features", package: PACKAGE, clean: &[PACKAGE], release: true, args: &[], doc: false },
    Config { name: "`cargo doc`, all features", package: PACKAGE, clean: &[PACKAGE], release: false, args: &[], doc: true },
    // What a server author pays: the crate and a server that dispatches check-in messages,
    // command responses, declarations and status reports (its other dependencies built).
    Config { name: "debug, the crate + `examples/mdm-server`", package: "mdm-server", clean: &[PACKAGE, "mdm-server"], release: false, args: &[], doc: false },
];

fn cargo(workspace: &Path, args: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target/bench-build"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(started.elapsed())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Lines and files of `generated/src/generated`.
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
    acc
}

pub fn bench_build(ctx: &Context, args: BenchBuildArgs) -> Result<()> {
    let runs = args.runs.max(1);
    let mut rows = Vec::new();
    for config in CONFIGS.iter().filter(|c| !(c.release && args.no_release)) {
        let verb = if config.doc { "doc" } else { "build" };
        let target = if config.package == PACKAGE { "--lib" } else { "--bins" };
        let mut build: Vec<&str> = vec![verb, "-q", "-p", config.package, target];
        if config.doc {
            build.push("--no-deps");
        }
        if config.release {
            build.push("--release");
        }
        build.extend_from_slice(config.args);
        let mut clean: Vec<&str> = vec!["clean", "-q"];
        for package in config.clean {
            clean.extend_from_slice(&["-p", package]);
        }
        if config.release {
            clean.push("--release");
        }
        if config.doc {
            clean.push("--doc");
        }
        eprintln!("{}: building the dependencies", config.name);
        cargo(&ctx.workspace, &build)?;
        let mut times = Vec::new();
        for run in 1..=runs {
            if config.doc {
                // `cargo clean --doc` removes every crate's docs; only this crate's are rebuilt (`--no-deps`).
                cargo(&ctx.workspace, &["clean", "-q", "--doc"])?;
            } else {
                cargo(&ctx.workspace, &clean)?;
            }
            let t = cargo(&ctx.workspace, &build)?;
            eprintln!("{}: run {run}: {:.1} s", config.name, t.as_secs_f64());
            times.push(t);
        }
        rows.push((config.name, median(times)));
    }
    let (lines, files) = generated_size(&ctx.workspace);
    println!("| clean build (dependencies built, not incremental) | wall, median of {runs} |");
    println!("| --- | ---: |");
    for (name, t) in rows {
        println!("| {name} | {:.1} s |", t.as_secs_f64());
    }
    println!("\ngenerated code: {lines} lines in {files} files ({} cores)", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    Ok(())
}
