//! The generated tables: per schema and per key, the resolved `supportedOS` and every constraint
//! the schema states, as `'static` data.
//!
//! Every generated module has a `SCHEMA` static ([`super::LazyTable`]) that reads its
//! [`SchemaTable`] from text on first use. Its key trees mirror
//! the schema's `payloadkeys` and `responsekeys`; each [`KeyNode`] carries its resolved
//! [`Support`] (inheritance payload → key → subkey already applied by the generator) and the
//! constraints a validator needs (type, presence, `rangelist`, `range`, `format`, value type,
//! `repetition`, union tag). A recursive schema (a folder that holds pages of icons) is a
//! [`Children::Recursive`] link back to an ancestor's key list, never expanded.

use std::sync::OnceLock;

use super::platform::Platform;
use super::version::OsVersion;

/// The value type of a key (`type` in the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    String,
    Integer,
    Real,
    Boolean,
    Date,
    Data,
    Array,
    Dictionary,
    /// `<any>`: any plist value.
    Any,
}

/// A value of `rangelist` or `default`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Str(&'static str),
    Int(i64),
    Real(f64),
    Bool(bool),
}

/// `range`: bounds of a number, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// `repetition`: bounds of an array's length, both inclusive; `u64::MAX` = unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repetition {
    pub min: u64,
    pub max: u64,
}

/// The keys beneath a key.
#[derive(Debug, Clone, Copy)]
pub enum Children {
    None,
    /// A dictionary's keys; an array's single item key (its name is a placeholder, not a key on
    /// the wire); the alternatives of a tagged array (see [`KeyNode::union_tag`]).
    Keys(&'static [KeyNode]),
    /// The same list as an ancestor's (a recursive schema); the list is that ancestor's, so its
    /// support is the one resolved where the list first occurs.
    Recursive(RecursiveList),
}

/// The link of a recursive key to its ancestor's key list, which is still being read when the
/// link is made (see [`super::LazyTable`]).
#[derive(Clone, Copy)]
pub struct RecursiveList(pub(super) &'static OnceLock<&'static [KeyNode]>);

impl RecursiveList {
    /// The ancestor's keys.
    pub fn keys(&self) -> &'static [KeyNode] {
        self.0.get().copied().unwrap_or_default()
    }
}

impl std::fmt::Debug for RecursiveList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The list holds this link: printing it would never end.
        write!(f, "RecursiveList({} keys)", self.keys().len())
    }
}

/// One key of a schema, with every constraint the schema states.
#[derive(Debug, Clone, Copy)]
pub struct KeyNode {
    /// The wire name; for an array item, the schema's placeholder name (`UpdatesItem`).
    pub name: &'static str,
    pub ty: KeyType,
    /// `presence: required`.
    pub required: bool,
    /// Required, but not everywhere its dictionary exists (its `supportedOS` narrows where:
    /// another OS, channel, enrollment or Shared iPad mode): its absence is judged in context
    /// (see [`crate::validate`]), and its generated field is an `Option`.
    pub narrowed: bool,
    /// `ANY` / `ANY <what>`: stands for every key of the dictionary that has no node of its own.
    pub any: bool,
    pub default: Option<Scalar>,
    /// Allowed values; empty = any value.
    pub rangelist: &'static [Scalar],
    pub range: Option<Range>,
    /// A regular expression the string value must match.
    pub format: Option<&'static str>,
    /// `valuetype`/`subtype` without angle brackets (`url`, `hostname`, `email` …).
    pub valuetype: Option<&'static str>,
    pub repetition: Option<Repetition>,
    /// `combinetype` (DDM: how values of several configurations combine).
    pub combinetype: Option<&'static str>,
    /// For an array whose items are one of several dictionaries: the key that tells them apart.
    /// Each child is then one alternative, recognised by that key's single `rangelist` value.
    pub union_tag: Option<&'static str>,
    /// Resolved availability.
    pub support: &'static Support,
    pub children: Children,
}

impl KeyNode {
    /// A node with no constraints, for `..KeyNode::EMPTY` in the generated tables.
    pub const EMPTY: KeyNode = KeyNode {
        name: "",
        ty: KeyType::Any,
        required: false,
        narrowed: false,
        any: false,
        default: None,
        rangelist: &[],
        range: None,
        format: None,
        valuetype: None,
        repetition: None,
        combinetype: None,
        union_tag: None,
        support: &Support::NONE,
        children: Children::None,
    };

