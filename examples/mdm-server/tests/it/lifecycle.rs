//! Each simulated device — an iPhone on the device channel, a Mac on the device and user
//! channels, a User Enrollment iPhone — enrolls, updates its token, connects, acknowledges one
//! command, answers another `NotNow` then `Acknowledged`, fails a third with an error chain,
//! and syncs declarations and a status report. The stored state is checked after each step
//! and again after a server restart.

use crate::sim;

use apple_device_management::commands::AnyCommand;
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::protocol::declarationitemsresponse::DeclarationItemsResponse;
use apple_device_management::protocol::tokensresponse::TokensResponse;
use apple_device_management::runtime::{codec, Declaration};
use sim::{Chan, Kind, SimDevice, TestServer};

fn request_type(envelope: &apple_device_management::runtime::CommandEnvelope<AnyCommand>) -> &'static str {
    envelope.command.wire_id().expect("a known command")
}

/// What the device says of itself (`DeviceInformation`): the Mac is supervised.
fn facts(kind: Kind) -> (&'static str, &'static str, bool) {
    match kind {
        Kind::IPhone => ("17.5.1", "iPhone14,2", false),
        Kind::Mac => ("14.2", "Mac14,9", true),
        Kind::UserEnrollmentIPhone => ("17.6.1", "iPhone16,1", false),
    }
}

/// Three commands on one channel: acknowledged, `NotNow` then acknowledged, failed.
async fn command_round(server: &TestServer, dev: &mut SimDevice, chan: Chan) {
    let mut admin = server.admin();
    let user = if chan == Chan::User { dev.user.clone() } else { None };
    let user = user.as_deref();
    let (first, first_ack) = match chan {
        Chan::Device => (sim::device_information_command(), None),
        Chan::User => (serde_json::json!({"RequestType": "ProfileList"}), Some(sim::ACK_PROFILE_LIST)),
    };
    let key = mdm_server::channel::ChannelId::new(dev.id.clone(), user.map(str::to_string));
    let pushes = || server.push.channels().iter().filter(|ch| **ch == key).count();
    let pushed_before = pushes();
    let a = admin.enqueue_ok(&dev.id, user, first).await;
    let b = admin.enqueue_ok(&dev.id, user, serde_json::json!({"RequestType": "ProfileList"})).await;
    let c = admin.enqueue_ok(&dev.id, user, serde_json::json!({"RequestType": "CertificateList"})).await;
    assert_eq!(pushes(), pushed_before + 3, "one push to this channel per command");
    let states = |list: &[mdm_server::store::queue::CommandView]| list.iter().map(|c| c.state.clone()).collect::<Vec<_>>();
    assert_eq!(states(&admin.commands(&dev.id, user).await), ["queued", "queued", "queued"]);

    // Idle: the oldest command comes.
    let got = dev.idle(chan).await.expect("the first command");
    assert_eq!(got.command_uuid, a);
    assert_eq!(states(&admin.commands(&dev.id, user).await), ["sent", "queued", "queued"]);

    // Acknowledged, with its typed body; the next command comes in the same answer.
    let (version, product, supervised) = facts(dev.kind);
    let ack = match first_ack {
        None => sim::device_information(&a, version, product, supervised),
        Some(template) => sim::from_template(&a, "ProfileList", template),
    };
    let got = dev.connect(chan, ack).await.expect("the second command");
    assert_eq!((got.command_uuid.as_str(), request_type(&got)), (b.as_str(), "ProfileList"));
    let list = admin.commands(&dev.id, user).await;
    assert_eq!(states(&list), ["done", "sent", "queued"]);
    assert_eq!(list[0].results.len(), 1);
    assert_eq!(list[0].results[0].status, "Acknowledged");
    let body = list[0].results[0].body.as_ref().expect("a typed body");
    match chan {
        Chan::Device => assert_eq!(body["QueryResponses"]["IsSupervised"], supervised),
        Chan::User => assert!(body["ProfileList"].is_array(), "{body}"),
    }

    // NotNow: kept for later, and the third command comes instead.
    let got = dev.answer(chan, &b, "ProfileList", sim::NOT_NOW).await.expect("the third command");
    assert_eq!((got.command_uuid.as_str(), request_type(&got)), (c.as_str(), "CertificateList"));
    assert_eq!(states(&admin.commands(&dev.id, user).await), ["done", "notnow", "sent"]);

    // Error with its chain: nothing else now (the NotNow one waits for the next Idle).
    assert!(dev.answer(chan, &c, "CertificateList", sim::ERROR).await.is_none());
    let list = admin.commands(&dev.id, user).await;
    assert_eq!(states(&list), ["done", "notnow", "done"]);
    let chain = list[2].results[0].error_chain.as_ref().expect("a typed error chain");
    assert_eq!((list[2].results[0].status.as_str(), &chain[0]["ErrorCode"]), ("Error", &serde_json::json!(-25300)));
    assert!(list[2].results[0].body.is_none());

    // The next Idle brings the NotNow command again; acknowledged this time.
    let got = dev.idle(chan).await.expect("the NotNow command again");
    assert_eq!(got.command_uuid, b);
    assert!(dev.answer(chan, &b, "ProfileList", sim::ACK_PROFILE_LIST).await.is_none());
    let list = admin.commands(&dev.id, user).await;
    assert_eq!(states(&list), ["done", "done", "done"]);
    let statuses: Vec<&str> = list[1].results.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["NotNow", "Acknowledged"]);
    assert!(dev.idle(chan).await.is_none(), "the queue is empty");
}

