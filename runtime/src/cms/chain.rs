//! The signer's chain to a trust anchor: from the signer certificate, issuer by issuer through
//! the certificates the signature carries, until an anchor the caller gave issued one (or is
//! one). Each certificate is checked at the given time; each issuer must verify the signature
//! of the certificate below it and be allowed to issue certificates. The walk is bounded: a
//! chain that comes back to itself, or longer than [`MAX_CHAIN`], is an error.

use std::time::SystemTime;

use der::Encode;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::name::Name;

use super::algorithms;
use super::certificate::{format_time, Certificate};
use super::error::CmsError;

/// Longest chain walked, the signer and the anchor included.
pub const MAX_CHAIN: usize = 10;

fn subject(c: &Certificate) -> String {
    c.inner().tbs_certificate().subject().to_string()
}

fn same_name(a: &Name, b: &Name) -> bool {
    // Equal encodings, or the same text when one issuer wrote a PrintableString and the other
    // a UTF8String.
    a == b || a.to_string() == b.to_string()
}

/// `cert` is valid at `at`.
pub(crate) fn check_validity(cert: &Certificate, at: SystemTime) -> Result<(), CmsError> {
    let summary = cert.summary();
    if at < summary.not_before {
        return Err(CmsError::NotYetValid { subject: summary.subject, not_before: format_time(summary.not_before) });
    }
    if at > summary.not_after {
        return Err(CmsError::Expired { subject: summary.subject, not_after: format_time(summary.not_after) });
    }
    Ok(())
}

/// `issuer`'s key verifies `cert`'s signature (by the algorithm the signed part names too: the
/// outer one is not signed, RFC 5280 §4.1.1.2).
fn issued(issuer: &Certificate, cert: &Certificate) -> bool {
    if !same_name(issuer.inner().tbs_certificate().subject(), cert.inner().tbs_certificate().issuer()) {
        return false;
    }
    if cert.inner().signature_algorithm() != cert.inner().tbs_certificate().signature() {
        return false;
    }
    let (Ok(tbs), Some(signature)) = (cert.inner().tbs_certificate().to_der(), cert.inner().signature().as_bytes()) else {
        return false;
    };
    let spki = issuer.inner().tbs_certificate().subject_public_key_info();
    algorithms::verify(spki, cert.inner().signature_algorithm(), None, &tbs, signature).is_ok()
}

/// `issuer` may issue certificates: a `cA` basic constraint (required of an intermediate; an
/// anchor without the extension is an X.509 v1 root) and, when it has a key usage,
/// `keyCertSign`.
fn may_issue(issuer: &Certificate, anchor: bool) -> Result<(), CmsError> {
    let tbs = issuer.inner().tbs_certificate();
    let not_ca = || CmsError::NotCa(subject(issuer));
    match tbs.get_extension::<BasicConstraints>() {
        Ok(Some((_, bc))) if bc.ca => {}
        Ok(None) if anchor => {}
        Ok(_) => return Err(not_ca()),
        Err(e) => return Err(CmsError::Certificate(format!("basic constraints of \"{}\": {e}", subject(issuer)))),
    }
    match tbs.get_extension::<KeyUsage>() {
        Ok(Some((_, ku))) if !ku.key_cert_sign() => Err(not_ca()),
        Ok(_) => Ok(()),
        Err(e) => Err(CmsError::Certificate(format!("key usage of \"{}\": {e}", subject(issuer)))),
    }
}

/// Checks that `signer` chains to one of `anchors` through the certificates of `pool`, every
/// certificate of the chain valid at `at`.
pub(crate) fn check(signer: &Certificate, pool: &[Certificate], anchors: &[Certificate], at: SystemTime) -> Result<(), CmsError> {
    let mut chain: Vec<&Certificate> = vec![signer];
    let mut current = signer;
    loop {
        check_validity(current, at)?;
        if anchors.iter().any(|a| a.der() == current.der()) {
            return Ok(());
        }
        if let Some(anchor) = anchors.iter().find(|a| issued(a, current)) {
            may_issue(anchor, true)?;
            return check_validity(anchor, at);
        }
        if chain.len() >= MAX_CHAIN {
            return Err(CmsError::ChainTooLong(MAX_CHAIN));
        }
        let mut next = None;
        let mut seen = None;
        for candidate in pool.iter().filter(|c| issued(c, current)) {
            if chain.iter().any(|c| c.der() == candidate.der()) {
                seen = Some(candidate);
            } else {
                next = Some(candidate);
                break;
            }
        }
        match (next, seen) {
            (Some(issuer), _) => {
                may_issue(issuer, false)?;
                chain.push(issuer);
                current = issuer;
            }
            // Issued by a certificate already walked, not itself (self-signed, untrusted).
            (None, Some(issuer)) if issuer.der() != current.der() => return Err(CmsError::ChainLoop(subject(issuer))),
            (None, _) => return Err(CmsError::UntrustedSigner { subject: subject(signer), issuer: current.inner().tbs_certificate().issuer().to_string() }),
        }
    }
}

/// Checks that `certificate` (a TLS client certificate, say) chains to one of `anchors`
/// through `intermediates`, every certificate of the chain valid at `at`, as [`crate::cms::verify`]
/// checks a signer: for a certificate that came without a signature (mutual TLS terminated at
/// a proxy that forwards the client's certificate).
pub fn verify_certificate(certificate: &Certificate, intermediates: &[Certificate], anchors: &[Certificate], at: SystemTime) -> Result<(), CmsError> {
    check(certificate, intermediates, anchors, at)
}
