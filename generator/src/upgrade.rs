//! `cargo xtask upgrade`: the crate moved to a new Apple release in one step. Given the new
//! release's tree (copied or fetched by the caller) and the tree pinned today, it
//!
//! 1. digests the new tree (the digest the pin will hold),
//! 2. loads and lints it (a tree that does not load stops everything),
//! 3. measures the drift from the pinned release, with its API impact (what breaks for code
//!    written against today's crate),
//! 4. generates the crate from it,
//!
//! and only when all of that succeeded installs the new tree (`schemas/tree`), writes the
//! generated files and the new pin. It returns a
//! summary a maintainer can paste into a changelog. Nothing is written when any step fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::codegen::{self, CodegenError};
use crate::drift::{self, DriftError, Format, Level};
use crate::error::SourceError;
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
            "## Apple's schemas: {} → {}\n\n- commit {}, digest {}\n- API impact: **{}**\n- {} generated files changed\n",
            self.old.release,
            self.new.release,
            self.new.commit,
            self.new.digest,
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

/// The text of `pin.toml` with its values replaced by `new`'s, comments kept.
fn pin_text(old_text: &str, new: &Pin) -> String {
    let mut out = String::new();
    for line in old_text.lines() {
        let key = line.split('=').next().map(str::trim).unwrap_or("");
        let value = match key {
            "repository" if !line.trim_start().starts_with('#') => Some(&new.repository),
            "release" if !line.trim_start().starts_with('#') => Some(&new.release),
            "commit" if !line.trim_start().starts_with('#') => Some(&new.commit),
            "digest" if !line.trim_start().starts_with('#') => Some(&new.digest),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(&format!("{key} = \"{v}\"")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Runs the upgrade (see the module).
pub fn upgrade(u: &Upgrade<'_>) -> Result<Summary, UpgradeError> {
    let pin_path = source::pin_path(u.workspace);
    let pin_text_old = std::fs::read_to_string(&pin_path).map_err(|source| UpgradeError::Io { path: pin_path.display().to_string(), source })?;
    let old = Pin::parse(&pin_text_old)?;
    source::verify(u.pinned_tree, &old)?;
    let new =
        Pin { repository: old.repository.clone(), release: u.release.to_string(), commit: u.commit.to_string(), digest: source::tree_digest(u.new_tree)? };
    let new_text = pin_text(&pin_text_old, &new);
    // The new pin must read back as itself: a release or commit the pin refuses stops here.
    if Pin::parse(&new_text).map_err(|e| UpgradeError::Pin(format!("the new pin would not read: {e}")))? != new {
        return Err(UpgradeError::Pin("the new pin does not read back as written".into()));
    }

    let mut report = drift::diff_dirs(u.pinned_tree, u.new_tree)?;
    report.old_label = format!("{} (pinned)", old.release);
    report.new_label = new.release.clone();
    let level = report.level();
    let drift = report.render(Format::Markdown);
    let generation = codegen::run(u.new_tree, &new.release, None)?;

    // Everything is known: write. The tree first (staged and verified against the new digest
    // before it replaces the old one), then the generated files, then the pin.
    if let Some(dest) = u.install_to {
        source::fetch(&new, dest, Some(u.new_tree))?;
    }
    let crate_dir: PathBuf = u.workspace.join("generated");
    let files: BTreeMap<String, String> = generation.files;
    let written = codegen::write(&crate_dir, &files)?;
    std::fs::write(&pin_path, new_text).map_err(|source| UpgradeError::Io { path: pin_path.display().to_string(), source })?;
    Ok(Summary { old, new, drift, level, files: written, warnings: generation.warnings.iter().map(ToString::to_string).collect() })
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
