//! A small HTTP/1.1 client over one keep-alive loopback connection (hyper's), reconnecting when
//! the server closed it.

use std::net::SocketAddr;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

/// A status code and body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("reply {} is not JSON ({e}): {}", self.status, String::from_utf8_lossy(&self.body)))
    }
}

pub struct Http {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Http {
    pub fn new(addr: SocketAddr) -> Http {
        Http { addr, sender: None }
    }

    async fn sender(&mut self) -> &mut SendRequest<Full<Bytes>> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            let stream = tokio::net::TcpStream::connect(self.addr).await.expect("connect to the server");
            let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("HTTP handshake");
            tokio::spawn(conn);
            self.sender = Some(sender);
        }
        self.sender.as_mut().expect("a sender was just made")
    }

    pub async fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = hyper::Request::builder().method(method).uri(path).header("host", "localhost");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let request = request.body(Full::new(Bytes::from(body))).expect("a valid request");
        let sender = self.sender().await;
        sender.ready().await.expect("connection ready");
        let response = sender.send_request(request).await.expect("a response");
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let body = response.into_body().collect().await.expect("the body").to_bytes().to_vec();
        Reply { status, body, content_type }
    }
}
