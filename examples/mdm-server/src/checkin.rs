//! `PUT /mdm/checkin`: every check-in message decoded through the crate's dispatch enum.
//!
//! `Authenticate` starts an enrollment (it needs a `Topic`); every other message needs one
//! (`TokenUpdate`, `SetBootstrapToken` and `GetBootstrapToken` an enrolled device,
//! `DeclarativeManagement` a channel that sent `TokenUpdate`), else 403.

use apple_device_management::checkin::authenticate::Authenticate;
use apple_device_management::checkin::getbootstraptoken::GetBootstrapTokenResponse;
use apple_device_management::checkin::gettoken::{GetToken, GetTokenResponse};
use apple_device_management::checkin::tokenupdate::TokenUpdate;
use apple_device_management::checkin::userauthenticate::{UserAuthenticate, UserAuthenticateResponse};
use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::runtime::{codec, Data, With};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::{require_channel, require_device, Shared};
use crate::channel::ChannelId;
use crate::device::DeviceFacts;
use crate::error::ApiError;
use crate::store::devices::{self, ChannelToken};

pub async fn checkin(State(app): State<Shared>, body: Bytes) -> Result<Response, ApiError> {
    match codec::from_plist::<AnyCheckinMessage>(&body)? {
        AnyCheckinMessage::Authenticate(m) => authenticate(&app, &m, body.to_vec()).await,
        AnyCheckinMessage::TokenUpdate(m) => token_update(&app, *m).await,
        AnyCheckinMessage::CheckOut(m) => {
            let device = ChannelId::from_message(m.udid.as_deref(), m.enrollment_id.as_deref(), None, None, None)?.device;
            require_device(&app, &device).await?;
            app.store.call(move |c| devices::check_out(c, &device)).await?;
            Ok(StatusCode::OK.into_response())
        }
        AnyCheckinMessage::UserAuthenticate(m) => user_authenticate(&app, &m).await,
        AnyCheckinMessage::SetBootstrapToken(m) => {
            let device = bootstrap_device(&app, &m.unknown).await?;
            let token = m.bootstrap_token.map(|t| t.0);
            app.store.call(move |c| devices::set_bootstrap_token(c, &device, token.as_deref())).await?;
            Ok(StatusCode::OK.into_response())
        }
        AnyCheckinMessage::GetBootstrapToken(m) => {
            let device = bootstrap_device(&app, &m.unknown).await?;
            let token = app.store.call(move |c| devices::bootstrap_token(c, &device)).await?;
            plist_body(codec::to_xml(&GetBootstrapTokenResponse::new().with(|r| r.bootstrap_token = token.map(Data)))?)
        }
        AnyCheckinMessage::GetToken(m) => get_token(&app, &m).await,
        AnyCheckinMessage::DeclarativeManagement(m) => {
            let channel = ChannelId::from_message(
                m.udid.as_deref(),
                m.enrollment_id.as_deref(),
                m.user_id.as_deref(),
                m.enrollment_user_id.as_deref(),
                m.user_short_name.as_deref(),
            )?;
            require_channel(&app, &channel).await?;
            crate::ddm::handle(&app, &channel, &m).await
        }
        AnyCheckinMessage::Unknown(raw) => {
            let name = raw.get("MessageType").and_then(plist::Value::as_string).unwrap_or("(none)");
            Err(ApiError::UnsupportedMessage(name.to_string()))
        }
        other => Err(ApiError::UnsupportedMessage(other.wire_id().unwrap_or("(unknown)").to_string())),
    }
}

/// The enrolled device a bootstrap token message names: the schemas describe no `UDID` for
/// them, so it is read from the keys they do not describe.
async fn bootstrap_device(app: &Shared, keys: &apple_device_management::runtime::UnknownKeys) -> Result<String, ApiError> {
    let text = |key: &str| keys.get(key).and_then(plist::Value::as_string);
    let device = ChannelId::from_message(text("UDID"), text("EnrollmentID"), None, None, None)?.device;
    require_device(app, &device).await?;
    Ok(device)
}

