//! Which enrollment a message belongs to: the device (by `UDID`, or `EnrollmentID` under User
//! Enrollment) and, on the user channel, the user. The device channel and each user channel
//! have their own queue, push token and declarations.

use crate::error::ApiError;

/// Shared iPad sends this `UserID` for every user; the short name tells them apart there.
const SHARED_IPAD_USER_ID: &str = "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF";

/// A device channel or one user's channel of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelId {
    pub device: String,
    /// `None`: the device channel.
    pub user: Option<String>,
}

impl ChannelId {
    /// From a message's identifiers; a message naming no device is refused.
    pub fn from_message(
        udid: Option<&str>,
        enrollment_id: Option<&str>,
        user_id: Option<&str>,
        enrollment_user_id: Option<&str>,
        user_short_name: Option<&str>,
    ) -> Result<ChannelId, ApiError> {
        let device = udid.or(enrollment_id).filter(|d| !d.is_empty()).ok_or(ApiError::NoDeviceId)?;
        let user = enrollment_user_id.or(user_id.filter(|u| *u != SHARED_IPAD_USER_ID)).or(user_short_name).or(user_id);
        Ok(ChannelId { device: device.to_string(), user: user.map(str::to_string) })
    }

    /// The channel as the admin API names it: a device id and an optional `user` query value.
    pub fn new(device: impl Into<String>, user: Option<String>) -> ChannelId {
        ChannelId { device: device.into(), user }
    }

    /// The key the store files the channel under: the device id, or `device/user`.
    pub fn key(&self) -> String {
        match &self.user {
            Some(user) => format!("{}/{user}", self.device),
            None => self.device.clone(),
        }
    }

    pub fn is_user(&self) -> bool {
        self.user.is_some()
    }
}
