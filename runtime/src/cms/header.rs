//! The `Mdm-Signature` header: a device signs each check-in and connect request body with its
//! identity certificate, a base64 CMS *detached* SignedData in the header (when the server's
//! enrollment profile sets `SignMessage`). Verifying it tells the server which certificate
//! made the request, so it can bind that certificate to the device at Authenticate and refuse
//! a request another device signed.

use std::time::SystemTime;

use base64ct::{Base64, Encoding};

use super::certificate::{Certificate, CertificateSummary};
use super::error::CmsError;
use super::verify::{verify_detached, Trust};

/// The device that signed a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceIdentity {
    /// The device identity certificate (DER: [`Certificate::der`]), to compare with the one
    /// bound to the device.
    pub certificate: Certificate,
    pub summary: CertificateSummary,
    /// [`Trust::Trusted`] when the certificate chains to one of the CA anchors given.
    pub trust: Trust,
}

/// Largest header read, in base64 characters (a signature with a device certificate and its
/// chain is a few kilobytes).
pub const MAX_HEADER_LEN: usize = 64 * 1024;

/// Verifies an `Mdm-Signature` header value over the request `body`; with `anchors`, the
/// device certificate must chain to one of them, valid at `at`.
pub fn verify_mdm_signature(header: &str, body: &[u8], anchors: &[Certificate], at: SystemTime) -> Result<DeviceIdentity, CmsError> {
    if header.len() > MAX_HEADER_LEN {
        return Err(CmsError::Base64(format!("{} characters, more than the limit of {MAX_HEADER_LEN}", header.len())));
    }
    // Some clients fold long values: whitespace is dropped before decoding.
    let compact: String = header.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = Base64::decode_vec(&compact).map_err(|e| CmsError::Base64(e.to_string()))?;
    let signer = verify_detached(&der, body, anchors, at)?;
    Ok(DeviceIdentity { certificate: signer.certificate, summary: signer.summary, trust: signer.trust })
}

/// The `Mdm-Signature` header value for `body` signed with `identity` (what a device sends;
/// for tests and device simulators).
pub fn mdm_signature(body: &[u8], identity: &super::SigningIdentity) -> Result<String, CmsError> {
    Ok(Base64::encode_string(&super::sign_detached(body, identity)?))
}
