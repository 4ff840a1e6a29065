//! Benchmark of the connect endpoint: simulated devices on loopback each drain a queue of
//! commands (every answer `Acknowledged` with a typed body, every reply the next command), at
//! several concurrencies; prints requests per second and latency percentiles per row, for a
//! server that checks device identities (`--device-ca`: every request's `Mdm-Signature`
//! verified against the CA and the certificate bound at `Authenticate`) and one that does not,
//! in the same run, row by row, with the load average (`/proc/loadavg`) at each row's start.
//! The devices sign every request in both (the client's cost is the same); the difference is
//! the server's verification. Client and server share this process and the machine's cores.
//!
//! `cargo bench -p mdm-server --bench connect`

#[path = "../tests/it/sim/mod.rs"]
mod sim;

use std::sync::Arc;
use std::time::{Duration, Instant};

use mdm_server::push::{Push, PushTarget};
use mdm_server::{serve, Running};
use sim::{Admin, Chan, Http, Kind, SimDevice};

/// Commands queued per device before the timed part.
const COMMANDS: u32 = 20;
/// Concurrent devices per row.
const ROWS: [u32; 3] = [1, 10, 50];
/// Rounds of the whole row (more samples for the percentiles).
const REPEAT: u32 = 3;

struct NoPush;
impl Push for NoPush {
    fn notify(&self, _: &PushTarget) {}
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// The 1-minute load average, as `/proc/loadavg` says (`?` where there is none).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_string)).unwrap_or_else(|| "?".into())
}

/// An enrolled device with `COMMANDS` commands queued for it (not timed).
async fn setup(mut dev: SimDevice, addr: std::net::SocketAddr) -> SimDevice {
    let mut admin = Admin { http: Http::new(addr) };
    assert_eq!(dev.authenticate().await.status, 200);
    assert_eq!(dev.token_update(Chan::Device).await.status, 200);
    for _ in 0..COMMANDS {
        admin.enqueue_ok(&dev.id, None, serde_json::json!({"RequestType": "ProfileList"})).await;
    }
    dev
}

/// The timed part: `Idle`, then each command acknowledged until the queue is empty; the time
/// of each connect request.
async fn drain(mut dev: SimDevice) -> Vec<Duration> {
    let template = sim::from_template("", "ProfileList", sim::ACK_PROFILE_LIST);
    let mut times = Vec::with_capacity(COMMANDS as usize + 1);
    let t = Instant::now();
    let mut next = dev.idle(Chan::Device).await;
    times.push(t.elapsed());
    while let Some(command) = next {
        let mut ack = template.clone();
        ack.command_uuid = Some(command.command_uuid);
        let t = Instant::now();
        next = dev.connect(Chan::Device, ack).await;
        times.push(t.elapsed());
    }
    assert_eq!(times.len(), COMMANDS as usize + 1, "every queued command came");
    times
}

/// A server on a fresh database in `dir`; checking device identities when `checked`.
async fn start(dir: &std::path::Path, checked: bool) -> Running {
    let name = if checked { "checked.sqlite" } else { "unchecked.sqlite" };
    let mut config = sim::test_config(dir.join(name), "127.0.0.1:0".parse().expect("an address"));
    if !checked {
        config.identity.device_ca = None;
    }
    serve(&config, Arc::new(NoPush)).await.expect("the server starts")
}

/// One row for one server: `REPEAT` times, `devices` devices (ids from `first`) set up, then
/// timed draining their queues at once. The requests, seconds busy, and each request's time.
async fn row(addr: std::net::SocketAddr, devices: u32, first: u32) -> (usize, Duration, Vec<Duration>) {
    let mut all = Vec::new();
    let mut busy = Duration::ZERO;
    for r in 0..REPEAT {
        // Identities first (OpenSSL, on first use of an id): it blocks the thread it runs on.
        let devs: Vec<SimDevice> = (0..devices).map(|i| SimDevice::new(Kind::IPhone, first + r * devices + i, addr)).collect();
        let mut ready = tokio::task::JoinSet::new();
        for dev in devs {
            ready.spawn(setup(dev, addr));
        }
        let mut set = Vec::new();
        while let Some(joined) = ready.join_next().await {
            set.push(joined.expect("a device set up"));
        }
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for dev in set {
            tasks.spawn(drain(dev));
        }
        while let Some(joined) = tasks.join_next().await {
            all.extend(joined.expect("a device task panicked"));
        }
        busy += started.elapsed();
    }
    all.sort();
    (all.len(), busy, all)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let checked = start(dir.path(), true).await;
    let unchecked = start(dir.path(), false).await;
    println!("connect endpoint: each device drains {COMMANDS} queued commands (Idle, then Acknowledged + next command); SQLite WAL, synchronous=FULL;");
    println!("every request signed (Mdm-Signature, P-256 device identity); the server verifies it (CA chain, body digest, bound certificate) or not");
    println!("| devices at once | signatures checked | requests | seconds | requests/s | p50 ms | p99 ms | max ms | load average |");
    println!("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut first = 1;
    for devices in ROWS {
        for (label, server) in [("no", &unchecked), ("yes", &checked)] {
            let load = load_average();
            // The same device ids (and identities) for both servers: separate databases.
            let (requests, busy, all) = row(server.addr, devices, first).await;
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let rate = requests as f64 / busy.as_secs_f64();
            println!(
                "| {devices} | {label} | {requests} | {:.2} | {rate:.0} | {:.2} | {:.2} | {:.2} | {load} |",
                busy.as_secs_f64(),
                ms(percentile(&all, 0.50)),
                ms(percentile(&all, 0.99)),
                ms(percentile(&all, 1.0))
            );
        }
        first += devices * REPEAT;
    }
    println!("load average at the end: {}", load_average());
    checked.stop().await.expect("the server stops");
    unchecked.stop().await.expect("the server stops");
}