    /// The keys beneath this one (a recursive link's target list included).
    pub fn children(&self) -> &'static [KeyNode] {
        match self.children {
            Children::None => &[],
            Children::Keys(k) => k,
            Children::Recursive(r) => r.keys(),
        }
    }

    /// Whether the children are a link back to an ancestor's list.
    pub fn is_recursive(&self) -> bool {
        matches!(self.children, Children::Recursive(_))
    }

    /// The resolved support on one platform (`None`: the schema has no entry for it).
    pub fn support(&self, platform: Platform) -> Option<&'static OsSupport> {
        self.support.get(platform)
    }

    /// For a tagged array: the alternative whose tag value is `tag_value`.
    pub fn alternative(&self, tag_value: &str) -> Option<&'static KeyNode> {
        let tag = self.union_tag?;
        self.children()
            .iter()
            .find(|alt| alt.children().iter().any(|k| k.name == tag && matches!(k.rangelist.first(), Some(Scalar::Str(v)) if *v == tag_value)))
    }

    /// The named child (not `ANY`).
    pub fn child(&self, name: &str) -> Option<&'static KeyNode> {
        find_named(self.children(), name)
    }
}

fn find_named(keys: &'static [KeyNode], name: &str) -> Option<&'static KeyNode> {
    keys.iter().find(|k| !k.any && k.name == name)
}

/// A bound of `supportedOS` (`introduced`, `deprecated`, `removed`) as the schema writes it.
///
/// Meanings (see the module docs of [`crate::availability`]):
/// - a version: from that version on;
/// - `n/a` ([`Bound::NotApplicable`]): as `introduced`, not supported on that OS at all; as
///   `deprecated` or `removed`, never;
/// - `all` ([`Bound::All`]) and `'0'` ([`Bound::Zero`]): version 0, before every release. So
///   `introduced: all` = on every version, and `removed: '0'` = removed on every version (the only
///   keys carrying it, in `other/manifesturl.yaml`, are titled and described "removed").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    Version(OsVersion),
    NotApplicable,
    All,
    Zero,
}

impl Bound {
    /// The version this bound starts at; `None` for `n/a`.
    pub fn version(&self) -> Option<&OsVersion> {
        match self {
            Bound::Version(v) => Some(v),
            Bound::All | Bound::Zero => Some(&OsVersion::ZERO),
            Bound::NotApplicable => None,
        }
    }
}

/// `sharedipad.mode` / `userenrollment.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Usable with or without it (also what a missing mode means).
    Allowed,
    /// Usable only with it.
    Required,
    /// Refused with it.
    Forbidden,
    /// Accepted but ignored with it.
    Ignored,
}

impl Mode {
    /// The schema's word for the mode (`allowed`, `required`, `forbidden`, `ignored`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Allowed => "allowed",
            Mode::Required => "required",
            Mode::Forbidden => "forbidden",
            Mode::Ignored => "ignored",
        }
    }
}

/// A value of `allowed-enrollments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllowedEnrollment {
    /// A supervised device enrollment (manual or automated).
    Supervised,
    /// An unsupervised device enrollment.
    Device,
    /// User enrollment.
    User,
    /// Local management, without an MDM server.
    Local,
    /// A value this crate does not know; it matches no device.
    Other(&'static str),
}

/// A value of `allowed-scopes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The device (system) scope: the device channel.
    System,
    /// The user scope: the user channel.
    User,
    /// Local (appears among shared iPad scopes).
    Local,
    /// A value this crate does not know; it matches no device.
    Other(&'static str),
}

impl AllowedEnrollment {
    /// The values this crate knows, each spelled by [`name`](Self::name).
    pub const KNOWN: [AllowedEnrollment; 4] = [AllowedEnrollment::Supervised, AllowedEnrollment::Device, AllowedEnrollment::User, AllowedEnrollment::Local];

    /// The schema's spelling.
    pub fn name(&self) -> &'static str {
        match self {
            AllowedEnrollment::Supervised => "supervised",
            AllowedEnrollment::Device => "device",
            AllowedEnrollment::User => "user",
            AllowedEnrollment::Local => "local",
            AllowedEnrollment::Other(o) => o,
        }
    }
}

impl Scope {
    /// The values this crate knows, each spelled by [`name`](Self::name).
    pub const KNOWN: [Scope; 3] = [Scope::System, Scope::User, Scope::Local];

    /// The schema's spelling.
    pub fn name(&self) -> &'static str {
        match self {
            Scope::System => "system",
            Scope::User => "user",
            Scope::Local => "local",
            Scope::Other(o) => o,
        }
    }
}

/// `sharedipad` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedIpad {
    pub mode: Option<Mode>,
    pub devicechannel: Option<bool>,
    pub userchannel: Option<bool>,
    pub allowed_scopes: Option<&'static [Scope]>,
}

/// `userenrollment` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserEnrollment {
    pub mode: Option<Mode>,
    pub behavior: Option<&'static str>,
}

