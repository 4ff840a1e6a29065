//! What validation reports: one [`Finding`] per violation, with its key path, the rule, the
//! expected and actual values and a message; all findings of a document in one [`Report`].
//!
//! Both serialize (`serde::Serialize`) in the shape `dm --format json` prints: a finding as
//! `{"severity", "path", "rule", "message"}` with `expected`, `actual` and `suggestion` only
//! when set, the severity and rule as their names (`error`, `unknown-key`); a report as
//! `{"findings": […]}`.

use std::borrow::Cow;
use std::fmt;

use super::index::ListIndex;

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
    /// A value of another plist type that macOS converts when it reads the profile (`0`/`1`
    /// or the strings `true`/`false` for a boolean, an integer for a real, a whole real for an
    /// integer). An error by default: iOS and Apple Business Manager refuse them.
    Coercion,
    /// A payload type Apple marks single-instance (`payload.multiple: false`) appears more
    /// than once in one profile.
    SingleInstance,
    /// A nested payload's `PayloadIdentifier` does not start with the profile's.
    IdentifierPrefix,
    /// A `PayloadIdentifier` or declaration `Identifier` that is not reverse-DNS
    /// (`com.example.wifi`).
    ReverseDns,
    /// A `PayloadUUID` that is a placeholder (all zeros, one repeated digit, a well-known
    /// example UUID).
    PlaceholderUuid,
    /// A `PayloadUUID` that is not a UUID (a warning: devices take any unique string).
    UuidFormat,
    /// `PayloadScope` names a scope the payload does not allow (its `payload.scope`).
    PayloadScope,
    /// An activation or configuration names a declaration that is not in the set.
    MissingReference,
    /// A declaration references another of a type it may not (an activation naming an asset).
    ReferenceType,
    /// Two declarations of one set share an `Identifier`.
    DuplicateIdentifier,
    /// The declaration manifest lists a `ServerToken` other than the declaration's own.
    ServerTokenDrift,
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
            Rule::Coercion => "coercion".into(),
            Rule::SingleInstance => "single-instance".into(),
            Rule::IdentifierPrefix => "identifier-prefix".into(),
            Rule::ReverseDns => "reverse-dns".into(),
            Rule::PlaceholderUuid => "placeholder-uuid".into(),
            Rule::UuidFormat => "uuid-format".into(),
            Rule::PayloadScope => "payload-scope".into(),
            Rule::MissingReference => "missing-reference".into(),
            Rule::ReferenceType => "reference-type".into(),
            Rule::DuplicateIdentifier => "duplicate-identifier".into(),
            Rule::ServerTokenDrift => "server-token-drift".into(),
            Rule::Availability(r) => format!("availability.{}", r.name()),
        }
    }

    /// Every rule, in the order `dm rules` lists them.
    pub fn all() -> Vec<Rule> {
        let mut all = vec![
            Rule::Required,
            Rule::Type,
            Rule::Coercion,
            Rule::RangeList,
            Rule::Range,
            Rule::Format,
            Rule::ValueType,
            Rule::Repetition,
            Rule::UnknownKey,
            Rule::DuplicateUuid,
            Rule::DuplicateKey,
            Rule::Depth,
            Rule::UnknownSchema,
            Rule::SingleInstance,
            Rule::IdentifierPrefix,
            Rule::ReverseDns,
            Rule::PlaceholderUuid,
            Rule::UuidFormat,
            Rule::PayloadScope,
            Rule::MissingReference,
            Rule::ReferenceType,
            Rule::DuplicateIdentifier,
            Rule::ServerTokenDrift,
        ];
        all.extend(crate::availability::AvailabilityRule::ALL.iter().map(|r| Rule::Availability(*r)));
        all
    }

    /// The rule of a [`name`](Rule::name) (`unknown-key`, `availability.removed`).
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::all().into_iter().find(|r| r.name() == name)
    }

    /// The severity a finding of this rule has unless configured otherwise.
    pub fn default_severity(&self) -> Severity {
        match self {
            Rule::UnknownKey | Rule::UuidFormat | Rule::IdentifierPrefix | Rule::ReverseDns | Rule::PlaceholderUuid => Severity::Warning,
            Rule::Availability(r) => r.severity(),
            _ => Severity::Error,
        }
    }

    /// One line saying what the rule checks (`dm rules`, SARIF rule metadata).
    pub fn description(&self) -> &'static str {
        use crate::availability::AvailabilityRule as A;
        match self {
            Rule::Required => "a key the schema requires (in this document's context) is missing",
            Rule::Type => "a value has another plist type than the schema's",
            Rule::Coercion => {
                "a value of another type that macOS converts (0/1 for a boolean, an integer for a real ...); iOS and Apple Business Manager refuse it"
            }
            Rule::RangeList => "a value is not one of the schema's allowed values",
            Rule::Range => "a number is outside the schema's range",
            Rule::Format => "a string does not match the schema's format pattern",
            Rule::ValueType => "a string is not a valid URL, email address, host name, UUID ... as the schema's value type says",
            Rule::Repetition => "an array has fewer or more items than the schema allows",
            Rule::UnknownKey => "a key no schema of this type describes (a typo, or a key Apple does not document)",
            Rule::DuplicateUuid => "two payloads of one profile share a PayloadUUID",
            Rule::DuplicateKey => "a JSON object names a key twice",
            Rule::Depth => "the document nests deeper than the validator follows",
            Rule::UnknownSchema => "the document's kind or schema could not be determined",
            Rule::SingleInstance => "a payload Apple allows once per profile appears more than once",
            Rule::IdentifierPrefix => "a nested payload's PayloadIdentifier does not start with the profile's",
            Rule::ReverseDns => "an identifier is not in reverse-DNS form (com.example.name)",
            Rule::PlaceholderUuid => "a PayloadUUID is a placeholder (all zeros, one repeated digit, an example UUID)",
            Rule::UuidFormat => "a PayloadUUID is not a UUID",
            Rule::PayloadScope => "PayloadScope names a scope (System or User) the payload does not allow",
            Rule::MissingReference => "a declaration names another declaration that is not in the set",
            Rule::ReferenceType => "a declaration names another of a type it may not reference",
            Rule::DuplicateIdentifier => "two declarations of one set share an Identifier",
            Rule::ServerTokenDrift => {
                "the declaration manifest lists a ServerToken other than the declaration's own (the device does not fetch the new content)"
            }
            Rule::Availability(r) => match r {
                A::NotOnPlatform => "the schema or key does not exist on the device's platform",
                A::NotYetIntroduced => "the device's OS is older than the release that introduced it",
                A::Removed => "the device's OS is at or past the release that removed it",
                A::Deprecated => "the device's OS is at or past the release that deprecated it",
                A::NeedsSupervision => "it needs a supervised device",
                A::NeedsAutomatedEnrollment => "it needs Automated Device Enrollment",
                A::NeedsUserApprovedMdm => "it needs a user-approved MDM enrollment",
                A::MissingAccessRight => "the server lacks the access rights it needs",
                A::UserEnrollment => "it is forbidden under User Enrollment, or needs it",
                A::IgnoredUnderUserEnrollment => "the device ignores it under User Enrollment",
                A::SharedIpad => "it is forbidden on a Shared iPad, or needs one",
                A::IgnoredOnSharedIpad => "a Shared iPad ignores it",
                A::WrongChannel => "it is not accepted on this channel (device or user)",
                A::ScopeNotAllowed => "the channel's scope is not one the schema allows",
                A::EnrollmentNotAllowed => "the enrollment is not one the schema allows",
                A::NoManualInstall => "it cannot be installed by hand, only through MDM",
                A::Unencodable => "the value could not be turned into a plist to be checked",
            },
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

/// A text of a finding: most are fixed (`present`, `<string>`, a key's name from the schema)
/// and cost no allocation.
pub type Text = Cow<'static, str>;

/// One violation: its severity, rule and key path, and texts read through methods
/// ([`message`](Finding::message), [`expected`](Finding::expected),
/// [`actual`](Finding::actual), [`suggestion`](Finding::suggestion)). The most frequent
/// findings (an unknown key, a missing required key, a value of the wrong type) keep only what
/// their texts are made of, and their message (and an unknown key's suggestion) is worked out
/// when it is read; a path of up to 54 bytes is kept in the finding: a report of
/// thousands of findings costs few allocations beyond its `Vec`.
#[derive(Clone)]
pub struct Finding {
    pub severity: Severity,
    /// Key path from the document root: `PayloadContent[2].Updates[0].InstallAction`; `""` is
    /// the document itself.
    pub(crate) path: Path,
    pub rule: Rule,
    pub(crate) expected: Option<Text>,
    pub(crate) actual: Actual,
    pub(crate) message: Message,
    /// A close known key for an unknown one (`Descripion` → `Description`).
    pub(crate) suggestion: Suggestion,
}

/// A finding's suggestion, or where it is looked up.
#[derive(Clone)]
pub(crate) enum Suggestion {
    None,
    Text(Text),
    /// The known key of this list closest to the unknown one (the finding's actual value),
    /// looked up when it is read: most reports are only asked whether they hold an error,
    /// and the lookup cost more than the rest of an unknown-key finding.
    Near(&'static ListIndex),
}

/// How many bytes of a path a finding keeps in itself (with the length and the variant's tag,
/// the size of seven words): nine paths in ten of a populated document's report.
const INLINE_PATH: usize = 54;

/// A finding's key path: kept in the finding itself when short (most are), which spares an
/// allocation and a free per finding (a populated document's report holds an unknown-key
/// warning for almost every dictionary, and each cost more in the allocator than in the walk).
#[derive(Clone)]
pub(crate) enum Path {
    /// The first `len` bytes, whole `&str`s written one after the other.
    Inline {
        len: u8,
        bytes: [u8; INLINE_PATH],
    },
    Heap(String),
}

impl Path {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Only whole `&str`s are written in, so the bytes are UTF-8.
            Path::Inline { len, bytes } => bytes.get(..usize::from(*len)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or(""),
            Path::Heap(s) => s,
        }
    }
}

/// Writes a [`Path::Inline`]: `None` at the end when the path did not fit.
pub(crate) struct PathWriter {
    len: usize,
    bytes: [u8; INLINE_PATH],
    fits: bool,
}

impl PathWriter {
    pub(crate) fn new() -> PathWriter {
        PathWriter { len: 0, bytes: [0; INLINE_PATH], fits: true }
    }

    /// Whether nothing is written yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        match self.bytes.get_mut(self.len..self.len + s.len()) {
            Some(to) => {
                to.copy_from_slice(s.as_bytes());
                self.len += s.len();
            }
            None => self.fits = false,
        }
    }

    pub(crate) fn finish(self) -> Option<Path> {
        let len = u8::try_from(self.len).ok().filter(|_| self.fits)?;
        Some(Path::Inline { len, bytes: self.bytes })
    }
}

