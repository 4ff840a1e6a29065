//! The text form of the generated tables, read the first time a table is used.
//!
//! Each generated module holds its [`SchemaTable`] as one string literal in a [`LazyTable`]:
//! a `'static` string costs the compiler next to nothing, where the same data as nested
//! `static` items cost every build of the crate seconds of constant evaluation and borrow
//! checking. The text is read once per table and process, on first use; names, values and
//! other strings are slices of the literal itself, the rest is allocated once and kept for the
//! life of the process.
//!
//! # The format
//!
//! One item per line; two spaces of indentation per level of nesting. Strings are quoted, with
//! `\"`, `\\` and `\u{…}` escapes; lists are `[a,b]`.
//!
//! ```text
//! os introduced=9.0 supervised=true ipad.mode=allowed ue.mode=forbidden
//! os introduced=n/a
//! sup 0 - 1 1 1
//! list 0
//!   "Service" string required sup=0
//! schema "mdm/commands/system.update.schedule.yaml" wire="ScheduleOSUpdate" sup=0
//! payload
//!   "Updates" array required sup=0
//!     "UpdatesItem" dictionary required sup=0
//!       "Priority" string default="Low" values=["Low","High"] sup=0
//! response
//!   "Folder" array sup=0 list=0
//! ```
//!
//! - `os …`: a per-OS entry ([`OsSupport`]), numbered from 0 in order: `introduced`,
//!   `deprecated`, `removed` (a version, `n/a`, `all` or `zero`), `accessrights`, the flags
//!   (`supervised=true` …), `enrollments=[…]`, `scopes=[…]`, `ipad` / `ipad.mode=…`
//!   (`ipad.devicechannel`, `ipad.userchannel`, `ipad.scopes`), `ue` / `ue.mode=…`
//!   (`ue.behavior`).
//! - `sup a b c d e`: a support set ([`Support`]), numbered from 0: the entry for iOS, macOS,
//!   tvOS, visionOS and watchOS, each an `os` number or `-`.
//! - `list n`: a key list that several keys share, its keys beneath it.
//! - `schema`: the source path, `wire=` and `sup=` of the schema; then `payload` and, if the
//!   schema has them, `response`, each with its keys beneath it.
//! - A key: its quoted name, its type, `required`, `narrowed`, `any`, `default=`, `values=[…]`
//!   (`rangelist`), `range=min..max`, `format=`, `valuetype=`, `repeat=min..max`, `combine=`,
//!   `tag=` (union tag), `sup=`; its keys beneath it, or `list=n` (a shared list), or `@d`: the
//!   list being read at depth `d` (a recursive schema; the payload's keys are depth 1).

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use super::table::{
    AllowedEnrollment, Bound, Children, KeyNode, KeyType, Mode, OsSupport, Range, RecursiveList, Repetition, Scalar, SchemaTable, Scope, SharedIpad, Support,
    UserEnrollment,
};
use super::version::OsVersion;

/// A generated module's table: its text, read on first use (see the module docs).
pub struct LazyTable {
    text: &'static str,
    table: OnceLock<SchemaTable>,
}

impl LazyTable {
    /// A table from its text; for the generated `SCHEMA` statics.
    pub const fn new(text: &'static str) -> LazyTable {
        LazyTable { text, table: OnceLock::new() }
    }

    /// The table's text, as the generator wrote it.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// The table, read on first use.
    ///
    /// # Panics
    /// When the text is not a table: the generated code was edited by hand, or the generator
    /// and the runtime disagree. Every generated table is read in the crate's tests.
    pub fn table(&self) -> &SchemaTable {
        self.table.get_or_init(|| match parse(self.text) {
            Ok(table) => table,
            Err(e) => panic!("a generated schema table is malformed ({e}); run `cargo xtask regenerate`"),
        })
    }
}

impl Deref for LazyTable {
    type Target = SchemaTable;

    fn deref(&self) -> &SchemaTable {
        self.table()
    }
}

impl fmt::Debug for LazyTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LazyTable").field(self.table()).finish()
    }
}

/// Why a table's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct TableTextError {
    /// 1-based line number within the text.
    pub line: usize,
    pub problem: TableTextProblem,
}

