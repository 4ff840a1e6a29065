//! A DDM status report: `StatusReport` from JSON (its `StatusItems` are free-form values).
#![no_main]

use apple_device_management::protocol::statusreport::StatusReport;
use apple_device_management::runtime::codec::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_limits(data, Format::Json);
    if let Ok(report) = codec::from_json::<StatusReport>(data) {
        dm_fuzz::check_json(data, &report);
    }
});
