//! Waking a device: APNs behind a trait. The example logs; a production deployment plugs in an
//! HTTP/2 APNs client authenticated with the MDM push certificate whose topic devices send in
//! `Authenticate` / `TokenUpdate` (`{"mdm": PushMagic}` to `api.push.apple.com`, one request per
//! device token).

use crate::channel::ChannelId;

/// Where to push: a channel's `Topic`, `Token` and `PushMagic` from its last `TokenUpdate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    pub channel: ChannelId,
    pub topic: String,
    pub token: Vec<u8>,
    pub push_magic: String,
}

/// Sends the MDM wake-up push to a channel. Called after a command is queued or a declaration
/// added; must not block (queue the send and return).
pub trait Push: Send + Sync {
    fn notify(&self, target: &PushTarget);
}

/// Logs each push to standard error instead of sending it.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogPush;

impl Push for LogPush {
    fn notify(&self, target: &PushTarget) {
        let token: String = target.token.iter().map(|b| format!("{b:02x}")).collect();
        eprintln!("push: channel {} topic {} token {token} magic {}", target.channel, target.topic, target.push_magic);
    }
}