/// What is wrong on the line of a [`TableTextError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableTextProblem {
    #[error("expected {0}")]
    Expected(&'static str),
    #[error("unknown field `{0}`")]
    UnknownField(String),
    #[error("`{0}` is not a valid value here")]
    BadValue(String),
    #[error("no {what} numbered {number} before this line")]
    BadReference { what: &'static str, number: usize },
    #[error("indentation jumps more than one level")]
    Indentation,
    #[error("no `schema` line")]
    NoSchema,
}

/// Reads a table's text (see the module docs). Strings are borrowed from `text`; the rest is
/// allocated once and never freed (each generated table is read at most once per process).
pub fn parse(text: &'static str) -> Result<SchemaTable, TableTextError> {
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let body = raw.trim_start_matches(' ');
        let spaces = raw.len() - body.len();
        let err = |problem| TableTextError { line: i + 1, problem };
        if spaces % 2 != 0 {
            return Err(err(TableTextProblem::Indentation));
        }
        lines.push(Line { number: i + 1, depth: spaces / 2, body });
    }
    let mut reader = Reader { lines, at: 0, os: Vec::new(), supports: Vec::new(), shared: Vec::new(), open: Vec::new() };
    reader.table()
}

struct Line {
    number: usize,
    depth: usize,
    body: &'static str,
}

struct Reader {
    lines: Vec<Line>,
    at: usize,
    os: Vec<&'static OsSupport>,
    supports: Vec<&'static Support>,
    shared: Vec<&'static [KeyNode]>,
    /// The lists being read, by depth, with the link a recursive key made to it, if any.
    open: Vec<Option<&'static OnceLock<&'static [KeyNode]>>>,
}

impl Reader {
    fn table(&mut self) -> Result<SchemaTable, TableTextError> {
        let mut schema: Option<SchemaTable> = None;
        while let Some(line) = self.lines.get(self.at) {
            let number = line.number;
            let err = |problem| TableTextError { line: number, problem };
            if line.depth != 0 {
                return Err(err(TableTextProblem::Indentation));
            }
            let mut c = Cursor { s: line.body, i: 0 };
            self.at += 1;
            let word = c.word();
            match word {
                "os" => {
                    let os = self.os_support(&mut c).map_err(err)?;
                    self.os.push(Box::leak(Box::new(os)));
                }
                "sup" => {
                    let mut entries = [None; 5];
                    for entry in &mut entries {
                        c.space();
                        *entry = match c.word() {
                            "-" => None,
                            n => {
                                let n = number_of(n).map_err(err)?;
                                Some(*self.os.get(n).ok_or(err(TableTextProblem::BadReference { what: "os entry", number: n }))?)
                            }
                        };
                    }
                    self.supports.push(Box::leak(Box::new(Support(entries))));
                }
                "list" => {
                    c.space();
                    let n = number_of(c.word()).map_err(err)?;
                    if n != self.shared.len() {
                        return Err(err(TableTextProblem::BadReference { what: "list", number: n }));
                    }
                    self.open.clear();
                    let keys = self.list(1)?;
                    self.shared.push(keys);
                }
                "schema" => {
                    c.space();
                    let source = c.string().map_err(err)?;
                    let mut table = SchemaTable { source, wire_id: None, support: &Support::NONE, keys: &[], response_keys: None };
                    while c.space() {
                        let (name, value) = c.field().map_err(err)?;
                        match name {
                            "wire" => table.wire_id = Some(value.string().map_err(err)?),
                            "sup" => table.support = self.support(value).map_err(err)?,
                            other => return Err(err(TableTextProblem::UnknownField(other.to_string()))),
                        }
                    }
                    schema = Some(table);
                }
                "payload" | "response" => {
                    let table = schema.as_mut().ok_or(err(TableTextProblem::NoSchema))?;
                    let keys = if c.space() {
                        let (name, value) = c.field().map_err(err)?;
                        if name != "list" {
                            return Err(err(TableTextProblem::UnknownField(name.to_string())));
                        }
                        self.shared_list(value).map_err(err)?
                    } else {
                        self.open.clear();
                        self.list(1)?
                    };
                    if word == "payload" {
                        table.keys = keys;
                    } else {
                        table.response_keys = Some(keys);
                    }
                }
                _ => return Err(err(TableTextProblem::Expected("`os`, `sup`, `list`, `schema`, `payload` or `response`"))),
            }
            if !c.at_end() {
                return Err(err(TableTextProblem::Expected("the end of the line")));
            }
        }
        schema.ok_or(TableTextError { line: self.lines.last().map_or(1, |l| l.number), problem: TableTextProblem::NoSchema })
    }

