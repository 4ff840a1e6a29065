//! What a device cannot make the server keep or hold: stored answers and status reports are
//! bounded however large and many they come; a request that stops midway (headers or body) is
//! closed after the read timeout; connections beyond the cap wait for a free slot.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::sim;

use apple_device_management::runtime::Dictionary;
use sim::{Chan, Http, Kind, SimDevice, TestServer};

/// Bytes the database's pages hold (pages in use, WAL included), read on a connection of its own.
fn stored_bytes(server: &TestServer) -> i64 {
    let conn = rusqlite::Connection::open(server.dir.path().join("dm.sqlite")).expect("the database opens");
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0)).expect("a pragma");
    (pragma("page_count") - pragma("freelist_count")) * pragma("page_size")
}

fn xml(d: &Dictionary) -> String {
    let mut body = Vec::new();
    plist::to_writer_xml(&mut body, d).expect("a dictionary encodes");
    String::from_utf8(body).expect("XML")
}

#[tokio::test]
async fn large_not_now_answers_and_status_reports_are_not_kept_in_full() {
    let server = TestServer::start().await;
    let mut admin = server.admin();
    let mut dev = SimDevice::new(Kind::IPhone, 1, server.addr);
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    let before = stored_bytes(&server);
    let uuid = admin.enqueue_ok(&dev.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    let padding = "x".repeat(900_000);
    for _ in 0..20 {
        assert_eq!(dev.idle(Chan::Device).await.map(|e| e.command_uuid), Some(uuid.clone()));
        let mut not_now = Dictionary::new();
        not_now.insert("UDID".into(), dev.id.clone().into());
        not_now.insert("CommandUUID".into(), uuid.clone().into());
        not_now.insert("Status".into(), "NotNow".into());
        not_now.insert("Padding".into(), padding.clone().into());
        let reply = dev.connect_raw(xml(&not_now)).await;
        assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    }
    let mut report: serde_json::Value = serde_json::from_slice(sim::STATUS_IPHONE).expect("JSON");
    for i in 0..20 {
        report["StatusItems"][format!("padding-{i}")] = serde_json::json!({"blob": "y".repeat(600_000)});
        let reply = dev.ddm(Chan::Device, "status", Some(report.to_string().as_bytes())).await;
        assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
        report["StatusItems"].as_object_mut().expect("items").remove(&format!("padding-{i}"));
    }
    let grown = stored_bytes(&server) - before;
    assert!(grown < 2_000_000, "30 MB sent grew the database by {grown} bytes");
    // What matters is still there: the NotNow answers (one kept), the last status values.
    let list = admin.commands(&dev.id, None).await;
    assert_eq!((list[0].state.as_str(), list[0].results.iter().map(|r| r.status.as_str()).collect::<Vec<_>>()), ("notnow", vec!["NotNow"]));
    let status = admin.status(&dev.id, None).await;
    assert_eq!(status["reports"], 20);
    let items = status["items"].as_array().expect("items");
    assert!(items.iter().any(|i| i["item"] == "passcode.is-compliant" && i["value"] == true), "{status}");
}

/// Waits (at most `bound`) until the server closes `stream`: what it sent before, or `None`
/// when it kept the connection open.
async fn closed_within(stream: &mut TcpStream, bound: Duration) -> Option<Vec<u8>> {
    let mut sent = Vec::new();
    let read_to_end = async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => sent.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(bound, read_to_end).await.ok().map(|()| sent)
}

#[tokio::test]
async fn a_request_that_stops_midway_is_closed_after_the_read_timeout() {
    let server = TestServer::start_with(|c| {
        c.header_timeout_ms = 300;
        c.body_timeout_ms = 300;
    })
    .await;
    let mut headers = TcpStream::connect(server.addr).await.expect("connect");
    headers.write_all(b"PUT /mdm/checkin HTTP/1.1\r\nHost: localhost\r\nContent-Le").await.expect("write");
    let mut body = TcpStream::connect(server.addr).await.expect("connect");
    body.write_all(b"PUT /mdm/checkin HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789").await.expect("write");
    let mut silent = TcpStream::connect(server.addr).await.expect("connect");
    let bound = Duration::from_secs(5);
    assert!(closed_within(&mut headers, bound).await.is_some(), "partial headers kept open");
    let answer = closed_within(&mut body, bound).await.expect("a partial body kept open");
    assert!(answer.starts_with(b"HTTP/1.1 408"), "{}", String::from_utf8_lossy(&answer));
    assert!(closed_within(&mut silent, bound).await.is_some(), "a connection that sent nothing kept open");
    // The server still answers.
    assert_eq!(Http::new(server.addr).send("GET", "/admin/devices/X", &[], Vec::new()).await.status, 401);
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let server = TestServer::start_with(|c| c.max_connections = 1).await;
    let mut holder = TcpStream::connect(server.addr).await.expect("connect");
    holder.write_all(b"GET /admin/devices/X HTTP/1.1\r\nHost: localhost\r\n").await.expect("write");
    let mut waiting = TcpStream::connect(server.addr).await.expect("connect");
    waiting.write_all(b"GET /admin/devices/X HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.expect("write");
    let mut answer = Vec::new();
    let early = tokio::time::timeout(Duration::from_millis(300), waiting.read_to_end(&mut answer)).await;
    assert!(early.is_err(), "answered while the only slot was held: {}", String::from_utf8_lossy(&answer));
    drop(holder);
    let late = tokio::time::timeout(Duration::from_secs(5), waiting.read_to_end(&mut answer)).await;
    assert!(late.is_ok_and(|r| r.is_ok()), "not answered once the slot was free");
    assert!(answer.starts_with(b"HTTP/1.1 401"), "{}", String::from_utf8_lossy(&answer));
}
