//! What the server knows of a device — from `Authenticate`, `TokenUpdate` and acknowledged
//! `DeviceInformation` — and how much of the crate's availability check it allows.
//!
//! An OS version is read leniently (`18.0 beta` and `17.5.1 (21F90)` are 18.0 and 17.5.1). A
//! device whose version is still unknown (none sent, or text that holds no version) is judged
//! on everything else — platform, supervision, enrollment, channel — and the version rules are
//! left out, with a warning; one whose platform is unknown gets the schema validation only,
//! with a warning. A device is never locked out by what it said of itself.

use apple_device_management::checkin::authenticate::Authenticate;
use apple_device_management::commands::information_device::QueryResponses;
use apple_device_management::runtime::availability::{Channel, DeviceContext, Enrollment, OsVersion, Platform};
use apple_device_management::runtime::validate::{Finding, Report, Rule};
use serde::Serialize;

/// One device's facts, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceFacts {
    pub id: String,
    pub user_enrollment: bool,
    pub topic: String,
    pub product_name: Option<String>,
    pub os_version: Option<String>,
    pub serial_number: Option<String>,
    pub supervised: bool,
    pub shared_ipad: bool,
    /// Automated Device Enrollment (a `TokenUpdate` carried `AwaitingConfiguration`).
    pub automated: bool,
    pub enrolled: bool,
}

/// The OS version a device's text names: its leading dotted numbers (`18.0 beta` → 18.0);
/// `None` for text that starts with none.
pub fn parse_os_version(text: &str) -> Option<OsVersion> {
    let text = text.trim();
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let lead = text[..end].trim_end_matches('.');
    if lead.is_empty() {
        return None;
    }
    OsVersion::parse(lead).ok()
}

/// How a device can be judged: the context for the availability check (`None`: none, the
/// platform is unknown), whether the version rules are to be left out, and the warning that
/// says what was not checked.
#[derive(Debug, Clone)]
pub struct Judging {
    pub ctx: Option<DeviceContext>,
    pub version_unknown: bool,
    pub warning: Option<String>,
}

impl Judging {
    /// `report` without the findings this judging cannot stand behind (the version rules when
    /// the version is unknown).
    pub fn filter(&self, mut report: Report) -> Report {
        if self.version_unknown {
            report.findings.retain(|f: &Finding| !matches!(f.rule, Rule::Availability(r) if r.is_version_rule()));
        }
        report
    }
}

impl DeviceFacts {
    /// A new enrollment: `id` is the `UDID`, or the `EnrollmentID` under User Enrollment.
    pub fn from_authenticate(id: &str, m: &Authenticate) -> DeviceFacts {
        DeviceFacts {
            id: id.to_string(),
            user_enrollment: m.udid.is_none() && m.enrollment_id.is_some(),
            topic: m.topic.clone(),
            product_name: m.product_name.clone().or_else(|| m.model.clone()),
            os_version: m.os_version.clone(),
            serial_number: m.serial_number.clone(),
            supervised: false,
            shared_ipad: false,
            automated: false,
            enrolled: true,
        }
    }

    /// Updates the facts from an acknowledged `DeviceInformation`: only the queries it answered.
    pub fn learn(&mut self, info: &QueryResponses) {
        if let Some(v) = &info.os_version {
            self.os_version = Some(v.clone());
        }
        if let Some(p) = &info.product_name {
            self.product_name = Some(p.clone());
        }
        if let Some(s) = info.is_supervised {
            self.supervised = s;
        }
        if let Some(m) = info.is_multi_user {
            self.shared_ipad = m;
        }
    }

    /// How what is sent on `channel` can be judged.
    pub fn judging(&self, channel: Channel) -> Judging {
        let Some(platform) = self.product_name.as_deref().and_then(Platform::from_product_name) else {
            let product = self.product_name.as_deref().unwrap_or("none");
            let warning = format!("the device's platform is unknown (ProductName `{product}`): availability not checked");
            return Judging { ctx: None, version_unknown: true, warning: Some(warning) };
        };
        let version = self.os_version.as_deref().and_then(parse_os_version);
        let enrollment = match (self.user_enrollment, self.automated) {
            (true, _) => Enrollment::User,
            (false, true) => Enrollment::Automated,
            (false, false) => Enrollment::Device,
        };
        // An unknown version is judged as the newest, and the version rules are left out.
        let ctx = DeviceContext::new(platform, version.clone().unwrap_or_else(|| OsVersion::new([u32::MAX])))
            .supervised(self.supervised)
            .enrollment(enrollment)
            .channel(channel)
            .shared_ipad(self.shared_ipad);
        let warning = version.is_none().then(|| {
            let sent = self.os_version.as_deref().unwrap_or("none");
            format!("the device's OS version is unknown (OSVersion `{sent}`): OS version availability not checked")
        });
        Judging { ctx: Some(ctx), version_unknown: version.is_none(), warning }
    }
}
