//! The admin API (JSON, bearer token): enqueue a typed command — refused with the crate's
//! findings when it fails validation or availability for what the server knows of the device
//! and channel —, list a channel's queue and results, add declarations and activations, read
//! DDM status. `?user=<UserID>` picks a user channel; without it, the device channel.
//!
//! A declaration needs an `Identifier` (not empty, no control characters), and an activation
//! is refused while it names a declaration the channel does not have or one of a kind it may
//! not activate (the crate's declaration set check, over the channel's stored declarations).

use apple_device_management::commands::AnyCommand;
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::runtime::availability::Channel;
use apple_device_management::runtime::validate::{validate_any_in, validate_declaration_in, validate_declaration_set, Finding, Form, Report, Severity};
use apple_device_management::runtime::{codec, CommandEnvelope, Declaration};
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::Shared;
use crate::channel::ChannelId;
use crate::device::{DeviceFacts, Judging};
use crate::error::ApiError;
use crate::push::PushTarget;
use crate::store::{ddm, devices, queue};

/// Refuses a request without `Authorization: Bearer <admin token>` (401; the scheme's case
/// does not matter).
pub async fn authorize(State(app): State<Shared>, request: Request, next: Next) -> Result<Response, ApiError> {
    let given = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer);
    match given {
        Some(token) if same(token.as_bytes(), app.admin_token.as_bytes()) => Ok(next.run(request).await),
        _ => Err(ApiError::Unauthorized),
    }
}

/// The token of a `Bearer` credential (`bearer` and `BEARER` too).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim_start())
}

/// Compares in time independent of where the inputs differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize)]
pub struct ChannelQuery {
    pub user: Option<String>,
}

impl ChannelQuery {
    /// The channel of `device` this query names; identifiers that name none are refused.
    fn channel(self, device: String) -> Result<ChannelId, ApiError> {
        ChannelId::checked(device, self.user)
    }
}

/// A channel of a device: `user` is `None` on the device channel.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    pub user: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DeviceView {
    pub device: serde_json::Value,
    pub channels: Vec<ChannelView>,
}

