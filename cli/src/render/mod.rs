//! Output of `dm validate`, one file per format: compiler-style text (`text.rs`), JSON lines
//! (`json.rs`), SARIF 2.1.0 for code scanning (`sarif.rs`), GitHub workflow commands
//! (`github.rs`) and JUnit XML (`junit.rs`).

mod github;
mod json;
mod junit;
mod sarif;
mod text;

pub use github::github;
pub use json::{json, json_files};
pub use junit::junit;
pub use sarif::sarif;
pub use text::text;

use crate::run::{FileReport, Totals};

/// `--format` of `dm validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Compiler-style text
    Text,
    /// One JSON object per file and line, then a summary line
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers)
    Sarif,
    /// GitHub Actions workflow commands (annotations on the files)
    Github,
    /// JUnit XML (one test case per file)
    Junit,
}

/// The reports in a format.
pub fn render(format: ReportFormat, reports: &[FileReport]) -> String {
    match format {
        ReportFormat::Text => text(reports),
        ReportFormat::Json => json(reports),
        ReportFormat::Sarif => sarif(reports),
        ReportFormat::Github => github(reports),
        ReportFormat::Junit => junit(reports),
    }
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `2 files: 5 errors, 2 warnings, 0 notes, 0 unreadable`.
pub(crate) fn totals_line(reports: &[FileReport]) -> String {
    let t = Totals::of(reports);
    format!(
        "{}: {}, {}, {}, {} unreadable",
        plural(t.files, "file"),
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.notes, "note"),
        t.unreadable
    )
}

/// The name of the pseudo-rule of a file that could not be read or parsed.
pub(crate) const READ_RULE: &str = "read";

/// The name of the pseudo-rule of a signature `--trust` found not to hold.
pub(crate) const SIGNATURE_RULE: &str = "signature";

/// What `signature` means (SARIF rule metadata).
pub(crate) const SIGNATURE_DESCRIPTION: &str =
    "a signed profile's signature does not hold against the --trust anchors (changed content, untrusted or expired signer)";

/// What `read` means (SARIF rule metadata).
pub(crate) const READ_DESCRIPTION: &str = "the file could not be read or parsed as a plist, JSON document or signed profile";
