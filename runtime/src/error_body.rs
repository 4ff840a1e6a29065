//! MDM error bodies (the `mdm/errors` schemas) travel as JSON or as an XML plist, and the
//! response must say which in its `Content-Type` header; this pairs the bytes with that header
//! so a server cannot send one format labelled as the other.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::codec::{self, CodecError};

/// `Content-Type` of a JSON error body.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// `Content-Type` of an XML plist error body.
pub const XML_CONTENT_TYPE: &str = "application/xml";

/// An error body to send, e.g. `ErrorBody(&SoftwareupdateRequired { .. }).to_json()`.
#[derive(Debug, Clone, Copy)]
pub struct ErrorBody<'a, T>(pub &'a T);

impl<T: Serialize> ErrorBody<'_, T> {
    /// `(Content-Type, body)` as JSON.
    pub fn to_json(&self) -> Result<(&'static str, Vec<u8>), CodecError> {
        Ok((JSON_CONTENT_TYPE, codec::to_json(self.0)?))
    }

    /// `(Content-Type, body)` as an XML plist.
    pub fn to_xml(&self) -> Result<(&'static str, Vec<u8>), CodecError> {
        Ok((XML_CONTENT_TYPE, codec::to_xml(self.0)?))
    }
}

/// Decodes an error body by its `Content-Type`: JSON for `application/json` (or any `+json`
/// type), a plist (XML or binary, detected) otherwise. Parameters such as `charset` and the
/// case of the type are ignored.
pub fn decode<T: DeserializeOwned>(content_type: &str, body: &[u8]) -> Result<T, CodecError> {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == JSON_CONTENT_TYPE || essence.ends_with("+json") {
        codec::from_json(body)
    } else {
        codec::from_plist(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sample {
        code: String,
        details: std::collections::BTreeMap<String, String>,
    }

    fn sample() -> Sample {
        Sample { code: "com.example.error".into(), details: [("OSVersion".to_string(), "17.5".to_string())].into() }
    }

    #[test]
    fn json_body_carries_its_content_type() {
        let (ct, body) = ErrorBody(&sample()).to_json().unwrap();
        assert_eq!(ct, "application/json");
        assert_eq!(body, br#"{"code":"com.example.error","details":{"OSVersion":"17.5"}}"#);
        assert_eq!(decode::<Sample>(ct, &body).unwrap(), sample());
    }

    #[test]
    fn xml_body_carries_its_content_type() {
        let (ct, body) = ErrorBody(&sample()).to_xml().unwrap();
        assert_eq!(ct, "application/xml");
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(text.starts_with("<?xml"), "{text}");
        assert!(text.contains("<key>code</key>\n\t<string>com.example.error</string>"), "{text}");
        assert_eq!(decode::<Sample>(ct, &body).unwrap(), sample());
    }

    #[test]
    fn decode_reads_the_content_type_loosely() {
        let (_, json) = ErrorBody(&sample()).to_json().unwrap();
        assert_eq!(decode::<Sample>("Application/JSON; charset=utf-8", &json).unwrap(), sample());
        assert_eq!(decode::<Sample>("application/problem+json", &json).unwrap(), sample());
        let (_, xml) = ErrorBody(&sample()).to_xml().unwrap();
        assert_eq!(decode::<Sample>("text/xml", &xml).unwrap(), sample());
        assert!(decode::<Sample>("application/json", &xml).is_err(), "an XML body labelled JSON is refused");
    }
}
