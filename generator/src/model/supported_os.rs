//! `supportedOS`: per-OS availability rules, and their inheritance (payload → key → subkey).

use std::collections::BTreeMap;
use std::fmt;

use super::version::VersionSpec;

/// The operating systems Apple's schemas describe, in their canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Os {
    IOS,
    MacOS,
    TvOS,
    VisionOS,
    WatchOS,
}

impl Os {
    pub const ALL: [Os; 5] = [Os::IOS, Os::MacOS, Os::TvOS, Os::VisionOS, Os::WatchOS];

    pub fn from_key(key: &str) -> Option<Os> {
        Some(match key {
            "iOS" => Os::IOS,
            "macOS" => Os::MacOS,
            "tvOS" => Os::TvOS,
            "visionOS" => Os::VisionOS,
            "watchOS" => Os::WatchOS,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Os::IOS => "iOS",
            Os::MacOS => "macOS",
            Os::TvOS => "tvOS",
            Os::VisionOS => "visionOS",
            Os::WatchOS => "watchOS",
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// `allowed`/`required`/`forbidden`/`ignored` of `sharedipad.mode` and `userenrollment.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    Allowed,
    Required,
    Forbidden,
    Ignored,
}

impl Mode {
    pub fn parse(text: &str) -> Option<Mode> {
        Some(match text {
            "allowed" => Mode::Allowed,
            "required" => Mode::Required,
            "forbidden" => Mode::Forbidden,
            "ignored" => Mode::Ignored,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Allowed => "allowed",
            Mode::Required => "required",
            Mode::Forbidden => "forbidden",
            Mode::Ignored => "ignored",
        }
    }
}

/// `sharedipad` rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedIpad {
    pub mode: Option<Mode>,
    pub devicechannel: Option<bool>,
    pub userchannel: Option<bool>,
    pub allowed_scopes: Option<Vec<String>>,
}

/// `userenrollment` rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserEnrollment {
    pub mode: Option<Mode>,
    pub behavior: Option<String>,
}

/// The rules for one OS. Every field is optional so that inheritance can tell "not restated"
/// from "restated with the same value".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsSupport {
    pub introduced: Option<VersionSpec>,
    pub deprecated: Option<VersionSpec>,
    pub removed: Option<VersionSpec>,
    pub accessrights: Option<String>,
    pub multiple: Option<bool>,
    pub devicechannel: Option<bool>,
    pub userchannel: Option<bool>,
    pub supervised: Option<bool>,
    pub requiresdep: Option<bool>,
    pub userapprovedmdm: Option<bool>,
    pub allowmanualinstall: Option<bool>,
    pub always_skippable: Option<bool>,
    pub beta: Option<bool>,
    pub allowed_enrollments: Option<Vec<String>>,
    pub allowed_scopes: Option<Vec<String>>,
    pub sharedipad: Option<SharedIpad>,
    pub userenrollment: Option<UserEnrollment>,
}

fn pick<T: Clone>(own: &Option<T>, parent: &Option<T>) -> Option<T> {
    own.clone().or_else(|| parent.clone())
}

impl OsSupport {
    /// Field-by-field inheritance: what `self` states wins, the rest comes from `parent`.
    pub fn inherit(&self, parent: &OsSupport) -> OsSupport {
        let sharedipad = match (&self.sharedipad, &parent.sharedipad) {
            (Some(o), Some(p)) => Some(SharedIpad {
                mode: pick(&o.mode, &p.mode),
                devicechannel: pick(&o.devicechannel, &p.devicechannel),
                userchannel: pick(&o.userchannel, &p.userchannel),
                allowed_scopes: pick(&o.allowed_scopes, &p.allowed_scopes),
            }),
            (o, p) => pick(o, p),
        };
        let userenrollment = match (&self.userenrollment, &parent.userenrollment) {
            (Some(o), Some(p)) => Some(UserEnrollment { mode: pick(&o.mode, &p.mode), behavior: pick(&o.behavior, &p.behavior) }),
            (o, p) => pick(o, p),
        };
        OsSupport {
            introduced: pick(&self.introduced, &parent.introduced),
            deprecated: pick(&self.deprecated, &parent.deprecated),
            removed: pick(&self.removed, &parent.removed),
            accessrights: pick(&self.accessrights, &parent.accessrights),
            multiple: pick(&self.multiple, &parent.multiple),
            devicechannel: pick(&self.devicechannel, &parent.devicechannel),
            userchannel: pick(&self.userchannel, &parent.userchannel),
            supervised: pick(&self.supervised, &parent.supervised),
            requiresdep: pick(&self.requiresdep, &parent.requiresdep),
            userapprovedmdm: pick(&self.userapprovedmdm, &parent.userapprovedmdm),
            allowmanualinstall: pick(&self.allowmanualinstall, &parent.allowmanualinstall),
            always_skippable: pick(&self.always_skippable, &parent.always_skippable),
            beta: pick(&self.beta, &parent.beta),
            allowed_enrollments: pick(&self.allowed_enrollments, &parent.allowed_enrollments),
            allowed_scopes: pick(&self.allowed_scopes, &parent.allowed_scopes),
            sharedipad,
            userenrollment,
        }
    }
}

impl OsSupport {
    /// Whether the OS entry says the feature exists on that OS at all (`introduced` is not
    /// `n/a` and it was not removed from the first version on).
    pub fn exists(&self) -> bool {
        let introduced = self.introduced.as_ref().is_none_or(|v| v.as_introduced().is_some());
        let removed_at_start = matches!(self.removed, Some(VersionSpec::Zero));
        introduced && !removed_at_start
    }