    /// The keys at `depth` from the current line on.
    fn list(&mut self, depth: usize) -> Result<&'static [KeyNode], TableTextError> {
        self.open.truncate(depth);
        while self.open.len() < depth {
            self.open.push(None);
        }
        let mut keys = Vec::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.depth < depth {
                break;
            }
            let number = line.number;
            let err = |problem| TableTextError { line: number, problem };
            if line.depth > depth {
                return Err(err(TableTextProblem::Indentation));
            }
            let mut c = Cursor { s: line.body, i: 0 };
            self.at += 1;
            let mut node = self.node(&mut c, depth).map_err(err)?;
            if !c.at_end() {
                return Err(err(TableTextProblem::Expected("the end of the line")));
            }
            if self.lines.get(self.at).is_some_and(|l| l.depth > depth) {
                if !matches!(node.children, Children::None) {
                    return Err(err(TableTextProblem::Expected("no keys beneath a key with `list=` or `@`")));
                }
                node.children = Children::Keys(self.list(depth + 1)?);
                self.open.truncate(depth);
            }
            keys.push(node);
        }
        let keys: &'static [KeyNode] = if keys.is_empty() { &[] } else { Box::leak(keys.into_boxed_slice()) };
        if let Some(Some(link)) = self.open.get(depth - 1) {
            let _ = link.set(keys);
        }
        Ok(keys)
    }

    fn node(&mut self, c: &mut Cursor, depth: usize) -> Result<KeyNode, TableTextProblem> {
        let mut node = KeyNode { name: c.string()?, ..KeyNode::EMPTY };
        while c.space() {
            if c.eat('@') {
                let target = number_of(c.word())?;
                let slot = self.open.get_mut(target.wrapping_sub(1)).filter(|_| (1..=depth).contains(&target));
                let slot = slot.ok_or(TableTextProblem::BadReference { what: "list being read at depth", number: target })?;
                let link = *slot.get_or_insert_with(|| Box::leak(Box::new(OnceLock::new())));
                node.children = Children::Recursive(RecursiveList(link));
                continue;
            }
            let (name, value) = c.field()?;
            match (name, value) {
                ("string", Value::None) => node.ty = KeyType::String,
                ("integer", Value::None) => node.ty = KeyType::Integer,
                ("real", Value::None) => node.ty = KeyType::Real,
                ("boolean", Value::None) => node.ty = KeyType::Boolean,
                ("date", Value::None) => node.ty = KeyType::Date,
                ("data", Value::None) => node.ty = KeyType::Data,
                ("array", Value::None) => node.ty = KeyType::Array,
                ("dictionary", Value::None) => node.ty = KeyType::Dictionary,
                ("any", Value::None) => node.any = true,
                ("required", Value::None) => node.required = true,
                ("narrowed", Value::None) => node.narrowed = true,
                ("default", v) => node.default = Some(v.scalar()?),
                ("values", Value::List(items)) => {
                    let values = items.into_iter().map(Value::scalar).collect::<Result<Vec<_>, _>>()?;
                    node.rangelist = Box::leak(values.into_boxed_slice());
                }
                ("range", v) => {
                    let (min, max) = v.bounds()?;
                    let number = |t: &str| t.parse::<f64>().map_err(|_| TableTextProblem::BadValue(t.to_string()));
                    node.range = Some(Range { min: min.map(number).transpose()?, max: max.map(number).transpose()? });
                }
                ("repeat", v) => {
                    let (min, max) = v.bounds()?;
                    let number = |t: &str| t.parse::<u64>().map_err(|_| TableTextProblem::BadValue(t.to_string()));
                    node.repetition =
                        Some(Repetition { min: min.map(number).transpose()?.unwrap_or(0), max: max.map(number).transpose()?.unwrap_or(u64::MAX) });
                }
                ("format", v) => node.format = Some(v.string()?),
                ("valuetype", v) => node.valuetype = Some(v.string()?),
                ("combine", v) => node.combinetype = Some(v.string()?),
                ("tag", v) => node.union_tag = Some(v.string()?),
                ("sup", v) => node.support = self.support(v)?,
                ("list", v) => node.children = Children::Keys(self.shared_list(v)?),
                (other, _) => return Err(TableTextProblem::UnknownField(other.to_string())),
            }
        }
        Ok(node)
    }

    fn support(&self, v: Value) -> Result<&'static Support, TableTextProblem> {
        let n = number_of(v.word()?)?;
        self.supports.get(n).copied().ok_or(TableTextProblem::BadReference { what: "support set", number: n })
    }

    fn shared_list(&self, v: Value) -> Result<&'static [KeyNode], TableTextProblem> {
        let n = number_of(v.word()?)?;
        self.shared.get(n).copied().ok_or(TableTextProblem::BadReference { what: "list", number: n })
    }

    fn os_support(&self, c: &mut Cursor) -> Result<OsSupport, TableTextProblem> {
        let mut os = OsSupport::EMPTY;
        while c.space() {
            let (name, value) = c.field()?;
            if let Some(field) = name.strip_prefix("ipad.") {
                let ipad = os.sharedipad.get_or_insert(SharedIpad { mode: None, devicechannel: None, userchannel: None, allowed_scopes: None });
                match field {
                    "mode" => ipad.mode = Some(mode(value.word()?)?),
                    "devicechannel" => ipad.devicechannel = Some(value.boolean()?),
                    "userchannel" => ipad.userchannel = Some(value.boolean()?),
                    "scopes" => ipad.allowed_scopes = Some(scopes(value)?),
                    _ => return Err(TableTextProblem::UnknownField(name.to_string())),
                }
                continue;
            }
            if let Some(field) = name.strip_prefix("ue.") {
                let ue = os.userenrollment.get_or_insert(UserEnrollment { mode: None, behavior: None });
                match field {
                    "mode" => ue.mode = Some(mode(value.word()?)?),
                    "behavior" => ue.behavior = Some(value.string()?),
                    _ => return Err(TableTextProblem::UnknownField(name.to_string())),
                }
                continue;
            }
            match (name, value) {
                ("ipad", Value::None) => {
                    os.sharedipad.get_or_insert(SharedIpad { mode: None, devicechannel: None, userchannel: None, allowed_scopes: None });
                }
                ("ue", Value::None) => {
                    os.userenrollment.get_or_insert(UserEnrollment { mode: None, behavior: None });
                }
                ("introduced", v) => os.introduced = Some(bound(v.word()?)?),
                ("deprecated", v) => os.deprecated = Some(bound(v.word()?)?),
                ("removed", v) => os.removed = Some(bound(v.word()?)?),
                ("accessrights", v) => os.accessrights = Some(v.string()?),
                ("multiple", v) => os.multiple = Some(v.boolean()?),
                ("devicechannel", v) => os.devicechannel = Some(v.boolean()?),
                ("userchannel", v) => os.userchannel = Some(v.boolean()?),
                ("supervised", v) => os.supervised = Some(v.boolean()?),
                ("requiresdep", v) => os.requiresdep = Some(v.boolean()?),
                ("userapprovedmdm", v) => os.userapprovedmdm = Some(v.boolean()?),
                ("allowmanualinstall", v) => os.allowmanualinstall = Some(v.boolean()?),
                ("always_skippable", v) => os.always_skippable = Some(v.boolean()?),
                ("beta", v) => os.beta = Some(v.boolean()?),
                ("enrollments", v) => os.allowed_enrollments = Some(enrollments(v)?),
                ("scopes", v) => os.allowed_scopes = Some(scopes(v)?),
                (other, _) => return Err(TableTextProblem::UnknownField(other.to_string())),
            }
        }
        Ok(os)
    }
}

