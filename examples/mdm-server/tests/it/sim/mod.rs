//! The device simulator and test server the integration tests, the load test and the benchmark
//! share: simulated devices (an iPhone, a Mac with a user, a User Enrollment iPhone) speak the
//! check-in and connect protocols with messages built from the real-traffic corpus's templates
//! (`tests/corpus/`) through the crate's types; `Admin` drives the admin API.
#![allow(dead_code)]

pub mod http;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use apple_device_management::checkin::authenticate::Authenticate;
use apple_device_management::checkin::declarativemanagement::DeclarativeManagement;
use apple_device_management::checkin::tokenupdate::TokenUpdate;
use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::information_device::{DeviceInformationResponse, QueryResponses};
use apple_device_management::commands::{AnyCommand, AnyCommandResponse};
use apple_device_management::runtime::{codec, CommandEnvelope, CommandResponse, CommandStatus, Data};
use mdm_server::push::{Push, PushTarget};
use mdm_server::{serve, Config, Running};

pub use http::{Http, Reply};

const CORPUS_AUTH_IPHONE: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/authenticate-iphone-device.plist");
const CORPUS_AUTH_MAC: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/authenticate-mac-device.plist");
const CORPUS_AUTH_UE: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/authenticate-iphone-user-enrollment.plist");
const CORPUS_TOKEN_IPHONE: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/tokenupdate-iphone-device.plist");
const CORPUS_TOKEN_MAC: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/tokenupdate-mac-device.plist");
const CORPUS_TOKEN_MAC_USER: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/tokenupdate-mac-user.plist");
const CORPUS_TOKEN_UE: &[u8] = include_bytes!("../../../../../tests/corpus/checkin/tokenupdate-iphone-user-enrollment.plist");
pub const ACK_PROFILE_LIST: &[u8] = include_bytes!("../../../../../tests/corpus/responses/profile-list-acknowledged-iphone.plist");
pub const ACK_CERTIFICATE_LIST: &[u8] = include_bytes!("../../../../../tests/corpus/responses/certificate-list-acknowledged-iphone.plist");
pub const NOT_NOW: &[u8] = include_bytes!("../../../../../tests/corpus/responses/certificate-list-notnow-iphone.plist");
pub const ERROR: &[u8] = include_bytes!("../../../../../tests/corpus/responses/certificate-list-error-iphone.plist");
pub const DECLARATION_PASSCODE: &[u8] = include_bytes!("../../../../../tests/corpus/declarations/passcode-settings.json");
pub const DECLARATION_ORG_INFO: &[u8] = include_bytes!("../../../../../tests/corpus/declarations/management-organization-info.json");
pub const CONFIG_STATUS_SUBSCRIPTIONS: &[u8] = include_bytes!("../../../../../tests/corpus/declarations/status-subscriptions.json");
pub const ACTIVATION_BASELINE: &[u8] = include_bytes!("../../../../../tests/corpus/declarations/activation-baseline.json");
pub const STATUS_IPHONE: &[u8] = include_bytes!("../../../../../tests/corpus/status/iphone-device.json");

pub const ADMIN_TOKEN: &str = "test-admin-token";

/// Pushes the server asked for, by channel.
#[derive(Default)]
pub struct RecordingPush(pub Mutex<Vec<PushTarget>>);

impl Push for RecordingPush {
    fn notify(&self, target: &PushTarget) {
        self.0.lock().expect("push log").push(target.clone());
    }
}

impl RecordingPush {
    pub fn channels(&self) -> Vec<mdm_server::channel::ChannelId> {
        self.0.lock().expect("push log").iter().map(|t| t.channel.clone()).collect()
    }
}

/// A server on a loopback port with a fresh database in a temporary folder.
pub struct TestServer {
    pub dir: tempfile::TempDir,
    pub running: Option<Running>,
    pub push: Arc<RecordingPush>,
    pub addr: SocketAddr,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    /// A server whose configuration `set` changes first (kept across restarts only by the
    /// database: `restart` uses the defaults).
    pub async fn start_with(set: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let push = Arc::new(RecordingPush::default());
        let mut config = Config::new(dir.path().join("dm.sqlite"), "127.0.0.1:0".parse().expect("an address"), ADMIN_TOKEN);
        set(&mut config);
        let running = serve(&config, push.clone()).await.expect("the server starts");
        let addr = running.addr;
        TestServer { dir, running: Some(running), push, addr }
    }

