//! The command queue of each channel and the results devices sent.
//!
//! A command is `queued`, then `sent` when a connect answer carries it; a result makes it
//! `done`, or `notnow` (sent again at the device's next `Idle`). Only a command that is `sent`
//! or `notnow` on that channel takes a result, so a result is stored once. `CheckOut` and a new
//! `Authenticate` make every unfinished command of the device `cancelled`: an enrollment never
//! gets what was queued for an earlier one.
//!
//! What is stored per answer is bounded: a `NotNow` keeps its status only (the latest one per
//! command), and an answer's raw body only up to the storage cap (its size always).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{Cached as _, StoreError};
use crate::channel::ChannelId;

/// A result about to be stored.
#[derive(Debug, Clone)]
pub struct NewResult {
    pub uuid: String,
    pub status: String,
    /// The typed body of an acknowledged response, as JSON.
    pub body: Option<String>,
    /// The typed error chain, as JSON.
    pub error_chain: Option<String>,
    /// The response as sent, when it is stored (`None`: a `NotNow`, or over the storage cap).
    pub raw: Option<Vec<u8>>,
    pub raw_size: usize,
    /// Whether the command is finished (`false`: `NotNow`).
    pub done: bool,
}

/// A command of a queue with its results, as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CommandView {
    pub command_uuid: String,
    pub request_type: String,
    pub state: String,
    pub results: Vec<ResultView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ResultView {
    pub status: String,
    pub body: Option<serde_json::Value>,
    pub error_chain: Option<serde_json::Value>,
}

pub fn enqueue(conn: &Connection, channel: &ChannelId, uuid: &str, request_type: &str, envelope: &[u8]) -> Result<(), StoreError> {
    conn.run(
        "INSERT INTO commands (uuid, channel_id, device_id, request_type, envelope, state) VALUES (?1, ?2, ?3, ?4, ?5, 'queued')",
        params![uuid, channel.key(), channel.device, request_type, envelope],
    )?;
    Ok(())
}

/// Cancels every command of `device`'s channels that has no final result (its enrollment ended).
pub fn cancel_device(conn: &Connection, device: &str) -> Result<usize, StoreError> {
    Ok(conn.run("UPDATE commands SET state = 'cancelled' WHERE device_id = ?1 AND state IN ('queued', 'sent', 'notnow')", [device])?)
}

/// The `RequestType` of the command `uuid` if it awaits a result from `channel`.
pub fn awaited(conn: &Connection, channel: &str, uuid: &str) -> Result<Option<String>, StoreError> {
    let sql = "SELECT request_type FROM commands WHERE uuid = ?1 AND channel_id = ?2 AND state IN ('sent', 'notnow')";
    Ok(conn.row(sql, params![uuid, channel], |r| r.get(0)).optional()?)
}

/// Stores a result and moves its command on; `false` (and nothing stored) when the command does
/// not await a result from `channel` (any more).
pub fn record(conn: &Connection, channel: &str, r: &NewResult) -> Result<bool, StoreError> {
    let state = if r.done { "done" } else { "notnow" };
    let sql = "UPDATE commands SET state = ?3 WHERE uuid = ?1 AND channel_id = ?2 AND state IN ('sent', 'notnow')";
    if conn.run(sql, params![r.uuid, channel, state])? == 0 {
        return Ok(false);
    }
    if !r.done {
        // One NotNow per command is enough to show it was deferred.
        conn.run("DELETE FROM results WHERE command_uuid = ?1 AND status = 'NotNow'", [&r.uuid])?;
    }
    conn.run(
        "INSERT INTO results (command_uuid, status, body, error_chain, raw, raw_size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![r.uuid, r.status, r.body, r.error_chain, r.raw, r.raw_size as i64],
    )?;
    Ok(true)
}

/// The next command for `channel` (oldest first), marked `sent`: one queued or sent earlier
/// without an answer, and after an `Idle` one answered `NotNow` too.
pub fn next(conn: &Connection, channel: &str, after_idle: bool) -> Result<Option<Vec<u8>>, StoreError> {
    let states = if after_idle { "('queued', 'sent', 'notnow')" } else { "('queued', 'sent')" };
    let sql = format!("SELECT seq, envelope FROM commands WHERE channel_id = ?1 AND state IN {states} ORDER BY seq LIMIT 1");
    let Some((seq, envelope)) = conn.row(&sql, [channel], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?))).optional()? else {
        return Ok(None);
    };
    conn.run("UPDATE commands SET state = 'sent' WHERE seq = ?1", [seq])?;
    Ok(Some(envelope))
}

/// Every command of `channel`, oldest first, with its results in the order they came.
pub fn list(conn: &Connection, channel: &str) -> Result<Vec<CommandView>, StoreError> {
    let mut commands = conn.prepare_cached("SELECT uuid, request_type, state FROM commands WHERE channel_id = ?1 ORDER BY seq")?;
    let mut results = conn.prepare_cached("SELECT status, body, error_chain FROM results WHERE command_uuid = ?1 ORDER BY id")?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let mut out = Vec::new();
    for row in commands.query_map([channel], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
        let (command_uuid, request_type, state) = row?;
        let rows = results.query_map([&command_uuid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let results =
            rows.map(|r| r.map(|(status, body, chain)| ResultView { status, body: json(body), error_chain: json(chain) })).collect::<Result<_, _>>()?;
        out.push(CommandView { command_uuid, request_type, state, results });
    }
    Ok(out)
}
