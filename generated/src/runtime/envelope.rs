//! The envelopes servers put around generated bodies: the MDM command envelope (`CommandUUID`,
//! `Command`), the response envelope (`CommandUUID`, `Status`, device and user identifiers,
//! `ErrorChain`, then the typed body in the same dictionary), and the DDM declaration
//! (`Type`, `Identifier`, `ServerToken`, `Payload`).
//!
//! Each decodes through a dictionary first, so keys the envelope does not know are kept in
//! `unknown` and written back, and the body is decoded from exactly the keys left over.

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::codec::CodecError;
use super::de::decode_dictionary;
use super::{Dictionary, Extensible, MdmCommand, UnknownKeys};

fn take_string(dict: &mut Dictionary, key: &str) -> Option<String> {
    match dict.remove(key) {
        Some(plist::Value::String(s)) => Some(s),
        Some(other) => {
            // Not a string: keep it, so nothing is lost.
            dict.insert(key.to_string(), other);
            None
        }
        None => None,
    }
}

fn to_dictionary<T: Serialize>(value: &T) -> Result<Dictionary, CodecError> {
    match plist::to_value(value)? {
        plist::Value::Dictionary(d) => Ok(d.into_iter().collect()),
        _ => Err(CodecError::Invalid("body is not a dictionary".into())),
    }
}

/// A command as the server sends it: `{ CommandUUID, Command: { RequestType, … } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandEnvelope<C> {
    pub command_uuid: String,
    pub command: C,
    /// Other top-level keys, kept as sent.
    pub unknown: UnknownKeys,
}

impl<C: MdmCommand> CommandEnvelope<C> {
    /// A new envelope; the command's `RequestType` is written by the command type itself.
    pub fn new(command_uuid: impl Into<String>, command: C) -> Self {
        CommandEnvelope { command_uuid: command_uuid.into(), command, unknown: UnknownKeys::new() }
    }
}

impl<C: Serialize> Serialize for CommandEnvelope<C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Command", &self.command)?;
        map.serialize_entry("CommandUUID", &self.command_uuid)?;
        for (k, v) in &self.unknown {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, C: DeserializeOwned> Deserialize<'de> for CommandEnvelope<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut dict = Dictionary::deserialize(deserializer)?;
        let command_uuid = take_string(&mut dict, "CommandUUID").ok_or_else(|| D::Error::missing_field("CommandUUID"))?;
        let command = match dict.remove("Command") {
            Some(plist::Value::Dictionary(d)) => decode_dictionary(d.into_iter().collect()).map_err(D::Error::custom)?,
            Some(_) => return Err(D::Error::custom("`Command` is not a dictionary")),
            None => return Err(D::Error::missing_field("Command")),
        };
        Ok(CommandEnvelope { command_uuid, command, unknown: dict })
    }
}

/// `Status` of a command response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CommandStatus {
    Acknowledged,
    Error,
    CommandFormatError,
    Idle,
    NotNow,
    /// A status this crate does not know, kept as sent.
    Unknown(String),
}

impl CommandStatus {
    pub fn as_str(&self) -> &str {
        match self {
            CommandStatus::Acknowledged => "Acknowledged",
            CommandStatus::Error => "Error",
            CommandStatus::CommandFormatError => "CommandFormatError",
            CommandStatus::Idle => "Idle",
            CommandStatus::NotNow => "NotNow",
            CommandStatus::Unknown(s) => s,
        }
    }
}

impl From<&str> for CommandStatus {
    fn from(s: &str) -> Self {
        match s {
            "Acknowledged" => CommandStatus::Acknowledged,
            "Error" => CommandStatus::Error,
            "CommandFormatError" => CommandStatus::CommandFormatError,
            "Idle" => CommandStatus::Idle,
            "NotNow" => CommandStatus::NotNow,
            other => CommandStatus::Unknown(other.to_string()),
        }
    }
}

impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The envelope keys of a response, in the order they are written.
const RESPONSE_KEYS: &[&str] = &["CommandUUID", "Status", "UDID", "EnrollmentID", "EnrollmentUserID", "UserID", "UserShortName", "UserLongName", "ErrorChain"];

/// A device's response: envelope keys and the typed body, all in one dictionary on the wire.
/// `R` is a generated response type, [`crate::commands::AnyCommandResponse`] via
/// [`CommandResponse::decode_for`], or [`Dictionary`] for "don't decode".
#[derive(Debug, Clone, PartialEq)]
pub struct CommandResponse<R> {
    pub command_uuid: String,
    pub status: CommandStatus,
    pub udid: Option<String>,
    pub enrollment_id: Option<String>,
    pub enrollment_user_id: Option<String>,
    pub user_id: Option<String>,
    pub user_short_name: Option<String>,
    pub user_long_name: Option<String>,
    /// `ErrorChain` items as sent (`ErrorCode`, `ErrorDomain`, `LocalizedDescription`,
    /// `USEnglishDescription`).
    pub error_chain: Option<Vec<plist::Value>>,
    pub body: R,
}

impl<R> CommandResponse<R> {
    /// Takes the envelope keys out of a decoded body's unknown keys.
    fn split(dict: &mut Dictionary) -> Result<CommandResponse<()>, String> {
        let command_uuid = take_string(dict, "CommandUUID").ok_or("missing field `CommandUUID`")?;
        let status = take_string(dict, "Status").map(|s| CommandStatus::from(s.as_str())).ok_or("missing field `Status`")?;
        let error_chain = match dict.remove("ErrorChain") {
            Some(plist::Value::Array(a)) => Some(a),
            Some(other) => {
                dict.insert("ErrorChain".into(), other);
                None
            }
            None => None,
        };
        Ok(CommandResponse {
            command_uuid,
            status,
            udid: take_string(dict, "UDID"),
            enrollment_id: take_string(dict, "EnrollmentID"),
            enrollment_user_id: take_string(dict, "EnrollmentUserID"),
            user_id: take_string(dict, "UserID"),
            user_short_name: take_string(dict, "UserShortName"),
            user_long_name: take_string(dict, "UserLongName"),
            error_chain,
            body: (),
        })
    }

