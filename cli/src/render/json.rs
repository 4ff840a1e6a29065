//! JSON lines: one object per file (`path`, `kind`, `schema`, `signed`, `findings`, and
//! `signature` when `--trust` checked one), then one
//! summary object (`{"summary": {"files", "errors", "warnings", "notes", "unreadable"}}`).
//!
//! A finding is `severity`, `path`, `rule`, `message`, `expected`/`actual`/`suggestion` when
//! known, and `line`/`column` when the file has text to point into. A file that could not be
//! read has kind `unknown` and one `read` finding.

use serde_json::json;

use super::READ_RULE;
use crate::run::{exit_code, FileReport, JsonReport, Totals};
use crate::signing::SignatureCheck;

/// `--trust`'s verdict: `{"holds": true, "trusted": true, "signer": {subject, issuer, serial,
/// not_before, not_after}}` or `{"holds": false, "error": "..."}`.
fn signature(check: &SignatureCheck) -> serde_json::Value {
    match check {
        SignatureCheck::Holds { signer, trusted } => json!({
            "holds": true,
            "trusted": trusted,
            "signer": {
                "subject": signer.subject,
                "issuer": signer.issuer,
                "serial": signer.serial,
                "not_before": signer.not_before_text(),
                "not_after": signer.not_after_text(),
            }
        }),
        SignatureCheck::Fails(why) => json!({ "holds": false, "error": why }),
    }
}

/// The JSON lines report.
pub fn json(reports: &[FileReport]) -> String {
    JsonReport { files: json_files(reports), summary: Totals::of(reports), exit_code: exit_code(reports) }.lines()
}

/// One JSON object per file.
pub fn json_files(reports: &[FileReport]) -> Vec<serde_json::Value> {
    let mut out = Vec::with_capacity(reports.len());
    for r in reports {
        let mut findings: Vec<serde_json::Value> = Vec::new();
        for reported in &r.findings {
            // A finding serializes in this shape itself (`Finding: Serialize`).
            let mut f = json!(reported.finding);
            if let (Some(p), Some(o)) = (reported.position, f.as_object_mut()) {
                o.insert("line".into(), p.line.into());
                o.insert("column".into(), p.column.into());
            }
            findings.push(f);
        }
        if let Some(failure) = &r.failure {
            findings.push(json!({ "severity": "error", "path": "", "rule": READ_RULE, "message": failure }));
        }
        let mut o = json!({ "path": r.path, "kind": r.kind.name(), "schema": r.schema, "signed": r.signed, "findings": findings });
        if let (Some(check), Some(obj)) = (&r.signature, o.as_object_mut()) {
            obj.insert("signature".into(), signature(check));
        }
        out.push(o);
    }
    out
}
