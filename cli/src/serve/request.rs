//! `POST /api/validate`'s request: documents (text, or base64 for binary ones), the device and
//! the rule levels, read into what `dm validate` runs with. Each document is parsed here; one
//! that is not a plist, JSON document or signed profile is refused (422), one over the limit
//! too (413).

use apple_device_management::runtime::availability::DeviceContext;
use apple_device_management::runtime::cms::Certificate;
use apple_device_management::runtime::validate::Form;
use clap::ValueEnum;

use super::base64;
use super::error::ApiError;
use crate::context::{self, ChannelArg, EnrollmentArg};
use crate::levels::Level;
use crate::policy::Policy;
use crate::run::{Kind, Loaded, Options, TrustCheck};

/// Largest document the API takes (the page says so before sending a larger one).
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Largest request body: a few documents at the limit, base64 included.
pub const MAX_BODY_BYTES: usize = 24 * 1024 * 1024;

/// One document.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileIn {
    /// The name reports give it (`profile.mobileconfig`).
    pub name: String,
    /// The document as text (XML plist, JSON) …
    #[serde(default)]
    pub text: Option<String>,
    /// … or its bytes in base64 (binary plist, signed profile).
    #[serde(default)]
    pub base64: Option<String>,
}

/// The device: `dm validate --os … --supervised …`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceIn {
    /// `iOS:17.5`, `macOS:14`.
    pub os: Option<String>,
    #[serde(default)]
    pub supervised: bool,
    /// `device`, `user`, `ade`, `local`.
    #[serde(default)]
    pub enrollment: Option<String>,
    /// `device`, `user`.
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub shared_ipad: bool,
}

/// A rule level, as `-A`/`-W`/`-D` give it.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelIn {
    /// `allow`, `warn` or `deny`.
    pub level: String,
    /// A rule or group (`unknown-key`, `availability`).
    pub rule: String,
}

/// The request body.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// One document's text (with `name`), or …
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// … several documents (declarations among them are checked as one set).
    #[serde(default)]
    pub files: Vec<FileIn>,
    #[serde(default)]
    pub device: Option<DeviceIn>,
    /// Rule levels in order, the last one that covers a rule winning (as flags).
    #[serde(default)]
    pub levels: Vec<LevelIn>,
    /// `PAYLOADTYPE:KEY` (`--allow-key`).
    #[serde(default)]
    pub allow_keys: Vec<String>,
    /// `--kind` (`profile`, `command`, `status-report` …).
    #[serde(default)]
    pub kind: Option<String>,
    /// `--request-type`.
    #[serde(default)]
    pub request_type: Option<String>,
    /// `--as-sent`.
    #[serde(default)]
    pub as_sent: bool,
    /// `--trust`: PEM certificates to check signed profiles against. Given (even empty), every
    /// signed profile's signature is checked and its signer shown; empty, the signer is not
    /// checked against anything (untrusted). Absent, signatures are not checked, as without
    /// `--trust`.
    #[serde(default)]
    pub trust: Option<Vec<String>>,
}

/// What the request asks `dm validate` to run.
#[derive(Debug)]
pub struct Prepared {
    pub loaded: Vec<Loaded>,
    pub options: Options,
    pub policy: Policy,
}

fn level(name: &str) -> Result<Level, ApiError> {
    match name {
        "allow" => Ok(Level::Allow),
        "warn" => Ok(Level::Warn),
        "deny" => Ok(Level::Deny),
        other => Err(ApiError::BadRequest(format!("level `{other}`: expected allow, warn or deny"))),
    }
}

fn choice<T: ValueEnum>(what: &str, value: Option<&str>) -> Result<Option<T>, ApiError> {
    value.map(|v| T::from_str(v, true).map_err(|_| ApiError::BadRequest(format!("{what} `{v}`: unknown (see `dm validate --help`)")))).transpose()
}

/// The device context, when the request names an OS.
pub fn device(d: &DeviceIn) -> Result<Option<DeviceContext>, ApiError> {
    let enrollment = choice::<EnrollmentArg>("enrollment", d.enrollment.as_deref())?;
    let channel = choice::<ChannelArg>("channel", d.channel.as_deref())?;
    context::build(d.os.as_deref().filter(|o| !o.is_empty()), d.supervised, enrollment, channel, d.shared_ipad).map_err(ApiError::Device)
}

/// One document's bytes, within the limit.
fn bytes(file: &FileIn) -> Result<Vec<u8>, ApiError> {
    let bytes = match (&file.text, &file.base64) {
        (Some(t), None) => t.as_bytes().to_vec(),
        (None, Some(b)) => base64::decode(b).map_err(|e| ApiError::BadRequest(format!("{}: {e}", file.name)))?,
        _ => return Err(ApiError::BadRequest(format!("{}: give the document as `text` or `base64`", file.name))),
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ApiError::TooLarge { what: format!("{} ({} bytes)", file.name, bytes.len()), limit: MAX_DOCUMENT_BYTES });
    }
    Ok(bytes)
}

impl ValidateRequest {
    /// Reads the body.
    pub fn parse(body: &[u8]) -> Result<ValidateRequest, ApiError> {
        serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("the body is not a validation request: {e}")))
    }

    /// Parses every document and builds the options and policy.
    pub fn prepare(self) -> Result<Prepared, ApiError> {
        let mut files = self.files;
        match (self.document, files.is_empty()) {
            (Some(text), true) => files.push(FileIn { name: self.name.unwrap_or_else(|| "document".into()), text: Some(text), base64: None }),
            (None, false) => {}
            (Some(_), false) => return Err(ApiError::BadRequest("give `document` or `files`, not both".into())),
            (None, true) => return Err(ApiError::BadRequest("no document: give `document` or `files`".into())),
        }
        let mut loaded = Vec::with_capacity(files.len());
        for file in &files {
            let l = Loaded::from_bytes(&file.name, &bytes(file)?);
            if let Err(e) = &l.read {
                return Err(ApiError::Unreadable { name: file.name.clone(), message: e.to_string() });
            }
            loaded.push(l);
        }
        let context = match &self.device {
            Some(d) => device(d)?,
            None => None,
        };
        let kind = choice::<Kind>("kind", self.kind.as_deref())?;
        let form = if self.as_sent { Form::Sent } else { Form::Authored };
        let levels = self.levels.iter().map(|l| level(&l.level).map(|lv| (lv, l.rule.as_str()))).collect::<Result<Vec<_>, _>>()?;
        let policy = Policy::from_settings(levels, self.allow_keys.iter().map(String::as_str))?;
        let trust = match &self.trust {
            None => None,
            Some(pems) => {
                let mut anchors = Vec::new();
                for (i, pem) in pems.iter().enumerate() {
                    let found = Certificate::parse_all(pem.as_bytes()).map_err(|e| ApiError::BadRequest(format!("trust[{i}]: {e}")))?;
                    anchors.extend(found);
                }
                Some(TrustCheck { anchors, at: std::time::SystemTime::now() })
            }
        };
        Ok(Prepared { loaded, options: Options { kind, request_type: self.request_type, context, form, trust }, policy })
    }
}
