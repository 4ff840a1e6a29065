//! Validation: every constraint of the schema, every violation with its key path, in one pass.
//!
//! - [`validate`] checks a typed value (it is serialized first, so keys in `unknown` and
//!   `Unknown` enum values are judged too); [`validate_value`] and [`validate_json`] check raw
//!   documents against one schema's table.
//! - [`validate_json_slice`] and [`is_valid_json_slice`] judge JSON as it is read from its
//!   text (`stream.rs` over the reader `json_text.rs`): no value is built, the report is
//!   [`validate_json`]'s on the parsed value (plus keys named twice), and the verdict stops
//!   reading at the first error. From the wire, this is the fast path.
//! - [`is_valid_value`], [`is_valid_json`] and [`is_valid_response`] give the verdict of
//!   [`validate_value`], [`validate_json`] and [`validate_response`] (no errors) without
//!   building the report: they stop at the first error and make no warnings.
//! - [`validate_any_in`] and [`validate_declaration_in`] check a typed value for a device: the
//!   report [`validate_document_as`] / [`validate_json_document_as`] give on its serialized
//!   form (presence in context and availability in one report).
//! - [`validate_document`] and [`validate_json_document`] find the schema from what a raw
//!   document carries (`RequestType`, `MessageType`, `PayloadType` — a whole profile payload by
//!   payload, with the wrapper's keys and `PayloadUUID` uniqueness —, a declaration's `Type`, a
//!   response's own keys) and, given a [`DeviceContext`](crate::availability::DeviceContext), add the availability findings to the
//!   same report.
//!
//! Rules: presence, type (an integer is accepted for `<real>`; JSON carries dates and data as
//! strings), `rangelist`, `range`, `format` (the schema's regex, searched as JSON Schema's
//! `pattern`), `valuetype` (url, email, hostname, domain, domain-prefix, uuid, timestamp,
//! localtime, regex), `repetition`, `ANY` maps, tagged arrays, recursive schemas. Unknown keys
//! are warnings, with a suggestion when a known key is one or two edits away. Nesting deeper
//! than [`MAX_DEPTH`] is reported, not followed.

mod declaration_set;
mod doc;
mod document;
mod formats;
mod index;
mod json_text;
mod lints;
mod payload;
mod presence;
mod report;
mod rules;
mod stream;
mod suggest;
mod walk;

pub use declaration_set::{validate_declaration_set, SetFinding};
pub use document::{
    is_valid_response, validate_document, validate_document_as, validate_json_document, validate_json_document_as, validate_response, validate_response_in,
    DocumentKind, DocumentReport, Form,
};
#[doc(hidden)]
pub use index::self_check as index_self_check;
pub use json_text::{JsonError, JsonErrorKind, MAX_NESTING};
pub use presence::Presence;
pub use report::{Finding, Report, Rule, Severity};
pub use walk::MAX_DEPTH;

use crate::availability::{HasSchema, KeyNode, Part, SchemaTable};

fn part_keys(table: &SchemaTable, part: Part) -> &'static [KeyNode] {
    table.part(part).unwrap_or(&[])
}

/// What a walk knows beyond the schema: the device (for keys required only where they exist)
/// and whether the top-level keys are required at all.
#[derive(Debug, Clone, Default)]
pub(crate) struct Judge<'a> {
    pub(crate) presence: presence::Sender<'a>,
    /// A response that is not `Acknowledged` carries no body: its keys are not required.
    pub(crate) no_top_level_required: bool,
}

impl<'a> Judge<'a> {
    /// What the document itself shows of its sender (see [`Presence::infer`]).
    pub(crate) fn inferred(value: &'a plist::Value) -> Judge<'a> {
        Judge { presence: presence::Sender::shown(value, None), no_top_level_required: false }
    }
}

/// Validates a plist value against one part of a schema; paths start at `prefix`, and the
/// top-level keys in `handled` (envelope keys, `RequestType`) are not reported as unknown.
/// Presence is judged from what the document shows.
pub(crate) fn validate_at(table: &SchemaTable, part: Part, value: &plist::Value, prefix: &str, handled: &[&str]) -> Report {
    validate_in(table, part, value, prefix, handled, Judge::inferred(value))
}

/// [`validate_at`], with presence judged as `judge` says.
pub(crate) fn validate_in<'a>(table: &SchemaTable, part: Part, value: &'a plist::Value, prefix: &str, handled: &'a [&'a str], judge: Judge<'a>) -> Report {
    let mut w = walk::Walker::new(prefix, handled).in_context(judge.presence, table.support);
    w.no_top_level_required = judge.no_top_level_required;
    walk_root(&mut w, part_keys(table, part), value);
    Report { findings: w.findings }
}

/// What every schema's root is: a dictionary (a document that is not one is a type error).
static ROOT: KeyNode = KeyNode { ty: crate::availability::KeyType::Dictionary, ..KeyNode::EMPTY };

