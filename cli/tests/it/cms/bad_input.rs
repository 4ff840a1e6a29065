//! Bad input to the crate's CMS functions: not CMS, another content type, every prefix of real
//! signatures (DER and streamed BER) and of a header's signature, keys and certificates that
//! are not; each a [`CmsError`] of the right kind, never a panic.

use std::time::SystemTime;

use apple_device_management::runtime::cms::{self, Certificate, CmsError, PrivateKey};

use super::pki::{openssl, pki};
use super::{arg, openssl_sign_with_chain, out, profile};

fn signed(stream: bool, detached: bool) -> Vec<u8> {
    signed_by("leaf-ec", stream, detached)
}

fn signed_by(leaf: &str, stream: bool, detached: bool) -> Vec<u8> {
    let p = pki();
    let name = format!("bad-input-{leaf}-{stream}-{detached}.der");
    let mut args = vec!["cms", "-sign", "-binary", "-outform", "DER"];
    if stream {
        args.push("-stream");
    }
    if !detached {
        args.push("-nodetach");
    }
    let (signer, key, input, output) = (p.path_str(&format!("{leaf}.pem")), p.path_str(&format!("{leaf}.key")), arg(&profile()), arg(&out(&name)));
    let chain = p.path_str("intermediate.pem");
    args.extend(["-signer", &signer, "-inkey", &key, "-certfile", &chain, "-in", &input, "-out", &output]);
    openssl(&p.dir, &args);
    p.read(&name)
}

#[test]
fn not_cms_is_an_error() {
    let now = SystemTime::now();
    assert!(matches!(cms::verify(b"<?xml version=\"1.0\"?><plist/>", &[], now), Err(CmsError::NotCms(_))));
    assert!(matches!(cms::unsign(b""), Err(CmsError::NotCms(_))));
    // A certificate is a DER SEQUENCE, but no ContentInfo.
    let cert = Certificate::parse(&pki().read("root.pem")).expect("root");
    assert!(matches!(cms::unsign(cert.der()), Err(CmsError::NotCms(_))));
    // A ContentInfo of enveloped data: SEQUENCE { OID 1.2.840.113549.1.7.3, [0] { NULL } }.
    let enveloped = [0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03, 0xa0, 0x02, 0x05, 0x00];
    assert_eq!(cms::unsign(&enveloped), Err(CmsError::NotSignedData("1.2.840.113549.1.7.3".into())));
    // Trailing bytes after a signature.
    let mut trailing = signed(false, false);
    trailing.extend_from_slice(b"junk");
    assert!(matches!(cms::verify(&trailing, &[], now), Err(CmsError::Malformed(_) | CmsError::NotCms(_))));
}

#[test]
fn every_prefix_of_a_signature_is_truncated() {
    let now = SystemTime::now();
    for (stream, detached) in [(false, false), (true, false), (false, true)] {
        let full = signed(stream, detached);
        if detached {
            let content = std::fs::read(profile()).expect("profile");
            assert!(cms::verify_detached(&full, &content, &[], now).is_ok());
        } else {
            assert!(cms::verify(&full, &[], now).is_ok());
        }
        assert_eq!(cms::verify(&full[..0], &[], now), Err(CmsError::NotCms("empty input".into())));
        for n in 1..full.len() {
            let prefix = &full[..n];
            let got = if detached { cms::verify_detached(prefix, b"", &[], now).map(|_| ()) } else { cms::verify(prefix, &[], now).map(|_| ()) };
            assert_eq!(got, Err(CmsError::Truncated), "prefix of {n} of {} bytes (stream {stream}, detached {detached})", full.len());
            assert_eq!(cms::unsign(prefix), Err(CmsError::Truncated), "unsign, prefix of {n} bytes");
        }
    }
}

