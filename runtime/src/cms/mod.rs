//! CMS (RFC 5652) signatures, behind the `cms` feature: sign a profile ([`sign`]), verify a
//! signed profile against trust anchors ([`verify`]), take the content out unverified
//! ([`unsign`]), and verify the `Mdm-Signature` header a device sends
//! ([`verify_mdm_signature`]). SHA-256/384/512 with RSA (PKCS#1 v1.5) or ECDSA (P-256, P-384);
//! keys and certificates in PEM or DER. Pure Rust (RustCrypto's `cms`, `x509-cert`, `rsa`,
//! `p256`, `p384`): no system library. Every malformed input is a [`CmsError`], never a panic.
//!
//! ```
//! # #[cfg(feature = "cms")] {
//! use apple_device_management::runtime::cms::{self, CmsError};
//!
//! // Not a signature at all:
//! assert!(matches!(cms::unsign(b"<?xml version=\"1.0\"?>"), Err(CmsError::NotCms(_))));
//! # }
//! ```

mod algorithms;
mod ber;
mod certificate;
mod chain;
mod error;
mod header;
mod key;
mod oids;
mod parse;
mod sign;
mod unsign;
mod verify;

pub use certificate::{format_time, parse_time, Certificate, CertificateSummary};
pub use chain::{verify_certificate, MAX_CHAIN};
pub use error::CmsError;
pub use header::{mdm_signature, verify_mdm_signature, DeviceIdentity, MAX_HEADER_LEN};
pub use key::PrivateKey;
pub use sign::{sign, sign_at, sign_detached, SigningIdentity};
pub use unsign::unsign;
pub use verify::{verify, verify_detached, Signer, Trust, Verified};
