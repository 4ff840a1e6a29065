//! `TokensResponse.SyncTokens` is typed. Apple's `declarative/protocol/tokensresponse.yaml` gives
//! `SyncTokens` the `subkeytype` `SynchronizationTokens` and describes no keys, so it would be an
//! untyped dictionary. This fixup gives every `<dictionary>` key with that `subkeytype` and no
//! subkeys the keys of Apple's documented `SynchronizationTokens` object: `DeclarationsToken`
//! (`<string>`, required) and `Timestamp` (`<date>`, required; in DDM JSON an RFC 3339 string
//! such as `2024-01-01T00:00:00Z`, which is how the crate writes every date to JSON). Its type
//! is then the struct `SynchronizationTokens`.
//!
//! A key that describes its subkeys keeps them; a tree without such a key is left unchanged.

use crate::load::NodeId;
use crate::model::{Key, KeyList, KeyType, Presence, SchemaFile, Subkeys};

use super::documented_key;

/// The `subkeytype` of the dictionaries that get the keys.
pub const SYNCHRONIZATION_TOKENS: &str = "SynchronizationTokens";

/// The id of the list made here: outside any YAML graph and distinct from the IR's stand-ins
/// (`usize::MAX`, `usize::MAX - 1`), so it is never shared with another list.
const LIST: NodeId = usize::MAX - 2;

/// Describes every `SynchronizationTokens` dictionary of every file.
pub fn apply(files: &mut [SchemaFile]) {
    for file in files.iter_mut() {
        for list in [file.payload_keys.as_mut(), file.response_keys.as_mut()].into_iter().flatten() {
            describe(&mut list.keys);
        }
    }
}

fn describe(keys: &mut [Key]) {
    for k in keys.iter_mut() {
        if k.ty == KeyType::Dictionary && k.subkeytype.as_deref() == Some(SYNCHRONIZATION_TOKENS) && k.subkeys == Subkeys::None {
            let os = &k.resolved_os;
            let keys = vec![
                documented_key(
                    "DeclarationsToken",
                    KeyType::String,
                    Presence::Required,
                    "A token that represents the state of all declarations on the server; it changes whenever any declaration changes.",
                    os,
                ),
                documented_key(
                    "Timestamp",
                    KeyType::Date,
                    Presence::Required,
                    "The time the declarations last changed (an RFC 3339 string in DDM's JSON).",
                    os,
                ),
            ];
            k.subkeys = Subkeys::List(KeyList { id: LIST, keys });
        } else if let Subkeys::List(list) = &mut k.subkeys {
            describe(&mut list.keys);
        }
    }
}
