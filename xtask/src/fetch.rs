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
    /// Where to put the tree [default: schemas/tree]
    #[arg(long, value_name = "DIR")]
    dest: Option<PathBuf>,
}

pub fn fetch_schemas(ctx: &Context, args: FetchArgs) -> anyhow::Result<()> {
    if ctx.schemas_flag.is_some() {
        bail!("fetch-schemas writes a tree: give its destination with --dest DIR (--schemas names a tree to read)");
    }
    let pin = ctx.pin()?;
    let dest = args.dest.unwrap_or_else(|| source::default_tree(&ctx.workspace));
    if args.from.is_none() {
        eprintln!("downloading {} {} ({}) ...", pin.repository, pin.release, pin.commit);
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
