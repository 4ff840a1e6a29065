//! SARIF 2.1.0, as GitHub code scanning and other viewers read it: one run of the tool `dm`
//! with every rule of the catalogue as rule metadata (id, one-line description, default level),
//! and one result per finding: rule, level, message, the file with line and column when known,
//! and the key path as a logical location and in the result's properties.

use apple_device_management::runtime::validate::{Rule, Severity};
use serde_json::{json, Value};

use super::{READ_DESCRIPTION, READ_RULE, SIGNATURE_DESCRIPTION, SIGNATURE_RULE};
use crate::run::{FileReport, Reported};
use crate::signing::SignatureCheck;

/// The schema the log names (OASIS, SARIF 2.1.0 errata 01).
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where to read about the tool.
const INFORMATION_URI: &str = "https://github.com/apple-device-management-rs/apple-device-management";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A path as a URI reference: `/` separators, and everything but unreserved characters and `/`
/// percent-encoded (`my profiles/a.mobileconfig` → `my%20profiles/a.mobileconfig`).
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rules() -> Vec<Value> {
    let mut rules: Vec<Value> = Rule::all()
        .iter()
        .map(|r| {
            json!({
                "id": r.name(),
                "shortDescription": { "text": r.description() },
                "defaultConfiguration": { "level": level(r.default_severity()) },
            })
        })
        .collect();
    rules.push(json!({
        "id": READ_RULE,
        "shortDescription": { "text": READ_DESCRIPTION },
        "defaultConfiguration": { "level": "error" },
    }));
    rules.push(json!({
        "id": SIGNATURE_RULE,
        "shortDescription": { "text": SIGNATURE_DESCRIPTION },
        "defaultConfiguration": { "level": "error" },
    }));
    rules
}

/// Where a result is: the file (not for standard input), the line and column when known, the
/// key path.
fn location(r: &FileReport, position: Option<crate::locate::Position>, key_path: &str) -> Option<Value> {
    let mut location = serde_json::Map::new();
    if !r.stdin {
        let mut physical = json!({ "artifactLocation": { "uri": uri(&r.path) } });
        if let Some(p) = position {
            physical["region"] = json!({ "startLine": p.line, "startColumn": p.column });
        }
        location.insert("physicalLocation".into(), physical);
    }
    if !key_path.is_empty() {
        location.insert("logicalLocations".into(), json!([{ "fullyQualifiedName": key_path, "kind": "member" }]));
    }
    (!location.is_empty()).then_some(Value::Object(location))
}

fn result(r: &FileReport, reported: &Reported, index: Option<usize>) -> Value {
    let f = &reported.finding;
    let mut text = if f.path().is_empty() { f.message().into_owned() } else { format!("{}: {}", f.path(), f.message()) };
    if let Some(s) = f.suggestion() {
        text.push_str(&format!(" (did you mean `{s}`?)"));
    }
    let mut properties = json!({ "keyPath": f.path(), "file": r.path });
    for (key, value) in [("expected", &f.expected()), ("actual", &f.actual()), ("suggestion", &f.suggestion())] {
        if let Some(v) = value {
            properties[key] = json!(v);
        }
    }
    let mut o = json!({
        "ruleId": f.rule.name(),
        "level": level(f.severity),
        "message": { "text": text },
        "properties": properties,
    });
    if let Some(i) = index {
        o["ruleIndex"] = json!(i);
    }
    if let Some(l) = location(r, reported.position, f.path()) {
        o["locations"] = json!([l]);
    }
    o
}

/// The SARIF log (one JSON document).
pub fn sarif(reports: &[FileReport]) -> String {
    let all = Rule::all();
    let read_index = all.len();
    let mut results = Vec::new();
    for r in reports {
        if let Some(failure) = &r.failure {
            let mut o = json!({
                "ruleId": READ_RULE,
                "ruleIndex": read_index,
                "level": "error",
                "message": { "text": failure },
                "properties": { "file": r.path },
            });
            if let Some(l) = location(r, None, "") {
                o["locations"] = json!([l]);
            }
            results.push(o);
        }
        if let Some(SignatureCheck::Fails(why)) = &r.signature {
            let mut o = json!({
                "ruleId": SIGNATURE_RULE,
                "ruleIndex": read_index + 1,
                "level": "error",
                "message": { "text": why },
                "properties": { "file": r.path },
            });
            if let Some(l) = location(r, None, "") {
                o["locations"] = json!([l]);
            }
            results.push(o);
        }
        for reported in &r.findings {
            let index = all.iter().position(|rule| *rule == reported.finding.rule);
            results.push(result(r, reported, index));
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dm",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!("{log:#}\n")
}
