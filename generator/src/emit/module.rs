//! Tokens of one schema file's module: its doc, its types, and the runtime trait that ties the
//! main type to its wire identifier.

use proc_macro2::TokenStream;
use quote::quote;

use super::items::item_tokens;
use crate::ir::{Module, Role};
use crate::naming::ident;

fn role_impls(m: &Module) -> TokenStream {
    let main = ident(&m.main_type);
    match &m.role {
        Role::Command { request_type, response } => {
            let resp = ident(response);
            quote! {
                impl crate::runtime::MdmCommand for #main {
                    const REQUEST_TYPE: &'static str = #request_type;
                    type Response = #resp;
                }
            }
        }
        Role::Checkin { message_type, .. } => quote! {
            impl crate::runtime::CheckinMessage for #main {
                const MESSAGE_TYPE: &'static str = #message_type;
            }
        },
        Role::Profile { payload_type } => quote! {
            impl crate::runtime::ProfilePayload for #main {
                const PAYLOAD_TYPE: &'static str = #payload_type;
            }
        },
        // `declarationbase.yaml` (type `any`) describes the declaration around a payload, not
        // a payload: it has no kind folder and no impl.
        Role::Declaration { declaration_type } => match declaration_kind(&m.source) {
            Some(kind) if declaration_type != "any" && !declaration_type.is_empty() => {
                let kind = ident(kind);
                quote! {
                    impl crate::runtime::DeclarationPayload for #main {
                        const DECLARATION_TYPE: &'static str = #declaration_type;
                        const KIND: crate::runtime::DeclarationKind = crate::runtime::DeclarationKind::#kind;
                    }
                }
            }
            _ => quote! {},
        },
        Role::StatusItem { item } => quote! {
            impl crate::runtime::StatusItem for #main {
                const STATUS_ITEM: &'static str = #item;
            }
        },
        Role::Protocol { .. } | Role::Error | Role::Other => quote! {},
    }
}

/// The `DeclarationKind` variant of a declaration schema, from its folder
/// (`declarative/declarations/configurations/…` is a configuration).
pub(crate) fn declaration_kind(source: &str) -> Option<&'static str> {
    let folder = source.strip_prefix("declarative/declarations/")?.split_once('/')?.0;
    Some(match folder {
        "activations" => "Activation",
        "assets" => "Asset",
        "configurations" => "Configuration",
        "management" => "Management",
        _ => return None,
    })
}

/// Tokens of a whole module file.
pub fn module_tokens(m: &Module) -> TokenStream {
    let mut doc = vec![format!(" {}", m.title), String::new(), format!(" Source: `{}`.", m.source)];
    if let Some(id) = &m.wire_id {
        doc.push(format!(" Wire identifier: `{id}`."));
    }
    let items = m.items.iter().map(item_tokens);
    let roles = role_impls(m);
    let table = super::table::table_tokens(m);
    quote! {
        #( #![doc = #doc] )*
        #(#items)*
        #roles
        #table
    }
}
