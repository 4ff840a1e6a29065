//! Local stand-ins for what the crate's public API does not offer (yet). Each is listed in the
//! README's "Example MDM server" section with the crate fix it asks for; when the crate has it,
//! the function here goes and its callers use the crate.

use apple_device_management::runtime::Dictionary;

/// `SyncTokens` of a `TokensResponse`: the crate types it as an untyped dictionary (the schema
/// names a `SynchronizationTokens` subtype it does not describe), so its two keys are written
/// by hand here.
pub fn sync_tokens(declarations_token: &str, timestamp: &str) -> Dictionary {
    let mut tokens = Dictionary::new();
    tokens.insert("DeclarationsToken".into(), plist::Value::String(declarations_token.into()));
    tokens.insert("Timestamp".into(), plist::Value::String(timestamp.into()));
    tokens
}
