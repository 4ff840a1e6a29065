//! JSON validated as it is read: the text goes through [`Reader`] once and each value is
//! judged when the reader meets it, against the same key tables and by the same rules as the
//! tree walk (`walk.rs`), so no `serde_json::Value` is built. A verdict-only read stops at the
//! first error.
//!
//! The report equals the tree walk's on the value `serde_json` parses from the same text,
//! finding for finding, with one difference: an object naming a key of the schema twice is
//! reported ([`Rule::DuplicateKey`]); a parsed value would have kept the last one silently. A
//! tagged-array item (its tag may come after the keys it selects) is read into a value and
//! walked as a tree.

use super::doc::{DocValue, Kind};
use super::index::{Check, Head, ListIndex};
use super::json_text::{JsonError, Key, Number, Reader, Text, Token};
use super::report::{Rule, Severity};
use super::walk::{array_item, dictionary_keys, Seg, Walker};
use crate::availability::KeyNode;

/// Why a read stopped early.
pub(crate) enum Stop {
    /// A verdict-only read found its first error.
    Settled,
    /// The text is not JSON.
    Json(JsonError),
}

impl From<JsonError> for Stop {
    fn from(e: JsonError) -> Self {
        Stop::Json(e)
    }
}

/// Reads a JSON document into the walker: an object at the top against `keys`, anything else
/// against `root` (a type error).
pub(crate) fn read<'de>(w: &mut Walker<'de>, root: &'static KeyNode, keys: &'static ListIndex, bytes: &'de [u8]) -> Result<(), Stop> {
    let mut r = Reader::new(bytes)?;
    let token = r.value()?;
    met(&mut r, w, root, None, Some(keys), token)?;
    r.end()?;
    Ok(())
}

/// A value as the parser meets it: a scalar with its content, a container by its kind alone.
#[derive(Clone, Copy)]
enum Met<'x> {
    Str(&'x str),
    U64(u64),
    I64(i64),
    F64(f64),
    Bool(bool),
    Null,
    Array,
    Object,
}

impl<'x> Met<'x> {
    /// A token as the value the walk judges (a container by its kind).
    fn of(token: &'x Token<'_>) -> Met<'x> {
        match token {
            Token::Object => Met::Object,
            Token::Array => Met::Array,
            Token::Str(s) => Met::Str(s.as_str()),
            Token::Number(Number::U64(n)) => Met::U64(*n),
            Token::Number(Number::I64(n)) => Met::I64(*n),
            Token::Number(Number::F64(n)) => Met::F64(*n),
            Token::Bool(b) => Met::Bool(*b),
            Token::Null => Met::Null,
        }
    }
}

impl DocValue for Met<'_> {
    const JSON: bool = true;
    fn kind(&self) -> Kind {
        match self {
            Met::Str(_) => Kind::String,
            Met::U64(_) | Met::I64(_) => Kind::Integer,
            Met::F64(_) => Kind::Real,
            Met::Bool(_) => Kind::Boolean,
            Met::Null => Kind::Null,
            Met::Array => Kind::Array,
            Met::Object => Kind::Dictionary,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Met::Str(s) => Some(s),
            _ => None,
        }
    }
    fn as_i64(&self) -> Option<i64> {
        match *self {
            Met::U64(u) => i64::try_from(u).ok(),
            Met::I64(i) => Some(i),
            // As for a parsed value: JSON Schema counts 3.0 as an integer.
            Met::F64(f) => (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64),
            _ => None,
        }
    }
    fn as_f64(&self) -> Option<f64> {
        match *self {
            Met::U64(u) => Some(u as f64),
            Met::I64(i) => Some(i as f64),
            Met::F64(f) => Some(f),
            _ => None,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        match *self {
            Met::Bool(b) => Some(b),
            _ => None,
        }
    }
    fn get(&self, _: &str) -> Option<&Self> {
        None
    }
    fn items(&self) -> &[Self] {
        &[]
    }
    fn entries(&self) -> impl Iterator<Item = (&str, &Self)> {
        std::iter::empty()
    }
    /// As `serde_json::Value`'s text of the same value.
    fn show(&self) -> String {
        match *self {
            Met::Str(s) => serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\"")),
            Met::U64(u) => u.to_string(),
            Met::I64(i) => i.to_string(),
            Met::F64(f) => serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string()),
            Met::Bool(b) => b.to_string(),
            Met::Null => "null".into(),
            Met::Array | Met::Object => self.kind().name().into(),
        }
    }
}

