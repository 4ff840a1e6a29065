//! What validation reports: one [`Finding`] per violation, with its key path, the rule, the
//! expected and actual values and a message; all findings of a document in one [`Report`].
//!
//! Both serialize (`serde::Serialize`) in the shape `dm --format json` prints: a finding as
//! `{"severity", "path", "rule", "message"}` with `expected`, `actual` and `suggestion` only
//! when set, the severity and rule as their names (`error`, `unknown-key`); a report as
//! `{"findings": […]}`.

use std::fmt;

pub use crate::availability::Severity;

/// The rule a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A required key is missing.
    Required,
    /// The value has the wrong type.
    Type,
    /// The value is not one of the schema's `rangelist`.
    RangeList,
    /// A number outside `range`.
    Range,
    /// A string that does not match the schema's `format` regex.
    Format,
    /// A string that is not a valid `valuetype` (url, email, hostname, uuid …).
    ValueType,
    /// An array with fewer or more items than `repetition` allows.
    Repetition,
    /// A key the schema does not describe (a warning, with a suggestion when one is close).
    UnknownKey,
    /// Two payloads of one profile share a `PayloadUUID`.
    DuplicateUuid,
    /// A JSON object names a key twice (found when JSON is validated as it is read).
    DuplicateKey,
    /// The document nests deeper than the validator follows.
    Depth,
    /// The document's kind or schema could not be determined.
    UnknownSchema,
    /// A finding of the availability check (when a device context is given).
    Availability(crate::availability::AvailabilityRule),
}

impl Rule {
    /// Short stable name (`required`, `type`, `availability.not-on-platform` …).
    pub fn name(&self) -> String {
        match self {
            Rule::Required => "required".into(),
            Rule::Type => "type".into(),
            Rule::RangeList => "rangelist".into(),
            Rule::Range => "range".into(),
            Rule::Format => "format".into(),
            Rule::ValueType => "valuetype".into(),
            Rule::Repetition => "repetition".into(),
            Rule::UnknownKey => "unknown-key".into(),
            Rule::DuplicateUuid => "duplicate-uuid".into(),
            Rule::DuplicateKey => "duplicate-key".into(),
            Rule::Depth => "depth".into(),
            Rule::UnknownSchema => "unknown-schema".into(),
            Rule::Availability(r) => format!("availability.{}", r.name()),
        }
    }
}

impl serde::Serialize for Rule {
    /// As its [`name`](Rule::name).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One violation.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// Key path from the document root: `PayloadContent[2].Updates[0].InstallAction`; `""` is
    /// the document itself.
    pub path: String,
    pub rule: Rule,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub message: String,
    /// A close known key for an unknown one (`Descripion` → `Description`).
    pub suggestion: Option<String>,
}

impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let optional = [("expected", &self.expected), ("actual", &self.actual), ("suggestion", &self.suggestion)];
        let mut s = serializer.serialize_struct("Finding", 4 + optional.iter().filter(|(_, v)| v.is_some()).count())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("rule", &self.rule)?;
        s.serialize_field("message", &self.message)?;
        for (key, value) in optional {
            match value {
                Some(v) => s.serialize_field(key, v)?,
                None => s.skip_field(key)?,
            }
        }
        s.end()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = self.severity.name();
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{sev}[{}] {path}: {}", self.rule, self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// Every finding of one document, in document order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Warning)
    }
    /// Notes: keys required only in contexts the report does not know.
    pub fn notes(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Note)
    }
    /// Whether a finding of this rule is reported at this path.
    pub fn has(&self, path: &str, rule: Rule) -> bool {
        self.findings.iter().any(|f| f.path == path && f.rule == rule)
    }
    /// `(path, rule)` of every finding, for compact assertions.
    pub fn paths(&self) -> Vec<(String, Rule)> {
        self.findings.iter().map(|f| (f.path.clone(), f.rule)).collect()
    }
    /// Adds availability findings, their paths prefixed with `prefix` (`PayloadContent[1]`).
    pub fn extend_availability(&mut self, prefix: &str, report: crate::availability::AvailabilityReport) {
        for f in report.findings {
            let path = join(prefix, &f.path);
            self.findings.push(Finding {
                severity: f.severity,
                path,
                rule: Rule::Availability(f.rule),
                expected: None,
                actual: None,
                message: f.message,
                suggestion: None,
            });
        }
    }
}

/// Joins a prefix and a relative path (`a` + `b[0].c` → `a.b[0].c`, `a` + `[0]` → `a[0]`).
pub(crate) fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}
