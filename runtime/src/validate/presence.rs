//! Presence in context: a key with `presence: required` is required only where it exists.
//!
//! A key's resolved `supportedOS` narrows where it exists (an OS with `introduced: n/a`, a later
//! version, `devicechannel: false`, `userenrollment.mode: required` …). The generator marks
//! such keys ([`KeyNode::narrowed`]); a narrowed required key that is missing is judged against
//! what is known of the device ([`Presence`]): from a [`DeviceContext`], or, without one, from
//! what the document itself shows ([`Presence::infer`]: `EnrollmentID` without `UDID` is User
//! Enrollment, `UserID` means the user channel, an `Authenticate`'s `ProductName` names the
//! platform). Where the key exists in every case that fits, its absence is an error; in none,
//! nothing; in some, a note that says where it is required.
//!
//! `UDID` and `EnrollmentID` are alternatives: under User Enrollment `UDID` is never required
//! (on macOS the schema does not say so, but `EnrollmentID` replaces it there too), outside it
//! `EnrollmentID` is not; a list that misses both is one error.

use std::cell::OnceCell;

use crate::availability::{Channel, DeviceContext, Enrollment, KeyNode, Mode, OsSupport, OsVersion, Platform, Support};

/// What is known of the device a document comes from or goes to. `None` = not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presence {
    pub platform: Option<Platform>,
    pub version: Option<OsVersion>,
    pub channel: Option<Channel>,
    pub user_enrollment: Option<bool>,
    pub shared_ipad: Option<bool>,
    pub supervised: Option<bool>,
}

impl From<&DeviceContext> for Presence {
    fn from(ctx: &DeviceContext) -> Self {
        Presence {
            platform: Some(ctx.platform),
            version: Some(ctx.version.clone()),
            channel: Some(ctx.channel),
            user_enrollment: Some(ctx.enrollment == Enrollment::User),
            shared_ipad: Some(ctx.is_shared_ipad()),
            supervised: Some(ctx.supervised),
        }
    }
}

impl Presence {
    /// What a document says of its sender: User Enrollment from `EnrollmentID` without `UDID`
    /// (and not from `UDID`), the user channel from `UserID` / `UserShortName` /
    /// `UserLongName` / `EnrollmentUserID`, the device channel from a device identifier without
    /// them, the platform and version from `ProductName` / `Model` and `OSVersion`.
    pub fn infer(dict: &plist::Dictionary) -> Presence {
        let has = |k: &str| dict.contains_key(k);
        let text = |k: &str| dict.get(k).and_then(plist::Value::as_string);
        let user_enrollment = match (has("UDID"), has("EnrollmentID")) {
            (true, _) => Some(false),
            (false, true) => Some(true),
            (false, false) => None,
        };
        let user = ["UserID", "UserShortName", "UserLongName", "EnrollmentUserID"].iter().any(|k| has(k));
        let channel = if user {
            Some(Channel::User)
        } else if user_enrollment.is_some() {
            Some(Channel::Device)
        } else {
            None
        };
        let platform = text("ProductName").or_else(|| text("Model")).and_then(Platform::from_product_name);
        let version = platform.and(text("OSVersion")).and_then(|v| v.parse().ok());
        Presence { platform, version, channel, user_enrollment, shared_ipad: None, supervised: None }
    }

    /// What a document shows of its sender ([`Presence::infer`] on a dictionary; nothing
    /// for another value).
    pub fn of(value: &plist::Value) -> Presence {
        value.as_dictionary().map(Presence::infer).unwrap_or_default()
    }

    /// Fills what `self` does not know from `other`.
    pub fn or(self, other: Presence) -> Presence {
        Presence {
            platform: self.platform.or(other.platform),
            version: self.version.or(other.version),
            channel: self.channel.or(other.channel),
            user_enrollment: self.user_enrollment.or(other.user_enrollment),
            shared_ipad: self.shared_ipad.or(other.shared_ipad),
            supervised: self.supervised.or(other.supervised),
        }
    }
}

