//! Declarations per channel (authored form and server token) and the DDM status each channel
//! reported.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{Cached as _, StoreError};

/// A stored declaration's manifest entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclarationRow {
    pub identifier: String,
    pub declaration_type: String,
    pub server_token: String,
}

/// Adds or replaces a declaration (authored JSON) with its token.
pub fn put(conn: &Connection, channel: &str, row: &DeclarationRow, json: &str, now: &str) -> Result<(), StoreError> {
    conn.run(
        "INSERT INTO declarations (channel_id, identifier, type, server_token, json, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (channel_id, identifier) DO UPDATE SET type = ?3, server_token = ?4, json = ?5, changed_at = ?6",
        params![channel, row.identifier, row.declaration_type, row.server_token, json, now],
    )?;
    Ok(())
}

/// The channel's declarations by identifier, and when the set last changed.
pub fn manifest(conn: &Connection, channel: &str) -> Result<(Vec<DeclarationRow>, Option<String>), StoreError> {
    let mut stmt = conn.prepare_cached("SELECT identifier, type, server_token FROM declarations WHERE channel_id = ?1 ORDER BY identifier")?;
    let rows = stmt.query_map([channel], |r| Ok(DeclarationRow { identifier: r.get(0)?, declaration_type: r.get(1)?, server_token: r.get(2)? }))?;
    let rows = rows.collect::<Result<Vec<_>, _>>()?;
    let changed = conn.row("SELECT MAX(changed_at) FROM declarations WHERE channel_id = ?1", [channel], |r| r.get(0))?;
    Ok((rows, changed))
}

/// One declaration: its type, token and authored JSON.
pub fn get(conn: &Connection, channel: &str, identifier: &str) -> Result<Option<(DeclarationRow, String)>, StoreError> {
    let sql = "SELECT identifier, type, server_token, json FROM declarations WHERE channel_id = ?1 AND identifier = ?2";
    let row = |r: &rusqlite::Row<'_>| Ok((DeclarationRow { identifier: r.get(0)?, declaration_type: r.get(1)?, server_token: r.get(2)? }, r.get(3)?));
    Ok(conn.row(sql, params![channel, identifier], row).optional()?)
}

/// A status item's last value.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StatusItemRow {
    pub item: String,
    pub value: serde_json::Value,
    pub known: bool,
}

/// Stores a status report (the typed report as JSON) and the last value of each item it carries;
/// a full report replaces every item.
pub fn status(conn: &mut Connection, channel: &str, report: &str, errors: usize, full: bool, items: &[StatusItemRow]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.run("INSERT INTO status_reports (channel_id, report, errors) VALUES (?1, ?2, ?3)", params![channel, report, errors as i64])?;
    if full {
        tx.run("DELETE FROM status_items WHERE channel_id = ?1", [channel])?;
    }
    for i in items {
        tx.run(
            "INSERT INTO status_items (channel_id, item, value, known) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (channel_id, item) DO UPDATE SET value = ?3, known = ?4",
            params![channel, i.item, i.value.to_string(), i.known],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The last value of every status item of the channel, by item type, and how many reports came.
pub fn status_items(conn: &Connection, channel: &str) -> Result<(Vec<StatusItemRow>, i64), StoreError> {
    let mut stmt = conn.prepare_cached("SELECT item, value, known FROM status_items WHERE channel_id = ?1 ORDER BY item")?;
    let rows = stmt.query_map([channel], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
    let mut items = Vec::new();
    for row in rows {
        let (item, value, known) = row?;
        items.push(StatusItemRow { item, value: serde_json::from_str(&value).unwrap_or(serde_json::Value::Null), known });
    }
    let reports = conn.row("SELECT COUNT(*) FROM status_reports WHERE channel_id = ?1", [channel], |r| r.get(0))?;
    Ok((items, reports))
}
