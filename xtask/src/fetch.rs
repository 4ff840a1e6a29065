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
    /// Another release the tests compare (release-17.0, release-18.0; release-18.1 is the pin),
    /// verified against its known digest; point DM_SCHEMAS_ROOT at schemas/releases after
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
        None => (pinned, source::default_tree(&ctx.workspace)),
    };
    let dest = args.dest.unwrap_or(default_dest);
    if args.from.is_none() {
        let commit = if pin.commit.is_empty() { "by name" } else { &pin.commit };
        eprintln!("downloading {} {} ({commit}) ...", pin.repository, pin.release);
    }
    let fetched = source::fetch(&pin, &dest, args.from.as_deref())?;
    println!("fetched {} YAML files from {} into {}", fetched.yaml_files, fetched.origin, dest.display());
    println!("verified {} {}", pin.release, pin.digest);
    Ok(())
}

pub fn verify_schemas(ctx: &Context) -> anyhow::Result<()> {
    let pin = ctx.pin()?;
    let tree = ctx.schema_tree()?;
    source::verify(&tree, &pin)?;
    println!("ok {} {}", pin.release, pin.digest);
    Ok(())
}
