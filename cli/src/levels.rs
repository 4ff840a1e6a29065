//! Rule levels as rustc and clippy have them: `allow` drops a rule's findings, `warn` makes them
//! warnings, `deny` errors. A setting names one rule (`unknown-key`, `availability.removed`) or
//! a group, the part of dotted names before a dot (`availability` is every `availability.*`
//! rule). Settings are kept in order and the last one that covers a rule wins, so
//! `-A availability -D availability.removed` allows every availability rule but one.

use std::fmt;

use apple_device_management::runtime::validate::{Rule, Severity};

use crate::closest::closest;

/// What a setting does to a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Dropped.
    Allow,
    /// Reported as warnings.
    Warn,
    /// Reported as errors.
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// The severity a finding gets (`None`: dropped). A note (a key required only in a context
    /// the report does not know) stays a note unless allowed: it is not a finding of the rule
    /// in this context.
    pub fn severity(self, current: Severity) -> Option<Severity> {
        match (self, current) {
            (Level::Allow, _) => None,
            (_, Severity::Note) => Some(Severity::Note),
            (Level::Warn, _) => Some(Severity::Warning),
            (Level::Deny, _) => Some(Severity::Error),
        }
    }
}

/// The level a rule has when nothing is set: its default severity's (`dm rules`).
pub fn default_level(rule: &Rule) -> &'static str {
    match rule.default_severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The rules a setting covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Rule(Rule),
    /// Every rule whose name starts with this and a dot.
    Group(String),
}

/// A rule or group name that is neither.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownRule {
    pub name: String,
    /// Rule and group names close to it.
    pub close: Vec<String>,
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule `{}`", self.name)?;
        if !self.close.is_empty() {
            let list: Vec<String> = self.close.iter().map(|c| format!("`{c}`")).collect();
            write!(f, "; did you mean {}?", list.join(", "))?;
        }
        write!(f, " (`dm rules` lists every rule)")
    }
}

/// Every group name: each prefix of a dotted rule name before one of its dots.
pub fn groups() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rule in Rule::all() {
        let name = rule.name();
        for (i, _) in name.match_indices('.') {
            let group = name[..i].to_string();
            if !out.contains(&group) {
                out.push(group);
            }
        }
    }
    out
}

impl Selector {
    /// Reads a rule or group name.
    pub fn parse(name: &str) -> Result<Selector, UnknownRule> {
        if let Some(rule) = Rule::from_name(name) {
            return Ok(Selector::Rule(rule));
        }
        let groups = groups();
        if groups.iter().any(|g| g == name) {
            return Ok(Selector::Group(name.to_string()));
        }
        let rules: Vec<String> = Rule::all().iter().map(Rule::name).collect();
        let names = rules.iter().chain(groups.iter()).map(String::as_str);
        let close = closest(name, names, 5).into_iter().map(str::to_string).collect();
        Err(UnknownRule { name: name.to_string(), close })
    }

    /// Whether the setting covers `rule`.
    pub fn covers(&self, rule: &Rule) -> bool {
        match self {
            Selector::Rule(r) => r == rule,
            Selector::Group(g) => rule.name().strip_prefix(g.as_str()).is_some_and(|rest| rest.starts_with('.')),
        }
    }
}

/// Rule levels, in the order they were set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Levels {
    settings: Vec<(Selector, Level)>,
}

impl Levels {
    /// Sets a level; it wins over every earlier setting that covers the same rules.
    pub fn set(&mut self, selector: Selector, level: Level) {
        self.settings.push((selector, level));
    }

    /// The level set for `rule`, if any.
    pub fn level(&self, rule: &Rule) -> Option<Level> {
        self.settings.iter().rev().find(|(s, _)| s.covers(rule)).map(|(_, l)| *l)
    }

    /// The severity a finding of `rule` gets (`None`: dropped).
    pub fn severity(&self, rule: &Rule, current: Severity) -> Option<Severity> {
        match self.level(rule) {
            Some(level) => level.severity(current),
            None => Some(current),
        }
    }

    /// These settings, then `later`'s (which win).
    pub fn then(&self, later: &Levels) -> Levels {
        Levels { settings: self.settings.iter().chain(later.settings.iter()).cloned().collect() }
    }
}
