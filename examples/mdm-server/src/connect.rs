//! `PUT /mdm/connect`: a device's response to the last command (or `Idle`), answered with the
//! next queued command or an empty body.
//!
//! A result is stored only for a command that was sent to that channel and awaits one, and only
//! with a status Apple defines (another is 400, the command stays pending); the result, its
//! effect on the device's facts (an acknowledged `DeviceInformation`) and the choice of the
//! next command are one transaction. A `NotNow` is stored without its body; another answer's
//! raw body only up to `--max-stored` bytes (its typed body always).

use apple_device_management::commands::information_device::QueryResponses;
use apple_device_management::commands::AnyCommandResponse;
use apple_device_management::runtime::{CommandResponse, CommandStatus, Dictionary};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::{require_channel, Shared};
use crate::channel::ChannelId;
use crate::error::ApiError;
use crate::store::devices;
use crate::store::queue::{self, NewResult};

pub async fn connect(State(app): State<Shared>, body: Bytes) -> Result<Response, ApiError> {
    // The body is typed once its command is looked up by `CommandUUID` (`typed_result`).
    let response = CommandResponse::<Dictionary>::decode(&body)?;
    let channel = ChannelId::from_message(
        response.udid.as_deref(),
        response.enrollment_id.as_deref(),
        response.user_id.as_deref(),
        response.enrollment_user_id.as_deref(),
        response.user_short_name.as_deref(),
    )?;
    require_channel(&app, &channel).await?;
    let idle = response.status == CommandStatus::Idle;
    let result = match idle {
        true => None,
        false => Some(typed_result(&app, &channel, response, body.to_vec()).await?),
    };
    let next = app
        .store
        .call(move |c| {
            let tx = c.transaction()?;
            let key = channel.key();
            if let Some((result, info)) = &result {
                if !queue::record(&tx, &key, result)? {
                    return Err(ApiError::NotAwaited { uuid: result.uuid.clone(), channel: channel.to_string() });
                }
                if let (Some(info), Some(mut facts)) = (info, devices::device(&tx, &channel.device)?) {
                    facts.learn(info);
                    devices::update(&tx, &facts)?;
                }
            }
            let next = queue::next(&tx, &key, idle)?;
            tx.commit()?;
            Ok(next)
        })
        .await?;
    Ok(match next {
        Some(envelope) => ([(header::CONTENT_TYPE, "application/xml")], envelope).into_response(),
        None => StatusCode::OK.into_response(),
    })
}

/// The result to store: the typed body of the command the `CommandUUID` names (known only once
/// the command is looked up), or the typed error chain.
async fn typed_result(
    app: &Shared,
    channel: &ChannelId,
    response: CommandResponse<Dictionary>,
    raw: Vec<u8>,
) -> Result<(NewResult, Option<QueryResponses>), ApiError> {
    let status = response.status.as_str().to_string();
    let done = match &response.status {
        CommandStatus::Acknowledged | CommandStatus::Error | CommandStatus::CommandFormatError => true,
        CommandStatus::NotNow => false,
        CommandStatus::Idle | CommandStatus::Unknown(_) => return Err(ApiError::UnknownStatus(status)),
    };
    let uuid = response.command_uuid.clone().ok_or_else(|| ApiError::NoCommandUuid(status.clone()))?;
    let (key, id) = (channel.key(), uuid.clone());
    let request_type = app.store.call(move |c| queue::awaited(c, &key, &id)).await?;
    let request_type = request_type.ok_or_else(|| ApiError::NotAwaited { uuid: uuid.clone(), channel: channel.to_string() })?;
    let response = response.typed_for::<AnyCommandResponse>(&request_type)?;
    let body = response.body;
    let info = match &body {
        Some(AnyCommandResponse::DeviceInformation(r)) => Some(r.query_responses.clone()),
        _ => None,
    };
    let raw_size = raw.len();
    let result = NewResult {
        uuid,
        done,
        status,
        body: body.as_ref().map(serde_json::to_string).transpose()?,
        error_chain: response.error_chain.as_ref().map(serde_json::to_string).transpose()?,
        raw: (done && raw_size <= app.max_stored).then_some(raw),
        raw_size,
    };
    Ok((result, info))
}
