//! Who is talking: the device identity certificate behind a check-in or connect request.
//!
//! With `--device-ca` every request to `/mdm/checkin` and `/mdm/connect` must prove a device
//! identity issued by that CA, before its body is read as a message (401 otherwise):
//! - the `Mdm-Signature` header: a CMS detached signature over the exact body, made with the
//!   device identity certificate (`cms::verify_mdm_signature`, the CA as anchor);
//! - or, with `--client-cert-header NAME`, the client certificate a TLS-terminating proxy
//!   forwards in that header (URL-encoded PEM, as nginx's `$ssl_client_escaped_cert`), chained
//!   to the CA (`cms::verify_certificate`). An empty header (no client certificate) falls back
//!   to `Mdm-Signature`.
//!
//! The certificate is named by its SHA-256 fingerprint ([`Caller::Device`]). `Authenticate`
//! binds it to the device; every later request naming the device must come with the same
//! certificate (403 otherwise: [`crate::error::ApiError::WrongIdentity`]). A new `Authenticate`
//! may bind another certificate only when the device is not enrolled (never was, or checked
//! out) or has none bound: an enrolled device is never taken over by another certificate.
//!
//! Without `--device-ca` nothing is checked ([`Caller::Unchecked`]): the identifiers in the
//! body are trusted, and the server warns at start.

use std::path::Path;
use std::time::SystemTime;

use apple_device_management::runtime::cms::{self, Certificate, CmsError};
use axum::http::{HeaderMap, HeaderName};
use sha2::{Digest, Sha256};

use crate::config::IdentityConfig;

/// The header a device signs its requests in.
pub const MDM_SIGNATURE: &str = "mdm-signature";

/// A device identity certificate's SHA-256 fingerprint, lowercase hexadecimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn of(certificate: &Certificate) -> Fingerprint {
        Fingerprint(Sha256::digest(certificate.der()).iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Who sent a device request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The server checks no identity (no `--device-ca`).
    Unchecked,
    /// The device identity certificate the request proved, issued by the device CA.
    Device(Fingerprint),
}

impl Caller {
    /// The fingerprint to bind at `Authenticate` (`None` when unchecked).
    pub fn fingerprint(&self) -> Option<&str> {
        match self {
            Caller::Unchecked => None,
            Caller::Device(f) => Some(&f.0),
        }
    }

    /// Whether this caller may speak for a device whose bound certificate is `bound`.
    pub fn may_speak_for(&self, bound: Option<&str>) -> bool {
        match self {
            Caller::Unchecked => true,
            Caller::Device(f) => bound == Some(f.0.as_str()),
        }
    }
}

/// Why a request proves no device identity (401).
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("no device identity: the request has no Mdm-Signature header (nor a client certificate)")]
    Missing,
    #[error("the Mdm-Signature header is not text")]
    NotText,
    #[error("the Mdm-Signature header does not verify over this body with a certificate of the device CA: {0}")]
    Signature(CmsError),
    #[error("the client certificate forwarded in `{header}` is not usable: {reason}")]
    ClientCertificate { header: String, reason: String },
    #[error("the client certificate forwarded in `{header}` is not one of the device CA: {error}")]
    ClientCertificateUntrusted { header: String, error: CmsError },
}

/// Why the identity configuration cannot be used (the server does not start).
#[derive(Debug, thiserror::Error)]
pub enum IdentityConfigError {
    #[error("cannot read {path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: {error}")]
    Cms { path: String, error: CmsError },
    #[error("--client-cert-header `{0}` is not a header name")]
    HeaderName(String),
    #[error("--client-cert-header needs --device-ca (the CA its certificates are checked against)")]
    HeaderWithoutCa,
}

/// Reads a file for the configuration.
pub fn read(path: &Path) -> Result<Vec<u8>, IdentityConfigError> {
    std::fs::read(path).map_err(|error| IdentityConfigError::Read { path: path.display().to_string(), error })
}

/// How device identities are checked: the CA's certificates and the proxy's header.
#[derive(Debug, Clone)]
pub struct DeviceTrust {
    anchors: Vec<Certificate>,
    client_cert_header: Option<HeaderName>,
}

impl DeviceTrust {
    /// From the configuration: `None` without `--device-ca` (nothing checked).
    pub fn load(c: &IdentityConfig) -> Result<Option<DeviceTrust>, IdentityConfigError> {
        let Some(path) = &c.device_ca else {
            return match c.client_cert_header {
                Some(_) => Err(IdentityConfigError::HeaderWithoutCa),
                None => Ok(None),
            };
        };
        let anchors = Certificate::parse_all(&read(path)?).map_err(|error| IdentityConfigError::Cms { path: path.display().to_string(), error })?;
        let client_cert_header = match &c.client_cert_header {
            Some(name) => Some(HeaderName::try_from(name.as_str()).map_err(|_| IdentityConfigError::HeaderName(name.clone()))?),
            None => None,
        };
        Ok(Some(DeviceTrust { anchors, client_cert_header }))
    }

    /// The device identity a request proves, checked at `at`.
    pub fn caller(&self, headers: &HeaderMap, body: &[u8], at: SystemTime) -> Result<Caller, IdentityError> {
        if let Some(name) = &self.client_cert_header {
            if let Some(value) = headers.get(name).filter(|v| !v.is_empty()) {
                return self.client_certificate(name.as_str(), value.as_bytes(), at);
            }
        }
        let header = headers.get(MDM_SIGNATURE).ok_or(IdentityError::Missing)?;
        let header = header.to_str().map_err(|_| IdentityError::NotText)?;
        let device = cms::verify_mdm_signature(header, body, &self.anchors, at).map_err(IdentityError::Signature)?;
        Ok(Caller::Device(Fingerprint::of(&device.certificate)))
    }

    /// The certificate a proxy forwarded: URL-encoded PEM (the client's certificate first,
    /// then any intermediates it sent).
    fn client_certificate(&self, header: &str, value: &[u8], at: SystemTime) -> Result<Caller, IdentityError> {
        let unusable = |reason: String| IdentityError::ClientCertificate { header: header.to_string(), reason };
        let pem = percent_decode(value).ok_or_else(|| unusable("not URL-encoded text".into()))?;
        let mut certificates = Certificate::parse_all(&pem).map_err(|e| unusable(e.to_string()))?.into_iter();
        let leaf = certificates.next().ok_or_else(|| unusable("no certificate".into()))?;
        let intermediates: Vec<Certificate> = certificates.collect();
        cms::verify_certificate(&leaf, &intermediates, &self.anchors, at)
            .map_err(|error| IdentityError::ClientCertificateUntrusted { header: header.to_string(), error })?;
        Ok(Caller::Device(Fingerprint::of(&leaf)))
    }
}

/// `%XX` escapes decoded (`+` is left as is: nginx escapes a space as `%20`); `None` for a
/// broken escape.
pub fn percent_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            let hex = text.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    Some(out)
}
