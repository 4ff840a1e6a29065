//! The enrollment profile: `GET /mdm/enroll` serves a `.mobileconfig` built with the crate's
//! types (an MDM payload and the SCEP payload its identity comes from) that the crate's
//! validator finds clean — signed (CMS, verified against the test CA) when the server has a
//! signing identity, unsigned otherwise; 404 on a server not configured for it.

use crate::sim;

use apple_device_management::profiles::com_apple_mdm::MDM;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::runtime::cms::{self, CmsError, Trust};
use apple_device_management::runtime::codec;
use apple_device_management::runtime::validate::validate_document;
use sim::{Http, TestServer};

fn enrollment(c: &mut mdm_server::Config) {
    c.enrollment.public_url = Some("https://mdm.example.com/".into());
    c.enrollment.push_topic = Some("com.apple.mgmt.External.example".into());
    c.enrollment.scep_url = Some("https://mdm.example.com/scep".into());
    c.enrollment.organization = Some("Example".into());
}

/// The profile served, as bytes.
async fn served(server: &TestServer) -> Vec<u8> {
    let reply = Http::new(server.addr).send("GET", "/mdm/enroll", &[], Vec::new()).await;
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.content_type.as_deref(), Some("application/x-apple-aspen-config"));
    reply.body
}

#[tokio::test]
async fn the_enrollment_profile_is_typed_and_validates_clean() {
    let server = TestServer::start_with(enrollment).await;
    let body = served(&server).await;
    assert!(body.starts_with(b"<?xml"), "unsigned without a signing identity");
    check_profile(&body);
}

#[tokio::test]
async fn with_a_signing_identity_the_profile_is_signed() {
    let (cert, key) = sim::pki().profile_signer();
    let server = TestServer::start_with(|c| {
        enrollment(c);
        c.enrollment.profile_signing_cert = Some(cert);
        c.enrollment.profile_signing_key = Some(key);
    })
    .await;
    let body = served(&server).await;
    assert!(cms::verify(&body, &[], std::time::SystemTime::now()).is_ok(), "CMS SignedData");
    let verified = cms::verify(&body, &sim::pki().anchors(sim::pki::DEVICE_CA), std::time::SystemTime::now()).expect("verifies against the test CA");
    assert_eq!(verified.signer.trust, Trust::Trusted);
    assert!(verified.signer.summary.subject.contains("MDM Server Test Profile Signer"), "{}", verified.signer.summary.subject);
    check_profile(&verified.content);
    // Not against another CA; not once changed.
    let other = cms::verify(&body, &sim::pki().anchors(sim::pki::OTHER_CA), std::time::SystemTime::now());
    assert!(matches!(other, Err(CmsError::UntrustedSigner { .. })), "{other:?}");
    let at = body.windows(8).position(|w| w == b"mdm/conn").expect("the content is embedded");
    let mut changed = body.clone();
    changed[at] ^= 1;
    assert!(cms::verify(&changed, &sim::pki().anchors(sim::pki::DEVICE_CA), std::time::SystemTime::now()).is_err());
}

/// The profile's content: typed, as configured, and clean by the crate's validator.
fn check_profile(xml: &[u8]) {
    check_profile_signing(xml, true);
}

/// [`check_profile`]; `sign_message`: whether the MDM payload asks the device to sign its
/// requests (a server that checks device identities refuses unsigned ones).
fn check_profile_signing(xml: &[u8], sign_message: bool) {
    let value: plist::Value = plist::from_bytes(xml).expect("a plist");
    let dict = value.as_dictionary().expect("a dictionary");
    assert_eq!(dict.get("PayloadType").and_then(plist::Value::as_string), Some("Configuration"));
    let types: Vec<&str> = dict
        .get("PayloadContent")
        .and_then(plist::Value::as_array)
        .expect("PayloadContent")
        .iter()
        .filter_map(|p| p.as_dictionary()?.get("PayloadType")?.as_string())
        .collect();
    assert_eq!(types, ["com.apple.security.scep", "com.apple.mdm"]);
    let report = validate_document(&value, None);
    assert!(report.report.findings.is_empty(), "{:#?}", report.report.findings);
    let profile: TopLevel = codec::from_plist(xml).expect("a typed profile");
    let mdm: Vec<&MDM> = profile.payload_content.iter().filter_map(|p| if let AnyPayload::MDM(m) = p { Some(&**m) } else { None }).collect();
    assert_eq!(mdm.len(), 1);
    let mdm = mdm[0];
    assert_eq!(mdm.server_url, "https://mdm.example.com/mdm/connect");
    assert_eq!(mdm.check_in_url.as_deref(), Some("https://mdm.example.com/mdm/checkin"));
    assert_eq!(mdm.topic, "com.apple.mgmt.External.example");
    assert_eq!(mdm.access_rights, Some(8191));
    assert_eq!(mdm.sign_message, sign_message.then_some(true));
    let identity = profile.payload_content.iter().find(|p| matches!(p, AnyPayload::SecuritySCEP(_)));
    let Some(AnyPayload::SecuritySCEP(scep)) = identity else { panic!("no SCEP payload") };
    assert_eq!(scep.payload_uuid, mdm.identity_certificate_uuid);
    assert_eq!(scep.payload_content.url, "https://mdm.example.com/scep");
}

/// Without `--device-ca` nothing checks signatures: the profile does not ask for them.
#[tokio::test]
async fn without_a_device_ca_the_profile_does_not_ask_for_signed_messages() {
    let server = TestServer::start_with(|c| {
        enrollment(c);
        c.identity.device_ca = None;
    })
    .await;
    check_profile_signing(&served(&server).await, false);
}

#[tokio::test]
async fn no_enrollment_profile_unless_configured() {
    let server = TestServer::start().await;
    let reply = Http::new(server.addr).send("GET", "/mdm/enroll", &[], Vec::new()).await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn a_signing_key_that_is_not_the_certificates_does_not_start() {
    let (cert, _) = sim::pki().profile_signer();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = mdm_server::Config::new(dir.path().join("dm.sqlite"), "127.0.0.1:0".parse().expect("an address"), sim::ADMIN_TOKEN);
    enrollment(&mut config);
    config.enrollment.profile_signing_cert = Some(cert);
    config.enrollment.profile_signing_key = Some(sim::pki().path("device-ca.key"));
    let Err(e) = mdm_server::serve(&config, std::sync::Arc::new(sim::RecordingPush::default())).await else { panic!("the server started") };
    assert!(e.to_string().contains("does not belong to the signer certificate"), "{e}");
}
