//! `cargo xtask upgrade (--from DIR | --release NAME) [--commit SHA]`: move the crate to another
//! Apple release in one step (the logic is `generator::upgrade`): verify and lint the new tree,
//! print the drift from the pinned release with its API impact, regenerate, install the tree in
//! schemas/tree and update schemas/pin.toml; nothing is written if a step fails. Prints a
//! changelog entry.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::Args;
use generator::source;
use generator::upgrade::{self, Upgrade};

use crate::Context;

#[derive(Args)]
pub struct UpgradeArgs {
    /// A checkout or copy of the new release (its commit is read with git, or given with --commit)
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// The release's branch or tag (`release-18.1`, `Release-v27.0`): cloned from the pinned
    /// repository when --from is not given; with --from, the name the pin records
    #[arg(long, value_name = "NAME")]
    release: Option<String>,
    /// The release's full commit, when --from is not a git checkout
    #[arg(long, value_name = "SHA")]
    commit: Option<String>,
}

pub fn upgrade(ctx: &Context, args: UpgradeArgs) -> anyhow::Result<()> {
    let pin = ctx.pin()?;
    let pinned_tree = ctx.schema_tree()?;
    let (tree, release) = match (&args.from, &args.release) {
        (Some(dir), Some(release)) => (dir.clone(), release.clone()),
        (Some(dir), None) => {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).context("--from names no folder")?;
            (dir.clone(), name)
        }
        (None, Some(release)) => {
            let dest = ctx.workspace.join("target/upgrade").join(release.replace('/', "_"));
            if dest.exists() {
                std::fs::remove_dir_all(&dest).with_context(|| format!("clearing {}", dest.display()))?;
            }
            eprintln!("cloning {} {release} ...", pin.repository);
            let status = std::process::Command::new("git")
                .args(["clone", "--quiet", "--depth", "1", "--branch", release, &pin.repository])
                .arg(&dest)
                .status()
                .context("running git")?;
            if !status.success() {
                bail!("git clone of {release} from {} failed (no network? pass --from DIR)", pin.repository);
            }
            (dest, release.clone())
        }
        (None, None) => bail!("give --from DIR (a copy of the new release) or --release NAME (cloned from {})", pin.repository),
    };
    let commit = match (args.commit.clone(), upgrade::checkout_commit(&tree)) {
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => bail!("{} is not a git checkout: give the release's commit with --commit", tree.display()),
    };
    let install = source::default_tree(&ctx.workspace);
    // A tree given by DM_SCHEMAS or --schemas stays where it is; the new one goes to schemas/tree.
    let summary = upgrade::upgrade(&Upgrade {
        workspace: &ctx.workspace,
        pinned_tree: &pinned_tree,
        new_tree: &tree,
        release: &release,
        commit: &commit,
        install_to: Some(&install),
        layers_to: Some(&source::releases_dir(&ctx.workspace)),
    })?;
    eprintln!(
        "upgraded {} → {} ({} generated files written, API impact: {}); the tree is in {}",
        summary.old.release,
        summary.new.release,
        summary.files.len(),
        summary.level,
        install.display()
    );
    println!("{}", summary.changelog());
    Ok(())
}
