//! Validating files: read, detect, validate, and keep one report per file.

use std::path::Path;

use apple_device_management::runtime::availability::DeviceContext;
use apple_device_management::runtime::validate::{
    validate_document_as, validate_json_document_as, validate_response_in, DocumentKind, Finding, Form, Rule, Severity,
};

use crate::input::{self, Document};

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
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub kind: DocumentKind,
    pub schema: Option<String>,
    pub signed: bool,
    pub findings: Vec<Finding>,
    /// The file could not be read or parsed.
    pub failure: Option<String>,
}

impl FileReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }
    pub fn notes(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Note).count()
    }
}

/// Validates one file.
pub fn validate_file(path: &Path, options: &Options) -> FileReport {
    let shown = path.display().to_string();
    let read = match input::read(path) {
        Ok(r) => r,
        Err(e) => {
            return FileReport { path: shown, kind: DocumentKind::Unknown, schema: None, signed: false, findings: Vec::new(), failure: Some(e.to_string()) }
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
                Finding {
                    severity: Severity::Error,
                    path: String::new(),
                    rule: Rule::UnknownSchema,
                    expected: Some(kind.document_kind().name().into()),
                    actual: Some(doc.kind.name().into()),
                    message: format!("expected a {} document, found {}", kind.document_kind().name(), doc.kind.name()),
                    suggestion: None,
                },
            );
        }
    }
    FileReport { path: shown, kind: doc.kind, schema: doc.schema, signed: read.signed, findings, failure: None }
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
