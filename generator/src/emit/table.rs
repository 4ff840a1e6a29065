//! A module's key table: `SCHEMA`, a `crate::runtime::availability::LazyTable` holding the
//! table as text (the format is described in `runtime/availability/table_text.rs`, which reads
//! it on first use), and `HasSchema` for the main and response types.
//!
//! Text, not nested `static` items, for compile time: a string literal costs the compiler next
//! to nothing, where the same data as `static` items cost every build of the crate seconds of
//! constant evaluation and borrow checking (measured: docs/benchmarks.md, "Compile weight"). Each distinct
//! per-OS entry and each distinct support set is one numbered line, shared by every key that
//! has it (most keys inherit their payload's); a key states only what it has; a key list that
//! occurs more than once with the same content (a shared anchor: the TCC policy's fifteen
//! services) is one `list`; a recursive key names the depth of the ancestor list it repeats.

use std::collections::HashMap;
use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{KeyChildren, KeyNode, KeyTable, Module, Role};
use crate::load::NodeId;
use crate::model::{KeyType, Os, OsSupport, SupportedOs, Value, VersionSpec};
use crate::naming::ident;

/// The module's numbered lines, in order of first use, and what is needed to share lists.
#[derive(Default)]
struct Pool {
    os: Vec<OsSupport>,
    supports: Vec<SupportedOs>,
    /// `list n` blocks, each after the lists it uses.
    lists: String,
    list_count: usize,
    /// Ancestor lists of the key being written: (list id, depth).
    stack: Vec<(NodeId, usize)>,
    /// Content of each list without recursion → its content number. The text of a list is its
    /// keys' own attributes and the numbers of the lists beneath, so each list is described
    /// once, bottom-up (not the whole subtree again at every level).
    contents: HashMap<String, usize>,
    /// Each list of the tables being written (by address) → its content number, `None` when it
    /// is, holds or points back to a recursive list (its content then depends on where it is,
    /// so it is never shared).
    content_of: HashMap<*const KeyTable, Option<usize>>,
    /// Content number → how often it occurs.
    occurrences: HashMap<usize, usize>,
    /// Content of a list that occurs more than once → its `list` number.
    shared: HashMap<usize, usize>,
}

/// A key's own attributes as text (everything but its children), for content numbers. The
/// destructuring names every field, so a field added to `KeyNode` must be added here too.
fn own_attributes(k: &KeyNode) -> String {
    let KeyNode { name, ty, required, narrowed, any, default, rangelist, range, format, valuetype, repetition, combinetype, union_tag, support, children: _ } =
        k;
    format!("{name:?}|{ty:?}|{required}|{narrowed}|{any}|{default:?}|{rangelist:?}|{range:?}|{format:?}|{valuetype:?}|{repetition:?}|{combinetype:?}|{union_tag:?}|{support:?}")
}

impl Pool {
    fn os_number(&mut self, s: &OsSupport) -> usize {
        match self.os.iter().position(|o| o == s) {
            Some(i) => i,
            None => {
                self.os.push(s.clone());
                self.os.len() - 1
            }
        }
    }

    /// ` sup=n`, or nothing for no entries.
    fn support(&mut self, s: &SupportedOs) -> String {
        if s.is_empty() {
            return String::new();
        }
        let i = match self.supports.iter().position(|x| x == s) {
            Some(i) => i,
            None => {
                for os in Os::ALL {
                    if let Some(e) = s.get(os) {
                        self.os_number(e);
                    }
                }
                self.supports.push(s.clone());
                self.supports.len() - 1
            }
        };
        format!(" sup={i}")
    }

    /// First pass: the content number of each list (see [`Pool::contents`]) and how often
    /// each occurs.
    fn count(&mut self, t: &KeyTable) -> Option<usize> {
        let mut recursive = t.recursion_target;
        let mut text = String::new();
        for k in &t.keys {
            text.push_str(&own_attributes(k));
            match &k.children {
                KeyChildren::None => text.push_str("|-;"),
                KeyChildren::Recursive(_) => recursive = true,
                KeyChildren::List(l) => match self.count(l) {
                    // The list's YAML node counts too: lists share a `list` only when their
                    // nested lists came from the same nodes.
                    Some(n) => text.push_str(&format!("|{}:{n};", l.list)),
                    None => recursive = true,
                },
            }
        }
        let number = (!recursive).then(|| {
            let next = self.contents.len();
            let n = *self.contents.entry(text).or_insert(next);
            *self.occurrences.entry(n).or_default() += 1;
            n
        });
        self.content_of.insert(t, number);
        number
    }

    /// The `list` number of `t` when it is shared (written into [`Pool::lists`] on first use).
    fn shared_list(&mut self, t: &KeyTable) -> Option<usize> {
        let content = self.content_of.get(&std::ptr::from_ref(t)).copied().flatten()?;
        if self.occurrences.get(&content).copied().unwrap_or(0) <= 1 {
            return None;
        }
        if let Some(n) = self.shared.get(&content) {
            return Some(*n);
        }
        // The lists it uses are written first, so every `list=` refers back.
        let mut body = String::new();
        let outer = std::mem::take(&mut self.stack);
        for k in &t.keys {
            self.node(k, 1, &mut body);
        }
        self.stack = outer;
        let n = self.list_count;
        self.list_count += 1;
        let _ = writeln!(self.lists, "list {n}");
        self.lists.push_str(&body);
        self.shared.insert(content, n);
        Some(n)
    }

