//! What a server must refuse even as an example: devices that never authenticated (or checked
//! out), responses to commands not queued for that device (stored nowhere), admin calls without
//! the token, oversized and malformed bodies — each with a clear HTTP error, never a panic.

use crate::sim;

use sim::{Chan, Http, Kind, SimDevice, TestServer};

#[tokio::test]
async fn a_device_that_never_authenticated_is_refused() {
    let server = TestServer::start().await;
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.token_update(Chan::Device).await.status, 403);
    assert_eq!(dev.ddm(Chan::Device, "tokens", None).await.status, 403);
    let mut idle = apple_device_management::runtime::CommandResponse::new("", apple_device_management::runtime::CommandStatus::Idle);
    idle.command_uuid = None;
    let reply = dev.send_response(Chan::Device, idle).await;
    assert_eq!(reply.status, 403);
    assert!(reply.json()["error"].as_str().is_some_and(|e| e.contains("has not authenticated")));
    // Authenticated but no TokenUpdate yet: no channel to connect on.
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.ddm(Chan::Device, "tokens", None).await.status, 403);
    // A Mac user channel that never sent TokenUpdate.
    let mut mac = SimDevice::new(Kind::Mac, 2, server.addr);
    assert_eq!(mac.authenticate().await.status, 200);
    assert_eq!(mac.token_update(Chan::Device).await.status, 200);
    assert!(mac.idle(Chan::Device).await.is_none());
    assert_eq!(mac.ddm(Chan::User, "tokens", None).await.status, 403);
}

#[tokio::test]
async fn a_checked_out_device_is_refused_until_it_authenticates_again() {
    let server = TestServer::start().await;
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    assert_eq!(dev.check_out().await.status, 200);
    assert_eq!(dev.ddm(Chan::Device, "tokens", None).await.status, 403);
    assert_eq!(server.admin().enqueue(&dev.id, None, sim::device_information_command()).await.status, 404);
    assert_eq!(server.admin().device(&dev.id).await.json()["device"]["enrolled"], false);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    assert!(dev.idle(Chan::Device).await.is_none());
}

