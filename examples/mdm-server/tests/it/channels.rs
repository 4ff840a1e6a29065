//! Channel identity: a UDID or UserID can name no other channel than its own (a UDID `A/U` is
//! not device A's user channel `U`), and identifiers that cannot name a channel — empty, or
//! with control characters — are refused with 400.

use crate::sim;

use apple_device_management::runtime::{CommandResponse, CommandStatus};
use sim::{Chan, Kind, SimDevice, TestServer};

fn idle() -> CommandResponse<apple_device_management::commands::AnyCommandResponse> {
    let mut idle = CommandResponse::new("", CommandStatus::Idle);
    idle.command_uuid = None;
    idle
}

#[tokio::test]
async fn a_udid_that_spells_another_devices_user_channel_is_a_device_of_its_own() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut mac = SimDevice::new(Kind::Mac, 1, server.addr);
    assert_eq!(mac.authenticate().await.status, 200);
    assert_eq!(mac.token_update(Chan::Device).await.status, 200);
    assert_eq!(mac.token_update(Chan::User).await.status, 200);
    let user = mac.user.clone().expect("the Mac's user");
    let first = admin.enqueue_ok(&mac.id, Some(&user), serde_json::json!({"RequestType": "ProfileList"})).await;
    let user_token = server.push.0.lock().expect("push log").last().expect("a push").token.clone();

    let mut intruder = SimDevice::new(Kind::IPhone, 2, server.addr);
    intruder.id = format!("{}/{user}", mac.id);
    // Never authenticated: nothing to fetch, nothing to answer.
    assert_eq!(intruder.send_response(Chan::Device, idle()).await.status, 403);
    let stolen = sim::from_template(&first, "ProfileList", sim::ACK_PROFILE_LIST);
    assert_eq!(intruder.send_response(Chan::Device, stolen).await.status, 403);
    // Once enrolled, its token is its own channel's, and its queue is empty.
    assert_eq!(intruder.authenticate().await.status, 200);
    assert_eq!(intruder.token_update(Chan::Device).await.status, 200);
    assert!(intruder.idle(Chan::Device).await.is_none(), "the intruder got another channel's command");

    // The Mac's user channel is untouched: its command, its push token, no stored result.
    admin.enqueue_ok(&mac.id, Some(&user), serde_json::json!({"RequestType": "ProfileList"})).await;
    let last = server.push.0.lock().expect("push log").last().expect("a push").clone();
    assert_eq!(last.token, user_token, "the Mac user's push token was overwritten");
    let list = admin.commands(&mac.id, Some(&user)).await;
    assert_eq!(list.iter().map(|c| (c.state.as_str(), c.results.len())).collect::<Vec<_>>(), [("queued", 0), ("queued", 0)]);
    assert_eq!(mac.idle(Chan::User).await.map(|e| e.command_uuid), Some(first));
}

#[tokio::test]
async fn identifiers_that_cannot_name_a_channel_are_refused() {
    let server = TestServer::start().await;
    for bad in ["A\tB", "A\u{7f}B", "A\nB"] {
        let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
        dev.id = bad.to_string();
        let reply = dev.authenticate().await;
        assert_eq!(reply.status, 400, "UDID {bad:?}");
        assert!(reply.json()["error"].as_str().is_some_and(|e| e.contains("control")), "{:?}", reply.json());
    }
    let mut mac = SimDevice::new(Kind::Mac, 1, server.addr);
    assert_eq!(mac.authenticate().await.status, 200);
    assert_eq!(mac.token_update(Chan::Device).await.status, 200);
    // An empty UserID is no user channel `A/` (nor the device channel).
    mac.user = Some(String::new());
    let reply = mac.token_update(Chan::User).await;
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"].as_str().is_some_and(|e| e.contains("UserID")), "{:?}", reply.json());
    mac.user = Some("U\u{1b}".into());
    assert_eq!(mac.token_update(Chan::User).await.status, 400);
    let view = server.admin().device(&mac.id).await.json();
    assert_eq!(view["channels"], serde_json::json!([{"user": null}]), "{view}");
    // The admin API names channels the same way.
    let mut admin = server.admin();
    assert_eq!(admin.enqueue(&mac.id, Some(""), serde_json::json!({"RequestType": "ProfileList"})).await.status, 400);
    assert_eq!(admin.enqueue("A%09B", None, serde_json::json!({"RequestType": "ProfileList"})).await.status, 400);
}