/// What an accepted command or declaration got: its id, the findings that did not refuse it,
/// and what could not be checked (the device's OS version or platform unknown).
#[derive(Debug, Serialize)]
pub struct Accepted {
    pub id: String,
    /// As `dm --format json` prints them (the crate's `Finding: Serialize`).
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

pub async fn device(State(app): State<Shared>, Path(id): Path<String>) -> Result<Json<DeviceView>, ApiError> {
    let key = id.clone();
    let found = app.store.call(move |c| Ok::<_, ApiError>((devices::device(c, &key)?, devices::channels(c, &key)?))).await?;
    match found {
        (Some(facts), channels) => {
            let channels = channels.into_iter().map(|user| ChannelView { user }).collect();
            Ok(Json(DeviceView { device: serde_json::to_value(facts)?, channels }))
        }
        (None, _) => Err(ApiError::NoChannel(id)),
    }
}

/// The channel's push target and device facts; 404 for a channel that never sent `TokenUpdate`.
async fn target(app: &Shared, channel: &ChannelId) -> Result<(PushTarget, DeviceFacts), ApiError> {
    let ch = channel.clone();
    let found = app.store.call(move |c| Ok::<_, ApiError>((devices::push_target(c, &ch)?, devices::enrolled(c, &ch.device)?))).await?;
    match found {
        (Some(target), Some(facts)) => Ok((target, facts)),
        _ => Err(ApiError::NoChannel(channel.to_string())),
    }
}

fn channel_of(channel: &ChannelId) -> Channel {
    if channel.is_user() {
        Channel::User
    } else {
        Channel::Device
    }
}

/// Errors refuse; warnings and notes are returned with the accepted item.
fn judged(report: Report, judging: &Judging) -> Result<Vec<Finding>, ApiError> {
    let report = judging.filter(report);
    if report.is_valid() {
        Ok(report.findings)
    } else {
        Err(ApiError::Refused(report.findings))
    }
}

/// `POST /admin/devices/{device}/commands`: the body is the typed command as JSON
/// (`{"RequestType": "ScheduleOSUpdate", "Updates": […]}`; `<data>` as base64, `<date>` as
/// RFC 3339).
pub async fn enqueue(State(app): State<Shared>, Path(device): Path<String>, Query(q): Query<ChannelQuery>, body: Bytes) -> Result<Response, ApiError> {
    let command: AnyCommand = codec::from_json(&body)?;
    let channel = q.channel(device)?;
    let (push, facts) = target(&app, &channel).await?;
    let judging = facts.judging(channel_of(&channel));
    // Judged as the admin wrote it (paths from the command); the envelope is the server's.
    let findings = judged(validate_any_in(&command, judging.ctx.as_ref(), Form::Authored), &judging)?;
    let request_type = command.wire_id().unwrap_or_default().to_string();
    let envelope = CommandEnvelope::new(uuid::Uuid::new_v4().to_string().to_uppercase(), command);
    let xml = codec::to_xml(&envelope)?;
    let uuid = envelope.command_uuid.clone();
    app.store.call(move |c| queue::enqueue(c, &channel, &uuid, &request_type, &xml)).await?;
    app.push.notify(&push);
    let warnings = judging.warning.into_iter().collect();
    Ok((StatusCode::CREATED, Json(Accepted { id: envelope.command_uuid, findings, warnings })).into_response())
}

/// `GET /admin/devices/{device}/commands`: the queue, oldest first, each with its results.
pub async fn commands(State(app): State<Shared>, Path(device): Path<String>, Query(q): Query<ChannelQuery>) -> Result<Json<Vec<queue::CommandView>>, ApiError> {
    let key = q.channel(device)?.key();
    Ok(Json(app.store.call(move |c| queue::list(c, &key)).await?))
}

/// `POST /admin/devices/{device}/declarations`: a declaration (or activation) in its authored
/// form; a `ServerToken` in it is replaced by the one computed from the content.
pub async fn add_declaration(State(app): State<Shared>, Path(device): Path<String>, Query(q): Query<ChannelQuery>, body: Bytes) -> Result<Response, ApiError> {
    let mut declaration: Declaration<AnyDeclarationPayload> = codec::from_json(&body)?;
    declaration.server_token = None;
    crate::channel::check("Identifier", &declaration.identifier).map_err(|e| ApiError::BadDeclaration(e.to_string()))?;
    let channel = q.channel(device)?;
    let (push, facts) = target(&app, &channel).await?;
    let judging = facts.judging(channel_of(&channel));
    let mut findings = judged(validate_declaration_in(&declaration, judging.ctx.as_ref(), Form::Authored), &judging)?;
    let json = codec::to_json(&declaration)?;
    let row = ddm::DeclarationRow {
        identifier: declaration.identifier.clone(),
        declaration_type: declaration.declaration_type.clone(),
        server_token: crate::ddm::server_token(&json),
    };
    let text = String::from_utf8_lossy(&json).into_owned();
    let key = channel.key();
    // The set is judged and the declaration stored in one transaction: two admins adding at
    // once cannot both pass against a set the other is changing.
    let set_findings = app
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let set_findings = in_set(&tx, &key, &row.identifier, &text)?;
            ddm::put(&tx, &key, &row, &text, &crate::ddm::now())?;
            tx.commit()?;
            Ok::<_, ApiError>(set_findings)
        })
        .await?;
    findings.extend(set_findings);
    app.push.notify(&push);
    let warnings = judging.warning.into_iter().collect();
    Ok((StatusCode::CREATED, Json(Accepted { id: declaration.identifier, findings, warnings })).into_response())
}

/// The findings of the channel's declaration set with `json` (identifier `id`) added or
/// replacing its namesake, on the new declaration: errors (a reference to a declaration the
/// channel lacks, or of the wrong kind) refuse it.
fn in_set(conn: &rusqlite::Connection, channel: &str, id: &str, json: &str) -> Result<Vec<Finding>, ApiError> {
    let stored = ddm::all_json(conn, channel, id)?;
    let mut members = stored.iter().map(|t| serde_json::from_str::<serde_json::Value>(t)).collect::<Result<Vec<_>, _>>()?;
    members.push(serde_json::from_str(json)?);
    let names: Vec<String> = members.iter().map(|m| m["Identifier"].as_str().unwrap_or("a declaration").to_string()).collect();
    let refs: Vec<&serde_json::Value> = members.iter().collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let new = members.len() - 1;
    let findings: Vec<Finding> = validate_declaration_set(&refs, &names).into_iter().filter(|f| f.member == new).map(|f| f.finding).collect();
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Err(ApiError::Refused(findings));
    }
    Ok(findings)
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StatusView {
    pub reports: i64,
    pub items: Vec<ddm::StatusItemRow>,
}

/// `GET /admin/devices/{device}/status`: the last value of each DDM status item, and how many
/// reports came.
pub async fn status(State(app): State<Shared>, Path(device): Path<String>, Query(q): Query<ChannelQuery>) -> Result<Json<StatusView>, ApiError> {
    let key = q.channel(device)?.key();
    let (items, reports) = app.store.call(move |c| ddm::status_items(c, &key)).await?;
    Ok(Json(StatusView { reports, items }))
}
