//! What applies to one file's findings: its `dm.toml`'s rule levels and allowed keys, then the
//! flags' (which win), applied to the findings the validator made.

use apple_device_management::runtime::validate::{DocumentKind, Finding, Rule};

use crate::allow_key::{self, AllowedKey, BadAllowedKey};
use crate::config::Config;
use crate::input::Document;
use crate::levels::{Level, Levels, Selector, UnknownRule};

/// A rule level or allowed key given by a flag (or `dm serve`'s API) that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("--{level}: {rule}")]
    Rule { level: &'static str, rule: UnknownRule },
    #[error("--allow-key {0}")]
    Key(#[from] BadAllowedKey),
}

/// Rule levels and allowed keys for one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    pub levels: Levels,
    pub allowed_keys: Vec<AllowedKey>,
}

impl Policy {
    /// A `dm.toml`'s settings, then the flags'.
    pub fn new(config: &Config, flags: &Policy) -> Policy {
        let mut allowed_keys = config.allowed_keys.clone();
        allowed_keys.extend(flags.allowed_keys.iter().cloned());
        Policy { levels: config.levels.then(&flags.levels), allowed_keys }
    }

    /// Rule levels in the order given (the last one that covers a rule wins), and allowed keys
    /// (`PAYLOADTYPE:KEY`).
    pub fn from_settings<'a>(
        levels: impl IntoIterator<Item = (Level, &'a str)>,
        allowed_keys: impl IntoIterator<Item = &'a str>,
    ) -> Result<Policy, SettingError> {
        let mut policy = Policy::default();
        for (level, name) in levels {
            let selector = Selector::parse(name).map_err(|rule| SettingError::Rule { level: level.name(), rule })?;
            policy.levels.set(selector, level);
        }
        for key in allowed_keys {
            policy.allowed_keys.push(key.parse::<AllowedKey>()?);
        }
        Ok(policy)
    }

    /// The findings that remain, with the severities the levels give them: allowed rules and
    /// allowed unknown keys are dropped.
    pub fn apply(&self, findings: Vec<Finding>, document: &Document, kind: DocumentKind, schema: Option<&str>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                f.severity = self.levels.severity(&f.rule, f.severity)?;
                if f.rule == Rule::UnknownKey && !self.allowed_keys.is_empty() {
                    let owner = allow_key::owner(document, f.path(), kind, schema);
                    if self.allowed_keys.iter().any(|k| owner.is(k)) {
                        return None;
                    }
                }
                Some(f)
            })
            .collect()
    }
}
