//! OS version values as written in `supportedOS` (`'10.13.4'`, `n/a`, and the odd `all` / `'0'`).

use std::cmp::Ordering;
use std::fmt;

/// A version with any number of numeric parts; missing parts compare as zero (`10.13` == `10.13.0`).
#[derive(Debug, Clone, Eq)]
pub struct Version(pub Vec<u32>);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let parts: Option<Vec<u32>> =
            text.split('.').map(|p| if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) { None } else { p.parse().ok() }).collect();
        parts.map(Version)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.0.len().max(other.0.len());
        for i in 0..n {
            let a = self.0.get(i).copied().unwrap_or(0);
            let b = other.0.get(i).copied().unwrap_or(0);
            match a.cmp(&b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A version field of `supportedOS`.
///
/// Meanings of the odd values, decided once here:
/// - `n/a`: not supported on that OS at all (for `introduced`); for `deprecated`/`removed` it
///   means "never deprecated/removed".
/// - `all` (release-17.0 `loginwindow.yaml`, `introduced: all`): supported on every version, the
///   same as introduced in version 0.
/// - `'0'` (`other/manifesturl.yaml`, `removed: '0'` on every OS): removed since the very first
///   version, i.e. not usable anywhere. The keys that carry it (`needs-shine`, `subtitle`, …) all
///   say `content: removed`, so this is the reading that matches Apple's intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSpec {
    Version(Version),
    NotApplicable,
    All,
    Zero,
}

impl VersionSpec {
    pub fn parse(text: &str) -> Option<VersionSpec> {
        match text.trim() {
            "n/a" | "N/A" => Some(VersionSpec::NotApplicable),
            "all" => Some(VersionSpec::All),
            "0" => Some(VersionSpec::Zero),
            t => Version::parse(t).map(VersionSpec::Version),
        }
    }

    /// The version from which the feature exists when used as `introduced`; `None` = never.
    pub fn as_introduced(&self) -> Option<Version> {
        match self {
            VersionSpec::Version(v) => Some(v.clone()),
            VersionSpec::All | VersionSpec::Zero => Some(Version(vec![0])),
            VersionSpec::NotApplicable => None,
        }
    }

    /// The version from which the feature is deprecated/removed; `None` = never.
    pub fn as_cutoff(&self) -> Option<Version> {
        match self {
            VersionSpec::Version(v) => Some(v.clone()),
            VersionSpec::All | VersionSpec::Zero => Some(Version(vec![0])),
            VersionSpec::NotApplicable => None,
        }
    }
}

impl fmt::Display for VersionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionSpec::Version(v) => v.fmt(f),
            VersionSpec::NotApplicable => f.write_str("n/a"),
            VersionSpec::All => f.write_str("all"),
            VersionSpec::Zero => f.write_str("0"),
        }
    }
}
