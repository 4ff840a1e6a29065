//! The device context of `--os`, `--supervised`, `--enrollment`, `--channel`, `--shared-ipad`.

use apple_device_management::runtime::availability::{Channel, DeviceContext, Enrollment, Platform};

/// `--enrollment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EnrollmentArg {
    Device,
    User,
    Ade,
    Local,
}

/// `--channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChannelArg {
    Device,
    User,
}

/// Parses `--os PLATFORM:VERSION` (`macOS:14.2`, `iOS:17`).
pub fn parse_os(text: &str) -> Result<(Platform, apple_device_management::runtime::availability::OsVersion), String> {
    let (p, v) = text.split_once(':').ok_or_else(|| format!("`{text}`: expected PLATFORM:VERSION, such as macOS:14.2"))?;
    let platform = Platform::from_name(p).ok_or_else(|| format!("`{p}`: unknown platform (iOS, macOS, tvOS, visionOS, watchOS)"))?;
    let version = v.parse().map_err(|e| format!("`{v}`: {e}"))?;
    Ok((platform, version))
}

/// The context, when `--os` is given (the other options refine it).
pub fn build(
    os: Option<&str>,
    supervised: bool,
    enrollment: Option<EnrollmentArg>,
    channel: Option<ChannelArg>,
    shared_ipad: bool,
) -> Result<Option<DeviceContext>, String> {
    let Some(os) = os else {
        if supervised || enrollment.is_some() || channel.is_some() || shared_ipad {
            return Err("--supervised, --enrollment, --channel and --shared-ipad describe a device: give its --os too".into());
        }
        return Ok(None);
    };
    let (platform, version) = parse_os(os)?;
    let mut ctx = DeviceContext::new(platform, version).supervised(supervised).shared_ipad(shared_ipad);
    if let Some(e) = enrollment {
        ctx = ctx.enrollment(match e {
            EnrollmentArg::Device => Enrollment::Device,
            EnrollmentArg::User => Enrollment::User,
            EnrollmentArg::Ade => Enrollment::Automated,
            EnrollmentArg::Local => Enrollment::Local,
        });
    }
    if let Some(c) = channel {
        ctx = ctx.channel(match c {
            ChannelArg::Device => Channel::Device,
            ChannelArg::User => Channel::User,
        });
    }
    Ok(Some(ctx))
}
