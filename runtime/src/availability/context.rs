//! The device a server is about to send something to, and the rights the server holds on it.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

use super::platform::Platform;
use super::table::{AllowedEnrollment, Scope};
use super::version::OsVersion;

/// How the device is enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Enrollment {
    /// Device enrollment through a profile (manual, Apple Configurator …).
    Device,
    /// Automated Device Enrollment (ADE, formerly DEP). It satisfies `requiresdep` and
    /// `userapprovedmdm`; supervision is stated separately ([`DeviceContext::supervised`]).
    Automated,
    /// User enrollment (BYOD, account-driven or profile-based).
    User,
    /// No MDM server: local management (DDM `allowed-enrollments: local`), or a profile the user
    /// installs by hand (`allowmanualinstall`).
    Local,
}

/// The MDM channel a message travels on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The device channel (system scope).
    Device,
    /// The user channel (user scope): macOS users, Shared iPad users.
    User,
}

/// The MDM access rights a server holds (the `AccessRights` bits of the MDM enrollment payload).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AccessRights(u32);

impl AccessRights {
    pub const NONE: AccessRights = AccessRights(0);
    /// Inspect installed configuration profiles.
    pub const INSPECTION: AccessRights = AccessRights(1);
    /// Install and remove configuration profiles.
    pub const INSTALLATION_REMOVAL: AccessRights = AccessRights(2);
    /// Lock the device and remove its passcode.
    pub const PASSCODE_REMOVAL_AND_LOCK: AccessRights = AccessRights(4);
    /// Erase the device.
    pub const DEVICE_ERASE: AccessRights = AccessRights(8);
    /// Query device information.
    pub const QUERY_DEVICE_INFORMATION: AccessRights = AccessRights(16);
    /// Query network information.
    pub const QUERY_NETWORK_INFORMATION: AccessRights = AccessRights(32);
    /// Inspect installed provisioning profiles.
    pub const PROVISIONING_INSPECTION: AccessRights = AccessRights(64);
    /// Install and remove provisioning profiles.
    pub const PROVISIONING_INSTALLATION_REMOVAL: AccessRights = AccessRights(128);
    /// Query installed applications.
    pub const QUERY_APPLICATIONS: AccessRights = AccessRights(256);
    /// Restriction-related queries.
    pub const QUERY_RESTRICTIONS: AccessRights = AccessRights(512);
    /// Security-related queries.
    pub const QUERY_SECURITY: AccessRights = AccessRights(1024);
    /// Change settings.
    pub const SETTINGS: AccessRights = AccessRights(2048);
    /// Manage applications.
    pub const APP_INSTALLATION: AccessRights = AccessRights(4096);
    /// Every right (8191, what most enrollment profiles grant).
    pub const ALL: AccessRights = AccessRights(8191);

    const NAMES: [(&'static str, AccessRights); 15] = [
        ("AllowInspection", Self::INSPECTION),
        ("AllowInstallationRemoval", Self::INSTALLATION_REMOVAL),
        ("AllowPasscodeRemovalAndLock", Self::PASSCODE_REMOVAL_AND_LOCK),
        ("DeviceLockAndRemovePasscode", Self::PASSCODE_REMOVAL_AND_LOCK),
        ("AllowDeviceErase", Self::DEVICE_ERASE),
        ("AllowQueryDeviceInformation", Self::QUERY_DEVICE_INFORMATION),
        ("AllowQueryNetworkInformation", Self::QUERY_NETWORK_INFORMATION),
        ("AllowProvisioningInspection", Self::PROVISIONING_INSPECTION),
        ("AllowProvisioningInstallationRemoval", Self::PROVISIONING_INSTALLATION_REMOVAL),
        ("AllowQueryApplications", Self::QUERY_APPLICATIONS),
        ("QueryInstalledApps", Self::QUERY_APPLICATIONS),
        ("AllowQueryRestrictions", Self::QUERY_RESTRICTIONS),
        ("AllowQuerySecurity", Self::QUERY_SECURITY),
        ("AllowSettings", Self::SETTINGS),
        ("AllowAppInstallation", Self::APP_INSTALLATION),
    ];

    /// From the `AccessRights` integer of an enrollment profile; unknown bits are kept.
    pub const fn from_bits(bits: u32) -> AccessRights {
        AccessRights(bits)
    }

    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every right of `other` is held.
    pub const fn contains(self, other: AccessRights) -> bool {
        self.0 & other.0 == other.0
    }

    /// The right a schema's `accessrights` names. `Some(NONE)` for `None`, `n/a` and
    /// `Special Case` (DeviceInformation: the right depends on the queries, which the schema
    /// cannot state); `None` for a name this crate does not know, which is then not checked.
    /// `DeviceLockAndRemovePasscode` and `QueryInstalledApps`, spellings some schemas use, are
    /// read as `AllowPasscodeRemovalAndLock` and `AllowQueryApplications`.
    pub fn from_schema_name(name: &str) -> Option<AccessRights> {
        match name {
            "None" | "n/a" | "Special Case" => return Some(Self::NONE),
            _ => {}
        }
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    /// The schema name of a single right (`AllowAppInstallation`).
    pub fn schema_name(self) -> Option<&'static str> {
        Self::NAMES.iter().find(|(_, r)| *r == self).map(|(n, _)| *n)
    }
}

impl BitOr for AccessRights {
    type Output = AccessRights;
    fn bitor(self, rhs: AccessRights) -> AccessRights {
        AccessRights(self.0 | rhs.0)
    }
}

impl BitOrAssign for AccessRights {
    fn bitor_assign(&mut self, rhs: AccessRights) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for AccessRights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = Vec::new();
        for bit in 0..32 {
            let r = AccessRights(1 << bit);
            if self.contains(r) {
                names.push(r.schema_name().map_or_else(|| format!("{:#x}", r.0), str::to_string));
            }
        }
        write!(f, "AccessRights({})", names.join(" | "))
    }
}

