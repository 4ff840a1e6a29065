//! Signing: a CMS SignedData (DER) over a profile, SHA-256, with the signed attributes
//! `contentType`, `signingTime` and `messageDigest`, the signer certificate and its chain
//! included, the content embedded (a signed `.mobileconfig`) or detached (an `Mdm-Signature`).

use std::time::SystemTime;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos};
use der::asn1::{Any, Null, OctetString, SetOfVec};
use der::Encode;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;

use super::algorithms::DigestAlg;
use super::certificate::Certificate;
use super::error::CmsError;
use super::key::PrivateKey;
use super::oids;

/// A signer: certificate, its private key, and the chain certificates to include
/// (intermediates; the root may be left out, the verifier has it).
#[derive(Debug, Clone)]
pub struct SigningIdentity {
    certificate: Certificate,
    key: PrivateKey,
    chain: Vec<Certificate>,
}

impl SigningIdentity {
    /// A signer; the key must be the certificate's ([`CmsError::KeyMismatch`]).
    pub fn new(certificate: Certificate, key: PrivateKey, chain: Vec<Certificate>) -> Result<Self, CmsError> {
        let cert_key = certificate.inner().tbs_certificate().subject_public_key_info().to_der().map_err(|e| CmsError::Certificate(e.to_string()))?;
        if key.public_key_der()? != cert_key {
            return Err(CmsError::KeyMismatch);
        }
        Ok(SigningIdentity { certificate, key, chain })
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }
}

/// Signs `content` (a profile's bytes) with its content embedded: the DER of a signed
/// `.mobileconfig`. The signing time is now.
pub fn sign(content: &[u8], identity: &SigningIdentity) -> Result<Vec<u8>, CmsError> {
    sign_at(content, identity, SystemTime::now(), true)
}

/// Signs `content` without embedding it: a detached signature, as the `Mdm-Signature` header
/// carries (base64 it for the header).
pub fn sign_detached(content: &[u8], identity: &SigningIdentity) -> Result<Vec<u8>, CmsError> {
    sign_at(content, identity, SystemTime::now(), false)
}

fn enc(e: der::Error) -> CmsError {
    CmsError::Sign(e.to_string())
}

fn attribute(oid: der::asn1::ObjectIdentifier, value: Any) -> Result<Attribute, CmsError> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value]).map_err(enc)? })
}

/// Signs `content` with signing time `at`, embedded or detached.
pub fn sign_at(content: &[u8], identity: &SigningIdentity, at: SystemTime, embed: bool) -> Result<Vec<u8>, CmsError> {
    let digest = DigestAlg::Sha256.digest(content);
    let time = x509_cert::time::Time::try_from(at).map_err(enc)?;
    let signed_attrs = SetOfVec::try_from(vec![
        attribute(oids::CONTENT_TYPE, Any::encode_from(&oids::DATA).map_err(enc)?)?,
        attribute(oids::SIGNING_TIME, Any::encode_from(&time).map_err(enc)?)?,
        attribute(oids::MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest).map_err(enc)?).map_err(enc)?)?,
    ])
    .map_err(enc)?;
    let signature = identity.key.sign_sha256(&DigestAlg::Sha256.digest(&signed_attrs.to_der().map_err(enc)?))?;
    let tbs = identity.certificate.inner().tbs_certificate();
    let (sig_oid, null_params) = identity.key.signature_algorithm();
    let sha256 = AlgorithmIdentifierOwned { oid: oids::SHA256, parameters: None };
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber { issuer: tbs.issuer().clone(), serial_number: tbs.serial_number().clone() }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: sig_oid,
            parameters: if null_params { Some(Any::encode_from(&Null).map_err(enc)?) } else { None },
        },
        signature: OctetString::new(signature).map_err(enc)?,
        unsigned_attrs: None,
    };
    // Each certificate once (a chain file may repeat the signer): a SET OF holds no duplicates.
    let mut included: Vec<&Certificate> = Vec::new();
    for c in std::iter::once(&identity.certificate).chain(&identity.chain) {
        if !included.iter().any(|i| i.der() == c.der()) {
            included.push(c);
        }
    }
    let certificates = included.iter().map(|c| CertificateChoices::Certificate(c.inner().clone())).collect::<Vec<_>>();
    let econtent = if embed { Some(Any::encode_from(&OctetString::new(content).map_err(enc)?).map_err(enc)?) } else { None };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(enc)?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: oids::DATA, econtent },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates).map_err(enc)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(enc)?),
    };
    let info = ContentInfo { content_type: oids::SIGNED_DATA, content: Any::encode_from(&signed_data).map_err(enc)? };
    info.to_der().map_err(enc)
}
