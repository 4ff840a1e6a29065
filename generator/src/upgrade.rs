//! `cargo xtask upgrade`: the crate moved to a new Apple release in one step. Given the new
//! release's tree (copied or fetched by the caller) and the tree pinned today, it
//!
//! 1. digests the new tree (the digest the pin will hold),
//! 2. loads and lints it (a tree that does not load stops everything),
//! 3. measures the drift from the pinned release, with its API impact (what breaks for code
//!    written against today's crate; a removal the layers keep breaks nothing and says
//!    "removed upstream, kept from …"),
//! 4. generates the crate from the layers: today's, with the new release on top (the release
//!    pinned today moves beneath it, so nothing it has is lost),
//!
//! and only when all of that succeeded installs the new tree (`schemas/tree`) and the old one as
//! a layer (`schemas/releases/<release>`), writes the generated files and the new pin. It
//! returns a summary a maintainer can paste into a changelog. Nothing is written when any step
//! fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::codegen::{self, CodegenError};
use crate::drift::{self, DriftError, Format, Level};
use crate::error::SourceError;
use crate::layers;
use crate::load::{load_tree, load_tree_unfixed};
use crate::source::{self, Pin};

/// Why an upgrade did not happen (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    #[error("the new tree: {0}")]
    Source(#[from] SourceError),
    #[error("the drift from the pinned release: {0}")]
    Drift(#[from] DriftError),
    #[error("generating from the new tree: {0}")]
    Generate(#[from] CodegenError),
    #[error("{0}")]
    Pin(String),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// What to upgrade to.
#[derive(Debug, Clone)]
pub struct Upgrade<'a> {
    /// The workspace (its `schemas/pin.toml` and `generated/` are rewritten).
    pub workspace: &'a Path,
    /// The tree pinned today (verified against the pin by the caller or here).
    pub pinned_tree: &'a Path,
    /// The new release's tree.
    pub new_tree: &'a Path,
    /// Its branch or tag name (`release-18.1`, `Release-v27.0`).
    pub release: &'a str,
    /// Its full commit.
    pub commit: &'a str,
    /// Where to install a verified copy of the new tree (`schemas/tree`, where `cargo xtask`
    /// finds the pinned tree), or `None` to leave trees alone.
    pub install_to: Option<&'a Path>,
    /// Where the layers beneath are kept (`schemas/releases`): the release pinned today is
    /// installed there as `<release>/`, verified; `None` to leave trees alone.
    pub layers_to: Option<&'a Path>,
}

/// What an upgrade did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub old: Pin,
    pub new: Pin,
    /// The drift report, in Markdown.
    pub drift: String,
    /// The drift's effect on the generated API: none, additive or breaking.
    pub level: Level,
    /// Generated files written (changed, added or removed), relative to `generated/`.
    pub files: Vec<String>,
    /// Warnings of the new tree (root-schema deviations, lint, fixups applied).
    pub warnings: Vec<String>,
}

impl Summary {
    /// A changelog entry.
    pub fn changelog(&self) -> String {
        let mut out = format!(
            "## Apple's schemas: {} → {}\n\n- commit {}, digest {}\n- layered over {} (what they have and {} dropped stays)\n- API impact: **{}**\n- {} generated files changed\n",
            self.old.release,
            self.new.release,
            self.new.commit,
            self.new.digest,
            self.new.beneath.iter().map(|l| l.release.as_str()).collect::<Vec<_>>().join(", "),
            self.new.release,
            self.level,
            self.files.len()
        );
        if !self.warnings.is_empty() {
            out.push_str(&format!("- {} warnings on the new tree (`cargo xtask regenerate --verbose` lists them)\n", self.warnings.len()));
        }
        out.push('\n');
        out.push_str(&self.drift);
        out
    }
}

/// The text of `pin.toml` with the pinned release's values replaced by `new`'s (comments and
/// the `[[beneath]]` tables kept), and the release pinned today (`old`) appended as the newest
/// layer beneath.
fn pin_text(old_text: &str, old: &Pin, new: &Pin) -> String {
    let mut out = String::new();
    let mut in_layer = false;
    for line in old_text.lines() {
        let trimmed = line.trim_start();
        in_layer |= trimmed.starts_with("[[beneath]]");
        let key = line.split('=').next().map(str::trim).unwrap_or("");
        let value = match key {
            _ if in_layer || trimmed.starts_with('#') => None,
            "repository" => Some(&new.repository),
            "release" => Some(&new.release),
            "commit" => Some(&new.commit),
            "digest" => Some(&new.digest),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(&format!("{key} = \"{v}\"")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&format!("[[beneath]]\nrelease = \"{}\"\n", old.release));
    if !old.commit.is_empty() {
        out.push_str(&format!("commit = \"{}\"\n", old.commit));
    }
    out.push_str(&format!("digest = \"{}\"\n", old.digest));
    out
}

/// Runs the upgrade (see the module).
pub fn upgrade(u: &Upgrade<'_>) -> Result<Summary, UpgradeError> {
    let pin_path = source::pin_path(u.workspace);
    let pin_text_old = std::fs::read_to_string(&pin_path).map_err(|source| UpgradeError::Io { path: pin_path.display().to_string(), source })?;
    let old = Pin::parse(&pin_text_old)?;
    let old_layers = source::layer_trees(&old, u.pinned_tree, u.workspace)?;
    source::verify_layers(&old_layers)?;
    let mut beneath = old.beneath.clone();
    beneath.push(old.alone());
    let new = Pin {
        repository: old.repository.clone(),
        release: u.release.to_string(),
        commit: u.commit.to_string(),
        digest: source::tree_digest(u.new_tree)?,
        beneath,
    };
    let new_text = pin_text(&pin_text_old, &old, &new);
    // The new pin must read back as itself: a release or commit the pin refuses stops here.
    if Pin::parse(&new_text).map_err(|e| UpgradeError::Pin(format!("the new pin would not read: {e}")))? != new {
        return Err(UpgradeError::Pin("the new pin does not read back as written".into()));
    }

    // Every layer loaded once; today's crate is the merge of today's layers, the new one the
    // same with the new release on top.
    let mut loaded = Vec::new();
    for (pin, dir) in &old_layers {
        loaded.push((pin.release.clone(), load_layer(dir)?));
    }
    let new_tree = load_layer(u.new_tree)?;
    let old_merged = layers::merge(loaded.clone());
    loaded.push((new.release.clone(), new_tree));
    let names: Vec<String> = loaded.iter().map(|(n, _)| n.clone()).collect();
    let new_merged = layers::merge(loaded);

    let old_top = load_tree(u.pinned_tree)
        .map_err(|errors| UpgradeError::Drift(DriftError::Load { which: "older", dir: u.pinned_tree.display().to_string(), errors }))?;
    let new_top =
        load_tree(u.new_tree).map_err(|errors| UpgradeError::Drift(DriftError::Load { which: "newer", dir: u.new_tree.display().to_string(), errors }))?;
    let mut report = drift::diff_layered(&old_top.files, &new_top.files, &old_merged, &new_merged, &old.release);
    report.old_label = format!("{} (pinned)", old.release);
    report.new_label = new.release.clone();
    let level = report.level();
    let drift = report.render(Format::Markdown);
    let generation = codegen::run_merged(&new_merged.tree, &new.release, &names, None)?;

    // Everything is known: write. The trees first (staged and verified against their digests
    // before they replace what is there), then the generated files, then the pin.
    if let Some(dest) = u.install_to {
        source::fetch(&new.alone(), dest, Some(u.new_tree))?;
    }
    if let Some(dir) = u.layers_to {
        source::fetch(&old.alone(), &dir.join(&old.release), Some(u.pinned_tree))?;
    }
    let crate_dir: PathBuf = u.workspace.join("generated");
    let files: BTreeMap<String, String> = generation.files;
    let written = codegen::write(&crate_dir, &files)?;
    std::fs::write(&pin_path, new_text).map_err(|source| UpgradeError::Io { path: pin_path.display().to_string(), source })?;
    Ok(Summary { old, new, drift, level, files: written, warnings: generation.warnings.iter().map(ToString::to_string).collect() })
}

/// One layer's tree, loaded without fixups (the merge applies them once).
fn load_layer(dir: &Path) -> Result<crate::load::SchemaTree, UpgradeError> {
    load_tree_unfixed(dir).map_err(|e| UpgradeError::Generate(CodegenError::Load(e)))
}

/// The commit a git checkout is at (`git rev-parse HEAD`), for `--from` a clone; `None` when
/// `dir` is not the top of a checkout (a folder inside another repository is not its release).
pub fn checkout_commit(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| std::process::Command::new("git").arg("-C").arg(dir).args(args).output().ok().filter(|o| o.status.success());
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8(top.stdout).ok()?.trim());
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let out = git(&["rev-parse", "HEAD"])?;
    let text = String::from_utf8(out.stdout).ok()?;
    let commit = text.trim();
    (out.status.success() && commit.len() == 40).then(|| commit.to_string())
}
