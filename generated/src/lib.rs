//! Typed Apple MDM commands, responses, check-in messages, error bodies, configuration-profile
//! payloads, DDM declarations, status items and protocol bodies, generated from Apple's
//! `device-management` schemas.
//!
//! Two kinds of code live here, in two folders:
//! - `src/generated/`: written by `cargo xtask regenerate`, one file per schema; never edit it.
//! - `src/runtime/`: hand-written support (codecs, envelopes, unknown-value types, registry
//!   record types) that the generated code builds on.
//!
//! ```
//! # #[cfg(feature = "commands")] {
//! use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
//! use apple_device_management::runtime::{codec, CommandEnvelope};
//!
//! let command = ScheduleOSUpdateCommand {
//!     updates: vec![UpdatesItem {
//!         product_key: Some("iOSUpdate17A576".into()),
//!         product_version: Some("13.0".into()),
//!         install_action: InstallAction::DownloadOnly,
//!         max_user_deferrals: None,
//!         priority: None,
//!         unknown: Default::default(),
//!     }],
//!     unknown: Default::default(),
//! };
//! let xml = codec::to_xml(&CommandEnvelope::new("0001_ScheduleOSUpdate", command)).unwrap();
//! let text = String::from_utf8(xml).unwrap();
//! assert!(text.contains("<key>RequestType</key>\n\t\t<string>ScheduleOSUpdate</string>"));
//! # }
//! ```
//!
//! Every category is a Cargo feature (`commands`, `checkin`, `errors`, `profiles`,
//! `declarations`, `status`, `protocol`, `other`), all on by default.
#![forbid(unsafe_code)]

// Written by the generator and printed by prettyplease; rustfmt must not re-format it, or the
// freshness check (`cargo xtask regenerate --check`) would fail.
#[rustfmt::skip]
mod generated;
pub mod runtime;

#[cfg(feature = "checkin")]
pub use generated::checkin;
#[cfg(feature = "commands")]
pub use generated::commands;
#[cfg(feature = "declarations")]
pub use generated::declarations;
#[cfg(feature = "errors")]
pub use generated::errors;
#[cfg(feature = "other")]
pub use generated::other;
#[cfg(feature = "profiles")]
pub use generated::profiles;
#[cfg(feature = "protocol")]
pub use generated::protocol;
#[cfg(feature = "status")]
pub use generated::status;
pub use generated::{schemas, RELEASE};
pub use runtime::{Category, SchemaInfo};