fn number_of(text: &str) -> Result<usize, TableTextProblem> {
    text.parse().map_err(|_| TableTextProblem::BadValue(text.to_string()))
}

fn bound(text: &str) -> Result<Bound, TableTextProblem> {
    Ok(match text {
        "n/a" => Bound::NotApplicable,
        "all" => Bound::All,
        "zero" => Bound::Zero,
        v => Bound::Version(OsVersion::parse(v).map_err(|_| TableTextProblem::BadValue(v.to_string()))?),
    })
}

fn mode(text: &str) -> Result<Mode, TableTextProblem> {
    Ok(match text {
        "allowed" => Mode::Allowed,
        "required" => Mode::Required,
        "forbidden" => Mode::Forbidden,
        "ignored" => Mode::Ignored,
        other => return Err(TableTextProblem::BadValue(other.to_string())),
    })
}

/// A list of schema names (`scopes=[system,"custom"]`): a bare word is one of `known`, read back
/// by its `name` (the one spelling of each, in `table.rs`); a quoted string is a value the
/// crate does not know.
fn names<T: Copy>(v: Value, known: &[T], name: fn(&T) -> &'static str, other: fn(&'static str) -> T) -> Result<&'static [T], TableTextProblem> {
    let list = v
        .list()?
        .into_iter()
        .map(|item| match item {
            Value::Word(w) => known.iter().find(|k| name(k) == w).copied().ok_or_else(|| TableTextProblem::BadValue(w.to_string())),
            quoted => Ok(other(quoted.string()?)),
        })
        .collect::<Result<Vec<_>, TableTextProblem>>()?;
    Ok(Box::leak(list.into_boxed_slice()))
}

