//! `dm serve`: the binary started on a free loopback port as an admin starts it, its JSON API
//! compared with `dm validate --format json` (`api.rs`), and its page driven in headless
//! Chromium through chromedriver (`webdriver.rs`, `browser.rs`).

mod api;
mod browser;
mod http;
mod webdriver;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::fixtures;

/// A running `dm serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Server {
    /// Starts `dm serve --listen 127.0.0.1:0` and reads the address it bound from its first
    /// line of output.
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dm"))
            .args(["serve", "--listen", "127.0.0.1:0"])
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
            Some(addr) => Server { child, addr },
            None => {
                let _ = child.kill();
                panic!("dm serve did not print its address: `{line}`")
            }
        }
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
    }
}
