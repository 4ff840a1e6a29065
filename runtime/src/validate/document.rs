//! Raw documents: find the schema from what the document carries, validate it (a profile payload
//! by payload), and add availability findings when a device context is given.

use std::collections::BTreeMap;

use super::presence::{Presence, Sender};
use super::report::{join, Finding, Report, Rule, Severity};
use super::{is_valid_in, validate_in, validate_json_at, Judge};
use super::{lints, payload};
use crate::availability::{check_json, check_part, DeviceContext, Part, SchemaTable};
use crate::{Category, Registry};

/// What kind of document was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Command,
    Response,
    Checkin,
    Profile,
    /// One profile payload on its own, as Apple's documentation shows a payload.
    Payload,
    Declaration,
    /// A status report, or a fragment of its `StatusItems` on its own
    /// (`{"device": {"model": {"family": "iPhone"}}}`).
    StatusReport,
    Error,
    Unknown,
}

impl DocumentKind {
    /// Lower-case name (`command`, `status-report` …).
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Command => "command",
            DocumentKind::Response => "response",
            DocumentKind::Checkin => "checkin",
            DocumentKind::Profile => "profile",
            DocumentKind::Payload => "payload",
            DocumentKind::Declaration => "declaration",
            DocumentKind::StatusReport => "status-report",
            DocumentKind::Error => "error",
            DocumentKind::Unknown => "unknown",
        }
    }
}

/// The outcome for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentReport {
    pub kind: DocumentKind,
    /// The schema's wire identifier or source file (`ScheduleOSUpdate`,
    /// `com.apple.wifi.managed`); for a profile, the wrapper's.
    pub schema: Option<String>,
    pub report: Report,
}

fn stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".yaml").unwrap_or(name)
}

fn error(path: &str, rule: Rule, message: String) -> Finding {
    Finding::new(Severity::Error, rule, path, message)
}

fn unknown(kind: DocumentKind, message: String) -> DocumentReport {
    DocumentReport { kind, schema: None, report: Report { findings: vec![error("", Rule::UnknownSchema, message)] } }
}

fn string_key<'a>(dict: &'a plist::Dictionary, key: &str) -> Option<&'a str> {
    dict.get(key).and_then(plist::Value::as_string)
}

/// Which form of a document is validated: as people author and store it, or as a server sends
/// it. They differ in the keys a server fills in when it sends: a DDM declaration's
/// `ServerToken` (computed from the content when it is served) and a command's envelope
/// (`CommandUUID`). Profiles have none: every key of a profile is its author's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Form {
    /// As authored and stored: what the server fills in may be missing.
    #[default]
    Authored,
    /// As sent to the device: everything must be there.
    Sent,
}

/// One schema part at a path, with availability when a context is given and the document is
/// one a server sends (`available`): a device's own messages are not judged for availability,
/// their presence is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn one(
    table: &SchemaTable,
    part: Part,
    value: &plist::Value,
    prefix: &str,
    handled: &[&str],
    ctx: Option<&DeviceContext>,
    available: bool,
    report: &mut Report,
) {
    let judge = Judge { presence: Sender::shown(value, ctx), no_top_level_required: false };
    report.findings.extend(validate_in(table, part, value, prefix, handled, judge).findings);
    if let (Some(ctx), true) = (ctx, available) {
        report.extend_availability(prefix, check_part(table, part, value, ctx));
    }
}

