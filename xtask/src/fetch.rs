//! `fetch-schemas` and `verify-schemas`: getting the pinned upstream tree and checking a tree against
//! the pin. The work is in `generator::source`.

use std::path::PathBuf;

use anyhow::bail;
use generator::source;

use crate::Context;

#[derive(clap::Args)]
pub struct FetchArgs {
    /// Copy from a local checkout or copy of apple/device-management instead of downloading
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Where to put the tree [default: schemas/tree; with --release: schemas/releases/NAME]
    #[arg(long, value_name = "DIR")]
    dest: Option<PathBuf>,
    /// One layer of the pin (release-17.0, release-18.0 beneath release-18.1), verified against
    /// its digest, into schemas/releases/NAME
    #[arg(long, value_name = "NAME")]
    release: Option<String>,
}

pub fn fetch_schemas(ctx: &Context, args: FetchArgs) -> anyhow::Result<()> {
    if ctx.schemas_flag.is_some() {
        bail!("fetch-schemas writes a tree: give its destination with --dest DIR (--schemas names a tree to read)");
    }
    let pinned = ctx.pin()?;
    let (pin, default_dest) = match &args.release {
        Some(release) => (pinned.for_release(release)?, source::releases_dir(&ctx.workspace).join(release)),
        None => (pinned.alone(), source::default_tree(&ctx.workspace)),
    };
    let dest = args.dest.unwrap_or(default_dest);
    if args.release.is_none() && args.from.is_none() {
        // Every layer beneath, each into schemas/releases/NAME.
        for layer in &pinned.beneath {
            let dest = source::releases_dir(&ctx.workspace).join(&layer.release);
            eprintln!("downloading {} {} (a layer beneath {}) ...", layer.repository, layer.release, pinned.release);
            let fetched = source::fetch(layer, &dest, None)?;
            println!("fetched {} YAML files of {} into {}; verified {}", fetched.yaml_files, layer.release, dest.display(), layer.digest);
        }
    } else if args.release.is_none() && !pinned.beneath.is_empty() {
        let names: Vec<&str> = pinned.beneath.iter().map(|l| l.release.as_str()).collect();
        eprintln!("note: --from copies {} only; the layers beneath it ({}) come with --release NAME --from DIR each", pinned.release, names.join(", "));
    }
    if args.from.is_none() {
        let commit = if pin.commit.is_empty() { "by name" } else { &pin.commit };
        eprintln!("downloading {} {} ({commit}) ...", pin.repository, pin.release);
    }
    let fetched = source::fetch(&pin, &dest, args.from.as_deref())?;
    println!("fetched {} YAML files from {} into {}", fetched.yaml_files, fetched.origin, dest.display());
    println!("verified {} {}", pin.release, pin.digest);
    Ok(())
}

/// Checks the pinned tree and every layer beneath it.
pub fn verify_schemas(ctx: &Context) -> anyhow::Result<()> {
    let pin = ctx.pin()?;
    for (layer, dir) in ctx.verified_layers(&pin)? {
        println!("ok {} {} ({})", layer.release, layer.digest, dir.display());
    }
    Ok(())
}