fn scopes(v: Value) -> Result<&'static [Scope], TableTextProblem> {
    names(v, &Scope::KNOWN, Scope::name, Scope::Other)
}

fn enrollments(v: Value) -> Result<&'static [AllowedEnrollment], TableTextProblem> {
    names(v, &AllowedEnrollment::KNOWN, AllowedEnrollment::name, AllowedEnrollment::Other)
}

/// The value of a field: none (a flag), a word, a quoted string or a list.
#[derive(Debug)]
enum Value {
    None,
    Word(&'static str),
    Str(&'static str),
    List(Vec<Value>),
}

impl Value {
    fn word(self) -> Result<&'static str, TableTextProblem> {
        match self {
            Value::Word(w) => Ok(w),
            _ => Err(TableTextProblem::Expected("a word or number")),
        }
    }

    fn string(self) -> Result<&'static str, TableTextProblem> {
        match self {
            Value::Str(s) => Ok(s),
            _ => Err(TableTextProblem::Expected("a quoted string")),
        }
    }

    fn list(self) -> Result<Vec<Value>, TableTextProblem> {
        match self {
            Value::List(items) => Ok(items),
            _ => Err(TableTextProblem::Expected("a list")),
        }
    }

    fn boolean(self) -> Result<bool, TableTextProblem> {
        match self.word()? {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(TableTextProblem::BadValue(other.to_string())),
        }
    }

    /// A `rangelist` or `default` value: a quoted string, `true`/`false`, an integer, or a
    /// real (written with a `.`, an exponent, `inf` or `NaN`).
    fn scalar(self) -> Result<Scalar, TableTextProblem> {
        match self {
            Value::Str(s) => Ok(Scalar::Str(s)),
            Value::Word("true") => Ok(Scalar::Bool(true)),
            Value::Word("false") => Ok(Scalar::Bool(false)),
            Value::Word(w) => match w.parse::<i64>() {
                Ok(i) => Ok(Scalar::Int(i)),
                Err(_) => w.parse::<f64>().map(Scalar::Real).map_err(|_| TableTextProblem::BadValue(w.to_string())),
            },
            _ => Err(TableTextProblem::Expected("a string, number or boolean")),
        }
    }

    /// `min..max`, either side possibly left out.
    fn bounds(self) -> Result<(Option<&'static str>, Option<&'static str>), TableTextProblem> {
        let w = self.word()?;
        let (min, max) = w.split_once("..").ok_or(TableTextProblem::BadValue(w.to_string()))?;
        Ok(((!min.is_empty()).then_some(min), (!max.is_empty()).then_some(max)))
    }
}

