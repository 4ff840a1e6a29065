//! What the server knows of a device — from `Authenticate`, `TokenUpdate` and acknowledged
//! `DeviceInformation` — and the crate's [`DeviceContext`] it makes for a channel.

use apple_device_management::checkin::authenticate::Authenticate;
use apple_device_management::commands::information_device::QueryResponses;
use apple_device_management::runtime::availability::{Channel, DeviceContext, Enrollment, Platform};
use serde::Serialize;

use crate::error::ApiError;

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

    /// The device context for judging what is sent on `channel`.
    pub fn context(&self, channel: Channel) -> Result<DeviceContext, ApiError> {
        let no_context = || ApiError::NoContext(self.id.clone());
        let platform = self.product_name.as_deref().and_then(Platform::from_product_name).ok_or_else(no_context)?;
        let version = self.os_version.as_deref().and_then(|v| v.parse().ok()).ok_or_else(no_context)?;
        let enrollment = match (self.user_enrollment, self.automated) {
            (true, _) => Enrollment::User,
            (false, true) => Enrollment::Automated,
            (false, false) => Enrollment::Device,
        };
        Ok(DeviceContext::new(platform, version).supervised(self.supervised).enrollment(enrollment).channel(channel).shared_ipad(self.shared_ipad))
    }
}