/// A typed member of a dispatch enum, serialized, as [`validate_document_as`] judges the same
/// document: found by its type rather than by what it carries (a command with a `Status` key is
/// not taken for a response). `tag` is the enum's tag key; a response body is judged as the
/// body of an acknowledged response (no availability: the device sent it).
pub(crate) fn typed_in(reg: &Registry, table: &SchemaTable, part: Part, tag: &str, value: &plist::Value, ctx: Option<&DeviceContext>, form: Form) -> Report {
    let mut report = Report::default();
    if part == Part::Response {
        let judge = Judge { presence: Sender::shown(value, ctx), no_top_level_required: false };
        report.findings.extend(validate_in(table, part, value, "", RESPONSE_ENVELOPE, judge).findings);
        return report;
    }
    match tag {
        "RequestType" => {
            if form == Form::Sent {
                report.findings.push(error(
                    "CommandUUID",
                    Rule::Required,
                    "required key `CommandUUID` is missing: a command is sent in its envelope (`CommandUUID`, `Command`)".into(),
                ));
            }
            one(table, part, value, "", &["RequestType"], ctx, true, &mut report);
        }
        "MessageType" => one(table, part, value, "", &["MessageType"], ctx, false, &mut report),
        _ if table.source.ends_with("/TopLevel.yaml") => {
            return match value.as_dictionary() {
                Some(dict) => profile(reg, dict, value, ctx).report,
                None => validate_in(table, part, value, "", &[], Judge { presence: Sender::shown(value, ctx), no_top_level_required: false }),
            }
        }
        _ => {
            payload_one(table, value, "", ctx, &mut report);
            if let Some(dict) = value.as_dictionary() {
                lints::identity(dict, "", None, &mut report.findings);
            }
        }
    }
    report
}

/// A declaration's `Payload` on its own, as [`validate_json_document_as`] judges it inside its
/// declaration (paths start at the payload, not at `Payload`).
pub(crate) fn json_payload_in(table: &SchemaTable, payload: &serde_json::Value, ctx: Option<&DeviceContext>) -> Report {
    let presence = ctx.map(Presence::from).unwrap_or_default();
    let mut report = validate_json_at(table, payload, "", &[], &presence);
    if let Some(ctx) = ctx {
        report.extend_availability("", check_json(table, payload, ctx));
    }
    report
}

/// Validates a plist document of any kind, in its authored form (see [`validate_document_as`]).
pub fn validate_document(reg: &Registry, value: &plist::Value, ctx: Option<&DeviceContext>) -> DocumentReport {
    validate_document_as(reg, value, ctx, Form::Authored)
}

/// Whether a dictionary is a command response: a `Status` beside a `CommandUUID` or a device
/// identifier (an `Idle` response has no `CommandUUID`), and no command envelope or check-in
/// `MessageType`. An echoed `RequestType` does not make it a command.
fn is_response(dict: &plist::Dictionary) -> bool {
    string_key(dict, "Status").is_some()
        && ["CommandUUID", "UDID", "EnrollmentID"].iter().any(|k| dict.contains_key(k))
        && !dict.contains_key("Command")
        && !dict.contains_key("MessageType")
}

/// Validates a plist document of any kind: a command (bare or in its `CommandUUID`/`Command`
/// envelope), a response (schema found from its own keys, or from a `RequestType` it echoes),
/// a check-in message, a profile (the wrapper and each payload), a single profile payload, an
/// error body. `form` says whether keys a server fills in when sending must be there (a
/// command's envelope).
pub fn validate_document_as(reg: &Registry, value: &plist::Value, ctx: Option<&DeviceContext>, form: Form) -> DocumentReport {
    let Some(dict) = value.as_dictionary() else {
        return unknown(DocumentKind::Unknown, "the document is not a dictionary".into());
    };
    let mut report = Report::default();
    if is_response(dict) {
        return validate_response_in(reg, value, string_key(dict, "RequestType"), ctx);
    }
    // Command envelope.
    if let Some(command) = dict.get("Command").and_then(plist::Value::as_dictionary) {
        let Some(rt) = string_key(command, "RequestType") else {
            return unknown(DocumentKind::Command, "the command has no `RequestType`".into());
        };
        let Some(table) = reg.find_schema(Category::Commands, rt) else {
            return unknown(DocumentKind::Command, format!("no schema for RequestType `{rt}`"));
        };
        if string_key(dict, "CommandUUID").is_none() {
            report.findings.push(error("CommandUUID", Rule::Required, "required key `CommandUUID` is missing or not a string".into()));
        }
        one(table, Part::Payload, &plist::Value::Dictionary(command.clone()), "Command", &["RequestType"], ctx, true, &mut report);
        return DocumentReport { kind: DocumentKind::Command, schema: Some(rt.to_string()), report };
    }
    if let Some(rt) = string_key(dict, "RequestType") {
        let Some(table) = reg.find_schema(Category::Commands, rt) else {
            return unknown(DocumentKind::Command, format!("no schema for RequestType `{rt}`"));
        };
        if form == Form::Sent {
            report.findings.push(error(
                "CommandUUID",
                Rule::Required,
                "required key `CommandUUID` is missing: a command is sent in its envelope (`CommandUUID`, `Command`)".into(),
            ));
        }
        one(table, Part::Payload, value, "", &["RequestType"], ctx, true, &mut report);
        return DocumentReport { kind: DocumentKind::Command, schema: Some(rt.to_string()), report };
    }
    if let Some(mt) = string_key(dict, "MessageType") {
        let Some(table) = reg.find_schema(Category::Checkin, mt) else {
            return unknown(DocumentKind::Checkin, format!("no schema for MessageType `{mt}`"));
        };
        one(table, Part::Payload, value, "", &["MessageType"], ctx, false, &mut report);
        return DocumentReport { kind: DocumentKind::Checkin, schema: Some(mt.to_string()), report };
    }
    // A profile says `Configuration`; a payload on its own (as Apple's documentation shows
    // one) names its own type, and some payloads hold a `PayloadContent` array of their own.
    let payload_type = string_key(dict, "PayloadType");
    if payload_type == Some("Configuration") || (payload_type.is_none() && dict.get("PayloadContent").is_some_and(|c| c.as_array().is_some())) {
        return profile(reg, dict, value, ctx);
    }
    if let Some(pt) = payload_type {
        payload::judge(reg, value, "", ctx, &mut report);
        lints::identity(dict, "", None, &mut report.findings);
        return DocumentReport { kind: DocumentKind::Payload, schema: Some(pt.to_string()), report };
    }
    if let Some(table) = error_schema(reg, string_key(dict, "code")) {
        one(table, Part::Payload, value, "", &[], None, true, &mut report);
        return DocumentReport { kind: DocumentKind::Error, schema: Some(stem(table.source).to_string()), report };
    }
    unknown(
        DocumentKind::Unknown,
        "cannot tell what this document is: no `Command`, `RequestType`, `MessageType`, `PayloadType`, response keys or error `code`".into(),
    )
}

