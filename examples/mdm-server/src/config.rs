//! Command-line configuration: database file, listen address, admin token, request limits and
//! timeouts, what is stored of device answers, users, and the enrollment profile.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// `mdm-server --db dm.sqlite --listen 127.0.0.1:8080 [--admin-token T] [--max-body N] …`.
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
    /// Milliseconds a client has to send a request's headers (also how long an idle
    /// keep-alive connection is kept); the connection is closed after.
    #[arg(long, default_value_t = 5_000)]
    pub header_timeout_ms: u64,
    /// Milliseconds a client has to send a request's body once its headers came; 408 and the
    /// connection closed after.
    #[arg(long, default_value_t = 5_000)]
    pub body_timeout_ms: u64,
    /// Connections served at once; more wait in the listen backlog until one closes.
    #[arg(long, default_value_t = 512)]
    pub max_connections: usize,
    /// Largest device-sent text stored as sent, in bytes: a command answer's raw body, a status
    /// report, one status item's value. Larger ones are stored as a note of their size.
    #[arg(long, default_value_t = 64 << 10)]
    pub max_stored: usize,
    /// Manage macOS network and mobile users without authenticating them: `UserAuthenticate`
    /// gets an empty `DigestChallenge` (no `AuthToken` needed) instead of 410.
    #[arg(long)]
    pub accept_users: bool,
    /// The enrollment profile at `GET /mdm/enroll` (served only when this, `--push-topic` and
    /// `--scep-url` are set).
    #[command(flatten)]
    pub enrollment: EnrollmentConfig,
}

/// What the enrollment profile says: where devices check in, their push topic, and where
/// their identity certificate comes from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EnrollmentConfig {
    /// The server's public base URL (`https://mdm.example.com`): `ServerURL` is
    /// `<url>/mdm/connect`, `CheckInURL` `<url>/mdm/checkin`.
    #[arg(long)]
    pub public_url: Option<String>,
    /// The push certificate's topic (`com.apple.mgmt.External.…`).
    #[arg(long)]
    pub push_topic: Option<String>,
    /// The SCEP server that issues device identity certificates.
    #[arg(long)]
    pub scep_url: Option<String>,
    /// The SCEP challenge, if the SCEP server wants one.
    #[arg(long, env = "MDM_SCEP_CHALLENGE", hide_env_values = true)]
    pub scep_challenge: Option<String>,
    /// The organization shown on the profile.
    #[arg(long)]
    pub organization: Option<String>,
}

impl Config {
    /// A configuration for `db` on `listen` with this admin token and the default limits.
    pub fn new(db: impl Into<PathBuf>, listen: SocketAddr, admin_token: impl Into<String>) -> Config {
        Config {
            db: db.into(),
            listen,
            admin_token: Some(admin_token.into()),
            max_body: 1 << 20,
            header_timeout_ms: 5_000,
            body_timeout_ms: 5_000,
            max_connections: 512,
            max_stored: 64 << 10,
            accept_users: false,
            enrollment: EnrollmentConfig::default(),
        }
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_millis(self.header_timeout_ms)
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_millis(self.body_timeout_ms)
    }
}
