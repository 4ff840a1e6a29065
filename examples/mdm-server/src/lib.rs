//! An example MDM server built only on the `apple-device-management` crate's public API.
//!
//! - Device endpoints, as Apple specifies them: `PUT /mdm/checkin` ([`checkin`]: `Authenticate`,
//!   `TokenUpdate`, `CheckOut`, `UserAuthenticate`, `GetToken`, `DeclarativeManagement` —
//!   DDM's `tokens`, `declaration-items`, `declaration/…` and `status` are in [`ddm`]) and
//!   `PUT /mdm/connect` ([`connect`]: results by `CommandUUID`, then the next queued command).
//! - An admin API behind a bearer token ([`admin`]): enqueue a typed command (refused with the
//!   crate's findings when it fails validation or availability for the device), list a
//!   device's queue and results, add declarations and activations, read DDM status.
//! - `GET /mdm/enroll` ([`enroll`]): the enrollment profile, built with the crate's types.
//! - State in SQLite with WAL ([`store`]); pushes through the [`push::Push`] trait.
//! - Served by [`serve`]'s accept loop: header and body read timeouts ([`body`]), a cap on
//!   connections, bounded storage of what devices send.

pub mod admin;
pub mod app;
pub mod body;
pub mod channel;
pub mod checkin;
pub mod config;
pub mod connect;
pub mod ddm;
pub mod device;
pub mod enroll;
pub mod error;
pub mod push;
pub mod serve;
pub mod store;

pub use app::{serve, Running};
pub use config::Config;
pub use error::ApiError;
