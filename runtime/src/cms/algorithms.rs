//! Digests and signature checks by algorithm identifier: SHA-256/384/512 (and SHA-1 as a
//! signer's digest, for devices' `Mdm-Signature`), RSA PKCS#1 v1.5 and ECDSA on P-256 and
//! P-384. Anything else is [`CmsError::UnsupportedAlgorithm`].

use der::asn1::ObjectIdentifier;
use der::{Encode, Tagged};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::pkcs8::DecodePublicKey;
use sha2::Digest as _;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::error::CmsError;
use super::oids;

/// A digest algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestAlg {
    /// Read in signer infos only ([`DigestAlg::signer_digest`]): a device's `Mdm-Signature`
    /// may use it. A forgery would need a second preimage of the device's own body.
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    pub(crate) fn from_oid(oid: &ObjectIdentifier, role: &'static str) -> Result<Self, CmsError> {
        match *oid {
            oids::SHA256 => Ok(DigestAlg::Sha256),
            oids::SHA384 => Ok(DigestAlg::Sha384),
            oids::SHA512 => Ok(DigestAlg::Sha512),
            _ => Err(unsupported(role, oid)),
        }
    }

    /// A SignerInfo's digest algorithm: SHA-2, or SHA-1.
    pub(crate) fn signer_digest(oid: &ObjectIdentifier) -> Result<Self, CmsError> {
        match *oid {
            oids::SHA1 => Ok(DigestAlg::Sha1),
            _ => Self::from_oid(oid, "digest"),
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlg::Sha1 => sha1::Sha1::digest(data).to_vec(),
            DigestAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
            DigestAlg::Sha384 => sha2::Sha384::digest(data).to_vec(),
            DigestAlg::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

/// The algorithms read here take no parameters: absent, or NULL (as RSA's are written). Any
/// other value is refused rather than ignored, as nothing signs them in a SignerInfo.
pub(crate) fn no_parameters(alg: &AlgorithmIdentifierOwned) -> Result<(), CmsError> {
    match &alg.parameters {
        None => Ok(()),
        Some(p) if p.tag() == der::Tag::Null && p.value().is_empty() => Ok(()),
        Some(_) => Err(CmsError::Malformed(format!("unexpected parameters for algorithm {}", alg.oid))),
    }
}

pub(crate) fn unsupported(role: &'static str, oid: &ObjectIdentifier) -> CmsError {
    CmsError::UnsupportedAlgorithm { role, oid: oid.to_string() }
}

/// A public-key family a signature algorithm belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Rsa,
    Ec,
}

/// The family and digest a signature algorithm names; `rsaEncryption` and `id-ecPublicKey`
/// (as CMS signers often write) take the digest the signer info names, `implied`.
fn signature_algorithm(alg: &AlgorithmIdentifierOwned, implied: Option<DigestAlg>) -> Result<(Family, DigestAlg), CmsError> {
    no_parameters(alg)?;
    let need = |d: Option<DigestAlg>| d.ok_or_else(|| unsupported("signature", &alg.oid));
    match alg.oid {
        oids::RSA_ENCRYPTION => Ok((Family::Rsa, need(implied)?)),
        oids::EC_PUBLIC_KEY => Ok((Family::Ec, need(implied)?)),
        oids::SHA256_WITH_RSA => Ok((Family::Rsa, DigestAlg::Sha256)),
        oids::SHA384_WITH_RSA => Ok((Family::Rsa, DigestAlg::Sha384)),
        oids::SHA512_WITH_RSA => Ok((Family::Rsa, DigestAlg::Sha512)),
        oids::ECDSA_WITH_SHA256 => Ok((Family::Ec, DigestAlg::Sha256)),
        oids::ECDSA_WITH_SHA384 => Ok((Family::Ec, DigestAlg::Sha384)),
        oids::ECDSA_WITH_SHA512 => Ok((Family::Ec, DigestAlg::Sha512)),
        _ => Err(unsupported("signature", &alg.oid)),
    }
}

/// Checks `signature` over `message` with the key `spki`, by the algorithm `alg` (and, for an
/// algorithm that names no digest, `implied`).
pub(crate) fn verify(
    spki: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    implied: Option<DigestAlg>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CmsError> {
    let (family, digest) = signature_algorithm(alg, implied)?;
    let hash = digest.digest(message);
    let key_der = spki.to_der().map_err(|e| CmsError::Malformed(format!("public key: {e}")))?;
    let bad = |e: &dyn std::fmt::Display| CmsError::BadSignature(e.to_string());
    match (family, spki.algorithm.oid) {
        (Family::Rsa, oids::RSA_ENCRYPTION) => {
            let key = rsa::PublicKey::from_public_key_der(&key_der).map_err(|e| CmsError::Malformed(format!("RSA public key: {e}")))?;
            let checked = match digest {
                DigestAlg::Sha1 => key.pkcs1v15_verify_prehash::<sha1::Sha1>(&hash, signature),
                DigestAlg::Sha256 => key.pkcs1v15_verify_prehash::<sha2::Sha256>(&hash, signature),
                DigestAlg::Sha384 => key.pkcs1v15_verify_prehash::<sha2::Sha384>(&hash, signature),
                DigestAlg::Sha512 => key.pkcs1v15_verify_prehash::<sha2::Sha512>(&hash, signature),
            };
            checked.map_err(|e| bad(&e))
        }
        (Family::Ec, oids::EC_PUBLIC_KEY) => match curve(spki)? {
            oids::P256 => {
                let key = p256::ecdsa::VerifyingKey::from_public_key_der(&key_der).map_err(|e| CmsError::Malformed(format!("P-256 public key: {e}")))?;
                let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify_prehash(&hash, &sig).map_err(|e| bad(&e))
            }
            oids::P384 => {
                let key = p384::ecdsa::VerifyingKey::from_public_key_der(&key_der).map_err(|e| CmsError::Malformed(format!("P-384 public key: {e}")))?;
                let sig = p384::ecdsa::Signature::from_der(signature).map_err(|e| bad(&e))?;
                key.verify_prehash(&hash, &sig).map_err(|e| bad(&e))
            }
            other => Err(unsupported("elliptic curve", &other)),
        },
        (_, key_alg) if key_alg == oids::RSA_ENCRYPTION || key_alg == oids::EC_PUBLIC_KEY => {
            Err(CmsError::BadSignature(format!("a signature algorithm ({}) of another key type than the certificate's", alg.oid)))
        }
        (_, key_alg) => Err(unsupported("public key", &key_alg)),
    }
}

/// The named curve of an EC public key.
pub(crate) fn curve(spki: &SubjectPublicKeyInfoOwned) -> Result<ObjectIdentifier, CmsError> {
    spki.algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
        .ok_or_else(|| CmsError::Malformed("an EC public key without a named curve".into()))
}
