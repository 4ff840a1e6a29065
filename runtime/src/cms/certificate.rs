//! X.509 certificates as the CMS functions take and return them: read from PEM (one or a
//! bundle) or DER, kept with their DER bytes, and summarised (subject, issuer, serial,
//! validity) for a report.

use std::time::SystemTime;

use der::{Decode, Encode};

use super::error::CmsError;

/// A parsed X.509 certificate and its DER encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    parsed: x509_cert::Certificate,
}

/// What a report says about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    /// The subject's distinguished name (RFC 4514: `CN=Example,O=Example Inc.`).
    pub subject: String,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// The serial number in hexadecimal, as OpenSSL prints it.
    pub serial: String,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
}

impl CertificateSummary {
    /// `not_before` as RFC 3339 (`2026-01-02T03:04:05Z`).
    pub fn not_before_text(&self) -> String {
        format_time(self.not_before)
    }

    /// `not_after` as RFC 3339.
    pub fn not_after_text(&self) -> String {
        format_time(self.not_after)
    }
}

/// A time as RFC 3339 in UTC, to the second (`2026-01-02T03:04:05Z`).
pub fn format_time(t: SystemTime) -> String {
    match der::DateTime::from_system_time(t) {
        Ok(d) => d.to_string(),
        Err(_) => format!("{t:?}"),
    }
}

/// An RFC 3339 time in UTC to the second (`2026-01-02T03:04:05Z`), as [`format_time`] writes it.
pub fn parse_time(text: &str) -> Result<SystemTime, CmsError> {
    text.parse::<der::DateTime>().map(|d| d.to_system_time()).map_err(|_| CmsError::Malformed(format!("\"{text}\" is not a time as YYYY-MM-DDTHH:MM:SSZ")))
}

impl Certificate {
    /// One certificate in DER.
    pub fn from_der(der: &[u8]) -> Result<Self, CmsError> {
        let parsed = x509_cert::Certificate::from_der(der).map_err(|e| CmsError::Certificate(e.to_string()))?;
        Ok(Certificate { der: der.to_vec(), parsed })
    }

    /// Every certificate in `bytes`: a PEM bundle (`-----BEGIN CERTIFICATE-----` blocks) or one
    /// DER certificate. A PEM input without a certificate is an error.
    pub fn parse_all(bytes: &[u8]) -> Result<Vec<Self>, CmsError> {
        if !is_pem(bytes) {
            return Ok(vec![Self::from_der(bytes)?]);
        }
        let parsed = x509_cert::Certificate::load_pem_chain(bytes).map_err(|e| CmsError::Certificate(format!("PEM: {e}")))?;
        if parsed.is_empty() {
            return Err(CmsError::Certificate("no CERTIFICATE block in the PEM text".into()));
        }
        parsed.into_iter().map(Self::from_parsed).collect()
    }

    /// One certificate, PEM or DER: the first of a PEM bundle.
    pub fn parse(bytes: &[u8]) -> Result<Self, CmsError> {
        Self::parse_all(bytes)?.into_iter().next().ok_or_else(|| CmsError::Certificate("no certificate".into()))
    }

    pub(crate) fn from_parsed(parsed: x509_cert::Certificate) -> Result<Self, CmsError> {
        let der = parsed.to_der().map_err(|e| CmsError::Certificate(e.to_string()))?;
        Ok(Certificate { der, parsed })
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Subject, issuer, serial and validity.
    pub fn summary(&self) -> CertificateSummary {
        let tbs = self.parsed.tbs_certificate();
        let validity = tbs.validity();
        CertificateSummary {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            serial: tbs.serial_number().as_bytes().iter().map(|b| format!("{b:02X}")).collect(),
            not_before: validity.not_before.to_system_time(),
            not_after: validity.not_after.to_system_time(),
        }
    }

    pub(crate) fn inner(&self) -> &x509_cert::Certificate {
        &self.parsed
    }
}

/// PEM text: it holds a `-----BEGIN` line (DER never starts with `-`, and a DER certificate
/// holding those bytes by chance still fails as PEM with a clear message).
pub(crate) fn is_pem(bytes: &[u8]) -> bool {
    bytes.first() != Some(&0x30) && bytes.windows(10).any(|w| w == b"-----BEGIN")
}
