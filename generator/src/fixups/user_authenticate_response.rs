//! `UserAuthenticate` has a response type. Apple's `mdm/checkin/userauthenticate.yaml` has no
//! `responsekeys`, though Apple documents the server's replies: to the first message a
//! dictionary with `DigestChallenge` (`<string>`; zero-length: the server needs no `AuthToken`
//! for the user), to the second (the one with `DigestResponse`) a dictionary with `AuthToken`
//! (`<string>`, sent by the device in later user-channel requests; empty: the digest was
//! rejected). A server that manages no users answers the first message 410 instead. This fixup
//! gives the file those two keys as `responsekeys`, both optional (each reply carries one), so
//! the check-in has a `UserAuthenticateResponse` like `GetToken` has a `GetTokenResponse`.
//!
//! A `UserAuthenticate` file that has `responsekeys` keeps its own; a tree without the file is
//! left unchanged.

use crate::load::NodeId;
use crate::model::{Category, KeyList, KeyType, Presence, SchemaFile};

use super::documented_key;

/// The check-in whose response gets its keys.
pub const USER_AUTHENTICATE: &str = "UserAuthenticate";

/// The id of the list made here (see `sync_tokens`' own: distinct from it and the IR's).
const LIST: NodeId = usize::MAX - 3;

/// Gives the `UserAuthenticate` check-in its documented response keys.
pub fn apply(files: &mut [SchemaFile]) {
    for file in files.iter_mut() {
        if file.category != Category::Checkin || file.payload.requesttype.as_deref() != Some(USER_AUTHENTICATE) || file.response_keys.is_some() {
            continue;
        }
        let os = &file.payload.supported_os;
        let keys = vec![
            documented_key(
                "DigestChallenge",
                KeyType::String,
                Presence::Optional,
                "The reply to the first `UserAuthenticate` message: the HTTP digest challenge the device answers with a `DigestResponse` in a second message. A zero-length challenge means the server needs no `AuthToken` for this user.",
                os,
            ),
            documented_key(
                "AuthToken",
                KeyType::String,
                Presence::Optional,
                "The reply to the second `UserAuthenticate` message (the one with `DigestResponse`): the token the device sends in later requests on the user channel. An empty token means the digest was rejected.",
                os,
            ),
        ];
        file.response_keys = Some(KeyList { id: LIST, keys });
    }
}
