//! Just enough of the W3C WebDriver protocol to drive headless Chromium through chromedriver:
//! a session, navigation, elements (find, click, type, read), scripts and screenshots, over
//! [`super::http`]. Waits are bounded: [`Browser::wait`] tries for a fixed number of times.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use super::http;

/// The key W3C WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How many times [`Browser::wait`] looks (every 100 ms: 30 s at most, for a loaded machine).
const TRIES: u32 = 300;

/// A program on `PATH`.
fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Element {
    /// The element as a script's argument.
    pub fn arg(&self) -> Value {
        json!({ ELEMENT: self.0 })
    }
}

/// A chromedriver and one headless Chromium session, both ended when dropped.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session. Fails with what to
    /// install when either is missing.
    pub fn start() -> Result<Browser, String> {
        let missing =
            "the dm serve browser tests need headless Chromium and its driver: `apt-get install -y chromium chromium-driver` (Debian; .ci/run installs them)";
        let chromium = which(&["chromium", "chromium-browser", "google-chrome"]).ok_or_else(|| format!("no chromium on PATH: {missing}"))?;
        let chromedriver = which(&["chromedriver"]).ok_or_else(|| format!("no chromedriver on PATH: {missing}"))?;
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let mut browser = Browser { driver, addr: format!("127.0.0.1:{port}"), session: String::new() };
        let mut ready = false;
        for _ in 0..TRIES {
            if http::request(&browser.addr, "GET", "/status", None).is_ok_and(|r| r.status == 200) {
                ready = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !ready {
            return Err(format!("chromedriver did not answer on {}", browser.addr));
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000", "--hide-scrollbars"]
            }
        } } });
        let created = browser.call("POST", "/session", capabilities)?;
        browser.session = created["sessionId"].as_str().ok_or_else(|| format!("no session id in {created}"))?.to_string();
        Ok(browser)
    }

    /// One command: its `value`, or the driver's error.
    fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let body = body.to_string();
        let response = http::request(&self.addr, method, path, (method == "POST").then_some(body.as_bytes()))?;
        let v: Value = serde_json::from_slice(&response.body).map_err(|e| format!("{method} {path}: {e}"))?;
        if response.status != 200 {
            return Err(format!("{method} {path}: {} {}", v["value"]["error"], v["value"]["message"]));
        }
        Ok(v["value"].clone())
    }

    fn session_call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.session_call("POST", "/url", json!({ "url": url })).map(drop)
    }

    /// Every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let v = self.session_call("POST", "/elements", json!({ "using": "css selector", "value": css }))?;
        Ok(v.as_array().into_iter().flatten().filter_map(|e| e[ELEMENT].as_str()).map(|id| Element(id.to_string())).collect())
    }

    /// The first element matching a CSS selector, waiting for it to appear.
    pub fn find(&self, css: &str) -> Result<Element, String> {
        self.wait(&format!("an element `{css}`"), || Ok(self.find_all(css)?.into_iter().next()))
    }

    pub fn click(&self, e: &Element) -> Result<(), String> {
        self.session_call("POST", &format!("/element/{}/click", e.0), json!({})).map(drop)
    }

    pub fn type_text(&self, e: &Element, text: &str) -> Result<(), String> {
        self.session_call("POST", &format!("/element/{}/value", e.0), json!({ "text": text })).map(drop)
    }

    /// The element's rendered text.
    pub fn text(&self, e: &Element) -> Result<String, String> {
        Ok(self.session_call("GET", &format!("/element/{}/text", e.0), Value::Null)?.as_str().unwrap_or_default().to_string())
    }

    /// Runs a script (`arguments[i]` are `args`) and returns what it returns.
    pub fn script(&self, script: &str, args: Value) -> Result<Value, String> {
        self.session_call("POST", "/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Runs a script that calls its last argument with its result.
    pub fn script_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.session_call("POST", "/execute/async", json!({ "script": script, "args": args }))
    }

    /// Looks for something every 100 ms, [`TRIES`] times at most.
    pub fn wait<T>(&self, what: &str, mut look: impl FnMut() -> Result<Option<T>, String>) -> Result<T, String> {
        let mut last = String::new();
        for _ in 0..TRIES {
            match look() {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("waited for {what} in vain{}", if last.is_empty() { String::new() } else { format!(" ({last})") }))
    }

    /// Resizes the window.
    pub fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.session_call("POST", "/window/rect", json!({ "width": width, "height": height })).map(drop)
    }

    /// A PNG of the window, written to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        let v = self.session_call("GET", "/screenshot", Value::Null)?;
        let png = decode_base64(v.as_str().ok_or("no screenshot data")?)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http::request(&self.addr, "DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The screenshots' base64 (the crate's own decoder).
fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    apple_device_management::runtime::base64_decode(text).ok_or_else(|| "bad base64 in a screenshot".to_string())
}
