//! The fixups that give Apple's tree what its prose documents and its YAML leaves out: the
//! `SynchronizationTokens` keys of `TokensResponse.SyncTokens` and the `UserAuthenticate`
//! check-in's response keys — on the real tree, in the model and in the IR.

use crate::common;

use common::{key, real_file};
use generator::fixups::{sync_tokens, user_authenticate_response};
use generator::model::{KeyType, Presence};

const REL: &str = "release-18.1";

#[test]
fn sync_tokens_gets_the_documented_keys() {
    let f = real_file(REL, "declarative/protocol/tokensresponse.yaml");
    let list = f.payload_keys.as_ref().expect("payload keys");
    let sync = key(list, &["SyncTokens"]);
    assert_eq!(sync.subkeytype.as_deref(), Some(sync_tokens::SYNCHRONIZATION_TOKENS));
    let keys: Vec<(&str, KeyType, Option<Presence>, bool)> =
        sync.children().iter().map(|k| (k.name.as_str(), k.ty, k.presence, k.is_required_everywhere())).collect();
    assert_eq!(keys, [("DeclarationsToken", KeyType::String, Some(Presence::Required), true), ("Timestamp", KeyType::Date, Some(Presence::Required), true)]);
    // Available wherever `SyncTokens` is.
    for k in sync.children() {
        assert_eq!(k.resolved_os, sync.resolved_os, "{}", k.name);
    }
}

#[test]
fn user_authenticate_gets_the_documented_response_keys() {
    let f = real_file(REL, "mdm/checkin/userauthenticate.yaml");
    assert_eq!(f.payload.requesttype.as_deref(), Some(user_authenticate_response::USER_AUTHENTICATE));
    let list = f.response_keys.as_ref().expect("response keys from the fixup");
    let keys: Vec<(&str, KeyType, Option<Presence>)> = list.keys.iter().map(|k| (k.name.as_str(), k.ty, k.presence)).collect();
    assert_eq!(keys, [("DigestChallenge", KeyType::String, Some(Presence::Optional)), ("AuthToken", KeyType::String, Some(Presence::Optional))]);
}

#[test]
fn the_ir_types_both() {
    let tree = common::release(REL);
    let ir = generator::ir::build_crate(&tree.files).expect("the IR builds");
    let module = |source: &str| ir.modules.iter().find(|m| m.source == source).unwrap_or_else(|| panic!("no module for {source}"));
    let structs = |source: &str| -> Vec<String> {
        module(source)
            .items
            .iter()
            .filter_map(|i| match i {
                generator::ir::Item::Struct(s) => Some(s.name.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(structs("declarative/protocol/tokensresponse.yaml"), ["SynchronizationTokens", "TokensResponse"]);
    assert!(structs("mdm/checkin/userauthenticate.yaml").contains(&"UserAuthenticateResponse".to_string()));
    assert!(module("mdm/checkin/userauthenticate.yaml").response_keys.is_some());
}

#[test]
fn a_tree_that_describes_the_keys_keeps_its_own() {
    let mut files = vec![real_file(REL, "declarative/protocol/tokensresponse.yaml").clone(), real_file(REL, "mdm/checkin/userauthenticate.yaml").clone()];
    let before = files.clone();
    // Already applied once (the tree loads with fixups): applying again changes nothing.
    generator::fixups::apply(&mut files);
    assert_eq!(files, before);
}
