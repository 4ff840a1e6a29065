//! The envelopes servers put around generated bodies: the MDM command envelope (`CommandUUID`,
//! `Command`), the response envelope (`CommandUUID`, `Status`, device and user identifiers,
//! `ErrorChain`, then the typed body in the same dictionary, there only when the command was
//! acknowledged), and the DDM declaration (`Type`, `Identifier`, `ServerToken`, `Payload`), in
//! its authored form (no `ServerToken`) and its sent form.
//!
//! Each decodes through a dictionary first, so keys the envelope does not know are kept in
//! `unknown` and written back, and the body is decoded from exactly the keys left over.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::codec::CodecError;
use super::error_chain::ErrorChainItem;
use super::response_status::CommandStatus;
use super::{ser, CommandBody, Dictionary, Extensible, UnknownKeys};

/// Takes a string-valued envelope key out of `dict`; a value of another type is kept in
/// `unknown` as sent (and written back in its place).
fn take_string(dict: &mut Dictionary, key: &'static str, unknown: &mut UnknownKeys) -> Option<String> {
    match dict.remove(key) {
        Some(plist::Value::String(s)) => Some(s),
        Some(other) => {
            unknown.record_mismatch(key, other);
            None
        }
        None => None,
    }
}

fn to_dictionary<T: Serialize>(value: &T) -> Result<Dictionary, CodecError> {
    match super::codec::to_value(value)? {
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

impl<C: CommandBody> CommandEnvelope<C> {
    /// A new envelope around a generated command or an `apple_device_management::commands::AnyCommand`;
    /// the command's `RequestType` is written by the command itself.
    pub fn new(command_uuid: impl Into<String>, command: C) -> Self {
        CommandEnvelope { command_uuid: command_uuid.into(), command, unknown: UnknownKeys::new() }
    }
}

impl<C: Serialize> Serialize for CommandEnvelope<C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Command", &self.command)?;
        map.serialize_entry("CommandUUID", &self.command_uuid)?;
        ser::unknown_keys(&mut map, &self.unknown)?;
        map.end()
    }
}

impl<'de, C: DeserializeOwned> Deserialize<'de> for CommandEnvelope<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut dict = Dictionary::deserialize(deserializer)?;
        let command_uuid = match dict.remove("CommandUUID") {
            Some(plist::Value::String(s)) => s,
            Some(_) => return Err(D::Error::custom("`CommandUUID` is not a string")),
            None => return Err(D::Error::missing_field("CommandUUID")),
        };
        let command = match dict.remove("Command") {
            // Read from JSON, the command is decoded as JSON (base64 data, RFC 3339 dates).
            Some(plist::Value::Dictionary(d)) => super::de::decode_dictionary_from(d.into_iter().collect(), super::lenient::reads_json::<D>())
                .map_err(|e| D::Error::custom(format_args!("in `Command`: {e}")))?,
            Some(_) => return Err(D::Error::custom("`Command` is not a dictionary")),
            None => return Err(D::Error::missing_field("Command")),
        };
        Ok(CommandEnvelope { command_uuid, command, unknown: dict.into() })
    }
}

/// The envelope keys of a response, in the order they are written.
const RESPONSE_KEYS: [&str; 9] = ["CommandUUID", "Status", "UDID", "EnrollmentID", "EnrollmentUserID", "UserID", "UserShortName", "UserLongName", "ErrorChain"];

/// A device's response: envelope keys and, when the command was acknowledged, the typed body,
/// all in one dictionary on the wire. `R` is a generated response type, or
/// `apple_device_management::commands::AnyCommandResponse` via [`CommandResponse::decode_for`].
///
/// Match on [`status`](Self::status): `Acknowledged` carries the [`body`](Self::body);
/// `Error` and `CommandFormatError` carry the [`error_chain`](Self::error_chain); `NotNow`
/// and `Idle` carry neither. Whatever else a response carries is kept in `unknown`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandResponse<R> {
    /// The command answered; an `Idle` response answers none and has no `CommandUUID`.
    pub command_uuid: Option<String>,
    pub status: CommandStatus,
    pub udid: Option<String>,
    pub enrollment_id: Option<String>,
    pub enrollment_user_id: Option<String>,
    pub user_id: Option<String>,
    pub user_short_name: Option<String>,
    pub user_long_name: Option<String>,
    /// `ErrorChain`, typed (`Error` and `CommandFormatError`).
    pub error_chain: Option<Vec<ErrorChainItem>>,
    /// The typed body, present only when `status` is `Acknowledged`.
    pub body: Option<R>,
    /// Keys a response without a body carries beyond the envelope, and envelope values of
    /// another type than the envelope's (a `UDID` that is not a string), kept as sent.
    pub unknown: UnknownKeys,
}

