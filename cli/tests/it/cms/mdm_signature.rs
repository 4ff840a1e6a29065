//! The `Mdm-Signature` header: a detached signature made by OpenSSL with a device identity
//! over a request body verifies with the crate's function over that body, not over another;
//! and the crate's own header verifies with `openssl cms -verify`.

use apple_device_management::runtime::cms::{self, Certificate, CmsError, PrivateKey, SigningIdentity, Trust};
use std::time::SystemTime;

use super::out;
use super::pki::{openssl, openssl_status, pki};

const BODY: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict><key>MessageType</key><string>TokenUpdate</string>\
<key>UDID</key><string>00008030-001A2B3C4D5E802E</string></dict></plist>\n";

/// The header OpenSSL makes for `body`: `openssl cms -sign -binary` (detached), DER, base64.
fn openssl_header(body: &[u8], name: &str) -> String {
    openssl_header_md(body, name, "sha256")
}

/// The same with digest `md`.
fn openssl_header_md(body: &[u8], name: &str, md: &str) -> String {
    let p = pki();
    let body_path = out(&format!("{name}.body"));
    std::fs::write(&body_path, body).expect("body");
    let der = openssl(
        &p.dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-md",
            md,
            "-outform",
            "DER",
            "-signer",
            &p.path_str("device.pem"),
            "-inkey",
            &p.path_str("device.key"),
            "-in",
            &body_path.display().to_string(),
        ],
    );
    let b64 = openssl(&p.dir, &["base64", "-A", "-in", &write(name, &der)]);
    String::from_utf8(b64).expect("base64 is ASCII")
}

fn write(name: &str, bytes: &[u8]) -> String {
    let path = out(name);
    std::fs::write(&path, bytes).expect("write");
    path.display().to_string()
}

fn root() -> Vec<Certificate> {
    Certificate::parse_all(&pki().read("root.pem")).expect("root")
}

#[test]
fn an_openssl_header_verifies_over_its_body_and_not_another() {
    let header = openssl_header(BODY, "mdm-sig");
    let device = Certificate::parse(&pki().read("device.pem")).expect("device cert");
    let identity = cms::verify_mdm_signature(&header, BODY, &root(), SystemTime::now()).expect("the header verifies");
    assert_eq!(identity.certificate.der(), device.der(), "the device certificate comes back as DER");
    assert_eq!(identity.summary.subject, "CN=00008030-001A2B3C4D5E802E");
    assert_eq!(identity.trust, Trust::Trusted);

    let other = BODY.to_vec().into_iter().map(|b| if b == b'T' { b't' } else { b }).collect::<Vec<_>>();
    assert_eq!(cms::verify_mdm_signature(&header, &other, &root(), SystemTime::now()), Err(CmsError::DigestMismatch));
    assert_eq!(cms::verify_mdm_signature(&header, b"", &[], SystemTime::now()), Err(CmsError::DigestMismatch));
}

#[test]
fn a_header_with_another_digest_verifies() {
    // Devices may sign with SHA-1 (read in signer infos only), and SHA-384 and SHA-512 are read too.
    for md in ["sha1", "sha384", "sha512"] {
        let header = openssl_header_md(BODY, &format!("mdm-sig-{md}"), md);
        let identity = cms::verify_mdm_signature(&header, BODY, &root(), SystemTime::now()).unwrap_or_else(|e| panic!("{md}: {e}"));
        assert_eq!(identity.trust, Trust::Trusted, "{md}");
        assert_eq!(cms::verify_mdm_signature(&header, b"another body", &root(), SystemTime::now()), Err(CmsError::DigestMismatch), "{md}");
    }
    // MD5 is not read.
    let header = openssl_header_md(BODY, "mdm-sig-md5", "md5");
    assert!(matches!(cms::verify_mdm_signature(&header, BODY, &[], SystemTime::now()), Err(CmsError::UnsupportedAlgorithm { role: "digest", .. })), "md5");
}

