//! Tokens of a module's key table: a private `schema_table` module with the static data
//! (`crate::runtime::availability::SchemaTable`), re-exported as `SCHEMA`, and `HasSchema` for
//! the main and response types.
//!
//! Kept compact for compile time: each distinct per-OS entry and each distinct support set is
//! one `static`, shared by every key that has it (most keys inherit their payload's); nodes
//! state only what differs from `KeyNode::EMPTY`; a key list that occurs more than once with the
//! same content (a shared anchor: the TCC policy's fifteen services) is one `static`; other
//! lists are inline, except those a recursive key points back to.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{KeyChildren, KeyNode, KeyTable, Module, Role};
use crate::load::NodeId;
use crate::model::{KeyType, Mode, Os, OsSupport, SupportedOs, Value, VersionSpec};
use crate::naming::ident;

/// The module's shared statics, in order of first use.
#[derive(Default)]
struct Pool {
    os: Vec<OsSupport>,
    supports: Vec<SupportedOs>,
    /// Named lists: tokens of their `static`, emitted before the schema.
    lists: Vec<TokenStream>,
    /// Ancestor lists of the key being emitted: (list id, name if it is a recursion target).
    stack: Vec<(NodeId, Option<proc_macro2::Ident>)>,
    /// Content of each list without recursion → its content number. The text of a list is its
    /// keys' own attributes and the numbers of the lists beneath, so each list is described
    /// once, bottom-up (not the whole subtree again at every level).
    contents: HashMap<String, usize>,
    /// Each list of the tables being emitted (by address) → its content number, `None` when it
    /// is, holds or points back to a recursive list (its content then depends on where it is,
    /// so it is never shared).
    content_of: HashMap<*const KeyTable, Option<usize>>,
    /// Content number → how often it occurs.
    occurrences: HashMap<usize, usize>,
    /// Content of a list that occurs more than once → its `static`.
    shared: HashMap<usize, proc_macro2::Ident>,
}

/// A key's own attributes as text (everything but its children), for content numbers. The
/// destructuring names every field, so a field added to `KeyNode` must be added here too.
fn own_attributes(k: &KeyNode) -> String {
    let KeyNode { name, ty, required, narrowed, any, default, rangelist, range, format, valuetype, repetition, combinetype, union_tag, support, children: _ } =
        k;
    format!("{name:?}|{ty:?}|{required}|{narrowed}|{any}|{default:?}|{rangelist:?}|{range:?}|{format:?}|{valuetype:?}|{repetition:?}|{combinetype:?}|{union_tag:?}|{support:?}")
}

impl Pool {
    fn os_static(&mut self, s: &OsSupport) -> proc_macro2::Ident {
        let i = match self.os.iter().position(|o| o == s) {
            Some(i) => i,
            None => {
                self.os.push(s.clone());
                self.os.len() - 1
            }
        };
        format_ident!("OS_{}", i)
    }

