//! What a hostile or confused device must not get: commands of an enrollment it left, a lock-out
//! through an OS version the server cannot read, a command ended by a status Apple does not
//! define; and the smaller refusals and answers of the check-in protocol (Topic, UserID,
//! bootstrap tokens) and the admin API (declarations, activations, the bearer scheme).

use crate::sim;

use apple_device_management::runtime::{codec, CommandStatus, Dictionary};
use sim::{Chan, Http, Kind, SimDevice, TestServer};

async fn enrolled(server: &TestServer, kind: Kind, n: u32) -> SimDevice {
    let mut dev = SimDevice::new(kind, n, server.addr);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    dev
}

fn profile_list() -> serde_json::Value {
    serde_json::json!({"RequestType": "ProfileList"})
}

#[tokio::test]
async fn a_checkout_cancels_the_commands_of_the_enrollment_it_ends() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut dev = enrolled(&server, Kind::IPhone, 1).await;
    let erase = admin.enqueue_ok(&dev.id, None, serde_json::json!({"RequestType": "EraseDevice"})).await;
    assert_eq!(dev.check_out().await.status, 200);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    assert!(dev.idle(Chan::Device).await.is_none(), "a command of the old enrollment was delivered");
    let list = admin.commands(&dev.id, None).await;
    assert_eq!((list[0].command_uuid.as_str(), list[0].state.as_str()), (erase.as_str(), "cancelled"));
    // The old answer is not taken either.
    let late = dev.send_response(Chan::Device, sim::from_template(&erase, "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(late.status, 409);
}

#[tokio::test]
async fn a_new_authenticate_cancels_what_the_previous_enrollment_left() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut dev = enrolled(&server, Kind::IPhone, 1).await;
    let sent = admin.enqueue_ok(&dev.id, None, profile_list()).await;
    let queued = admin.enqueue_ok(&dev.id, None, profile_list()).await;
    assert_eq!(dev.idle(Chan::Device).await.map(|e| e.command_uuid), Some(sent.clone()));
    // Erased and enrolled again, without a CheckOut.
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    assert!(dev.idle(Chan::Device).await.is_none());
    let states: Vec<_> = admin.commands(&dev.id, None).await.into_iter().map(|c| (c.command_uuid, c.state)).collect();
    assert_eq!(states, [(sent, "cancelled".to_string()), (queued, "cancelled".to_string())]);
}

/// Asks `DeviceInformation` and answers it with `version`.
async fn learn_version(server: &TestServer, dev: &mut SimDevice, version: &str) {
    let uuid = server.admin().enqueue_ok(&dev.id, None, sim::device_information_command()).await;
    assert_eq!(dev.idle(Chan::Device).await.map(|e| e.command_uuid), Some(uuid.clone()));
    assert!(dev.connect(Chan::Device, sim::device_information(&uuid, version, "iPhone14,2", false)).await.is_none());
    assert_eq!(server.admin().device(&dev.id).await.json()["device"]["os_version"], version);
}

#[tokio::test]
async fn an_os_version_the_server_cannot_read_does_not_lock_the_device_out() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut dev = enrolled(&server, Kind::IPhone, 1).await;
    learn_version(&server, &mut dev, "garbage").await;
    for command in [sim::device_information_command(), profile_list()] {
        let reply = admin.enqueue(&dev.id, None, command).await;
        assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.body));
        let warnings = reply.json()["warnings"].clone();
        assert!(warnings.as_array().is_some_and(|w| w.iter().any(|w| w.as_str().is_some_and(|w| w.contains("garbage")))), "{warnings}");
    }
    // What does not depend on the version is still judged: supervision.
    let update = serde_json::json!({"RequestType": "ScheduleOSUpdate", "Updates": [{"InstallAction": "InstallASAP"}]});
    let reply = admin.enqueue(&dev.id, None, update).await;
    assert_eq!(reply.status, 422);
    assert!(reply.json()["findings"].to_string().contains("availability.needs-supervision"));

    // "18.0 beta" is 18.0: judged in full, no warning.
    let mut beta = enrolled(&server, Kind::IPhone, 2).await;
    learn_version(&server, &mut beta, "18.0 beta").await;
    let reply = admin.enqueue(&beta.id, None, profile_list()).await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.body));
    assert!(reply.json().get("warnings").is_none(), "{}", reply.json());
}

#[tokio::test]
async fn an_authenticate_without_os_version_still_takes_commands() {
    let server = TestServer::start().await;
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.authenticate_with(|m| m.os_version = None).await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    let reply = server.admin().enqueue(&dev.id, None, sim::device_information_command()).await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.body));
}

#[tokio::test]
async fn an_unknown_status_is_refused_and_the_command_stays_pending() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut dev = enrolled(&server, Kind::IPhone, 1).await;
    let uuid = admin.enqueue_ok(&dev.id, None, profile_list()).await;
    assert!(dev.idle(Chan::Device).await.is_some());
    let mut garbage = sim::from_template(&uuid, "ProfileList", sim::ACK_PROFILE_LIST);
    garbage.status = CommandStatus::Unknown("Garbage".into());
    let reply = dev.send_response(Chan::Device, garbage).await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"].as_str().is_some_and(|e| e.contains("Garbage")));
    let list = admin.commands(&dev.id, None).await;
    assert_eq!((list[0].state.as_str(), list[0].results.len()), ("sent", 0));
    assert!(dev.answer(Chan::Device, &uuid, "ProfileList", sim::ACK_PROFILE_LIST).await.is_none());
    assert_eq!(admin.commands(&dev.id, None).await[0].state, "done");
}

