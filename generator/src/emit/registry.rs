//! Tokens of each category crate's `lib.rs` (its modules, dispatch enums, `SCHEMAS` and the
//! registry of its own schemas) and of the facade's `src/generated/mod.rs` (each category crate
//! re-exported behind its Cargo feature with the category's documentation, and the registry of
//! every schema: category, source file, wire identifier, Rust type).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Module, Role};
use crate::model::Category;
use crate::naming::ident;

fn category_variant(c: Category) -> TokenStream {
    let v = ident(&crate::naming::type_name(c.name()));
    quote!(crate::runtime::Category::#v)
}

/// One `SchemaInfo` record per module (`schema` names the module's `SCHEMA` by the module's path
/// in the crate the record is written in).
fn schema_records(category: Category, modules: &[&Module]) -> Vec<TokenStream> {
    let cat = category_variant(category);
    modules
        .iter()
        .map(|m| {
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
        })
        .collect()
}

/// A category crate's `lib.rs`: `pub mod` per file it holds and, for a category built as part
/// crates, the parts' modules re-exported; the dispatch enums, the category's `SCHEMAS` and
/// `REGISTRY` (what the `HasSchema` impls of its types give the runtime: a value of this category
/// is validated and checked against this category's schemas). `own` and `parts` are the
/// category's `modules` by crate ([`super::crates::parts`]).
pub fn category_lib_tokens(category: Category, modules: &[&Module], own: &[&Module], parts: &[Vec<&Module>], release: &str) -> TokenStream {
    let mods = own.iter().map(|m| ident(&m.name));
    let uses = parts.iter().enumerate().map(|(i, run)| {
        let part = ident(&super::crates::part_lib_name(category, i + 1));
        let mods = run.iter().map(|m| ident(&m.name));
        quote!( #[doc(inline)] pub use #part::{ #(#mods),* }; )
    });
    let records = schema_records(category, own);
    // A category built as parts takes its parts' records, end to end after its own modules'
    // (by source path within each crate), rather than writing each again.
    let schemas = if parts.is_empty() {
        quote!( &[ #(#records),* ] )
    } else {
        let ours = (!own.is_empty()).then(|| quote!( &[ #(#records),* ], ));
        let libs = (1..=parts.len()).map(|n| ident(&super::crates::part_lib_name(category, n)));
        let total = proc_macro2::Literal::usize_unsuffixed(modules.len());
        quote!( &crate::runtime::concat_schemas::<#total>(&[ #ours #( #libs::SCHEMAS ),* ]) )
    };
    let dispatch = super::dispatch::dispatch_tokens(category, modules);
    let feature = category.name();
    let doc = [
        format!(" Typed {}: {} schemas of Apple's `device-management` tree, the `{feature}`", super::crates::what(category), modules.len()),
        format!(" feature of `apple-device-management`, which re-exports this crate as `apple_device_management::{feature}`"),
        " (the category's documentation and examples are there).".to_string(),
    ];
    quote! {
        // rustfmt leaves the generated files alone: the freshness check compares them byte for
        // byte with what prettyplease prints.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![forbid(unsafe_code)]
        #( #![doc = #doc] )*

        use apple_device_management_runtime as runtime;

        #( #[rustfmt::skip] pub mod #mods; )*
        #(#uses)*

        #dispatch

        /// One record per schema file of this category, sorted by source path (a category built
        /// as part crates: the category crate's own, then each part's).
        pub static SCHEMAS: &[crate::runtime::SchemaInfo] = #schemas;

        /// The schemas of this category: the registry its types validate and check against
        /// (`apple_device_management::registry()` holds every enabled category).
        pub static REGISTRY: crate::runtime::Registry = crate::runtime::Registry::new(#release, &[SCHEMAS]);
    }
}

/// The `lib.rs` of part `part` of `count`: `pub mod` per file of its run, and the part's own `SCHEMAS` and
/// `REGISTRY`, which the `HasSchema` impls of its types give the runtime (see
/// [`super::crates::PARTS`] for why that is enough for the categories built as parts).
pub fn part_lib_tokens(category: Category, part: usize, count: usize, modules: &[&Module], release: &str) -> TokenStream {
    let mods = modules.iter().map(|m| ident(&m.name));
    let records = schema_records(category, modules);
    let of = super::crates::lib_name(category);
    let feature = category.name();
    let doc = [
        format!(" Part {part} of {count} of `{of}`'s modules: {} schemas of Apple's `device-management` tree, built", modules.len()),
        format!(" beside the other parts. `{of}` re-exports them with the dispatch enums, and"),
        format!(" `apple-device-management` re-exports that as `apple_device_management::{feature}`."),
    ];
    quote! {
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![forbid(unsafe_code)]
        #( #![doc = #doc] )*

        use apple_device_management_runtime as runtime;

        #( #[rustfmt::skip] pub mod #mods; )*

        /// One record per schema file of this part, sorted by source path.
        pub static SCHEMAS: &[crate::runtime::SchemaInfo] = &[ #(#records),* ];

        /// The schemas of this part: the registry its types validate and check against.
        pub static REGISTRY: crate::runtime::Registry = crate::runtime::Registry::new(#release, &[SCHEMAS]);
    }
}

/// The facade's `src/generated/mod.rs`: each category crate re-exported as a module behind its
/// feature, with the category's documentation and examples (doctests of the facade), the
/// registry the runtime looks schemas up in (`REGISTRY`, `registry()`), and `schemas()`.
pub fn root_mod_tokens(categories: &BTreeMap<Category, Vec<&Module>>, release: &str, layers: &[String]) -> TokenStream {
    let names: Vec<_> = categories.keys().map(|c| ident(c.name())).collect();
    let features: Vec<&str> = categories.keys().map(|c| c.name()).collect();
    let crates: Vec<_> = categories.keys().map(|c| ident(&super::crates::lib_name(*c))).collect();
    let docs = categories.iter().map(|(c, modules)| {
        let lines = super::category_docs::category_doc(*c, modules).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") });
        quote!( #( #[doc = #lines] )* )
    });
    quote! {
        #( #docs #[cfg(feature = #features)] #[doc(inline)] pub use #crates as #names; )*

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
