//! Benchmark of the connect endpoint: simulated devices on loopback each drain a queue of
//! commands (every answer `Acknowledged` with a typed body, every reply the next command), at
//! several concurrencies; prints requests per second and latency percentiles per row.
//! Client and server share this process and the machine's cores.
//!
//! `cargo bench -p mdm-server --bench connect`

#[path = "../tests/it/sim/mod.rs"]
mod sim;

use std::sync::Arc;
use std::time::{Duration, Instant};

use mdm_server::push::{Push, PushTarget};
use mdm_server::{serve, Config};
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

/// An enrolled device with `COMMANDS` commands queued for it (not timed).
async fn setup(addr: std::net::SocketAddr, n: u32) -> SimDevice {
    let mut dev = SimDevice::new(Kind::IPhone, n, addr);
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

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = Config::new(dir.path().join("bench.sqlite"), "127.0.0.1:0".parse().expect("an address"), sim::ADMIN_TOKEN);
    let server = serve(&config, Arc::new(NoPush)).await.expect("the server starts");
    let addr = server.addr;
    println!("connect endpoint: each device drains {COMMANDS} queued commands (Idle, then Acknowledged + next command); SQLite WAL, synchronous=FULL");
    println!("| devices at once | requests | seconds | requests/s | p50 ms | p99 ms | max ms |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut next_id = 0;
    for devices in ROWS {
        let mut all = Vec::new();
        let mut busy = Duration::ZERO;
        for _ in 0..REPEAT {
            let mut ready = tokio::task::JoinSet::new();
            for _ in 0..devices {
                next_id += 1;
                ready.spawn(setup(addr, next_id));
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
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let rate = all.len() as f64 / busy.as_secs_f64();
        println!(
            "| {devices} | {} | {:.2} | {rate:.0} | {:.2} | {:.2} | {:.2} |",
            all.len(),
            busy.as_secs_f64(),
            ms(percentile(&all, 0.50)),
            ms(percentile(&all, 0.99)),
            ms(percentile(&all, 1.0))
        );
    }
    server.stop().await.expect("the server stops");
}
