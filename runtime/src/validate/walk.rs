//! The walk: a document against a key table, every violation collected in one pass. Paths are a
//! stack of segments rendered only when a finding is made, so a clean document allocates
//! nothing for them; depth is bounded, so hostile nesting cannot exhaust the stack.
//!
//! Speed (see `tests/benches/validate.rs`): a document's keys are looked up in a compact index
//! of the key list (`index.rs`), from where the last one was found, so keys in schema order
//! cost one comparison each; a scalar key whose only rule is a `rangelist` or a `range` has it
//! compiled in the index (`rules.rs`), so most values are judged in the loop over a
//! dictionary's entries; required keys are counted as they are met, and which one is missing
//! is worked out only when the count falls short. A verdict-only walk ([`Walker::verdict`])
//! stops at the first error and makes no warnings; in each dictionary it judges every key and
//! every value's type before it steps into any value (an error is found before the walk goes
//! deeper), and a message is never built for it. What the document shows of its sender
//! (`presence.rs`) is read only when a narrowed required key is missing.

use super::doc::{DocValue, Kind};
use super::formats;
use super::index::{index, Check, Head, ListIndex};
use super::presence::{self, Missing, Sender};
use super::report::{Finding, Message, Path, PathWriter, Rule, Severity, Text};
use crate::availability::{KeyNode, KeyType, Scalar, Support};

/// Deepest nesting the validator follows; Apple's deepest schema nests about 12 levels.
pub const MAX_DEPTH: usize = 128;

/// How many values of one dictionary a verdict-only walk sets aside to step into after the
/// dictionary's own keys are judged (the rest it steps into at once).
const DEFERRED: usize = 8;

/// The positions of a key list a dictionary names, for lists of up to 128 keys (longer ones
/// are asked of the dictionary itself, by name).
struct Positions(u128);

impl Positions {
    /// Every key of `dict` looked up again (as the walk found them: in order, one comparison
    /// each), which costs less than hashing the required keys' names to look them up.
    fn of<V: DocValue>(index: &ListIndex, dict: &V) -> Positions {
        let mut cursor = 0;
        let mut seen = 0u128;
        for (name, _) in dict.entries() {
            if let Some((position, _)) = index.find_head(Head::of(name), name, &mut cursor) {
                if position < 128 {
                    seen |= 1 << position;
                }
            }
        }
        Positions(seen)
    }

    /// Whether the position was named; `by_name` answers for a position past 128.
    fn has(&self, position: usize, by_name: impl FnOnce() -> bool) -> bool {
        if position < 128 {
            self.0 & (1 << position) != 0
        } else {
            by_name()
        }
    }
}

/// Where a dictionary exists, read only when a narrowed required key is missing: its key's
/// support, or a support given.
#[derive(Clone, Copy)]
pub(crate) enum Parent {
    Key(&'static KeyNode),
    Support(&'static Support),
}

impl Parent {
    fn support(self) -> &'static Support {
        match self {
            Parent::Key(node) => node.support,
            Parent::Support(support) => support,
        }
    }
}

/// One step of a key path.
#[derive(Clone)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    /// A key the document spells with escapes (JSON read from bytes), under an `ANY` map.
    Owned(Box<str>),
    Index(usize),
}

/// Where a key path is written: a `String`, or the path a finding keeps in itself
/// ([`PathWriter`]); [`Walker::write_path`] writes both.
trait PathOut {
    fn push_str(&mut self, s: &str);
    fn is_empty(&self) -> bool;
}

impl PathOut for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    #[inline]
    fn is_empty(&self) -> bool {
        String::is_empty(self)
    }
}

impl PathOut for PathWriter {
    #[inline]
    fn push_str(&mut self, s: &str) {
        PathWriter::push_str(self, s);
    }
    #[inline]
    fn is_empty(&self) -> bool {
        PathWriter::is_empty(self)
    }
}

/// Writes a number in decimal (`write!` goes through the formatting machinery, which showed in
/// the report benchmark).
fn push_decimal(out: &mut impl PathOut, mut n: usize) {
    // Most indexes are one digit: one push.
    if n < 10 {
        out.push_str(DIGITS.get(n..n + 1).unwrap_or("0"));
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or(""));
}

const DIGITS: &str = "0123456789";

