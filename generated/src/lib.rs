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
//! // `new` takes the keys required everywhere; other keys are set on their fields.
//! let mut update = UpdatesItem::new(InstallAction::DownloadOnly);
//! update.product_key = Some("iOSUpdate17A576".into());
//! update.product_version = Some("13.0".into());
//! let command = ScheduleOSUpdateCommand::new(vec![update]);
//! let xml = codec::to_xml(&CommandEnvelope::new("0001_ScheduleOSUpdate", command)).unwrap();
//! let text = String::from_utf8(xml).unwrap();
//! assert!(text.contains("<key>RequestType</key>\n\t\t<string>ScheduleOSUpdate</string>"));
//! # }
//! ```
//!
//! # Real traffic: what decodes, and what validation says
//!
//! Messages from devices always decode into their typed form: a key is a plain field only
//! where the schema requires it everywhere the message exists (`Topic` of a `TokenUpdate`);
//! a key some platforms, channels or enrollments do not send is an `Option` (`UDID` and
//! `EnrollmentID` are alternatives). A key left out, a value of another type than the schema
//! says, or an enum value it does not list never fails the message: the value is kept as
//! sent in the struct's `unknown` ([`runtime::UnknownKeys::mismatched`],
//! [`runtime::UnknownKeys::is_missing`]), written back unchanged, and reported by the
//! validator, which judges a required key missing only where it exists (from the device
//! context, or from what the message shows).
//!
//! A check-in handler:
//!
//! ```
//! # #[cfg(feature = "checkin")] {
//! use apple_device_management::checkin::AnyCheckinMessage;
//! use apple_device_management::runtime::codec;
//!
//! let body = br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
//!   <key>MessageType</key><string>TokenUpdate</string>
//!   <key>Topic</key><string>com.apple.mgmt.External.2b8c1f4e</string>
//!   <key>UDID</key><string>00008110-000A3C5E1E90801E</string>
//!   <key>Token</key><data>ODlc7WXtw0ibC2dKZ7wvx4LMtDRwLjWZ9/3Td+wnfgY=</data>
//!   <key>PushMagic</key><string>E427EA81-3A34-4F27-BF96-C2C7C98EDDDF</string>
//! </dict></plist>"#;
//! match codec::from_plist::<AnyCheckinMessage>(body).unwrap() {
//!     AnyCheckinMessage::TokenUpdate(m) => {
//!         // An iPhone sends no `UserLongName`, `NotOnConsole` or `EnrollmentID`.
//!         let device = m.udid.as_deref().or(m.enrollment_id.as_deref()).unwrap_or_default();
//!         let user_channel = m.user_id.is_some();
//!         assert_eq!((device, user_channel, m.token.0.len()), ("00008110-000A3C5E1E90801E", false, 32));
//!         // push to `m.topic` with `m.token` and `m.push_magic` …
//!     }
//!     AnyCheckinMessage::Authenticate(_) | AnyCheckinMessage::CheckOut(_) => { /* … */ }
//!     AnyCheckinMessage::Unknown(raw) => eprintln!("a message type this crate does not know: {raw:?}"),
//!     _ => {}
//! }
//! # }
//! ```
//!
//! A response handler, matching on the status:
//!
//! ```
//! # #[cfg(feature = "commands")] {
//! use apple_device_management::commands::AnyCommandResponse;
//! use apple_device_management::runtime::{CommandResponse, CommandStatus};
//!
//! let body = br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
//!   <key>CommandUUID</key><string>0002_DeviceInformation</string>
//!   <key>Status</key><string>Error</string>
//!   <key>UDID</key><string>00008110-000A3C5E1E90801E</string>
//!   <key>ErrorChain</key><array><dict>
//!     <key>ErrorCode</key><integer>12021</integer>
//!     <key>ErrorDomain</key><string>MCMDMErrorDomain</string>
//!     <key>LocalizedDescription</key><string>Unknown query</string>
//!     <key>USEnglishDescription</key><string>Unknown query</string>
//!   </dict></array>
//! </dict></plist>"#;
//! // The server knows the command from the `CommandUUID` it queued.
//! let response = CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", body).unwrap();
//! match response.status {
//!     CommandStatus::Acknowledged => {
//!         if let Some(AnyCommandResponse::DeviceInformation(info)) = &response.body {
//!             println!("serial number: {:?}", info.query_responses.serial_number);
//!         }
//!     }
//!     CommandStatus::Error | CommandStatus::CommandFormatError => {
//!         let first = &response.errors()[0];
//!         assert_eq!((first.error_code, first.error_domain.as_deref()), (Some(12021), Some("MCMDMErrorDomain")));
//!         assert_eq!(first.description(), Some("Unknown query"));
//!         assert!(response.body.is_none(), "no body unless acknowledged");
//!     }
//!     CommandStatus::NotNow => { /* send it again at the next check-in */ }
//!     CommandStatus::Idle => { /* send the next queued command */ }
//!     CommandStatus::Unknown(status) => eprintln!("status `{status}`"),
//! }
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
