//! An item of a response's `ErrorChain`: why a device refused or failed a command.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::de::Placeholder;
use super::lenient;
use super::record::{self, Field, Record, Spec};
use super::UnknownKeys;

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

// The four keys as a generated struct has them: `Serialize` and lenient reading are the
// runtime's record code (`record.rs`), as for every generated struct.
impl Record for ErrorChainItem {
    const SPEC: &'static Spec = &Spec {
        name: "ErrorChainItem",
        tag: None,
        keys: "\u{9}ErrorCode\u{b}ErrorDomain\u{14}LocalizedDescription\u{14}USEnglishDescription",
        names: "\u{a}error_code\u{c}error_domain\u{15}localized_description\u{16}us_english_description",
        plain: b"0000",
        expecting: "an `ErrorChain` item dictionary",
    };
    fn field(&self, i: usize) -> &dyn Field {
        match i {
            0 => &self.error_code,
            1 => &self.error_domain,
            2 => &self.localized_description,
            3 => &self.us_english_description,
            _ => &self.unknown,
        }
    }
    fn field_mut(&mut self, i: usize) -> &mut dyn Field {
        match i {
            0 => &mut self.error_code,
            1 => &mut self.error_domain,
            2 => &mut self.localized_description,
            3 => &mut self.us_english_description,
            _ => &mut self.unknown,
        }
    }
}

impl Serialize for ErrorChainItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        record::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for ErrorChainItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        lenient::deserialize(deserializer)
    }
}

impl Placeholder for ErrorChainItem {
    fn placeholder() -> Self {
        ErrorChainItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written spec names the four keys and fields in order.
    #[test]
    fn the_spec_lists_the_four_keys_and_fields() {
        let spec = <ErrorChainItem as Record>::SPEC;
        assert_eq!(spec.keys().collect::<Vec<_>>(), ["ErrorCode", "ErrorDomain", "LocalizedDescription", "USEnglishDescription"]);
        assert_eq!(spec.names().collect::<Vec<_>>(), ["error_code", "error_domain", "localized_description", "us_english_description"]);
        assert_eq!(spec.len(), 4);
    }
}
