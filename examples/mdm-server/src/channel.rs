//! Which enrollment a message belongs to: the device (by `UDID`, or `EnrollmentID` under User
//! Enrollment) and, on the user channel, the user. The device channel and each user channel
//! have their own queue, push token and declarations.
//!
//! A channel is stored under a key no identifier can forge: each part is length-prefixed
//! (`<len>:<device>` for the device channel, `<len>:<device><len>:<user>` for a user's), so a
//! UDID `A/U` — or any other text — names only its own device channel. Identifiers that are
//! empty or hold control characters name no channel and are refused (400).

use std::fmt;

use crate::error::ApiError;

/// Shared iPad sends this `UserID` for every user; the short name tells them apart there.
const SHARED_IPAD_USER_ID: &str = "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF";

/// Longest identifier taken (UDIDs, EnrollmentIDs and UserIDs are far shorter).
const MAX_ID_LEN: usize = 256;

/// A device channel or one user's channel of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelId {
    pub device: String,
    /// `None`: the device channel.
    pub user: Option<String>,
}

/// Why an identifier names no channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadIdentifier {
    #[error("`{0}` is empty")]
    Empty(&'static str),
    #[error("`{0}` holds control characters")]
    Control(&'static str),
    #[error("`{0}` is longer than {MAX_ID_LEN} bytes")]
    TooLong(&'static str),
}

/// `value` as the identifier `what`, when it can name a channel.
pub fn check(what: &'static str, value: &str) -> Result<(), BadIdentifier> {
    if value.is_empty() {
        Err(BadIdentifier::Empty(what))
    } else if value.chars().any(char::is_control) {
        Err(BadIdentifier::Control(what))
    } else if value.len() > MAX_ID_LEN {
        Err(BadIdentifier::TooLong(what))
    } else {
        Ok(())
    }
}

impl ChannelId {
    /// From a message's identifiers; a message naming no device, or with an identifier that
    /// is empty or holds control characters, is refused. A present `UserID` (or
    /// `EnrollmentUserID`, or `UserShortName` alone) makes it a user channel.
    pub fn from_message(
        udid: Option<&str>,
        enrollment_id: Option<&str>,
        user_id: Option<&str>,
        enrollment_user_id: Option<&str>,
        user_short_name: Option<&str>,
    ) -> Result<ChannelId, ApiError> {
        let named = [
            ("UDID", udid),
            ("EnrollmentID", enrollment_id),
            ("UserID", user_id),
            ("EnrollmentUserID", enrollment_user_id),
            ("UserShortName", user_short_name),
        ];
        for (what, value) in named {
            if let Some(v) = value {
                check(what, v)?;
            }
        }
        let device = udid.or(enrollment_id).ok_or(ApiError::NoDeviceId)?;
        let user = enrollment_user_id.or(user_id.filter(|u| *u != SHARED_IPAD_USER_ID)).or(user_short_name).or(user_id);
        Ok(ChannelId { device: device.to_string(), user: user.map(str::to_string) })
    }

    /// The channel as the admin API names it: a device id and an optional `user` query value.
    pub fn new(device: impl Into<String>, user: Option<String>) -> ChannelId {
        ChannelId { device: device.into(), user }
    }

    /// As [`ChannelId::new`], refusing identifiers that name no channel.
    pub fn checked(device: impl Into<String>, user: Option<String>) -> Result<ChannelId, ApiError> {
        let channel = ChannelId::new(device, user);
        check("device", &channel.device)?;
        if let Some(u) = &channel.user {
            check("user", u)?;
        }
        Ok(channel)
    }

    /// The key the store files the channel under: each part length-prefixed, so distinct
    /// channels have distinct keys whatever their identifiers hold.
    pub fn key(&self) -> String {
        match &self.user {
            Some(user) => format!("{}:{}{}:{user}", self.device.len(), self.device, user.len()),
            None => format!("{}:{}", self.device.len(), self.device),
        }
    }

    pub fn is_user(&self) -> bool {
        self.user.is_some()
    }
}

/// `device` or `device (user U)`, for messages and logs.
impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.user {
            Some(user) => write!(f, "{} (user {user})", self.device),
            None => f.write_str(&self.device),
        }
    }
}
