//! Tokens for one IR item: structs with hand-rolled serde impls that keep unknown keys, enums
//! with an unknown variant, unions dispatched on a tag. Every path is fully qualified so an
//! Apple type named `Option` or `Result` cannot shadow what the emitted code uses.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

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

fn struct_tokens(s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let doc = doc_attrs(&s.doc);
    let fields: Vec<TokenStream> = s.fields.iter().map(field_decl).collect();
    let expecting = format!("a `{}` dictionary", s.name);

    // The tag is written from the type, unless a value for it is kept in `unknown` (then that
    // one is written, never both) or the decoded document left it out.
    let ser_tag = s.tag.as_ref().map(|(k, v)| quote! { crate::runtime::ser::tag(&mut map, #k, #v, &self.unknown)?; });
    let ser_fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let w = &f.wire;
        if f.required {
            quote! { crate::runtime::ser::plain(&mut map, #w, &self.#n, &self.unknown)?; }
        } else {
            quote! { crate::runtime::ser::optional(&mut map, #w, &self.#n, &self.unknown)?; }
        }
    });

    let locals: Vec<_> = (0..s.fields.len()).map(|i| format_ident!("f{}", i)).collect();
    let local_decls = locals.iter().zip(&s.fields).map(|(l, f)| {
        let ty = type_tokens(&f.ty);
        quote! { let mut #l: ::core::option::Option<#ty> = ::core::option::Option::None; }
    });
    let de_tag = s.tag.as_ref().map(|(k, v)| {
        quote! { #k => { crate::runtime::de::expect_tag::<A>(&mut map, #k, #v)?; tag_seen = true; } }
    });
    let tag_decl = s.tag.as_ref().map(|_| quote! { let mut tag_seen = false; });
    let tag_check = s.tag.as_ref().map(|(k, _)| quote! { crate::runtime::de::tag_seen(tag_seen, #k, &mut unknown); });
    let de_arms = locals.iter().zip(&s.fields).map(|(l, f)| {
        let w = &f.wire;
        quote! { #w => crate::runtime::de::field(&mut map, #w, &mut #l, &mut unknown)?, }
    });
    let inits = locals.iter().zip(&s.fields).map(|(l, f)| {
        let n = ident(&f.rust);
        let w = &f.wire;
        if f.required {
            quote! { #n: crate::runtime::de::plain(#l, #w, &mut unknown), }
        } else {
            quote! { #n: #l, }
        }
    });
    let placeholders = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote! { #n: crate::runtime::de::Placeholder::placeholder(), }
        } else {
            quote! { #n: ::core::option::Option::None, }
        }
    });

    let keep_unknown = quote! {
        let value = map.next_value()?;
        unknown.insert(key, value);
    };
    let loop_body = if s.fields.is_empty() && s.tag.is_none() {
        keep_unknown
    } else {
        quote! {
            match key.as_str() {
                #de_tag
                #(#de_arms)*
                _ => { #keep_unknown }
            }
        }
    };
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
    let derives = if plain.is_empty() { quote!(#[derive(Debug, Clone, PartialEq, Default)]) } else { quote!(#[derive(Debug, Clone, PartialEq)]) };
    // Every plain key has its one allowed value: `new()` takes nothing, so the type is `Default` too.
    let default_impl = (!plain.is_empty() && asked.is_empty()).then(|| {
        quote! {
            impl ::core::default::Default for #name {
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
        #derives
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
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits_new)* unknown: crate::runtime::UnknownKeys::new() }
            }
        }

        #default_impl

        impl crate::runtime::Extensible for #name {
            fn unknown(&self) -> &crate::runtime::UnknownKeys {
                &self.unknown
            }
            fn unknown_mut(&mut self) -> &mut crate::runtime::UnknownKeys {
                &mut self.unknown
            }
        }

        impl crate::runtime::de::Placeholder for #name {
            fn placeholder() -> Self {
                #name { #(#placeholders)* unknown: crate::runtime::UnknownKeys::new() }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                #ser_tag
                #(#ser_fields)*
                crate::runtime::ser::unknown_keys(&mut map, &self.unknown)?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                crate::runtime::lenient::deserialize(deserializer)
            }
        }

        impl crate::runtime::lenient::Lenient for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A, _json: bool) -> ::core::result::Result<crate::runtime::lenient::Read<Self>, A::Error> {
                #(#local_decls)*
                #tag_decl
                let mut unknown = crate::runtime::UnknownKeys::new();
                while let ::core::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                    #loop_body
                }
                #tag_check
                ::core::result::Result::Ok(::core::result::Result::Ok(#name { #(#inits)* unknown }))
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
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#vnames => #wires, )*
                            Self::Unknown(value) => value.as_str(),
                        }
                    }

                    /// Strict conversion: `None` for a value the schema does not list.
                    pub fn from_known(value: &str) -> ::core::option::Option<Self> {
                        match value {
                            #( #wires => ::core::option::Option::Some(Self::#vnames), )*
                            _ => ::core::option::Option::None,
                        }
                    }

                    /// Whether this is a value the schema lists.
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::Unknown(_))
                    }
                }

                impl ::core::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::from_known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
                    }
                }

                impl ::core::convert::From<::std::string::String> for #name {
                    fn from(value: ::std::string::String) -> Self {
                        match Self::from_known(&value) {
                            ::core::option::Option::Some(known) => known,
                            ::core::option::Option::None => Self::Unknown(value),
                        }
                    }
                }

                impl ::core::str::FromStr for #name {
                    type Err = crate::runtime::UnknownValue;
                    fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                        Self::from_known(value).ok_or_else(|| crate::runtime::UnknownValue::new(#name_str, value))
                    }
                }

                impl ::core::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        crate::runtime::lenient::deserialize(deserializer)
                    }
                }

                impl crate::runtime::lenient::Lenient for #name {
                    const EXPECTING: &'static str = "a string";
                    fn from_text(v: &str, _json: bool) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                    fn from_string(v: ::std::string::String, _json: bool) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                }

                impl crate::runtime::de::Placeholder for #name {
                    fn placeholder() -> Self {
                        Self::Unknown(::std::string::String::new())
                    }
                }
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
                    pub fn value(&self) -> i64 {
                        match self {
                            #( Self::#vnames => #values, )*
                            Self::Unknown(value) => *value,
                        }
                    }

                    /// Strict conversion: `None` for a value the schema does not list.
                    pub fn from_known(value: i64) -> ::core::option::Option<Self> {
                        match value {
                            #( #values => ::core::option::Option::Some(Self::#vnames), )*
                            _ => ::core::option::Option::None,
                        }
                    }

                    /// Whether this is a value the schema lists.
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::Unknown(_))
                    }
                }

                impl ::core::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        Self::from_known(value).unwrap_or(Self::Unknown(value))
                    }
                }

                impl ::core::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        ::core::fmt::Display::fmt(&self.value(), f)
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        crate::runtime::lenient::deserialize(deserializer)
                    }
                }

                impl crate::runtime::lenient::Lenient for #name {
                    const EXPECTING: &'static str = "an integer";
                    fn from_i64(v: i64) -> crate::runtime::lenient::Read<Self> {
                        ::core::result::Result::Ok(Self::from(v))
                    }
                    fn from_u64(v: u64) -> crate::runtime::lenient::Read<Self> {
                        <i64 as crate::runtime::lenient::Lenient>::from_u64(v).map(Self::from)
                    }
                }

                impl crate::runtime::de::Placeholder for #name {
                    fn placeholder() -> Self {
                        Self::Unknown(0)
                    }
                }
            }
        }
    }
}

fn union_tokens(u: &UnionDef) -> TokenStream {
    let name = ident(&u.name);
    let doc = doc_attrs(&u.doc);
    let tag = &u.tag;
    let values: Vec<&String> = u.variants.iter().map(|(v, _, _)| v).collect();
    let vnames: Vec<_> = u.variants.iter().map(|(_, n, _)| ident(n)).collect();
    let snames: Vec<_> = u.variants.iter().map(|(_, _, s)| ident(s)).collect();
    let vdocs = u.variants.iter().map(|(v, _, _)| format!(" `{tag}` = `{v}`"));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #vdocs] #vnames(#snames), )*
            /// An item whose tag this schema does not know, kept as sent.
            Unknown(crate::runtime::Dictionary),
        }

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