/// Stops a verdict-only read once it has its verdict.
#[inline]
fn go_on(w: &Walker<'_>) -> Result<(), Stop> {
    if w.settled() {
        Err(Stop::Settled)
    } else {
        Ok(())
    }
}

/// A value whose start (`token`) the reader has met, against its key (`kids`: the index of
/// the key's children); `root`: the document's own keys, for the top-level value.
fn met<'de>(
    r: &mut Reader<'de>,
    w: &mut Walker<'de>,
    node: &'static KeyNode,
    kids: Option<&'static ListIndex>,
    root: Option<&'static ListIndex>,
    token: Token<'de>,
) -> Result<(), Stop> {
    match token {
        Token::Object => object(r, w, node, kids, root),
        Token::Array => array(r, w, node, kids),
        scalar => {
            w.judge(node, &Met::of(&scalar));
            go_on(w)
        }
    }
}

/// Whether a scalar one level down is valid by its type alone (see `Walker::judged_by_type`)
/// or by its key's simple rule (see `rules.rs`; `index` is its list, `position` its key's);
/// an array or object is read by [`met`] whatever its key, so its content is read too.
#[inline(always)]
fn judged_by_type(w: &Walker<'_>, index: &ListIndex, position: usize, check: Check, token: &Token<'_>) -> bool {
    if matches!(token, Token::Object | Token::Array) {
        return false;
    }
    let met = Met::of(token);
    w.judged_by_type(check, &met) || (w.shallow() && index.confirmed(position, check, &met, met.kind()))
}

/// The items of an array (its `[` read).
fn array<'de>(r: &mut Reader<'de>, w: &mut Walker<'de>, node: &'static KeyNode, kids: Option<&'static ListIndex>) -> Result<(), Stop> {
    let judged = w.judge(node, &Met::Array);
    go_on(w)?;
    let item = if judged { array_item(node, kids) } else { None };
    let start = w.findings.len();
    let mut len = 0;
    while r.next_item(len == 0)? {
        match item {
            None => r.skip()?,
            Some((item, list)) => match node.union_tag {
                Some(tag) => {
                    w.enter(Seg::Index(len));
                    let v = r.read_value()?;
                    let mut nested = w.nested();
                    nested.union_item(node, list, tag, &v);
                    w.merge(nested);
                    w.leave();
                    go_on(w)?;
                }
                None => {
                    let token = r.value()?;
                    if !judged_by_type(w, list, 0, list.check(0), &token) {
                        w.enter(Seg::Index(len));
                        met(r, w, item, Some(list.child(0)), None, token)?;
                        w.leave();
                    }
                }
            },
        }
        len += 1;
    }
    if judged {
        // The length is known last; its finding comes before the items' (as in the tree walk).
        let items = w.findings.split_off(start);
        w.repetition(node, len);
        w.findings.extend(items);
    }
    go_on(w)
}

