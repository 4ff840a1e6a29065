//! Fixups: tree-wide changes to the model, made once after every file is built and before the
//! IR, so that the generated types, the validator's tables, the JSON Schema export and drift
//! all see the same schema. Each fixup is a module of its own, named for what it does.
//!
//! - [`common_payload_keys`]: every profile payload carries the keys of
//!   `CommonPayloadKeys.yaml` (`PayloadIdentifier`, `PayloadUUID`, `PayloadType` …), which the
//!   payload files do not repeat.
//! - [`sync_tokens`]: `TokensResponse.SyncTokens` (`subkeytype: SynchronizationTokens`, no keys
//!   in the YAML) gets the keys Apple documents, `DeclarationsToken` and `Timestamp`.
//! - [`user_authenticate_response`]: the `UserAuthenticate` check-in (no `responsekeys` in the
//!   YAML) gets the replies Apple documents, `DigestChallenge` and `AuthToken`.
//! - [`union_tag_from_name`]: an alternative of a tagged array published without its tag
//!   (27.0's `Settings.DefaultApplications`) gets one from its key name. Unlike the others it
//!   runs inside the model builder (an untagged array is a load error there), at listed sites
//!   only; [`union_tag_from_name::review`] reports each repair and each site Apple has fixed.

pub mod common_payload_keys;
pub mod sync_tokens;
pub mod union_tag_from_name;
pub mod user_authenticate_response;

use std::collections::BTreeMap;

use crate::model::{Key, KeyType, Presence, SchemaFile, Subkeys, SupportedOs};

/// Applies every fixup, in order.
pub fn apply(files: &mut [SchemaFile]) {
    common_payload_keys::apply(files);
    sync_tokens::apply(files);
    user_authenticate_response::apply(files);
}

/// A key a fixup adds from Apple's documentation: no line in the YAML, no `supportedOS` of its
/// own (it exists wherever `parent_os`, the resolved support of its dictionary, says).
pub(crate) fn documented_key(name: &str, ty: KeyType, presence: Presence, content: &str, parent_os: &SupportedOs) -> Key {
    Key {
        name: name.into(),
        line: 0,
        ty,
        presence: Some(presence),
        title: None,
        content: Some(content.into()),
        default: None,
        rangelist: Vec::new(),
        range: None,
        format: None,
        valuetype: None,
        repetition: None,
        combinetype: None,
        assettypes: Vec::new(),
        asset_content_types: Vec::new(),
        subkeytype: None,
        supported_os: SupportedOs::default(),
        resolved_os: parent_os.clone(),
        narrowed: false,
        subkeys: Subkeys::None,
        extra: BTreeMap::new(),
    }
}