/// What a walk knows of the device, worked out the first time it is needed (a narrowed
/// required key is missing), not for every document: reading what a document shows of its
/// sender looks up several keys by name, which cost about a sixth of a verdict.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sender<'a> {
    /// The document, whose keys show its sender ([`Presence::of`]).
    shown: Option<&'a plist::Value>,
    /// What a device context (or the caller) states.
    stated: Option<Presence>,
    known: OnceCell<Presence>,
}

impl<'a> Sender<'a> {
    /// What the caller states, and nothing else.
    pub(crate) fn stated(presence: Presence) -> Self {
        Sender { shown: None, stated: Some(presence), known: OnceCell::new() }
    }

    /// What is known of the device `value` comes from or goes to: the context's platform,
    /// version, supervision and Shared iPad when given; the enrollment as the document shows
    /// it (a User Enrollment `TokenUpdate` shows `EnrollmentID` and no `UDID`, another
    /// enrollment its `UDID`) and the user channel when it shows the user's keys, else the
    /// context's. A context is often partial (`--os iOS:17.0 --channel device`, no enrollment)
    /// and fills what it leaves out with defaults: those complete what the message shows of
    /// its own sender, never contradict it.
    pub(crate) fn shown(value: &'a plist::Value, ctx: Option<&DeviceContext>) -> Self {
        Sender { shown: Some(value), stated: ctx.map(Presence::from), known: OnceCell::new() }
    }

    /// What is known.
    pub(crate) fn get(&self) -> &Presence {
        self.known.get_or_init(|| match (self.shown.map(Presence::of), &self.stated) {
            (Some(shown), Some(stated)) => {
                // A user channel is shown by the user's keys; the device channel only by their
                // absence, which is what a context that says "user channel" is there to judge.
                let channel = if shown.channel == Some(Channel::User) { shown.channel } else { stated.channel };
                Presence { channel, user_enrollment: shown.user_enrollment.or(stated.user_enrollment), ..stated.clone() }
            }
            (Some(shown), None) => shown,
            (None, Some(stated)) => stated.clone(),
            (None, None) => Presence::default(),
        })
    }
}

/// Whether something exists on one OS in a context: yes, no, or it depends on what is not
/// known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exists {
    Yes,
    No,
    Maybe,
}

fn both(a: Exists, b: Exists) -> Exists {
    match (a, b) {
        (Exists::No, _) | (_, Exists::No) => Exists::No,
        (Exists::Maybe, _) | (_, Exists::Maybe) => Exists::Maybe,
        _ => Exists::Yes,
    }
}

/// A condition that holds when `known` equals `wanted`, and is open when it is not known.
fn condition(known: Option<bool>, wanted: bool) -> Exists {
    match known {
        Some(k) if k == wanted => Exists::Yes,
        Some(_) => Exists::No,
        None => Exists::Maybe,
    }
}

fn mode(mode: Option<Mode>, known: Option<bool>) -> Exists {
    match mode {
        Some(Mode::Required) => condition(known, true),
        Some(Mode::Forbidden) => condition(known, false),
        _ => Exists::Yes,
    }
}

/// Whether what `os` describes exists on its OS for the device `p` describes.
fn exists_on(os: &OsSupport, p: &Presence) -> Exists {
    let Some(introduced) = os.introduced_in() else { return Exists::No };
    let mut e = match &p.version {
        Some(v) if v < introduced => Exists::No,
        Some(v) if os.removed_in().is_some_and(|r| v >= r) => Exists::No,
        Some(_) => Exists::Yes,
        None if os.removed_in() == Some(&OsVersion::ZERO) => Exists::No,
        None => Exists::Yes,
    };
    e = both(
        e,
        match (p.channel, os.devicechannel, os.userchannel) {
            (Some(Channel::Device), Some(false), _) | (Some(Channel::User), _, Some(false)) => Exists::No,
            (None, Some(false), _) | (None, _, Some(false)) => Exists::Maybe,
            _ => Exists::Yes,
        },
    );
    e = both(e, mode(os.userenrollment.as_ref().and_then(|u| u.mode), p.user_enrollment));
    e = both(e, mode(os.sharedipad.as_ref().and_then(|s| s.mode), p.shared_ipad));
    if os.supervised == Some(true) {
        e = both(e, condition(p.supervised, true));
    }
    e
}