/// A position within one line.
struct Cursor {
    s: &'static str,
    i: usize,
}

impl Cursor {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn eat(&mut self, b: char) -> bool {
        if self.peek() == Some(b as u8) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skips one separating space; `false` at the end of the line.
    fn space(&mut self) -> bool {
        self.eat(' ');
        !self.at_end()
    }

    /// Up to the next space, `=`, `,` or `]`.
    fn word(&mut self) -> &'static str {
        let start = self.i;
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'=' | b',' | b']') {
                break;
            }
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    /// `name` or `name=value`.
    fn field(&mut self) -> Result<(&'static str, Value), TableTextProblem> {
        let name = self.word();
        if name.is_empty() {
            return Err(TableTextProblem::Expected("a field name"));
        }
        if !self.eat('=') {
            return Ok((name, Value::None));
        }
        Ok((name, self.value()?))
    }

    fn value(&mut self) -> Result<Value, TableTextProblem> {
        match self.peek() {
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(']') {
                    return Ok(Value::List(items));
                }
                loop {
                    items.push(self.value()?);
                    if self.eat(']') {
                        return Ok(Value::List(items));
                    }
                    if !self.eat(',') {
                        return Err(TableTextProblem::Expected("`,` or `]`"));
                    }
                }
            }
            _ => {
                let w = self.word();
                if w.is_empty() {
                    return Err(TableTextProblem::Expected("a value"));
                }
                Ok(Value::Word(w))
            }
        }
    }

    /// A quoted string: borrowed from the text when it has no escape, else unescaped once and
    /// kept.
    fn string(&mut self) -> Result<&'static str, TableTextProblem> {
        if !self.eat('"') {
            return Err(TableTextProblem::Expected("a quoted string"));
        }
        let start = self.i;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return Err(TableTextProblem::Expected("a closing `\"`")),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.i += 2;
                }
                Some(_) => self.i += 1,
            }
        }
        let raw = self.s.get(start..self.i).ok_or(TableTextProblem::Expected("a closing `\"`"))?;
        self.i += 1;
        if !escaped {
            return Ok(raw);
        }
        Ok(Box::leak(unescape(raw)?.into_boxed_str()))
    }
}

