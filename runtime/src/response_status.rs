//! `Status` of a command response.

use std::fmt;

/// `Status` of a command response: what the device did with the command.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CommandStatus {
    /// Done; the response carries the command's result (its body).
    Acknowledged,
    /// Failed; the response carries an `ErrorChain`.
    Error,
    /// The command was malformed; the response carries an `ErrorChain`.
    CommandFormatError,
    /// The device has nothing to report and asks for the next command (no `CommandUUID`).
    Idle,
    /// Not now (the device is locked or busy); the server sends the command again later.
    NotNow,
    /// A status this crate does not know, kept as sent.
    Unknown(String),
}

impl CommandStatus {
    pub fn as_str(&self) -> &str {
        match self {
            CommandStatus::Acknowledged => "Acknowledged",
            CommandStatus::Error => "Error",
            CommandStatus::CommandFormatError => "CommandFormatError",
            CommandStatus::Idle => "Idle",
            CommandStatus::NotNow => "NotNow",
            CommandStatus::Unknown(s) => s,
        }
    }

    /// Whether a response with this status carries an `ErrorChain`.
    pub fn is_error(&self) -> bool {
        matches!(self, CommandStatus::Error | CommandStatus::CommandFormatError)
    }
}

impl From<&str> for CommandStatus {
    fn from(s: &str) -> Self {
        match s {
            "Acknowledged" => CommandStatus::Acknowledged,
            "Error" => CommandStatus::Error,
            "CommandFormatError" => CommandStatus::CommandFormatError,
            "Idle" => CommandStatus::Idle,
            "NotNow" => CommandStatus::NotNow,
            other => CommandStatus::Unknown(other.to_string()),
        }
    }
}

impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
