//! Reading a signature: BER or DER bytes to the `SignedData` inside the `ContentInfo`, and its
//! embedded content.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::OctetString;
use der::Decode;

use super::ber;
use super::error::CmsError;
use super::oids;

/// The `SignedData` of a CMS `ContentInfo` in DER or BER.
pub(crate) fn signed_data(bytes: &[u8]) -> Result<SignedData, CmsError> {
    match bytes.first() {
        None => return Err(CmsError::NotCms("empty input".into())),
        Some(0x30) => {}
        Some(b) => return Err(CmsError::NotCms(format!("starts with byte 0x{b:02x}, not a DER SEQUENCE"))),
    }
    let info = match ContentInfo::from_der(bytes) {
        Ok(info) => info,
        // Not DER: BER (indefinite lengths, chunked content) rewritten, then decoded again.
        Err(_) => ContentInfo::from_der(&ber::normalize(bytes)?).map_err(|e| match CmsError::from_der(e) {
            CmsError::Malformed(m) => CmsError::NotCms(m),
            other => other,
        })?,
    };
    if info.content_type != oids::SIGNED_DATA {
        return Err(CmsError::NotSignedData(info.content_type.to_string()));
    }
    info.content.decode_as::<SignedData>().map_err(CmsError::from_der)
}

/// The embedded content (`eContent`), `None` for a detached signature.
pub(crate) fn content(sd: &SignedData) -> Result<Option<Vec<u8>>, CmsError> {
    match &sd.encap_content_info.econtent {
        None => Ok(None),
        Some(any) => {
            let octets = any.decode_as::<OctetString>().map_err(|e| CmsError::Malformed(format!("eContent: {e}")))?;
            Ok(Some(octets.into_bytes().into_vec()))
        }
    }
}
