//! Who is talking: a server configured with the device CA binds the identity certificate to
//! the device at `Authenticate` and refuses a request without `Mdm-Signature`, signed over
//! another body, signed with a certificate of another CA, or signed with device B's
//! certificate while claiming device A — each refused with a clear 401 or 403, and nothing of
//! A's (push token, queue, acknowledgements) changed. A checked-out device may bind a new
//! certificate; an enrolled one may not. The same checks on a certificate a TLS-terminating
//! proxy forwards in a header; and a server without a CA checks nothing, as before.

use crate::sim;

use sim::pki::{DEVICE_CA, OTHER_CA};
use sim::{pki, Chan, Kind, Reply, SimDevice, TestServer};

const CHECKIN: &str = "application/x-apple-aspen-mdm-checkin";

/// A `TokenUpdate` for `udid` with an attacker's token and `PushMagic`.
fn hostile_token_update(udid: &str) -> Vec<u8> {
    format!(
        "<plist version=\"1.0\"><dict><key>MessageType</key><string>TokenUpdate</string><key>UDID</key><string>{udid}</string>\
         <key>Topic</key><string>com.apple.mgmt.External.example</string><key>PushMagic</key><string>ATTACKER-MAGIC</string>\
         <key>Token</key><data>YXR0YWNrZXI=</data></dict></plist>"
    )
    .into_bytes()
}

/// An `Idle` connect request for `udid` (would deliver the next queued command).
fn idle(udid: &str) -> Vec<u8> {
    format!("<plist version=\"1.0\"><dict><key>Status</key><string>Idle</string><key>UDID</key><string>{udid}</string></dict></plist>").into_bytes()
}

/// A `CheckOut` for `udid`.
fn check_out(udid: &str) -> Vec<u8> {
    format!(
        "<plist version=\"1.0\"><dict><key>MessageType</key><string>CheckOut</string><key>UDID</key><string>{udid}</string>\
         <key>Topic</key><string>com.apple.mgmt.External.example</string></dict></plist>"
    )
    .into_bytes()
}

fn error_of(reply: &Reply) -> String {
    reply.json()["error"].as_str().unwrap_or_default().to_string()
}

/// Everything the server keeps of device A that a request could change: its facts (and bound
/// certificate), its command queue with results, and the push details of its channel (the
/// token and `PushMagic` the admin's next enqueue pushes to).
async fn state_of(server: &TestServer, id: &str) -> (serde_json::Value, String, Vec<u8>, String) {
    let mut admin = server.admin();
    let device = admin.device(id).await.json();
    let commands =
        serde_json::to_string(&admin.commands(id, None).await.iter().map(|c| (&c.command_uuid, &c.state, c.results.len())).collect::<Vec<_>>()).expect("JSON");
    let pushes = server.push.0.lock().expect("push log").iter().rev().find(|t| t.channel.device == id).cloned().expect("a push to A");
    (device, commands, pushes.token, pushes.push_magic)
}

