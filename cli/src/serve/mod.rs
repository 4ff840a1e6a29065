//! `dm serve`: one page (built into the binary, `assets/`) where a profile, declaration,
//! command or device message is dropped or pasted and its findings shown on its lines, for one
//! device or several; an explorer of every schema and key; and the JSON API behind both
//! (`api.rs`). Loopback by default; nothing is kept after an answer (no temporary files: the
//! documents live in the request's memory only).

mod api;
mod assets;
mod base64;
mod error;
mod host;
mod request;

use std::net::SocketAddr;

use axum::routing::{get, post};
use axum::Router;

pub use error::ApiError;
pub use request::{MAX_BODY_BYTES, MAX_DOCUMENT_BYTES};

/// Where `dm serve` listens unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8800";

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot start the server's runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// The page, its assets and the API, for a server bound to `bound` (on loopback, only requests
/// that name a loopback host are answered: `host.rs`).
pub fn router(bound: SocketAddr) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::asset))
        .route("/api/validate", post(api::validate))
        .route("/api/schemas", get(api::schemas))
        .route("/api/schemas/{name}", get(api::schema))
        .layer(axum::middleware::from_fn_with_state(bound, host::guard))
}

/// The warning printed for an address other hosts can reach.
pub fn exposure_warning(addr: &SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback())
        .then(|| format!("dm serve: warning: listening on {addr}, which is not a loopback address: anyone who can reach it can send documents to this server"))
}

/// Serves until interrupted (Ctrl-C). The bound address (`--listen 127.0.0.1:0` picks a free
/// port) is printed on standard output as `dm serve: listening on http://ADDR/`.
pub fn run(addr: SocketAddr) -> Result<(), ServeError> {
    if let Some(w) = exposure_warning(&addr) {
        eprintln!("{w}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
        let bound = listener.local_addr().map_err(|source| ServeError::Bind { addr, source })?;
        // A closed standard output is no reason to stop serving.
        let _ = crate::out::print(&format!("dm serve: listening on http://{bound}/\n"));
        let stop = async {
            // Without a signal handler the server runs until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        axum::serve(listener, router(bound)).with_graceful_shutdown(stop).await.map_err(ServeError::Serve)
    })
}