/// The resolved `supportedOS` entry of one OS. `None` = the schema does not say, which for each
/// field means "no constraint" (see the module docs of [`crate::availability`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsSupport {
    pub introduced: Option<Bound>,
    pub deprecated: Option<Bound>,
    pub removed: Option<Bound>,
    /// The access right the server needs, as the schema names it (`AllowAppInstallation`);
    /// see [`super::AccessRights::from_schema_name`].
    pub accessrights: Option<&'static str>,
    /// Whether several copies of the payload may be installed.
    pub multiple: Option<bool>,
    pub devicechannel: Option<bool>,
    pub userchannel: Option<bool>,
    pub supervised: Option<bool>,
    pub requiresdep: Option<bool>,
    pub userapprovedmdm: Option<bool>,
    pub allowmanualinstall: Option<bool>,
    pub always_skippable: Option<bool>,
    pub beta: Option<bool>,
    pub allowed_enrollments: Option<&'static [AllowedEnrollment]>,
    pub allowed_scopes: Option<&'static [Scope]>,
    pub sharedipad: Option<SharedIpad>,
    pub userenrollment: Option<UserEnrollment>,
}

impl OsSupport {
    /// An entry that states nothing, for `..OsSupport::EMPTY` in the generated tables.
    pub const EMPTY: OsSupport = OsSupport {
        introduced: None,
        deprecated: None,
        removed: None,
        accessrights: None,
        multiple: None,
        devicechannel: None,
        userchannel: None,
        supervised: None,
        requiresdep: None,
        userapprovedmdm: None,
        allowmanualinstall: None,
        always_skippable: None,
        beta: None,
        allowed_enrollments: None,
        allowed_scopes: None,
        sharedipad: None,
        userenrollment: None,
    };

    /// Whether the OS supports it at some version (`introduced` is not `n/a`).
    pub fn is_supported(&self) -> bool {
        self.introduced != Some(Bound::NotApplicable)
    }

    /// First version that has it: `None` = no version (`n/a`); no `introduced` = every version.
    pub fn introduced_in(&self) -> Option<&OsVersion> {
        match &self.introduced {
            None => Some(&OsVersion::ZERO),
            Some(b) => b.version(),
        }
    }

    /// First version that deprecates it; `None` = never.
    pub fn deprecated_in(&self) -> Option<&OsVersion> {
        self.deprecated.as_ref().and_then(Bound::version)
    }

    /// First version that no longer has it; `None` = never.
    pub fn removed_in(&self) -> Option<&OsVersion> {
        self.removed.as_ref().and_then(Bound::version)
    }

    /// Whether `version` has it: introduced at or before it, and not removed at or before it.
    pub fn is_available(&self, version: &OsVersion) -> bool {
        self.introduced_in().is_some_and(|i| version >= i) && self.removed_in().filter(|r| version >= *r).is_none()
    }

    /// Whether `version` has it deprecated.
    pub fn is_deprecated(&self, version: &OsVersion) -> bool {
        self.deprecated_in().is_some_and(|d| version >= d)
    }

    /// The user-enrollment mode; a missing one means [`Mode::Allowed`].
    pub fn userenrollment_mode(&self) -> Mode {
        self.userenrollment.and_then(|u| u.mode).unwrap_or(Mode::Allowed)
    }

    /// The shared-iPad mode; a missing one means [`Mode::Allowed`].
    pub fn sharedipad_mode(&self) -> Mode {
        self.sharedipad.and_then(|s| s.mode).unwrap_or(Mode::Allowed)
    }
}

/// The resolved `supportedOS` of a schema or key: one entry per platform, indexed by
/// [`Platform::index`]. A missing entry means not supported on that platform, unless no
/// platform has one ([`Support::is_empty`]): then the schema says nothing about availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Support(pub [Option<&'static OsSupport>; 5]);

impl Support {
    /// No entry for any platform.
    pub const NONE: Support = Support([None; 5]);

    pub fn get(&self, platform: Platform) -> Option<&'static OsSupport> {
        self.0[platform.index()]
    }

    /// No platform has an entry: the schema states no availability.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// The platforms that support it at some version.
    pub fn platforms(&self) -> impl Iterator<Item = Platform> + '_ {
        Platform::ALL.into_iter().filter(|p| self.get(*p).is_some_and(OsSupport::is_supported))
    }

    /// Whether `version` of `platform` has it, by version only (no other rule).
    pub fn is_available(&self, platform: Platform, version: &OsVersion) -> bool {
        if self.is_empty() {
            return true;
        }
        self.get(platform).is_some_and(|s| s.is_available(version))
    }
}

/// Which key tree of a schema a type is: the payload (command, profile payload, declaration …)
/// or the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Payload,
    Response,
}

/// The table of one schema file.
#[derive(Debug, Clone, Copy)]
pub struct SchemaTable {
    /// Path of the YAML file within Apple's schema tree.
    pub source: &'static str,
    /// `RequestType`, `PayloadType`, declaration `Type` or status item name, if any.
    pub wire_id: Option<&'static str>,
    /// The payload's `supportedOS`.
    pub support: &'static Support,
    /// `payloadkeys`.
    pub keys: &'static [KeyNode],
    /// `responsekeys`, for commands and check-in messages that have them.
    pub response_keys: Option<&'static [KeyNode]>,
}