    /// The keys of `t` at `depth`, or ` list=n` on the line of their parent (`out` ends at that
    /// line's last field).
    fn list(&mut self, t: &KeyTable, depth: usize, out: &mut String) {
        if let Some(n) = self.shared_list(t) {
            let _ = writeln!(out, " list={n}");
            return;
        }
        out.push('\n');
        self.stack.push((t.list, depth));
        for k in &t.keys {
            self.node(k, depth, out);
        }
        self.stack.pop();
    }

    fn node(&mut self, k: &KeyNode, depth: usize, out: &mut String) {
        out.push_str(&"  ".repeat(depth));
        quoted(out, &k.name);
        if k.ty != KeyType::Any {
            out.push(' ');
            out.push_str(key_type(k.ty));
        }
        for (flag, on) in [("required", k.required), ("narrowed", k.narrowed), ("any", k.any)] {
            if on {
                out.push(' ');
                out.push_str(flag);
            }
        }
        if let Some(d) = &k.default {
            out.push_str(" default=");
            scalar(out, d);
        }
        if !k.rangelist.is_empty() {
            out.push_str(" values=[");
            for (i, v) in k.rangelist.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                scalar(out, v);
            }
            out.push(']');
        }
        if let Some(r) = &k.range {
            let side = |f: Option<f64>| f.map(|f| format!("{f:?}")).unwrap_or_default();
            let _ = write!(out, " range={}..{}", side(r.min), side(r.max));
        }
        for (field, value) in [("format", &k.format), ("valuetype", &k.valuetype)] {
            if let Some(v) = value {
                let _ = write!(out, " {field}=");
                quoted(out, v);
            }
        }
        if let Some(r) = &k.repetition {
            let max = if r.max == u64::MAX { String::new() } else { r.max.to_string() };
            let _ = write!(out, " repeat={}..{max}", r.min);
        }
        for (field, value) in [("combine", &k.combinetype), ("tag", &k.union_tag)] {
            if let Some(v) = value {
                let _ = write!(out, " {field}=");
                quoted(out, v);
            }
        }
        let support = self.support(&k.support);
        out.push_str(&support);
        match &k.children {
            KeyChildren::None => out.push('\n'),
            KeyChildren::List(t) => self.list(t, depth + 1, out),
            KeyChildren::Recursive(id) => {
                // The nearest ancestor with that id; the IR marked it as a recursion target.
                // Without one (not from a model the IR accepted), no children is the safe reading.
                if let Some((_, d)) = self.stack.iter().rev().find(|(l, _)| l == id) {
                    let _ = write!(out, " @{d}");
                }
                out.push('\n');
            }
        }
    }
}

/// A quoted string: `\"`, `\\` and control characters (`\u{a}`) escaped, so one key stays on
/// one line.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn key_type(t: KeyType) -> &'static str {
    match t {
        KeyType::String => "string",
        KeyType::Integer => "integer",
        KeyType::Real => "real",
        KeyType::Boolean => "boolean",
        KeyType::Date => "date",
        KeyType::Data => "data",
        KeyType::Array => "array",
        KeyType::Dictionary => "dictionary",
        KeyType::Any => "any",
    }
}

/// A `rangelist` or `default` value; a real always shows a `.`, an exponent, `inf` or `NaN`
/// (`{:?}` of `f64`), so it reads back as a real.
fn scalar(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => quoted(out, s),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Real(r) => {
            let _ = write!(out, "{r:?}");
        }
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
    }
}

fn bound(v: &VersionSpec) -> String {
    match v {
        VersionSpec::Version(v) => v.0.iter().map(u32::to_string).collect::<Vec<_>>().join("."),
        VersionSpec::NotApplicable => "n/a".into(),
        VersionSpec::All => "all".into(),
        VersionSpec::Zero => "zero".into(),
    }
}

/// `[system,user,"other"]`: the values the runtime knows as words, others quoted.
fn word_list(out: &mut String, list: &[String], known: &[&str]) {
    out.push('[');
    for (i, v) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if known.contains(&v.as_str()) {
            out.push_str(v);
        } else {
            quoted(out, v);
        }
    }
    out.push(']');
}

const SCOPES: &[&str] = &["system", "user", "local"];
const ENROLLMENTS: &[&str] = &["supervised", "device", "user", "local"];

