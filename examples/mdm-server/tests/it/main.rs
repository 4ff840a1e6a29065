//! The example server's integration tests, one binary (each file below was a binary of its own).

mod availability;
mod lifecycle;
mod load;
mod security;
mod sim;