    async fn run(dir: &tempfile::TempDir, push: &Arc<RecordingPush>, addr: SocketAddr) -> Running {
        let config = Config::new(dir.path().join("dm.sqlite"), addr, ADMIN_TOKEN);
        serve(&config, push.clone()).await.expect("the server starts")
    }

    /// Stops the server and starts a new one on the same database and port.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("the server stops");
        }
        self.running = Some(Self::run(&self.dir, &self.push, self.addr).await);
    }

    pub fn admin(&self) -> Admin {
        Admin { http: Http::new(self.addr) }
    }
}

/// The admin API's client.
pub struct Admin {
    pub http: Http,
}

impl Admin {
    fn path(device: &str, what: &str, user: Option<&str>) -> String {
        match user {
            Some(u) => format!("/admin/devices/{device}/{what}?user={u}"),
            None => format!("/admin/devices/{device}/{what}"),
        }
    }

    async fn call(&mut self, method: &str, path: &str, body: Vec<u8>) -> Reply {
        let auth = format!("Bearer {ADMIN_TOKEN}");
        self.http.send(method, path, &[("authorization", &auth), ("content-type", "application/json")], body).await
    }

    pub async fn device(&mut self, device: &str) -> Reply {
        self.call("GET", &format!("/admin/devices/{device}"), Vec::new()).await
    }

    pub async fn enqueue(&mut self, device: &str, user: Option<&str>, command: serde_json::Value) -> Reply {
        self.call("POST", &Self::path(device, "commands", user), command.to_string().into_bytes()).await
    }

    /// Enqueues a command that must be accepted; its `CommandUUID`.
    pub async fn enqueue_ok(&mut self, device: &str, user: Option<&str>, command: serde_json::Value) -> String {
        let reply = self.enqueue(device, user, command).await;
        assert_eq!(reply.status, 201, "enqueue refused: {}", String::from_utf8_lossy(&reply.body));
        reply.json()["id"].as_str().expect("an id").to_string()
    }

    pub async fn commands(&mut self, device: &str, user: Option<&str>) -> Vec<mdm_server::store::queue::CommandView> {
        let reply = self.call("GET", &Self::path(device, "commands", user), Vec::new()).await;
        assert_eq!(reply.status, 200);
        serde_json::from_slice(&reply.body).expect("a command list")
    }

    pub async fn add_declaration(&mut self, device: &str, user: Option<&str>, json: &[u8]) -> Reply {
        self.call("POST", &Self::path(device, "declarations", user), json.to_vec()).await
    }

    pub async fn status(&mut self, device: &str, user: Option<&str>) -> serde_json::Value {
        let reply = self.call("GET", &Self::path(device, "status", user), Vec::new()).await;
        assert_eq!(reply.status, 200);
        reply.json()
    }
}

/// The kinds of device the tests simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// iPhone 13 Pro, iOS 17.5.1, device enrollment, device channel.
    IPhone,
    /// MacBook Pro, macOS 14.2, device enrollment, device and user channel.
    Mac,
    /// iPhone 15 Pro, iOS 17.6.1, User Enrollment (EnrollmentID, no UDID).
    UserEnrollmentIPhone,
}

/// Which channel a message goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chan {
    Device,
    User,
}

/// One simulated device with its own keep-alive connection.
pub struct SimDevice {
    pub kind: Kind,
    /// The UDID, or the EnrollmentID under User Enrollment.
    pub id: String,
    /// The Mac's user (`UserID`).
    pub user: Option<String>,
    pub http: Http,
}

impl SimDevice {
    /// A device of `kind` whose identifier ends with `n` (distinct devices per test).
    pub fn new(kind: Kind, n: u32, addr: SocketAddr) -> SimDevice {
        let id = format!("{:08X}-0000-4000-8000-{:012X}", kind as u32, n);
        let user = (kind == Kind::Mac).then(|| format!("8E1F0C3A-5B7D-4A29-9F6E-{n:012X}"));
        SimDevice { kind, id, user, http: Http::new(addr) }
    }

