//! A device's response: `CommandResponse::<AnyCommandResponse>::decode_for`. The first byte
//! picks the request type (an index into `AnyCommandResponse::KNOWN`; past its end, a type the
//! crate does not know), the rest is the plist.
#![no_main]

use apple_device_management::commands::AnyCommandResponse;
use apple_device_management::runtime::codec::Format;
use apple_device_management::runtime::CommandResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, doc)) = data.split_first() else { return };
    let request_type = AnyCommandResponse::KNOWN.get(usize::from(pick)).copied().unwrap_or("FuzzUnknownRequest");
    dm_fuzz::check_limits(doc, Format::XmlPlist);
    let decode = |b: &[u8]| CommandResponse::<AnyCommandResponse>::decode_for(request_type, b);
    if let Ok(response) = decode(doc) {
        dm_fuzz::check_plist(doc, &response, decode);
    }
});
