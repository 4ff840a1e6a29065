//! The enrollment profile: `GET /mdm/enroll` serves a `.mobileconfig` built with the crate's
//! types (an MDM payload and the SCEP payload its identity comes from) that the crate's
//! validator finds clean; 404 on a server not configured for it.

use crate::sim;

use apple_device_management::profiles::com_apple_mdm::MDM;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::profiles::AnyPayload;
use apple_device_management::runtime::codec;
use apple_device_management::runtime::validate::validate_document;
use sim::{Http, TestServer};

#[tokio::test]
async fn the_enrollment_profile_is_typed_and_validates_clean() {
    let server = TestServer::start_with(|c| {
        c.enrollment.public_url = Some("https://mdm.example.com/".into());
        c.enrollment.push_topic = Some("com.apple.mgmt.External.example".into());
        c.enrollment.scep_url = Some("https://mdm.example.com/scep".into());
        c.enrollment.organization = Some("Example".into());
    })
    .await;
    let reply = Http::new(server.addr).send("GET", "/mdm/enroll", &[], Vec::new()).await;
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.content_type.as_deref(), Some("application/x-apple-aspen-config"));
    let value: plist::Value = plist::from_bytes(&reply.body).expect("a plist");
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
    let profile: TopLevel = codec::from_plist(&reply.body).expect("a typed profile");
    let mdm: Vec<&MDM> = profile.payload_content.iter().filter_map(|p| if let AnyPayload::MDM(m) = p { Some(&**m) } else { None }).collect();
    assert_eq!(mdm.len(), 1);
    let mdm = mdm[0];
    assert_eq!(mdm.server_url, "https://mdm.example.com/mdm/connect");
    assert_eq!(mdm.check_in_url.as_deref(), Some("https://mdm.example.com/mdm/checkin"));
    assert_eq!(mdm.topic, "com.apple.mgmt.External.example");
    assert_eq!(mdm.access_rights, Some(8191));
    let identity = profile.payload_content.iter().find(|p| matches!(p, AnyPayload::SecuritySCEP(_)));
    let Some(AnyPayload::SecuritySCEP(scep)) = identity else { panic!("no SCEP payload") };
    assert_eq!(scep.payload_uuid, mdm.identity_certificate_uuid);
    assert_eq!(scep.payload_content.url, "https://mdm.example.com/scep");
}

#[tokio::test]
async fn no_enrollment_profile_unless_configured() {
    let server = TestServer::start().await;
    let reply = Http::new(server.addr).send("GET", "/mdm/enroll", &[], Vec::new()).await;
    assert_eq!(reply.status, 404);
}