impl SchemaTable {
    /// The payload's resolved support on one platform.
    pub fn support(&self, platform: Platform) -> Option<&'static OsSupport> {
        self.support.get(platform)
    }

    /// The key tree of one part (`None`: the schema has no such part).
    pub fn part(&self, part: Part) -> Option<&'static [KeyNode]> {
        match part {
            Part::Payload => Some(self.keys),
            Part::Response => self.response_keys,
        }
    }

    /// The payload key at `path`, in the form the reports use: `Updates[0].MaxUserDeferrals`
    /// (indexes may be left out: `Updates.MaxUserDeferrals`; any index selects the array's item
    /// key). Key names may contain dots (`AirPort.menu`): the longest name that fits wins.
    /// Free-form (`ANY`) keys match any name; for a tagged array, the first alternative that has
    /// the rest of the path is taken.
    pub fn key(&self, path: &str) -> Option<&'static KeyNode> {
        lookup(self.keys, path)
    }

    /// The response key at `path` (see [`SchemaTable::key`]).
    pub fn response_key(&self, path: &str) -> Option<&'static KeyNode> {
        lookup(self.response_keys?, path)
    }

    /// Every key of the payload tree with its path (indexes left out), depth first in schema
    /// order. Recursive links are not followed.
    pub fn paths(&self) -> Vec<(String, &'static KeyNode)> {
        let mut out = Vec::new();
        collect(self.keys, "", &mut out);
        out
    }
}

fn collect(keys: &'static [KeyNode], prefix: &str, out: &mut Vec<(String, &'static KeyNode)>) {
    for k in keys {
        let path = if prefix.is_empty() { k.name.to_string() } else { format!("{prefix}.{}", k.name) };
        out.push((path.clone(), k));
        if k.is_recursive() {
            continue;
        }
        match k.ty {
            KeyType::Array => {
                for item in k.children() {
                    out.push((format!("{path}[]"), item));
                    if !item.is_recursive() {
                        collect_item(item, &format!("{path}[]"), out);
                    }
                }
            }
            _ => collect(k.children(), &path, out),
        }
    }
}

fn collect_item(item: &'static KeyNode, path: &str, out: &mut Vec<(String, &'static KeyNode)>) {
    match item.ty {
        KeyType::Array => {
            for sub in item.children() {
                let p = format!("{path}[]");
                out.push((p.clone(), sub));
                if !sub.is_recursive() {
                    collect_item(sub, &p, out);
                }
            }
        }
        _ => collect(item.children(), path, out),
    }
}

/// Skips one `[…]` index at the start of `rest`, if any.
fn skip_index(rest: &str) -> Option<&str> {
    let inner = rest.strip_prefix('[')?;
    let end = inner.find(']')?;
    Some(&inner[end + 1..])
}

fn lookup(keys: &'static [KeyNode], path: &str) -> Option<&'static KeyNode> {
    if path.is_empty() {
        return None;
    }
    // Named keys, longest first, so `AirPort.menu` beats `AirPort`.
    let mut candidates: Vec<&'static KeyNode> = keys.iter().filter(|k| !k.any && path.starts_with(k.name)).collect();
    candidates.sort_by_key(|k| std::cmp::Reverse(k.name.len()));
    for k in candidates {
        if let Some(found) = descend(k, &path[k.name.len()..]) {
            return Some(found);
        }
    }
    let any = keys.iter().find(|k| k.any)?;
    let end = path.find(['.', '[']).unwrap_or(path.len());
    descend(any, &path[end..])
}

/// `rest` is what follows `node`'s name in a path.
fn descend(node: &'static KeyNode, rest: &str) -> Option<&'static KeyNode> {
    if rest.is_empty() {
        return Some(node);
    }
    if let Some(after) = rest.strip_prefix('.') {
        return match node.ty {
            KeyType::Array => node.children().iter().find_map(|item| descend_implicit(item, rest, 0)),
            _ => lookup(node.children(), after),
        };
    }
    if rest.starts_with('[') && node.ty == KeyType::Array {
        let after = skip_index(rest)?;
        return node.children().iter().find_map(|item| descend(item, after));
    }
    None
}

/// An array item reached without an index (`Updates.ProductKey`); nested arrays are entered
/// too, a bounded number of times (a recursive schema could loop).
fn descend_implicit(item: &'static KeyNode, rest: &str, depth: usize) -> Option<&'static KeyNode> {
    if item.ty == KeyType::Array {
        if depth > 8 {
            return None;
        }
        return item.children().iter().find_map(|sub| descend_implicit(sub, rest, depth + 1));
    }
    descend(item, rest)
}