/// A configuration and an activation of it, synced through tokens, declaration-items and
/// declaration/…; then a status report.
async fn ddm_round(server: &TestServer, dev: &mut SimDevice, chan: Chan) -> String {
    let mut admin = server.admin();
    let user = if chan == Chan::User { dev.user.clone() } else { None };
    let user = user.as_deref();
    // The passcode settings are system scope; the user channel gets status subscriptions.
    let (config, id) = match chan {
        Chan::Device => (sim::DECLARATION_PASSCODE, "com.example.config.passcode"),
        Chan::User => (sim::CONFIG_STATUS_SUBSCRIPTIONS, "com.example.config.status-subscriptions"),
    };
    let kind = "configuration";
    let activation = sim::activation_of(&[id]);
    for json in [config, activation.as_slice()] {
        let reply = admin.add_declaration(&dev.id, user, json).await;
        assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.body));
    }
    let reply = dev.ddm(chan, "tokens", None).await;
    assert_eq!(reply.status, 200);
    let tokens: TokensResponse = codec::from_json(&reply.body).expect("a typed tokens response");
    let token = tokens.sync_tokens.declarations_token.clone();
    assert!(!token.is_empty());
    // The JSON a device reads: `Timestamp` an RFC 3339 string, no other keys.
    let json: serde_json::Value = serde_json::from_slice(&reply.body).expect("JSON");
    let sync = json["SyncTokens"].as_object().expect("SyncTokens");
    assert_eq!(sync.keys().collect::<Vec<_>>(), ["DeclarationsToken", "Timestamp"]);
    let timestamp = sync["Timestamp"].as_str().expect("a string");
    assert!(timestamp.len() == 20 && timestamp.ends_with('Z') && timestamp.as_bytes()[10] == b'T', "{timestamp}");
    assert!(timestamp > "2020", "the time of the last change: {timestamp}");

    let reply = dev.ddm(chan, "declaration-items", None).await;
    let items: DeclarationItemsResponse = codec::from_json(&reply.body).expect("typed declaration items");
    assert_eq!(items.declarations_token, token);
    let ids =
        |list: &[apple_device_management::protocol::declarationitemsresponse::DeclarationItem]| list.iter().map(|i| i.identifier.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&items.declarations.activations), ["com.example.activation.baseline"]);
    let listed = &items.declarations.configurations;
    assert_eq!(ids(listed), [id]);
    assert!(items.declarations.management.is_empty());
    assert!(items.declarations.assets.is_empty());

    let reply = dev.ddm(chan, &format!("declaration/{kind}/{id}"), None).await;
    assert_eq!(reply.status, 200);
    let served: Declaration<AnyDeclarationPayload> = codec::from_json(&reply.body).expect("a typed declaration");
    assert_eq!(served.server_token.as_deref(), Some(listed[0].server_token.as_str()));
    let authored: Declaration<AnyDeclarationPayload> = codec::from_json(config).expect("the corpus declaration");
    assert_eq!(served.payload, authored.payload);
    // The activation is not served as a configuration.
    assert_eq!(dev.ddm(chan, "declaration/configuration/com.example.activation.baseline", None).await.status, 404);

    assert_eq!(dev.ddm(chan, "status", Some(sim::STATUS_IPHONE)).await.status, 200);
    let status = admin.status(&dev.id, user).await;
    assert_eq!(status["reports"], 1);
    let item = |name: &str| status["items"].as_array().and_then(|a| a.iter().find(|i| i["item"] == name)).cloned();
    assert_eq!(item("passcode.is-compliant").expect("passcode.is-compliant")["value"], true);
    assert_eq!(item("device.identifier.serial-number").expect("the serial number")["value"], "HX7QJ2M9VN");
    token
}