#[test]
fn header_trust_follows_the_anchors() {
    let header = openssl_header(BODY, "mdm-sig-trust");
    let untrusted = cms::verify_mdm_signature(&header, BODY, &[], SystemTime::now()).expect("the signature holds");
    assert_eq!(untrusted.trust, Trust::Untrusted);
    let other = Certificate::parse_all(&pki().read("other-root.pem")).expect("other root");
    assert!(matches!(cms::verify_mdm_signature(&header, BODY, &other, SystemTime::now()), Err(CmsError::UntrustedSigner { .. })));
    // A folded header (line breaks in the base64) reads the same.
    let folded: String = header.as_bytes().chunks(64).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\r\n ");
    assert!(cms::verify_mdm_signature(&folded, BODY, &root(), SystemTime::now()).is_ok());
    assert!(matches!(cms::verify_mdm_signature("not base64!", BODY, &[], SystemTime::now()), Err(CmsError::Base64(_))));
}

#[test]
fn the_crates_header_verifies_with_openssl() {
    let p = pki();
    let cert = Certificate::parse(&p.read("device.pem")).expect("cert");
    let key = PrivateKey::parse(&p.read("device.key")).expect("key");
    let identity = SigningIdentity::new(cert, key, Vec::new()).expect("identity");
    let header = cms::mdm_signature(BODY, &identity).expect("sign");
    assert!(cms::verify_mdm_signature(&header, BODY, &root(), SystemTime::now()).is_ok());
    let b64 = write("crate-sig.b64", header.as_bytes());
    let der = openssl(&p.dir, &["base64", "-d", "-A", "-in", &b64]);
    let sig = write("crate-sig.der", &der);
    let body = write("crate-sig.body", BODY);
    let (ok, err) = openssl_status(
        &p.dir,
        &["cms", "-verify", "-binary", "-inform", "DER", "-in", &sig, "-content", &body, "-CAfile", &p.path_str("root.pem"), "-out", "/dev/null"],
    );
    assert!(ok, "openssl refused the crate's detached signature:\n{err}");
    let other = write("crate-sig.other", b"another body");
    let (ok, _) = openssl_status(
        &p.dir,
        &["cms", "-verify", "-binary", "-inform", "DER", "-in", &sig, "-content", &other, "-CAfile", &p.path_str("root.pem"), "-out", "/dev/null"],
    );
    assert!(!ok, "openssl accepted the signature over another body");
}

/// `cms::verify_certificate`, the chain check alone (a client certificate a TLS-terminating
/// proxy forwards): a device certificate of the root holds; a leaf of the intermediate holds
/// with the intermediate given, not without; another root, an expired leaf and a looping chain
/// are refused with their own errors.
#[test]
fn a_certificate_without_a_signature_is_checked_against_the_anchors() {
    let p = pki();
    let certs = |file: &str| Certificate::parse_all(&p.read(file)).expect("certificates read");
    let one = |file: &str| Certificate::parse(&p.read(file)).expect("a certificate reads");
    let now = SystemTime::now();
    let root = certs("root.pem");
    assert_eq!(cms::verify_certificate(&one("device.pem"), &[], &root, now), Ok(()));
    assert_eq!(cms::verify_certificate(&one("leaf-ec.pem"), &certs("intermediate.pem"), &root, now), Ok(()));
    let alone = cms::verify_certificate(&one("leaf-ec.pem"), &[], &root, now);
    assert!(matches!(alone, Err(CmsError::UntrustedSigner { .. })), "{alone:?}");
    let other = cms::verify_certificate(&one("device.pem"), &[], &certs("other-root.pem"), now);
    assert!(matches!(other, Err(CmsError::UntrustedSigner { .. })), "{other:?}");
    let expired = cms::verify_certificate(&one("expired.pem"), &certs("intermediate.pem"), &root, now);
    assert!(matches!(expired, Err(CmsError::Expired { .. })), "{expired:?}");
    let looping = cms::verify_certificate(&one("loop-leaf.pem"), &certs("loop-chain.pem"), &root, now);
    assert!(matches!(looping, Err(CmsError::ChainLoop(_))), "{looping:?}");
}
