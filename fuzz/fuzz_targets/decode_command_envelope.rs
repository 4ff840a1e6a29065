//! A command as a device would receive it: `CommandEnvelope<AnyCommand>` from an XML or binary
//! plist, dispatched on `RequestType`.
#![no_main]

use apple_device_management::commands::AnyCommand;
use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::CommandEnvelope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::XmlPlist);
    if let Ok(env) = codec::from_plist::<CommandEnvelope<AnyCommand>>(data) {
        dm_fuzz::check_plist(data, &env, codec::from_plist::<CommandEnvelope<AnyCommand>>);
    }
});
