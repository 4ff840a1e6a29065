//! Private keys for signing: RSA, ECDSA P-256 and P-384, read from PEM (`PRIVATE KEY`,
//! `RSA PRIVATE KEY`, `EC PRIVATE KEY`) or DER (PKCS#8, PKCS#1, SEC1); and the one operation
//! a signer needs, a signature over a SHA-256 digest.

use der::asn1::ObjectIdentifier;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};

use super::error::CmsError;
use super::oids;

/// A signing key.
#[derive(Clone)]
pub struct PrivateKey(Kind);

#[derive(Clone)]
enum Kind {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key material.
        write!(f, "PrivateKey({})", self.algorithm_name())
    }
}

impl PrivateKey {
    /// A key in PEM or DER (PKCS#8, PKCS#1 for RSA, SEC1 for EC). Encrypted keys are refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, CmsError> {
        if super::certificate::is_pem(bytes) {
            // From the first `-----BEGIN` line: text before it (OpenSSL's "Bag Attributes") is skipped.
            let start = bytes.windows(10).position(|w| w == b"-----BEGIN").unwrap_or(0);
            let (label, der) = der::pem::decode_vec(&bytes[start..]).map_err(|e| CmsError::Key(format!("PEM: {e}")))?;
            return match label {
                "PRIVATE KEY" => Self::from_pkcs8(&der),
                "RSA PRIVATE KEY" => Self::from_pkcs1(&der),
                "EC PRIVATE KEY" => Self::from_sec1(&der),
                "ENCRYPTED PRIVATE KEY" => Err(CmsError::Key("an encrypted key: decrypt it first (openssl pkey -in KEY -out PLAIN)".into())),
                other => Err(CmsError::Key(format!("a PEM block \"{other}\", not a private key"))),
            };
        }
        Self::from_pkcs8(bytes)
            .or_else(|_| Self::from_pkcs1(bytes))
            .or_else(|_| Self::from_sec1(bytes))
            .map_err(|_| CmsError::Key("neither a PKCS#8, PKCS#1 (RSA) nor SEC1 (EC) private key in DER, nor PEM".into()))
    }

    fn from_pkcs8(der: &[u8]) -> Result<Self, CmsError> {
        if let Ok(k) = rsa::PrivateKey::from_pkcs8_der(der) {
            return Ok(PrivateKey(Kind::Rsa(Box::new(k))));
        }
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Ok(PrivateKey(Kind::P256(k)));
        }
        p384::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(|k| PrivateKey(Kind::P384(k)))
            .map_err(|e| CmsError::Key(format!("PKCS#8: not an RSA, P-256 or P-384 key ({e})")))
    }

    fn from_pkcs1(der: &[u8]) -> Result<Self, CmsError> {
        rsa::PrivateKey::from_pkcs1_der(der).map(|k| PrivateKey(Kind::Rsa(Box::new(k)))).map_err(|e| CmsError::Key(format!("PKCS#1: {e}")))
    }

    fn from_sec1(der: &[u8]) -> Result<Self, CmsError> {
        if let Ok(k) = p256::SecretKey::from_sec1_der(der) {
            return Ok(PrivateKey(Kind::P256(k.into())));
        }
        p384::SecretKey::from_sec1_der(der)
            .map(|k| PrivateKey(Kind::P384(k.into())))
            .map_err(|e| CmsError::Key(format!("SEC1: not a P-256 or P-384 key ({e})")))
    }

    /// `RSA`, `P-256` or `P-384`.
    pub fn algorithm_name(&self) -> &'static str {
        match &self.0 {
            Kind::Rsa(_) => "RSA",
            Kind::P256(_) => "P-256",
            Kind::P384(_) => "P-384",
        }
    }

    /// The public key as a DER `SubjectPublicKeyInfo`, to match against a certificate.
    pub(crate) fn public_key_der(&self) -> Result<Vec<u8>, CmsError> {
        let doc = match &self.0 {
            Kind::Rsa(k) => k.to_public_key().to_public_key_der(),
            Kind::P256(k) => k.verifying_key().to_public_key_der(),
            Kind::P384(k) => k.verifying_key().to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec()).map_err(|e| CmsError::Key(e.to_string()))
    }

    /// The `SignerInfo.signatureAlgorithm` for a SHA-256 signature, as OpenSSL writes it:
    /// `rsaEncryption` with NULL parameters, `ecdsa-with-SHA256` without.
    pub(crate) fn signature_algorithm(&self) -> (ObjectIdentifier, bool) {
        match &self.0 {
            Kind::Rsa(_) => (oids::RSA_ENCRYPTION, true),
            Kind::P256(_) | Kind::P384(_) => (oids::ECDSA_WITH_SHA256, false),
        }
    }

    /// A signature over a SHA-256 digest: PKCS#1 v1.5, or ECDSA in DER.
    pub(crate) fn sign_sha256(&self, hash: &[u8]) -> Result<Vec<u8>, CmsError> {
        let fail = |e: &dyn std::fmt::Display| CmsError::Sign(e.to_string());
        match &self.0 {
            Kind::Rsa(k) => k.pkcs1v15_sign_prehash::<sha2::Sha256>(hash).map_err(|e| fail(&e)),
            Kind::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign_prehash(hash).map_err(|e| fail(&e))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            Kind::P384(k) => {
                let sig: p384::ecdsa::Signature = k.sign_prehash(hash).map_err(|e| fail(&e))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}
