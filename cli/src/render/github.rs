//! GitHub Actions workflow commands: one annotation per finding on the file, line and column
//! (`::error file=F,line=L,col=C,title=RULE::message`; warnings are `::warning`, notes
//! `::notice`), then the run's totals as a plain line.
//!
//! Escaping as the runner reads it: `%`, `\r` and `\n` everywhere, `:` and `,` also in the
//! properties (`file`, `title`), so no path or message can end a command early.

use apple_device_management::runtime::validate::Severity;

use super::{totals_line, READ_RULE, SIGNATURE_RULE};
use crate::locate::Position;
use crate::run::FileReport;
use crate::signing::SignatureCheck;

/// A message (the command's data).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

fn annotation(r: &FileReport, severity: Severity, position: Option<Position>, title: &str, message: &str) -> String {
    let mut properties = Vec::new();
    // Standard input is no file of the repository: no place to annotate.
    if !r.stdin {
        properties.push(format!("file={}", escape_property(&r.path)));
        if let Some(p) = position {
            properties.push(format!("line={}", p.line));
            properties.push(format!("col={}", p.column));
        }
    }
    properties.push(format!("title={}", escape_property(title)));
    format!("::{} {}::{}\n", command(severity), properties.join(","), escape_data(message))
}

/// The workflow commands.
pub fn github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(failure) = &r.failure {
            out.push_str(&annotation(r, Severity::Error, None, READ_RULE, failure));
        }
        if let Some(SignatureCheck::Fails(why)) = &r.signature {
            out.push_str(&annotation(r, Severity::Error, None, SIGNATURE_RULE, why));
        }
        for reported in &r.findings {
            let f = &reported.finding;
            let mut message = if f.path().is_empty() { f.message().into_owned() } else { format!("{}: {}", f.path(), f.message()) };
            if let Some(s) = f.suggestion() {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            out.push_str(&annotation(r, f.severity, reported.position, &f.rule.name(), &message));
        }
    }
    out.push_str(&format!("dm: {}\n", totals_line(reports)));
    out
}