#[tokio::test]
async fn a_response_to_a_command_not_queued_for_the_device_is_refused_and_not_stored() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut a = SimDevice::new(Kind::IPhone, 1, server.addr);
    let mut b = SimDevice::new(Kind::IPhone, 2, server.addr);
    for dev in [&mut a, &mut b] {
        assert_eq!(dev.authenticate().await.status, 200);
        assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    }
    let uuid = admin.enqueue_ok(&a.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    // Before it was sent, the device cannot answer it.
    let early = a.send_response(Chan::Device, sim::from_template(&uuid, "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(early.status, 409);
    assert_eq!(a.idle(Chan::Device).await.map(|e| e.command_uuid), Some(uuid.clone()));
    // Another device answering it, a made-up UUID, a response without CommandUUID.
    let stolen = b.send_response(Chan::Device, sim::from_template(&uuid, "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(stolen.status, 409);
    let made_up = a.send_response(Chan::Device, sim::from_template("0000-NOT-QUEUED", "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(made_up.status, 409);
    let mut no_uuid = sim::from_template(&uuid, "ProfileList", sim::ACK_PROFILE_LIST);
    no_uuid.command_uuid = None;
    assert_eq!(a.send_response(Chan::Device, no_uuid).await.status, 400);
    let list = admin.commands(&a.id, None).await;
    assert_eq!((list.len(), list[0].state.as_str(), list[0].results.len()), (1, "sent", 0));
    assert!(admin.commands(&b.id, None).await.is_empty());
    // The real answer is taken once; a second copy is refused.
    assert!(a.answer(Chan::Device, &uuid, "ProfileList", sim::ACK_PROFILE_LIST).await.is_none());
    let again = a.send_response(Chan::Device, sim::from_template(&uuid, "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(again.status, 409);
    assert_eq!(admin.commands(&a.id, None).await[0].results.len(), 1);
}

#[tokio::test]
async fn admin_endpoints_need_the_token() {
    let server = TestServer::start().await;
    let mut http = Http::new(server.addr);
    let paths = ["/admin/devices/X", "/admin/devices/X/commands", "/admin/devices/X/status"];
    for path in paths {
        assert_eq!(http.send("GET", path, &[], Vec::new()).await.status, 401, "{path}");
        assert_eq!(http.send("GET", path, &[("authorization", "Bearer wrong")], Vec::new()).await.status, 401, "{path}");
        assert_eq!(http.send("GET", path, &[("authorization", sim::ADMIN_TOKEN)], Vec::new()).await.status, 401, "{path}");
    }
    let post = http.send("POST", "/admin/devices/X/commands", &[], br#"{"RequestType":"ProfileList"}"#.to_vec()).await;
    assert_eq!(post.status, 401);
    let auth = format!("Bearer {}", sim::ADMIN_TOKEN);
    assert_eq!(http.send("GET", "/admin/devices/X", &[("authorization", &auth)], Vec::new()).await.status, 404);
}

/// On a server without a device CA: unsigned garbage reaches the decoder (with a CA it is
/// refused before, 401: `identity.rs`).
#[tokio::test]
async fn bad_input_gets_a_clear_error() {
    let server = TestServer::start_insecure().await;
    let mut http = Http::new(server.addr);
    let auth = format!("Bearer {}", sim::ADMIN_TOKEN);
    let garbage: &[(&str, &str, &[u8])] = &[
        ("PUT", "/mdm/checkin", b"not a plist"),
        ("PUT", "/mdm/checkin", b""),
        ("PUT", "/mdm/connect", b"<?xml version=\"1.0\"?><plist><dict><key>Status</key>"),
        ("PUT", "/mdm/connect", b"<plist version=\"1.0\"><array/></plist>"),
        ("PUT", "/mdm/checkin", b"<plist version=\"1.0\"><dict><key>MessageType</key><string>Brew</string></dict></plist>"),
        ("PUT", "/mdm/checkin", b"<plist version=\"1.0\"><dict><key>MessageType</key><string>TokenUpdate</string></dict></plist>"),
    ];
    for (method, path, body) in garbage {
        let reply = http.send(method, path, &[], body.to_vec()).await;
        assert_eq!(reply.status, 400, "{path} {}", String::from_utf8_lossy(body));
        assert!(reply.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    let admin_path = format!("/admin/devices/{}/commands", dev.id);
    let no_token = format!(
        "<plist version=\"1.0\"><dict><key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>{}</string>\
         <key>Topic</key><string>t</string><key>PushMagic</key><string>m</string><key>Token</key><string>not data</string></dict></plist>",
        dev.id
    );
    let reply = http.send("PUT", "/mdm/checkin", &[], no_token.into_bytes()).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"], "`TokenUpdate` lacks a usable `Token`");
    for body in [&b"{"[..], b"[1,2]", b"\"text\"", b"{\"RequestType\": 5}"] {
        let reply = http.send("POST", &admin_path, &[("authorization", &auth)], body.to_vec()).await;
        assert!(reply.status == 400 || reply.status == 422, "{} for {}", reply.status, String::from_utf8_lossy(body));
    }
    assert_eq!(dev.ddm(Chan::Device, "nonsense", None).await.status, 404);
    assert_eq!(dev.ddm(Chan::Device, "declaration/configuration/none", None).await.status, 404);
    assert_eq!(dev.ddm(Chan::Device, "status", None).await.status, 400);
    assert_eq!(dev.ddm(Chan::Device, "status", Some(b"{not json")).await.status, 400);
    // The server still answers.
    assert!(dev.idle(Chan::Device).await.is_none());
}

#[tokio::test]
async fn request_bodies_are_size_limited() {
    let server = TestServer::start().await;
    let mut http = Http::new(server.addr);
    let big = vec![b' '; (1 << 20) + 1];
    assert_eq!(http.send("PUT", "/mdm/checkin", &[], big.clone()).await.status, 413);
    assert_eq!(http.send("PUT", "/mdm/connect", &[], big.clone()).await.status, 413);
    let auth = format!("Bearer {}", sim::ADMIN_TOKEN);
    assert_eq!(http.send("POST", "/admin/devices/X/commands", &[("authorization", &auth)], big).await.status, 413);
}

#[tokio::test]
async fn user_authenticate_is_410_unless_users_are_accepted() {
    use apple_device_management::checkin::userauthenticate::UserAuthenticateResponse;
    use apple_device_management::runtime::codec;

    let server = TestServer::start().await;
    let mut mac = SimDevice::new(Kind::Mac, 1, server.addr);
    assert_eq!(mac.user_authenticate(None).await.status, 403, "an unknown device");
    assert_eq!(mac.authenticate().await.status, 200);
    assert_eq!(mac.user_authenticate(None).await.status, 410);

    let server = TestServer::start_with(|c| c.accept_users = true).await;
    let mut mac = SimDevice::new(Kind::Mac, 1, server.addr);
    assert_eq!(mac.authenticate().await.status, 200);
    let first = mac.user_authenticate(None).await;
    assert_eq!(first.status, 200);
    let reply: UserAuthenticateResponse = codec::from_plist(&first.body).expect("a typed reply");
    assert_eq!((reply.digest_challenge.as_deref(), reply.auth_token.as_deref()), (Some(""), None));
    let second = mac.user_authenticate(Some("digest")).await;
    assert_eq!(second.status, 200);
    let reply: UserAuthenticateResponse = codec::from_plist(&second.body).expect("a typed reply");
    assert_eq!((reply.digest_challenge.as_deref(), reply.auth_token.as_deref()), (None, Some("")));
}
