//! What [`super::check`] finds: errors for what the device refuses or ignores, warnings for
//! what it deprecates or ignores in a mode.
//!
//! Findings and reports serialize (`serde::Serialize`) as the validator's do: a finding as
//! `{"severity", "path", "rule", "message"}`, the rule by the name the validator gives it
//! (`availability.needs-supervision`), a report as `{"findings": […]}`.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// For information: something that may be a fault in a context the report does not know
    /// (a key required only on some platforms or channels, judged without a device context).
    Note,
    /// Works today, but deprecated or ignored in this device's mode.
    Warning,
    /// The device refuses it or ignores it.
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl serde::Serialize for Severity {
    /// As its [`name`](Severity::name).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule a finding breaks. Each rule has one severity ([`AvailabilityRule::severity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum AvailabilityRule {
    /// No entry for the platform, or `introduced: n/a`.
    NotOnPlatform,
    /// The device's version is older than `introduced`.
    NotYetIntroduced,
    /// The device's version is `removed` or newer.
    Removed,
    /// The device's version is `deprecated` or newer (warning).
    Deprecated,
    /// `supervised: true` on an unsupervised device.
    NeedsSupervision,
    /// `requiresdep: true` without Automated Device Enrollment.
    NeedsAutomatedEnrollment,
    /// `userapprovedmdm: true` without a user-approved enrollment.
    NeedsUserApprovedMdm,
    /// The server lacks the `accessrights` the schema names.
    MissingAccessRight,
    /// `userenrollment.mode`: forbidden under user enrollment, or required without it.
    UserEnrollment,
    /// `userenrollment.mode: ignored` under user enrollment (warning).
    IgnoredUnderUserEnrollment,
    /// `sharedipad.mode`: forbidden on a Shared iPad, or required elsewhere.
    SharedIpad,
    /// `sharedipad.mode: ignored` on a Shared iPad (warning).
    IgnoredOnSharedIpad,
    /// `devicechannel: false` on the device channel, `userchannel: false` on the user channel.
    WrongChannel,
    /// The channel's scope is not in `allowed-scopes`.
    ScopeNotAllowed,
    /// The enrollment is not in `allowed-enrollments`.
    EnrollmentNotAllowed,
    /// `allowmanualinstall: false` for a profile installed without MDM.
    NoManualInstall,
    /// The value could not be turned into a plist to be checked.
    Unencodable,
}

impl AvailabilityRule {
    /// Every rule.
    pub const ALL: [AvailabilityRule; 17] = [
        AvailabilityRule::NotOnPlatform,
        AvailabilityRule::NotYetIntroduced,
        AvailabilityRule::Removed,
        AvailabilityRule::Deprecated,
        AvailabilityRule::NeedsSupervision,
        AvailabilityRule::NeedsAutomatedEnrollment,
        AvailabilityRule::NeedsUserApprovedMdm,
        AvailabilityRule::MissingAccessRight,
        AvailabilityRule::UserEnrollment,
        AvailabilityRule::IgnoredUnderUserEnrollment,
        AvailabilityRule::SharedIpad,
        AvailabilityRule::IgnoredOnSharedIpad,
        AvailabilityRule::WrongChannel,
        AvailabilityRule::ScopeNotAllowed,
        AvailabilityRule::EnrollmentNotAllowed,
        AvailabilityRule::NoManualInstall,
        AvailabilityRule::Unencodable,
    ];

