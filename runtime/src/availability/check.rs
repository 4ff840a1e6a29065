//! Judging a value against a table: the schema as a whole first, then every key that is set,
//! depth first, with its full path.

use plist::Value;
use serde::Serialize;

use super::context::{Channel, DeviceContext, Enrollment};
use super::report::{AvailabilityFinding, AvailabilityReport, AvailabilityRule, RuleSet};
use super::table::{AllowedEnrollment, KeyNode, KeyType, Mode, OsSupport, Part, SchemaTable, Scope, Support};
use super::AccessRights;

/// A generated type with a schema table: the main type of every schema (payload keys) and the
/// response type of commands and check-in messages (response keys).
pub trait HasSchema {
    /// The table of the schema file the type comes from.
    fn schema() -> &'static SchemaTable;
    /// The registry of the crate that generated the type: where the schemas of the values it
    /// holds (a profile's payloads) are found.
    fn registry() -> &'static crate::Registry;
    /// Which key tree of that schema describes the type.
    const PART: Part = Part::Payload;
}

/// Checks a typed value (a command, a profile payload, a declaration …) against a device: what
/// it will refuse or ignore (errors) and what it deprecates or ignores in its mode (warnings).
///
/// The value is serialized to a plist and judged by [`check_part`].
/// A whole profile (`TopLevel`) is judged payload by payload, each against its own schema, with
/// paths from the profile (`PayloadContent[1].…`).
pub fn check<T: HasSchema + Serialize>(value: &T, ctx: &DeviceContext) -> AvailabilityReport {
    match plist::to_value(value) {
        Ok(v) => check_deep(T::registry(), T::schema(), T::PART, &v, ctx),
        Err(e) => unencodable(e),
    }
}

/// Checks any member of a dispatch enum (`AnyCommand`, `AnyPayload` …) as [`check`] checks
/// the member's own type; an `Unknown` member has no schema and no finding.
pub fn check_any<A: crate::AnyMessage + Serialize>(value: &A, ctx: &DeviceContext) -> AvailabilityReport {
    match (value.schema(), plist::to_value(value)) {
        (Some((table, part)), Ok(v)) => check_deep(A::registry(), table, part, &v, ctx),
        (None, _) => AvailabilityReport { findings: Vec::new() },
        (_, Err(e)) => unencodable(e),
    }
}

/// Checks a declaration (authored or sent) against a device: its payload against the schema its
/// `Type` names, with paths from the declaration (`Payload.MinimumLength`). A `Type` the
/// schemas do not know has no finding.
pub fn check_declaration<P: Serialize>(registry: &crate::Registry, declaration: &crate::Declaration<P>, ctx: &DeviceContext) -> AvailabilityReport {
    let Some(table) = registry.find_schema(crate::Category::Declarations, &declaration.declaration_type) else {
        return AvailabilityReport { findings: Vec::new() };
    };
    match plist::to_value(&declaration.payload) {
        Ok(v) => {
            let mut report = check_part(table, Part::Payload, &v, ctx);
            for f in &mut report.findings {
                if !f.path.is_empty() {
                    f.path = format!("Payload.{}", f.path);
                }
            }
            report
        }
        Err(e) => unencodable(e),
    }
}

/// [`check_part`], and for a profile wrapper each payload of `PayloadContent` too.
pub(crate) fn check_deep(registry: &crate::Registry, table: &SchemaTable, part: Part, value: &Value, ctx: &DeviceContext) -> AvailabilityReport {
    let mut report = check_part(table, part, value, ctx);
    if table.source != "mdm/profiles/TopLevel.yaml" {
        return report;
    }
    let items = value.as_dictionary().and_then(|d| d.get("PayloadContent")).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for (i, item) in items.iter().enumerate() {
        let Some(pt) = item.as_dictionary().and_then(|d| d.get("PayloadType")).and_then(Value::as_string) else { continue };
        let Some(payload) = registry.find_schema(crate::Category::Profiles, pt) else { continue };
        for mut f in check_part(payload, Part::Payload, item, ctx).findings {
            f.path = if f.path.is_empty() { format!("PayloadContent[{i}]") } else { format!("PayloadContent[{i}].{}", f.path) };
            report.findings.push(f);
        }
    }
    report
}

