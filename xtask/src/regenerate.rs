//! `cargo xtask regenerate [--check] [--unpinned] [--verbose] [--no-cache]`: rebuild
//! `generated/src/generated/` from the pinned release with the older releases layered beneath it
//! (`schemas/pin.toml`, each tree verified), or check that it is up to date, and print what the
//! tree's checks found (a summary by kind; `--verbose` lists each file and path). `--unpinned`
//! generates from the one tree given, alone.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::Args;
use generator::check::summary;
use generator::codegen;
use generator::render_cache::RenderCache;
use generator::source;

use crate::Context;

#[derive(Args)]
pub struct RegenerateArgs {
    /// Do not write; fail and name the stale files when generated/ differs from the schemas
    #[arg(long)]
    check: bool,
    /// Accept a tree that does not match schemas/pin.toml (for trying a new release)
    #[arg(long)]
    unpinned: bool,
    /// List every warning with its file and key path, not only the count per kind
    #[arg(long, short)]
    verbose: bool,
    /// Print every module again instead of taking unchanged ones from the render cache
    /// (target/xtask/regenerate-cache, keyed by this program's build and each schema file)
    #[arg(long)]
    no_cache: bool,
}

pub fn regenerate(ctx: &Context, args: RegenerateArgs) -> anyhow::Result<()> {
    let tree = ctx.schema_tree()?;
    let pin = ctx.pin()?;
    let cache = if args.no_cache { None } else { RenderCache::beside_program() };
    let (generation, release) = match source::verify(&tree, &pin) {
        Ok(()) => {
            let layers = ctx.verified_layers(&pin).context("a layer beneath the pinned release")?;
            let named: Vec<(String, PathBuf)> = layers.iter().map(|(p, dir)| (p.release.clone(), dir.clone())).collect();
            let (generation, _) = codegen::run_layers(&named, cache.as_ref())?;
            let below: Vec<&str> = pin.beneath.iter().map(|l| l.release.as_str()).collect();
            let label = if below.is_empty() { pin.release.clone() } else { format!("{} over {}", pin.release, below.join(", ")) };
            (generation, label)
        }
        Err(e) if args.unpinned => {
            eprintln!("warning: {e}");
            let release = format!("unpinned tree {}", tree.display());
            (codegen::run(&tree, &release, cache.as_ref())?, release)
        }
        Err(e) => return Err(e).context("the schema tree is not the pinned one (pass --unpinned to generate from it anyway)"),
    };
    eprint!("{}", summary::render(&generation.warnings, args.verbose));
    let files = &generation.files;
    let crate_dir = ctx.workspace.join("generated");
    if args.check {
        let stale = codegen::check(&crate_dir, files)?;
        if !stale.is_fresh() {
            bail!("generated code is out of date:\n{stale}");
        }
        println!("generated/ is up to date ({} files from {release})", files.len());
    } else {
        let written = codegen::write(&crate_dir, files)?;
        println!("{} of {} generated files changed (from {release})", written.len(), files.len());
        for w in written.iter().take(20) {
            println!("  {w}");
        }
    }
    Ok(())
}
