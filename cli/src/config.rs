//! `dm.toml`: rule levels and allowed keys kept beside the documents they judge. The nearest
//! one up from a validated file's folder applies to it (an admins' repository keeps one at its
//! root); flags given to `dm validate` win over it.
//!
//! ```toml
//! allow = ["unknown-key"]
//! warn = ["coercion"]
//! deny = ["availability.deprecated"]
//! allow-keys = ["com.apple.MCX:timeServer"]
//! ```
//!
//! Within one file, groups are applied before single rules and `allow` before `warn` before
//! `deny`: `allow = ["availability"]` with `deny = ["availability.removed"]` allows every
//! availability rule but that one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::allow_key::AllowedKey;
use crate::levels::{Level, Levels, Selector};

/// The file name looked for.
pub const FILE_NAME: &str = "dm.toml";

/// A `dm.toml` as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default, rename = "allow-keys")]
    allow_keys: Vec<String>,
}

/// What a `dm.toml` says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from (`None`: no file).
    pub path: Option<PathBuf>,
    pub levels: Levels,
    pub allowed_keys: Vec<AllowedKey>,
}

/// A `dm.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: not a valid dm.toml: {message}", path.display())]
    Syntax { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Setting { path: PathBuf, message: String },
}

/// Reads the `dm.toml` text found at `path`.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let message = match e.span() {
            Some(span) => format!("line {}: {}", text.as_bytes()[..span.start.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1, e.message()),
            None => e.message().to_string(),
        };
        ConfigError::Syntax { path: path.to_path_buf(), message }
    })?;
    let setting = |message: String| ConfigError::Setting { path: path.to_path_buf(), message };
    let mut entries = Vec::new();
    for (names, level) in [(&raw.allow, Level::Allow), (&raw.warn, Level::Warn), (&raw.deny, Level::Deny)] {
        for name in names {
            let selector = Selector::parse(name).map_err(|e| setting(format!("{}: {e}", level.name())))?;
            entries.push((matches!(selector, Selector::Rule(_)), level, selector));
        }
    }
    // Groups first, then single rules; allow, warn, deny within each (the sort is stable).
    entries.sort_by_key(|(single, level, _)| (*single, *level));
    let mut levels = Levels::default();
    for (_, level, selector) in entries {
        levels.set(selector, level);
    }
    let allowed_keys = raw.allow_keys.iter().map(|k| k.parse::<AllowedKey>().map_err(|e| setting(format!("allow-keys: {e}")))).collect::<Result<_, _>>()?;
    Ok(Config { path: Some(path.to_path_buf()), levels, allowed_keys })
}

/// Reads the `dm.toml` at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io { path: path.to_path_buf(), source })?;
    parse(&text, path)
}

/// Finds the configuration of each folder once: the nearest `dm.toml` up from it.
#[derive(Debug, Default)]
pub struct Finder {
    /// Folder → its configuration (shared by every folder under the same file).
    by_folder: HashMap<PathBuf, Arc<Config>>,
    /// `dm.toml` path → what it says.
    by_file: HashMap<PathBuf, Arc<Config>>,
}

impl Finder {
    /// The configuration for a file in `folder` (relative folders are taken from the current
    /// directory; the folder's real path is walked up, `..` and links resolved).
    pub fn for_folder(&mut self, folder: &Path) -> Result<Arc<Config>, ConfigError> {
        let absolute = std::fs::canonicalize(folder).or_else(|_| std::path::absolute(folder)).unwrap_or_else(|_| folder.to_path_buf());
        if let Some(c) = self.by_folder.get(&absolute) {
            return Ok(Arc::clone(c));
        }
        let mut found = None;
        for dir in absolute.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        let config = match found {
            Some(file) => match self.by_file.get(&file) {
                Some(c) => Arc::clone(c),
                None => {
                    let c = Arc::new(load(&file)?);
                    self.by_file.insert(file, Arc::clone(&c));
                    c
                }
            },
            None => Arc::new(Config::default()),
        };
        self.by_folder.insert(absolute, Arc::clone(&config));
        Ok(config)
    }

    /// The configuration for `file` (standard input, `-`, is judged from the current
    /// directory).
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        let folder = match file.parent() {
            Some(p) if file != Path::new("-") && !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        self.for_folder(&folder)
    }
}
