//! Raw validation of an XML plist document: `validate_document` (dispatch on `RequestType`,
//! `MessageType`, `PayloadType`, profile payload by payload), with and without a device
//! context, and `validate_response` for a command picked by the input's length.
#![no_main]

use apple_device_management::commands::AnyCommandResponse;
use apple_device_management::runtime::codec::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"bplist") {
        return;
    }
    dm_fuzz::check_limits(data, Format::XmlPlist);
    if let Ok(value) = codec::from_plist::<plist::Value>(data) {
        let known = AnyCommandResponse::KNOWN;
        dm_fuzz::check_validate_plist(&value, known[data.len() % known.len()]);
    }
});