fn walk_root<'a, V: doc::DocValue>(w: &mut walk::Walker<'a>, keys: &'static [KeyNode], value: &'a V) {
    if value.kind() == doc::Kind::Dictionary {
        let root = w.root_support;
        w.dictionary(keys, root, value);
    } else {
        w.value(&ROOT, None, value);
    }
}

/// Validates a plist value (from XML or binary) against a schema's payload keys.
pub fn validate_value(table: &SchemaTable, value: &plist::Value) -> Report {
    validate_at(table, Part::Payload, value, "", &[])
}

/// Validates a JSON value (a DDM declaration's `Payload`, a status item) against a schema's
/// payload keys.
pub fn validate_json(table: &SchemaTable, value: &serde_json::Value) -> Report {
    validate_json_at(table, value, "", &[], &Presence::default())
}

/// Whether a plist value is valid against a schema's payload keys: the same verdict as
/// `validate_value(table, value).is_valid()`, without building the report.
pub fn is_valid_value(table: &SchemaTable, value: &plist::Value) -> bool {
    is_valid_at(table, Part::Payload, value, &[])
}

/// Whether a JSON value is valid against a schema's payload keys: the same verdict as
/// `validate_json(table, value).is_valid()`, without building the report.
pub fn is_valid_json(table: &SchemaTable, value: &serde_json::Value) -> bool {
    let mut w = walk::Walker::verdict(&[]).in_context(presence::Sender::default(), table.support);
    walk_root(&mut w, table.keys, value);
    !w.failed
}

/// Validates a JSON document against one part of a schema as it is read from `bytes`: no
/// `serde_json::Value` is built. The report is [`validate_json`]'s on the parsed value, except
/// that a key of the schema named twice in one object is an error ([`Rule::DuplicateKey`]),
/// where a parsed value keeps the last silently. Bytes that are not JSON are an error (the
/// bytes `serde_json` refuses, with the line and column).
pub fn validate_json_slice(table: &SchemaTable, part: Part, bytes: &[u8]) -> Result<Report, JsonError> {
    let mut w = walk::Walker::new("", &[]).in_context(presence::Sender::default(), table.support);
    match stream::read(&mut w, &ROOT, index::index(part_keys(table, part)), bytes) {
        Ok(()) | Err(stream::Stop::Settled) => Ok(Report { findings: w.findings }),
        Err(stream::Stop::Json(e)) => Err(e),
    }
}

/// Whether JSON bytes are a valid document of one part of a schema: the verdict of
/// [`validate_json_slice`] (false for bytes that are not JSON), read only up to the first
/// error.
pub fn is_valid_json_slice(table: &SchemaTable, part: Part, bytes: &[u8]) -> bool {
    let mut w = walk::Walker::verdict(&[]).in_context(presence::Sender::default(), table.support);
    let read = stream::read(&mut w, &ROOT, index::index(part_keys(table, part)), bytes);
    read.is_ok() && !w.failed
}

/// The verdict of [`validate_at`].
pub(crate) fn is_valid_at(table: &SchemaTable, part: Part, value: &plist::Value, handled: &[&str]) -> bool {
    is_valid_in(table, part, value, handled, Judge::inferred(value))
}

/// The verdict of [`validate_in`].
pub(crate) fn is_valid_in<'a>(table: &SchemaTable, part: Part, value: &'a plist::Value, handled: &'a [&'a str], judge: Judge<'a>) -> bool {
    let mut w = walk::Walker::verdict(handled).in_context(judge.presence, table.support);
    w.no_top_level_required = judge.no_top_level_required;
    walk_root(&mut w, part_keys(table, part), value);
    !w.failed
}

pub(crate) fn validate_json_at(table: &SchemaTable, value: &serde_json::Value, prefix: &str, handled: &[&str], presence: &Presence) -> Report {
    let mut w = walk::Walker::new(prefix, handled).in_context(presence::Sender::stated(presence.clone()), table.support);
    walk_root(&mut w, table.keys, value);
    Report { findings: w.findings }
}

/// Keys typed values write themselves that their schema does not list.
const WRITTEN_TAGS: &[&str] = &["RequestType", "MessageType"];

/// Validates a typed value: it is serialized, then checked like a raw document, so values kept
/// in `unknown` or in `Unknown` enum variants are judged too. A whole profile (`TopLevel`) is
/// judged as [`validate_document`] judges it: the wrapper, every payload against its own schema
/// and the keys common to all payloads, and `PayloadUUID` uniqueness.
pub fn validate<T: HasSchema + serde::Serialize>(value: &T) -> Report {
    match plist::to_value(value) {
        Ok(v) => validate_typed(T::registry(), T::schema(), T::PART, &v),
        Err(e) => unencodable(e),
    }
}

