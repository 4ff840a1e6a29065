//! Tokens of the dispatch enums in a category's `mod.rs`: `AnyCommand` (on `RequestType`),
//! `AnyCommandResponse`, `AnyCheckinMessage` (on `MessageType`), `AnyPayload` (on
//! `PayloadType`) and `AnyDeclarationPayload` (on the declaration's `Type`). A wire identifier
//! the schemas do not know is kept as a raw dictionary, never rejected.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Module, Role};
use crate::model::Category;
use crate::naming::{ident, Scope};

/// One dispatch target: wire identifier, variant name, full type path tokens, and the module
/// that holds the type (and its schema's `SCHEMA`).
struct Target {
    wire: String,
    variant: proc_macro2::Ident,
    ty: TokenStream,
    module: proc_macro2::Ident,
}

fn file_stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".yaml").unwrap_or(name)
}

/// The modules a category dispatches to, with their wire identifiers. Several profile files
/// share one `PayloadType` (`com.apple.MCX` is split over six files): the file named exactly
/// after the payload type wins, and a type no file is named after stays raw.
fn targets(modules: &[&Module], wire: impl Fn(&Module) -> Option<(String, String, String)>) -> Vec<Target> {
    let mut scope = Scope::new();
    scope.reserve("Unknown");
    let mut out: Vec<Target> = Vec::new();
    let mut by_wire: std::collections::BTreeMap<String, Vec<(&Module, String, String)>> = std::collections::BTreeMap::new();
    for m in modules {
        if let Some((w, type_name, variant)) = wire(m) {
            by_wire.entry(w).or_default().push((m, type_name, variant));
        }
    }
    for (w, candidates) in by_wire {
        let chosen = if candidates.len() == 1 { candidates.first() } else { candidates.iter().find(|(m, _, _)| file_stem(&m.source) == w) };
        let Some((m, type_name, variant)) = chosen else { continue };
        let module = ident(&m.name);
        let t = ident(type_name);
        out.push(Target { variant: ident(&scope.type_name(variant)), wire: w, ty: quote!(#module::#t), module });
    }
    out
}

/// A declaration payload's kind (`AnyDeclarationPayload::kind`), from each member's
/// `DeclarationPayload::KIND`.
fn kind_tokens(targets: &[Target]) -> TokenStream {
    let variants: Vec<_> = targets.iter().map(|t| &t.variant).collect();
    let types: Vec<_> = targets.iter().map(|t| &t.ty).collect();
    quote! {
        impl AnyDeclarationPayload {
            /// Which of a `DeclarationItemsResponse`'s lists the payload's declaration belongs
            /// to (and the `<kind>` of its `declaration/<kind>/<identifier>` endpoint), from
            /// the schema's folder; `None` for `Unknown`. See also
            /// [`Registry::declaration_kind`](crate::runtime::Registry::declaration_kind).
            pub fn kind(&self) -> ::core::option::Option<crate::runtime::DeclarationKind> {
                match self {
                    #( Self::#variants(_) => ::core::option::Option::Some(<#types as crate::runtime::DeclarationPayload>::KIND), )*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }
        }
    }
}

/// `json`: the category travels as JSON (declarations), so dictionaries are decoded as JSON.
/// `responses`: the members are command responses (their schema's `responsekeys`).
fn dispatch_enum(name: &str, doc: &str, tag: &str, targets: &[Target], self_tagged: bool, json: bool, responses: bool) -> TokenStream {
    let name = ident(name);
    let variants: Vec<_> = targets.iter().map(|t| &t.variant).collect();
    let modules: Vec<_> = targets.iter().map(|t| &t.module).collect();
    // What each member's `HasSchema::PART` says (`table.rs` gives responses `Part::Response`),
    // written out: a `HasSchema` call per member cost the `commands` crate 4 % of its build.
    let part = if responses { quote!(crate::runtime::availability::Part::Response) } else { quote!(crate::runtime::availability::Part::Payload) };
    let types: Vec<_> = targets.iter().map(|t| &t.ty).collect();
    let wires: Vec<_> = targets.iter().map(|t| &t.wire).collect();
    let docs = targets.iter().map(|t| format!(" `{tag}` = `{}`", t.wire));
    let owned: Vec<proc_macro2::Ident> = variants.iter().map(|v| (*v).clone()).collect();
    let inline_impls = super::items::newtype_enum_impls(&name, &owned);
    let decode = if json { quote!(crate::runtime::de::decode_json_dictionary) } else { quote!(crate::runtime::de::decode_dictionary) };
    let deserialize = self_tagged.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    crate::runtime::lenient::deserialize(deserializer)
                }
            }

            impl crate::runtime::lenient::Lenient for #name {
                const EXPECTING: &'static str = "a dictionary";
                fn from_map<'de, A: ::serde::de::MapAccess<'de>>(map: A, json: bool) -> ::core::result::Result<crate::runtime::lenient::Read<Self>, A::Error> {
                    let dict = crate::runtime::lenient::raw_dictionary(map)?;
                    let tag = dict.get(#tag).and_then(|v| v.as_string()).map(::std::borrow::ToOwned::to_owned).unwrap_or_default();
                    // Read from JSON, the member is decoded as JSON (base64 data, RFC 3339 dates).
                    crate::runtime::lenient::with_json_strings(json, || Self::from_tagged(&tag, dict))
                        .map(::core::result::Result::Ok)
                        .map_err(<A::Error as ::serde::de::Error>::custom)
                }
            }

            impl crate::runtime::de::Placeholder for #name {
                fn placeholder() -> Self {
                    Self::Unknown(crate::runtime::Dictionary::new())
                }
            }

            impl crate::runtime::record::Value for #name {}
        }
    });
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #docs] #variants(::std::boxed::Box<#types>), )*
            /// A value whose identifier the schemas do not know, kept as sent.
            Unknown(crate::runtime::Dictionary),
        }

        #inline_impls

        impl #name {
            /// The key whose value selects the variant.
            pub const TAG: &'static str = #tag;

            /// Every identifier this enum knows.
            pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

            /// Decodes a dictionary as the type its identifier names; an identifier the schemas
            /// do not know gives `Unknown` with the dictionary unchanged. The dictionary is read
            /// as from a plist (declarations: as from JSON); see also
            /// [`from_tagged_json`](Self::from_tagged_json).
            //
            // `#[inline]`: compiled in the crate that calls it, not in this one. Its body decodes
            // every member type, and this crate calling it would compile every type's decoding
            // for every user, whether they dispatch or not (about half of the crate's build).
            #[inline]
            pub fn from_tagged(tag: &str, dict: crate::runtime::Dictionary) -> ::core::result::Result<Self, crate::runtime::CodecError> {
                match tag {
                    #( #wires => #decode(dict).map(|v| Self::#variants(::std::boxed::Box::new(v))), )*
                    _ => ::core::result::Result::Ok(Self::Unknown(dict)),
                }
            }

            /// [`from_tagged`](Self::from_tagged) for a dictionary read from JSON: base64
            /// strings are read as data and RFC 3339 strings as dates where the member's
            /// schema has them, as `codec::from_json` reads the whole enum.
            #[inline]
            pub fn from_tagged_json(tag: &str, dict: crate::runtime::Dictionary) -> ::core::result::Result<Self, crate::runtime::CodecError> {
                crate::runtime::lenient::with_json_strings(true, || Self::from_tagged(tag, dict))
            }

            /// The identifier of a known variant.
            pub fn wire_id(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #( Self::#variants(_) => ::core::option::Option::Some(#wires), )*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(v) => ::serde::Serialize::serialize(v, serializer), )*
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, serializer),
                }
            }
        }

        impl crate::runtime::AnyMessage for #name {
            const TAG: &'static str = #tag;

            fn wire_id(&self) -> ::core::option::Option<&'static str> {
                #name::wire_id(self)
            }

            fn schema(&self) -> ::core::option::Option<(&'static crate::runtime::availability::SchemaTable, crate::runtime::availability::Part)> {
                match self {
                    #( Self::#variants(_) => ::core::option::Option::Some((#modules::SCHEMA.table(), #part)), )*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }

            fn unknown_keys(&self) -> &crate::runtime::Dictionary {
                match self {
                    #( Self::#variants(v) => &v.unknown, )*
                    Self::Unknown(v) => v,
                }
            }

            fn registry() -> &'static crate::runtime::Registry {
                &crate::REGISTRY
            }
        }

        #(
            impl ::core::convert::From<#types> for #name {
                #[inline]
                fn from(value: #types) -> Self {
                    Self::#variants(::std::boxed::Box::new(value))
                }
            }
        )*

        #deserialize
    }
}

