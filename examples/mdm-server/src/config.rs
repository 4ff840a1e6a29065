//! Command-line configuration: database file, listen address, admin token, body limit, users.

use std::net::SocketAddr;
use std::path::PathBuf;

/// `mdm-server --db dm.sqlite --listen 127.0.0.1:8080 [--admin-token T] [--max-body N] [--accept-users]`.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "mdm-server", about = "An example MDM server built on the apple-device-management crate")]
pub struct Config {
    /// SQLite database file (created if missing; WAL mode).
    #[arg(long, default_value = "dm.sqlite")]
    pub db: PathBuf,
    /// Address to listen on (plain HTTP: put a TLS-terminating proxy in front).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Bearer token of the admin API; when neither this nor MDM_ADMIN_TOKEN is given, a random
    /// one is made and printed at start.
    #[arg(long, env = "MDM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Manage macOS network and mobile users without authenticating them: `UserAuthenticate`
    /// gets an empty `DigestChallenge` (no `AuthToken` needed) instead of 410.
    #[arg(long)]
    pub accept_users: bool,
}

impl Config {
    /// A configuration for `db` on `listen` with this admin token and the default body limit.
    pub fn new(db: impl Into<PathBuf>, listen: SocketAddr, admin_token: impl Into<String>) -> Config {
        Config { db: db.into(), listen, admin_token: Some(admin_token.into()), max_body: 1 << 20, accept_users: false }
    }
}
