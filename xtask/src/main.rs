//! `cargo xtask`: the project's maintenance commands. This binary only reads flags, resolves paths and
//! prints; everything it runs is a `generator` function that a test can call too. (`bench-build` only runs cargo and times it)

mod bench_build;
mod check_examples;
mod downstream;
mod drift;
mod fetch;
mod regenerate;
mod upgrade;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use generator::error::SourceError;
use generator::source::{self, Pin};

#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "Maintenance commands of the apple-device-management workspace")]
struct Cli {
    /// Schema tree to read [default: $DM_SCHEMAS, else schemas/tree]
    #[arg(long, global = true, value_name = "DIR")]
    schemas: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Put the pinned schema tree into schemas/tree and check its digest
    FetchSchemas(fetch::FetchArgs),
    /// Check a schema tree's digest against schemas/pin.toml
    VerifySchemas,
    /// Rebuild generated/src/generated from the schema tree (or --check that it is fresh)
    Regenerate(regenerate::RegenerateArgs),
    /// What changed between two schema trees and what it does to the generated API
    Drift(drift::DriftArgs),
    /// Time clean builds of the generated crate (debug, `commands` alone, release, doc)
    BenchBuild(bench_build::BenchBuildArgs),
    /// Decode and validate every example file the schema tree ships (newer releases)
    CheckExamples,
    /// Package the published crates (verified), unpack them and build and run a program outside
    /// the workspace against the unpacked packages (packaging/downstream/main.rs)
    Downstream(downstream::DownstreamArgs),
    /// Move to another Apple release in one step: verify, lint, drift with API impact,
    /// regenerate, install the tree and update schemas/pin.toml (nothing written on failure)
    Upgrade(upgrade::UpgradeArgs),
}

/// What every command may need: the workspace and the schema tree the user asked for.
pub struct Context {
    pub workspace: PathBuf,
    /// The global `--schemas DIR`, if given; read it through [`Context::schema_tree`].
    pub schemas_flag: Option<PathBuf>,
}

impl Context {
    /// The pin of `schemas/pin.toml`.
    pub fn pin(&self) -> Result<Pin, SourceError> {
        Pin::load(&source::pin_path(&self.workspace))
    }

    /// The schema tree to read: `--schemas`, else `$DM_SCHEMAS`, else `schemas/tree`.
    pub fn schema_tree(&self) -> Result<PathBuf, SourceError> {
        source::locate_tree(self.schemas_flag.clone(), &self.workspace)
    }

    /// Every layer of the pin with its tree, oldest first, the pinned release (at
    /// [`Context::schema_tree`]) last; each verified against its digest.
    pub fn verified_layers(&self, pin: &Pin) -> Result<Vec<(Pin, PathBuf)>, SourceError> {
        let layers = source::layer_trees(pin, &self.schema_tree()?, &self.workspace)?;
        source::verify_layers(&layers)?;
        Ok(layers)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ctx = Context { workspace: manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf(), schemas_flag: cli.schemas };
    let result = match cli.command {
        Command::FetchSchemas(args) => fetch::fetch_schemas(&ctx, args),
        Command::VerifySchemas => fetch::verify_schemas(&ctx),
        Command::Regenerate(args) => regenerate::regenerate(&ctx, args),
        Command::Drift(args) => drift::drift(&ctx, args),
        Command::BenchBuild(args) => bench_build::bench_build(&ctx, args),
        Command::CheckExamples => check_examples::check_examples(&ctx),
        Command::Downstream(args) => downstream::downstream(&ctx, args),
        Command::Upgrade(args) => upgrade::upgrade(&ctx, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