/// Without a known version: whether a key introduced after (or removed before) the dictionary
/// it is in exists depends on the version, which is not known.
fn later_than(os: &OsSupport, parent: Option<&OsSupport>, p: &Presence) -> Exists {
    if p.version.is_some() {
        return Exists::Yes;
    }
    let parent_introduced = parent.and_then(OsSupport::introduced_in).unwrap_or(&OsVersion::ZERO);
    let later = os.introduced_in().is_some_and(|v| v > parent_introduced);
    let removed = os.removed_in().is_some() && parent.and_then(OsSupport::removed_in) != os.removed_in();
    if later || removed {
        Exists::Maybe
    } else {
        Exists::Yes
    }
}

/// The candidate platforms: the known one, else every one.
fn platforms(p: &Presence) -> Vec<Platform> {
    match p.platform {
        Some(platform) => vec![platform],
        None => Platform::ALL.to_vec(),
    }
}

/// Where a narrowed required key is required, in words: `macOS (user channel)`.
fn describe(os: &OsSupport, platform: Platform) -> String {
    let mut what = Vec::new();
    if let Some(v) = os.introduced_in().filter(|v| **v != OsVersion::ZERO) {
        what.push(format!("{v}+"));
    }
    match (os.devicechannel, os.userchannel) {
        (Some(false), _) => what.push("user channel".to_string()),
        (_, Some(false)) => what.push("device channel".to_string()),
        _ => {}
    }
    match os.userenrollment.as_ref().and_then(|u| u.mode) {
        Some(Mode::Required) => what.push("User Enrollment".into()),
        Some(Mode::Forbidden) => what.push("not User Enrollment".into()),
        _ => {}
    }
    match os.sharedipad.as_ref().and_then(|s| s.mode) {
        Some(Mode::Required) => what.push("Shared iPad".into()),
        Some(Mode::Forbidden) => what.push("not Shared iPad".into()),
        _ => {}
    }
    if os.supervised == Some(true) {
        what.push("supervised".into());
    }
    if what.is_empty() {
        platform.name().to_string()
    } else {
        format!("{} ({})", platform.name(), what.join(", "))
    }
}

/// How a missing required key is to be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Missing {
    /// Required wherever the document can come from or go to: an error.
    Error,
    /// Required only in some of the cases that fit what is known (in words): a note.
    Note(String),
    /// Not required in this context.
    No,
}

/// How the absence of the narrowed required key `node`, in a dictionary whose own support is
/// `parent`, is judged for the device `p`; `siblings_missing` tells whether a key of the same
/// list is missing too (for the `UDID` / `EnrollmentID` pair).
pub(crate) fn judge(node: &KeyNode, parent: &Support, p: &Presence, sibling_missing: impl Fn(&str) -> bool) -> Missing {
    match (node.name, p.user_enrollment) {
        ("UDID", Some(true)) | ("EnrollmentID", Some(false)) => return Missing::No,
        // Neither identifier: one error, at `UDID`.
        ("UDID", None) if sibling_missing("EnrollmentID") => return Missing::Error,
        ("EnrollmentID", None) if sibling_missing("UDID") => return Missing::No,
        _ => {}
    }
    let mut required = Vec::new();
    let mut open = 0;
    let mut candidates = 0;
    for platform in platforms(p) {
        let here = match parent.get(platform) {
            Some(os) => exists_on(os, p),
            None if parent.is_empty() => Exists::Yes,
            None => Exists::No,
        };
        if here == Exists::No {
            continue;
        }
        candidates += 1;
        let key = match node.support.get(platform) {
            Some(os) => both(exists_on(os, p), later_than(os, parent.get(platform), p)),
            None if node.support.is_empty() => Exists::Yes,
            None => Exists::No,
        };
        match both(here, key) {
            Exists::Yes => required.push(platform),
            Exists::Maybe => {
                open += 1;
                required.push(platform);
            }
            Exists::No => {}
        }
    }
    if required.is_empty() {
        Missing::No
    } else if open == 0 && required.len() == candidates {
        Missing::Error
    } else {
        let places: Vec<String> = required.iter().map(|pl| node.support.get(*pl).map_or_else(|| pl.name().to_string(), |os| describe(os, *pl))).collect();
        Missing::Note(places.join("; "))
    }
}
