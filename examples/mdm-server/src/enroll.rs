//! `GET /mdm/enroll`: the enrollment profile (`.mobileconfig`, `application/x-apple-aspen-config`)
//! built with the crate's types: an MDM payload (`ServerURL`, `CheckInURL`, `Topic`, every
//! access right, `IdentityCertificateUUID`) and the SCEP payload the identity certificate
//! comes from, in the `Configuration` wrapper. Served only when the server is configured for
//! it (`--public-url`, `--push-topic`, `--scep-url`), else 404.
//!
//! The profile goes out through [`seal`], the one place where it turns into bytes: unsigned
//! XML today; signing it (CMS SignedData, so the device shows it "Verified") belongs there.

use apple_device_management::profiles::com_apple_mdm::MDM;
use apple_device_management::profiles::com_apple_security_scep::{Keysize, PayloadContent, SecuritySCEP};
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::runtime::{codec, With};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::app::Shared;
use crate::config::EnrollmentConfig;
use crate::error::ApiError;

/// Every MDM access right (`AccessRights` bits 1 … 4096).
pub const ALL_ACCESS_RIGHTS: i64 = 8191;

/// What the enrollment profile needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    /// The public base URL, without a trailing `/`.
    pub public_url: String,
    pub topic: String,
    pub scep_url: String,
    pub scep_challenge: Option<String>,
    pub organization: Option<String>,
}

impl Enrollment {
    /// From the configuration; `None` unless the URL, topic and SCEP URL are all set.
    pub fn from_config(c: &EnrollmentConfig) -> Option<Enrollment> {
        Some(Enrollment {
            public_url: c.public_url.as_deref()?.trim_end_matches('/').to_string(),
            topic: c.push_topic.clone()?,
            scep_url: c.scep_url.clone()?,
            scep_challenge: c.scep_challenge.clone(),
            organization: c.organization.clone(),
        })
    }

    /// The reverse-DNS prefix of the profile's identifiers: the public host's labels reversed
    /// (`mdm.example.com` → `com.example.mdm`).
    fn identifier(&self) -> String {
        let host = self.public_url.split("://").nth(1).unwrap_or(&self.public_url);
        let host = host.split(['/', ':']).next().unwrap_or_default();
        let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).rev().collect();
        match labels.len() {
            0 | 1 => "local.mdm-server.enrollment".to_string(),
            _ => format!("{}.enrollment", labels.join(".")),
        }
    }

    /// The profile, with fresh payload UUIDs.
    pub fn profile(&self) -> TopLevel {
        let id = self.identifier();
        let uuid = || uuid::Uuid::new_v4().to_string().to_uppercase();
        let identity_uuid = uuid();
        let scep_content = PayloadContent::new(self.scep_url.clone()).with(|c| {
            c.challenge = self.scep_challenge.clone();
            c.keysize = Some(Keysize::V2048);
            c.key_type = Some("RSA".into());
            c.key_usage = Some(5);
        });
        let scep = SecuritySCEP::new(format!("{id}.identity"), identity_uuid.clone(), scep_content).with(|p| {
            p.payload_display_name = Some("Device identity".into());
        });
        let mdm = MDM::new(format!("{id}.mdm"), uuid(), identity_uuid, self.topic.clone(), format!("{}/mdm/connect", self.public_url)).with(|m| {
            m.check_in_url = Some(format!("{}/mdm/checkin", self.public_url));
            m.access_rights = Some(ALL_ACCESS_RIGHTS);
            m.check_out_when_removed = Some(true);
            m.payload_display_name = Some("Device management".into());
        });
        TopLevel::new(id, uuid(), vec![scep.into(), mdm.into()]).with(|t| {
            t.payload_display_name = Some("MDM enrollment".into());
            t.payload_organization = self.organization.clone();
        })
    }
}

/// The profile's bytes as served. Unsigned XML for now: a signing step (CMS SignedData over
/// these bytes) goes here and nowhere else.
pub fn seal(profile: &TopLevel) -> Result<Vec<u8>, ApiError> {
    codec::to_xml(profile).map_err(|e| ApiError::Profile(e.to_string()))
}

pub async fn enroll(State(app): State<Shared>) -> Result<Response, ApiError> {
    let enrollment = app.enrollment.as_ref().ok_or(ApiError::NoEnrollmentProfile)?;
    let body = seal(&enrollment.profile())?;
    Ok(([(header::CONTENT_TYPE, "application/x-apple-aspen-config")], body).into_response())
}
