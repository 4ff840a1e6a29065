//! JSON text validated as it is read (`validate_json_slice`, `is_valid_json_slice`) against the
//! JSON schema (declaration or status item) the first byte picks: the same texts refused as by
//! `serde_json`, and the same report as the walk of the parsed value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dm_fuzz::check_validate_json_bytes(data);
});