fn os_line(out: &mut String, s: &OsSupport) {
    out.push_str("os");
    for (name, v) in [("introduced", &s.introduced), ("deprecated", &s.deprecated), ("removed", &s.removed)] {
        if let Some(v) = v {
            let _ = write!(out, " {name}={}", bound(v));
        }
    }
    if let Some(a) = &s.accessrights {
        out.push_str(" accessrights=");
        quoted(out, a);
    }
    let flags = [
        ("multiple", s.multiple),
        ("devicechannel", s.devicechannel),
        ("userchannel", s.userchannel),
        ("supervised", s.supervised),
        ("requiresdep", s.requiresdep),
        ("userapprovedmdm", s.userapprovedmdm),
        ("allowmanualinstall", s.allowmanualinstall),
        ("always_skippable", s.always_skippable),
        ("beta", s.beta),
    ];
    for (name, v) in flags {
        if let Some(b) = v {
            let _ = write!(out, " {name}={b}");
        }
    }
    if let Some(e) = &s.allowed_enrollments {
        out.push_str(" enrollments=");
        word_list(out, e, ENROLLMENTS);
    }
    if let Some(sc) = &s.allowed_scopes {
        out.push_str(" scopes=");
        word_list(out, sc, SCOPES);
    }
    if let Some(ip) = &s.sharedipad {
        let before = out.len();
        if let Some(m) = ip.mode {
            let _ = write!(out, " ipad.mode={}", m.as_str());
        }
        for (name, v) in [("devicechannel", ip.devicechannel), ("userchannel", ip.userchannel)] {
            if let Some(b) = v {
                let _ = write!(out, " ipad.{name}={b}");
            }
        }
        if let Some(sc) = &ip.allowed_scopes {
            out.push_str(" ipad.scopes=");
            word_list(out, sc, SCOPES);
        }
        if out.len() == before {
            out.push_str(" ipad");
        }
    }
    if let Some(ue) = &s.userenrollment {
        let before = out.len();
        if let Some(m) = ue.mode {
            let _ = write!(out, " ue.mode={}", m.as_str());
        }
        if let Some(b) = &ue.behavior {
            out.push_str(" ue.behavior=");
            quoted(out, b);
        }
        if out.len() == before {
            out.push_str(" ue");
        }
    }
    out.push('\n');
}

/// The whole text of a module's table.
fn table_text(m: &Module) -> String {
    let mut pool = Pool::default();
    let _ = pool.count(&m.keys);
    if let Some(t) = &m.response_keys {
        let _ = pool.count(t);
    }
    let mut parts = String::new();
    let root_support = pool.support(&m.supported_os);
    parts.push_str("payload");
    pool.list(&m.keys, 1, &mut parts);
    if let Some(t) = &m.response_keys {
        parts.push_str("response");
        pool.list(t, 1, &mut parts);
    }
    let mut text = String::from("\n");
    for os in &pool.os.clone() {
        os_line(&mut text, os);
    }
    for s in &pool.supports {
        text.push_str("sup");
        for os in Os::ALL {
            match s.get(os).and_then(|e| pool.os.iter().position(|o| o == e)) {
                Some(i) => {
                    let _ = write!(text, " {i}");
                }
                None => text.push_str(" -"),
            }
        }
        text.push('\n');
    }
    text.push_str(&pool.lists);
    text.push_str("schema ");
    quoted(&mut text, &m.source);
    if let Some(w) = &m.wire_id {
        text.push_str(" wire=");
        quoted(&mut text, w);
    }
    text.push_str(&root_support);
    text.push('\n');
    text.push_str(&parts);
    text
}

/// `text` as a raw string literal with enough `#`s that no `"#…` inside ends it.
fn raw_literal(text: &str) -> Literal {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let source = format!("r{hashes}\"{text}\"{hashes}");
    source.parse().unwrap_or_else(|_| Literal::string(text))
}

/// The table of one module and the `HasSchema` impls of its main and response types.
pub fn table_tokens(m: &Module) -> TokenStream {
    let text = raw_literal(&table_text(m));
    let doc = format!(" Availability and constraints of every key of `{}` (see [`crate::runtime::availability`]), read from this text on first use.", m.source);
    let main = ident(&m.main_type);
    let response_type = match &m.role {
        Role::Command { response, .. } | Role::Checkin { response: Some(response), .. } if m.response_keys.is_some() => Some(ident(response)),
        _ => None,
    };
    let response_impl = response_type.map(|r| {
        quote! {
            impl crate::runtime::availability::HasSchema for #r {
                #[inline]
                fn schema() -> &'static crate::runtime::availability::SchemaTable {
                    &SCHEMA
                }
                #[inline]
                fn registry() -> &'static crate::runtime::Registry {
                    &crate::REGISTRY
                }
                const PART: crate::runtime::availability::Part = crate::runtime::availability::Part::Response;
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub static SCHEMA: crate::runtime::availability::LazyTable = crate::runtime::availability::LazyTable::new(#text);

        impl crate::runtime::availability::HasSchema for #main {
            #[inline]
            fn schema() -> &'static crate::runtime::availability::SchemaTable {
                &SCHEMA
            }
            #[inline]
            fn registry() -> &'static crate::runtime::Registry {
                &crate::REGISTRY
            }
        }
        #response_impl
    }
}
