//! Validating files: read, detect, validate, apply the rule levels, locate each finding, and
//! keep one report per file. Files come from paths (`dm validate`) or from bytes already in
//! memory (`dm serve`'s API); [`validate_json`] is the one path both take to the JSON report.

use std::path::Path;

use apple_device_management::runtime::availability::DeviceContext;
use apple_device_management::runtime::validate::{
    validate_declaration_set, validate_document_as, validate_json_document_as, validate_response_in, DocumentKind, Finding, Form, Rule, Severity,
};

use crate::input::{self, Document, InputError};
use crate::locate::{self, Position};
use crate::policy::Policy;
use crate::signing::{self, SignatureCheck};

/// What `--kind` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Command,
    Response,
    Checkin,
    Profile,
    Declaration,
    StatusReport,
    Error,
}

impl Kind {
    fn document_kind(self) -> DocumentKind {
        match self {
            Kind::Command => DocumentKind::Command,
            Kind::Response => DocumentKind::Response,
            Kind::Checkin => DocumentKind::Checkin,
            Kind::Profile => DocumentKind::Profile,
            Kind::Declaration => DocumentKind::Declaration,
            Kind::StatusReport => DocumentKind::StatusReport,
            Kind::Error => DocumentKind::Error,
        }
    }
}

/// How to validate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kind: Option<Kind>,
    pub request_type: Option<String>,
    pub context: Option<DeviceContext>,
    /// Authored (the default) or as a server sends it.
    pub form: Form,
    /// `--trust`: check signed profiles' signatures against these anchors.
    pub trust: Option<TrustCheck>,
}

/// The anchors of `dm validate --trust` and the time to check certificates at.
#[derive(Debug, Clone)]
pub struct TrustCheck {
    pub anchors: Vec<apple_device_management::runtime::cms::Certificate>,
    pub at: std::time::SystemTime,
}

/// A finding, and where it is in the file's text (`None` for binary plists and signed
/// profiles).
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    pub finding: Finding,
    pub position: Option<Position>,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file as named (`<stdin>` for standard input).
    pub path: String,
    /// Read from standard input.
    pub stdin: bool,
    pub kind: DocumentKind,
    pub schema: Option<String>,
    pub signed: bool,
    /// A signed profile's signature, checked (`--trust`).
    pub signature: Option<SignatureCheck>,
    pub findings: Vec<Reported>,
    /// The file could not be read or parsed.
    pub failure: Option<String>,
}

impl FileReport {
    fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|r| r.finding.severity == severity).count()
    }
    /// Error findings, and a signature that does not hold.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error) + usize::from(matches!(self.signature, Some(SignatureCheck::Fails(_))))
    }
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }
}

/// How standard input is named in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// One file, read: as named, and its document or why it could not be read.
#[derive(Debug)]
pub struct Loaded {
    /// The name reports give it.
    pub shown: String,
    /// Read from standard input.
    pub stdin: bool,
    pub read: Result<input::Read, InputError>,
}

impl Loaded {
    /// A file named by a path (`-`: standard input), read from disk.
    pub fn from_path(path: &Path) -> Loaded {
        if input::is_stdin(path) {
            return Loaded { shown: STDIN_NAME.into(), stdin: true, read: input::read_stdin() };
        }
        Loaded { shown: path.display().to_string(), stdin: false, read: input::read(path) }
    }

    /// A file's bytes already in memory, reported under `name`.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Loaded {
        Loaded { shown: name.to_string(), stdin: false, read: input::parse(bytes) }
    }
}

/// Validates one file (`-`: standard input).
pub fn validate_file(path: &Path, options: &Options, policy: &Policy) -> FileReport {
    let Loaded { shown, stdin, read } = Loaded::from_path(path);
    report(shown, stdin, read, options, policy, Vec::new())
}

/// Validates files, each with its policy (`policies[i]` for `paths[i]`), and the DDM
/// declarations among them as one set when there are two or more (references, identifiers,
/// a manifest's server tokens): a set finding is reported in the file it is about.
pub fn validate_files(paths: &[std::path::PathBuf], options: &Options, policies: &[Policy]) -> Vec<FileReport> {
    validate_loaded(paths.iter().map(|p| Loaded::from_path(p)).collect(), options, policies)
}

/// [`validate_files`] for files already read.
pub fn validate_loaded(loaded: Vec<Loaded>, options: &Options, policies: &[Policy]) -> Vec<FileReport> {
    let mut extra: Vec<Vec<Finding>> = vec![Vec::new(); loaded.len()];
    let members: Vec<(usize, &serde_json::Value)> = loaded
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match &l.read {
            Ok(input::Read { document: Document::Json(v), .. }) if is_declaration(v) || is_manifest(v) => Some((i, v)),
            _ => None,
        })
        .collect();
    if members.iter().filter(|(_, v)| is_declaration(v)).count() >= 2 {
        let values: Vec<&serde_json::Value> = members.iter().map(|(_, v)| *v).collect();
        let names: Vec<&str> = members.iter().map(|(i, _)| loaded[*i].shown.as_str()).collect();
        for f in validate_declaration_set(&values, &names) {
            extra[members[f.member].0].push(f.finding);
        }
    }
    loaded
        .into_iter()
        .zip(extra)
        .zip(policies)
        .map(|((Loaded { shown, stdin, read }, extra), policy)| report(shown, stdin, read, options, policy, extra))
        .collect()
}

