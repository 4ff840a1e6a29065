//! The example server's integration tests, one binary (each file below was a binary of its own).

mod availability;
mod channels;
mod enroll;
mod hostile;
mod lifecycle;
mod limits;
mod load;
mod security;
mod sim;
