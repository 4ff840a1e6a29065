//! Fixups: tree-wide changes to the model, made once after every file is built and before the
//! IR, so that the generated types, the validator's tables, the JSON Schema export and drift
//! all see the same schema. Each fixup is a module of its own, named for what it does.
//!
//! - [`common_payload_keys`]: every profile payload carries the keys of
//!   `CommonPayloadKeys.yaml` (`PayloadIdentifier`, `PayloadUUID`, `PayloadType` …), which the
//!   payload files do not repeat.

pub mod common_payload_keys;

use crate::model::SchemaFile;

/// Applies every fixup, in order.
pub fn apply(files: &mut [SchemaFile]) {
    common_payload_keys::apply(files);
}
