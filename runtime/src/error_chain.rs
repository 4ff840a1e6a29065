//! An item of a response's `ErrorChain`: why a device refused or failed a command.

use serde::de::MapAccess;
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::de::{self, Placeholder};
use super::lenient::{self, Lenient, Read};
use super::{ser, UnknownKeys};

/// One error of an `ErrorChain`, outermost first. Every key is optional (devices leave some
/// out); values of another type and keys this crate does not know are kept in `unknown`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorChainItem {
    /// `ErrorCode`: the error's number within its domain.
    pub error_code: Option<i64>,
    /// `ErrorDomain` (`MCMDMErrorDomain`, `MCProfileErrorDomain` …).
    pub error_domain: Option<String>,
    /// `LocalizedDescription`: the description in the device's language.
    pub localized_description: Option<String>,
    /// `USEnglishDescription`: the description in US English.
    pub us_english_description: Option<String>,
    /// Other keys, and values that did not fit, kept as sent.
    pub unknown: UnknownKeys,
}

impl ErrorChainItem {
    /// The description to show: US English when the device sent it, else the localized one.
    pub fn description(&self) -> Option<&str> {
        self.us_english_description.as_deref().or(self.localized_description.as_deref())
    }
}

impl Serialize for ErrorChainItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        ser::optional(&mut map, "ErrorCode", &self.error_code, &self.unknown)?;
        ser::optional(&mut map, "ErrorDomain", &self.error_domain, &self.unknown)?;
        ser::optional(&mut map, "LocalizedDescription", &self.localized_description, &self.unknown)?;
        ser::optional(&mut map, "USEnglishDescription", &self.us_english_description, &self.unknown)?;
        ser::unknown_keys(&mut map, &self.unknown)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorChainItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient::deserialize(deserializer)
    }
}

impl Lenient for ErrorChainItem {
    const EXPECTING: &'static str = "an `ErrorChain` item dictionary";
    fn from_map<'de, A: MapAccess<'de>>(mut map: A, _json: bool) -> Result<Read<Self>, A::Error> {
        let mut item = ErrorChainItem::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "ErrorCode" => de::field(&mut map, "ErrorCode", &mut item.error_code, &mut item.unknown)?,
                "ErrorDomain" => de::field(&mut map, "ErrorDomain", &mut item.error_domain, &mut item.unknown)?,
                "LocalizedDescription" => de::field(&mut map, "LocalizedDescription", &mut item.localized_description, &mut item.unknown)?,
                "USEnglishDescription" => de::field(&mut map, "USEnglishDescription", &mut item.us_english_description, &mut item.unknown)?,
                _ => {
                    let value = map.next_value()?;
                    item.unknown.insert(key, value);
                }
            }
        }
        Ok(Ok(item))
    }
}

impl Placeholder for ErrorChainItem {
    fn placeholder() -> Self {
        ErrorChainItem::default()
    }
}
