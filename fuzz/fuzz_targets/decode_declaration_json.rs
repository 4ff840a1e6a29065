//! A DDM declaration: `Declaration<AnyDeclarationPayload>` from JSON, dispatched on `Type`.
#![no_main]

use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::Declaration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::Json);
    if let Ok(declaration) = codec::from_json::<Declaration<AnyDeclarationPayload>>(data) {
        dm_fuzz::check_json(data, &declaration);
    }
});
