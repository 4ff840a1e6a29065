//! OS versions: any number of numeric parts, compared part by part with missing parts as zero.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// An OS version such as `17.4`, `10.13.4` or `26`.
///
/// Parts are compared numerically from the left, and a missing part counts as zero, so
/// `10.10 > 10.9`, `10.13.4 > 10.13` and `12 == 12.0 == 12.0.0`. Equality and hashing follow the
/// same rule.
///
/// The generated tables hold their versions as `'static` slices ([`OsVersion::from_static`]), so
/// a version in a table costs no allocation; [`OsVersion::parse`] allocates only the parts.
#[derive(Clone)]
pub struct OsVersion(Cow<'static, [u32]>);

/// Text that is not a version: empty, a part that is not a decimal number, or a number too big.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an OS version (expected numbers separated by dots, such as `17.4.1`)")]
pub struct ParseVersionError {
    pub text: String,
}

impl OsVersion {
    /// Version 0, older than every real release.
    pub const ZERO: OsVersion = OsVersion(Cow::Borrowed(&[0]));

    /// A version from `'static` parts; `const`, for the generated tables.
    pub const fn from_static(parts: &'static [u32]) -> OsVersion {
        OsVersion(Cow::Borrowed(parts))
    }

    /// A version from its parts (`OsVersion::new([17, 4])`).
    pub fn new(parts: impl Into<Vec<u32>>) -> OsVersion {
        let parts: Vec<u32> = parts.into();
        if parts.is_empty() {
            return OsVersion::ZERO;
        }
        OsVersion(Cow::Owned(parts))
    }

    /// Parses `17`, `17.4`, `10.13.4`, `1.2.3.4.5` …; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<OsVersion, ParseVersionError> {
        let trimmed = text.trim();
        let err = || ParseVersionError { text: text.to_string() };
        if trimmed.is_empty() {
            return Err(err());
        }
        let mut parts = Vec::with_capacity(4);
        for part in trimmed.split('.') {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            parts.push(part.parse::<u32>().map_err(|_| err())?);
        }
        Ok(OsVersion(Cow::Owned(parts)))
    }

    /// The parts as written (`10.13` has two parts, `10.13.0` three).
    pub fn parts(&self) -> &[u32] {
        &self.0
    }

    /// The part at `index`, zero when missing.
    pub fn part(&self, index: usize) -> u32 {
        self.0.get(index).copied().unwrap_or(0)
    }

    /// The major version (the first part).
    pub fn major(&self) -> u32 {
        self.part(0)
    }

    /// The parts without trailing zeros: the canonical form equality and hashing use.
    fn significant(&self) -> &[u32] {
        let end = self.0.iter().rposition(|&p| p != 0).map_or(0, |i| i + 1);
        &self.0[..end]
    }
}

impl Default for OsVersion {
    fn default() -> Self {
        OsVersion::ZERO
    }
}

impl Ord for OsVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (&*self.0, &*other.0);
        for i in 0..a.len().max(b.len()) {
            match a.get(i).copied().unwrap_or(0).cmp(&b.get(i).copied().unwrap_or(0)) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for OsVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for OsVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for OsVersion {}

impl Hash for OsVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.significant().hash(state);
    }
}

impl FromStr for OsVersion {
    type Err = ParseVersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OsVersion::parse(s)
    }
}

impl TryFrom<&str> for OsVersion {
    type Error = ParseVersionError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        OsVersion::parse(s)
    }
}

impl fmt::Display for OsVersion {
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

impl fmt::Debug for OsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OsVersion({self})")
    }
}

impl serde::Serialize for OsVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for OsVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        OsVersion::parse(&text).map_err(serde::de::Error::custom)
    }
}
