//! Tokens of the `mod.rs` files: module declarations behind their Cargo feature, and the static
//! registry of every schema (category, source file, wire identifier, Rust type).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Module, Role};
use crate::model::Category;
use crate::naming::ident;

fn category_variant(c: Category) -> TokenStream {
    let v = ident(&crate::naming::type_name(c.name()));
    quote!(crate::runtime::Category::#v)
}

/// `generated/<category>/mod.rs`: `pub mod` per file and the category's `SCHEMAS`.
pub fn category_mod_tokens(category: Category, modules: &[&Module]) -> TokenStream {
    let mods = modules.iter().map(|m| ident(&m.name));
    let cat = category_variant(category);
    let records = modules.iter().map(|m| {
        let module = ident(&m.name);
        let source = &m.source;
        let title = &m.title;
        let wire = match &m.wire_id {
            Some(w) => quote!(::core::option::Option::Some(#w)),
            None => quote!(::core::option::Option::None),
        };
        let rust_type = format!("apple_device_management::{}::{}::{}", category.name(), m.name.trim_start_matches("r#"), m.main_type);
        let response = match &m.role {
            Role::Command { response, .. } | Role::Checkin { response: Some(response), .. } => Some(response.clone()),
            _ => None,
        };
        let resp_name = match &response {
            Some(r) => {
                let full = format!("apple_device_management::{}::{}::{}", category.name(), m.name.trim_start_matches("r#"), r);
                quote!(::core::option::Option::Some(#full))
            }
            None => quote!(::core::option::Option::None),
        };
        let related = &m.related_status_items;
        quote! {
            crate::runtime::SchemaInfo {
                category: #cat,
                source: #source,
                wire_id: #wire,
                title: #title,
                rust_type: #rust_type,
                response_type: #resp_name,
                related_status_items: &[ #(#related),* ],
                schema: &#module::SCHEMA,
            }
        }
    });
    let dispatch = super::dispatch::dispatch_tokens(category, modules);
    let doc = super::category_docs::category_doc(category, modules).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! {
        #( #![doc = #doc] )*

        #( pub mod #mods; )*

        #dispatch

        /// One record per schema file of this category, sorted by source path.
        pub static SCHEMAS: &[crate::runtime::SchemaInfo] = &[ #(#records),* ];
    }
}

/// `generated/mod.rs`: the category modules behind their features, the registry the runtime
/// looks schemas up in (`REGISTRY`, `registry()`), and `schemas()`.
pub fn root_mod_tokens(categories: &[Category], release: &str, layers: &[String]) -> TokenStream {
    let names: Vec<_> = categories.iter().map(|c| ident(c.name())).collect();
    let features: Vec<&str> = categories.iter().map(|c| c.name()).collect();
    quote! {
        #( #[cfg(feature = #features)] pub mod #names; )*

        /// The schema release this code was generated from.
        pub const RELEASE: &str = #release;

        /// The releases merged into this code, oldest first, ending with [`RELEASE`]: what an
        /// older release has and a newer one dropped is kept, so devices still on an older OS
        /// lose nothing (the availability tables say where Apple marked it removed).
        pub const LAYERS: &[&str] = &[ #(#layers),* ];

        static PARTS: &[&[crate::runtime::SchemaInfo]] = &[
            #( #[cfg(feature = #features)] #names::SCHEMAS, )*
        ];

        /// Every schema of the enabled categories: what the runtime's lookups by wire
        /// identifier (a `RequestType`, `PayloadType`, declaration `Type`, status item) search.
        pub static REGISTRY: crate::runtime::Registry = crate::runtime::Registry::new(RELEASE, PARTS);

        /// [`REGISTRY`]: the registry to give the runtime's functions that take one.
        pub fn registry() -> &'static crate::runtime::Registry {
            &REGISTRY
        }

        /// Every schema of the enabled categories, in category order, then by source path.
        pub fn schemas() -> impl ::core::iter::Iterator<Item = &'static crate::runtime::SchemaInfo> {
            REGISTRY.schemas()
        }
    }
}
