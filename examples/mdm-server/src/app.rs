//! The router, the state every handler shares, and starting and stopping the server.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use tokio::sync::oneshot;

use crate::body::BodyLimits;
use crate::channel::ChannelId;
use crate::config::Config;
use crate::device::DeviceFacts;
use crate::enroll::Enrollment;
use crate::error::ApiError;
use crate::push::{Push, PushTarget};
use crate::store::{devices, Store, StoreError};

/// What every handler shares.
pub struct AppState {
    pub store: Store,
    pub push: Arc<dyn Push>,
    pub admin_token: String,
    /// `Config::accept_users`.
    pub accept_users: bool,
    /// `Config::max_stored`: the most bytes of device-sent text stored as sent.
    pub max_stored: usize,
    /// What the enrollment profile says; `None`: no profile served.
    pub enrollment: Option<Enrollment>,
}

pub type Shared = Arc<AppState>;

/// Device endpoints at `/mdm/checkin` and `/mdm/connect`, the enrollment profile at
/// `/mdm/enroll`; the admin API under `/admin`. Every body is read first, within the limits.
pub fn router(state: Shared, limits: BodyLimits) -> Router {
    let admin = Router::new()
        .route("/devices/{device}", get(crate::admin::device))
        .route("/devices/{device}/commands", post(crate::admin::enqueue).get(crate::admin::commands))
        .route("/devices/{device}/declarations", post(crate::admin::add_declaration))
        .route("/devices/{device}/status", get(crate::admin::status))
        .route_layer(axum::middleware::from_fn_with_state(Arc::clone(&state), crate::admin::authorize));
    Router::new()
        .route("/mdm/checkin", put(crate::checkin::checkin))
        .route("/mdm/connect", put(crate::connect::connect))
        .route("/mdm/enroll", get(crate::enroll::enroll))
        .nest("/admin", admin)
        .layer(DefaultBodyLimit::max(limits.max_body))
        .layer(axum::middleware::from_fn_with_state(limits, crate::body::read_body))
        .with_state(state)
}

/// The device `id` if it is enrolled (authenticated and not checked out).
pub async fn require_device(app: &Shared, id: &str) -> Result<DeviceFacts, ApiError> {
    let key = id.to_string();
    app.store.call(move |c| devices::enrolled(c, &key)).await?.ok_or_else(|| ApiError::NotEnrolled(id.to_string()))
}

/// The push details of a channel that sent `TokenUpdate` on an enrolled device.
pub async fn require_channel(app: &Shared, channel: &ChannelId) -> Result<PushTarget, ApiError> {
    let ch = channel.clone();
    app.store.call(move |c| devices::push_target(c, &ch)).await?.ok_or_else(|| ApiError::NotEnrolled(channel.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
}

/// A server accepting requests until [`Running::stop`].
pub struct Running {
    pub addr: SocketAddr,
    pub admin_token: String,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, and closes the database.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Opens the database and starts listening (port 0 picks a free port: see [`Running::addr`]).
pub async fn serve(config: &Config, push: Arc<dyn Push>) -> Result<Running, StartError> {
    let store = Store::open(&config.db)?;
    let admin_token = config.admin_token.clone().unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let state = Arc::new(AppState {
        store,
        push,
        admin_token: admin_token.clone(),
        accept_users: config.accept_users,
        max_stored: config.max_stored,
        enrollment: Enrollment::from_config(&config.enrollment),
    });
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(state, BodyLimits { max_body: config.max_body, timeout: config.body_timeout() });
    let limits = crate::serve::ConnectionLimits { header_timeout: config.header_timeout(), max_connections: config.max_connections };
    let task = tokio::spawn(crate::serve::run(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    Ok(Running { addr, admin_token, stop, task })
}