/// The entries of an object (its `{` read).
fn object<'de>(
    r: &mut Reader<'de>,
    w: &mut Walker<'de>,
    node: &'static KeyNode,
    kids: Option<&'static ListIndex>,
    root: Option<&'static ListIndex>,
) -> Result<(), Stop> {
    let index = match root {
        Some(index) => Some(index),
        None if w.judge(node, &Met::Object) => dictionary_keys(node, kids),
        None => None,
    };
    go_on(w)?;
    let Some(index) = index else {
        return Ok(r.skip_content(&Token::Object)?);
    };
    let start = w.findings.len();
    let mut required_seen = 0;
    let mut cursor = 0;
    let mut seen = Seen::new(index.keys().len());
    let mut first = true;
    // The key next in the list is compared in place; another is read and looked up.
    while let Some(key) = r.next_key_or(first, index.expected(cursor), |name| index.is_at(cursor, name))? {
        first = false;
        let found = match &key {
            Key::Expected => index.take(&mut cursor),
            Key::Other(k) => w.key(index, Head::of(k.as_str()), k.as_str(), &mut cursor),
        };
        let Some((position, check)) = found else {
            r.skip()?;
            continue;
        };
        let node = index.node(position);
        if !node.any && !seen.insert(position) {
            w.report(Some(Seg::Key(node.name)), Severity::Error, Rule::DuplicateKey, || {
                (Some("once".into()), Some("more than once".into()), format!("key `{}` appears more than once", node.name))
            });
            r.skip()?;
            go_on(w)?;
            continue;
        }
        required_seen += usize::from(check.required);
        let token = r.value()?;
        if judged_by_type(w, index, position, check, &token) {
            continue;
        }
        // The path keeps the document's spelling; an escaped name matched by a named key is
        // that key's name.
        w.enter(match key {
            // The text spells the key's name.
            Key::Expected => Seg::Key(node.name),
            Key::Other(Text::Borrowed(k)) => Seg::Key(k),
            Key::Other(Text::Owned(_)) if !node.any => Seg::Key(node.name),
            Key::Other(Text::Owned(k)) => Seg::Owned(k.into_boxed_str()),
        });
        met(r, w, node, Some(index.child(position)), None, token)?;
        w.leave();
    }
    w.missing_required(index, node.support, start, required_seen, |position, _| seen.has(position));
    go_on(w)
}

/// The positions of a list's named keys an object has named.
struct Seen {
    small: u128,
    large: Vec<bool>,
}

impl Seen {
    fn new(len: usize) -> Self {
        Seen { small: 0, large: if len > 128 { vec![false; len] } else { Vec::new() } }
    }

    /// Marks a position; false when it was marked already.
    fn insert(&mut self, position: usize) -> bool {
        if self.large.is_empty() {
            let bit = 1u128 << position;
            let fresh = self.small & bit == 0;
            self.small |= bit;
            fresh
        } else {
            !std::mem::replace(&mut self.large[position], true)
        }
    }

    fn has(&self, position: usize) -> bool {
        if self.large.is_empty() {
            self.small & (1u128 << position) != 0
        } else {
            self.large[position]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_marks_each_position_once_in_short_and_long_lists() {
        for len in [1, 128, 129, 600] {
            let mut seen = Seen::new(len);
            for p in (0..len).rev() {
                assert!(!seen.has(p));
                assert!(seen.insert(p), "{len}: {p}");
                assert!(!seen.insert(p), "{len}: {p}");
                assert!(seen.has(p));
            }
        }
    }

    #[test]
    fn met_shows_scalars_as_parsed_json_values_do() {
        let texts = [r#""a\"b\n""#, "3", "-7", "3.0", "1e300", "18446744073709551615", "true", "null", "0.1"];
        for text in texts {
            let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
            let met = match &value {
                serde_json::Value::String(s) => Met::Str(s),
                serde_json::Value::Number(n) => n.as_u64().map(Met::U64).or(n.as_i64().map(Met::I64)).or(n.as_f64().map(Met::F64)).expect("number"),
                serde_json::Value::Bool(b) => Met::Bool(*b),
                _ => Met::Null,
            };
            assert_eq!(met.show(), DocValue::show(&value), "{text}");
            assert_eq!(met.kind(), DocValue::kind(&value), "{text}");
            assert_eq!(met.as_i64(), DocValue::as_i64(&value), "{text}");
            assert_eq!(met.as_f64(), DocValue::as_f64(&value), "{text}");
        }
    }
}