async fn authenticate(app: &Shared, m: &Authenticate, raw: Vec<u8>) -> Result<Response, ApiError> {
    if m.unknown.is_missing("Topic") || m.topic.is_empty() {
        return Err(ApiError::Incomplete { message: "Authenticate", key: "Topic" });
    }
    let device = ChannelId::from_message(m.udid.as_deref(), m.enrollment_id.as_deref(), None, None, None)?.device;
    let facts = DeviceFacts::from_authenticate(&device, m);
    app.store.call(move |c| devices::authenticate(c, &facts, &raw)).await?;
    Ok(StatusCode::OK.into_response())
}

async fn token_update(app: &Shared, m: TokenUpdate) -> Result<Response, ApiError> {
    // The lenient decoder fills a missing or mistyped required key (`Topic`, `Token`,
    // `PushMagic`) with a placeholder; a push token needs every one.
    if let Some(key) = m.unknown.missing().next() {
        return Err(ApiError::Incomplete { message: "TokenUpdate", key });
    }
    let channel = ChannelId::from_message(
        m.udid.as_deref(),
        m.enrollment_id.as_deref(),
        m.user_id.as_deref(),
        m.enrollment_user_id.as_deref(),
        m.user_short_name.as_deref(),
    )?;
    let mut facts = require_device(app, &channel.device).await?;
    let token = ChannelToken {
        topic: m.topic,
        token: m.token.0,
        push_magic: m.push_magic,
        unlock_token: m.unlock_token.map(|t| t.0),
        user_short_name: m.user_short_name,
        user_long_name: m.user_long_name,
    };
    // Only Automated Device Enrollment sends `AwaitingConfiguration`.
    let automated = m.awaiting_configuration.is_some() && !facts.automated;
    facts.automated |= automated;
    app.store
        .call(move |c| {
            let tx = c.transaction().map_err(crate::store::StoreError::from)?;
            devices::token_update(&tx, &channel, &token)?;
            if automated {
                devices::update(&tx, &facts)?;
            }
            tx.commit().map_err(crate::store::StoreError::from)
        })
        .await?;
    Ok(StatusCode::OK.into_response())
}

/// `GetToken`: a token for the service the device asks for. A production server mints what the
/// service expects (a Managed Apple Account token, a watch pairing token); this one returns an
/// opaque token naming the service and device.
async fn get_token(app: &Shared, m: &GetToken) -> Result<Response, ApiError> {
    let channel = ChannelId::from_message(
        m.udid.as_deref(),
        m.enrollment_id.as_deref(),
        m.user_id.as_deref(),
        m.enrollment_user_id.as_deref(),
        m.user_short_name.as_deref(),
    )?;
    require_channel(app, &channel).await?;
    let token = format!("example-token:{}:{}", m.token_service_type.as_str(), channel.key());
    plist_body(codec::to_xml(&GetTokenResponse::new(Data(token.into_bytes())))?)
}

/// `UserAuthenticate` (macOS network and mobile users). By default 410: Apple's "this server
/// does not manage the user", and macOS goes on without it. With `--accept-users` the user is
/// managed without a password check: the first message gets an empty `DigestChallenge` (no
/// `AuthToken` needed, so the device sends no second message); a second message, with a
/// `DigestResponse`, gets an empty `AuthToken` (rejected: this server verifies no digests).
async fn user_authenticate(app: &Shared, m: &UserAuthenticate) -> Result<Response, ApiError> {
    crate::channel::check("UDID", &m.udid)?;
    require_device(app, &m.udid).await?;
    if !app.accept_users {
        return Ok(StatusCode::GONE.into_response());
    }
    // The first message has no `DigestResponse`: the lenient decoder leaves it empty.
    let reply = if m.digest_response.is_empty() {
        UserAuthenticateResponse::new().with(|r| r.digest_challenge = Some(String::new()))
    } else {
        UserAuthenticateResponse::new().with(|r| r.auth_token = Some(String::new()))
    };
    plist_body(codec::to_xml(&reply)?)
}

fn plist_body(body: Vec<u8>) -> Result<Response, ApiError> {
    Ok(([(header::CONTENT_TYPE, "application/xml")], body).into_response())
}
