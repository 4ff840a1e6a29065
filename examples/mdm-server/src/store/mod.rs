//! SQLite storage: one connection in WAL mode with `synchronous = FULL`, so a request is answered
//! only after what it changed is on disk. Work runs on tokio's blocking pool.

pub mod ddm;
pub mod devices;
pub mod queue;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored value cannot be encoded: {0}")]
    Encode(#[from] apple_device_management::runtime::CodecError),
    #[error("the database lock was poisoned by a panic")]
    Poisoned,
    #[error("a storage task did not finish")]
    Task,
    #[error("the database has schema version {0}; this server reads version {SCHEMA_VERSION} (start with a new database)")]
    Version(i64),
}

/// The tables' version (`PRAGMA user_version`); a database of another version is not opened.
pub const SCHEMA_VERSION: i64 = 2;

/// Statements through the connection's cache of prepared statements (each is prepared once).
pub(crate) trait Cached {
    fn run<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    fn row<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>;
}

impl Cached for Connection {
    fn run<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }
    fn row<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

/// The database, shared by every request.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (or creates) the database at `path` and its tables.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
        if version != SCHEMA_VERSION && (version != 0 || tables > 0) {
            return Err(StoreError::Version(version));
        }
        conn.execute_batch(include_str!("schema.sql"))?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Store { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, E>(&self, f: impl FnOnce(&mut Connection) -> Result<T, E> + Send + 'static) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let task = tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| E::from(StoreError::Poisoned))?;
            f(&mut guard)
        });
        task.await.map_err(|_| E::from(StoreError::Task))?
    }
}
