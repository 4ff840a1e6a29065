//! The `DeclarativeManagement` check-in: DDM's `tokens`, `declaration-items`,
//! `declaration/<kind>/<identifier>` (served with its `ServerToken`) and `status` (stored
//! typed), each for the channel that asks.
//!
//! Of status reports, each channel's last one is kept (its count too), and device-sent text is
//! stored only up to `--max-stored` bytes: a larger report, or status item value, is stored as
//! a note of its size.
//!
//! A declaration's `ServerToken` is computed from its authored JSON, so it changes exactly when
//! the content does; the `DeclarationsToken` from every identifier and token of the channel.

use apple_device_management::checkin::declarativemanagement::DeclarativeManagement;
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::protocol::declarationitemsresponse::{DeclarationItem, DeclarationItemsResponse, Declarations};
use apple_device_management::protocol::statusreport::StatusReport;
use apple_device_management::protocol::tokensresponse::{SynchronizationTokens, TokensResponse};
use apple_device_management::runtime::{codec, de, Date, Declaration, DeclarationKind};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::app::Shared;
use crate::channel::ChannelId;
use crate::error::ApiError;
use crate::store::ddm::{self, DeclarationRow, StatusItemRow};

pub async fn handle(app: &Shared, channel: &ChannelId, m: &DeclarativeManagement) -> Result<Response, ApiError> {
    let key = channel.key();
    match m.endpoint.as_str() {
        "tokens" => {
            let (rows, changed) = app.store.call(move |c| ddm::manifest(c, &key)).await?;
            // `changed` is written by `now()`; a channel without declarations has none.
            let timestamp = changed.as_deref().and_then(|t| Date::from_xml_format(t).ok()).unwrap_or_else(|| Date::from(std::time::UNIX_EPOCH));
            let tokens = SynchronizationTokens::new(declarations_token(&rows), timestamp);
            json(codec::to_json(&TokensResponse::new(tokens))?)
        }
        "declaration-items" => {
            let (rows, _) = app.store.call(move |c| ddm::manifest(c, &key)).await?;
            let mut lists: [Vec<DeclarationItem>; 4] = Default::default();
            for row in &rows {
                let slot = match apple_device_management::registry().declaration_kind(&row.declaration_type) {
                    Some(DeclarationKind::Activation) => 0,
                    Some(DeclarationKind::Configuration) => 1,
                    Some(DeclarationKind::Asset) => 2,
                    Some(DeclarationKind::Management) | None => 3,
                };
                lists[slot].push(DeclarationItem::new(row.identifier.clone(), row.server_token.clone()));
            }
            let [activations, configurations, assets, management] = lists;
            let declarations = Declarations::new(activations, configurations, assets, management);
            json(codec::to_json(&DeclarationItemsResponse::new(declarations, declarations_token(&rows)))?)
        }
        "status" => {
            let data = m.data.as_ref().ok_or(ApiError::NoStatusData)?;
            let report: StatusReport = codec::from_json(&data.0)?;
            let cap = app.max_stored;
            let items: Vec<StatusItemRow> = report
                .status_items
                .items(apple_device_management::registry())
                .into_iter()
                .map(|i| StatusItemRow { item: i.item, value: capped(de::plist_to_json(i.value.clone()), cap), known: i.known })
                .collect();
            let text = capped_text(serde_json::to_string(&report)?, cap);
            let (errors, full) = (report.errors.len(), report.full_report.unwrap_or(false));
            app.store.call(move |c| ddm::status(c, &key, &text, errors, full, &items)).await?;
            Ok(StatusCode::OK.into_response())
        }
        other => {
            let (kind, identifier) =
                other.strip_prefix("declaration/").and_then(|rest| rest.split_once('/')).ok_or_else(|| ApiError::UnknownEndpoint(other.to_string()))?;
            let id = identifier.to_string();
            let found = app.store.call(move |c| ddm::get(c, &key, &id)).await?;
            let (row, text) = found.ok_or_else(|| ApiError::NoDeclaration(other.to_string()))?;
            let declaration: Declaration<AnyDeclarationPayload> = codec::from_json(text.as_bytes())?;
            let wanted = DeclarationKind::from_name(kind);
            if wanted.is_none() || declaration.payload.kind() != wanted {
                return Err(ApiError::NoDeclaration(other.to_string()));
            }
            json(codec::to_json(&declaration.with_server_token(row.server_token))?)
        }
    }
}

/// A note of the size of what is over the storage cap.
fn omitted(bytes: usize) -> serde_json::Value {
    serde_json::json!({"omitted": format!("{bytes} bytes, over the storage cap")})
}

/// `value`, or a note of its size when its JSON is longer than `cap`.
fn capped(value: serde_json::Value, cap: usize) -> serde_json::Value {
    let len = value.to_string().len();
    if len > cap {
        omitted(len)
    } else {
        value
    }
}

fn capped_text(text: String, cap: usize) -> String {
    if text.len() > cap {
        omitted(text.len()).to_string()
    } else {
        text
    }
}

fn json(body: Vec<u8>) -> Result<Response, ApiError> {
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn hex(digest: &[u8]) -> String {
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The `ServerToken` of a declaration: from its authored JSON.
pub fn server_token(authored_json: &[u8]) -> String {
    hex(&Sha256::digest(authored_json))
}

/// The `DeclarationsToken` of a channel: from every identifier and server token, in order.
pub fn declarations_token(rows: &[DeclarationRow]) -> String {
    let mut h = Sha256::new();
    for r in rows {
        h.update(r.identifier.as_bytes());
        h.update([0]);
        h.update(r.server_token.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

/// Now, as RFC 3339 (UTC), to the second: `2024-01-01T00:00:00Z`, the form of Apple's DDM
/// examples (a date with a fraction of a second is written with it).
pub fn now() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds)).to_xml_format()
}