    /// Whether a key with these (resolved) rules exists in fewer contexts than its parent with
    /// `parent`'s: later introduced, removed, only on one channel, only with or without user
    /// enrollment or Shared iPad, only supervised, only some enrollments or scopes.
    fn narrows(&self, parent: &OsSupport) -> bool {
        let version = |s: &OsSupport| s.introduced.as_ref().map_or(Some(super::version::Version(vec![0])), VersionSpec::as_introduced);
        let later = match (version(self), version(parent)) {
            (None, _) => true,
            (Some(own), Some(p)) => own > p,
            (Some(_), None) => false,
        };
        let removed = match (self.removed.as_ref().and_then(VersionSpec::as_cutoff), parent.removed.as_ref().and_then(VersionSpec::as_cutoff)) {
            (Some(own), Some(p)) => own < p,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let only_false = |own: Option<bool>, p: Option<bool>| own == Some(false) && p != Some(false);
        let only_true = |own: Option<bool>, p: Option<bool>| own == Some(true) && p != Some(true);
        let mode = |own: Option<Mode>, p: Option<Mode>| matches!(own, Some(Mode::Required | Mode::Forbidden)) && own != p;
        let subset = |own: &Option<Vec<String>>, p: &Option<Vec<String>>| match (own, p) {
            (Some(o), Some(p)) => !p.iter().all(|x| o.contains(x)),
            (Some(_), None) => true,
            (None, _) => false,
        };
        later
            || removed
            || only_false(self.devicechannel, parent.devicechannel)
            || only_false(self.userchannel, parent.userchannel)
            || only_true(self.supervised, parent.supervised)
            || only_true(self.requiresdep, parent.requiresdep)
            || only_true(self.userapprovedmdm, parent.userapprovedmdm)
            || mode(self.userenrollment.as_ref().and_then(|u| u.mode), parent.userenrollment.as_ref().and_then(|u| u.mode))
            || mode(self.sharedipad.as_ref().and_then(|u| u.mode), parent.sharedipad.as_ref().and_then(|u| u.mode))
            || subset(&self.allowed_enrollments, &parent.allowed_enrollments)
            || subset(&self.allowed_scopes, &parent.allowed_scopes)
    }
}

/// `supportedOS`: the rules per OS that a schema, key or subkey states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupportedOs(pub BTreeMap<Os, OsSupport>);

impl SupportedOs {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, os: Os) -> Option<&OsSupport> {
        self.0.get(&os)
    }

    /// Whether a key whose resolved support is `self` exists in fewer contexts than its parent
    /// (the payload, or the dictionary key it sits in) whose resolved support is `parent`: on
    /// some OS where the parent exists, it is narrowed (see [`OsSupport`]'s rules). A key
    /// `presence: required` is required everywhere its parent exists only when this is false.
    pub fn narrows(&self, parent: &SupportedOs) -> bool {
        let default = OsSupport::default();
        Os::ALL.iter().any(|os| {
            let p = match parent.get(*os) {
                Some(p) if p.exists() => p,
                Some(_) => return false,
                // A parent that states no OS at all exists everywhere.
                None if parent.is_empty() => &default,
                None => return false,
            };
            match self.get(*os) {
                Some(own) => own.narrows(p),
                None => !parent.is_empty(),
            }
        })
    }

    /// Resolves inheritance: an OS the child does not mention is taken whole from the parent;
    /// an OS both mention is merged field by field.
    pub fn inherit(&self, parent: &SupportedOs) -> SupportedOs {
        let mut out = BTreeMap::new();
        for os in Os::ALL {
            match (self.0.get(&os), parent.0.get(&os)) {
                (Some(own), Some(p)) => {
                    out.insert(os, own.inherit(p));
                }
                (Some(own), None) => {
                    out.insert(os, own.clone());
                }
                (None, Some(p)) => {
                    out.insert(os, p.clone());
                }
                (None, None) => {}
            }
        }
        SupportedOs(out)
    }
}
