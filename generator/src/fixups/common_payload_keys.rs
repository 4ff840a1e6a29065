//! Profile payloads carry the common payload keys. Apple's `mdm/profiles/CommonPayloadKeys.yaml`
//! lists the keys every payload dictionary has (`PayloadIdentifier`, `PayloadUUID`,
//! `PayloadType`, `PayloadVersion`, `PayloadDisplayName`, `PayloadDescription`,
//! `PayloadOrganization`); the payload files list only their own. This fixup puts the common
//! keys at the front of each payload's key list, so each payload type has them as typed fields
//! and its validation table judges them. `PayloadType` gets the payload's own type as its one
//! allowed value: the generated type writes it itself.
//!
//! A payload that declares a common key itself keeps its own definition. The wrapper
//! (`TopLevel.yaml`) and the common file itself are left as they are. A tree without
//! `CommonPayloadKeys.yaml` is left unchanged.

use crate::model::{Category, Key, SchemaFile, Value};

/// The file stem Apple's tree uses for the common keys.
pub const COMMON_PAYLOAD_TYPE: &str = "CommonPayloadKeys";
/// The profile wrapper, which has its own `Payload…` keys.
pub const TOP_LEVEL_PAYLOAD_TYPE: &str = "TopLevel";

/// Prepends the common keys to every profile payload's key list.
pub fn apply(files: &mut [SchemaFile]) {
    let Some(common) = files.iter().find(|f| is_profile(f, COMMON_PAYLOAD_TYPE)).and_then(|f| f.payload_keys.as_ref()).map(|l| l.keys.clone()) else {
        return;
    };
    for file in files.iter_mut() {
        let Some(payload_type) = file.payload.payloadtype.clone() else { continue };
        if file.category != Category::Profiles || payload_type == COMMON_PAYLOAD_TYPE || payload_type == TOP_LEVEL_PAYLOAD_TYPE {
            continue;
        }
        let Some(list) = file.payload_keys.as_mut() else { continue };
        let parent = &file.payload.supported_os;
        let injected: Vec<Key> = common
            .iter()
            .filter(|k| !list.keys.iter().any(|own| own.name == k.name))
            .map(|k| {
                let mut key = k.clone();
                key.resolved_os = key.supported_os.inherit(parent);
                key.narrowed = key.resolved_os.narrows(parent);
                if key.name == "PayloadType" {
                    key.rangelist = vec![Value::String(payload_type.clone())];
                }
                key
            })
            .collect();
        list.keys.splice(0..0, injected);
    }
}

fn is_profile(file: &SchemaFile, payload_type: &str) -> bool {
    file.category == Category::Profiles && file.payload.payloadtype.as_deref() == Some(payload_type)
}
