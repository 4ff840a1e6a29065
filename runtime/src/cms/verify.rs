//! Verifying a SignedData: for each signer, its certificate among those the signature carries,
//! the signed `contentType` and `messageDigest` attributes against the content, the signature
//! over the signed attributes (or over the content when there are none), and, when the caller
//! gives trust anchors, the signer's chain to one of them at a given time.

use std::time::SystemTime;

use cms::cert::CertificateChoices;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::Encode;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use super::algorithms::{self, DigestAlg};
use super::certificate::{Certificate, CertificateSummary};
use super::chain;
use super::error::CmsError;
use super::{oids, parse};

/// Whether the signer was checked against trust anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The signer chains to one of the anchors given, every certificate valid at the time given.
    Trusted,
    /// No anchors were given: the signature holds, but nothing says who the signer is.
    Untrusted,
}

/// Who signed, as the signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The signer's certificate (its DER: [`Certificate::der`]).
    pub certificate: Certificate,
    pub summary: CertificateSummary,
    pub trust: Trust,
    /// The signed `signingTime` attribute, when there is one.
    pub signing_time: Option<SystemTime>,
}

/// A verified signed profile: its content and signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub content: Vec<u8>,
    pub signer: Signer,
}

/// Verifies a CMS SignedData with embedded content (a signed profile, DER or BER): the
/// signature and content digest, and, when `anchors` is not empty, the signer's chain to one
/// of them with every certificate valid at `at`. With no anchors the signer comes back
/// [`Trust::Untrusted`] (and validity is not checked).
pub fn verify(signed: &[u8], anchors: &[Certificate], at: SystemTime) -> Result<Verified, CmsError> {
    let sd = parse::signed_data(signed)?;
    let content = parse::content(&sd)?.ok_or(CmsError::NoContent)?;
    let signer = verify_signed_data(&sd, &content, anchors, at)?;
    Ok(Verified { content, signer })
}

/// Verifies a detached CMS SignedData (DER or BER) over `content`, as [`verify`] does.
pub fn verify_detached(signature: &[u8], content: &[u8], anchors: &[Certificate], at: SystemTime) -> Result<Signer, CmsError> {
    let sd = parse::signed_data(signature)?;
    verify_signed_data(&sd, content, anchors, at)
}

/// Every signer of `sd` over `content`; the first one is returned.
pub(crate) fn verify_signed_data(sd: &SignedData, content: &[u8], anchors: &[Certificate], at: SystemTime) -> Result<Signer, CmsError> {
    let pool = certificates(sd)?;
    let mut first = None;
    for info in sd.signer_infos.0.iter() {
        let signer = verify_signer(sd, info, &pool, content, anchors, at)?;
        first.get_or_insert(signer);
    }
    first.ok_or(CmsError::NoSigner)
}

/// The certificates the SignedData carries (other certificate formats are skipped).
fn certificates(sd: &SignedData) -> Result<Vec<Certificate>, CmsError> {
    let Some(set) = &sd.certificates else { return Ok(Vec::new()) };
    set.0
        .iter()
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(c) => Some(Certificate::from_parsed(c.clone())),
            CertificateChoices::Other(_) => None,
        })
        .collect()
}

fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    let tbs = cert.inner().tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            isn.serial_number.as_bytes() == tbs.serial_number().as_bytes()
                && (&isn.issuer == tbs.issuer() || isn.issuer.to_string() == tbs.issuer().to_string())
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(tbs.get_extension::<SubjectKeyIdentifier>(), Ok(Some((_, own))) if own == *ski),
    }
}

/// The one value of signed attribute `oid`.
fn attribute<'a>(info: &'a SignerInfo, oid: ObjectIdentifier, name: &'static str) -> Result<Option<&'a der::Any>, CmsError> {
    let Some(attrs) = &info.signed_attrs else { return Ok(None) };
    let Some(attr) = attrs.iter().find(|a| a.oid == oid) else { return Ok(None) };
    match attr.values.as_slice() {
        [value] => Ok(Some(value)),
        _ => Err(CmsError::Malformed(format!("the {name} attribute has {} values, not one", attr.values.len()))),
    }
}

fn verify_signer(
    sd: &SignedData,
    info: &SignerInfo,
    pool: &[Certificate],
    content: &[u8],
    anchors: &[Certificate],
    at: SystemTime,
) -> Result<Signer, CmsError> {
    let certificate = pool.iter().find(|c| identifies(&info.sid, c)).ok_or(CmsError::SignerCertificateMissing)?;
    let digest_alg = DigestAlg::signer_digest(&info.digest_alg.oid)?;
    algorithms::no_parameters(&info.digest_alg)?;
    let mut signing_time = None;
    let message = match &info.signed_attrs {
        None => content.to_vec(),
        Some(attrs) => {
            let content_type = attribute(info, oids::CONTENT_TYPE, "content-type")?.ok_or(CmsError::MissingAttribute("content-type"))?;
            let content_type = content_type.decode_as::<ObjectIdentifier>().map_err(|e| CmsError::Malformed(format!("content-type attribute: {e}")))?;
            if content_type != sd.encap_content_info.econtent_type {
                return Err(CmsError::ContentTypeMismatch);
            }
            let digest = attribute(info, oids::MESSAGE_DIGEST, "message-digest")?.ok_or(CmsError::MissingAttribute("message-digest"))?;
            let digest = digest.decode_as::<OctetString>().map_err(|e| CmsError::Malformed(format!("message-digest attribute: {e}")))?;
            if digest.as_bytes() != digest_alg.digest(content).as_slice() {
                return Err(CmsError::DigestMismatch);
            }
            if let Some(t) = attribute(info, oids::SIGNING_TIME, "signing-time")? {
                signing_time = t.decode_as::<x509_cert::time::Time>().ok().map(|t| t.to_system_time());
            }
            // The signature covers the attributes' DER as a SET OF (RFC 5652 §5.4).
            attrs.to_der().map_err(|e| CmsError::Malformed(format!("signed attributes: {e}")))?
        }
    };
    let spki = certificate.inner().tbs_certificate().subject_public_key_info();
    algorithms::verify(spki, &info.signature_algorithm, Some(digest_alg), &message, info.signature.as_bytes())?;
    let trust = if anchors.is_empty() {
        Trust::Untrusted
    } else {
        chain::check(certificate, pool, anchors, at)?;
        Trust::Trusted
    };
    Ok(Signer { certificate: certificate.clone(), summary: certificate.summary(), trust, signing_time })
}
