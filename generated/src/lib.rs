//! Typed Apple MDM commands, responses, check-in messages, error bodies, configuration-profile
//! payloads, DDM declarations, status items and protocol bodies, generated from Apple's
//! `device-management` schemas.
//!
//! It is made of crates, as prost's runtime sits beside the code prost-build writes:
//! - this one, the facade: this hand-written root and `src/generated/` (the registry of every
//!   category), written by `cargo xtask regenerate` from Apple's schemas (never edit it);
//! - one crate per category (`apple-device-management-commands`, `-profiles`, …; the crate's
//!   `crates/` folder, one file per schema, all written by the generator), each re-exported here
//!   behind its Cargo feature as a module ([`commands`], [`profiles`], …), so that cargo builds
//!   the categories side by side on every core;
//! - [`apple-device-management-runtime`](apple_device_management_runtime), re-exported as
//!   [`runtime`]: hand-written support (codecs, envelopes, unknown-value types, availability,
//!   the validator) that the generated code builds on. It knows no schema of its own: this
//!   crate gives it its [`registry`], and [`runtime::validate`], [`runtime::availability`] and
//!   [`runtime::combine`](mod@runtime::combine) here bind the runtime's functions that look a
//!   schema up to it.
//!
//! # Cookbook
//!
//! ## Build and send a command
//!
//! `new` takes the keys required everywhere; [`runtime::With::with`] sets the others. Generated
//! types are `#[non_exhaustive]` (a key Apple adds later must not break your code), so they
//! are never built with a struct literal.
//!
//! ```
//! # #[cfg(feature = "commands")] {
//! use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand, UpdatesItem};
//! use apple_device_management::runtime::{codec, validate::validate, CommandEnvelope, With as _};
//!
//! let update = UpdatesItem::new(InstallAction::DownloadOnly).with(|u| {
//!     u.product_key = Some("iOSUpdate17A576".into());
//!     u.product_version = Some("13.0".into());
//! });
//! let command = ScheduleOSUpdateCommand::new(vec![update]);
//! assert!(validate(&command).findings.is_empty());
//! let xml = codec::to_xml(&CommandEnvelope::new("0001_ScheduleOSUpdate", command)).unwrap();
//! let text = String::from_utf8(xml).unwrap();
//! assert!(text.contains("<key>RequestType</key>\n\t\t<string>ScheduleOSUpdate</string>"));
//! # }
//! ```
//!
//! ## Build and serialize a profile
//!
//! Every payload has the common payload keys as fields and writes its own `PayloadType`;
//! `validate` on the profile judges the wrapper and every payload.
//!
//! ```
//! # #[cfg(feature = "profiles")] {
//! use apple_device_management::profiles::com_apple_mobiledevice_passwordpolicy::MobiledevicePasswordpolicy;
//! use apple_device_management::profiles::com_apple_wifi_managed::{EncryptionType, WiFiManaged};
//! use apple_device_management::profiles::top_level::TopLevel;
//! use apple_device_management::runtime::{codec, validate::validate, With as _};
//!
//! let wifi = WiFiManaged::new("com.example.profile.wifi", "6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10").with(|w| {
//!     w.ssid_str = Some("Corp".into());
//!     w.encryption_type = Some(EncryptionType::WPA2);
//!     w.password = Some("correct horse".into());
//! });
//! let passcode = MobiledevicePasswordpolicy::new("com.example.profile.passcode", "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D")
//!     .with(|p| p.min_length = Some(8));
//! let profile = TopLevel::new("com.example.profile", "0B7C9D2E-5F61-4A83-9B4C-7D8E9F0A1B2C", vec![wifi.into(), passcode.into()])
//!     .with(|p| p.payload_display_name = Some("Corporate Wi-Fi and passcode".into()));
//! assert!(validate(&profile).findings.is_empty());
//!
//! let mobileconfig = String::from_utf8(codec::to_xml(&profile).unwrap()).unwrap();
//! assert!(mobileconfig.contains("<string>com.apple.wifi.managed</string>"));
//!
//! // A planted error in any payload is found.
//! let mut bad = profile.clone();
//! bad.payload_content.push(WiFiManaged::new("com.example.profile.wifi", "6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10").into());
//! let report = validate(&bad);
//! assert!(report.findings.iter().any(|f| f.path() == "PayloadContent[2].PayloadUUID"), "{:?}", report.findings);
//! # }
//! ```
//!
//! ## Serve a declaration
//!
//! Declarations are authored without `ServerToken` and served with one.
//!
//! ```
//! # #[cfg(feature = "declarations")] {
//! use apple_device_management::declarations::passcode_settings::PasscodeSettings;
//! use apple_device_management::declarations::AnyDeclarationPayload;
//! use apple_device_management::runtime::validate::{validate_declaration, Form};
//! use apple_device_management::runtime::{codec, Declaration, With as _};
//!
//! let passcode = PasscodeSettings::new().with(|p| {
//!     p.minimum_length = Some(8);
//!     p.require_alphanumeric_passcode = Some(true);
//! });
//! // `Type` comes from the payload type; keep declarations of every type as one kind:
//! let authored: Declaration<AnyDeclarationPayload> = Declaration::new("com.example.passcode", passcode).into_any();
//! assert!(validate_declaration(&authored, Form::Authored).findings.is_empty());
//! // The token changes whenever the content does: a digest of the authored JSON, say.
//! let body = codec::to_json(&authored).unwrap();
//! let token = format!("{:016x}", body.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)));
//! let served = authored.with_server_token(token);
//! assert!(validate_declaration(&served, Form::Sent).findings.is_empty());
//! let json = String::from_utf8(codec::to_json(&served).unwrap()).unwrap();
//! assert!(json.contains(r#""Type":"com.apple.configuration.passcode.settings""#) && json.contains("ServerToken"));
//! # }
//! ```
//!
//! ## Answer a check-in, handle a response
//!
//! ### Real traffic: what decodes, and what validation says
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
/// The runtime (crate `apple-device-management-runtime`), with the functions that find a
/// document's schema from what it carries bound to this crate's [`registry`].
pub mod runtime {
    pub use apple_device_management_runtime::*;

