//! `dm serve`: the binary started on a free loopback port as an admin starts it, its JSON API
//! compared with `dm validate --format json` (`api.rs`), and its page driven in headless
//! Chromium through chromedriver (`webdriver.rs`, `browser.rs`).

mod api;
mod browser;
mod http;
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::fixtures;

/// A running `dm serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The server's own empty `TMPDIR`.
    tmp: PathBuf,
}

/// Numbers the servers' temporary folders.
static STARTED: AtomicUsize = AtomicUsize::new(0);

impl Server {
    /// Starts `dm serve --listen 127.0.0.1:0` with an empty `TMPDIR` of its own, and reads the
    /// address it bound from its first line of output.
    pub fn start() -> Server {
        let exe = Path::new(env!("CARGO_BIN_EXE_dm"));
        let target = exe.parent().and_then(Path::parent).unwrap_or(Path::new("."));
        let tmp = target.join("dm-serve-tmp").join(format!("{}-{}", std::process::id(), STARTED.fetch_add(1, Ordering::Relaxed)));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).expect("a TMPDIR for dm serve");
        let mut child = Command::new(exe)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("TMPDIR", &tmp)
            .current_dir(fixtures())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start dm serve");
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line).expect("read dm serve's first line");
        }
        let addr = line.trim().strip_prefix("dm serve: listening on http://").and_then(|a| a.strip_suffix('/')).map(str::to_string);
        match addr {
            Some(addr) => Server { child, addr, tmp },
            None => {
                let _ = child.kill();
                panic!("dm serve did not print its address: `{line}`")
            }
        }
    }

    /// What the server left in its `TMPDIR` (nothing: it keeps no file).
    pub fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.tmp).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn get(&self, path: &str) -> http::Response {
        http::request(&self.addr, "GET", path, None).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> http::Response {
        self.post_bytes(path, body.to_string().as_bytes())
    }

    pub fn post_bytes(&self, path: &str, body: &[u8]) -> http::Response {
        http::request(&self.addr, "POST", path, Some(body)).unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}
