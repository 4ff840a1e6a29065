//! `dm sign` and `dm verify` against `openssl cms`, both ways, RSA and ECDSA, with an
//! intermediate; `dm unsign`; signer reports and exit codes.

use super::pki::{openssl, openssl_status, pki};
use super::{arg, openssl_sign_with_chain, out, profile};
use crate::dm;

/// (leaf, whether it needs the intermediate in the signature).
const SIGNERS: &[(&str, bool)] = &[("leaf-rsa", true), ("leaf-ec", true), ("leaf-p384", false)];

/// Signs the test profile with OpenSSL into `name`; `stream` writes BER with indefinite lengths.
fn openssl_sign(leaf: &str, name: &str, stream: bool) -> std::path::PathBuf {
    let p = pki();
    let output = out(name);
    let mut args = vec!["cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-md", "sha256"];
    if stream {
        args.push("-stream");
    }
    let (signer, key, input, outs) = (p.path_str(&format!("{leaf}.pem")), p.path_str(&format!("{leaf}.key")), arg(&profile()), arg(&output));
    let chain = p.path_str("intermediate.pem");
    args.extend(["-signer", &signer, "-inkey", &key, "-certfile", &chain, "-in", &input, "-out", &outs]);
    openssl(&p.dir, &args);
    output
}

#[test]
fn dm_sign_verifies_with_openssl_cms_verify() {
    let p = pki();
    for (leaf, _) in SIGNERS {
        let signed = out(&format!("dm-signed-{leaf}.mobileconfig"));
        let (_, err, code) = dm(&[
            "sign",
            "--cert",
            &p.path_str(&format!("{leaf}.pem")),
            "--key",
            &p.path_str(&format!("{leaf}.key")),
            "--chain",
            &p.path_str("intermediate.pem"),
            &arg(&profile()),
            &arg(&signed),
        ]);
        assert_eq!(code, 0, "{leaf}: {err}");
        let content = out(&format!("dm-signed-{leaf}.content"));
        let (ok, stderr) =
            openssl_status(&p.dir, &["cms", "-verify", "-CAfile", &p.path_str("root.pem"), "-inform", "DER", "-in", &arg(&signed), "-out", &arg(&content)]);
        assert!(ok, "{leaf}: openssl cms -verify refused dm's signature:\n{stderr}");
        assert!(stderr.contains("Verification successful"), "{leaf}: {stderr}");
        assert_eq!(std::fs::read(&content).expect("content"), std::fs::read(profile()).expect("profile"), "{leaf}: content differs");
        // And OpenSSL refuses it against another root.
        let (ok, _) =
            openssl_status(&p.dir, &["cms", "-verify", "-CAfile", &p.path_str("other-root.pem"), "-inform", "DER", "-in", &arg(&signed), "-out", "/dev/null"]);
        assert!(!ok, "{leaf}: OpenSSL trusted an unrelated root");
    }
}

#[test]
fn openssl_signatures_verify_with_dm_verify() {
    let p = pki();
    for (leaf, _) in SIGNERS {
        for stream in [false, true] {
            let signed = openssl_sign(leaf, &format!("openssl-{leaf}-{stream}.der"), stream);
            let (stdout, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), &arg(&signed)]);
            assert_eq!(code, 0, "{leaf} (stream {stream}): {err}");
            assert!(stdout.contains("signature holds"), "{stdout}");
            assert!(stdout.contains("trust:     trusted"), "{stdout}");
            let cn = match *leaf {
                "leaf-rsa" => "CN=DM Test Signer RSA",
                "leaf-ec" => "CN=DM Test Signer P-256",
                _ => "CN=DM Test Signer P-384",
            };
            assert!(stdout.lines().any(|l| l.starts_with("  signer:") && l.contains(cn)), "{stdout}");
            assert!(stdout.lines().any(|l| l.starts_with("  issuer:") && l.contains("DM Test")), "{stdout}");
            assert!(stdout.lines().any(|l| l.starts_with("  valid:") && l.contains(" to ")), "{stdout}");
        }
    }
}