#[test]
fn every_flipped_byte_fails_verification() {
    let now = SystemTime::now();
    let anchors = Certificate::parse_all(&pki().read("root.pem")).expect("root");
    let full = signed_by("leaf-rsa", false, false);
    assert_eq!(cms::verify(&full, &anchors, now).map(|v| v.signer.trust), Ok(cms::Trust::Trusted), "the unchanged signature");
    let mut accepted = Vec::new();
    for i in 0..full.len() {
        let mut changed = full.clone();
        changed[i] ^= 0xff;
        // Any result but a panic.
        if cms::verify(&changed, &anchors, now).is_ok() {
            accepted.push(i);
        }
    }
    // Every byte is protected (the content and signed attributes by the signature, the signer's
    // and the intermediate's certificates by the chain walk, the structure by DER decoding)
    // but the SignedData's own digest-algorithm list, which CMS does not sign and no verifier
    // reads (OpenSSL neither): a flip there that leaves a well-formed OID passes.
    const SHA256_OID: [u8; 11] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let list = full.windows(SHA256_OID.len()).position(|w| w == SHA256_OID).expect("the digest algorithm list");
    let outside: Vec<usize> = accepted.iter().copied().filter(|i| !(list..list + SHA256_OID.len()).contains(i)).collect();
    assert_eq!(outside, Vec::<usize>::new(), "flipped bytes that still verified, outside the digest algorithm list at {list}");
}

#[test]
fn a_detached_signature_has_no_content_to_unsign() {
    assert_eq!(cms::unsign(&signed(false, true)), Err(CmsError::NoContent));
    assert_eq!(cms::verify(&signed(false, true), &[], SystemTime::now()).map(|_| ()), Err(CmsError::NoContent));
}

#[test]
fn chain_loop_and_expiry_are_their_own_errors() {
    let p = pki();
    let now = SystemTime::now();
    let loop_signed = openssl_sign_with_chain("loop-leaf", "loop-chain", "bad-input-loop.der");
    let anchors = Certificate::parse_all(&p.read("other-root.pem")).expect("anchor");
    let bytes = std::fs::read(&loop_signed).expect("signed");
    assert_eq!(cms::verify(&bytes, &anchors, now).map(|_| ()), Err(CmsError::ChainLoop("CN=DM Test Loop A".into())));
    // Without anchors the signature alone holds.
    assert!(cms::verify(&bytes, &[], now).is_ok());

    // A chain longer than the walk allows, even though it ends at the anchor.
    let long_signed = openssl_sign_with_chain("long-leaf", "long-chain", "bad-input-long.der");
    let anchors = Certificate::parse_all(&p.read("long-root.pem")).expect("anchor");
    let bytes = std::fs::read(&long_signed).expect("signed");
    assert_eq!(cms::verify(&bytes, &anchors, now).map(|_| ()), Err(CmsError::ChainTooLong(cms::MAX_CHAIN)));
    // The same walk with the 9th CA as anchor fits (leaf and CAs 11 to 9: 4 certificates).
    let ninth = Certificate::parse_all(&p.read("long-9.pem")).expect("ninth");
    assert_eq!(cms::verify(&bytes, &ninth, now).map(|v| v.signer.trust), Ok(cms::Trust::Trusted));
}

#[test]
fn keys_and_certificates_that_are_not() {
    assert!(matches!(PrivateKey::parse(b"not a key"), Err(CmsError::Key(_))));
    assert!(matches!(PrivateKey::parse(&pki().read("root.pem")), Err(CmsError::Key(m)) if m.contains("CERTIFICATE")));
    assert!(matches!(Certificate::parse(&pki().read("root.key")), Err(CmsError::Certificate(_))));
    assert!(matches!(Certificate::parse(b"\x30\x03\x02\x01"), Err(CmsError::Certificate(_))));
    for key in ["leaf-rsa.key", "leaf-ec.key", "leaf-p384.key"] {
        assert!(PrivateKey::parse(&pki().read(key)).is_ok(), "{key}");
    }
    // Keys in DER and in the traditional PEM forms (PKCS#1, SEC1).
    let p = pki();
    let der = openssl(&p.dir, &["pkey", "-in", "leaf-ec.key", "-outform", "DER"]);
    assert_eq!(PrivateKey::parse(&der).expect("P-256 PKCS#8 DER").algorithm_name(), "P-256");
    let sec1 = openssl(&p.dir, &["ec", "-in", "leaf-p384.key"]);
    assert!(String::from_utf8_lossy(&sec1).contains("EC PRIVATE KEY"));
    assert_eq!(PrivateKey::parse(&sec1).expect("SEC1 PEM").algorithm_name(), "P-384");
    let pkcs1 = openssl(&p.dir, &["rsa", "-in", "leaf-rsa.key", "-traditional"]);
    assert!(String::from_utf8_lossy(&pkcs1).contains("RSA PRIVATE KEY"));
    assert_eq!(PrivateKey::parse(&pkcs1).expect("PKCS#1 PEM").algorithm_name(), "RSA");
}