fn is_declaration(v: &serde_json::Value) -> bool {
    v.get("Type").is_some_and(serde_json::Value::is_string) && v.get("Payload").is_some()
}

/// The server's declaration manifest (`DeclarationItemsResponse`).
fn is_manifest(v: &serde_json::Value) -> bool {
    v.get("Declarations").is_some_and(serde_json::Value::is_object)
}

fn report(shown: String, stdin: bool, read: Result<input::Read, InputError>, options: &Options, policy: &Policy, set: Vec<Finding>) -> FileReport {
    let read = match read {
        Ok(r) => r,
        Err(e) => {
            return FileReport {
                path: shown,
                stdin,
                kind: DocumentKind::Unknown,
                schema: None,
                signed: false,
                signature: None,
                findings: Vec::new(),
                failure: Some(e.to_string()),
            }
        }
    };
    let ctx = options.context.as_ref();
    let forced_response = options.kind == Some(Kind::Response) || options.request_type.is_some();
    let doc = match &read.document {
        Document::Plist(v) if forced_response => validate_response_in(v, options.request_type.as_deref(), ctx),
        Document::Plist(v) => validate_document_as(v, ctx, options.form),
        Document::Json(v) => validate_json_document_as(v, ctx, options.form),
    };
    let mut findings = doc.report.findings;
    if let Some(kind) = options.kind {
        // `--kind profile` takes a profile payload on its own too.
        let fits = kind.document_kind() == doc.kind || (kind == Kind::Profile && doc.kind == DocumentKind::Payload);
        if !fits {
            findings.insert(
                0,
                Finding::new(
                    Severity::Error,
                    Rule::UnknownSchema,
                    String::new(),
                    format!("expected a {} document, found {}", kind.document_kind().name(), doc.kind.name()),
                )
                .with_expected(kind.document_kind().name().to_string())
                .with_actual(doc.kind.name().to_string()),
            );
        }
    }
    findings.extend(set);
    let findings = policy.apply(findings, &read.document, doc.kind, doc.schema.as_deref());
    // The text is read for positions only when there is something to point at.
    let positions = if findings.is_empty() { None } else { read.text.as_deref().and_then(locate::read) };
    let findings = findings.into_iter().map(|f| Reported { position: positions.as_ref().map(|root| locate::position(root, f.path())), finding: f }).collect();
    let signature = match (&options.trust, &read.signed_bytes) {
        (Some(trust), Some(bytes)) => Some(signing::check(bytes, &trust.anchors, trust.at)),
        _ => None,
    };
    FileReport { path: shown, stdin, kind: doc.kind, schema: doc.schema, signed: read.signed, signature, findings, failure: None }
}

/// Process exit code for a run: 2 when a file could not be read or parsed, else 1 when any
/// error finding, else 0.
pub fn exit_code(reports: &[FileReport]) -> u8 {
    if reports.iter().any(|r| r.failure.is_some()) {
        2
    } else if reports.iter().any(|r| r.errors() > 0) {
        1
    } else {
        0
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub unreadable: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Totals {
        Totals {
            files: reports.len(),
            errors: reports.iter().map(FileReport::errors).sum(),
            warnings: reports.iter().map(FileReport::warnings).sum(),
            notes: reports.iter().map(FileReport::notes).sum(),
            unreadable: reports.iter().filter(|r| r.failure.is_some()).count(),
        }
    }
}

/// The JSON report of a run: what `dm validate --format json` prints and `POST /api/validate`
/// answers.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonReport {
    /// One object per file (`path`, `kind`, `schema`, `signed`, `findings`).
    pub files: Vec<serde_json::Value>,
    pub summary: Totals,
    /// What `dm validate` exits with ([`exit_code`]).
    pub exit_code: u8,
}

impl JsonReport {
    /// JSON lines: one object per file, then `{"summary": …}`.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            out.push_str(&f.to_string());
            out.push('\n');
        }
        out.push_str(&serde_json::json!({ "summary": self.summary }).to_string());
        out.push('\n');
        out
    }
}

/// Validates files already read and reports them as JSON: the one code path of `dm validate
/// --format json` and `dm serve`'s `POST /api/validate`.
pub fn validate_json(loaded: Vec<Loaded>, options: &Options, policies: &[Policy]) -> JsonReport {
    let reports = validate_loaded(loaded, options, policies);
    JsonReport { files: crate::render::json_files(&reports), summary: Totals::of(&reports), exit_code: exit_code(&reports) }
}