/// A profile payload against its schema, which carries the keys every payload has
/// (`PayloadType`, `PayloadUUID` … from `CommonPayloadKeys.yaml`: the generator puts them in
/// each payload's table).
pub(crate) fn payload_one(table: &SchemaTable, item: &plist::Value, prefix: &str, ctx: Option<&DeviceContext>, report: &mut Report) {
    one(table, Part::Payload, item, prefix, &[], ctx, true, report);
}

/// The error schema whose `code` rangelist holds this code.
fn error_schema(reg: &Registry, code: Option<&str>) -> Option<&'static SchemaTable> {
    let code = code?;
    reg.schemas()
        .filter(|s| s.category == Category::Errors)
        .map(|s| s.schema.table())
        .find(|t| t.keys.iter().any(|k| k.name == "code" && k.rangelist.iter().any(|r| matches!(r, crate::availability::Scalar::Str(c) if *c == code))))
}

pub(crate) fn profile(reg: &Registry, dict: &plist::Dictionary, value: &plist::Value, ctx: Option<&DeviceContext>) -> DocumentReport {
    let mut report = Report::default();
    let Some(top) = reg.find_schema(Category::Profiles, "TopLevel") else {
        return unknown(DocumentKind::Profile, "the profile wrapper schema (TopLevel) is not compiled in".into());
    };
    one(top, Part::Payload, value, "", &[], ctx, true, &mut report);
    lints::identity(dict, "", None, &mut report.findings);
    let profile_id = string_key(dict, "PayloadIdentifier");
    let mut uuids: BTreeMap<&str, String> = BTreeMap::new();
    if let Some(u) = string_key(dict, "PayloadUUID") {
        uuids.insert(u, "PayloadUUID".into());
    }
    let payloads = dict.get("PayloadContent").and_then(plist::Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for (i, item) in payloads.iter().enumerate() {
        let prefix = format!("PayloadContent[{i}]");
        let Some(payload) = item.as_dictionary() else { continue }; // a type error, already reported
                                                                    // Every payload is judged on the keys all payloads have, its type known or not (a
                                                                    // missing `PayloadType` is one of them).
        payload::judge(reg, item, &prefix, ctx, &mut report);
        lints::identity(payload, &prefix, profile_id, &mut report.findings);
        if let Some(u) = string_key(payload, "PayloadUUID") {
            let path = join(&prefix, "PayloadUUID");
            if let Some(first) = uuids.get(u) {
                report.findings.push(
                    Finding::new(Severity::Error, Rule::DuplicateUuid, path, format!("PayloadUUID `{u}` is also used at `{first}`"))
                        .with_expected("a UUID used once in the profile")
                        .with_actual(u.to_string()),
                );
            } else {
                uuids.insert(u, path);
            }
        }
    }
    lints::across_payloads(reg, dict, payloads, ctx, &mut report.findings);
    DocumentReport { kind: DocumentKind::Profile, schema: Some("Configuration".into()), report }
}

/// Keys of the response envelope, never part of a response body's schema (`RequestType` is
/// echoed by some devices).
const RESPONSE_ENVELOPE: &[&str] =
    &["CommandUUID", "Status", "UDID", "EnrollmentID", "EnrollmentUserID", "UserID", "UserShortName", "UserLongName", "ErrorChain", "RequestType"];

/// Validates a command response; the command is `request_type` or, when `None`, the command
/// whose response keys fit the body best (all its required keys present, most keys known).
pub fn validate_response(reg: &Registry, value: &plist::Value, request_type: Option<&str>) -> DocumentReport {
    validate_response_in(reg, value, request_type, None)
}

/// The envelope's own findings and how the body is judged: its keys are required only when the
/// command was acknowledged (the other statuses carry no body), and `CommandUUID` is required
/// except on `Idle` (which answers no command).
fn response_envelope<'a>(dict: &plist::Dictionary, value: &'a plist::Value, ctx: Option<&DeviceContext>, report: &mut Report) -> Judge<'a> {
    // The three keys in one pass over a response's few top-level keys (a lookup by name hashes
    // the name, which costs more).
    let (mut status, mut uuid, mut chain) = (None, None, None);
    for (key, v) in dict {
        match key.as_str() {
            "Status" => status = v.as_string(),
            "CommandUUID" => uuid = v.as_string(),
            "ErrorChain" => chain = Some(v),
            _ => {}
        }
    }
    if status.is_none() {
        report.findings.push(error("Status", Rule::Required, "required key `Status` is missing or not a string".into()));
    }
    if status != Some("Idle") && uuid.is_none() {
        report.findings.push(error("CommandUUID", Rule::Required, "required key `CommandUUID` is missing or not a string".into()));
    }
    if let Some(chain) = chain {
        if !chain.as_array().is_some_and(|items| items.iter().all(|i| i.as_dictionary().is_some())) {
            report.findings.push(error("ErrorChain", Rule::Type, "`ErrorChain` is not an array of dictionaries".into()));
        }
    }
    Judge { presence: Sender::shown(value, ctx), no_top_level_required: status != Some("Acknowledged") }
}

