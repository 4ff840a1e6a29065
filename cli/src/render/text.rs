//! Text, as compilers write it: a finding's rule and message, then where it is (`--> file:line:column`
//! and its key path), a `help:` line for a suggestion; one summary line per file, one for the run.
//!
//! ```text
//! error[rangelist]: "Sometime" is not one of: Default, DownloadOnly, InstallASAP
//!   --> invalid/command.plist:14:5 (Command.Updates[0].InstallAction)
//! ```

use super::{plural, totals_line, READ_RULE, SIGNATURE_RULE};
use crate::run::{FileReport, Reported};
use crate::signing::SignatureCheck;

fn location(r: &FileReport, reported: &Reported) -> String {
    let mut at = r.path.clone();
    if let Some(p) = reported.position {
        at.push_str(&format!(":{}:{}", p.line, p.column));
    }
    if !reported.finding.path().is_empty() {
        at.push_str(&format!(" ({})", reported.finding.path()));
    }
    at
}

/// The text report.
pub fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(failure) = &r.failure {
            out.push_str(&format!("error[{READ_RULE}]: {failure}\n  --> {}\n", r.path));
            out.push_str(&format!("{}: could not be read\n", r.path));
            continue;
        }
        for reported in &r.findings {
            let f = &reported.finding;
            out.push_str(&format!("{}[{}]: {}\n", f.severity.name(), f.rule, f.message()));
            out.push_str(&format!("  --> {}\n", location(r, reported)));
            if let Some(s) = f.suggestion() {
                out.push_str(&format!("  help: did you mean `{s}`?\n"));
            }
        }
        let what = match &r.schema {
            Some(s) => format!("{} {s}", r.kind.name()),
            None => r.kind.name().to_string(),
        };
        let signed = match (&r.signature, r.signed) {
            (Some(SignatureCheck::Holds { signer, trusted: true }), _) => format!(" (signed by {}; signature holds, trusted)", signer.subject),
            (Some(SignatureCheck::Holds { signer, trusted: false }), _) => format!(" (signed by {}; signature holds, signer not checked)", signer.subject),
            (Some(SignatureCheck::Fails(why)), _) => {
                out.push_str(&format!("error[{SIGNATURE_RULE}]: {why}\n  --> {}\n", r.path));
                " (signed; signature does not hold)".to_string()
            }
            (None, true) => " (signed; signature not verified)".to_string(),
            (None, false) => String::new(),
        };
        let verdict = if r.findings.is_empty() && r.errors() == 0 {
            "ok".to_string()
        } else if r.notes() > 0 {
            format!("{}, {}, {}", plural(r.errors(), "error"), plural(r.warnings(), "warning"), plural(r.notes(), "note"))
        } else {
            format!("{}, {}", plural(r.errors(), "error"), plural(r.warnings(), "warning"))
        };
        out.push_str(&format!("{}: {what}{signed}: {verdict}\n", r.path));
    }
    out.push_str(&totals_line(reports));
    out.push('\n');
    out
}
