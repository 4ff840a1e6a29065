//! A check-in message: `AnyCheckinMessage` from an XML or binary plist, dispatched on
//! `MessageType`.
#![no_main]

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::runtime::codec::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::XmlPlist);
    if let Ok(message) = codec::from_plist::<AnyCheckinMessage>(data) {
        dm_fuzz::check_plist(data, &message, codec::from_plist::<AnyCheckinMessage>);
    }
});
