//! Every way a request can fail, and the HTTP answer for each: a status code and a JSON body
//! `{"error": "…"}` (plus `findings` when a command or declaration is refused).

use apple_device_management::runtime::validate::Finding;
use apple_device_management::runtime::CodecError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::channel::BadIdentifier;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body cannot be read: {0}")]
    Decode(#[from] CodecError),
    #[error("the body is not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("`{message}` lacks a usable `{key}`")]
    Incomplete { message: &'static str, key: &'static str },
    #[error("the message names no device (no UDID or EnrollmentID)")]
    NoDeviceId,
    #[error("not a usable identifier: {0}")]
    BadIdentifier(#[from] BadIdentifier),
    #[error("`{0}` is not a command status (Acknowledged, Error, CommandFormatError, NotNow, Idle)")]
    UnknownStatus(String),
    #[error("the body is larger than {0} bytes")]
    BodyTooLarge(usize),
    #[error("the body did not come within {0} ms")]
    BodyTimeout(u64),
    #[error("the body cannot be read: {0}")]
    BodyRead(String),
    #[error("the declaration is refused: {0}")]
    BadDeclaration(String),
    #[error("this server serves no enrollment profile (set --public-url, --push-topic and --scep-url)")]
    NoEnrollmentProfile,
    #[error("the enrollment profile cannot be made: {0}")]
    Profile(String),
    #[error("`{0}` has not authenticated (or has checked out)")]
    NotEnrolled(String),
    #[error("`{0}` is not a known channel")]
    NoChannel(String),
    #[error("no command `{uuid}` awaits a result from `{channel}`")]
    NotAwaited { uuid: String, channel: String },
    #[error("a `{0}` response must carry a CommandUUID")]
    NoCommandUuid(String),
    #[error("check-in message type `{0}` is not handled by this server")]
    UnsupportedMessage(String),
    #[error("unknown DeclarativeManagement endpoint `{0}`")]
    UnknownEndpoint(String),
    #[error("no declaration `{0}` for this channel")]
    NoDeclaration(String),
    #[error("a status report must carry Data")]
    NoStatusData,
    #[error("missing or wrong bearer token")]
    Unauthorized,
    #[error("refused: {} findings", .0.len())]
    Refused(Vec<Finding>),
    #[error("storage failed: {0}")]
    Store(#[from] StoreError),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Decode(_)
            | ApiError::Json(_)
            | ApiError::Incomplete { .. }
            | ApiError::NoDeviceId
            | ApiError::BadIdentifier(_)
            | ApiError::UnknownStatus(_)
            | ApiError::BodyRead(_)
            | ApiError::NoCommandUuid(_)
            | ApiError::NoStatusData => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMessage(_) => StatusCode::BAD_REQUEST,
            ApiError::NotEnrolled(_) => StatusCode::FORBIDDEN,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NoChannel(_) | ApiError::UnknownEndpoint(_) | ApiError::NoDeclaration(_) | ApiError::NoEnrollmentProfile => StatusCode::NOT_FOUND,
            ApiError::BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::NotAwaited { .. } => StatusCode::CONFLICT,
            ApiError::Refused(_) | ApiError::BadDeclaration(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Store(_) | ApiError::Profile(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: String,
    #[serde(skip_serializing_if = "<[Finding]>::is_empty")]
    findings: &'a [Finding],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let findings = match &self {
            ApiError::Refused(f) => f.as_slice(),
            _ => &[],
        };
        if matches!(self, ApiError::Store(_) | ApiError::Profile(_)) {
            eprintln!("error: {self}");
        }
        (self.status(), axum::Json(Body { error: self.to_string(), findings })).into_response()
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Store(e.into())
    }
}
