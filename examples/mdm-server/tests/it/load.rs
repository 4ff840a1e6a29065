//! Load: many simulated devices on loopback, each doing check-in / connect rounds at the same
//! time, with a command queued for it before every round. Bounded in size (the constants) and
//! time (the deadline); at the end every command has exactly one result: none lost, none
//! duplicated, even when a device sends its answer twice. The server checks device identities:
//! every request is signed (`Mdm-Signature`) with the device's own certificate, made before
//! the devices start (OpenSSL, not timed).

use crate::sim;

use std::time::{Duration, Instant};

use sim::{Admin, Chan, Http, Kind, SimDevice, TestServer};

const DEVICES: u32 = 200;
const ROUNDS: u32 = 20;
/// Every how many rounds a device sends its answer again (as after a lost reply).
const RESEND_EVERY: u32 = 5;
const DEADLINE: Duration = Duration::from_secs(120);

/// Half iPhones, half Macs.
fn kind(n: u32) -> Kind {
    if n.is_multiple_of(2) {
        Kind::IPhone
    } else {
        Kind::Mac
    }
}

/// One device's rounds; the `CommandUUID`s it acknowledged, in order.
async fn rounds(addr: std::net::SocketAddr, mut dev: SimDevice) -> Vec<String> {
    let mut admin = Admin { http: Http::new(addr) };
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    let mut acknowledged = Vec::new();
    let template = sim::from_template("", "ProfileList", sim::ACK_PROFILE_LIST);
    let ack = |uuid: &str| {
        let mut response = template.clone();
        response.command_uuid = Some(uuid.to_string());
        response
    };
    for round in 0..ROUNDS {
        let uuid = admin.enqueue_ok(&dev.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
        assert_eq!(dev.ddm(Chan::Device, "tokens", None).await.status, 200);
        let got = dev.idle(Chan::Device).await.expect("the queued command");
        assert_eq!(got.command_uuid, uuid);
        assert!(dev.connect(Chan::Device, ack(&uuid)).await.is_none());
        if round % RESEND_EVERY == RESEND_EVERY - 1 {
            let again = dev.send_response(Chan::Device, ack(&uuid)).await;
            assert_eq!(again.status, 409, "a second answer is refused");
        }
        acknowledged.push(uuid);
    }
    acknowledged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_devices_lose_and_duplicate_no_result() {
    let server = TestServer::start().await;
    assert!(server.config.identity.device_ca.is_some(), "signatures are checked");
    let addr = server.addr;
    // Each device's identity is made first: OpenSSL blocks the thread it runs on.
    let devices: Vec<SimDevice> = (0..DEVICES).map(|n| SimDevice::new(kind(n), n, addr)).collect();
    assert!(devices.iter().all(|d| d.identity.is_some()));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (n, dev) in (0..DEVICES).zip(devices) {
        tasks.spawn(async move { (n, rounds(addr, dev).await) });
    }
    let mut done = Vec::new();
    let all = async {
        while let Some(joined) = tasks.join_next().await {
            done.push(joined.expect("a device task panicked"));
        }
    };
    tokio::time::timeout(DEADLINE, all).await.expect("the load test finishes before its deadline");
    eprintln!("load: {DEVICES} devices x {ROUNDS} rounds in {:.1} s", started.elapsed().as_secs_f64());

    let mut admin = server.admin();
    let mut results = 0;
    done.sort();
    for (n, acknowledged) in &done {
        let id = SimDevice::new(kind(*n), *n, server.addr).id;
        let list = admin.commands(&id, None).await;
        let uuids: Vec<&String> = list.iter().map(|c| &c.command_uuid).collect();
        assert_eq!(uuids, acknowledged.iter().collect::<Vec<_>>(), "device {n}: every command, in order");
        for c in &list {
            assert_eq!((c.state.as_str(), c.results.len()), ("done", 1), "device {n}: {}", c.command_uuid);
            assert_eq!(c.results[0].status, "Acknowledged");
            assert!(c.results[0].body.as_ref().is_some_and(|b| b["ProfileList"].is_array()));
        }
        results += list.len();
    }
    assert_eq!((done.len(), results), (DEVICES as usize, (DEVICES * ROUNDS) as usize));
}