    /// `&SUPPORT_n`, or `&Support::NONE` for no entries.
    fn support(&mut self, s: &SupportedOs) -> TokenStream {
        if s.is_empty() {
            return quote!(&Support::NONE);
        }
        if !self.supports.contains(s) {
            for os in Os::ALL {
                if let Some(e) = s.get(os) {
                    self.os_static(e);
                }
            }
            self.supports.push(s.clone());
        }
        let i = self.supports.iter().position(|x| x == s).unwrap_or_default();
        let name = format_ident!("SUPPORT_{}", i);
        quote!(&#name)
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
                    // The list's YAML node counts too: lists share a `static` only when their
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

    /// Tokens of a list: an inline slice, or a reference to its named `static`.
    fn list(&mut self, t: &KeyTable) -> TokenStream {
        let content = self.content_of.get(&std::ptr::from_ref(t)).copied().flatten();
        if let Some(c) = content.filter(|c| self.occurrences.get(c).is_some_and(|n| *n > 1)) {
            if let Some(n) = self.shared.get(&c) {
                return quote!(&#n);
            }
            let i = self.lists.len();
            self.lists.push(TokenStream::new());
            let n = format_ident!("KEYS_{}", i);
            let nodes: Vec<TokenStream> = t.keys.iter().map(|k| self.node(k)).collect();
            let len = Literal::usize_unsuffixed(nodes.len());
            self.lists[i] = quote! { static #n: [KeyNode; #len] = [#(#nodes),*]; };
            self.shared.insert(c, n.clone());
            return quote!(&#n);
        }
        // A recursion target takes its slot now, so the lists nested in it get later numbers.
        let slot = t.recursion_target.then(|| {
            self.lists.push(TokenStream::new());
            self.lists.len() - 1
        });
        let name = slot.map(|i| format_ident!("KEYS_{}", i));
        self.stack.push((t.list, name.clone()));
        let nodes: Vec<TokenStream> = t.keys.iter().map(|k| self.node(k)).collect();
        self.stack.pop();
        match (slot, name) {
            (Some(i), Some(n)) => {
                let len = Literal::usize_unsuffixed(nodes.len());
                self.lists[i] = quote! { static #n: [KeyNode; #len] = [#(#nodes),*]; };
                quote!(&#n)
            }
            _ => quote!(&[#(#nodes),*]),
        }
    }

    fn node(&mut self, k: &KeyNode) -> TokenStream {
        let name = &k.name;
        let mut fields = vec![quote!(name: #name)];
        if k.ty != KeyType::Any {
            let ty = key_type(k.ty);
            fields.push(quote!(ty: KeyType::#ty));
        }
        if k.narrowed {
            fields.push(quote!(narrowed: true));
        }
        if k.required {
            fields.push(quote!(required: true));
        }
        if k.any {
            fields.push(quote!(any: true));
        }
        if let Some(d) = &k.default {
            let d = scalar(d);
            fields.push(quote!(default: Some(#d)));
        }
        if !k.rangelist.is_empty() {
            let vs = k.rangelist.iter().map(scalar);
            fields.push(quote!(rangelist: &[#(#vs),*]));
        }
        if let Some(r) = &k.range {
            let (min, max) = (opt_f64(r.min), opt_f64(r.max));
            fields.push(quote!(range: Some(Range { min: #min, max: #max })));
        }
        if let Some(f) = &k.format {
            fields.push(quote!(format: Some(#f)));
        }
        if let Some(v) = &k.valuetype {
            fields.push(quote!(valuetype: Some(#v)));
        }
        if let Some(r) = &k.repetition {
            let (min, max) = (Literal::u64_unsuffixed(r.min), Literal::u64_unsuffixed(r.max));
            fields.push(quote!(repetition: Some(Repetition { min: #min, max: #max })));
        }
        if let Some(c) = &k.combinetype {
            fields.push(quote!(combinetype: Some(#c)));
        }
        if let Some(t) = &k.union_tag {
            fields.push(quote!(union_tag: Some(#t)));
        }
        let support = self.support(&k.support);
        fields.push(quote!(support: #support));
        match &k.children {
            KeyChildren::None => {}
            KeyChildren::List(t) => {
                let list = self.list(t);
                fields.push(quote!(children: Children::Keys(#list)));
            }
            KeyChildren::Recursive(id) => {
                // The nearest ancestor with that id; the IR marked it as a recursion target.
                // Without one (not from a model the IR accepted), no children is the safe reading.
                if let Some(n) = self.stack.iter().rev().find(|(l, _)| l == id).and_then(|(_, n)| n.clone()) {
                    fields.push(quote!(children: Children::Recursive(&#n)));
                }
            }
        }
        quote!(KeyNode { #(#fields,)* ..KeyNode::EMPTY })
    }
}

fn key_type(t: KeyType) -> proc_macro2::Ident {
    format_ident!(
        "{}",
        match t {
            KeyType::String => "String",
            KeyType::Integer => "Integer",
            KeyType::Real => "Real",
            KeyType::Boolean => "Boolean",
            KeyType::Date => "Date",
            KeyType::Data => "Data",
            KeyType::Array => "Array",
            KeyType::Dictionary => "Dictionary",
            KeyType::Any => "Any",
        }
    )
}

fn f64_lit(f: f64) -> TokenStream {
    if f.is_finite() {
        let l = Literal::f64_unsuffixed(f);
        quote!(#l)
    } else if f > 0.0 {
        quote!(f64::INFINITY)
    } else if f < 0.0 {
        quote!(f64::NEG_INFINITY)
    } else {
        quote!(f64::NAN)
    }
}

fn opt_f64(f: Option<f64>) -> TokenStream {
    match f {
        Some(f) => {
            let l = f64_lit(f);
            quote!(Some(#l))
        }
        None => quote!(None),
    }
}

fn scalar(v: &Value) -> TokenStream {
    match v {
        Value::String(s) => quote!(Scalar::Str(#s)),
        Value::Integer(i) => {
            let l = Literal::i64_unsuffixed(*i);
            quote!(Scalar::Int(#l))
        }
        Value::Real(r) => {
            let l = f64_lit(*r);
            quote!(Scalar::Real(#l))
        }
        Value::Boolean(b) => quote!(Scalar::Bool(#b)),
    }
}

fn bound(v: &VersionSpec) -> TokenStream {
    match v {
        VersionSpec::Version(v) => {
            let parts = v.0.iter().map(|p| Literal::u32_unsuffixed(*p));
            quote!(Bound::Version(OsVersion::from_static(&[#(#parts),*])))
        }
        VersionSpec::NotApplicable => quote!(Bound::NotApplicable),
        VersionSpec::All => quote!(Bound::All),
        VersionSpec::Zero => quote!(Bound::Zero),
    }
}

fn mode(m: Mode) -> TokenStream {
    match m {
        Mode::Allowed => quote!(Mode::Allowed),
        Mode::Required => quote!(Mode::Required),
        Mode::Forbidden => quote!(Mode::Forbidden),
        Mode::Ignored => quote!(Mode::Ignored),
    }
}

fn scopes(list: &[String]) -> TokenStream {
    let items = list.iter().map(|s| match s.as_str() {
        "system" => quote!(Scope::System),
        "user" => quote!(Scope::User),
        "local" => quote!(Scope::Local),
        other => quote!(Scope::Other(#other)),
    });
    quote!(&[#(#items),*])
}

fn enrollments(list: &[String]) -> TokenStream {
    let items = list.iter().map(|s| match s.as_str() {
        "supervised" => quote!(AllowedEnrollment::Supervised),
        "device" => quote!(AllowedEnrollment::Device),
        "user" => quote!(AllowedEnrollment::User),
        "local" => quote!(AllowedEnrollment::Local),
        other => quote!(AllowedEnrollment::Other(#other)),
    });
    quote!(&[#(#items),*])
}

fn os_support_tokens(s: &OsSupport) -> TokenStream {
    let mut fields = Vec::new();
    for (name, v) in [("introduced", &s.introduced), ("deprecated", &s.deprecated), ("removed", &s.removed)] {
        if let Some(v) = v {
            let n = format_ident!("{}", name);
            let b = bound(v);
            fields.push(quote!(#n: Some(#b)));
        }
    }
    if let Some(a) = &s.accessrights {
        fields.push(quote!(accessrights: Some(#a)));
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
            let n = format_ident!("{}", name);
            fields.push(quote!(#n: Some(#b)));
        }
    }
    if let Some(e) = &s.allowed_enrollments {
        let e = enrollments(e);
        fields.push(quote!(allowed_enrollments: Some(#e)));
    }
    if let Some(sc) = &s.allowed_scopes {
        let sc = scopes(sc);
        fields.push(quote!(allowed_scopes: Some(#sc)));
    }
    if let Some(ip) = &s.sharedipad {
        let m = opt(ip.mode.map(mode));
        let d = opt(ip.devicechannel.map(|b| quote!(#b)));
        let u = opt(ip.userchannel.map(|b| quote!(#b)));
        let sc = opt(ip.allowed_scopes.as_deref().map(scopes));
        fields.push(quote!(sharedipad: Some(SharedIpad { mode: #m, devicechannel: #d, userchannel: #u, allowed_scopes: #sc })));
    }
    if let Some(ue) = &s.userenrollment {
        let m = opt(ue.mode.map(mode));
        let b = opt(ue.behavior.as_deref().map(|b| quote!(#b)));
        fields.push(quote!(userenrollment: Some(UserEnrollment { mode: #m, behavior: #b })));
    }
    quote!(OsSupport { #(#fields,)* ..OsSupport::EMPTY })
}

fn opt(t: Option<TokenStream>) -> TokenStream {
    match t {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}

/// The table of one module and the `HasSchema` impls of its main and response types.
pub fn table_tokens(m: &Module) -> TokenStream {
    let mut pool = Pool::default();
    let _ = pool.count(&m.keys);
    if let Some(t) = &m.response_keys {
        let _ = pool.count(t);
    }
    let root_support = pool.support(&m.supported_os);
    let keys = pool.list(&m.keys);
    let response = match &m.response_keys {
        Some(t) => {
            let l = pool.list(t);
            quote!(Some(#l))
        }
        None => quote!(None),
    };
    let source = &m.source;
    let wire = opt(m.wire_id.as_ref().map(|w| quote!(#w)));
    let os_statics: Vec<TokenStream> = pool
        .os
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = format_ident!("OS_{}", i);
            let t = os_support_tokens(s);
            quote!(static #n: OsSupport = #t;)
        })
        .collect();
    let supports = pool.supports.clone();
    let support_statics: Vec<TokenStream> = supports
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = format_ident!("SUPPORT_{}", i);
            let entries = Os::ALL.map(|os| match s.get(os) {
                Some(e) => {
                    let o = pool.os_static(e);
                    quote!(Some(&#o))
                }
                None => quote!(None),
            });
            quote!(static #n: Support = Support([#(#entries),*]);)
        })
        .collect();
    let lists = &pool.lists;
    let doc = format!(" Availability and constraints of every key of `{}` (see [`crate::runtime::availability`]).", m.source);

    let main = ident(&m.main_type);
    let response_type = match &m.role {
        Role::Command { response, .. } | Role::Checkin { response: Some(response), .. } if m.response_keys.is_some() => Some(ident(response)),
        _ => None,
    };
    let response_impl = response_type.map(|r| {
        quote! {
            impl crate::runtime::availability::HasSchema for #r {
                fn schema() -> &'static crate::runtime::availability::SchemaTable {
                    &SCHEMA
                }
                const PART: crate::runtime::availability::Part = crate::runtime::availability::Part::Response;
            }
        }
    });
    quote! {
        mod schema_table {
            use crate::runtime::availability::*;
            #(#os_statics)*
            #(#support_statics)*
            #(#lists)*
            #[doc = #doc]
            pub static SCHEMA: SchemaTable = SchemaTable {
                source: #source,
                wire_id: #wire,
                support: #root_support,
                keys: #keys,
                response_keys: #response,
            };
        }
        pub use schema_table::SCHEMA;

        impl crate::runtime::availability::HasSchema for #main {
            fn schema() -> &'static crate::runtime::availability::SchemaTable {
                &SCHEMA
            }
        }
        #response_impl
    }
}
