//! Devices and their channels: enrollment, push tokens, bootstrap token, what the device told.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{Cached as _, StoreError};
use crate::channel::ChannelId;
use crate::device::DeviceFacts;
use crate::push::PushTarget;

/// A channel's push details and user, from its last `TokenUpdate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelToken {
    pub topic: String,
    pub token: Vec<u8>,
    pub push_magic: String,
    pub unlock_token: Option<Vec<u8>>,
    pub user_short_name: Option<String>,
    pub user_long_name: Option<String>,
}

fn facts(row: &Row<'_>) -> rusqlite::Result<DeviceFacts> {
    Ok(DeviceFacts {
        id: row.get(0)?,
        user_enrollment: row.get(1)?,
        topic: row.get(2)?,
        product_name: row.get(3)?,
        os_version: row.get(4)?,
        serial_number: row.get(5)?,
        supervised: row.get(6)?,
        shared_ipad: row.get(7)?,
        automated: row.get(8)?,
        enrolled: row.get(9)?,
    })
}

/// A new enrollment (or a re-enrollment): the facts replace what was known, the old channels
/// and their push tokens are dropped, and the old enrollment's unfinished commands cancelled.
pub fn authenticate(conn: &mut Connection, f: &DeviceFacts, raw: &[u8]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.run("DELETE FROM channels WHERE device_id = ?1", [&f.id])?;
    super::queue::cancel_device(&tx, &f.id)?;
    tx.run(
        "INSERT INTO devices (id, user_enrollment, topic, product_name, os_version, serial_number, supervised, shared_ipad, automated, enrolled, authenticate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0, 1, ?7)
         ON CONFLICT (id) DO UPDATE SET user_enrollment = ?2, topic = ?3, product_name = ?4, os_version = ?5, serial_number = ?6,
           supervised = 0, shared_ipad = 0, automated = 0, enrolled = 1, authenticate = ?7, bootstrap_token = NULL",
        params![f.id, f.user_enrollment, f.topic, f.product_name, f.os_version, f.serial_number, raw],
    )?;
    tx.commit()?;
    Ok(())
}

/// Saves what changed in the facts (after `DeviceInformation` or `TokenUpdate`).
pub fn update(conn: &Connection, f: &DeviceFacts) -> Result<(), StoreError> {
    conn.run(
        "UPDATE devices SET product_name = ?2, os_version = ?3, supervised = ?4, shared_ipad = ?5, automated = ?6 WHERE id = ?1",
        params![f.id, f.product_name, f.os_version, f.supervised, f.shared_ipad, f.automated],
    )?;
    Ok(())
}

pub fn device(conn: &Connection, id: &str) -> Result<Option<DeviceFacts>, StoreError> {
    let sql =
        "SELECT id, user_enrollment, topic, product_name, os_version, serial_number, supervised, shared_ipad, automated, enrolled FROM devices WHERE id = ?1";
    Ok(conn.row(sql, [id], facts).optional()?)
}

/// The device of an enrolled device, `None` for one that never authenticated or checked out.
pub fn enrolled(conn: &Connection, id: &str) -> Result<Option<DeviceFacts>, StoreError> {
    Ok(device(conn, id)?.filter(|d| d.enrolled))
}

/// `CheckOut`: the device is no longer enrolled, its channels are dropped and its unfinished
/// commands cancelled.
pub fn check_out(conn: &mut Connection, id: &str) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.run("DELETE FROM channels WHERE device_id = ?1", [id])?;
    super::queue::cancel_device(&tx, id)?;
    tx.run("UPDATE devices SET enrolled = 0, bootstrap_token = NULL WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

/// `TokenUpdate`: creates or refreshes a channel.
pub fn token_update(conn: &Connection, channel: &ChannelId, t: &ChannelToken) -> Result<(), StoreError> {
    conn.run(
        "INSERT INTO channels (id, device_id, user_id, user_short_name, user_long_name, topic, token, push_magic, unlock_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET user_short_name = ?4, user_long_name = ?5, topic = ?6, token = ?7, push_magic = ?8,
           unlock_token = COALESCE(?9, unlock_token)",
        params![channel.key(), channel.device, channel.user, t.user_short_name, t.user_long_name, t.topic, t.token, t.push_magic, t.unlock_token],
    )?;
    Ok(())
}

/// The push details of a channel whose device is enrolled; `None` for any other channel.
pub fn push_target(conn: &Connection, channel: &ChannelId) -> Result<Option<PushTarget>, StoreError> {
    let sql = "SELECT c.topic, c.token, c.push_magic FROM channels c JOIN devices d ON d.id = c.device_id WHERE c.id = ?1 AND d.enrolled = 1";
    let row = |r: &Row<'_>| Ok(PushTarget { channel: channel.clone(), topic: r.get(0)?, token: r.get(1)?, push_magic: r.get(2)? });
    Ok(conn.row(sql, [channel.key()], row).optional()?)
}

/// The users of a device's channels (`None`: the device channel), the device channel first.
pub fn channels(conn: &Connection, device: &str) -> Result<Vec<Option<String>>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT user_id FROM channels WHERE device_id = ?1 ORDER BY user_id IS NOT NULL, user_id")?;
    let rows = stmt.query_map([device], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `SetBootstrapToken`: stores the token (`None` clears it).
pub fn set_bootstrap_token(conn: &Connection, device: &str, token: Option<&[u8]>) -> Result<(), StoreError> {
    conn.run("UPDATE devices SET bootstrap_token = ?2 WHERE id = ?1", params![device, token])?;
    Ok(())
}

/// `GetBootstrapToken`: the stored token, if any.
pub fn bootstrap_token(conn: &Connection, device: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn.row("SELECT bootstrap_token FROM devices WHERE id = ?1", [device], |r| r.get(0)).optional()?.flatten())
}