/// What a server knows about the device it is about to send to.
///
/// Built from a platform and version; every other property has a default chosen so that a
/// context says no more than it is told: unsupervised, device enrollment, device channel, not a
/// Shared iPad, MDM not user-approved, every access right.
///
/// ```
/// use apple_device_management::runtime::availability::{AccessRights, Channel, DeviceContext, Enrollment, Platform};
///
/// let ctx = DeviceContext::new(Platform::MacOS, "14.4.1".parse().unwrap())
///     .supervised(true)
///     .enrollment(Enrollment::Automated)
///     .channel(Channel::Device)
///     .access_rights(AccessRights::ALL);
/// assert!(ctx.is_user_approved());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceContext {
    pub platform: Platform,
    pub version: OsVersion,
    pub supervised: bool,
    pub enrollment: Enrollment,
    pub channel: Channel,
    /// A Shared iPad (iOS only; ignored elsewhere).
    pub shared_ipad: bool,
    /// The user approved the MDM enrollment (macOS). Automated enrollment counts as approved.
    pub user_approved_mdm: bool,
    pub access_rights: AccessRights,
}

impl DeviceContext {
    /// A device of `platform` at `version`, with the defaults listed on the type.
    pub fn new(platform: Platform, version: OsVersion) -> DeviceContext {
        DeviceContext {
            platform,
            version,
            supervised: false,
            enrollment: Enrollment::Device,
            channel: Channel::Device,
            shared_ipad: false,
            user_approved_mdm: false,
            access_rights: AccessRights::ALL,
        }
    }

    /// Sets the platform.
    pub fn platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }

    /// Sets the OS version.
    pub fn version(mut self, version: OsVersion) -> Self {
        self.version = version;
        self
    }

    /// Sets supervision.
    pub fn supervised(mut self, supervised: bool) -> Self {
        self.supervised = supervised;
        self
    }

    /// Sets the enrollment type.
    pub fn enrollment(mut self, enrollment: Enrollment) -> Self {
        self.enrollment = enrollment;
        self
    }

    /// Sets the channel.
    pub fn channel(mut self, channel: Channel) -> Self {
        self.channel = channel;
        self
    }

    /// Sets whether the device is a Shared iPad.
    pub fn shared_ipad(mut self, shared_ipad: bool) -> Self {
        self.shared_ipad = shared_ipad;
        self
    }

    /// Sets whether the MDM enrollment is user-approved.
    pub fn user_approved_mdm(mut self, approved: bool) -> Self {
        self.user_approved_mdm = approved;
        self
    }

    /// Sets the access rights the server holds.
    pub fn access_rights(mut self, rights: AccessRights) -> Self {
        self.access_rights = rights;
        self
    }

    /// Whether the device is a Shared iPad (the flag counts on iOS only).
    pub fn is_shared_ipad(&self) -> bool {
        self.shared_ipad && self.platform == Platform::IOS
    }

    /// Whether the enrollment is user-approved: said so, or automated.
    pub fn is_user_approved(&self) -> bool {
        self.user_approved_mdm || self.enrollment == Enrollment::Automated
    }

    /// The scope of what is sent: the device channel is the system scope, the user channel the
    /// user scope.
    pub fn scope(&self) -> Scope {
        match self.channel {
            Channel::Device => Scope::System,
            Channel::User => Scope::User,
        }
    }

    /// The `allowed-enrollments` value this device is: a device enrollment (manual or
    /// automated) is `supervised` when supervised and `device` otherwise.
    pub fn allowed_enrollment(&self) -> AllowedEnrollment {
        match self.enrollment {
            Enrollment::User => AllowedEnrollment::User,
            Enrollment::Local => AllowedEnrollment::Local,
            Enrollment::Device | Enrollment::Automated if self.supervised => AllowedEnrollment::Supervised,
            Enrollment::Device | Enrollment::Automated => AllowedEnrollment::Device,
        }
    }
}
