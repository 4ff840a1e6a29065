//! The `Host` guard: on a loopback address, `dm serve` answers only requests that name it by a
//! loopback name (`localhost`, `127.0.0.1`, `[::1]`, with or without a port). A web page on
//! another site cannot then reach the server by pointing its own host name at 127.0.0.1 (DNS
//! rebinding) and read what it answers. On an address the admin chose to expose, any name goes.

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiError;

/// Whether `host` (a `Host` header's value) names this machine's loopback interface.
pub fn is_loopback_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]` or `[::1]:8800`.
        Some(rest) => rest.split_once(']').map_or("", |(inside, _)| inside),
        None => host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses (403) a request to a loopback server whose `Host` is not a loopback name.
pub async fn guard(State(bound): State<SocketAddr>, request: Request, next: Next) -> Response {
    if bound.ip().is_loopback() {
        let host = request.headers().get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if !is_loopback_name(host) {
            return ApiError::ForeignHost(host.to_string()).into_response();
        }
    }
    next.run(request).await
}