#[test]
fn without_trust_the_signer_is_reported_untrusted() {
    let signed = openssl_sign("leaf-ec", "openssl-untrusted.der", false);
    let (stdout, err, code) = dm(&["verify", &arg(&signed)]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("trust:     untrusted"), "{stdout}");
}

#[test]
fn another_root_is_an_untrusted_signer() {
    let signed = openssl_sign("leaf-rsa", "openssl-other-root.der", false);
    let (stdout, err, code) = dm(&["verify", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(err.contains("signature does not hold: untrusted signer"), "{err}");
}

#[test]
fn a_changed_byte_fails_both_in_dm_and_openssl() {
    let p = pki();
    let signed = openssl_sign("leaf-rsa", "openssl-changed.der", false);
    let bytes = std::fs::read(&signed).expect("signed");
    let at = bytes.windows(b"PayloadType".len()).position(|w| w == b"PayloadType").expect("the content is embedded");
    let mut changed = bytes.clone();
    changed[at] ^= 0x20; // PayloadType -> payloadType
    let path = out("changed-content.der");
    std::fs::write(&path, &changed).expect("write");
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), &arg(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("digest does not match"), "{err}");
    let (ok, _) = openssl_status(&p.dir, &["cms", "-verify", "-CAfile", &p.path_str("root.pem"), "-inform", "DER", "-in", &arg(&path), "-out", "/dev/null"]);
    assert!(!ok, "OpenSSL accepted the changed content");
    // The signature's last byte (the signer info's signature value ends the structure).
    let mut changed = bytes;
    let last = changed.len() - 1;
    changed[last] ^= 0x01;
    std::fs::write(&path, &changed).expect("write");
    let (_, err, code) = dm(&["verify", &arg(&path)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad signature"), "{err}");
}

#[test]
fn an_expired_signer_fails_and_so_does_a_time_outside_validity() {
    let p = pki();
    let signed = openssl_sign("expired", "openssl-expired.der", false);
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), &arg(&signed)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("\"CN=DM Test Expired Signer\" expired at 2020-01-02T00:00:00Z"), "{err}");
    // A valid signer, checked in 2100 and in 2000.
    let signed = openssl_sign("leaf-ec", "openssl-at.der", false);
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), "--at", "2100-01-01T00:00:00Z", &arg(&signed)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("expired at"), "{err}");
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), "--at", "2000-01-01T00:00:00Z", &arg(&signed)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is not valid before"), "{err}");
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("root.pem"), "--at", "yesterday", &arg(&signed)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--at"), "{err}");
}

#[test]
fn a_chain_that_loops_is_an_error() {
    let p = pki();
    let output = openssl_sign_with_chain("loop-leaf", "loop-chain", "openssl-loop.der");
    let (_, err, code) = dm(&["verify", "--trust", &p.path_str("other-root.pem"), &arg(&output)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the certificate chain loops back to \"CN=DM Test Loop A\""), "{err}");
}

#[test]
fn unsign_writes_the_content() {
    let signed = openssl_sign("leaf-ec", "openssl-unsign.der", true);
    let content = out("unsigned.mobileconfig");
    let (_, err, code) = dm(&["unsign", &arg(&signed), &arg(&content)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&content).expect("content"), std::fs::read(profile()).expect("profile"));
    let (_, err, code) = dm(&["unsign", &arg(&profile()), &arg(&content)]);
    assert_eq!(code, 2);
    assert!(err.contains("not CMS"), "{err}");
}

#[test]
fn sign_refuses_a_key_of_another_certificate() {
    let p = pki();
    let (_, err, code) =
        dm(&["sign", "--cert", &p.path_str("leaf-rsa.pem"), "--key", &p.path_str("device.key"), &arg(&profile()), &arg(&out("never.mobileconfig"))]);
    assert_eq!(code, 2);
    assert!(err.contains("the private key does not belong to the signer certificate"), "{err}");
    assert!(!out("never.mobileconfig").exists());
}