pub(crate) struct Walker<'a> {
    prefix: String,
    /// Where the walk is (kept only when findings are made).
    path: Vec<Seg<'a>>,
    /// How deep the walk is.
    depth: usize,
    /// Keys a caller handles itself at the top level (`RequestType`, envelope keys).
    top_level_extra: &'a [&'a str],
    /// The depth limit was hit (reported once; everything deeper is skipped).
    too_deep: bool,
    /// Only the verdict: no findings are made, the walk stops at the first error.
    verdict_only: bool,
    /// An error was found.
    pub(crate) failed: bool,
    pub(crate) findings: Vec<Finding>,
    /// What is known of the device, to judge the absence of narrowed required keys.
    pub(crate) presence: Sender<'a>,
    /// Where the document's top-level dictionary exists (its schema's support).
    pub(crate) root_support: &'static Support,
    /// Top-level keys are not required (a response that is not `Acknowledged` has no body).
    pub(crate) no_top_level_required: bool,
}

fn key_type_name(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "<string>",
        KeyType::Integer => "<integer>",
        KeyType::Real => "<real>",
        KeyType::Boolean => "<boolean>",
        KeyType::Date => "<date>",
        KeyType::Data => "<data>",
        KeyType::Array => "<array>",
        KeyType::Dictionary => "<dictionary>",
        KeyType::Any => "<any>",
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Str(v) => (*v).to_string(),
        Scalar::Int(v) => v.to_string(),
        Scalar::Real(v) => v.to_string(),
        Scalar::Bool(v) => v.to_string(),
    }
}

/// [`type_ok_of`] of a key whose [`Check`] is at hand, of a value of `kind`: most values are told
/// by their kind alone.
#[inline]
fn type_ok_as<V: DocValue>(check: Check, v: &V, kind: Kind) -> bool {
    check.takes(kind) || (V::JSON && type_ok_of(check.ty, v, kind))
}

/// Whether a value of `kind` is of type `ty` (the walk reads a value's kind once).
#[inline]
fn type_ok_of<V: DocValue>(ty: KeyType, v: &V, kind: Kind) -> bool {
    match (ty, kind) {
        (KeyType::Any, _) => true,
        (KeyType::String, Kind::String)
        | (KeyType::Integer, Kind::Integer)
        | (KeyType::Real, Kind::Real | Kind::Integer)
        | (KeyType::Boolean, Kind::Boolean)
        | (KeyType::Date, Kind::Date)
        | (KeyType::Data, Kind::Data)
        | (KeyType::Array, Kind::Array)
        | (KeyType::Dictionary, Kind::Dictionary) => true,
        // JSON has no integer type of its own (3.0 is an integer), and carries dates and data
        // as strings.
        (KeyType::Integer, Kind::Real) => V::JSON && v.as_i64().is_some(),
        (KeyType::Date | KeyType::Data, Kind::String) => V::JSON,
        _ => false,
    }
}

/// What macOS makes of a value of another type when it reads a profile (CFPreferences
/// converts): `0`/`1` and the strings `true`/`false`/`YES`/`NO` for a boolean, a whole real for
/// an integer, a number's text for a number. `None` when it is a plain type error. Plists only:
/// DDM's JSON is read by its own decoder, which converts nothing.
fn coerced<V: DocValue>(ty: KeyType, v: &V) -> Option<String> {
    if V::JSON {
        return None;
    }
    match (ty, v.kind()) {
        (KeyType::Boolean, Kind::Integer) => match v.as_i64() {
            Some(0) => Some("false".into()),
            Some(1) => Some("true".into()),
            _ => None,
        },
        (KeyType::Boolean, Kind::String) => match v.as_str()?.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some("true".into()),
            "false" | "no" => Some("false".into()),
            _ => None,
        },
        (KeyType::Integer, Kind::Real) => v.as_f64().filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15).map(|x| format!("{}", x as i64)),
        (KeyType::Integer, Kind::String) => v.as_str()?.trim().parse::<i64>().ok().map(|n| n.to_string()),
        (KeyType::Real, Kind::String) => v.as_str()?.trim().parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| x.to_string()),
        _ => None,
    }
}

fn in_rangelist<V: DocValue>(list: &[Scalar], v: &V) -> bool {
    // A string equals only the list's strings; the value is read once, not per item.
    if let Some(text) = v.as_str() {
        return list.iter().any(|s| matches!(s, Scalar::Str(x) if *x == text));
    }
    let (int, real, boolean) = (v.as_i64(), v.as_f64(), v.as_bool());
    list.iter().any(|s| match s {
        Scalar::Str(_) => false,
        Scalar::Int(x) => int == Some(*x) || real == Some(*x as f64),
        Scalar::Real(x) => real == Some(*x),
        Scalar::Bool(x) => boolean == Some(*x),
    })
}