/// A finding's actual value.
#[derive(Clone)]
pub(crate) enum Actual {
    None,
    Text(Text),
    /// The last this many bytes of the path: an unknown key's name.
    PathTail(usize),
}

/// A finding's message, or what it is written from.
#[derive(Clone)]
pub(crate) enum Message {
    Text(Text),
    /// "key `{actual}` is not described by the schema".
    UnknownKey,
    /// "required key `{name}` is missing".
    Required(&'static str),
    /// "expected {expected}, found {actual}".
    Type,
}

impl Finding {
    /// A finding with its message, and no expected or actual value or suggestion (see
    /// [`Finding::with_expected`], [`Finding::with_actual`], [`Finding::with_suggestion`]).
    pub fn new(severity: Severity, rule: Rule, path: impl Into<String>, message: impl Into<Text>) -> Finding {
        Finding {
            severity,
            path: Path::Heap(path.into()),
            rule,
            expected: None,
            actual: Actual::None,
            message: Message::Text(message.into()),
            suggestion: Suggestion::None,
        }
    }

    /// The same finding with what was expected.
    pub fn with_expected(mut self, expected: impl Into<Text>) -> Finding {
        self.expected = Some(expected.into());
        self
    }

    /// The same finding with the value found.
    pub fn with_actual(mut self, actual: impl Into<Text>) -> Finding {
        self.actual = Actual::Text(actual.into());
        self
    }

