//! Local stand-ins for what the crate's public API does not offer (yet). Each is listed in the
//! README's "Example MDM server" section with the crate fix it asks for; when the crate has it,
//! the function here goes and its callers use the crate.

use apple_device_management::commands::{AnyCommand, AnyCommandResponse};
use apple_device_management::runtime::availability::Platform;
use apple_device_management::runtime::{CodecError, CommandResponse, Dictionary};

/// The platform an `Authenticate`'s `ProductName` names (`iPhone14,2`, `Mac14,9`). The crate
/// reads it the same way inside its validator (`Presence::infer`) but does not expose it for a
/// typed `Authenticate`.
pub fn platform_of_product(product: &str) -> Option<Platform> {
    const PREFIXES: &[(&str, Platform)] = &[
        ("iPhone", Platform::IOS),
        ("iPad", Platform::IOS),
        ("iPod", Platform::IOS),
        ("AppleTV", Platform::TvOS),
        ("Watch", Platform::WatchOS),
        ("RealityDevice", Platform::VisionOS),
        ("Mac", Platform::MacOS),
        ("iMac", Platform::MacOS),
        ("VirtualMac", Platform::MacOS),
    ];
    PREFIXES.iter().find(|(p, _)| product.starts_with(p)).map(|(_, platform)| *platform)
}

/// Decodes a connect body before the server knows which command it answers.
/// `CommandResponse::decode_for` wants the `RequestType` first, but the server learns it from
/// the `CommandUUID` inside the same body; a `RequestType` no schema has keeps an acknowledged
/// body raw (`AnyCommandResponse::Unknown`) until [`type_body`] decodes it.
pub fn decode_response_untyped(bytes: &[u8]) -> Result<CommandResponse<AnyCommandResponse>, CodecError> {
    CommandResponse::<AnyCommandResponse>::decode_for("", bytes)
}

/// The typed body of a response decoded by [`decode_response_untyped`].
pub fn type_body(body: AnyCommandResponse, request_type: &str) -> Result<AnyCommandResponse, CodecError> {
    match body {
        AnyCommandResponse::Unknown(dict) => AnyCommandResponse::from_tagged(request_type, dict),
        typed => Ok(typed),
    }
}

/// Which list of a `DeclarationItemsResponse` (and which `declaration/<kind>/…` endpoint) a
/// declaration `Type` belongs to. The crate knows each declaration schema's folder but gives no
/// kind; Apple's types are named `com.apple.<kind>.…`.
pub fn declaration_kind(declaration_type: &str) -> Option<&'static str> {
    ["activation", "configuration", "asset", "management"]
        .into_iter()
        .find(|k| declaration_type.strip_prefix("com.apple.").and_then(|rest| rest.strip_prefix(k)).is_some_and(|rest| rest.starts_with('.')))
}

/// `SyncTokens` of a `TokensResponse`: the crate types it as an untyped dictionary (the schema
/// names a `SynchronizationTokens` subtype it does not describe), so its two keys are written
/// by hand here.
pub fn sync_tokens(declarations_token: &str, timestamp: &str) -> Dictionary {
    let mut tokens = Dictionary::new();
    tokens.insert("DeclarationsToken".into(), plist::Value::String(declarations_token.into()));
    tokens.insert("Timestamp".into(), plist::Value::String(timestamp.into()));
    tokens
}

/// A command from the admin API. `AnyCommand` decoded from JSON reads a base64 string as a
/// string, not `<data>` (its members are decoded from a plist dictionary whatever the input),
/// so a command with data (`InstallProfile`'s `Payload`) would fail validation; such commands
/// are taken as a plist (`Content-Type: application/xml` or `application/x-plist`).
pub fn command_from_admin(content_type: Option<&str>, body: &[u8]) -> Result<AnyCommand, CodecError> {
    match content_type {
        Some(t) if t.starts_with("application/xml") || t.starts_with("application/x-plist") => apple_device_management::runtime::codec::from_plist(body),
        _ => apple_device_management::runtime::codec::from_json(body),
    }
}
