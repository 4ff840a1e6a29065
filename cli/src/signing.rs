//! `dm sign`, `dm verify`, `dm unsign`, and the signature check of `dm validate --trust`:
//! files in and out around the runtime's CMS functions (`runtime::cms`), with the messages
//! and exit codes an admin reads.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use apple_device_management::runtime::cms::{self, Certificate, CertificateSummary, PrivateKey, SigningIdentity, Trust};

/// What `dm validate --trust` found about a signed profile's signature.
#[derive(Debug, Clone, PartialEq)]
pub enum SignatureCheck {
    /// The signature holds; `trusted` when the signer chains to a `--trust` anchor (with no
    /// anchors, as `dm serve` checks a profile, it is the signer the signature names, unchecked).
    Holds { signer: CertificateSummary, trusted: bool },
    /// It does not (the message says why: changed content, untrusted or expired signer ...).
    Fails(String),
}

/// The trust anchors of `--trust` files (PEM bundles or DER certificates).
pub fn load_anchors(paths: &[PathBuf]) -> Result<Vec<Certificate>, String> {
    let mut anchors = Vec::new();
    for path in paths {
        let bytes = read(path)?;
        anchors.extend(Certificate::parse_all(&bytes).map_err(|e| format!("--trust {}: {e}", path.display()))?);
    }
    Ok(anchors)
}

/// `--at`: an RFC 3339 time, or now.
pub fn time(at: Option<&str>) -> Result<SystemTime, String> {
    match at {
        None => Ok(SystemTime::now()),
        Some(text) => cms::parse_time(text).map_err(|e| format!("--at: {e}")),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    if size > crate::input::MAX_FILE_BYTES {
        return Err(format!("{} is {size} bytes, more than the limit of {}", path.display(), crate::input::MAX_FILE_BYTES));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if crate::input::is_stdin(path) {
        use std::io::Write as _;
        return std::io::stdout().lock().write_all(bytes).map_err(|e| format!("cannot write the output: {e}"));
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `dm validate --trust`: checks a signed profile's signature against `anchors` at `at`.
pub fn check(signed: &[u8], anchors: &[Certificate], at: SystemTime) -> SignatureCheck {
    match cms::verify(signed, anchors, at) {
        Ok(v) => SignatureCheck::Holds { trusted: v.signer.trust == Trust::Trusted, signer: v.signer.summary },
        Err(e) => SignatureCheck::Fails(e.to_string()),
    }
}

/// `dm sign`: signs `input` into `output` (`-`: standard output); returns the signer's subject.
pub fn sign(cert: &Path, key: &Path, chain: &[PathBuf], input: &Path, output: &Path) -> Result<String, String> {
    let certificate = Certificate::parse(&read(cert)?).map_err(|e| format!("--cert {}: {e}", cert.display()))?;
    let key = PrivateKey::parse(&read(key)?).map_err(|e| format!("--key {}: {e}", key.display()))?;
    let mut intermediates = Vec::new();
    for path in chain {
        intermediates.extend(Certificate::parse_all(&read(path)?).map_err(|e| format!("--chain {}: {e}", path.display()))?);
    }
    let subject = certificate.summary().subject;
    let identity = SigningIdentity::new(certificate, key, intermediates).map_err(|e| e.to_string())?;
    let signed = cms::sign(&read(input)?, &identity).map_err(|e| e.to_string())?;
    write(output, &signed)?;
    Ok(subject)
}

/// Why `dm verify` failed: the file could not be read (exit 2) or the signature does not hold
/// (exit 1).
#[derive(Debug)]
pub enum VerifyFailure {
    Usage(String),
    Signature(String),
}

/// `dm verify`: the report of a signed profile's signature, checked against `anchors` (none:
/// the signature only) at `at`.
pub fn verify(path: &Path, anchors: &[Certificate], at: SystemTime) -> Result<String, VerifyFailure> {
    let bytes = read(path).map_err(VerifyFailure::Usage)?;
    let verified = cms::verify(&bytes, anchors, at).map_err(|e| VerifyFailure::Signature(format!("{}: signature does not hold: {e}", path.display())))?;
    let signer = &verified.signer;
    let mut out = format!("{}: signature holds\n", path.display());
    out.push_str(&describe(&signer.summary));
    if let Some(t) = signer.signing_time {
        out.push_str(&format!("  signed at: {}\n", cms::format_time(t)));
    }
    out.push_str(match signer.trust {
        Trust::Trusted => "  trust:     trusted (chains to a --trust anchor)\n",
        _ => "  trust:     untrusted (no --trust given: the signer is not checked)\n",
    });
    Ok(out)
}

/// Subject, issuer, serial and validity, one per line.
pub fn describe(s: &CertificateSummary) -> String {
    format!(
        "  signer:    {}\n  issuer:    {}\n  serial:    {}\n  valid:     {} to {}\n",
        s.subject,
        s.issuer,
        s.serial,
        s.not_before_text(),
        s.not_after_text()
    )
}

/// `dm unsign`: the content of `input` into `output` (`-`: standard output), unverified.
pub fn unsign(input: &Path, output: &Path) -> Result<(), String> {
    let content = cms::unsign(&read(input)?).map_err(|e| format!("{}: {e}", input.display()))?;
    write(output, &content)
}