    /// The same finding with a suggestion (or none).
    pub fn with_suggestion(mut self, suggestion: Option<impl Into<Text>>) -> Finding {
        self.suggestion = suggestion.map_or(Suggestion::None, |s| Suggestion::Text(s.into()));
        self
    }

    /// A key the schema does not describe, the last segment of `path` (`name_len` bytes long);
    /// its suggestion is the closest key of `list`, looked up when read.
    pub(crate) fn unknown_key(path: Path, name_len: usize, list: &'static ListIndex) -> Finding {
        Finding {
            severity: Severity::Warning,
            path,
            rule: Rule::UnknownKey,
            expected: None,
            actual: Actual::PathTail(name_len),
            message: Message::UnknownKey,
            suggestion: Suggestion::Near(list),
        }
    }

    /// A required key missing: the key `name`, at `path`.
    pub(crate) fn required(severity: Severity, path: Path, name: &'static str) -> Finding {
        Finding {
            severity,
            path,
            rule: Rule::Required,
            expected: Some(Cow::Borrowed("present")),
            actual: Actual::Text(Cow::Borrowed("missing")),
            message: Message::Required(name),
            suggestion: Suggestion::None,
        }
    }

    /// A value of another type than the schema's.
    pub(crate) fn type_mismatch(path: Path, expected: &'static str, actual: &'static str) -> Finding {
        Finding {
            severity: Severity::Error,
            path,
            rule: Rule::Type,
            expected: Some(Cow::Borrowed(expected)),
            actual: Actual::Text(Cow::Borrowed(actual)),
            message: Message::Type,
            suggestion: Suggestion::None,
        }
    }