/// Checks a raw document against a schema's payload keys (see [`check_part`]).
pub fn check_value(table: &SchemaTable, value: &Value, ctx: &DeviceContext) -> AvailabilityReport {
    check_part(table, Part::Payload, value, ctx)
}

/// Checks a JSON document (a DDM declaration's `Payload`, a status item) against a schema's
/// payload keys. A key whose value is `null` counts as not set.
pub fn check_json(table: &SchemaTable, value: &serde_json::Value, ctx: &DeviceContext) -> AvailabilityReport {
    let value = json_to_plist(value).unwrap_or(Value::Boolean(false));
    check_part(table, Part::Payload, &value, ctx)
}

/// JSON as a plist, without `null`s (plist has none; serde would write them as empty strings).
fn json_to_plist(value: &serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => return None,
        J::Bool(b) => Value::Boolean(*b),
        J::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Integer(i.into()),
            (None, Some(u)) => Value::Integer(u.into()),
            _ => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => Value::String(s.clone()),
        J::Array(items) => Value::Array(items.iter().filter_map(json_to_plist).collect()),
        J::Object(map) => Value::Dictionary(map.iter().filter_map(|(k, v)| Some((k.clone(), json_to_plist(v)?))).collect()),
    })
}

fn unencodable(e: plist::Error) -> AvailabilityReport {
    AvailabilityReport {
        findings: vec![AvailabilityFinding {
            severity: AvailabilityRule::Unencodable.severity(),
            path: String::new(),
            rule: AvailabilityRule::Unencodable,
            message: format!("the value cannot be encoded as a plist to be checked: {e}"),
        }],
    }
}

/// Checks a raw document against one key tree of a schema.
///
/// The schema's own support is judged first (path `""`), then every key the document sets, in
/// schema order, with its path (`Updates[0].MaxUserDeferrals`). Keys that are not set are not
/// judged. Keys the schema does not describe are not judged (there is nothing to judge them
/// by). A key reports only what its ancestors did not already report: a key of a command that
/// needs supervision does not repeat it.
pub fn check_part(table: &SchemaTable, part: Part, value: &Value, ctx: &DeviceContext) -> AvailabilityReport {
    let mut w = Walker { ctx, subject: table.wire_id.unwrap_or(table.source), path: String::new(), findings: Vec::new() };
    let fired = w.judge(table.support, RuleSet::EMPTY);
    if let (Some(keys), Value::Dictionary(dict)) = (table.part(part), value) {
        w.dictionary(keys, dict, table.support, fired);
    }
    AvailabilityReport { findings: w.findings }
}

struct Walker<'c> {
    ctx: &'c DeviceContext,
    /// How the value as a whole is named in messages.
    subject: &'static str,
    /// The current path; pushed and truncated while walking, copied into findings only.
    path: String,
    findings: Vec<AvailabilityFinding>,
}