    fn with_body<B>(self, body: B) -> CommandResponse<B> {
        CommandResponse {
            command_uuid: self.command_uuid,
            status: self.status,
            udid: self.udid,
            enrollment_id: self.enrollment_id,
            enrollment_user_id: self.enrollment_user_id,
            user_id: self.user_id,
            user_short_name: self.user_short_name,
            user_long_name: self.user_long_name,
            error_chain: self.error_chain,
            body,
        }
    }
}

#[cfg(feature = "commands")]
impl CommandResponse<crate::commands::AnyCommandResponse> {
    /// Decodes a response plist (XML or binary) for the command with this `RequestType`.
    pub fn decode_for(request_type: &str, bytes: &[u8]) -> Result<Self, CodecError> {
        let raw: CommandResponse<Dictionary> = super::codec::from_plist(bytes)?;
        let body = crate::commands::AnyCommandResponse::from_tagged(request_type, raw.body.clone())?;
        Ok(raw.with_body(body))
    }
}

impl<R: Serialize> Serialize for CommandResponse<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let body = to_dictionary(&self.body).map_err(S::Error::custom)?;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(RESPONSE_KEYS[0], &self.command_uuid)?;
        map.serialize_entry(RESPONSE_KEYS[1], self.status.as_str())?;
        let optional = [&self.udid, &self.enrollment_id, &self.enrollment_user_id, &self.user_id, &self.user_short_name, &self.user_long_name];
        for (key, value) in RESPONSE_KEYS[2..8].iter().zip(optional) {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        if let Some(chain) = &self.error_chain {
            map.serialize_entry(RESPONSE_KEYS[8], chain)?;
        }
        for (k, v) in &body {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, R: DeserializeOwned + Extensible> Deserialize<'de> for CommandResponse<R> {
    /// One pass: the body type decodes the whole dictionary (envelope keys land in its unknown
    /// keys, being unknown to it), then the envelope takes its keys back out.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut body = R::deserialize(deserializer)?;
        let env = Self::split(body.unknown_mut()).map_err(D::Error::custom)?;
        Ok(env.with_body(body))
    }
}

/// A DDM declaration: `Type`, `Identifier`, `ServerToken` and the `Payload` that `Type` names.
/// `P` is a generated declaration payload type, or
/// [`crate::declarations::AnyDeclarationPayload`] to dispatch on `Type`.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration<P> {
    pub declaration_type: String,
    pub identifier: String,
    pub server_token: String,
    pub payload: P,
    /// Other top-level keys, kept as sent.
    pub unknown: UnknownKeys,
}

impl<P: super::DeclarationPayload> Declaration<P> {
    /// A declaration of a known payload type; `Type` comes from the payload type.
    pub fn new(identifier: impl Into<String>, server_token: impl Into<String>, payload: P) -> Self {
        Declaration {
            declaration_type: P::DECLARATION_TYPE.to_string(),
            identifier: identifier.into(),
            server_token: server_token.into(),
            payload,
            unknown: UnknownKeys::new(),
        }
    }
}

impl<P: Serialize> Serialize for Declaration<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Type", &self.declaration_type)?;
        map.serialize_entry("Identifier", &self.identifier)?;
        map.serialize_entry("ServerToken", &self.server_token)?;
        map.serialize_entry("Payload", &self.payload)?;
        for (k, v) in &self.unknown {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// How a declaration's `Payload` is decoded once `Type` is known.
pub trait DeclarationBody: Sized {
    fn decode(declaration_type: &str, payload: Dictionary) -> Result<Self, CodecError>;
}

impl<T: super::DeclarationPayload> DeclarationBody for T {
    fn decode(declaration_type: &str, payload: Dictionary) -> Result<Self, CodecError> {
        if declaration_type != T::DECLARATION_TYPE {
            let msg = format!("declaration `Type` is `{declaration_type}`, expected `{}`", T::DECLARATION_TYPE);
            return Err(CodecError::Invalid(msg));
        }
        decode_dictionary(payload)
    }
}

#[cfg(feature = "declarations")]
impl DeclarationBody for crate::declarations::AnyDeclarationPayload {
    fn decode(declaration_type: &str, payload: Dictionary) -> Result<Self, CodecError> {
        Self::from_tagged(declaration_type, payload)
    }
}

impl DeclarationBody for Dictionary {
    fn decode(_: &str, payload: Dictionary) -> Result<Self, CodecError> {
        Ok(payload)
    }
}

impl<'de, P: DeclarationBody> Deserialize<'de> for Declaration<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut dict = Dictionary::deserialize(deserializer)?;
        let declaration_type = take_string(&mut dict, "Type").ok_or_else(|| D::Error::missing_field("Type"))?;
        let identifier = take_string(&mut dict, "Identifier").ok_or_else(|| D::Error::missing_field("Identifier"))?;
        let server_token = take_string(&mut dict, "ServerToken").ok_or_else(|| D::Error::missing_field("ServerToken"))?;
        let payload = match dict.remove("Payload") {
            Some(plist::Value::Dictionary(d)) => d.into_iter().collect(),
            Some(_) => return Err(D::Error::custom("`Payload` is not a dictionary")),
            None => return Err(D::Error::missing_field("Payload")),
        };
        let payload = P::decode(&declaration_type, payload).map_err(D::Error::custom)?;
        Ok(Declaration { declaration_type, identifier, server_token, payload, unknown: dict })
    }
}
