//! JUnit XML, for CI systems that show test results: one test suite, one test case per file
//! (named by its path), a `<failure>` per error finding, an `<error>` for a file that could not
//! be read (and a `signature` failure when `--trust` found one that does not hold); warnings and notes go to the test case's `<system-out>`. The suite's `failures`
//! counts the files with error findings, `errors` the unreadable ones, as JUnit counts test
//! cases.

use super::{READ_RULE, SIGNATURE_RULE};
use crate::run::{FileReport, Reported, Totals};
use crate::signing::SignatureCheck;

/// Text content: `&`, `<`, `>` escaped, characters XML 1.0 cannot hold replaced by U+FFFD.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value (in double quotes): also `"`, `'` and line breaks, which an attribute
/// would otherwise turn into spaces.
pub(crate) fn escape_attribute(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&apos;").replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

/// `file:line:column: key path: message`.
fn describe(r: &FileReport, reported: &Reported) -> String {
    let f = &reported.finding;
    let mut at = r.path.clone();
    if let Some(p) = reported.position {
        at.push_str(&format!(":{}:{}", p.line, p.column));
    }
    let mut text = if f.path().is_empty() { format!("{at}: {}", f.message()) } else { format!("{at}: {}: {}", f.path(), f.message()) };
    if let Some(s) = f.suggestion() {
        text.push_str(&format!(" (did you mean `{s}`?)"));
    }
    text
}

fn testcase(r: &FileReport) -> String {
    let classname = match &r.schema {
        Some(s) => format!("dm.{}.{s}", r.kind.name()),
        None => format!("dm.{}", r.kind.name()),
    };
    let mut out = format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n",
        escape_attribute(&r.path),
        escape_attribute(&classname),
        escape_attribute(&r.path)
    );
    if let Some(failure) = &r.failure {
        out.push_str(&format!(
            "      <error type=\"{READ_RULE}\" message=\"{}\">{}</error>\n",
            escape_attribute(failure),
            escape_text(&format!("{}: {failure}", r.path))
        ));
    }
    if let Some(SignatureCheck::Fails(why)) = &r.signature {
        out.push_str(&format!(
            "      <failure type=\"{SIGNATURE_RULE}\" message=\"{}\">{}</failure>\n",
            escape_attribute(why),
            escape_text(&format!("{}: {why}", r.path))
        ));
    }
    let mut other = Vec::new();
    for reported in &r.findings {
        let f = &reported.finding;
        if f.severity == apple_device_management::runtime::validate::Severity::Error {
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                escape_attribute(&f.rule.name()),
                escape_attribute(&f.message()),
                escape_text(&describe(r, reported))
            ));
        } else {
            other.push(format!("{}[{}]: {}", f.severity.name(), f.rule, describe(r, reported)));
        }
    }
    if !other.is_empty() {
        out.push_str(&format!("      <system-out>{}</system-out>\n", escape_text(&other.join("\n"))));
    }
    out.push_str("    </testcase>\n");
    out
}

/// The JUnit XML document.
pub fn junit(reports: &[FileReport]) -> String {
    let t = Totals::of(reports);
    let failed = reports.iter().filter(|r| r.errors() > 0).count();
    let counts = format!("tests=\"{}\" failures=\"{failed}\" errors=\"{}\"", t.files, t.unreadable);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"dm\" {counts}>\n"));
    out.push_str(&format!("  <testsuite name=\"dm validate\" {counts} skipped=\"0\">\n"));
    for r in reports {
        out.push_str(&testcase(r));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
