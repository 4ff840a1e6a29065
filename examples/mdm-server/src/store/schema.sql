-- The example MDM server's tables (schema version 2: `PRAGMA user_version`). A device row is what
-- Authenticate (and later DeviceInformation) told; a channel row is one TokenUpdate'd channel
-- (device, or a user of it), filed under the key `ChannelId::key` makes (length-prefixed parts);
-- commands and their results are per channel, as are declarations, the last status report and
-- the last value of each DDM status item.
CREATE TABLE IF NOT EXISTS devices (
    id              TEXT PRIMARY KEY,   -- UDID, or EnrollmentID under User Enrollment
    user_enrollment INTEGER NOT NULL,
    topic           TEXT NOT NULL,
    product_name    TEXT,
    os_version      TEXT,
    serial_number   TEXT,
    supervised      INTEGER NOT NULL DEFAULT 0,
    shared_ipad     INTEGER NOT NULL DEFAULT 0,
    automated       INTEGER NOT NULL DEFAULT 0,
    enrolled        INTEGER NOT NULL,   -- 0 after CheckOut
    authenticate    BLOB NOT NULL,      -- the Authenticate message as sent
    bootstrap_token BLOB                -- from SetBootstrapToken (macOS)
);
CREATE TABLE IF NOT EXISTS channels (
    id              TEXT PRIMARY KEY,   -- ChannelId::key: <len>:<device>[<len>:<user>]
    device_id       TEXT NOT NULL REFERENCES devices(id),
    user_id         TEXT,               -- NULL on the device channel
    user_short_name TEXT,
    user_long_name  TEXT,
    topic           TEXT NOT NULL,
    token           BLOB NOT NULL,
    push_magic      TEXT NOT NULL,
    unlock_token    BLOB
);
CREATE TABLE IF NOT EXISTS commands (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid         TEXT NOT NULL UNIQUE,
    channel_id   TEXT NOT NULL,
    device_id    TEXT NOT NULL,        -- the channel's device: CheckOut and Authenticate cancel its commands
    request_type TEXT NOT NULL,
    envelope     BLOB NOT NULL,        -- the XML plist sent to the device
    state        TEXT NOT NULL         -- queued | sent | notnow | done | cancelled
);
CREATE INDEX IF NOT EXISTS commands_by_channel ON commands (channel_id, state, seq);
CREATE INDEX IF NOT EXISTS commands_by_device ON commands (device_id, state);
CREATE TABLE IF NOT EXISTS results (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    command_uuid TEXT NOT NULL REFERENCES commands(uuid),
    status       TEXT NOT NULL,
    body         TEXT,                 -- the typed body (Acknowledged), as JSON
    error_chain  TEXT,                 -- the typed ErrorChain (Error, CommandFormatError), as JSON
    raw          BLOB,                 -- the response as sent; NULL for NotNow and over the storage cap
    raw_size     INTEGER NOT NULL      -- its size in bytes, stored or not
);
CREATE INDEX IF NOT EXISTS results_by_command ON results (command_uuid, id);
CREATE TABLE IF NOT EXISTS declarations (
    channel_id   TEXT NOT NULL,
    identifier   TEXT NOT NULL,
    type         TEXT NOT NULL,
    server_token TEXT NOT NULL,        -- computed from the authored JSON
    json         TEXT NOT NULL,        -- authored form (no ServerToken)
    changed_at   TEXT NOT NULL,
    PRIMARY KEY (channel_id, identifier)
);
CREATE TABLE IF NOT EXISTS status_items (
    channel_id TEXT NOT NULL,
    item       TEXT NOT NULL,          -- dotted status item type
    value      TEXT NOT NULL,          -- JSON, as sent
    known      INTEGER NOT NULL,       -- described by the schemas
    PRIMARY KEY (channel_id, item)
);
CREATE TABLE IF NOT EXISTS status_reports (
    channel_id TEXT PRIMARY KEY,       -- the last report of each channel only
    report     TEXT NOT NULL,          -- the typed StatusReport, as JSON (a note when over the storage cap)
    errors     INTEGER NOT NULL,
    reports    INTEGER NOT NULL        -- how many reports came
);
