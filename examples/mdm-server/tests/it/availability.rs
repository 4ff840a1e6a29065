//! The admin API refuses what a device would refuse, with the crate's findings: ScheduleOSUpdate
//! needs a supervised device and the device channel; the same command for a supervised Mac on
//! macOS 14.2 is queued and delivered.

use crate::sim;

use apple_device_management::commands::AnyCommand;
use sim::{Chan, Kind, SimDevice, TestServer};

fn schedule_os_update() -> serde_json::Value {
    serde_json::json!({"RequestType": "ScheduleOSUpdate", "Updates": [{"InstallAction": "InstallASAP", "ProductVersion": "14.3"}]})
}

fn rules(reply: &sim::Reply) -> Vec<String> {
    let body = reply.json();
    body["findings"]
        .as_array()
        .map(|f| f.iter().filter(|f| f["severity"] == "error").filter_map(|f| f["rule"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

async fn enrolled(server: &TestServer, kind: Kind, chans: &[Chan]) -> SimDevice {
    let mut dev = SimDevice::new(kind, 7, server.addr);
    assert_eq!(dev.authenticate().await.status, 200);
    for chan in chans {
        assert_eq!(dev.token_update(*chan).await.status, 200);
    }
    dev
}

/// Sends `DeviceInformation` and answers it with these facts.
async fn tell(server: &TestServer, dev: &mut SimDevice, version: &str, product: &str, supervised: bool) {
    let uuid = server.admin().enqueue_ok(&dev.id, None, sim::device_information_command()).await;
    assert_eq!(dev.idle(Chan::Device).await.map(|e| e.command_uuid), Some(uuid.clone()));
    assert!(dev.connect(Chan::Device, sim::device_information(&uuid, version, product, supervised)).await.is_none());
}

#[tokio::test]
async fn schedule_os_update_is_refused_for_the_unsupervised_iphone() {
    let server = TestServer::start().await;
    let mut dev = enrolled(&server, Kind::IPhone, &[Chan::Device]).await;
    tell(&server, &mut dev, "17.5.1", "iPhone14,2", false).await;
    let mut admin = server.admin();
    let reply = admin.enqueue(&dev.id, None, schedule_os_update()).await;
    assert_eq!(reply.status, 422);
    assert_eq!(rules(&reply), ["availability.needs-supervision"]);
    assert_eq!(admin.commands(&dev.id, None).await.len(), 1, "only DeviceInformation was queued");
    assert!(dev.idle(Chan::Device).await.is_none());
}

#[tokio::test]
async fn schedule_os_update_is_queued_and_delivered_to_the_supervised_mac() {
    let server = TestServer::start().await;
    let mut dev = enrolled(&server, Kind::Mac, &[Chan::Device, Chan::User]).await;
    let mut admin = server.admin();
    // Before the Mac said it is supervised, the server does not assume it.
    let reply = admin.enqueue(&dev.id, None, schedule_os_update()).await;
    assert_eq!((reply.status, rules(&reply)), (422, vec!["availability.needs-supervision".to_string()]));

    tell(&server, &mut dev, "14.2", "Mac14,9", true).await;
    assert_eq!(admin.device(&dev.id).await.json()["device"]["supervised"], true);
    let uuid = admin.enqueue_ok(&dev.id, None, schedule_os_update()).await;
    let delivered = dev.idle(Chan::Device).await.expect("the update command");
    assert_eq!(delivered.command_uuid, uuid);
    match &delivered.command {
        AnyCommand::ScheduleOSUpdate(c) => assert_eq!(c.updates[0].product_version.as_deref(), Some("14.3")),
        other => panic!("expected ScheduleOSUpdate, got {other:?}"),
    }
    // Not on the user channel, whatever the device.
    let reply = admin.enqueue(&dev.id, dev.user(), schedule_os_update()).await;
    assert_eq!(reply.status, 422);
    assert!(rules(&reply).contains(&"availability.wrong-channel".to_string()), "{:?}", rules(&reply));
}

#[tokio::test]
async fn a_command_that_fails_validation_is_refused_with_its_findings() {
    let server = TestServer::start().await;
    let dev = enrolled(&server, Kind::IPhone, &[Chan::Device]).await;
    let mut admin = server.admin();
    let bad = serde_json::json!({"RequestType": "DeviceInformation", "Queries": "OSVersion"});
    let reply = admin.enqueue(&dev.id, None, bad).await;
    assert_eq!(reply.status, 422);
    let body = reply.json();
    let finding = &body["findings"][0];
    assert_eq!((finding["rule"].as_str(), finding["path"].as_str()), (Some("type"), Some("Queries")));
    let unknown = admin.enqueue(&dev.id, None, serde_json::json!({"RequestType": "MakeCoffee"})).await;
    assert_eq!((unknown.status, rules(&unknown)), (422, vec!["unknown-schema".to_string()]));
    assert!(admin.commands(&dev.id, None).await.is_empty());
}

#[tokio::test]
async fn a_command_with_data_is_given_as_base64_json() {
    let server = TestServer::start().await;
    let dev = enrolled(&server, Kind::IPhone, &[Chan::Device]).await;
    let mut admin = server.admin();
    let not_base64 = serde_json::json!({"RequestType": "InstallProfile", "Payload": "not base64!"});
    let reply = admin.enqueue(&dev.id, None, not_base64).await;
    assert_eq!((reply.status, rules(&reply)), (422, vec!["type".to_string()]));
    let json = serde_json::json!({"RequestType": "InstallProfile", "Payload": "PD94bWwgdmVyc2lvbj0iMS4wIj8+"});
    let reply = admin.enqueue(&dev.id, None, json).await;
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.body));
    let mut dev = dev;
    match dev.idle(Chan::Device).await.map(|e| e.command) {
        Some(AnyCommand::InstallProfile(c)) => assert_eq!(c.payload.0, b"<?xml version=\"1.0\"?>"),
        other => panic!("expected InstallProfile, got {other:?}"),
    }
}
