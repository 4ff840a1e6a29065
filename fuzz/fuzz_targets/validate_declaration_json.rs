//! Raw validation of a JSON document: `validate_json_document` (a declaration dispatched on
//! `Type`, a status report, a DDM protocol body, an error body), with and without a device
//! context, and the verdict-only walk against the report for a declaration's `Payload`.
#![no_main]

use apple_device_management::runtime::codec::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::Json);
    if let Ok(value) = codec::from_json::<serde_json::Value>(data) {
        dm_fuzz::check_validate_json(&value);
    }
});