/// [`validate_response`] for a device: presence is judged for it (the document's own keys fill
/// in what the context does not say). No availability findings: the device sent it.
pub fn validate_response_in(reg: &Registry, value: &plist::Value, request_type: Option<&str>, ctx: Option<&DeviceContext>) -> DocumentReport {
    let Some(dict) = value.as_dictionary() else {
        return unknown(DocumentKind::Response, "the response is not a dictionary".into());
    };
    let mut report = Report::default();
    let judge = response_envelope(dict, value, ctx, &mut report);
    let body = || dict.keys().map(String::as_str).filter(|k| !RESPONSE_ENVELOPE.contains(k));
    let table = match request_type {
        Some(rt) => match reg.find_schema(Category::Commands, rt) {
            Some(t) => Some((t, rt.to_string())),
            None => return unknown(DocumentKind::Response, format!("no schema for RequestType `{rt}`")),
        },
        None => best_response(reg, &body().collect::<Vec<_>>()),
    };
    match table {
        Some((t, rt)) => {
            let body_findings = validate_in(t, Part::Response, value, "", RESPONSE_ENVELOPE, judge).findings;
            if report.findings.is_empty() {
                report.findings = body_findings;
            } else {
                report.findings.extend(body_findings);
            }
            DocumentReport { kind: DocumentKind::Response, schema: Some(rt), report }
        }
        None if body().next().is_none() => DocumentReport { kind: DocumentKind::Response, schema: None, report },
        None => {
            report.findings.push(error("", Rule::UnknownSchema, "no command's response keys fit this response; pass its RequestType".into()));
            DocumentReport { kind: DocumentKind::Response, schema: None, report }
        }
    }
}

