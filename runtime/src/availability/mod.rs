//! OS availability: whether a device will take a command, profile payload or declaration
//! before a server sends it.
//!
//! Every generated schema module has a `SCHEMA` table ([`SchemaTable`], read on first use from
//! the text a [`LazyTable`] holds) built from the schema's
//! `supportedOS`, resolved per key (a key inherits its payload's and its enclosing keys' entries
//! and overrides what it restates, OS by OS and field by field), with every key constraint the
//! schema states. Generated main and response types implement [`HasSchema`], so
//! [`check`]`(&value, &ctx)` judges a value against a [`DeviceContext`] and returns an
//! [`AvailabilityReport`]; [`check_value`] and [`check_json`] do the same for raw plist and
//! JSON documents.
//!
//! ```
//! use apple_device_management::commands::system_update_scan::ScheduleOSUpdateScanCommand;
//! use apple_device_management::runtime::availability::{check, DeviceContext, Platform, AvailabilityRule};
//! use apple_device_management::runtime::With as _;
//!
//! let command = ScheduleOSUpdateScanCommand::new().with(|c| c.force = Some(true));
//! let iphone = DeviceContext::new(Platform::IOS, "18.1".parse().unwrap()).supervised(true);
//! let report = check(&command, &iphone);
//! assert!(report.has("", AvailabilityRule::NotOnPlatform));
//! ```
//!
//! # What the data means
//!
//! How each `supportedOS` value is read; the tests in `tests/availability.rs` pin every line.
//!
//! - **No entry for the platform** (after inheritance): not available on that platform. A
//!   schema with no entry for any platform (`com.apple.security.wapi-identity`) states nothing,
//!   and nothing is reported for it.
//! - **`introduced`**: a version = available from it on; `n/a` = not on that platform at all;
//!   `all` = every version (version 0); missing = no lower bound.
//! - **`deprecated` / `removed`**: a version = from it on (a warning / an error); `n/a` or
//!   missing = never; `'0'` (and `all`) = version 0, that is every version. `removed: '0'`
//!   occurs only in `other/manifesturl.yaml`, on keys whose title and description say
//!   "removed", so they are reported as removed everywhere.
//! - **`supervised`**, **`requiresdep`**, **`userapprovedmdm`**: `true` = required; `false` or
//!   missing = not required. Automated Device Enrollment counts as user-approved.
//! - **`accessrights`**: the right the server must hold; `None`, `n/a`, `Special Case`
//!   (DeviceInformation, whose right depends on the queries) and missing = none; a name this
//!   crate does not know is not checked ([`AccessRights::from_schema_name`]).
//! - **`devicechannel` / `userchannel`**: `false` = refused on that channel; `true` or missing =
//!   accepted. On a Shared iPad, `sharedipad.devicechannel` / `sharedipad.userchannel` win
//!   where stated.
//! - **`userenrollment.mode`** / **`sharedipad.mode`**: `forbidden` = refused in that mode
//!   (error); `required` = refused outside it (error); `ignored` = accepted and ignored in it
//!   (warning); `allowed` or missing = no constraint. `userenrollment.behavior` is quoted in
//!   the warning.
//! - **`allowed-scopes`**: the device channel is the `system` scope, the user channel the `user`
//!   scope; a scope not listed is refused (an empty list refuses both). On a Shared iPad
//!   `sharedipad.allowed-scopes` wins where stated. Missing = every scope.
//! - **`allowed-enrollments`**: a device enrollment (manual or automated) is `supervised` when
//!   the device is supervised, `device` otherwise; user enrollment is `user`; local management
//!   is `local`. An enrollment not listed is refused. Missing = every enrollment.
//! - **`allowmanualinstall: false`**: refused for a profile installed without MDM
//!   ([`Enrollment::Local`]); missing or `true` = no constraint.
//! - **`multiple`**, **`always-skippable`**, **`beta`**: data only ([`OsSupport`]); a single
//!   value cannot break them.
//!
//! # What is reported
//!
//! The value as a whole is judged against the schema's support (path `""`), then each key the
//! value sets, with its full path (`Updates[0].MaxUserDeferrals`; array items by index, free-form
//! `ANY` keys by their name, tagged array items by the alternative their tag selects). Keys that
//! are not set are not judged, nor keys the schema does not describe. A key reports only rules
//! its ancestors did not already break, so a key of a macOS-only command does not repeat
//! "not on iOS". Errors are what the device refuses or ignores; warnings are what it
//! deprecates, or ignores in the device's mode ([`AvailabilityRule::severity`]).
//!
//! Recursive schemas (a folder of icons that holds pages of icons) are a link back to the
//! ancestor's key list, with the support resolved where that list first occurs.

mod check;
mod context;
mod platform;
mod report;
mod table;
mod table_text;
mod version;

pub use check::{check, check_any, check_declaration, check_json, check_part, check_value, HasSchema};
pub use context::{AccessRights, Channel, DeviceContext, Enrollment};
pub use platform::{Platform, UnknownPlatform};
pub use report::{AvailabilityFinding, AvailabilityReport, AvailabilityRule, Severity};
pub use table::{
    AllowedEnrollment, Bound, Children, KeyNode, KeyType, Mode, OsSupport, Part, Range, RecursiveList, Repetition, Scalar, SchemaTable, Scope, SharedIpad,
    Support, UserEnrollment,
};
pub use table_text::{parse as parse_table_text, LazyTable, TableTextError, TableTextProblem};
pub use version::{OsVersion, ParseVersionError};
