//! `supportedOS` drift: per OS and attribute (introduced, deprecated, removed, supervision, DEP,
//! enrollment modes, channels, scopes …). Compared on the resolved rules (inheritance applied), but
//! reported only where an attribute is written: a change of the payload's `supportedOS` is one
//! change at `payload`, not one more at every key that inherits it.

use crate::model::{Mode, Os, OsSupport, SupportedOs, VersionSpec};

/// One attribute of an OS's `supportedOS` rules, by its YAML name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AvailabilityField {
    Introduced,
    Deprecated,
    Removed,
    Supervised,
    RequiresDep,
    UserApprovedMdm,
    DeviceChannel,
    UserChannel,
    AllowedEnrollments,
    AllowedScopes,
    UserEnrollmentMode,
    UserEnrollmentBehavior,
    SharedIpadMode,
    SharedIpadDeviceChannel,
    SharedIpadUserChannel,
    SharedIpadAllowedScopes,
    AccessRights,
    Multiple,
    AllowManualInstall,
    AlwaysSkippable,
    Beta,
}

impl AvailabilityField {
    pub const ALL: [AvailabilityField; 21] = [
        AvailabilityField::Introduced,
        AvailabilityField::Deprecated,
        AvailabilityField::Removed,
        AvailabilityField::Supervised,
        AvailabilityField::RequiresDep,
        AvailabilityField::UserApprovedMdm,
        AvailabilityField::DeviceChannel,
        AvailabilityField::UserChannel,
        AvailabilityField::AllowedEnrollments,
        AvailabilityField::AllowedScopes,
        AvailabilityField::UserEnrollmentMode,
        AvailabilityField::UserEnrollmentBehavior,
        AvailabilityField::SharedIpadMode,
        AvailabilityField::SharedIpadDeviceChannel,
        AvailabilityField::SharedIpadUserChannel,
        AvailabilityField::SharedIpadAllowedScopes,
        AvailabilityField::AccessRights,
        AvailabilityField::Multiple,
        AvailabilityField::AllowManualInstall,
        AvailabilityField::AlwaysSkippable,
        AvailabilityField::Beta,
    ];

    /// The attribute as written in YAML (`introduced`, `userenrollment.mode`, `allowed-enrollments`).
    pub fn name(self) -> &'static str {
        use AvailabilityField as F;
        match self {
            F::Introduced => "introduced",
            F::Deprecated => "deprecated",
            F::Removed => "removed",
            F::Supervised => "supervised",
            F::RequiresDep => "requiresdep",
            F::UserApprovedMdm => "userapprovedmdm",
            F::DeviceChannel => "devicechannel",
            F::UserChannel => "userchannel",
            F::AllowedEnrollments => "allowed-enrollments",
            F::AllowedScopes => "allowed-scopes",
            F::UserEnrollmentMode => "userenrollment.mode",
            F::UserEnrollmentBehavior => "userenrollment.behavior",
            F::SharedIpadMode => "sharedipad.mode",
            F::SharedIpadDeviceChannel => "sharedipad.devicechannel",
            F::SharedIpadUserChannel => "sharedipad.userchannel",
            F::SharedIpadAllowedScopes => "sharedipad.allowed-scopes",
            F::AccessRights => "accessrights",
            F::Multiple => "multiple",
            F::AllowManualInstall => "allowmanualinstall",
            F::AlwaysSkippable => "always-skippable",
            F::Beta => "beta",
        }
    }

    /// The attribute's value in one OS's rules, if stated.
    fn value(self, s: &OsSupport) -> Option<Value> {
        use AvailabilityField as F;
        let b = |v: Option<bool>| v.map(Value::Bool);
        let list = |v: &Option<Vec<String>>| v.as_ref().map(|l| Value::List(l.clone()));
        let mode = |m: Option<Mode>| m.map(|m| Value::Text(m.as_str().to_string()));
        let sh = s.sharedipad.as_ref();
        let ue = s.userenrollment.as_ref();
        match self {
            F::Introduced => s.introduced.clone().map(Value::Version),
            F::Deprecated => s.deprecated.clone().map(Value::Version),
            F::Removed => s.removed.clone().map(Value::Version),
            F::Supervised => b(s.supervised),
            F::RequiresDep => b(s.requiresdep),
            F::UserApprovedMdm => b(s.userapprovedmdm),
            F::DeviceChannel => b(s.devicechannel),
            F::UserChannel => b(s.userchannel),
            F::AllowedEnrollments => list(&s.allowed_enrollments),
            F::AllowedScopes => list(&s.allowed_scopes),
            F::UserEnrollmentMode => mode(ue.and_then(|u| u.mode)),
            F::UserEnrollmentBehavior => ue.and_then(|u| u.behavior.clone()).map(Value::Text),
            F::SharedIpadMode => mode(sh.and_then(|x| x.mode)),
            F::SharedIpadDeviceChannel => b(sh.and_then(|x| x.devicechannel)),
            F::SharedIpadUserChannel => b(sh.and_then(|x| x.userchannel)),
            F::SharedIpadAllowedScopes => sh.and_then(|x| list(&x.allowed_scopes)),
            F::AccessRights => s.accessrights.clone().map(Value::Text),
            F::Multiple => b(s.multiple),
            F::AllowManualInstall => b(s.allowmanualinstall),
            F::AlwaysSkippable => b(s.always_skippable),
            F::Beta => b(s.beta),
        }
    }
}