impl Walker<'_> {
    fn dictionary(&mut self, keys: &'static [KeyNode], dict: &plist::Dictionary, parent: &'static Support, fired: RuleSet) {
        let mut any = None;
        for node in keys {
            if node.any {
                any = Some(node);
                continue;
            }
            if let Some(v) = dict.get(node.name) {
                let len = self.push_key(node.name);
                self.key(node, v, parent, fired);
                self.path.truncate(len);
            }
        }
        if let Some(any) = any {
            for (name, v) in dict {
                if keys.iter().any(|k| !k.any && k.name == name.as_str()) {
                    continue;
                }
                let len = self.push_key(name);
                self.key(any, v, parent, fired);
                self.path.truncate(len);
            }
        }
    }

    /// Appends `.name` (or `name` at the root); returns the length to truncate back to.
    fn push_key(&mut self, name: &str) -> usize {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(name);
        len
    }

    fn key(&mut self, node: &'static KeyNode, value: &Value, parent: &'static Support, inherited: RuleSet) {
        // A key that shares its parent's support can only repeat what the parent reported.
        let fired = if std::ptr::eq(node.support, parent) { inherited } else { self.judge(node.support, inherited) };
        match (node.ty, value) {
            (KeyType::Dictionary, Value::Dictionary(d)) => self.dictionary(node.children(), d, node.support, fired),
            (KeyType::Array, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let item_node = match node.union_tag {
                        Some(tag) => item.as_dictionary().and_then(|d| d.get(tag)).and_then(Value::as_string).and_then(|t| node.alternative(t)),
                        None => node.children().first(),
                    };
                    let Some(item_node) = item_node else { continue };
                    let len = self.path.len();
                    self.path.push('[');
                    self.path.push_str(itoa(i, &mut [0u8; 20]));
                    self.path.push(']');
                    self.key(item_node, item, node.support, fired);
                    self.path.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Reports `rule` here unless an ancestor already did; records that it fired either way.
    fn fire(&mut self, fired: &mut Fired, rule: AvailabilityRule, message: impl FnOnce(&str) -> String) {
        fired.now = fired.now.with(rule);
        if fired.above.has(rule) {
            return;
        }
        let subject = if self.path.is_empty() { format!("`{}`", self.subject) } else { format!("`{}`", self.path) };
        self.findings.push(AvailabilityFinding { severity: rule.severity(), path: self.path.clone(), rule, message: message(&subject) });
    }

    /// Judges one support entry; returns the rules that fired here or above.
    fn judge(&mut self, support: &'static Support, above: RuleSet) -> RuleSet {
        if support.is_empty() {
            return above;
        }
        let ctx = self.ctx;
        let platform = ctx.platform;
        let mut fired = Fired { above, now: above };
        let Some(os) = support.get(platform) else {
            self.fire(&mut fired, AvailabilityRule::NotOnPlatform, |s| format!("{s} is not available on {platform} (the schema has no {platform} entry)"));
            return fired.now;
        };
        let Some(introduced) = os.introduced_in() else {
            self.fire(&mut fired, AvailabilityRule::NotOnPlatform, |s| format!("{s} is not available on {platform} (introduced: n/a)"));
            return fired.now;
        };
        let version = &ctx.version;
        if version < introduced {
            self.fire(&mut fired, AvailabilityRule::NotYetIntroduced, |s| format!("{s} needs {platform} {introduced} or later; the device runs {version}"));
        }
        let removed = os.removed_in().filter(|r| version >= *r);
        if let Some(removed) = removed {
            self.fire(&mut fired, AvailabilityRule::Removed, |s| format!("{s} was removed in {platform} {removed}; the device runs {version}"));
        }
        // A removal says more than the deprecation before it.
        if let Some(deprecated) = os.deprecated_in().filter(|d| version >= *d && removed.is_none()) {
            self.fire(&mut fired, AvailabilityRule::Deprecated, |s| format!("{s} is deprecated since {platform} {deprecated}; the device runs {version}"));
        }
        self.judge_rules(os, &mut fired);
        fired.now
    }

    /// The rules other than platform and version.
    fn judge_rules(&mut self, os: &'static OsSupport, fired: &mut Fired) {
        let ctx = self.ctx;
        if os.supervised == Some(true) && !ctx.supervised {
            self.fire(fired, AvailabilityRule::NeedsSupervision, |s| format!("{s} needs a supervised device"));
        }
        if os.requiresdep == Some(true) && ctx.enrollment != Enrollment::Automated {
            self.fire(fired, AvailabilityRule::NeedsAutomatedEnrollment, |s| format!("{s} needs Automated Device Enrollment (requiresdep)"));
        }
        if os.userapprovedmdm == Some(true) && !ctx.is_user_approved() {
            self.fire(fired, AvailabilityRule::NeedsUserApprovedMdm, |s| format!("{s} needs a user-approved MDM enrollment"));
        }
        if let Some(name) = os.accessrights {
            if AccessRights::from_schema_name(name).is_some_and(|right| !ctx.access_rights.contains(right)) {
                self.fire(fired, AvailabilityRule::MissingAccessRight, |s| format!("{s} needs the access right {name}"));
            }
        }
        let user_enrolled = ctx.enrollment == Enrollment::User;
        match os.userenrollment_mode() {
            Mode::Forbidden if user_enrolled => self.fire(fired, AvailabilityRule::UserEnrollment, |s| format!("{s} is refused under user enrollment")),
            Mode::Required if !user_enrolled => self.fire(fired, AvailabilityRule::UserEnrollment, |s| format!("{s} is accepted under user enrollment only")),
            Mode::Ignored if user_enrolled => {
                let behavior = os.userenrollment.and_then(|u| u.behavior);
                self.fire(fired, AvailabilityRule::IgnoredUnderUserEnrollment, |s| match behavior {
                    Some(b) => format!("{s} is ignored under user enrollment: {b}"),
                    None => format!("{s} is ignored under user enrollment"),
                })
            }
            _ => {}
        }
        let shared = ctx.is_shared_ipad();
        match os.sharedipad_mode() {
            Mode::Forbidden if shared => self.fire(fired, AvailabilityRule::SharedIpad, |s| format!("{s} is refused on a Shared iPad")),
            Mode::Required if !shared => self.fire(fired, AvailabilityRule::SharedIpad, |s| format!("{s} is accepted on a Shared iPad only")),
            Mode::Ignored if shared => self.fire(fired, AvailabilityRule::IgnoredOnSharedIpad, |s| format!("{s} is ignored on a Shared iPad")),
            _ => {}
        }
        let ipad = if shared { os.sharedipad } else { None };
        let (allowed, channel) = match ctx.channel {
            Channel::Device => (ipad.and_then(|i| i.devicechannel).or(os.devicechannel), "device"),
            Channel::User => (ipad.and_then(|i| i.userchannel).or(os.userchannel), "user"),
        };
        if allowed == Some(false) {
            let where_ = if ipad.is_some() { " of a Shared iPad" } else { "" };
            self.fire(fired, AvailabilityRule::WrongChannel, |s| format!("{s} is not accepted on the {channel} channel{where_}"));
        }
        if let Some(scopes) = ipad.and_then(|i| i.allowed_scopes).or(os.allowed_scopes) {
            let scope = ctx.scope();
            if !scopes.contains(&scope) {
                let list: Vec<&str> = scopes.iter().map(Scope::name).collect();
                self.fire(fired, AvailabilityRule::ScopeNotAllowed, |s| {
                    format!("{s} is not allowed in the {} scope (allowed: {})", scope.name(), list.join(", "))
                });
            }
        }
        if let Some(enrollments) = os.allowed_enrollments {
            let e = ctx.allowed_enrollment();
            if !enrollments.contains(&e) {
                let list: Vec<&str> = enrollments.iter().map(AllowedEnrollment::name).collect();
                self.fire(fired, AvailabilityRule::EnrollmentNotAllowed, |s| {
                    format!("{s} is not allowed for {} enrollments (allowed: {})", e.name(), list.join(", "))
                });
            }
        }
        if os.allowmanualinstall == Some(false) && ctx.enrollment == Enrollment::Local {
            self.fire(fired, AvailabilityRule::NoManualInstall, |s| format!("{s} cannot be installed by hand (allowmanualinstall: false)"));
        }
    }
}

/// Rules that fired above the node being judged (not reported again) and here or above.
struct Fired {
    above: RuleSet,
    now: RuleSet,
}

/// Formats an index without allocating.
fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}