async fn lifecycle(kind: Kind, chans: &[Chan]) {
    let mut server = TestServer::start().await;
    let mut dev = SimDevice::new(kind, 1, server.addr);
    let mut admin = server.admin();

    assert_eq!(dev.authenticate().await.status, 200);
    let view = admin.device(&dev.id).await.json();
    assert_eq!(view["device"]["enrolled"], true);
    assert_eq!(view["device"]["user_enrollment"], kind == Kind::UserEnrollmentIPhone);
    assert_eq!(view["channels"], serde_json::json!([]));
    let (product, version) = match kind {
        Kind::IPhone => ("iPhone14,2", "17.5.1"),
        Kind::Mac => ("Mac14,9", "14.2"),
        Kind::UserEnrollmentIPhone => ("iPhone16,1", "17.6.1"),
    };
    assert_eq!((view["device"]["product_name"].as_str(), view["device"]["os_version"].as_str()), (Some(product), Some(version)));

    for chan in chans {
        assert_eq!(dev.token_update(*chan).await.status, 200);
    }
    let view = admin.device(&dev.id).await.json();
    let expected: Vec<serde_json::Value> = chans.iter().map(|c| serde_json::json!({"user": if *c == Chan::User { dev.user() } else { None }})).collect();
    assert_eq!(view["channels"], serde_json::json!(expected));

    let mut tokens = Vec::new();
    for chan in chans {
        command_round(&server, &mut dev, *chan).await;
        tokens.push(ddm_round(&server, &mut dev, *chan).await);
    }
    if chans.len() == 2 {
        // Each channel has its own declarations.
        let reply = dev.ddm(Chan::Device, "declaration-items", None).await;
        let items: DeclarationItemsResponse = codec::from_json(&reply.body).expect("typed declaration items");
        assert_eq!(ids_of(&items.declarations.configurations), ["com.example.config.passcode"]);
        assert_eq!(dev.ddm(Chan::Device, "declaration/configuration/com.example.config.status-subscriptions", None).await.status, 404);
        assert_ne!(tokens[0], tokens[1]);
    }

    // Everything accepted is there after a restart.
    let before: Vec<_> = admin_views(&mut admin, &dev, chans).await;
    server.restart().await;
    let mut admin = server.admin();
    assert_eq!(admin_views(&mut admin, &dev, chans).await, before);
    for (chan, token) in chans.iter().zip(&tokens) {
        assert!(dev.idle(*chan).await.is_none());
        let reply = dev.ddm(*chan, "tokens", None).await;
        let again: TokensResponse = codec::from_json(&reply.body).expect("a typed tokens response");
        assert_eq!(&again.sync_tokens.declarations_token, token);
    }
}

fn ids_of(list: &[apple_device_management::protocol::declarationitemsresponse::DeclarationItem]) -> Vec<String> {
    list.iter().map(|i| i.identifier.clone()).collect()
}

/// Every admin view of the device, for comparing before and after a restart.
async fn admin_views(admin: &mut sim::Admin, dev: &SimDevice, chans: &[Chan]) -> Vec<String> {
    let mut views = vec![String::from_utf8_lossy(&admin.device(&dev.id).await.body).into_owned()];
    for chan in chans {
        let user = if *chan == Chan::User { dev.user() } else { None };
        views.push(serde_json::to_string(&admin.commands(&dev.id, user).await).expect("JSON"));
        views.push(admin.status(&dev.id, user).await.to_string());
    }
    views
}

#[tokio::test]
async fn iphone_on_the_device_channel() {
    lifecycle(Kind::IPhone, &[Chan::Device]).await;
}

#[tokio::test]
async fn mac_on_the_device_and_user_channels() {
    lifecycle(Kind::Mac, &[Chan::Device, Chan::User]).await;
}

#[tokio::test]
async fn user_enrollment_iphone() {
    lifecycle(Kind::UserEnrollmentIPhone, &[Chan::Device]).await;
}
