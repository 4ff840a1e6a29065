//! `cargo xtask drift OLD_TREE NEW_TREE [--format markdown|json]`: what changed between two schema
//! releases and what it does to the generated API. `cargo xtask drift --pinned NEW_TREE --fail-on
//! any|breaking` is the scheduled upstream watch: the pinned tree (`--schemas`, `$DM_SCHEMAS` or
//! `schemas/tree`, verified against `schemas/pin.toml`) against another, failing when they differ.
//! The engine is `generator::drift`; this only resolves paths, prints and sets the exit status.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::Args;
use generator::drift::{self, FailOn, Format};
use generator::source;

use crate::Context;

#[derive(Args)]
pub struct DriftArgs {
    /// OLD_TREE NEW_TREE; with --pinned, only NEW_TREE
    #[arg(value_name = "TREE", num_args = 1..=2, required = true)]
    trees: Vec<PathBuf>,
    /// Compare the pinned release (the tree of --schemas / DM_SCHEMAS / schemas/tree, verified against
    /// schemas/pin.toml) with TREE
    #[arg(long)]
    pinned: bool,
    /// Report format: markdown or json
    #[arg(long, default_value = "markdown", value_name = "FORMAT")]
    format: Format,
    /// Exit non-zero when the trees differ at all (any) or in a breaking way (breaking);
    /// --pinned defaults to any
    #[arg(long, value_name = "any|breaking")]
    fail_on: Option<FailOn>,
    /// Write the report to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn drift(ctx: &Context, args: DriftArgs) -> anyhow::Result<()> {
    let (old, new, old_label, layers) = match (args.pinned, args.trees.as_slice()) {
        (true, [new]) => {
            let tree = ctx.schema_tree()?;
            let pin = ctx.pin()?;
            source::verify(&tree, &pin).context("the pinned tree is not the one schemas/pin.toml names (run `cargo xtask fetch-schemas`)")?;
            let layers = ctx.verified_layers(&pin).context("a layer beneath the pinned release")?;
            let layers: Vec<(String, PathBuf)> = layers.into_iter().map(|(p, dir)| (p.release, dir)).collect();
            let label = format!("{} (pinned, {})", pin.release, tree.display());
            (tree, new.clone(), Some(label), Some(layers))
        }
        (true, _) => bail!("with --pinned give one tree, the one to compare the pinned release with"),
        (false, [old, new]) => {
            if ctx.schemas_flag.is_some() {
                bail!("--schemas names the pinned tree: use it with --pinned NEW_TREE, or give OLD_TREE NEW_TREE without it");
            }
            (old.clone(), new.clone(), None, None)
        }
        (false, _) => bail!("give two trees, OLD_TREE NEW_TREE (or --pinned NEW_TREE)"),
    };

    // Against the pin, the crate's layers decide what a removal does: kept from an older layer,
    // it breaks nothing.
    let mut report = match &layers {
        Some(layers) => {
            let name = new.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "newer".into());
            drift::diff_over_layers(layers, &new, &name)?
        }
        None => drift::diff_dirs(&old, &new)?,
    };
    if let Some(label) = old_label {
        report.old_label = label;
    }
    let text = report.render(args.format);
    match &args.output {
        Some(path) => std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }

    let counts = report.counts();
    let summary = format!(
        "{} schema change(s): {} breaking, {} additive, {} without API impact; {} generated-API change(s); overall {}",
        counts.total,
        counts.breaking,
        counts.additive,
        counts.no_api_impact,
        report.api.changes.len(),
        report.level()
    );
    eprintln!("drift {} → {}: {summary}", report.old_label, report.new_label);
    for e in &report.api_errors {
        eprintln!("warning: {e}");
    }
    let fail_on = args.fail_on.or(args.pinned.then_some(FailOn::Any));
    if let Some(on) = fail_on.filter(|on| report.fails(*on)) {
        let which = match on {
            FailOn::Any => "any",
            FailOn::Breaking => "breaking",
        };
        bail!("the trees differ (--fail-on {which}): {summary}");
    }
    Ok(())
}
