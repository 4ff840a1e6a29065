//! The `dm` binary: flags in, a report out, exit code 0 (no errors), 1 (error findings, or a
//! signature that does not hold) or 2 (a file could not be read or parsed, or bad usage: an
//! unknown rule, a malformed `dm.toml`, an unreadable key or certificate).

use std::path::PathBuf;
use std::process::ExitCode;

use apple_device_management::runtime::validate::Form;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use dm_cli::context::{self, ChannelArg, EnrollmentArg};
use dm_cli::levels::Level;
use dm_cli::out::{self, Written};
use dm_cli::policy::{Policy, SettingError};
use dm_cli::render::{self, ReportFormat};
use dm_cli::run::{self, Kind, Loaded, Options, TrustCheck};
use dm_cli::signing::{self, VerifyFailure};
use dm_cli::{config, explain, rules};

#[derive(Parser)]
#[command(name = "dm", version, about = "Validate and explore Apple MDM and Declarative Device Management documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `--format` of the listing commands.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The device flags `validate` and `explain` share.
#[derive(clap::Args)]
struct Device {
    /// Device to judge availability against, e.g. macOS:14.2 or iOS:17.5
    #[arg(long, value_name = "PLATFORM:VERSION")]
    os: Option<String>,
    /// The device is supervised
    #[arg(long)]
    supervised: bool,
    #[arg(long, value_enum)]
    enrollment: Option<EnrollmentArg>,
    #[arg(long, value_enum)]
    channel: Option<ChannelArg>,
    /// The device is a Shared iPad
    #[arg(long)]
    shared_ipad: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Validate profiles, commands, responses, check-in messages, declarations, status reports
    /// and error bodies (files or folders, recursively; `-` reads standard input)
    Validate {
        /// Files or folders (searched for .mobileconfig, .plist, .json, .xml); `-` is standard input
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Force the document kind instead of detecting it
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Validate a response against this command's response keys
        #[arg(long, value_name = "NAME")]
        request_type: Option<String>,
        #[command(flatten)]
        device: Device,
        /// Validate documents in the form a server sends them: a declaration needs its
        /// `ServerToken`, a command its envelope (`CommandUUID`). By default documents are
        /// judged as authored and stored, without what the server fills in
        #[arg(long)]
        as_sent: bool,
        /// Drop a rule's findings (a rule, or a group such as `availability`; see `dm rules`)
        #[arg(short = 'A', long = "allow", value_name = "RULE")]
        allow: Vec<String>,
        /// Report a rule's findings as warnings
        #[arg(short = 'W', long = "warn", value_name = "RULE")]
        warn: Vec<String>,
        /// Report a rule's findings as errors
        #[arg(short = 'D', long = "deny", value_name = "RULE")]
        deny: Vec<String>,
        /// Accept an unknown key in payloads of one type (`com.apple.MCX:timeServer`)
        #[arg(long = "allow-key", value_name = "PAYLOADTYPE:KEY")]
        allow_key: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// Verify signed profiles' signatures against this CA certificate (PEM or DER; repeat
        /// for more): the report says who signed and whether the signature holds
        #[arg(long = "trust", value_name = "CA")]
        trust: Vec<PathBuf>,
        /// Check certificates' validity at this time (YYYY-MM-DDTHH:MM:SSZ) instead of now
        #[arg(long, value_name = "TIME", requires = "trust")]
        at: Option<String>,
    },
    /// Sign a profile: CMS SignedData, SHA-256, the content embedded, the certificate and
    /// chain included (RSA, ECDSA P-256 or P-384 key)
    Sign {
        /// Signer certificate (PEM or DER)
        #[arg(long, value_name = "CERT")]
        cert: PathBuf,
        /// The certificate's private key (PEM or DER: PKCS#8, PKCS#1, SEC1; not encrypted)
        #[arg(long, value_name = "KEY")]
        key: PathBuf,
        /// Intermediate certificates to include (PEM bundle or DER; repeat for more)
        #[arg(long = "chain", value_name = "CERTS")]
        chain: Vec<PathBuf>,
        /// The profile to sign
        input: PathBuf,
        /// The signed profile to write (`-`: standard output)
        output: PathBuf,
    },
    /// Verify a signed profile: the signature and content digest, and with --trust the
    /// signer's chain to a CA; prints the signer. Exit code 1 when the signature does not hold
    Verify {
        /// A trusted CA certificate (PEM or DER; repeat for more). Without it only the
        /// signature is checked and the signer is reported untrusted
        #[arg(long = "trust", value_name = "CA")]
        trust: Vec<PathBuf>,
        /// Check certificates' validity at this time (YYYY-MM-DDTHH:MM:SSZ) instead of now
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        file: PathBuf,
    },
    /// Write a signed profile's content (the plist), without verifying the signature
    Unsign {
        input: PathBuf,
        /// The profile to write (`-`: standard output)
        output: PathBuf,
    },
    /// List every schema with its category, wire identifier and source file
    Schemas {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List every validator rule with its default level and what it checks
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Serve a page (and its JSON API) to check documents on chosen devices and explore the
    /// schemas, in a browser on this machine
    #[cfg(feature = "serve")]
    Serve {
        /// Address and port to listen on (port 0: any free port; the bound address is printed).
        /// Another address than loopback exposes the server to the network
        #[arg(long, value_name = "IP:PORT", default_value = dm_cli::serve::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
    },
    /// Show one schema's keys, types, allowed values and availability, or one key's
    Explain {
        /// Wire identifier (ScheduleOSUpdate, com.apple.wifi.managed), file name
        /// (com.apple.wifi.managed.yaml) or Rust type, optionally followed by a key path
        /// (WiFiManaged.SSID_STR, ScheduleOSUpdate.Updates.InstallAction)
        name: String,
        #[command(flatten)]
        device: Device,
    },
}

/// Prints `text`; a closed pipe ends quietly with exit code 0.
fn emit(text: &str, code: u8) -> ExitCode {
    match out::print(text) {
        Ok(Written::Done) => ExitCode::from(code),
        Ok(Written::Closed) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dm: cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("dm: {message}");
    ExitCode::from(2)
}

fn device_context(d: &Device) -> Result<Option<apple_device_management::runtime::availability::DeviceContext>, String> {
    context::build(d.os.as_deref(), d.supervised, d.enrollment, d.channel, d.shared_ipad)
}

/// The flags' rule levels, in the order they were given (the last one that covers a rule wins),
/// and allowed keys.
fn flag_policy(matches: &ArgMatches) -> Result<Policy, SettingError> {
    let mut given = Vec::new();
    for (id, level) in [("allow", Level::Allow), ("warn", Level::Warn), ("deny", Level::Deny)] {
        if let (Some(indices), Some(values)) = (matches.indices_of(id), matches.get_many::<String>(id)) {
            given.extend(indices.zip(values).map(|(i, v)| (i, level, v.as_str())));
        }
    }
    given.sort_by_key(|(i, _, _)| *i);
    let keys = matches.get_many::<String>("allow_key").into_iter().flatten().map(String::as_str);
    Policy::from_settings(given.into_iter().map(|(_, level, name)| (level, name)), keys)
}

fn validate(paths: &[PathBuf], options: &Options, flags: &Policy, format: ReportFormat) -> ExitCode {
    let files = dm_cli::input::collect(paths);
    let mut finder = config::Finder::default();
    let mut policies = Vec::with_capacity(files.len());
    for file in &files {
        match finder.for_file(file) {
            Ok(config) => policies.push(Policy::new(&config, flags)),
            Err(e) => return usage(e),
        }
    }
    let loaded = files.iter().map(|f| Loaded::from_path(f)).collect();
    if format == ReportFormat::Json {
        // The path `dm serve`'s API takes too.
        let report = run::validate_json(loaded, options, &policies);
        return emit(&report.lines(), report.exit_code);
    }
    let reports = run::validate_loaded(loaded, options, &policies);
    emit(&render::render(format, &reports), run::exit_code(&reports))
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Validate { paths, kind, request_type, device, as_sent, format, trust, at, .. } => {
            let context = match device_context(&device) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            let Some(sub) = matches.subcommand_matches("validate") else { return usage("no subcommand") };
            let flags = match flag_policy(sub) {
                Ok(p) => p,
                Err(e) => return usage(e),
            };
            let form = if as_sent { Form::Sent } else { Form::Authored };
            let trust = if trust.is_empty() {
                None
            } else {
                match (signing::load_anchors(&trust), signing::time(at.as_deref())) {
                    (Ok(anchors), Ok(at)) => Some(TrustCheck { anchors, at }),
                    (Err(e), _) | (_, Err(e)) => return usage(e),
                }
            };
            validate(&paths, &Options { kind, request_type, context, form, trust }, &flags, format)
        }
        #[cfg(feature = "serve")]
        Command::Serve { listen } => match dm_cli::serve::run(listen) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("dm serve: {e}");
                ExitCode::from(2)
            }
        },
        Command::Sign { cert, key, chain, input, output } => match signing::sign(&cert, &key, &chain, &input, &output) {
            Ok(subject) => {
                eprintln!("dm: signed {} as {subject}", input.display());
                ExitCode::SUCCESS
            }
            Err(e) => usage(e),
        },
        Command::Verify { trust, at, file } => {
            let (anchors, at) = match (signing::load_anchors(&trust), signing::time(at.as_deref())) {
                (Ok(anchors), Ok(at)) => (anchors, at),
                (Err(e), _) | (_, Err(e)) => return usage(e),
            };
            match signing::verify(&file, &anchors, at) {
                Ok(report) => emit(&report, 0),
                Err(VerifyFailure::Usage(e)) => usage(e),
                Err(VerifyFailure::Signature(e)) => {
                    eprintln!("dm: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Unsign { input, output } => match signing::unsign(&input, &output) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage(e),
        },
        Command::Schemas { format } => emit(&explain::list(format == Format::Json), 0),
        Command::Rules { format } => emit(&rules::list(format == Format::Json), 0),
        Command::Explain { name, device } => {
            let context = match device_context(&device) {
                Ok(c) => c,
                Err(e) => return usage(e),
            };
            match explain::find(&name) {
                Ok(targets) => {
                    let texts: Vec<String> = targets.iter().map(|t| explain::explain_target(t, context.as_ref())).collect();
                    emit(&texts.join("\n"), 0)
                }
                Err(e) => usage(e),
            }
        }
    }
}
