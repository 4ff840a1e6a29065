//! `test-support/roundtrips.rs`: the round-trip function of every generated type, for the
//! workspace's tests (`dm-tests` includes the file; it is no part of the library). A function
//! pointer per type, built into the library's registry, made the library instantiate every
//! type's serde code for every format (XML, binary, JSON, with and without path tracking):
//! three quarters of its build time went there. Here the tests pay for it instead.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Module, Role};
use crate::naming::ident;

/// Folder of the test-support files inside the `generated` crate folder (not compiled into it).
pub const TEST_SUPPORT_DIR: &str = "test-support";

/// The file's path, relative to the `generated` crate folder.
pub fn roundtrips_path() -> String {
    format!("{TEST_SUPPORT_DIR}/roundtrips.rs")
}

/// Tokens of `roundtrips.rs`: `ROUNDTRIPS`, one row per schema (source file, the main type's
/// round trip, the response type's).
pub fn roundtrips_tokens(modules: &[&Module]) -> TokenStream {
    let rows = modules.iter().map(|m| {
        let source = &m.source;
        let category = ident(m.category.name());
        let module = ident(&m.name);
        let main = ident(&m.main_type);
        let response = match &m.role {
            Role::Command { response, .. } | Role::Checkin { response: Some(response), .. } => {
                let r = ident(response);
                quote!(::core::option::Option::Some(roundtrip::<apple_device_management::#category::#module::#r> as Roundtrip))
            }
            _ => quote!(::core::option::Option::None),
        };
        quote! { (#source, roundtrip::<apple_device_management::#category::#module::#main> as Roundtrip, #response) }
    });
    quote! {
        #![doc = " The round trip of every generated type (decode, encode in the same format), by schema"]
        #![doc = " source file: `(source, main type, response type)`. Included by `dm-tests`; not part of"]
        #![doc = " the library."]

        use apple_device_management::runtime::codec::{roundtrip, CodecError, Format};

        /// Decodes bytes into one generated type and encodes it back in the same format.
        pub type Roundtrip = fn(&[u8], Format) -> ::core::result::Result<::std::vec::Vec<u8>, CodecError>;

        /// One row per schema file, sorted by category, then source path.
        pub static ROUNDTRIPS: &[(&str, Roundtrip, ::core::option::Option<Roundtrip>)] = &[ #(#rows),* ];
    }
}