/// Whether a command response is valid: the same verdict as
/// `validate_response(reg, value, request_type).report.is_valid()`, without building the report
/// when the command is given.
pub fn is_valid_response(reg: &Registry, value: &plist::Value, request_type: Option<&str>) -> bool {
    let Some(rt) = request_type else { return validate_response(reg, value, None).report.is_valid() };
    let Some(dict) = value.as_dictionary() else { return false };
    let mut envelope = Report::default();
    let judge = response_envelope(dict, value, None, &mut envelope);
    if !envelope.is_valid() {
        return false;
    }
    reg.find_schema(Category::Commands, rt).is_some_and(|t| is_valid_in(t, Part::Response, value, RESPONSE_ENVELOPE, judge))
}

fn best_response(reg: &Registry, body: &[&str]) -> Option<(&'static SchemaTable, String)> {
    if body.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'static SchemaTable, &'static str)> = None;
    let mut tie = false;
    for info in reg.schemas().filter(|s| s.category == Category::Commands) {
        let Some(keys) = info.schema.response_keys else { continue };
        let all_required = keys.iter().filter(|k| k.required && !k.any).all(|k| body.contains(&k.name));
        let known = body.iter().filter(|b| keys.iter().any(|k| k.any || k.name == **b)).count();
        if !all_required || known == 0 {
            continue;
        }
        match best {
            Some((n, _, _)) if known < n => {}
            Some((n, _, _)) if known == n => tie = true,
            _ => {
                best = Some((known, info.schema, info.wire_id.unwrap_or(info.source)));
                tie = false;
            }
        }
    }
    match best {
        Some((_, t, rt)) if !tie => Some((t, rt.to_string())),
        _ => None,
    }
}

/// Validates a JSON document in its authored form (see [`validate_json_document_as`]).
pub fn validate_json_document(reg: &Registry, value: &serde_json::Value, ctx: Option<&DeviceContext>) -> DocumentReport {
    validate_json_document_as(reg, value, ctx, Form::Authored)
}

/// Validates a JSON document: a DDM declaration (`Type`, `Identifier`, `Payload`, and in the
/// sent form `ServerToken`), a status report (`StatusItems`, each item against its status item
/// schema), a DDM protocol body, or an MDM error body.
pub fn validate_json_document_as(reg: &Registry, value: &serde_json::Value, ctx: Option<&DeviceContext>, form: Form) -> DocumentReport {
    let Some(obj) = value.as_object() else {
        return unknown(DocumentKind::Unknown, "the document is not a JSON object".into());
    };
    let mut report = Report::default();
    let presence = ctx.map(Presence::from).unwrap_or_default();
    if let (Some(ty), Some(payload)) = (obj.get("Type").and_then(|t| t.as_str()), obj.get("Payload")) {
        let server_token = if form == Form::Sent { &["Identifier", "ServerToken"][..] } else { &["Identifier"][..] };
        for key in server_token {
            if !obj.get(*key).is_some_and(|v| v.is_string()) {
                report.findings.push(error(key, Rule::Required, format!("required key `{key}` is missing or not a string")));
            }
        }
        if form == Form::Authored && obj.get("ServerToken").is_some_and(|v| !v.is_string()) {
            report.findings.push(error("ServerToken", Rule::Type, "`ServerToken` is not a string".into()));
        }
        envelope_keys(obj, &mut report);
        let Some(table) = reg.find_schema(Category::Declarations, ty) else {
            report.findings.push(error("Type", Rule::UnknownSchema, format!("no schema for declaration Type `{ty}`")));
            return DocumentReport { kind: DocumentKind::Declaration, schema: None, report };
        };
        report.findings.extend(validate_json_at(table, payload, "Payload", &[], &presence).findings);
        if let Some(ctx) = ctx {
            report.extend_availability("Payload", check_json(table, payload, ctx));
        }
        return DocumentReport { kind: DocumentKind::Declaration, schema: Some(ty.to_string()), report };
    }
    let protocol = |rt: &str| reg.find_schema(Category::Protocol, rt);
    let (kind, table) = if obj.contains_key("StatusItems") {
        (DocumentKind::StatusReport, protocol("StatusReport"))
    } else if let Some(code) = obj.get("code").and_then(|c| c.as_str()) {
        (DocumentKind::Error, error_schema(reg, Some(code)))
    } else if obj.contains_key("Declarations") {
        (DocumentKind::Unknown, protocol("DeclarationItemsResponse"))
    } else if obj.contains_key("SyncTokens") {
        (DocumentKind::Unknown, protocol("TokensResponse"))
    } else if is_status_fragment(reg, obj) {
        status_items(reg, obj, "", "", &presence, &mut report);
        return DocumentReport { kind: DocumentKind::StatusReport, schema: Some("StatusItems".into()), report };
    } else {
        (DocumentKind::Unknown, None)
    };
    match table {
        Some(t) => {
            report.findings.extend(validate_json_at(t, value, "", &[], &presence).findings);
            if kind == DocumentKind::StatusReport {
                if let Some(items) = obj.get("StatusItems").and_then(|i| i.as_object()) {
                    status_items(reg, items, "StatusItems", "", &presence, &mut report);
                }
            }
            DocumentReport { kind, schema: Some(t.wire_id.unwrap_or(stem(t.source)).to_string()), report }
        }
        None => unknown(kind, "cannot tell what this JSON document is: no declaration `Type`/`Payload`, `StatusItems`, protocol keys or error `code`".into()),
    }
}

