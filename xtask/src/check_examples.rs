//! `cargo xtask check-examples`: every example file the schema tree ships decodes into its
//! typed form and validates with no error. The work is `generator::examples::check`, which
//! builds the tree's crate as a scratch crate under `target/xtask/check-examples/`.

use anyhow::bail;
use generator::examples;

use crate::Context;

pub fn check_examples(ctx: &Context) -> anyhow::Result<()> {
    let tree = ctx.schema_tree()?;
    let scratch = ctx.workspace.join("target").join("xtask").join("check-examples");
    let report = examples::check(&tree, &ctx.workspace, &scratch)?;
    if report.checked == 0 {
        println!("no examples in {} (nothing to check)", tree.display());
        return Ok(());
    }
    for p in &report.problems {
        println!("{p}");
    }
    if !report.is_clean() {
        bail!("{} problem(s) in the {} example files of {}", report.problems.len(), report.checked, tree.display());
    }
    println!("{} example files decode and validate", report.checked);
    Ok(())
}
