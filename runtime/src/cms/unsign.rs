//! Unsigning: the content of a signed profile, without checking the signature.

use super::error::CmsError;
use super::parse;

/// The content a CMS SignedData carries (a signed profile's plist), not verified: use
/// [`super::verify`] to know who signed it and that it is unchanged.
pub fn unsign(signed: &[u8]) -> Result<Vec<u8>, CmsError> {
    let sd = parse::signed_data(signed)?;
    parse::content(&sd)?.ok_or(CmsError::NoContent)
}