/// A status report's `StatusItems`, in their wire shape (`device` → `identifier` →
/// `serial-number`): each item the schemas know is validated against its status item schema
/// (whose one key is named after the item); a leaf they do not know is an unknown key, at its
/// full dotted name (`StatusItems.device.future.thing`).
fn status_items(reg: &Registry, object: &serde_json::Map<String, serde_json::Value>, root: &str, at: &str, presence: &Presence, report: &mut Report) {
    for (name, value) in object {
        let item = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
        if let Some(table) = reg.find_schema(Category::Status, &item) {
            let mut one = serde_json::Map::new();
            one.insert(item.clone(), value.clone());
            report.findings.extend(validate_json_at(table, &serde_json::Value::Object(one), root, &[], presence).findings);
            continue;
        }
        match value.as_object() {
            Some(inner) if !inner.is_empty() => status_items(reg, inner, root, &item, presence, report),
            _ => report.findings.push(
                Finding::new(Severity::Warning, Rule::UnknownKey, join(root, &item), format!("status item `{item}` is not described by the schemas"))
                    .with_actual(item.clone()),
            ),
        }
    }
}

/// The keys of a declaration's envelope; any other key beside `Payload` is not read by a
/// device (an asset's `Authentication` belongs inside its `Payload`).
const DECLARATION_ENVELOPE: &[&str] = &["Type", "Identifier", "ServerToken", "Payload"];

fn envelope_keys(obj: &serde_json::Map<String, serde_json::Value>, report: &mut Report) {
    for key in obj.keys().filter(|k| !DECLARATION_ENVELOPE.contains(&k.as_str())) {
        let known = DECLARATION_ENVELOPE.iter().map(|k| (*k, super::suggest::char_mask(k)));
        let suggestion = super::suggest::suggest(key, known).map(str::to_string);
        let message = format!("key `{key}` is not part of a declaration (`Type`, `Identifier`, `ServerToken`, `Payload`); a payload key goes inside `Payload`");
        report.findings.push(
            Finding::new(Severity::Warning, Rule::UnknownKey, key.clone(), message)
                .with_expected(DECLARATION_ENVELOPE.join(", "))
                .with_actual(key.clone())
                .with_suggestion(suggestion),
        );
    }
}

/// Whether a JSON object is a fragment of a status report's `StatusItems` on its own: every
/// top-level key starts the name of a status item the schemas know (`device` of
/// `device.model.family`).
fn is_status_fragment(reg: &Registry, obj: &serde_json::Map<String, serde_json::Value>) -> bool {
    !obj.is_empty()
        && obj.iter().all(|(key, value)| {
            value.is_object() && reg.schemas().any(|s| s.category == Category::Status && s.wire_id.and_then(|id| id.split('.').next()) == Some(key.as_str()))
        })
}
