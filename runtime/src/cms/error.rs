//! Why a signature could not be made, read or trusted: one variant per cause, so a caller can
//! tell a tampered profile from an expired signer or an unknown CA.

/// An error of [`crate::cms`]. Every malformed input is one of these, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CmsError {
    /// The bytes are not a CMS `ContentInfo` (a signed profile starts with a DER SEQUENCE).
    #[error("not CMS: {0}")]
    NotCms(String),
    /// The input ends inside a structure: a cut-off file or header.
    #[error("truncated CMS data: the input ends inside a structure")]
    Truncated,
    /// The structure is CMS but a part of it does not decode.
    #[error("malformed CMS data: {0}")]
    Malformed(String),
    /// A `ContentInfo` of another type (enveloped, digested data ...).
    #[error("not CMS SignedData: the content type is {0}")]
    NotSignedData(String),
    /// A detached signature where the content was expected (or the reverse is fine: see
    /// [`crate::cms::verify_detached`]).
    #[error("the signature carries no content (a detached signature)")]
    NoContent,
    /// `SignerInfos` is empty.
    #[error("the SignedData has no signer")]
    NoSigner,
    /// No certificate in the SignedData matches the signer's identifier.
    #[error("the signer's certificate is not in the SignedData")]
    SignerCertificateMissing,
    /// The content's digest differs from the signed `messageDigest` attribute: the content was
    /// changed after signing.
    #[error("the content's digest does not match the signed message digest: the content was changed after signing")]
    DigestMismatch,
    /// The signed attributes lack one that CMS requires.
    #[error("the signed attributes have no {0} attribute")]
    MissingAttribute(&'static str),
    /// The signed `contentType` attribute names another type than the content.
    #[error("the signed content type does not match the content's type")]
    ContentTypeMismatch,
    /// The signature does not verify with the signer certificate's key.
    #[error("bad signature: {0}")]
    BadSignature(String),
    /// A certificate of the chain had expired at the time of verification.
    #[error("certificate \"{subject}\" expired at {not_after}")]
    Expired { subject: String, not_after: String },
    /// A certificate of the chain was not yet valid at the time of verification.
    #[error("certificate \"{subject}\" is not valid before {not_before}")]
    NotYetValid { subject: String, not_before: String },
    /// The chain from the signer does not reach a trust anchor.
    #[error("untrusted signer: no trust anchor issued \"{subject}\" (issuer \"{issuer}\")")]
    UntrustedSigner { subject: String, issuer: String },
    /// A certificate that issued another one may not issue certificates (no `cA` basic
    /// constraint, or no `keyCertSign` key usage).
    #[error("certificate \"{0}\" is not a CA: it may not issue certificates")]
    NotCa(String),
    /// The issuer chain comes back to a certificate already in it.
    #[error("the certificate chain loops back to \"{0}\"")]
    ChainLoop(String),
    /// The issuer chain is longer than the walk allows.
    #[error("the certificate chain is longer than {0} certificates")]
    ChainTooLong(usize),
    /// An algorithm this implementation does not verify or make (`role` says where it was).
    #[error("unsupported {role} algorithm {oid}")]
    UnsupportedAlgorithm { role: &'static str, oid: String },
    /// A certificate (PEM or DER) that does not parse.
    #[error("cannot read certificate: {0}")]
    Certificate(String),
    /// A private key (PEM or DER) that does not parse, or of an unsupported kind.
    #[error("cannot read private key: {0}")]
    Key(String),
    /// The private key is not the one of the signer certificate.
    #[error("the private key does not belong to the signer certificate")]
    KeyMismatch,
    /// The `Mdm-Signature` header is not base64.
    #[error("the Mdm-Signature header is not base64: {0}")]
    Base64(String),
    /// Building the signature failed (a certificate field the encoder refused, a key error).
    #[error("cannot sign: {0}")]
    Sign(String),
}

impl CmsError {
    /// A decoding error of `der`, as one of ours: a cut-off input is [`CmsError::Truncated`].
    pub(crate) fn from_der(e: der::Error) -> Self {
        match e.kind() {
            der::ErrorKind::Incomplete { .. } => CmsError::Truncated,
            _ => CmsError::Malformed(e.to_string()),
        }
    }
}