    /// The user channel's `user` query value for the admin API.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    fn user_enrollment(&self) -> bool {
        self.kind == Kind::UserEnrollmentIPhone
    }

    async fn checkin(&mut self, message: AnyCheckinMessage) -> Reply {
        let body = codec::to_xml(&message).expect("a check-in message encodes");
        self.http.send("PUT", "/mdm/checkin", &[("content-type", "application/x-apple-aspen-mdm-checkin")], body).await
    }

    pub async fn authenticate(&mut self) -> Reply {
        self.authenticate_with(|_| {}).await
    }

    /// An `Authenticate` that `change` edits first (a missing `OSVersion`, an empty `Topic` …).
    pub async fn authenticate_with(&mut self, change: impl FnOnce(&mut Authenticate)) -> Reply {
        let template = match self.kind {
            Kind::IPhone => CORPUS_AUTH_IPHONE,
            Kind::Mac => CORPUS_AUTH_MAC,
            Kind::UserEnrollmentIPhone => CORPUS_AUTH_UE,
        };
        let mut m: Authenticate = codec::from_plist(template).expect("the corpus Authenticate decodes");
        if self.user_enrollment() {
            m.enrollment_id = Some(self.id.clone());
        } else {
            m.udid = Some(self.id.clone());
        }
        change(&mut m);
        self.checkin(m.into()).await
    }

    /// A check-in message as written (XML plist text).
    pub async fn checkin_raw(&mut self, body: String) -> Reply {
        self.http.send("PUT", "/mdm/checkin", &[("content-type", "application/x-apple-aspen-mdm-checkin")], body.into_bytes()).await
    }

    /// A connect request as written (XML plist text).
    pub async fn connect_raw(&mut self, body: String) -> Reply {
        self.http.send("PUT", "/mdm/connect", &[("content-type", "application/x-apple-aspen-mdm")], body.into_bytes()).await
    }

    pub async fn token_update(&mut self, chan: Chan) -> Reply {
        let template = match (self.kind, chan) {
            (Kind::IPhone, _) => CORPUS_TOKEN_IPHONE,
            (Kind::Mac, Chan::Device) => CORPUS_TOKEN_MAC,
            (Kind::Mac, Chan::User) => CORPUS_TOKEN_MAC_USER,
            (Kind::UserEnrollmentIPhone, _) => CORPUS_TOKEN_UE,
        };
        let mut m: TokenUpdate = codec::from_plist(template).expect("the corpus TokenUpdate decodes");
        if self.user_enrollment() {
            m.enrollment_id = Some(self.id.clone());
        } else {
            m.udid = Some(self.id.clone());
        }
        if chan == Chan::User {
            m.user_id = self.user.clone();
        }
        self.checkin(m.into()).await
    }

    /// A `UserAuthenticate` for the Mac's user: the first message (`digest: None`) or the
    /// second, with a `DigestResponse`.
    pub async fn user_authenticate(&mut self, digest: Option<&str>) -> Reply {
        let user = self.user.clone().expect("a device with a user");
        let mut m = apple_device_management::checkin::userauthenticate::UserAuthenticate::new(self.id.clone(), user, digest.unwrap_or(""));
        let mut body = codec::to_xml(&m).expect("a UserAuthenticate encodes");
        if digest.is_none() {
            // The device's first message has no `DigestResponse` key at all.
            let mut d: apple_device_management::runtime::Dictionary = plist::from_bytes(&body).expect("a dictionary");
            d.remove("DigestResponse");
            body = Vec::new();
            plist::to_writer_xml(&mut body, &d).expect("a dictionary encodes");
            m = codec::from_plist(&body).expect("it still decodes");
            assert!(m.digest_response.is_empty());
        }
        self.http.send("PUT", "/mdm/checkin", &[("content-type", "application/x-apple-aspen-mdm-checkin")], body).await
    }

    pub async fn check_out(&mut self) -> Reply {
        let mut m = apple_device_management::checkin::checkout::CheckOut::new("com.apple.mgmt.External.example");
        m.udid = Some(self.id.clone());
        self.checkin(m.into()).await
    }

    /// A `DeclarativeManagement` check-in on `chan` to `endpoint`, with `data`.
    pub async fn ddm(&mut self, chan: Chan, endpoint: &str, data: Option<&[u8]>) -> Reply {
        let mut m = DeclarativeManagement::new(endpoint);
        if self.user_enrollment() {
            m.enrollment_id = Some(self.id.clone());
        } else {
            m.udid = Some(self.id.clone());
        }
        if chan == Chan::User {
            m.user_id = self.user.clone();
            m.user_short_name = Some("jappleseed".into());
            m.user_long_name = Some("Jane Appleseed".into());
        }
        m.data = data.map(|d| Data(d.to_vec()));
        self.checkin(m.into()).await
    }

    fn address(&self, mut response: CommandResponse<AnyCommandResponse>, chan: Chan) -> CommandResponse<AnyCommandResponse> {
        response.udid = None;
        response.enrollment_id = None;
        if self.user_enrollment() {
            response.enrollment_id = Some(self.id.clone());
        } else {
            response.udid = Some(self.id.clone());
        }
        response.user_id = if chan == Chan::User { self.user.clone() } else { None };
        response
    }

    /// Sends a response to the connect endpoint; the raw reply.
    pub async fn send_response(&mut self, chan: Chan, response: CommandResponse<AnyCommandResponse>) -> Reply {
        let body = codec::to_xml(&self.address(response, chan)).expect("a response encodes");
        self.http.send("PUT", "/mdm/connect", &[("content-type", "application/x-apple-aspen-mdm")], body).await
    }

    /// Sends a response and decodes the command the server answers with (`None`: empty body).
    pub async fn connect(&mut self, chan: Chan, response: CommandResponse<AnyCommandResponse>) -> Option<CommandEnvelope<AnyCommand>> {
        let reply = self.send_response(chan, response).await;
        assert_eq!(reply.status, 200, "connect refused: {}", String::from_utf8_lossy(&reply.body));
        if reply.body.is_empty() {
            return None;
        }
        Some(codec::from_plist(&reply.body).expect("the server's command decodes"))
    }

    pub async fn idle(&mut self, chan: Chan) -> Option<CommandEnvelope<AnyCommand>> {
        let mut idle = CommandResponse::new("", CommandStatus::Idle);
        idle.command_uuid = None;
        self.connect(chan, idle).await
    }

    /// Answers `uuid` with a corpus response (its status, body or error chain).
    pub async fn answer(&mut self, chan: Chan, uuid: &str, request_type: &str, template: &[u8]) -> Option<CommandEnvelope<AnyCommand>> {
        self.connect(chan, from_template(uuid, request_type, template)).await
    }
}

