//! Raw validation of an XML plist document: `validate_document` (dispatch on `RequestType`,
//! `MessageType`, `PayloadType`, profile payload by payload), with and without a device
//! context, and `validate_response` for a command picked by the input's length.
#![no_main]

use apple_device_management::runtime::codec::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| dm_fuzz::fuzz_validate_plist(data, Format::XmlPlist));
