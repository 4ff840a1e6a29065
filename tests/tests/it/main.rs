//! The integration tests of the generated crate and its runtime, one binary: each file below was
//! a test binary of its own, and each linked the whole crate (48 binaries took 13 GB of
//! `target/`); as modules of one binary the crate is linked once.

mod availability;
mod availability_props;
mod building;
mod combine;
mod differential;
mod dispatch;
mod hostile;
mod json_bytes;
mod limits;
mod packaging;
mod presence;
mod properties;
mod real_traffic;
mod roundtrip;
mod schema_tables;
mod seeds;
mod server_api;
mod validate;
mod validator_index;
mod validator_rules;
