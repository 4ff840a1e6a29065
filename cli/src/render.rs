//! Output of `dm validate`: compiler-style text, or JSON (one object per file, one per line).

use serde_json::json;

use crate::run::FileReport;

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Text: one line per finding (`severity[rule]: file: key path: message`, then a `help:` line
/// for a suggestion), one summary line per file, one for the run.
pub fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(failure) = &r.failure {
            out.push_str(&format!("error[read]: {}: {failure}\n", r.path));
            out.push_str(&format!("{}: could not be read\n", r.path));
            continue;
        }
        for f in &r.findings {
            let sev = f.severity.name();
            let path = if f.path.is_empty() { "(document)" } else { &f.path };
            out.push_str(&format!("{sev}[{}]: {}: {path}: {}\n", f.rule, r.path, f.message));
            if let Some(s) = &f.suggestion {
                out.push_str(&format!("  help: did you mean `{s}`?\n"));
            }
        }
        let what = match &r.schema {
            Some(s) => format!("{} {s}", r.kind.name()),
            None => r.kind.name().to_string(),
        };
        let signed = if r.signed { " (signed; signature not verified)" } else { "" };
        let verdict = if r.findings.is_empty() {
            "ok".to_string()
        } else if r.notes() > 0 {
            format!("{}, {}, {}", plural(r.errors(), "error"), plural(r.warnings(), "warning"), plural(r.notes(), "note"))
        } else {
            format!("{}, {}", plural(r.errors(), "error"), plural(r.warnings(), "warning"))
        };
        out.push_str(&format!("{}: {what}{signed}: {verdict}\n", r.path));
    }
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(FileReport::warnings).sum();
    let failed = reports.iter().filter(|r| r.failure.is_some()).count();
    out.push_str(&format!("{}: {}, {}, {} unreadable\n", plural(reports.len(), "file"), plural(errors, "error"), plural(warnings, "warning"), failed));
    out
}

/// JSON: one object per file and line: `path`, `kind`, `schema`, `findings` (`severity`,
/// `path`, `rule`, `message`, and `expected`/`actual`/`suggestion` when known). A file that
/// could not be read has kind `unknown` and one `read` finding.
pub fn json(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        // A finding serializes in this shape itself (`Finding: Serialize`).
        let mut findings: Vec<serde_json::Value> = r.findings.iter().map(|f| json!(f)).collect();
        if let Some(failure) = &r.failure {
            findings.push(json!({ "severity": "error", "path": "", "rule": "read", "message": failure }));
        }
        let o = json!({ "path": r.path, "kind": r.kind.name(), "schema": r.schema, "signed": r.signed, "findings": findings });
        out.push_str(&o.to_string());
        out.push('\n');
    }
    out
}