impl<'a> Walker<'a> {
    pub(crate) fn new(prefix: &str, top_level_extra: &'a [&'a str]) -> Self {
        Walker {
            prefix: prefix.to_string(),
            // Room for the usual depth and findings at once, rather than growing by doubling.
            path: Vec::with_capacity(16),
            findings: Vec::with_capacity(8),
            verdict_only: false,
            ..Self::verdict(top_level_extra)
        }
    }

    /// A walker that only finds whether the document has an error (it allocates nothing).
    pub(crate) fn verdict(top_level_extra: &'a [&'a str]) -> Self {
        Walker {
            prefix: String::new(),
            path: Vec::new(),
            depth: 0,
            top_level_extra,
            too_deep: false,
            verdict_only: true,
            failed: false,
            findings: Vec::new(),
            presence: Sender::default(),
            root_support: &Support::NONE,
            no_top_level_required: false,
        }
    }

    /// The same walker judging presence for `presence`, at the root of a schema of `support`.
    pub(crate) fn in_context(mut self, presence: Sender<'a>, support: &'static Support) -> Self {
        self.presence = presence;
        self.root_support = support;
        self
    }

    /// A walker for a part of a document, at `depth`, whose findings the caller merges.
    pub(crate) fn nested<'b>(&self) -> Walker<'b> {
        Walker {
            depth: self.depth,
            verdict_only: self.verdict_only,
            presence: Sender::stated(self.presence.get().clone()),
            ..Walker::new(&self.render(None), &[])
        }
    }

    /// Takes in the outcome of a [`Walker::nested`] walk.
    pub(crate) fn merge(&mut self, nested: Walker<'_>) {
        self.failed |= nested.failed;
        self.too_deep |= nested.too_deep;
        self.findings.extend(nested.findings);
    }

    /// Whether a verdict-only walk can stop: it has found an error.
    #[inline]
    pub(crate) fn settled(&self) -> bool {
        self.failed && self.verdict_only
    }

    /// The key path of `last` under the walk's position: `PayloadContent[2].Updates[0].InstallAction`.
    fn write_path(&self, last: Option<&Seg<'_>>, out: &mut impl PathOut) {
        out.push_str(&self.prefix);
        for seg in self.path.iter().chain(last) {
            let key: &str = match seg {
                Seg::Key(k) => k,
                Seg::Owned(k) => k,
                Seg::Index(i) => {
                    out.push_str("[");
                    push_decimal(out, *i);
                    out.push_str("]");
                    continue;
                }
            };
            if !out.is_empty() {
                out.push_str(".");
            }
            out.push_str(key);
        }
    }

    pub(crate) fn render(&self, last: Option<Seg<'_>>) -> String {
        let mut out = String::with_capacity(self.prefix.len() + 24 * (self.path.len() + 1));
        self.write_path(last.as_ref(), &mut out);
        out
    }

    /// [`Walker::render`] as a finding keeps it: in the finding when it is short (no
    /// allocation), else rendered as a `String`.
    pub(crate) fn path_of(&self, last: Option<Seg<'_>>) -> Path {
        let mut out = PathWriter::new();
        self.write_path(last.as_ref(), &mut out);
        out.finish().unwrap_or_else(|| Path::Heap(self.render(last)))
    }

    /// Makes a finding; its texts (expected, actual, message) are built only when the walk
    /// keeps findings, not in a verdict-only walk.
    pub(crate) fn report(&mut self, last: Option<Seg<'_>>, severity: Severity, rule: Rule, texts: impl FnOnce() -> (Option<String>, Option<String>, String)) {
        self.failed |= severity == Severity::Error;
        if self.verdict_only {
            return;
        }
        let (expected, actual, message) = texts();
        let mut finding = Finding::new(severity, rule, self.render(last), message);
        if let Some(e) = expected {
            finding = finding.with_expected(e);
        }
        if let Some(a) = actual {
            finding = finding.with_actual(a);
        }
        self.findings.push(finding);
    }

    /// A value of another type than its key's (`expected`, `actual`: the types' names).
    pub(crate) fn type_error(&mut self, last: Option<Seg<'_>>, expected: &'static str, actual: &'static str) {
        self.failed = true;
        if self.verdict_only {
            return;
        }
        let path = self.path_of(last);
        self.findings.push(Finding::type_mismatch(path, expected, actual));
    }

    /// Whether a value one level down is valid by its type alone (most values: the key has no
    /// other rule and nothing beneath), so the walk need not step into it.
    #[inline]
    pub(crate) fn judged_by_type<V: DocValue>(&self, check: Check, v: &V) -> bool {
        check.plain && self.depth < MAX_DEPTH && type_ok_as(check, v, v.kind())
    }

    /// Whether a value one level down is within the depth limit.
    #[inline]
    pub(crate) fn shallow(&self) -> bool {
        self.depth < MAX_DEPTH
    }

    /// Steps into a key or an item.
    #[inline]
    pub(crate) fn enter(&mut self, seg: Seg<'a>) {
        self.depth += 1;
        if !self.verdict_only {
            self.path.push(seg);
        }
    }

    /// Steps back out.
    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
        if !self.verdict_only {
            self.path.pop();
        }
    }

    /// A dictionary against its keys; `parent` is where the dictionary exists.
    pub(crate) fn dictionary<V: DocValue>(&mut self, keys: &'static [KeyNode], parent: &'static Support, dict: &'a V) {
        self.dictionary_in(index(keys), Parent::Support(parent), dict);
    }

    /// A dictionary against the keys of an index.
    fn dictionary_in<V: DocValue>(&mut self, index: &'static ListIndex, parent: Parent, dict: &'a V) {
        if self.verdict_only {
            return self.dictionary_verdict(index, parent, dict);
        }
        // Findings of missing required keys come first; they are known once every key is seen.
        let start = self.findings.len();
        let mut required_seen = 0;
        let mut cursor = 0;
        let shallow = self.depth < MAX_DEPTH;
        for (name, value) in dict.entries() {
            let kind = value.kind();
            let (position, check) = match index.next_is(&mut cursor, name) {
                Some(slot) => {
                    required_seen += usize::from(slot.check().required);
                    if shallow && slot.plain_takes(kind) {
                        continue;
                    }
                    (slot.position(), slot.check())
                }
                None => {
                    let Some((position, check)) = self.key_past(index, name, &mut cursor) else { continue };
                    required_seen += usize::from(check.required);
                    (position, check)
                }
            };
            if shallow && ((check.plain && type_ok_as(check, value, kind)) || index.confirmed(position, check, value, kind)) {
                continue;
            }
            self.enter(Seg::Key(name));
            self.value_at(check, index, position, value, kind);
            self.leave();
        }
        self.missing_keys(index, parent, start, required_seen, dict);
    }

    /// [`Walker::dictionary_in`] for the verdict alone, which any error settles: every key
    /// and every value's type first, then the required keys, and only then the rest of the
    /// values' rules and what they hold (the costly part), so a missing key or a value of the
    /// wrong type is found before the walk goes deeper.
    fn dictionary_verdict<V: DocValue>(&mut self, index: &'static ListIndex, parent: Parent, dict: &'a V) {
        // A value set aside is its key's position and the value: the key's name is not needed
        // (a verdict-only walk keeps no path) and its `Check` is read again from the index.
        let mut deferred: [Option<(usize, &'a V)>; DEFERRED] = [None; DEFERRED];
        let mut waiting = 0;
        let mut required_seen = 0;
        let mut cursor = 0;
        let shallow = self.depth < MAX_DEPTH;
        for (name, value) in dict.entries() {
            let kind = value.kind();
            let (position, check) = match index.next_is(&mut cursor, name) {
                Some(slot) => {
                    required_seen += usize::from(slot.check().required);
                    if shallow && slot.plain_takes(kind) {
                        continue;
                    }
                    (slot.position(), slot.check())
                }
                None => {
                    let Some((position, check)) = index.search_from(name, &mut cursor).or_else(|| index.any_key()) else { continue };
                    required_seen += usize::from(check.required);
                    (position, check)
                }
            };
            let typed = type_ok_as(check, value, kind);
            if typed && shallow {
                if check.plain || index.confirmed(position, check, value, kind) {
                    continue;
                }
                if waiting < DEFERRED {
                    deferred[waiting] = Some((position, value));
                    waiting += 1;
                    continue;
                }
            }
            // Of the wrong type (an error), too deep, or no room left: judged at once.
            self.enter(Seg::Key(name));
            self.value_at(check, index, position, value, kind);
            self.leave();
            if self.settled() {
                return;
            }
        }
        let start = self.findings.len();
        self.missing_keys(index, parent, start, required_seen, dict);
        // By index: moving the array into an iterator copied all of it.
        for slot in &deferred[..waiting] {
            let Some((position, value)) = *slot else { break };
            if self.settled() {
                return;
            }
            // The segment is not kept (a verdict-only walk has no path), so it names nothing.
            self.enter(Seg::Key(""));
            self.value_at(index.check(position), index, position, value, value.kind());
            self.leave();
        }
    }

    /// Where a dictionary's key is in its list (with the key's [`Check`]), looked up from
    /// `cursor` (an `ANY` list takes every name); `head` is the name's [`Head`]. A name the
    /// list does not hold is a warning (with a suggestion), unless a caller handles it at the
    /// top level.
    #[inline(always)]
    pub(crate) fn key(&mut self, index: &'static ListIndex, head: Head, name: &str, cursor: &mut usize) -> Option<(usize, Check)> {
        let found = index.find_head(head, name, cursor).or_else(|| index.any_key());
        if found.is_none() && !self.verdict_only && !(self.depth == 0 && self.top_level_extra.contains(&name)) {
            self.unknown_key(index, name);
        }
        found
    }

    /// [`Walker::key`] of a name that is not the key at the cursor ([`ListIndex::next_is`]
    /// said no).
    #[inline]
    fn key_past(&mut self, index: &'static ListIndex, name: &str, cursor: &mut usize) -> Option<(usize, Check)> {
        let found = index.search_from(name, cursor).or_else(|| index.any_key());
        if found.is_none() && !self.verdict_only && !(self.depth == 0 && self.top_level_extra.contains(&name)) {
            self.unknown_key(index, name);
        }
        found
    }

    #[cold]
    fn unknown_key(&mut self, index: &'static ListIndex, name: &str) {
        let path = self.path_of(Some(Seg::Key(name)));
        self.findings.push(Finding::unknown_key(path, name.len(), index));
    }

    /// [`Walker::missing_required`] for a dictionary of the document: which keys it has is
    /// worked out only when a required key is missing.
    #[inline(always)]
    fn missing_keys<V: DocValue>(&mut self, index: &'static ListIndex, parent: Parent, start: usize, required_seen: usize, dict: &V) {
        if required_seen != index.required {
            self.missing_keys_of(index, parent, start, required_seen, dict);
        }
    }

    /// [`Walker::missing_keys`] when a required key is missing.
    #[inline(never)]
    fn missing_keys_of<V: DocValue>(&mut self, index: &'static ListIndex, parent: Parent, start: usize, required_seen: usize, dict: &V) {
        let parent = parent.support();
        let seen = Positions::of(index, dict);
        self.missing_required(index, parent, start, required_seen, |position, name| seen.has(position, || dict.get(name).is_some()));
    }

    /// The end of a dictionary whose keys matched `required_seen` required keys: when that is
    /// not all of them, finds which are missing (`present` tells whether the dictionary has the
    /// key at a position, called so) and reports them before the dictionary's other findings
    /// (from `start`). A narrowed key (required only where it exists) is judged against what is
    /// known of the device (see `presence.rs`): an error, a note, or nothing. `parent` is where
    /// the dictionary exists.
    pub(crate) fn missing_required(
        &mut self,
        index: &'static ListIndex,
        parent: &'static Support,
        start: usize,
        required_seen: usize,
        present: impl Fn(usize, &str) -> bool,
    ) {
        // Every required key met (each entry is a distinct name, so a distinct key): none is
        // missing.
        if required_seen == index.required || self.settled() || (self.depth == 0 && self.no_top_level_required) {
            return;
        }
        let parent = if self.depth == 0 { self.root_support } else { parent };
        let keys = index.keys();
        let is_missing = |name: &str| keys.iter().position(|k| k.required && !k.any && k.name == name).is_some_and(|p| !present(p, name));
        let mut missing = Vec::new();
        for (position, node) in index.required_keys() {
            if present(position, node.name) {
                continue;
            }
            let judged = if node.narrowed { presence::judge(node, parent, self.presence.get(), is_missing) } else { Missing::Error };
            let severity = match judged {
                Missing::No => continue,
                Missing::Error => Severity::Error,
                Missing::Note(_) => Severity::Note,
            };
            if severity == Severity::Error {
                self.failed = true;
                if self.verdict_only {
                    return;
                }
            } else if self.verdict_only {
                continue;
            }
            let path = self.path_of(Some(Seg::Key(node.name)));
            let message: Option<Text> = match judged {
                Missing::Note(places) => Some(format!("key `{}` is missing; it is required on {places}", node.name).into()),
                _ if node.name == "UDID" && is_missing("EnrollmentID") => {
                    Some("required key `UDID` is missing (under User Enrollment, `EnrollmentID` replaces it; neither is here)".into())
                }
                _ => None,
            };
            let finding = Finding::required(severity, path, node.name);
            missing.push(match message {
                Some(m) => Finding { message: Message::Text(m), ..finding },
                None => finding,
            });
        }
        self.findings.splice(start..start, missing);
    }

    /// The value of the key at `position` of `index` (whose [`Check`] is `check`), as
    /// [`Walker::value`] judges it: a dictionary or an array whose key has no rule of its own
    /// but the keys or items beneath is stepped into without reading the key's node (a few
    /// hundred bytes over several cache lines).
    #[inline]
    fn value_at<V: DocValue>(&mut self, check: Check, index: &'static ListIndex, position: usize, v: &'a V, kind: Kind) {
        // What `judge` makes of such a value: nothing to report (not too deep, not settled,
        // of its type, no rule of its own).
        if self.depth <= MAX_DEPTH && !self.settled() {
            match kind {
                Kind::Dictionary if check.dictionary => return self.dictionary_in(index.child(position), Parent::Key(index.node(position)), v),
                Kind::Array if check.list => return self.items(index.child(position), v),
                _ => {}
            }
        }
        self.value_of(index.node(position), Some(index.child(position)), v, kind);
    }

    /// One value against its key; `kids` is the index of the key's children when the caller
    /// has it (else it is looked up when needed).
    pub(crate) fn value<V: DocValue>(&mut self, node: &'static KeyNode, kids: Option<&'static ListIndex>, v: &'a V) {
        self.value_of(node, kids, v, v.kind());
    }

    /// [`Walker::value`] of a value of `kind`.
    fn value_of<V: DocValue>(&mut self, node: &'static KeyNode, kids: Option<&'static ListIndex>, v: &'a V, kind: Kind) {
        if !self.judge_as(node, v, kind) {
            return;
        }
        match kind {
            Kind::Array => self.array(node, kids, v),
            Kind::Dictionary => {
                if let Some(index) = dictionary_keys(node, kids) {
                    self.dictionary_in(index, Parent::Key(node), v);
                }
            }
            _ => {}
        }
    }

    /// The rules on a value itself, not on what it holds: depth, type, `rangelist`, `range`
    /// and, for a string, `format` and `valuetype`. False when the walk must not look inside
    /// the value (the verdict is settled, it is too deep or of the wrong type). The checks a
    /// key does not have cost a test each; the rest is out of line.
    pub(crate) fn judge<V: DocValue>(&mut self, node: &'static KeyNode, v: &V) -> bool {
        self.judge_as(node, v, v.kind())
    }

    /// [`Walker::judge`] of a value of `kind`.
    #[inline]
    fn judge_as<V: DocValue>(&mut self, node: &'static KeyNode, v: &V, kind: Kind) -> bool {
        if self.settled() {
            return false;
        }
        if self.depth > MAX_DEPTH {
            self.too_deep();
            return false;
        }
        if !type_ok_of(node.ty, v, kind) {
            self.wrong_type(node, v);
            return false;
        }
        if (!node.rangelist.is_empty() || node.range.is_some()) && matches!(kind, Kind::String | Kind::Integer | Kind::Real) {
            self.listed(node, v, kind);
        }
        if kind == Kind::String && (node.format.is_some() || node.valuetype.is_some() || node.ty == KeyType::Date) {
            if let Some(s) = v.as_str() {
                self.string(node, s);
            }
        }
        true
    }

    /// The depth limit is hit: reported once.
    #[cold]
    fn too_deep(&mut self) {
        if std::mem::replace(&mut self.too_deep, true) {
            return;
        }
        self.report(None, Severity::Error, Rule::Depth, || {
            (Some(format!("at most {MAX_DEPTH} levels")), None, format!("document nests deeper than {MAX_DEPTH} levels; not validated below here"))
        });
    }

    /// A value of another type than its key's: a coercion macOS makes, or a type error.
    #[cold]
    fn wrong_type<V: DocValue>(&mut self, node: &'static KeyNode, v: &V) {
        if let Some(read_as) = coerced(node.ty, v) {
            self.report(None, Severity::Error, Rule::Coercion, || {
                let expected = key_type_name(node.ty);
                let actual = v.kind().name();
                let message =
                    format!("expected {expected}, found {actual} {}: macOS reads it as {read_as}, iOS and Apple Business Manager refuse it", v.show());
                (Some(expected.into()), Some(actual.into()), message)
            });
            return;
        }
        self.type_error(None, key_type_name(node.ty), v.kind().name());
    }

    /// `rangelist` and `range` of a string or number.
    #[inline(never)]
    fn listed<V: DocValue>(&mut self, node: &'static KeyNode, v: &V, kind: Kind) {
        // `rangelist` and `range` together (only `com.apple.MCX(EnergySaver)`'s sleep timers:
        // `rangelist: [0]`, `range: 1 ..= 180`, "a value of 0 means never") list special values
        // beside the range: a value in either is valid. Checked as both at once, no value
        // would be; the JSON Schema export says `anyOf` for the same reason.
        let listed = !node.rangelist.is_empty();
        let in_list = listed && in_rangelist(node.rangelist, v);
        let in_range = match (node.range, matches!(kind, Kind::Integer | Kind::Real)) {
            (Some(range), true) => v.as_f64().map(|x| !range.min.is_some_and(|m| x < m) && !range.max.is_some_and(|m| x > m)),
            _ => None,
        };
        if listed && !in_list && in_range.is_none() {
            self.report(None, Severity::Error, Rule::RangeList, || {
                let allowed = node.rangelist.iter().map(scalar_text).collect::<Vec<_>>().join(", ");
                let actual = v.show();
                let message = format!("{actual} is not one of: {allowed}");
                (Some(allowed), Some(actual), message)
            });
        }
        if let (Some(range), Some(false), false) = (node.range, in_range, in_list) {
            self.report(None, Severity::Error, Rule::Range, || {
                let bounds = format!("{} ..= {}", range.min.map_or("-∞".into(), |m| m.to_string()), range.max.map_or("∞".into(), |m| m.to_string()));
                let actual = v.show();
                let (expected, message) = if listed {
                    let allowed = node.rangelist.iter().map(scalar_text).collect::<Vec<_>>().join(", ");
                    (format!("{allowed} or {bounds}"), format!("{actual} is neither one of {allowed} nor within {bounds}"))
                } else {
                    let message = format!("{actual} is outside {bounds}");
                    (bounds, message)
                };
                (Some(expected), Some(actual), message)
            });
        }
    }

    fn string(&mut self, node: &'static KeyNode, s: &str) {
        if let Some(pattern) = node.format {
            match formats::matches_format(pattern, s) {
                Ok(true) => {}
                Ok(false) => self.report(None, Severity::Error, Rule::Format, || {
                    (Some(pattern.into()), Some(format!("\"{s}\"")), format!("\"{s}\" does not match the format {pattern}"))
                }),
                Err(e) => self.report(None, Severity::Warning, Rule::Format, || {
                    (Some(pattern.into()), None, format!("the schema's format regex does not compile ({e}); value not checked"))
                }),
            }
        }
        let valuetype = match node.ty {
            // JSON carries dates as RFC 3339 strings.
            KeyType::Date => Some("timestamp"),
            _ => node.valuetype,
        };
        if let Some(vt) = valuetype {
            if formats::check_valuetype(vt, s) == Some(false) {
                self.report(None, Severity::Error, Rule::ValueType, || (Some(vt.into()), Some(format!("\"{s}\"")), format!("\"{s}\" is not a valid {vt}")));
            }
        }
    }

    fn array<V: DocValue>(&mut self, node: &'static KeyNode, kids: Option<&'static ListIndex>, v: &'a V) {
        let items = v.items();
        self.repetition(node, items.len());
        let Some((_, list)) = array_item(node, kids) else { return };
        let Some(tag) = node.union_tag else { return self.items(list, v) };
        for (i, value) in items.iter().enumerate() {
            if self.settled() {
                return;
            }
            self.enter(Seg::Index(i));
            self.union_item(node, list, tag, value);
            self.leave();
        }
    }

    /// The items of an array against its item key, the first of `list`.
    fn items<V: DocValue>(&mut self, list: &'static ListIndex, v: &'a V) {
        let check = list.check(0);
        for (i, value) in v.items().iter().enumerate() {
            if self.settled() {
                return;
            }
            let kind = value.kind();
            if self.depth < MAX_DEPTH && ((check.plain && type_ok_as(check, value, kind)) || list.confirmed(0, check, value, kind)) {
                continue;
            }
            self.enter(Seg::Index(i));
            self.value_at(check, list, 0, value, kind);
            self.leave();
        }
    }

    /// The length of an array against its `repetition`. Apple writes `repetition` on the
    /// array's item key (`SCEPSubjectArrayPairItem`: a pair has exactly 2 strings); it bounds
    /// the array's length either way.
    pub(crate) fn repetition(&mut self, node: &'static KeyNode, len: usize) {
        let repetition = node.repetition.or_else(|| node.children().first().and_then(|item| item.repetition).filter(|_| node.union_tag.is_none()));
        if let Some(rep) = repetition {
            let n = len as u64;
            if n < rep.min || n > rep.max {
                self.report(None, Severity::Error, Rule::Repetition, || {
                    let bounds = if rep.max == u64::MAX { format!("at least {}", rep.min) } else { format!("{} to {}", rep.min, rep.max) };
                    let message = format!("{n} item(s), expected {bounds}");
                    (Some(bounds), Some(n.to_string()), message)
                });
            }
        }
    }

    /// An item of a tagged array: validated against the alternative its tag selects; `list`
    /// is the index of the alternatives (`node`'s children).
    pub(crate) fn union_item<V: DocValue>(&mut self, node: &'static KeyNode, list: &'static ListIndex, tag: &'static str, value: &'a V) {
        if value.kind() != Kind::Dictionary {
            self.type_error(None, "<dictionary>", value.kind().name());
            return;
        }
        // The item's few keys compared by name, rather than the tag's name hashed.
        let tag_present = value.entries().find(|(k, _)| *k == tag).map(|(_, v)| v);
        let tag_value = tag_present.and_then(|t| t.as_str());
        match tag_value.and_then(|t| list.alternative(node, tag, t)) {
            Some(position) => self.dictionary_in(list.child(position), Parent::Support(list.node(position).support), value),
            None => {
                let rule = match (tag_present, tag_value) {
                    (_, Some(_)) => Rule::RangeList,
                    // Present but not a string: a type error, not a missing key.
                    (Some(_), None) => Rule::Type,
                    (None, None) => Rule::Required,
                };
                self.report(Some(Seg::Key(tag)), Severity::Error, rule, || {
                    let allowed =
                        node.children().iter().filter_map(|a| a.child(tag)).flat_map(|k| k.rangelist.iter().map(scalar_text)).collect::<Vec<_>>().join(", ");
                    let (expected, actual, message) = match (tag_present, tag_value) {
                        (_, Some(t)) => (allowed.clone(), format!("\"{t}\""), format!("\"{t}\" is not one of: {allowed}")),
                        (Some(other), None) => {
                            let actual = other.kind().name();
                            ("<string>".to_string(), actual.to_string(), format!("expected <string>, found {actual}"))
                        }
                        (None, None) => (allowed, "missing".to_string(), format!("required key `{tag}` is missing")),
                    };
                    (Some(expected), Some(actual), message)
                });
            }
        }
    }
}

/// The key list a dictionary value of `node` is checked against; none when its content is not
/// described (no children, or an `ANY` key). `kids` is the list's index when the caller has it.
pub(crate) fn dictionary_keys(node: &'static KeyNode, kids: Option<&'static ListIndex>) -> Option<&'static ListIndex> {
    let children = node.children();
    (!children.is_empty() && node.ty != KeyType::Any).then(|| kids.unwrap_or_else(|| index(children)))
}

/// The item key of an array key and its list's index; none when the items are not described
/// (an `ANY` key, or no item key).
pub(crate) fn array_item(node: &'static KeyNode, kids: Option<&'static ListIndex>) -> Option<(&'static KeyNode, &'static ListIndex)> {
    if node.ty != KeyType::Array {
        return None;
    }
    let item = node.children().first()?;
    Some((item, kids.unwrap_or_else(|| index(node.children()))))
}
