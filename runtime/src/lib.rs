//! Hand-written runtime support for the generated types: value types for plist dates, data and
//! unknown keys, the traits that tie a type to its wire identifier, the schema registry record,
//! codecs, and the message envelopes servers need; with feature `cms`, CMS signatures
//! (signed profiles, the `Mdm-Signature` header).

pub mod availability;
#[cfg(feature = "cms")]
pub mod cms;
pub mod codec;
pub mod combine;
pub mod de;
mod declaration_kind;
mod decode_path;
pub mod dispatch;
mod envelope;
pub mod error_body;
mod error_chain;
pub mod lenient;
pub mod limits;
pub mod record;
mod registry;
mod response_status;
pub mod ser;
pub mod status_items;
mod traits;
pub mod validate;
mod values;

pub use codec::{CodecError, Format};
pub use declaration_kind::DeclarationKind;
pub use envelope::{CommandEnvelope, CommandResponse, Declaration, DeclarationBody, TaggedResponse};
pub use error_body::ErrorBody;
pub use error_chain::ErrorChainItem;
pub use registry::{concat_schemas, Category, Registry, SchemaInfo};
pub use response_status::CommandStatus;
pub use status_items::{StatusItemEntry, StatusItems};
pub use traits::{AnyMessage, CheckinMessage, CommandBody, DeclarationPayload, Extensible, MdmCommand, ProfilePayload, StatusItem, With};
pub use values::{base64_decode, base64_encode, AnyValue, Data, Date, Dictionary, Gap, UnknownKeys, UnknownValue};