impl<R> CommandResponse<R> {
    /// A response to `command_uuid` with this status and nothing else.
    pub fn new(command_uuid: impl Into<String>, status: CommandStatus) -> Self {
        CommandResponse {
            command_uuid: Some(command_uuid.into()),
            status,
            udid: None,
            enrollment_id: None,
            enrollment_user_id: None,
            user_id: None,
            user_short_name: None,
            user_long_name: None,
            error_chain: None,
            body: None,
            unknown: UnknownKeys::new(),
        }
    }

    /// The typed body of an acknowledged response.
    pub fn acknowledged(&self) -> Option<&R> {
        match self.status {
            CommandStatus::Acknowledged => self.body.as_ref(),
            _ => None,
        }
    }

    /// The error chain of an `Error` or `CommandFormatError` response (empty for the others).
    pub fn errors(&self) -> &[ErrorChainItem] {
        self.error_chain.as_deref().unwrap_or(&[])
    }

    /// Takes the envelope keys out of `dict`; what is left is the body's.
    fn split(dict: &mut Dictionary) -> Result<CommandResponse<R>, String> {
        let mut unknown = UnknownKeys::new();
        let status = match dict.remove("Status") {
            Some(plist::Value::String(s)) => CommandStatus::from(s.as_str()),
            Some(other) => return Err(format!("`Status` is {}, expected a string", super::lenient::kind_name(&other))),
            None => return Err("missing field `Status`".into()),
        };
        let error_chain = match dict.remove("ErrorChain") {
            Some(v) => match super::de::decode_value::<Vec<ErrorChainItem>>(&v) {
                Ok(chain) => Some(chain),
                Err(_) => {
                    unknown.record_mismatch("ErrorChain", v);
                    None
                }
            },
            None => None,
        };
        let mut s = |key| take_string(dict, key, &mut unknown);
        let (command_uuid, udid, enrollment_id, enrollment_user_id) = (s("CommandUUID"), s("UDID"), s("EnrollmentID"), s("EnrollmentUserID"));
        let (user_id, user_short_name, user_long_name) = (s("UserID"), s("UserShortName"), s("UserLongName"));
        Ok(CommandResponse {
            command_uuid,
            status,
            udid,
            enrollment_id,
            enrollment_user_id,
            user_id,
            user_short_name,
            user_long_name,
            error_chain,
            body: None,
            unknown,
        })
    }
}

/// A response body typed by the `RequestType` of the command it answers: the generated
/// `AnyCommandResponse` implements it, and [`CommandResponse::typed_for`] and
/// [`CommandResponse::decode_for`] decode into it.
pub trait TaggedResponse: Sized {
    /// The body of an acknowledged response to the command `request_type`.
    fn from_tagged(request_type: &str, body: Dictionary) -> Result<Self, CodecError>;
}

