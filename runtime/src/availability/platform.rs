//! The five platforms Apple's schemas describe.

use std::fmt;
use std::str::FromStr;

/// An Apple operating system, as named by the `supportedOS` keys of the schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platform {
    /// iOS and iPadOS (the schemas do not tell them apart).
    IOS,
    MacOS,
    TvOS,
    VisionOS,
    WatchOS,
}

/// A name that is not one of the five platforms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a platform (expected iOS, macOS, tvOS, visionOS or watchOS)")]
pub struct UnknownPlatform(pub String);

impl Platform {
    /// Every platform, in the order the tables index them.
    pub const ALL: [Platform; 5] = [Platform::IOS, Platform::MacOS, Platform::TvOS, Platform::VisionOS, Platform::WatchOS];

    /// Position in [`Platform::ALL`], the index of this platform's entry in a table.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The name the schemas use (`iOS`, `macOS`, `tvOS`, `visionOS`, `watchOS`).
    pub const fn name(self) -> &'static str {
        match self {
            Platform::IOS => "iOS",
            Platform::MacOS => "macOS",
            Platform::TvOS => "tvOS",
            Platform::VisionOS => "visionOS",
            Platform::WatchOS => "watchOS",
        }
    }

    /// Parses a schema name, case-insensitively; `iPadOS` is iOS, `OS X` is macOS.
    pub fn from_name(name: &str) -> Option<Platform> {
        let lower = name.trim().to_ascii_lowercase();
        Some(match lower.as_str() {
            "ios" | "ipados" => Platform::IOS,
            "macos" | "osx" | "os x" | "mac os x" => Platform::MacOS,
            "tvos" => Platform::TvOS,
            "visionos" | "xros" => Platform::VisionOS,
            "watchos" => Platform::WatchOS,
            _ => return None,
        })
    }

    /// The platform a device's product name or model names, as an `Authenticate`'s
    /// `ProductName` / `Model` or `DeviceInformation`'s `ProductName` carries it (`iPhone14,2`,
    /// `iPad13,4`, `Mac14,9`, `AppleTV11,1`, `Watch6,1`, `RealityDevice14,1`). `None` for a name
    /// of no known family. The validator reads a document's platform this way
    /// ([`Presence::infer`](crate::validate::Presence::infer)).
    pub fn from_product_name(product: &str) -> Option<Platform> {
        const PREFIXES: &[(&str, Platform)] = &[
            ("iPhone", Platform::IOS),
            ("iPad", Platform::IOS),
            ("iPod", Platform::IOS),
            ("AppleTV", Platform::TvOS),
            ("Watch", Platform::WatchOS),
            ("RealityDevice", Platform::VisionOS),
            ("Mac", Platform::MacOS),
            ("iMac", Platform::MacOS),
            ("VirtualMac", Platform::MacOS),
        ];
        let product = product.trim();
        PREFIXES.iter().find(|(p, _)| product.starts_with(p)).map(|(_, platform)| *platform)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Platform {
    type Err = UnknownPlatform;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Platform::from_name(s).ok_or_else(|| UnknownPlatform(s.to_string()))
    }
}