#[tokio::test]
async fn an_authenticate_without_topic_is_refused() {
    let server = TestServer::start().await;
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.authenticate_with(|m| m.topic = String::new()).await.status, 400);
    let mut m: Dictionary = Dictionary::new();
    m.insert("MessageType".into(), "Authenticate".into());
    m.insert("UDID".into(), dev.id.clone().into());
    m.insert("OSVersion".into(), "17.5.1".into());
    m.insert("ProductName".into(), "iPhone14,2".into());
    let mut body = Vec::new();
    plist::to_writer_xml(&mut body, &m).expect("a dictionary encodes");
    let reply = dev.checkin_raw(String::from_utf8(body).expect("XML")).await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"].as_str().is_some_and(|e| e.contains("Topic")));
    assert_eq!(server.admin().device(&dev.id).await.status, 404);
}

#[tokio::test]
async fn declarations_without_identifier_or_with_missing_references_are_refused() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let dev = enrolled(&server, Kind::IPhone, 1).await;
    let mut nameless: serde_json::Value = serde_json::from_slice(sim::DECLARATION_PASSCODE).expect("JSON");
    nameless["Identifier"] = "".into();
    let reply = admin.add_declaration(&dev.id, None, nameless.to_string().as_bytes()).await;
    assert!(matches!(reply.status, 400 | 422), "{}", reply.status);
    // The baseline activation names three configurations; only the passcode one is stored.
    assert_eq!(admin.add_declaration(&dev.id, None, sim::DECLARATION_PASSCODE).await.status, 201);
    let reply = admin.add_declaration(&dev.id, None, sim::ACTIVATION_BASELINE).await;
    assert_eq!(reply.status, 422, "{}", String::from_utf8_lossy(&reply.body));
    let findings = reply.json()["findings"].to_string();
    assert!(findings.contains("missing-reference") && findings.contains("com.example.config.status-subscriptions"), "{findings}");
    let mut fits: serde_json::Value = serde_json::from_slice(sim::ACTIVATION_BASELINE).expect("JSON");
    fits["Payload"]["StandardConfigurations"] = serde_json::json!(["com.example.config.passcode"]);
    assert_eq!(admin.add_declaration(&dev.id, None, fits.to_string().as_bytes()).await.status, 201);
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let server = TestServer::start().await;
    let mut http = Http::new(server.addr);
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let auth = format!("{scheme} {}", sim::ADMIN_TOKEN);
        assert_eq!(http.send("GET", "/admin/devices/X", &[("authorization", &auth)], Vec::new()).await.status, 404, "{scheme}");
    }
    let auth = format!("Basic {}", sim::ADMIN_TOKEN);
    assert_eq!(http.send("GET", "/admin/devices/X", &[("authorization", &auth)], Vec::new()).await.status, 401);
}

fn bootstrap_message(kind: &str, udid: &str, token: Option<&[u8]>) -> String {
    let mut m = Dictionary::new();
    m.insert("MessageType".into(), kind.into());
    m.insert("UDID".into(), udid.into());
    if let Some(t) = token {
        m.insert("BootstrapToken".into(), plist::Value::Data(t.to_vec()));
    }
    let mut body = Vec::new();
    plist::to_writer_xml(&mut body, &m).expect("a dictionary encodes");
    String::from_utf8(body).expect("XML")
}

#[tokio::test]
async fn bootstrap_tokens_are_stored_and_returned() {
    use apple_device_management::checkin::getbootstraptoken::GetBootstrapTokenResponse;

    let server = TestServer::start().await;
    let mut stranger = SimDevice::new(Kind::Mac, 9, server.addr);
    let id = stranger.id.clone();
    assert_eq!(stranger.checkin_raw(bootstrap_message("SetBootstrapToken", &id, Some(b"secret"))).await.status, 403);
    let mut mac = enrolled(&server, Kind::Mac, 1).await;
    let id = mac.id.clone();
    let none = mac.checkin_raw(bootstrap_message("GetBootstrapToken", &id, None)).await;
    assert_eq!(none.status, 200, "{}", String::from_utf8_lossy(&none.body));
    let reply: GetBootstrapTokenResponse = codec::from_plist(&none.body).expect("a typed reply");
    assert_eq!(reply.bootstrap_token, None);
    assert_eq!(mac.checkin_raw(bootstrap_message("SetBootstrapToken", &id, Some(b"bootstrap-1"))).await.status, 200);
    let got = mac.checkin_raw(bootstrap_message("GetBootstrapToken", &id, None)).await;
    assert_eq!(got.status, 200);
    let reply: GetBootstrapTokenResponse = codec::from_plist(&got.body).expect("a typed reply");
    assert_eq!(reply.bootstrap_token.map(|d| d.0), Some(b"bootstrap-1".to_vec()));
    // A SetBootstrapToken without a token clears it.
    assert_eq!(mac.checkin_raw(bootstrap_message("SetBootstrapToken", &id, None)).await.status, 200);
    let got = mac.checkin_raw(bootstrap_message("GetBootstrapToken", &id, None)).await;
    let reply: GetBootstrapTokenResponse = codec::from_plist(&got.body).expect("a typed reply");
    assert_eq!(reply.bootstrap_token, None);
}

#[test]
fn os_versions_are_read_leniently() {
    use mdm_server::device::parse_os_version;
    let read = |text: &str| parse_os_version(text).map(|v| v.parts().to_vec());
    assert_eq!(read("18.0 beta"), Some(vec![18, 0]));
    assert_eq!(read("17.5.1 (21F90)"), Some(vec![17, 5, 1]));
    assert_eq!(read(" 14.2 "), Some(vec![14, 2]));
    assert_eq!(read("18.1b2"), Some(vec![18, 1]));
    assert_eq!(read("26."), Some(vec![26]));
    for bad in ["garbage", "", "beta 18.0", ".5", "18..0"] {
        assert_eq!(read(bad), None, "{bad:?}");
    }
}