/// A corpus response turned into the answer to `uuid`.
pub fn from_template(uuid: &str, request_type: &str, template: &[u8]) -> CommandResponse<AnyCommandResponse> {
    let mut response = CommandResponse::<AnyCommandResponse>::decode_for(request_type, template).expect("the corpus response decodes");
    response.command_uuid = Some(uuid.to_string());
    response
}

/// An acknowledged `DeviceInformation` answering `OSVersion`, `ProductName` and `IsSupervised`.
pub fn device_information(uuid: &str, os_version: &str, product: &str, supervised: bool) -> CommandResponse<AnyCommandResponse> {
    let mut answers = QueryResponses::new();
    answers.os_version = Some(os_version.into());
    answers.product_name = Some(product.into());
    answers.is_supervised = Some(supervised);
    let mut response = CommandResponse::new(uuid, CommandStatus::Acknowledged);
    response.body = Some(DeviceInformationResponse::new(answers).into());
    response
}

/// The corpus's baseline activation, activating only `configurations`.
pub fn activation_of(configurations: &[&str]) -> Vec<u8> {
    let mut activation: serde_json::Value = serde_json::from_slice(ACTIVATION_BASELINE).expect("JSON");
    activation["Payload"]["StandardConfigurations"] = serde_json::json!(configurations);
    activation.to_string().into_bytes()
}

pub fn device_information_command() -> serde_json::Value {
    serde_json::json!({"RequestType": "DeviceInformation", "Queries": ["OSVersion", "ProductName", "IsSupervised"]})
}