    /// The validator ([`apple_device_management_runtime::validate`]); the functions that find a
    /// raw document's schema are bound to this crate's registry.
    pub mod validate {
        pub use apple_device_management_runtime::validate::*;

        use super::availability::DeviceContext;
        use super::Declaration;
        use crate::registry;

        /// Validates a plist document of any kind, in its authored form (see [`validate_document_as`]).
        pub fn validate_document(value: &plist::Value, ctx: Option<&DeviceContext>) -> DocumentReport {
            apple_device_management_runtime::validate::validate_document(registry(), value, ctx)
        }

        /// Validates a plist document of any kind: a command (bare or in its `CommandUUID`/`Command`
        /// envelope), a response, a check-in message, a profile (the wrapper and each payload), a
        /// single profile payload, an error body. `form` says whether keys a server fills in when
        /// sending must be there (a command's envelope).
        pub fn validate_document_as(value: &plist::Value, ctx: Option<&DeviceContext>, form: Form) -> DocumentReport {
            apple_device_management_runtime::validate::validate_document_as(registry(), value, ctx, form)
        }

        /// Validates a JSON document in its authored form (see [`validate_json_document_as`]).
        pub fn validate_json_document(value: &serde_json::Value, ctx: Option<&DeviceContext>) -> DocumentReport {
            apple_device_management_runtime::validate::validate_json_document(registry(), value, ctx)
        }

        /// Validates a JSON document: a DDM declaration, a status report, a DDM protocol body
        /// or an MDM error body.
        pub fn validate_json_document_as(value: &serde_json::Value, ctx: Option<&DeviceContext>, form: Form) -> DocumentReport {
            apple_device_management_runtime::validate::validate_json_document_as(registry(), value, ctx, form)
        }

        /// Judges DDM declarations (and the server's `DeclarationItemsResponse` manifest, when
        /// given) as one set: unique identifiers, references that resolve to the right kind,
        /// and the manifest's server tokens. `names` names the members in messages (file names).
        pub fn validate_declaration_set(members: &[&serde_json::Value], names: &[&str]) -> Vec<SetFinding> {
            apple_device_management_runtime::validate::validate_declaration_set(registry(), members, names)
        }

        /// Validates a command response; the command is `request_type` or, when `None`, the
        /// command whose response keys fit the body best.
        pub fn validate_response(value: &plist::Value, request_type: Option<&str>) -> DocumentReport {
            apple_device_management_runtime::validate::validate_response(registry(), value, request_type)
        }

