//! CMS signatures, proved against OpenSSL's command-line tool: `dm sign` output verifies with
//! `openssl cms -verify`, OpenSSL's signatures (RSA, ECDSA, with an intermediate, DER and
//! streamed BER) verify with `dm verify`, an `Mdm-Signature` made by OpenSSL verifies with the
//! crate's function; and bad input (changed bytes, expired or untrusted signers, a looping
//! chain, truncated or foreign data) is a clear error.

mod bad_input;
mod interop;
mod mdm_signature;
pub mod pki;
mod validate;

use std::path::PathBuf;

/// The profile these tests sign (a valid one, so `dm validate` reports it clean).
pub fn profile() -> PathBuf {
    crate::fixtures().join("valid/profile.mobileconfig")
}

/// A file in the PKI's folder for one test's output.
pub fn out(name: &str) -> PathBuf {
    pki::pki().path(name)
}

/// The test profile signed by OpenSSL (`cms -sign -nodetach -binary`, DER) with the PKI's
/// `<leaf>.pem` and `.key`, the certificates of `<chain>.pem` included, into `name`.
pub fn openssl_sign_with_chain(leaf: &str, chain: &str, name: &str) -> PathBuf {
    let p = pki::pki();
    let output = out(name);
    let (signer, key, certs) = (p.path_str(&format!("{leaf}.pem")), p.path_str(&format!("{leaf}.key")), p.path_str(&format!("{chain}.pem")));
    let (input, outs) = (arg(&profile()), arg(&output));
    let args =
        ["cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-signer", &signer, "-inkey", &key, "-certfile", &certs, "-in", &input, "-out", &outs];
    pki::openssl(&p.dir, &args);
    output
}

/// `path` as a `dm` argument.
pub fn arg(path: &std::path::Path) -> String {
    path.display().to_string()
}