impl CommandResponse<Dictionary> {
    /// Decodes a response plist (XML or binary) before its command is known: the envelope
    /// typed, the body (when `Acknowledged`) the dictionary of the keys left over. A server
    /// reads the `CommandUUID`, looks up the command it sent under it, then types the body with
    /// [`typed_for`](Self::typed_for):
    ///
    /// ```
    /// use apple_device_management::commands::AnyCommandResponse;
    /// use apple_device_management::runtime::{CommandResponse, Dictionary};
    ///
    /// let xml = br#"<plist version="1.0"><dict><key>CommandUUID</key><string>C1</string>
    ///     <key>Status</key><string>Acknowledged</string><key>UDID</key><string>U1</string>
    ///     <key>ProfileList</key><array/></dict></plist>"#;
    /// let response = CommandResponse::<Dictionary>::decode(xml).unwrap();
    /// assert_eq!(response.command_uuid.as_deref(), Some("C1")); // → the command sent: ProfileList
    /// let typed = response.typed_for::<AnyCommandResponse>("ProfileList").unwrap();
    /// assert!(matches!(typed.body, Some(AnyCommandResponse::ProfileList(_))));
    /// ```
    pub fn decode(bytes: &[u8]) -> Result<Self, CodecError> {
        let format = super::codec::plist_format(bytes);
        let mut dict: Dictionary = super::codec::from_plist(bytes)?;
        let mut response = Self::split(&mut dict).map_err(|message| CodecError::decode(format, "", message))?;
        if response.status == CommandStatus::Acknowledged {
            response.body = Some(dict);
        } else {
            response.unknown.extend(dict);
        }
        Ok(response)
    }

    /// The same response with its body typed as the response of the command with this
    /// `RequestType` (a `RequestType` the schemas do not know keeps it as
    /// `AnyCommandResponse::Unknown`); the envelope is kept as it is.
    // `#[inline]`, as `from_tagged`: compiled where it is called (see `AnyCommand::from_tagged`).
    #[inline]
    pub fn typed_for<R: TaggedResponse>(self, request_type: &str) -> Result<CommandResponse<R>, CodecError> {
        let body = match self.body {
            Some(dict) => Some(R::from_tagged(request_type, dict)?),
            None => None,
        };
        Ok(CommandResponse {
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
            unknown: self.unknown,
        })
    }
}

impl<R: TaggedResponse> CommandResponse<R> {
    /// Decodes a response plist (XML or binary) for the command with this `RequestType`. The
    /// body is decoded only when the response is `Acknowledged`. When the command is known only
    /// from the response's `CommandUUID`, decode in two steps:
    /// [`CommandResponse::<Dictionary>::decode`](CommandResponse::decode), then
    /// [`typed_for`](CommandResponse::typed_for).
    #[inline]
    pub fn decode_for(request_type: &str, bytes: &[u8]) -> Result<Self, CodecError> {
        let format = super::codec::plist_format(bytes);
        CommandResponse::<Dictionary>::decode(bytes)?.typed_for::<R>(request_type).map_err(|e| CodecError::decode(format, "", e.to_string()))
    }
}

impl<R: Serialize> Serialize for CommandResponse<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let body = match &self.body {
            Some(b) => to_dictionary(b).map_err(S::Error::custom)?,
            None => Dictionary::new(),
        };
        let mut map = serializer.serialize_map(None)?;
        ser::optional(&mut map, RESPONSE_KEYS[0], &self.command_uuid, &self.unknown)?;
        map.serialize_entry(RESPONSE_KEYS[1], self.status.as_str())?;
        let optional = [&self.udid, &self.enrollment_id, &self.enrollment_user_id, &self.user_id, &self.user_short_name, &self.user_long_name];
        for (key, value) in RESPONSE_KEYS[2..8].iter().zip(optional) {
            ser::optional(&mut map, key, value, &self.unknown)?;
        }
        ser::optional(&mut map, RESPONSE_KEYS[8], &self.error_chain, &self.unknown)?;
        for (k, v) in &body {
            map.serialize_entry(k, v)?;
        }
        ser::unknown_keys(&mut map, &self.unknown)?;
        map.end()
    }
}

impl<'de, R: DeserializeOwned + Extensible + Serialize> Deserialize<'de> for CommandResponse<R> {
    /// One pass: the body type decodes the whole dictionary (envelope keys land in its unknown
    /// keys, being unknown to it), then the envelope takes its keys back out. A response that
    /// is not `Acknowledged` has no body: what the body type read is given back, as sent, to
    /// the envelope's `unknown`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut body = R::deserialize(deserializer)?;
        let mut env = Self::split(body.unknown_mut()).map_err(D::Error::custom)?;
        if env.status == CommandStatus::Acknowledged {
            env.body = Some(body);
        } else {
            env.unknown.extend(to_dictionary(&body).map_err(D::Error::custom)?);
        }
        Ok(env)
    }
}