/// Validates any member of a dispatch enum (`AnyCommand`, `AnyPayload`,
/// `AnyDeclarationPayload`, `AnyCheckinMessage`, `AnyCommandResponse`) as [`validate`]
/// validates the member's own type. An `Unknown` member has no schema: one
/// [`Rule::UnknownSchema`] error.
pub fn validate_any<A: crate::AnyMessage + serde::Serialize>(value: &A) -> Report {
    let Some((table, part)) = value.schema() else { return no_schema::<A>() };
    match plist::to_value(value) {
        Ok(v) => validate_typed(A::registry(), table, part, &v),
        Err(e) => unencodable(e),
    }
}

/// Validates any member of a dispatch enum for a device: finding for finding what
/// [`validate_document_as`] says of the member serialized as a plist (for
/// `AnyDeclarationPayload`, what [`validate_json_document_as`] says of a declaration's
/// `Payload`, with paths from the payload): presence judged for the device `ctx` describes
/// (what the value shows fills the rest), and, given a context, the availability findings of
/// what a server sends (commands, profile payloads, declarations; not check-in messages or
/// responses, which the device sent) in the same report.
///
/// `form` is as for [`validate_document_as`]: a command in [`Form::Sent`] must be in its
/// envelope, so a bare command the server has not wrapped yet is judged [`Form::Authored`]. An
/// `Unknown` member has no schema: one [`Rule::UnknownSchema`] error.
///
/// ```
/// use apple_device_management::commands::AnyCommand;
/// use apple_device_management::runtime::availability::{DeviceContext, Platform};
/// use apple_device_management::runtime::validate::{validate_any_in, Form};
/// use apple_device_management::runtime::codec;
///
/// let command: AnyCommand = codec::from_json(br#"{"RequestType": "EnableLostMode", "Message": "Call me"}"#).unwrap();
/// let unsupervised = DeviceContext::new(Platform::IOS, "17.0".parse().unwrap());
/// let report = validate_any_in(&command, Some(&unsupervised), Form::Authored);
/// assert!(!report.is_valid()); // Lost Mode needs a supervised device
/// assert!(validate_any_in(&command, Some(&unsupervised.supervised(true)), Form::Authored).is_valid());
/// ```
pub fn validate_any_in<A: crate::AnyMessage + serde::Serialize>(value: &A, ctx: Option<&crate::availability::DeviceContext>, form: Form) -> Report {
    let Some((table, part)) = value.schema() else { return no_schema::<A>() };
    if A::TAG == "Type" {
        return match serde_json::to_value(value) {
            Ok(json) => document::json_payload_in(table, &json, ctx),
            Err(e) => Report { findings: vec![unencodable_finding(e.to_string())] },
        };
    }
    match plist::to_value(value) {
        Ok(v) => document::typed_in(A::registry(), table, part, A::TAG, &v, ctx, form),
        Err(e) => unencodable(e),
    }
}

fn no_schema<A: crate::AnyMessage>() -> Report {
    Report { findings: vec![Finding::new(Severity::Error, Rule::UnknownSchema, String::new(), format!("no schema for this `{}`", A::TAG))] }
}

/// Validates a declaration with its envelope (`Type`, `Identifier`, in the sent form
/// `ServerToken`) as [`validate_json_document_as`] validates its JSON.
pub fn validate_declaration<P: serde::Serialize>(registry: &crate::Registry, declaration: &crate::Declaration<P>, form: Form) -> Report {
    validate_declaration_in(registry, declaration, None, form)
}

/// Validates a declaration for a device: finding for finding what [`validate_json_document_as`]
/// says of its JSON with the same context and form (presence judged for the device, and the
/// availability findings of its payload given a context), in one report.
pub fn validate_declaration_in<P: serde::Serialize>(
    registry: &crate::Registry,
    declaration: &crate::Declaration<P>,
    ctx: Option<&crate::availability::DeviceContext>,
    form: Form,
) -> Report {
    match serde_json::to_value(declaration) {
        Ok(json) => validate_json_document_as(registry, &json, ctx, form).report,
        Err(e) => Report { findings: vec![unencodable_finding(e.to_string())] },
    }
}

fn validate_typed(registry: &crate::Registry, table: &SchemaTable, part: Part, v: &plist::Value) -> Report {
    let profiles = part == Part::Payload && table.source.starts_with("mdm/profiles/");
    if profiles && table.source.ends_with("/TopLevel.yaml") {
        return v.as_dictionary().map(|d| document::profile(registry, d, v, None).report).unwrap_or_else(|| validate_at(table, part, v, "", WRITTEN_TAGS));
    }
    if profiles {
        // A profile payload also carries the keys common to all payloads.
        let mut report = Report::default();
        document::payload_one(table, v, "", None, &mut report);
        return report;
    }
    validate_at(table, part, v, "", WRITTEN_TAGS)
}

fn unencodable_finding(message: String) -> Finding {
    Finding::new(Severity::Error, Rule::Type, String::new(), format!("value cannot be written as a plist: {message}"))
}

fn unencodable(e: plist::Error) -> Report {
    Report { findings: vec![unencodable_finding(crate::codec::plist_message(&e))] }
}
