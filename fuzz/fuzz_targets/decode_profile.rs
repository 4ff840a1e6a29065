//! A configuration profile: `TopLevel`, whose `PayloadContent` items dispatch on `PayloadType`
//! (`AnyPayload`), from an XML or binary plist.
#![no_main]

use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::runtime::codec::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::XmlPlist);
    if let Ok(profile) = codec::from_plist::<TopLevel>(data) {
        dm_fuzz::check_plist(data, &profile, codec::from_plist::<TopLevel>);
    }
});