/// A DDM declaration: `Type`, `Identifier`, `ServerToken` and the `Payload` that `Type` names.
/// `P` is a generated declaration payload type, or
/// `apple_device_management::declarations::AnyDeclarationPayload` to dispatch on `Type`.
///
/// Two forms decode: as admins author and store it, without `ServerToken` (the server
/// computes the token when it serves the declaration), and as a server sends it, with one.
/// The validator tells them apart ([`Form`](super::validate::Form)).
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration<P> {
    pub declaration_type: String,
    pub identifier: String,
    /// Set by the server when it serves the declaration; `None` in the authored form.
    pub server_token: Option<String>,
    pub payload: P,
    /// Other top-level keys, kept as sent.
    pub unknown: UnknownKeys,
}

impl<P: super::DeclarationPayload> Declaration<P> {
    /// A declaration of a known payload type in its authored form; `Type` comes from the
    /// payload type. Add the token with [`Declaration::with_server_token`] to serve it.
    pub fn new(identifier: impl Into<String>, payload: P) -> Self {
        Declaration {
            declaration_type: P::DECLARATION_TYPE.to_string(),
            identifier: identifier.into(),
            server_token: None,
            payload,
            unknown: UnknownKeys::new(),
        }
    }
}

impl<P> Declaration<P> {
    /// The sent form: the same declaration with the server's token.
    pub fn with_server_token(mut self, token: impl Into<String>) -> Self {
        self.server_token = Some(token.into());
        self
    }

    /// The same declaration with its payload converted (`Type`, `Identifier`, token and
    /// unknown keys kept): a typed declaration into one of `AnyDeclarationPayload`, say.
    pub fn map_payload<Q>(self, f: impl FnOnce(P) -> Q) -> Declaration<Q> {
        Declaration {
            declaration_type: self.declaration_type,
            identifier: self.identifier,
            server_token: self.server_token,
            payload: f(self.payload),
            unknown: self.unknown,
        }
    }

    /// The same declaration as one of a dispatch enum (`AnyDeclarationPayload`), to keep
    /// declarations of every type in one collection.
    pub fn into_any<A: From<P>>(self) -> Declaration<A> {
        self.map_payload(A::from)
    }
}

impl<P: Serialize> Serialize for Declaration<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Type", &self.declaration_type)?;
        map.serialize_entry("Identifier", &self.identifier)?;
        ser::optional(&mut map, "ServerToken", &self.server_token, &self.unknown)?;
        map.serialize_entry("Payload", &self.payload)?;
        ser::unknown_keys(&mut map, &self.unknown)?;
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
        super::de::decode_json_dictionary(payload)
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
        let mut unknown = UnknownKeys::new();
        let required = |dict: &mut Dictionary, key: &'static str| match dict.remove(key) {
            Some(plist::Value::String(s)) => Ok(s),
            Some(other) => Err(D::Error::custom(format_args!("`{key}` is {}, expected a string", super::lenient::kind_name(&other)))),
            None => Err(D::Error::missing_field(key)),
        };
        let declaration_type = required(&mut dict, "Type")?;
        let identifier = required(&mut dict, "Identifier")?;
        let server_token = take_string(&mut dict, "ServerToken", &mut unknown);
        let payload = match dict.remove("Payload") {
            Some(plist::Value::Dictionary(d)) => d.into_iter().collect(),
            Some(other) => return Err(D::Error::custom(format_args!("`Payload` is {}, expected a dictionary", super::lenient::kind_name(&other)))),
            None => return Err(D::Error::missing_field("Payload")),
        };
        let payload = P::decode(&declaration_type, payload).map_err(|e| D::Error::custom(format_args!("in `Payload`: {e}")))?;
        unknown.extend(dict);
        Ok(Declaration { declaration_type, identifier, server_token, payload, unknown })
    }
}