        /// [`validate_response`] for a device: presence is judged for it. No availability
        /// findings: the device sent it.
        pub fn validate_response_in(value: &plist::Value, request_type: Option<&str>, ctx: Option<&DeviceContext>) -> DocumentReport {
            apple_device_management_runtime::validate::validate_response_in(registry(), value, request_type, ctx)
        }

        /// Whether a command response is valid: the verdict of [`validate_response`].
        pub fn is_valid_response(value: &plist::Value, request_type: Option<&str>) -> bool {
            apple_device_management_runtime::validate::is_valid_response(registry(), value, request_type)
        }

        /// Validates a declaration with its envelope (`Type`, `Identifier`, in the sent form
        /// `ServerToken`) as [`validate_json_document_as`] validates its JSON.
        pub fn validate_declaration<P: serde::Serialize>(declaration: &Declaration<P>, form: Form) -> Report {
            apple_device_management_runtime::validate::validate_declaration(registry(), declaration, form)
        }

        /// Validates a declaration for a device, finding for finding as
        /// [`validate_json_document_as`] with the same context and form.
        pub fn validate_declaration_in<P: serde::Serialize>(declaration: &Declaration<P>, ctx: Option<&DeviceContext>, form: Form) -> Report {
            apple_device_management_runtime::validate::validate_declaration_in(registry(), declaration, ctx, form)
        }

        /// The schema of a category with this wire identifier (see
        /// [`Registry::find_schema`](super::Registry::find_schema)).
        pub fn find_schema(category: super::Category, wire_id: &str) -> Option<&'static super::availability::SchemaTable> {
            registry().find_schema(category, wire_id)
        }
    }

    /// Combined DDM configurations ([`apple_device_management_runtime::combine`]: the rules and
    /// where each comes from); the declaration's schema is found in this crate's registry.
    pub mod combine {
        pub use apple_device_management_runtime::combine::*;

        /// The effective payload of configurations of `declaration_type` that apply together
        /// (each configuration's `Payload`, in the order the device processes them), combined
        /// key by key by each key's `combinetype`.
        pub fn combine(declaration_type: &str, payloads: &[&serde_json::Value]) -> Result<Combined, CombineError> {
            apple_device_management_runtime::combine::combine(crate::registry(), declaration_type, payloads)
        }

        /// [`combine`] for typed payloads: the effective payload as the same type, and how it
        /// was combined.
        pub fn combine_payloads<P: super::DeclarationPayload>(payloads: &[&P]) -> Result<(P, Combined), CombineError> {
            apple_device_management_runtime::combine::combine_payloads(crate::registry(), payloads)
        }
    }
    pub use self::combine::{combine, combine_payloads};

    /// Availability checks ([`apple_device_management_runtime::availability`]);
    /// [`check_declaration`](availability::check_declaration) finds the payload's schema in this crate's registry.
    pub mod availability {
        pub use apple_device_management_runtime::availability::*;

        /// Checks a declaration (authored or sent) against a device: its payload against the
        /// schema its `Type` names, with paths from the declaration (`Payload.MinimumLength`).
        /// A `Type` the schemas do not know has no finding.
        pub fn check_declaration<P: serde::Serialize>(declaration: &super::Declaration<P>, ctx: &DeviceContext) -> AvailabilityReport {
            apple_device_management_runtime::availability::check_declaration(crate::registry(), declaration, ctx)
        }
    }
}

#[cfg(feature = "checkin")]
#[doc(inline)]
pub use generated::checkin;
#[cfg(feature = "commands")]
#[doc(inline)]
pub use generated::commands;
#[cfg(feature = "declarations")]
#[doc(inline)]
pub use generated::declarations;
#[cfg(feature = "errors")]
#[doc(inline)]
pub use generated::errors;
#[cfg(feature = "other")]
#[doc(inline)]
pub use generated::other;
#[cfg(feature = "profiles")]
#[doc(inline)]
pub use generated::profiles;
#[cfg(feature = "protocol")]
#[doc(inline)]
pub use generated::protocol;
#[cfg(feature = "status")]
#[doc(inline)]
pub use generated::status;
pub use generated::{registry, schemas, LAYERS, REGISTRY, RELEASE};
pub use runtime::{Category, SchemaInfo};
