//! A cache of printed module files, so that `cargo xtask regenerate` (and `--check`) does not
//! print again what it printed before from the same input.
//!
//! A module's file is a pure function of its IR module and of the generator (see
//! `emit::module_file`), so an entry is keyed by the SHA-256 of the module's `Debug` text (all
//! of it: names, types, key tables, after every fixup, whatever other files it was built from)
//! in a folder named by a SHA-256 over the program's own bytes (the salt: any change to the
//! generator or its dependencies gives another program). Hashing the IR costs a tenth of
//! printing it. The `mod.rs` files and the JSON Schemas are always made. An entry is written to a temporary name and renamed, so
//! a run cut short leaves no half-written entry; a cache that cannot be read or written only
//! costs time.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Folder of the cache beside the running program (`target/debug/regenerate-cache/` for `cargo
/// xtask`), so `cargo clean` removes it.
pub const CACHE_DIR: &str = "regenerate-cache";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The printed files of one generator build.
#[derive(Debug, Clone)]
pub struct RenderCache {
    dir: PathBuf,
}

impl RenderCache {
    /// The cache of the running program, in [`CACHE_DIR`] beside it; `None` when the program
    /// cannot be read or the folder not made (generation then goes on without a cache).
    pub fn beside_program() -> Option<RenderCache> {
        let exe = std::env::current_exe().ok()?;
        let salt = sha256_hex(&fs::read(&exe).ok()?);
        RenderCache::open(&exe.parent()?.join(CACHE_DIR), &salt)
    }

    /// The cache for the program build `salt` below `root`. The caches of other builds are
    /// removed: they can never be hit again once the program changed.
    pub fn open(root: &Path, salt: &str) -> Option<RenderCache> {
        let dir = root.join(salt);
        fs::create_dir_all(&dir).ok()?;
        if let Ok(entries) = fs::read_dir(root) {
            for e in entries.flatten() {
                if e.file_name() != salt && e.path().is_dir() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        Some(RenderCache { dir })
    }

    /// The key of a module: the SHA-256 of its `Debug` text, hashed as it is written.
    pub fn key(module: &impl std::fmt::Debug) -> String {
        struct Hasher(Sha256);
        impl std::fmt::Write for Hasher {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        let mut h = Hasher(Sha256::new());
        // Writing into a hasher never fails.
        let _ = std::fmt::Write::write_fmt(&mut h, format_args!("{module:?}"));
        hex(&h.0.finalize())
    }

    pub fn get(&self, key: &str) -> Option<String> {
        fs::read_to_string(self.dir.join(key)).ok()
    }

    /// Stores an entry; a failure is ignored (the next run prints the module again).
    pub fn put(&self, key: &str, text: &str) {
        let tmp = self.dir.join(format!(".{key}.{}", std::process::id()));
        if fs::write(&tmp, text).is_ok() && fs::rename(&tmp, self.dir.join(key)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }
}
