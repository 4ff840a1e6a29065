//! The router, the state every handler shares (with who may speak for a device: [`require_device`],
//! [`require_channel`]), and starting and stopping the server.

use std::net::SocketAddr;
use std::sync::Arc;

use apple_device_management::runtime::cms::{CmsError, SigningIdentity};
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use axum::Router;
use tokio::sync::oneshot;

use crate::body::BodyLimits;
use crate::channel::ChannelId;
use crate::config::Config;
use crate::device::DeviceFacts;
use crate::enroll::Enrollment;
use crate::error::ApiError;
use crate::identity::{Caller, DeviceTrust, IdentityConfigError};
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
    /// Who signs the enrollment profile; `None`: served unsigned.
    pub profile_signer: Option<SigningIdentity>,
    /// How device identities are checked; `None`: not at all (no `--device-ca`).
    pub device_trust: Option<DeviceTrust>,
}

impl AppState {
    /// Who sent a device request with these headers and body (401 when a device CA is
    /// configured and the request proves no identity of it).
    pub fn caller(&self, headers: &HeaderMap, body: &[u8]) -> Result<Caller, ApiError> {
        match &self.device_trust {
            None => Ok(Caller::Unchecked),
            Some(trust) => Ok(trust.caller(headers, body, std::time::SystemTime::now())?),
        }
    }
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

/// The device `id` if it is enrolled (authenticated and not checked out) and `caller` may speak
/// for it (the identity certificate bound at `Authenticate`; 403 otherwise).
pub async fn require_device(app: &Shared, id: &str, caller: &Caller) -> Result<DeviceFacts, ApiError> {
    let key = id.to_string();
    let facts = app.store.call(move |c| devices::enrolled(c, &key)).await?.ok_or_else(|| ApiError::NotEnrolled(id.to_string()))?;
    match caller.may_speak_for(facts.identity.as_deref()) {
        true => Ok(facts),
        false => Err(ApiError::WrongIdentity(id.to_string())),
    }
}

/// The push details of a channel that sent `TokenUpdate` on an enrolled device `caller` may
/// speak for.
pub async fn require_channel(app: &Shared, channel: &ChannelId, caller: &Caller) -> Result<PushTarget, ApiError> {
    let ch = channel.clone();
    let (target, bound) = app.store.call(move |c| devices::bound_channel(c, &ch)).await?.ok_or_else(|| ApiError::NotEnrolled(channel.to_string()))?;
    match caller.may_speak_for(bound.as_deref()) {
        true => Ok(target),
        false => Err(ApiError::WrongIdentity(channel.device.clone())),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    #[error("device identity: {0}")]
    Identity(#[from] IdentityConfigError),
    #[error("the profile signing identity: {0}")]
    ProfileSigner(CmsError),
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
    let device_trust = DeviceTrust::load(&config.identity)?;
    let profile_signer = crate::enroll::signer(&config.enrollment)?;
    let store = Store::open(&config.db)?;
    let admin_token = config.admin_token.clone().unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let state = Arc::new(AppState {
        store,
        push,
        admin_token: admin_token.clone(),
        accept_users: config.accept_users,
        max_stored: config.max_stored,
        enrollment: Enrollment::from_config(&config.enrollment, config.identity.device_ca.is_some()),
        profile_signer,
        device_trust,
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
