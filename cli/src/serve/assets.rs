//! The page's files, built into the binary (`include_str!`): plain HTML, CSS and JavaScript,
//! nothing loaded from elsewhere (the Content-Security-Policy says so to the browser).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The page may load and connect to this server only (and read the blobs it makes itself).
const POLICY: &str = "default-src 'self'; connect-src 'self' blob:; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'";

const FILES: &[(&str, &str, &str)] = &[
    ("app.js", "text/javascript; charset=utf-8", include_str!("assets/app.js")),
    ("validate.js", "text/javascript; charset=utf-8", include_str!("assets/validate.js")),
    ("explorer.js", "text/javascript; charset=utf-8", include_str!("assets/explorer.js")),
    ("style.css", "text/css; charset=utf-8", include_str!("assets/style.css")),
];

fn respond(content_type: &'static str, body: &'static str) -> Response {
    ([(CONTENT_TYPE, content_type), (CONTENT_SECURITY_POLICY, POLICY), (CACHE_CONTROL, "no-store"), (X_CONTENT_TYPE_OPTIONS, "nosniff")], body).into_response()
}

/// `GET /`.
pub async fn index() -> Response {
    respond("text/html; charset=utf-8", include_str!("assets/index.html"))
}

/// `GET /assets/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, ty, body)) => respond(ty, body),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
