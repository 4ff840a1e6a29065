//! A small HTTP/1.1 client over a plain TCP stream, for loopback only: the tests' requests to
//! `dm serve` and to chromedriver (one request per connection, `Connection: close`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A response: status and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("status {}: body is not JSON ({e}): {}", self.status, String::from_utf8_lossy(&self.body)))
    }
}

/// Decodes a chunked body.
fn unchunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").ok_or("chunk size line")?;
        let size_text = std::str::from_utf8(&body[..end]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).map_err(|e| format!("chunk size `{size_text}`: {e}"))?;
        body = &body[end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..size).ok_or("short chunk")?);
        body = body.get(size + 2..).ok_or("chunk end")?;
    }
}

/// Sends one request to `host:port` (`addr`) and reads the whole answer.
pub fn request(addr: &str, method: &str, path: &str, body: Option<&[u8]>) -> Result<Response, String> {
    let body = body.unwrap_or(&[]);
    let head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
    exchange(addr, head.as_bytes(), body)
}

/// Sends `head` and `body` as they are, and reads the answer.
pub fn exchange(addr: &str, head: &[u8], body: &[u8]) -> Result<Response, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect to {addr}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
    stream.write_all(head).and_then(|()| stream.write_all(body)).map_err(|e| format!("send to {addr}: {e}"))?;
    // Read the head, then exactly the body it announces: a server may keep the connection open.
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).map_err(|e| format!("read from {addr}: {e}"))?;
        if n == 0 {
            return Err(format!("{addr} closed the connection before the end of the head"));
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("status line of `{head}`"))?;
    let header = |name: &str| head.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()));
    let mut rest = raw[split + 4..].to_vec();
    let length = header("content-length:").and_then(|v| v.parse::<usize>().ok());
    let chunked = header("transfer-encoding:").is_some_and(|v| v.contains("chunked"));
    loop {
        let complete = match length {
            Some(n) => rest.len() >= n,
            None if chunked => rest.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| format!("read from {addr}: {e}"))?;
        if n == 0 {
            break;
        }
        rest.extend_from_slice(&buf[..n]);
    }
    let body = match length {
        Some(n) => rest.get(..n).ok_or_else(|| format!("{addr} sent {} of {n} bytes", rest.len()))?.to_vec(),
        None if chunked => unchunk(&rest)?,
        None => rest,
    };
    Ok(Response { status, body })
}

/// Standard base64 with padding (the crate's own encoder).
pub use apple_device_management::runtime::base64_encode as base64;
