//! Tokens for one IR item: structs as tables for the runtime's `record` module (their serde,
//! `Debug`, `Clone` and `PartialEq` are written once there) that keep unknown keys, enums
//! with an unknown variant, unions dispatched on a tag. Every path is fully qualified so an
//! Apple type named `Option` or `Result` cannot shadow what the emitted code uses.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{EnumDef, EnumRepr, Field, Item, StructDef, Type, UnionDef};
use crate::naming::ident;

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// The Rust type tokens of an IR type.
pub fn type_tokens(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Integer => quote!(i64),
        Type::Real => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::Date => quote!(crate::runtime::Date),
        Type::Data => quote!(crate::runtime::Data),
        Type::Any => quote!(crate::runtime::AnyValue),
        Type::Dictionary => quote!(crate::runtime::Dictionary),
        Type::Named(n) => {
            let i = ident(n);
            quote!(#i)
        }
        Type::Path(p) => {
            let segments = p.split("::").map(ident);
            quote!(#(#segments)::*)
        }
        Type::Vec(t) => {
            let t = type_tokens(t);
            quote!(::std::vec::Vec<#t>)
        }
        Type::Map(t) => {
            let t = type_tokens(t);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        Type::Boxed(t) => {
            let t = type_tokens(t);
            quote!(::std::boxed::Box<#t>)
        }
    }
}

/// The value `new()` fills in for a key with one allowed value.
fn fixed_tokens(ty: &Type, wire: &str) -> TokenStream {
    match (ty, wire.parse::<i64>()) {
        (Type::Integer, Ok(i)) => {
            let lit = Literal::i64_suffixed(i);
            quote!(#lit)
        }
        _ => quote!(::std::string::String::from(#wire)),
    }
}

fn field_decl(f: &Field) -> TokenStream {
    let doc = doc_attrs(&f.doc);
    let name = ident(&f.rust);
    let ty = type_tokens(&f.ty);
    if f.required {
        quote! { #doc pub #name: #ty, }
    } else {
        quote! { #doc pub #name: ::core::option::Option<#ty>, }
    }
}

/// Words as a `runtime::record::Spec` text: each after one character whose code is its length
/// in bytes (keys and field names are far shorter than the surrogate range that has no `char`).
fn prefixed<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.map(|w| format!("{}{w}", char::from_u32(w.len() as u32).unwrap_or(char::MAX))).collect()
}

fn struct_tokens(s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let doc = doc_attrs(&s.doc);
    let fields: Vec<TokenStream> = s.fields.iter().map(field_decl).collect();
    let expecting = format!("a `{}` dictionary", s.name);

    // The table the runtime's `record` functions read: each described key, in schema order,
    // with its field and whether it is plain; the tag the type writes itself.
    let name_str = &s.name;
    let tag = match &s.tag {
        Some((k, v)) => quote! { ::core::option::Option::Some((#k, #v)) },
        None => quote! { ::core::option::Option::None },
    };
    let keys = prefixed(s.fields.iter().map(|f| f.wire.as_str()));
    let rust_names = prefixed(s.fields.iter().map(|f| f.rust.as_str()));
    let plain_flags = Literal::byte_string(&s.fields.iter().map(|f| if f.required { b'1' } else { b'0' }).collect::<Vec<u8>>());
    // Past the described keys (for a struct without any, at every index) a struct hands out
    // its unknown keys.
    let index = if s.fields.is_empty() { quote!(_) } else { quote!(i) };
    let (field_ref, field_mut_body) = if s.fields.is_empty() {
        (quote! { &self.unknown }, quote! { &mut self.unknown })
    } else {
        let indexes: Vec<Literal> = (0..s.fields.len()).map(Literal::usize_unsuffixed).collect();
        let field_names: Vec<_> = s.fields.iter().map(|f| ident(&f.rust)).collect();
        (
            quote! { match i { #( #indexes => &self.#field_names, )* _ => &self.unknown } },
            quote! { match i { #( #indexes => &mut self.#field_names, )* _ => &mut self.unknown } },
        )
    };
    let placeholders = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote! { #n: crate::runtime::de::Placeholder::placeholder(), }
        } else {
            quote! { #n: ::core::option::Option::None, }
        }
    });

    // Construction: `new` takes the keys required everywhere (the plain fields); every other
    // key starts unset and is set by assigning its field. A struct with no plain field is also
    // `Default`.
    let plain: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let asked: Vec<&&Field> = plain.iter().filter(|f| f.fixed.is_none()).collect();
    let params = asked.iter().map(|f| {
        let n = ident(&f.rust);
        let ty = type_tokens(&f.ty);
        quote! { #n: impl ::core::convert::Into<#ty> }
    });
    let inits_new = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        match (&f.fixed, f.required) {
            (Some(v), true) => {
                let value = fixed_tokens(&f.ty, v);
                quote! { #n: #value, }
            }
            (None, true) => quote! { #n: #n.into(), },
            _ => quote! { #n: ::core::option::Option::None, },
        }
    });
    // No plain key, or every plain key has its one allowed value: `new()` takes nothing, so the
    // type is `Default` too.
    let default_impl = asked.is_empty().then(|| {
        quote! {
            impl ::core::default::Default for #name {
                #[inline]
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = if asked.is_empty() && plain.is_empty() {
        " A value with every key unset (the same as `Default`).".to_string()
    } else {
        let keys: Vec<String> = asked.iter().map(|f| format!("`{}`", f.wire)).collect();
        let fixed: Vec<String> = plain.iter().filter_map(|f| f.fixed.as_ref().map(|v| format!("`{}` = `{v}`", f.wire))).collect();
        let mut text = if keys.is_empty() {
            " A value with every optional key unset".to_string()
        } else {
            format!(" A value with the keys required everywhere ({}) set, every optional key unset", keys.join(", "))
        };
        if !fixed.is_empty() {
            text.push_str(&format!(", and the keys with one allowed value filled in ({})", fixed.join(", ")));
        }
        text.push('.');
        text
    };
    quote! {
            #doc
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                /// Keys this schema does not describe, and values of described keys that did not fit
                /// their field, kept as sent and written back unchanged.
                pub unknown: crate::runtime::UnknownKeys,
            }

            impl #name {
                #[doc = #new_doc]
                #[allow(clippy::too_many_arguments)]
                #[inline]
                pub fn new(#(#params),*) -> Self {
                    #name { #(#inits_new)* unknown: crate::runtime::UnknownKeys::new() }
                }
            }

            #default_impl

            impl crate::runtime::de::Placeholder for #name {
                #[inline]
                fn placeholder() -> Self {
                    #name { #(#placeholders)* unknown: crate::runtime::UnknownKeys::new() }
                }
            }

            // Everything below is `#[inline]` or generic: compiled where a struct is formatted,
            // compared, cloned, read or written, with the serde code of its fields, not in this
            // crate for every struct.
            impl crate::runtime::record::Record for #name {
                const SPEC: &'static crate::runtime::record::Spec = &crate::runtime::record::Spec {
                    name: #name_str,
                    tag: #tag,
                    keys: #keys,
                    names: #rust_names,
                    plain: #plain_flags,
                    expecting: #expecting,
                };
                #[inline]
                fn field(&self, #index: usize) -> &dyn crate::runtime::record::Field {
    #field_ref
                }
                #[inline]
                fn field_mut(&mut self, #index: usize) -> &mut dyn crate::runtime::record::Field {
    #field_mut_body
                }
            }

            impl ::core::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    crate::runtime::record::debug(self, f)
                }
            }

            impl ::core::clone::Clone for #name {
                #[inline]
                fn clone(&self) -> Self {
                    crate::runtime::record::clone(self)
                }
            }

            impl ::core::cmp::PartialEq for #name {
                #[inline]
                fn eq(&self, other: &Self) -> bool {
                    crate::runtime::record::eq(self, other)
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    crate::runtime::record::serialize(self, serializer)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    crate::runtime::lenient::deserialize(deserializer)
                }
            }
        }
}

fn enum_tokens(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let doc = doc_attrs(&e.doc);
    let vnames: Vec<_> = e.variants.iter().map(|v| ident(&v.rust)).collect();
    let vdocs = e.variants.iter().map(|v| format!(" `{}`", v.wire));
    let name_str = &e.name;
    match e.repr {
        EnumRepr::Str => {
            let wires: Vec<_> = e.variants.iter().map(|v| v.wire.clone()).collect();
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #vdocs] #vnames, )*
                    /// A value this schema does not list (from a newer OS, say), kept as sent.
                    Unknown(::std::string::String),
                }

                impl #name {
                    /// The values this schema lists, in schema order.
                    pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

                    /// The wire value.
                    #[inline]
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#vnames => #wires, )*
                            Self::Unknown(value) => value.as_str(),
                        }
                    }

                    /// Strict conversion: `None` for a value the schema does not list.
                    #[inline]
                    pub fn from_known(value: &str) -> ::core::option::Option<Self> {
                        match value {
                            #( #wires => ::core::option::Option::Some(Self::#vnames), )*
                            _ => ::core::option::Option::None,
                        }
                    }

                    /// Whether this is a value the schema lists.
                    #[inline]
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::Unknown(_))
                    }
                }

                impl ::core::convert::From<&str> for #name {
                    #[inline]
                    fn from(value: &str) -> Self {
                        Self::from_known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
                    }
                }

                impl ::core::convert::From<::std::string::String> for #name {
                    #[inline]
                    fn from(value: ::std::string::String) -> Self {
                        match Self::from_known(&value) {
                            ::core::option::Option::Some(known) => known,
                            ::core::option::Option::None => Self::Unknown(value),
                        }
                    }
                }

                impl ::core::str::FromStr for #name {
                    type Err = crate::runtime::UnknownValue;
                    #[inline]
                    fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                        Self::from_known(value).ok_or_else(|| crate::runtime::UnknownValue::new(#name_str, value))
                    }
                }

                impl ::core::fmt::Display for #name {
                    #[inline]
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    #[inline]
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    #[inline]
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        crate::runtime::lenient::deserialize(deserializer)
                    }
                }

                impl crate::runtime::lenient::Lenient for #name {
                    const EXPECTING: &'static str = "a string";
                    #[inline]
                    fn from_text(v: &str, _json: bool) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                    #[inline]
                    fn from_string(v: ::std::string::String, _json: bool) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                }

                impl crate::runtime::de::Placeholder for #name {
                    #[inline]
                    fn placeholder() -> Self {
                        Self::Unknown(::std::string::String::new())
                    }
                }

                impl crate::runtime::record::Value for #name {}
            }
        }
        EnumRepr::Int => {
            let values: Vec<Literal> = e.variants.iter().map(|v| Literal::i64_unsuffixed(v.wire.parse().unwrap_or_default())).collect();
            quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #vdocs] #vnames, )*
                    /// A value this schema does not list (from a newer OS, say), kept as sent.
                    Unknown(i64),
                }

                impl #name {
                    /// The values this schema lists, in schema order.
                    pub const KNOWN: &'static [i64] = &[#(#values),*];

                    /// The wire value.
                    #[inline]
                    pub fn value(&self) -> i64 {
                        match self {
                            #( Self::#vnames => #values, )*
                            Self::Unknown(value) => *value,
                        }
                    }

                    /// Strict conversion: `None` for a value the schema does not list.
                    #[inline]
                    pub fn from_known(value: i64) -> ::core::option::Option<Self> {
                        match value {
                            #( #values => ::core::option::Option::Some(Self::#vnames), )*
                            _ => ::core::option::Option::None,
                        }
                    }

                    /// Whether this is a value the schema lists.
                    #[inline]
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::Unknown(_))
                    }
                }

                impl ::core::convert::From<i64> for #name {
                    #[inline]
                    fn from(value: i64) -> Self {
                        Self::from_known(value).unwrap_or(Self::Unknown(value))
                    }
                }

                impl ::core::fmt::Display for #name {
                    #[inline]
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        ::core::fmt::Display::fmt(&self.value(), f)
                    }
                }

                impl ::serde::Serialize for #name {
                    #[inline]
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    #[inline]
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        crate::runtime::lenient::deserialize(deserializer)
                    }
                }

                impl crate::runtime::lenient::Lenient for #name {
                    const EXPECTING: &'static str = "an integer";
                    #[inline]
                    fn from_i64(v: i64) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                    #[inline]
                    fn from_u64(v: u64) -> crate::runtime::lenient::Read<Self> {
                        <i64 as crate::runtime::lenient::Lenient>::from_u64(v).map(Self::from)
                    }
                }

                impl crate::runtime::de::Placeholder for #name {
                    #[inline]
                    fn placeholder() -> Self {
                        Self::Unknown(0)
                    }
                }

                impl crate::runtime::record::Value for #name {}
            }
        }
    }
}

