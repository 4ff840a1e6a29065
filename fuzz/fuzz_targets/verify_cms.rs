//! A CMS SignedData as an admin or a device sends it: a signed profile (`cms::verify` with no
//! anchors, `cms::unsign`), its signer certificate read again (`Certificate::parse_all`), and
//! the same bytes as a detached `Mdm-Signature` over a fixed body. Beyond "no panic": whatever
//! `verify` accepts, `unsign` accepts with the same content, and with no anchors the signer is
//! never called trusted.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use apple_device_management::runtime::cms::{self, Certificate, Trust};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A fixed time: the same input always gets the same answer.
    let at = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let unsigned = cms::unsign(data);
    if let Ok(verified) = cms::verify(data, &[], at) {
        assert_eq!(unsigned.as_deref().ok(), Some(verified.content.as_slice()), "verify read content unsign did not");
        assert_eq!(verified.signer.trust, Trust::Untrusted, "trusted without anchors");
        let again = Certificate::parse_all(verified.signer.certificate.der()).expect("the signer's certificate reads again");
        assert_eq!(again.len(), 1);
    }
    let header = apple_device_management::runtime::base64_encode(data);
    if let Ok(identity) = cms::verify_mdm_signature(&header, b"<plist/>", &[], at) {
        assert_eq!(identity.trust, Trust::Untrusted, "trusted without anchors");
    }
});