/// The dispatch enums of one category (empty for categories without one).
pub fn dispatch_tokens(category: Category, modules: &[&Module]) -> TokenStream {
    match category {
        Category::Commands => {
            let commands = targets(modules, |m| match &m.role {
                Role::Command { request_type, .. } => Some((request_type.clone(), m.main_type.clone(), request_type.clone())),
                _ => None,
            });
            let responses = targets(modules, |m| match &m.role {
                Role::Command { request_type, response } => Some((request_type.clone(), response.clone(), request_type.clone())),
                _ => None,
            });
            let a = dispatch_enum("AnyCommand", " Any command body, dispatched on its `RequestType`.", "RequestType", &commands, true, false, false);
            let b = dispatch_enum(
                "AnyCommandResponse",
                " Any command response body; a response does not name its command, so decode it with the `RequestType` of the command it answers ([`AnyCommandResponse::from_tagged`]).",
                "RequestType",
                &responses,
                false,
                false,
                true,
            );
            quote! {
                #a
                #b

                impl crate::runtime::CommandBody for AnyCommand {}

                impl crate::runtime::TaggedResponse for AnyCommandResponse {
                    // `#[inline]`, as `from_tagged`.
                    #[inline]
                    fn from_tagged(request_type: &str, body: crate::runtime::Dictionary) -> ::core::result::Result<Self, crate::runtime::CodecError> {
                        AnyCommandResponse::from_tagged(request_type, body)
                    }
                }
            }
        }
        Category::Checkin => {
            let t = targets(modules, |m| match &m.role {
                Role::Checkin { message_type, .. } => Some((message_type.clone(), m.main_type.clone(), message_type.clone())),
                _ => None,
            });
            dispatch_enum("AnyCheckinMessage", " Any check-in message, dispatched on its `MessageType`.", "MessageType", &t, true, false, false)
        }
        Category::Profiles => {
            // The profile wrapper and the keys common to every payload are not payloads.
            let t = targets(modules, |m| match &m.role {
                Role::Profile { payload_type } if !matches!(payload_type.as_str(), "TopLevel" | "CommonPayloadKeys" | "") => {
                    Some((payload_type.clone(), m.main_type.clone(), m.main_type.clone()))
                }
                _ => None,
            });
            dispatch_enum(
                "AnyPayload",
                " Any profile payload (an item of `PayloadContent`), dispatched on its `PayloadType`.",
                "PayloadType",
                &t,
                true,
                false,
                false,
            )
        }
        Category::Declarations => {
            let t = targets(modules, |m| match &m.role {
                Role::Declaration { declaration_type } if declaration_type != "any" && !declaration_type.is_empty() => {
                    Some((declaration_type.clone(), m.main_type.clone(), m.main_type.clone()))
                }
                _ => None,
            });
            let any = dispatch_enum(
                "AnyDeclarationPayload",
                " Any declaration `Payload`; the `Type` that selects it sits on the declaration, see `runtime::Declaration`.",
                "Type",
                &t,
                false,
                true,
                false,
            );
            let kind = kind_tokens(&t);
            quote! {
                #any
                #kind

                impl crate::runtime::DeclarationBody for AnyDeclarationPayload {
                    #[inline]
                    fn decode(declaration_type: &str, payload: crate::runtime::Dictionary) -> ::core::result::Result<Self, crate::runtime::CodecError> {
                        Self::from_tagged(declaration_type, payload)
                    }
                }
            }
        }
        _ => quote!(),
    }
}