fn union_tokens(u: &UnionDef) -> TokenStream {
    let name = ident(&u.name);
    let vnames: Vec<_> = u.variants.iter().map(|(_, n, _)| ident(n)).collect();
    let inline_impls = newtype_enum_impls(&name, &vnames);
    let doc = doc_attrs(&u.doc);
    let tag = &u.tag;
    let values: Vec<&String> = u.variants.iter().map(|(v, _, _)| v).collect();
    let vnames: Vec<_> = u.variants.iter().map(|(_, n, _)| ident(n)).collect();
    let snames: Vec<_> = u.variants.iter().map(|(_, _, s)| ident(s)).collect();
    let vdocs = u.variants.iter().map(|(v, _, _)| format!(" `{tag}` = `{v}`"));
    quote! {
        #doc
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #vdocs] #vnames(#snames), )*
            /// An item whose tag this schema does not know, kept as sent.
            Unknown(crate::runtime::Dictionary),
        }

        #inline_impls

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#vnames(item) => ::serde::Serialize::serialize(item, serializer), )*
                    Self::Unknown(item) => ::serde::Serialize::serialize(item, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                crate::runtime::lenient::deserialize(deserializer)
            }
        }

        impl crate::runtime::lenient::Lenient for #name {
            const EXPECTING: &'static str = "a dictionary";
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(map: A, json: bool) -> ::core::result::Result<crate::runtime::lenient::Read<Self>, A::Error> {
                let dict = crate::runtime::lenient::raw_dictionary(map)?;
                let tag = dict.get(#tag).and_then(|v| v.as_string()).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #( ::core::option::Option::Some(#values) => crate::runtime::de::from_dictionary(dict, json).map(|v| ::core::result::Result::Ok(Self::#vnames(v))), )*
                    _ => ::core::result::Result::Ok(::core::result::Result::Ok(Self::Unknown(dict))),
                }
            }
        }

        impl crate::runtime::de::Placeholder for #name {
            fn placeholder() -> Self {
                Self::Unknown(crate::runtime::Dictionary::new())
            }
        }

        impl crate::runtime::record::Value for #name {}
    }
}

