//! Traits that tie a generated type to its wire identifier, implemented by the generated code.

/// An MDM command body (`Command` dictionary).
pub trait MdmCommand: serde::Serialize + serde::de::DeserializeOwned {
    /// The `RequestType` value.
    const REQUEST_TYPE: &'static str;
    /// The typed body of the device's response.
    type Response: serde::Serialize + serde::de::DeserializeOwned;
}

/// A check-in message a device sends.
pub trait CheckinMessage: serde::Serialize + serde::de::DeserializeOwned {
    /// The `MessageType` value.
    const MESSAGE_TYPE: &'static str;
}

/// A configuration-profile payload.
pub trait ProfilePayload: serde::Serialize + serde::de::DeserializeOwned {
    /// The `PayloadType` value.
    const PAYLOAD_TYPE: &'static str;
}

/// A DDM declaration's `Payload`.
pub trait DeclarationPayload: serde::Serialize + serde::de::DeserializeOwned {
    /// The declaration `Type` value.
    const DECLARATION_TYPE: &'static str;
    /// Configuration, asset, activation or management: from the schema's folder.
    const KIND: super::DeclarationKind;
}

/// A DDM status item value.
pub trait StatusItem: serde::Serialize + serde::de::DeserializeOwned {
    /// The status item name (`device.identifier.udid`).
    const STATUS_ITEM: &'static str;
}

/// A dictionary type that keeps the keys its schema does not describe; every generated struct
/// is one. Envelopes use it to decode a body in one pass and then take their own keys out.
pub trait Extensible {
    fn unknown(&self) -> &super::UnknownKeys;
    fn unknown_mut(&mut self) -> &mut super::UnknownKeys;
}

/// A dispatch enum (`AnyCommand`, `AnyCommandResponse`, `AnyCheckinMessage`, `AnyPayload`,
/// `AnyDeclarationPayload`): what every member shares, whichever it is. Each also has
/// `From<T>` for every member type.
pub trait AnyMessage {
    /// The key whose value selects the member (`RequestType`, `MessageType`, `PayloadType`,
    /// a declaration's `Type`).
    const TAG: &'static str;
    /// The member's wire identifier; `None` for `Unknown`.
    fn wire_id(&self) -> Option<&'static str>;
    /// The member's schema table and the part of it that describes the member; `None` for
    /// `Unknown`.
    fn schema(&self) -> Option<(&'static super::availability::SchemaTable, super::availability::Part)>;
    /// The member's keys its schema does not describe (for `Unknown`, the whole dictionary).
    fn unknown_keys(&self) -> &super::Dictionary;
    /// The registry of the crate that generated the enum.
    fn registry() -> &'static super::Registry;
}

/// A command body a [`CommandEnvelope`](super::CommandEnvelope) can carry: every generated
/// command (it writes its own `RequestType`) and `apple_device_management::commands::AnyCommand`.
pub trait CommandBody: serde::Serialize {}

impl<T: MdmCommand> CommandBody for T {}

/// Chained construction for every generated struct: `new(…)` takes the keys required
/// everywhere, and `with` sets the rest in one expression.
///
/// ```
/// use apple_device_management::profiles::com_apple_wifi_managed::{EncryptionType, WiFiManaged};
/// use apple_device_management::runtime::With as _;
///
/// let wifi = WiFiManaged::new("com.example.wifi", "6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10").with(|w| {
///     w.ssid_str = Some("Corp".into());
///     w.encryption_type = Some(EncryptionType::WPA2);
/// });
/// assert_eq!(wifi.payload_version, 1); // the only allowed value, filled in by `new`
/// ```
///
/// Generated structs are `#[non_exhaustive]` (a key Apple adds in a later release is a new
/// field, and must not break code that builds the struct), so struct literals and
/// `..Default::default()` are not available outside the crate: `new` and `with` (or assigning
/// fields of a `let mut`) are the way to build one.
pub trait With: Extensible + Sized {
    /// Runs `set` on the value and returns it.
    #[inline]
    fn with(mut self, set: impl FnOnce(&mut Self)) -> Self {
        set(&mut self);
        self
    }
}

impl<T: Extensible> With for T {}