    pub fn severity(self) -> Severity {
        match self {
            AvailabilityRule::Deprecated | AvailabilityRule::IgnoredUnderUserEnrollment | AvailabilityRule::IgnoredOnSharedIpad => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Short stable name (`not-on-platform`, `needs-supervision` …); the validator reports the
    /// rule as `availability.` and this name.
    pub const fn name(self) -> &'static str {
        match self {
            AvailabilityRule::NotOnPlatform => "not-on-platform",
            AvailabilityRule::NotYetIntroduced => "not-yet-introduced",
            AvailabilityRule::Removed => "removed",
            AvailabilityRule::Deprecated => "deprecated",
            AvailabilityRule::NeedsSupervision => "needs-supervision",
            AvailabilityRule::NeedsAutomatedEnrollment => "needs-automated-enrollment",
            AvailabilityRule::NeedsUserApprovedMdm => "needs-user-approved-mdm",
            AvailabilityRule::MissingAccessRight => "missing-access-right",
            AvailabilityRule::UserEnrollment => "user-enrollment",
            AvailabilityRule::IgnoredUnderUserEnrollment => "ignored-under-user-enrollment",
            AvailabilityRule::SharedIpad => "shared-ipad",
            AvailabilityRule::IgnoredOnSharedIpad => "ignored-on-shared-ipad",
            AvailabilityRule::WrongChannel => "wrong-channel",
            AvailabilityRule::ScopeNotAllowed => "scope-not-allowed",
            AvailabilityRule::EnrollmentNotAllowed => "enrollment-not-allowed",
            AvailabilityRule::NoManualInstall => "no-manual-install",
            AvailabilityRule::Unencodable => "unencodable",
        }
    }

    /// Whether the rule depends on the OS version only (with the platform fixed).
    pub fn is_version_rule(self) -> bool {
        matches!(self, AvailabilityRule::NotYetIntroduced | AvailabilityRule::Removed | AvailabilityRule::Deprecated)
    }
}

/// A set of rules, for suppressing what an ancestor already reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RuleSet(u32);

impl RuleSet {
    pub(crate) const EMPTY: RuleSet = RuleSet(0);
    pub(crate) fn with(self, rule: AvailabilityRule) -> RuleSet {
        RuleSet(self.0 | 1 << rule as u8)
    }
    pub(crate) fn has(self, rule: AvailabilityRule) -> bool {
        self.0 & (1 << rule as u8) != 0
    }
}

/// One thing the device will refuse, ignore or deprecate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AvailabilityFinding {
    pub severity: Severity,
    /// Where: empty for the value as a whole, else the key path (`Updates[0].MaxUserDeferrals`).
    pub path: String,
    pub rule: AvailabilityRule,
    /// A sentence for people, naming the key, the rule and the schema's numbers.
    pub message: String,
}

impl serde::Serialize for AvailabilityRule {
    /// As the validator names it: `availability.` and [`name`](AvailabilityRule::name).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("availability.{}", self.name()))
    }
}

impl serde::Serialize for AvailabilityFinding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("AvailabilityFinding", 4)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("rule", &self.rule)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

impl fmt::Display for AvailabilityFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// Everything [`super::check`] found, in the order of the schema's keys (the value as a whole
/// first).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AvailabilityReport {
    pub findings: Vec<AvailabilityFinding>,
}

impl AvailabilityReport {
    /// No errors (warnings allowed): the device will take it.
    pub fn is_ok(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// No findings at all.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn errors(&self) -> impl Iterator<Item = &AvailabilityFinding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &AvailabilityFinding> {
        self.findings.iter().filter(|f| f.severity == Severity::Warning)
    }

    /// The findings at exactly `path` (`""`: the value as a whole).
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a AvailabilityFinding> + 'a {
        self.findings.iter().filter(move |f| f.path == path)
    }

    /// Whether `rule` was reported at `path`.
    pub fn has(&self, path: &str, rule: AvailabilityRule) -> bool {
        self.findings.iter().any(|f| f.path == path && f.rule == rule)
    }

    /// The rules reported at `path`.
    pub fn rules_at(&self, path: &str) -> Vec<AvailabilityRule> {
        self.at(path).map(|f| f.rule).collect()
    }
}

impl fmt::Display for AvailabilityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("no findings");
        }
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            finding.fmt(f)?;
        }
        Ok(())
    }
}