/// `Debug`, `Clone` and `PartialEq` of an enum whose variants each hold one value, plus
/// `Unknown`, as `#[derive]` writes them but `#[inline]`: a derived impl would be compiled here
/// and compile the impls of every struct it holds with it. `Debug` calls the runtime's
/// `debug_variant` rather than three methods per variant (less for the compiler to check).
pub fn newtype_enum_impls(name: &proc_macro2::Ident, variants: &[proc_macro2::Ident]) -> TokenStream {
    let names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    // With no variant but `Unknown`, the pair of them is every case.
    let other = (!variants.is_empty()).then(|| quote! { _ => false, });
    quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #( Self::#variants(v) => crate::runtime::dispatch::debug_variant(f, #names, v), )*
                    Self::Unknown(v) => crate::runtime::dispatch::debug_variant(f, "Unknown", v),
                }
            }
        }

        impl ::core::clone::Clone for #name {
            #[inline]
            fn clone(&self) -> Self {
                match self {
                    #( Self::#variants(v) => Self::#variants(::core::clone::Clone::clone(v)), )*
                    Self::Unknown(v) => Self::Unknown(::core::clone::Clone::clone(v)),
                }
            }
        }

        impl ::core::cmp::PartialEq for #name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    #( (Self::#variants(a), Self::#variants(b)) => a == b, )*
                    (Self::Unknown(a), Self::Unknown(b)) => a == b,
                    #other
                }
            }
        }
    }
}

/// Tokens of one item.
pub fn item_tokens(item: &Item) -> TokenStream {
    match item {
        Item::Struct(s) => struct_tokens(s),
        Item::Enum(e) => enum_tokens(e),
        Item::Union(u) => union_tokens(u),
    }
}