/// Device A enrolled with a command acknowledged and one queued; device B enrolled.
async fn enrolled_pair(server: &TestServer) -> (SimDevice, SimDevice, String) {
    let mut admin = server.admin();
    let mut a = SimDevice::new(Kind::IPhone, 1, server.addr);
    let mut b = SimDevice::new(Kind::IPhone, 2, server.addr);
    for dev in [&mut a, &mut b] {
        assert_eq!(dev.authenticate().await.status, 200);
        assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    }
    let first = admin.enqueue_ok(&a.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    assert_eq!(a.idle(Chan::Device).await.map(|c| c.command_uuid), Some(first.clone()));
    assert!(a.answer(Chan::Device, &first, "ProfileList", sim::ACK_PROFILE_LIST).await.is_none());
    let queued = admin.enqueue_ok(&a.id, None, serde_json::json!({"RequestType": "CertificateList"})).await;
    (a, b, queued)
}

#[tokio::test]
async fn requests_that_do_not_prove_the_bound_identity_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let (mut a, b, queued) = enrolled_pair(&server).await;
    let before = state_of(&server, &a.id).await;
    assert_eq!(before.0["device"]["identity"].as_str().map(str::len), Some(64), "a SHA-256 fingerprint is bound: {}", before.0);

    // No Mdm-Signature at all.
    let mut unsigned = SimDevice::new(Kind::IPhone, 1, server.addr);
    unsigned.identity = None;
    for (path, body) in [("/mdm/checkin", hostile_token_update(&a.id)), ("/mdm/connect", idle(&a.id)), ("/mdm/checkin", check_out(&a.id))] {
        let reply = unsigned.send(path, CHECKIN, body).await;
        assert_eq!(reply.status, 401, "{path} unsigned");
        assert!(error_of(&reply).contains("no Mdm-Signature header"), "{}", error_of(&reply));
    }

    // A's own signature, but over another body (a replayed header).
    let signed_idle = a.signature(&idle(&a.id)).expect("A signs");
    for (path, body) in [("/mdm/checkin", hostile_token_update(&a.id)), ("/mdm/checkin", check_out(&a.id))] {
        let reply = a.http.send("PUT", path, &[("mdm-signature", &signed_idle)], body).await;
        assert_eq!(reply.status, 401, "{path} with a signature over another body");
        assert!(error_of(&reply).contains("does not verify"), "{}", error_of(&reply));
    }
    let garbage = a.http.send("PUT", "/mdm/connect", &[("mdm-signature", "not base64!")], idle(&a.id)).await;
    assert_eq!(garbage.status, 401);

    // A certificate for A's UDID, issued by a CA the server does not trust.
    let mut foreign = SimDevice::new(Kind::IPhone, 1, server.addr);
    foreign.identity = Some(pki().device(OTHER_CA, &a.id));
    for (path, body) in [("/mdm/checkin", hostile_token_update(&a.id)), ("/mdm/connect", idle(&a.id)), ("/mdm/checkin", check_out(&a.id))] {
        let reply = foreign.send(path, CHECKIN, body).await;
        assert_eq!(reply.status, 401, "{path} from another CA");
        assert!(error_of(&reply).contains("untrusted signer"), "{}", error_of(&reply));
    }
    assert_eq!(foreign.authenticate().await.status, 401);

    // Device B's certificate (the right CA) claiming A's UDID.
    let mut impostor = SimDevice::new(Kind::IPhone, 1, server.addr);
    impostor.identity = b.identity.clone();
    for (path, body) in [("/mdm/checkin", hostile_token_update(&a.id)), ("/mdm/connect", idle(&a.id)), ("/mdm/checkin", check_out(&a.id))] {
        let reply = impostor.send(path, CHECKIN, body).await;
        assert_eq!(reply.status, 403, "{path} with B's certificate");
        assert!(error_of(&reply).contains("bound to another device identity certificate"), "{}", error_of(&reply));
    }
    let first = server.admin().commands(&a.id, None).await[0].command_uuid.clone();
    let again = impostor.send_response(Chan::Device, sim::from_template(&first, "ProfileList", sim::ACK_PROFILE_LIST)).await;
    assert_eq!(again.status, 403);
    assert_eq!(impostor.ddm(Chan::Device, "tokens", None).await.status, 403);
    // Nor may B's certificate enroll as A while A is enrolled.
    let taken = impostor.authenticate().await;
    assert_eq!(taken.status, 403);
    assert!(error_of(&taken).contains("must check out"), "{}", error_of(&taken));

    // Nothing changed: A's facts and certificate, queue and results; its push details are the
    // ones an enqueue now pushes to.
    server.admin().enqueue_ok(&a.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    let after = state_of(&server, &a.id).await;
    assert_eq!(after.0, before.0);
    assert_eq!((&after.2, &after.3), (&before.2, &before.3), "A's push token and PushMagic");
    assert_ne!(after.3, "ATTACKER-MAGIC");
    let commands = server.admin().commands(&a.id, None).await;
    let states: Vec<(&str, usize)> = commands.iter().map(|c| (c.state.as_str(), c.results.len())).collect();
    assert_eq!(states, [("done", 1), ("queued", 0), ("queued", 0)]);
    // A itself, signing with its own certificate, gets its queued command.
    assert_eq!(a.idle(Chan::Device).await.map(|c| c.command_uuid), Some(queued));
}

#[tokio::test]
async fn a_new_certificate_binds_only_after_check_out() {
    let server = TestServer::start().await;
    let mut old = SimDevice::new(Kind::Mac, 7, server.addr);
    assert_eq!(old.authenticate().await.status, 200);
    assert_eq!(old.token_update(Chan::Device).await.status, 200);
    assert_eq!(old.token_update(Chan::User).await.status, 200);
    let bound = server.admin().device(&old.id).await.json()["device"]["identity"].clone();

    // The same device after an erase: a new identity certificate (the right CA) for the same UDID.
    let mut renewed = SimDevice::new(Kind::Mac, 7, server.addr);
    renewed.identity = Some(pki().device(DEVICE_CA, &format!("{}-renewed", old.id)));
    assert_eq!(renewed.authenticate().await.status, 403, "enrolled with another certificate");
    assert_eq!(server.admin().device(&old.id).await.json()["device"]["identity"], bound);
    // Re-authenticating with the bound certificate is fine.
    assert_eq!(old.authenticate().await.status, 200);
    assert_eq!(old.token_update(Chan::Device).await.status, 200);

    assert_eq!(old.check_out().await.status, 200);
    assert_eq!(renewed.authenticate().await.status, 200, "after CheckOut a new certificate binds");
    assert_eq!(renewed.token_update(Chan::Device).await.status, 200);
    let rebound = server.admin().device(&old.id).await.json()["device"]["identity"].clone();
    assert_ne!(rebound, bound);
    // Now the old certificate is the stranger.
    assert_eq!(old.token_update(Chan::Device).await.status, 403);
    assert_eq!(old.ddm(Chan::Device, "tokens", None).await.status, 403);
    assert!(renewed.idle(Chan::Device).await.is_none());
}

/// An erased device comes back with a new identity and no `CheckOut`: once it acknowledged the
/// server's `EraseDevice`, the binding is released (and the rest of its queue cancelled), so
/// it enrolls again; before, the new certificate is a stranger.
#[tokio::test]
async fn an_acknowledged_erase_releases_the_identity() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut old = SimDevice::new(Kind::IPhone, 8, server.addr);
    assert_eq!(old.authenticate().await.status, 200);
    assert_eq!(old.token_update(Chan::Device).await.status, 200);
    let mut renewed = SimDevice::new(Kind::IPhone, 8, server.addr);
    renewed.identity = Some(pki().device(DEVICE_CA, &format!("{}-erased", old.id)));
    let erase = admin.enqueue_ok(&old.id, None, serde_json::json!({"RequestType": "EraseDevice"})).await;
    let after = admin.enqueue_ok(&old.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    assert_eq!(renewed.authenticate().await.status, 403, "not erased yet");
    let delivered = old.idle(Chan::Device).await.expect("the erase is delivered");
    assert_eq!(delivered.command_uuid, erase);
    let ack = format!(
        "<plist version=\"1.0\"><dict><key>Status</key><string>Acknowledged</string><key>CommandUUID</key><string>{erase}</string><key>UDID</key><string>{}</string></dict></plist>",
        old.id
    );
    let reply = old.connect_raw(ack).await;
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    assert!(reply.body.is_empty(), "nothing more is delivered to an erased device");
    let list = admin.commands(&old.id, None).await;
    let state = |uuid: &str| list.iter().find(|c| c.command_uuid == uuid).map(|c| c.state.clone());
    assert_eq!((state(&erase).as_deref(), state(&after).as_deref()), (Some("done"), Some("cancelled")), "{list:?}");
    assert_eq!(server.admin().device(&old.id).await.json()["device"]["identity"], serde_json::Value::Null);
    assert_eq!(renewed.authenticate().await.status, 200, "the erased device enrolls with its new certificate");
    assert_eq!(renewed.token_update(Chan::Device).await.status, 200);
    assert_eq!(old.token_update(Chan::Device).await.status, 403, "the old certificate is now a stranger");
}

/// `text` URL-encoded as nginx's `$ssl_client_escaped_cert` sends a PEM (every byte but
/// letters, digits and `-._~` as `%XX`).
fn url_encode(text: &[u8]) -> String {
    text.iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_client_certificate_forwarded_by_the_proxy_is_checked_the_same_way() {
    let header = "X-Client-Cert";
    let server = TestServer::start_with(|c| c.identity.client_cert_header = Some(header.into())).await;
    // Devices behind the proxy: mutual TLS, no Mdm-Signature; the proxy forwards the certificate.
    let over_tls = |n: u32, cert: Option<&[u8]>| {
        let mut dev = SimDevice::new(Kind::IPhone, n, server.addr);
        dev.identity = None;
        dev.extra_headers = vec![(header.to_string(), cert.map(url_encode).unwrap_or_default())];
        dev
    };
    let id = |n: u32| SimDevice::new(Kind::IPhone, n, server.addr).id;
    let (a_pem, b_pem) = (pki().device(DEVICE_CA, &id(1)).pem.clone(), pki().device(DEVICE_CA, &id(2)).pem.clone());
    let mut a = over_tls(1, Some(&a_pem));
    let mut b = over_tls(2, Some(&b_pem));
    for dev in [&mut a, &mut b] {
        assert_eq!(dev.authenticate().await.status, 200);
        assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    }
    let queued = server.admin().enqueue_ok(&a.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    let before = state_of(&server, &a.id).await;

    // B's client certificate claiming A: 403.
    let mut impostor = over_tls(1, Some(&b_pem));
    for (path, body) in [("/mdm/checkin", hostile_token_update(&a.id)), ("/mdm/connect", idle(&a.id)), ("/mdm/checkin", check_out(&a.id))] {
        let reply = impostor.send(path, CHECKIN, body).await;
        assert_eq!(reply.status, 403, "{path} with B's client certificate");
    }
    // A certificate of another CA, text that is no certificate, a broken escape: 401.
    let other = pki().device(OTHER_CA, &a.id).pem.clone();
    let mut foreign = over_tls(1, Some(&other));
    let reply = foreign.send("/mdm/connect", CHECKIN, idle(&a.id)).await;
    assert_eq!(reply.status, 401);
    assert!(error_of(&reply).contains("is not one of the device CA"), "{}", error_of(&reply));
    for value in ["-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----", "%ZZ", "garbage"] {
        let mut broken = over_tls(1, None);
        broken.extra_headers = vec![(header.to_string(), value.to_string())];
        let reply = broken.send("/mdm/connect", CHECKIN, idle(&a.id)).await;
        assert_eq!(reply.status, 401, "{value}");
        assert!(error_of(&reply).contains("is not usable"), "{}", error_of(&reply));
    }
    // No client certificate (the proxy's header empty) and no Mdm-Signature: 401.
    let mut anonymous = over_tls(1, None);
    let reply = anonymous.send("/mdm/connect", CHECKIN, idle(&a.id)).await;
    assert_eq!(reply.status, 401);
    assert!(error_of(&reply).contains("no Mdm-Signature header"), "{}", error_of(&reply));
    // Without a client certificate, A's Mdm-Signature still proves A.
    let mut signing = SimDevice::new(Kind::IPhone, 1, server.addr);
    let after = state_of(&server, &a.id).await;
    assert_eq!(after, before, "nothing of A changed");
    assert_eq!(signing.idle(Chan::Device).await.map(|c| c.command_uuid), Some(queued));
}

#[tokio::test]
async fn without_a_device_ca_nothing_is_checked() {
    let server = TestServer::start_insecure().await;
    let mut a = SimDevice::new(Kind::IPhone, 1, server.addr);
    a.identity = None;
    assert_eq!(a.authenticate().await.status, 200);
    assert_eq!(a.token_update(Chan::Device).await.status, 200);
    assert!(a.idle(Chan::Device).await.is_none());
    assert_eq!(server.admin().device(&a.id).await.json()["device"]["identity"], serde_json::Value::Null);
    // Anyone who knows the UDID speaks for the device: the mode is insecure, as documented.
    let mut stranger = SimDevice::new(Kind::IPhone, 2, server.addr);
    stranger.identity = Some(pki().device(OTHER_CA, "stranger"));
    assert_eq!(stranger.send("/mdm/checkin", CHECKIN, hostile_token_update(&a.id)).await.status, 200);
}

#[tokio::test]
async fn a_proxy_header_without_a_device_ca_does_not_start() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = mdm_server::Config::new(dir.path().join("dm.sqlite"), "127.0.0.1:0".parse().expect("an address"), sim::ADMIN_TOKEN);
    config.identity.client_cert_header = Some("X-Client-Cert".into());
    let Err(e) = mdm_server::serve(&config, std::sync::Arc::new(sim::RecordingPush::default())).await else { panic!("the server started") };
    assert!(e.to_string().contains("needs --device-ca"), "{e}");
    config.identity.client_cert_header = Some("not a header".into());
    config.identity.device_ca = Some(pki().path("device-ca.pem"));
    let Err(e) = mdm_server::serve(&config, std::sync::Arc::new(sim::RecordingPush::default())).await else { panic!("the server started") };
    assert!(e.to_string().contains("not a header name"), "{e}");
}