    /// Key path from the document root: `PayloadContent[2].Updates[0].InstallAction`; `""` is
    /// the document itself.
    pub fn path(&self) -> &str {
        self.path.as_str()
    }

    /// What the rule expected (`<integer>`, `present`, the allowed values).
    pub fn expected(&self) -> Option<&str> {
        self.expected.as_deref()
    }

    /// What the document holds (`<string>`, `missing`, the value, an unknown key's name).
    pub fn actual(&self) -> Option<&str> {
        match &self.actual {
            Actual::None => None,
            Actual::Text(t) => Some(t),
            Actual::PathTail(n) => {
                let path = self.path();
                path.get(path.len().saturating_sub(*n)..)
            }
        }
    }

    /// What is wrong, in a sentence.
    pub fn message(&self) -> Cow<'_, str> {
        match &self.message {
            Message::Text(t) => Cow::Borrowed(t),
            Message::UnknownKey => Cow::Owned(concat(&["key `", self.actual().unwrap_or(""), "` is not described by the schema"])),
            Message::Required(name) => Cow::Owned(concat(&["required key `", name, "` is missing"])),
            Message::Type => Cow::Owned(concat(&["expected ", self.expected().unwrap_or(""), ", found ", self.actual().unwrap_or("")])),
        }
    }

    /// A close known key for an unknown one (`Descripion` → `Description`).
    pub fn suggestion(&self) -> Option<&str> {
        match &self.suggestion {
            Suggestion::None => None,
            Suggestion::Text(t) => Some(t),
            Suggestion::Near(list) => self.actual().and_then(|name| list.suggest(name)),
        }
    }
}

/// Texts joined into one string, allocated once.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

impl PartialEq for Finding {
    /// Findings are equal when they say the same: however their texts are kept.
    fn eq(&self, other: &Finding) -> bool {
        self.severity == other.severity
            && self.path() == other.path()
            && self.rule == other.rule
            && self.expected() == other.expected()
            && self.actual() == other.actual()
            && self.message() == other.message()
            && self.suggestion() == other.suggestion()
    }
}

impl fmt::Debug for Finding {
    /// As a struct of its texts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("severity", &self.severity)
            .field("path", &self.path())
            .field("rule", &self.rule)
            .field("expected", &self.expected())
            .field("actual", &self.actual())
            .field("message", &self.message())
            .field("suggestion", &self.suggestion())
            .finish()
    }
}

impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let optional = [("expected", self.expected()), ("actual", self.actual()), ("suggestion", self.suggestion())];
        let mut s = serializer.serialize_struct("Finding", 4 + optional.iter().filter(|(_, v)| v.is_some()).count())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("path", self.path())?;
        s.serialize_field("rule", &self.rule)?;
        s.serialize_field("message", &self.message())?;
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
        let path = if self.path().is_empty() { "(document)" } else { self.path() };
        write!(f, "{sev}[{}] {path}: {}", self.rule, self.message())?;
        if let Some(s) = self.suggestion() {
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
        self.findings.iter().any(|f| f.path() == path && f.rule == rule)
    }
    /// `(path, rule)` of every finding, for compact assertions.
    pub fn paths(&self) -> Vec<(String, Rule)> {
        self.findings.iter().map(|f| (f.path().to_string(), f.rule)).collect()
    }
    /// Adds availability findings, their paths prefixed with `prefix` (`PayloadContent[1]`).
    pub fn extend_availability(&mut self, prefix: &str, report: crate::availability::AvailabilityReport) {
        for f in report.findings {
            let path = join(prefix, &f.path);
            self.findings.push(Finding::new(f.severity, Rule::Availability(f.rule), path, f.message));
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