fn unescape(raw: &str) -> Result<String, TableTextProblem> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let hex = rest.strip_prefix('{').ok_or(TableTextProblem::BadValue(format!("\\u{rest}")))?;
                let code = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).ok_or(TableTextProblem::BadValue(format!("\\u{rest}}}")))?;
                out.push(code);
            }
            other => return Err(TableTextProblem::BadValue(format!("\\{}", other.map(String::from).unwrap_or_default()))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
os introduced=9.0 accessrights="AllowAppInstallation" supervised=true ipad.mode=allowed ipad.devicechannel=true ue.mode=forbidden
os introduced=n/a
os introduced=10.11 removed=zero enrollments=[supervised,"future"] scopes=[system] ipad ue.behavior="say \"hi\""
sup 0 2 1 1 1
sup 1 1 1 1 1
list 0
  "Service" string required sup=0
schema "mdm/commands/x.yaml" wire="X" sup=0
payload
  "Updates" array required sup=0 repeat=1..
    "UpdatesItem" dictionary required sup=0
      "Priority" string default="Low" values=["Low","High"] sup=1
      "Count" integer range=0.0..10.5 default=3 values=[1,2.5,-3] sup=0
      "Folder" dictionary sup=0
        "Pages" array sup=0 @3
  "Services" dictionary sup=0 list=0
response
  "Status" string format="^[A-Z]+$" valuetype="url" combine="first" tag="Kind" narrowed any
"#;

    #[test]
    fn reads_every_field() {
        let t = parse(TEXT).unwrap();
        assert_eq!((t.source, t.wire_id), ("mdm/commands/x.yaml", Some("X")));
        let ios = t.support.0[0].unwrap();
        assert_eq!(ios.introduced, Some(Bound::Version(OsVersion::new([9, 0]))));
        assert_eq!((ios.accessrights, ios.supervised), (Some("AllowAppInstallation"), Some(true)));
        assert_eq!(ios.sharedipad, Some(SharedIpad { mode: Some(Mode::Allowed), devicechannel: Some(true), userchannel: None, allowed_scopes: None }));
        assert_eq!(ios.userenrollment, Some(UserEnrollment { mode: Some(Mode::Forbidden), behavior: None }));
        let mac = t.support.0[1].unwrap();
        assert_eq!(mac.removed, Some(Bound::Zero));
        assert_eq!(mac.allowed_enrollments, Some(&[AllowedEnrollment::Supervised, AllowedEnrollment::Other("future")][..]));
        assert_eq!(mac.allowed_scopes, Some(&[Scope::System][..]));
        assert_eq!(mac.sharedipad, Some(SharedIpad { mode: None, devicechannel: None, userchannel: None, allowed_scopes: None }));
        assert_eq!(mac.userenrollment.and_then(|u| u.behavior), Some("say \"hi\""));
        assert_eq!(t.support.0[2].unwrap().introduced, Some(Bound::NotApplicable));

        let updates = &t.keys[0];
        assert_eq!((updates.name, updates.ty, updates.required), ("Updates", KeyType::Array, true));
        assert_eq!(updates.repetition, Some(Repetition { min: 1, max: u64::MAX }));
        let item = &updates.children()[0];
        let priority = item.child("Priority").unwrap();
        assert_eq!(priority.default, Some(Scalar::Str("Low")));
        assert_eq!(priority.rangelist, &[Scalar::Str("Low"), Scalar::Str("High")]);
        assert_eq!(priority.support.0[0].unwrap().introduced, Some(Bound::NotApplicable));
        let count = item.child("Count").unwrap();
        assert_eq!(count.range, Some(Range { min: Some(0.0), max: Some(10.5) }));
        assert_eq!(count.default, Some(Scalar::Int(3)));
        assert_eq!(count.rangelist, &[Scalar::Int(1), Scalar::Real(2.5), Scalar::Int(-3)]);
        let pages = item.child("Folder").unwrap().child("Pages").unwrap();
        assert!(pages.is_recursive());
        assert_eq!(pages.children().iter().map(|k| k.name).collect::<Vec<_>>(), ["Priority", "Count", "Folder"]);
        assert_eq!(t.keys[1].child("Service").map(|k| k.required), Some(true));
        let status = &t.response_keys.unwrap()[0];
        assert_eq!((status.format, status.valuetype, status.combinetype, status.union_tag), (Some("^[A-Z]+$"), Some("url"), Some("first"), Some("Kind")));
        assert!(status.narrowed && status.any && status.support.is_empty());
    }

    #[test]
    fn names_the_line_of_a_mistake() {
        let cases: [(&'static str, usize, TableTextProblem); 6] = [
            ("os introduced=9.0\nos color=red", 2, TableTextProblem::UnknownField("color".into())),
            ("sup 0 - - - -", 1, TableTextProblem::BadReference { what: "os entry", number: 0 }),
            ("schema \"a\"\npayload\n  \"K\" string sup=4", 3, TableTextProblem::BadReference { what: "support set", number: 4 }),
            ("schema \"a\"\npayload\n    \"K\" string", 3, TableTextProblem::Indentation),
            ("schema \"a\"\npayload\n  \"K\" array @5", 3, TableTextProblem::BadReference { what: "list being read at depth", number: 5 }),
            ("payload", 1, TableTextProblem::NoSchema),
        ];
        for (text, line, problem) in cases {
            assert_eq!(parse(text).map(|_| ()), Err(TableTextError { line, problem }), "{text}");
        }
        assert!(parse("schema \"unterminated").is_err());
        assert!(parse("schema \"a\" wire=\"b\\q\"").is_err());
    }

    #[test]
    fn a_lazy_table_reads_once() {
        static TABLE: LazyTable = LazyTable::new(TEXT);
        let first: *const SchemaTable = &*TABLE;
        assert!(std::ptr::eq(first, &*TABLE));
        assert_eq!(TABLE.keys.len(), 2);
    }
}
