//! What the API answers when it cannot: one type per way a request fails, each with its HTTP
//! status, answered as `{"error": {"status", "code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::explain::NotFound;
use crate::policy::SettingError;

/// A request the API cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request, or one document in it, is over the size limit.
    #[error("{what} is over the limit of {limit} bytes")]
    TooLarge { what: String, limit: usize },
    /// The request body is not the JSON the endpoint takes.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A device that cannot be built (`--os` and the rest).
    #[error("device: {0}")]
    Device(String),
    /// An unknown rule or a malformed allowed key.
    #[error(transparent)]
    Setting(#[from] SettingError),
    /// A document that is not a plist, JSON document or signed profile (a binary blob, a
    /// broken file).
    #[error("{name}: {message}")]
    Unreadable { name: String, message: String },
    /// No schema or key by that name.
    #[error(transparent)]
    NotFound(#[from] NotFound),
    /// A request to a loopback server that names another host (DNS rebinding).
    #[error("this server answers requests to localhost only, not to `{0}`")]
    ForeignHost(String),
    /// The validation task ended without an answer.
    #[error("the validation did not finish")]
    Internal,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadRequest(_) | ApiError::Device(_) | ApiError::Setting(_) => StatusCode::BAD_REQUEST,
            ApiError::Unreadable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::ForeignHost(_) => StatusCode::FORBIDDEN,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable name for the page and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::TooLarge { .. } => "too-large",
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Device(_) => "bad-device",
            ApiError::Setting(_) => "bad-setting",
            ApiError::Unreadable { .. } => "unreadable",
            ApiError::NotFound(_) => "not-found",
            ApiError::ForeignHost(_) => "foreign-host",
            ApiError::Internal => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "code": self.code(), "message": self.to_string() } });
        (status, axum::Json(body)).into_response()
    }
}