/// An attribute value; versions compare numerically (`10.13` equals `10.13.0`), lists as sets.
#[derive(Debug, Clone)]
enum Value {
    Version(VersionSpec),
    Bool(bool),
    Text(String),
    List(Vec<String>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Version(a), Value::Version(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                let set = |l: &Vec<String>| l.iter().cloned().collect::<std::collections::BTreeSet<String>>();
                set(a) == set(b)
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Version(v) => v.fmt(f),
            Value::Bool(b) => b.fmt(f),
            Value::Text(t) => f.write_str(t),
            Value::List(l) => f.write_str(&l.join(", ")),
        }
    }
}

/// One attribute that differs: OS, attribute, old and new value (`None` = not stated).
pub type AvailabilityDiff = (Os, AvailabilityField, Option<String>, Option<String>);

/// The differences between two resolved rule sets, limited to the attributes written on either
/// side (`written_*`); pass the resolved sets again as written for a payload, which inherits
/// from nothing.
pub fn diff(written_old: &SupportedOs, written_new: &SupportedOs, old: &SupportedOs, new: &SupportedOs) -> Vec<AvailabilityDiff> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    for os in Os::ALL {
        let (wo, wn) = (written_old.get(os), written_new.get(os));
        if wo.is_none() && wn.is_none() {
            continue; // inherited whole on both sides: reported where it is written
        }
        // An OS that is not listed and one listed as `introduced: n/a` are equally unavailable;
        // the other attributes of an unavailable OS mean nothing.
        let available = |s: Option<&'_ OsSupport>| s.filter(|s| s.introduced != Some(VersionSpec::NotApplicable)).cloned();
        let (ro, rn) = match (available(old.get(os)), available(new.get(os))) {
            (None, None) => continue,
            (None, Some(n)) => {
                out.push((os, AvailabilityField::Introduced, Some(NOT_AVAILABLE.into()), Some(os_summary(os, &n))));
                continue;
            }
            (Some(o), None) => {
                out.push((os, AvailabilityField::Introduced, Some(os_summary(os, &o)), Some(NOT_AVAILABLE.into())));
                continue;
            }
            (Some(o), Some(n)) if o == n => continue,
            (Some(o), Some(n)) => (o, n),
        };
        let (ro, rn) = (&ro, &rn);
        for field in AvailabilityField::ALL {
            let written = |w: Option<&OsSupport>| w.is_some_and(|s| field.value(s).is_some());
            if !written(wo) && !written(wn) {
                continue;
            }
            let (a, b) = (field.value(ro), field.value(rn));
            if a != b {
                out.push((os, field, a.map(|v| v.to_string()), b.map(|v| v.to_string())));
            }
        }
    }
    out
}

/// The value shown for an OS that is not available (not listed, or `introduced: n/a`).
pub const NOT_AVAILABLE: &str = "n/a";

/// One OS's rules in a few words: `18.1+ (supervised, user enrollment forbidden)`.
fn os_summary(os: Os, s: &OsSupport) -> String {
    let text = one_os(os, s);
    text.strip_prefix(os.key()).map_or(text.clone(), |t| t.trim_start().to_string())
}

fn one_os(o: Os, s: &OsSupport) -> String {
    let mut text = match &s.introduced {
        Some(VersionSpec::NotApplicable) => return format!("{o} n/a"),
        Some(v) => format!("{o} {v}+"),
        None => format!("{o}"),
    };
    let mut notes = Vec::new();
    if let Some(d) = s.deprecated.as_ref().filter(|d| d.as_cutoff().is_some()) {
        notes.push(format!("deprecated {d}"));
    }
    if let Some(r) = s.removed.as_ref().filter(|r| r.as_cutoff().is_some()) {
        notes.push(format!("removed {r}"));
    }
    for (flag, name) in [(s.supervised, "supervised"), (s.requiresdep, "requires DEP"), (s.userapprovedmdm, "user-approved MDM")] {
        if flag == Some(true) {
            notes.push(name.to_string());
        }
    }
    for (flag, name) in [(s.devicechannel, "device channel"), (s.userchannel, "user channel")] {
        if flag == Some(false) {
            notes.push(format!("no {name}"));
        }
    }
    if let Some(m) = s.userenrollment.as_ref().and_then(|u| u.mode) {
        notes.push(format!("user enrollment {}", m.as_str()));
    }
    if let Some(m) = s.sharedipad.as_ref().and_then(|u| u.mode) {
        notes.push(format!("shared iPad {}", m.as_str()));
    }
    if let Some(e) = &s.allowed_enrollments {
        notes.push(format!("enrollments: {}", e.join("/")));
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join(", ")));
    }
    text
}

/// One entry per OS: `iOS 18.1+ (supervised, user enrollment forbidden); macOS n/a`.
pub fn summary(os: &SupportedOs) -> String {
    if os.is_empty() {
        return "no supportedOS".to_string();
    }
    os.0.iter().map(|(o, s)| one_os(*o, s)).collect::<Vec<_>>().join("; ")
}
