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

/// The authored JSON of every declaration of the channel but `except` (one being replaced).
pub fn all_json(conn: &Connection, channel: &str, except: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT json FROM declarations WHERE channel_id = ?1 AND identifier <> ?2 ORDER BY identifier")?;
    let rows = stmt.query_map(params![channel, except], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
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

/// Status items the schemas do not describe kept per channel at most (the known ones are
/// bounded by the schemas).
pub const MAX_UNKNOWN_ITEMS: i64 = 64;

/// Stores a channel's last status report (the typed report as JSON, or a note when over the
/// storage cap: the caller decides) and counts it, and the last value of each item it carries;
/// a full report replaces every item. Items the schemas do not describe are kept up to
/// [`MAX_UNKNOWN_ITEMS`] per channel; later new ones are dropped.
pub fn status(conn: &mut Connection, channel: &str, report: &str, errors: usize, full: bool, items: &[StatusItemRow]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    tx.run(
        "INSERT INTO status_reports (channel_id, report, errors, reports) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (channel_id) DO UPDATE SET report = ?2, errors = ?3, reports = reports + 1",
        params![channel, report, errors as i64],
    )?;
    if full {
        tx.run("DELETE FROM status_items WHERE channel_id = ?1", [channel])?;
    }
    let mut unknown: i64 = tx.row("SELECT COUNT(*) FROM status_items WHERE channel_id = ?1 AND known = 0", [channel], |r| r.get(0))?;
    for i in items {
        if !i.known {
            let stored: bool = tx.row("SELECT COUNT(*) > 0 FROM status_items WHERE channel_id = ?1 AND item = ?2", params![channel, i.item], |r| r.get(0))?;
            if !stored && unknown >= MAX_UNKNOWN_ITEMS {
                continue;
            }
            unknown += i64::from(!stored);
        }
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
    let reports = conn.row("SELECT reports FROM status_reports WHERE channel_id = ?1", [channel], |r| r.get(0)).optional()?.unwrap_or(0);
    Ok((items, reports))
}
