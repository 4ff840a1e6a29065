//! Hand-written runtime support for the generated types: value types for plist dates, data and
//! unknown keys, the traits that tie a type to its wire identifier, the schema registry record,
//! codecs, and the message envelopes servers need.

pub mod availability;
pub mod codec;
pub mod de;
mod envelope;
pub mod error_body;
pub mod limits;
mod registry;
mod traits;
pub mod validate;
mod values;

pub use codec::{CodecError, Format};
pub use envelope::{CommandEnvelope, CommandResponse, CommandStatus, Declaration, DeclarationBody};
pub use error_body::ErrorBody;
pub use registry::{Category, SchemaInfo};
pub use traits::{CheckinMessage, DeclarationPayload, Extensible, MdmCommand, ProfilePayload, StatusItem};
pub use values::{AnyValue, Data, Date, Dictionary, UnknownKeys, UnknownValue};
