//! The `dm` binary: flags in, text or JSON out, exit code 0 (no errors), 1 (error findings) or
//! 2 (a file could not be read or parsed, or bad usage).

use std::path::PathBuf;
use std::process::ExitCode;

use apple_device_management::runtime::validate::Form;
use clap::{Parser, Subcommand, ValueEnum};
use dm_cli::context::{self, ChannelArg, EnrollmentArg};
use dm_cli::run::{self, Kind, Options};
use dm_cli::{explain, render};

#[derive(Parser)]
#[command(name = "dm", version, about = "Validate and explore Apple MDM and Declarative Device Management documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Validate profiles, commands, responses, check-in messages, declarations, status reports
    /// and error bodies (files or folders, recursively)
    Validate {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Force the document kind instead of detecting it
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Validate a response against this command's response keys
        #[arg(long, value_name = "NAME")]
        request_type: Option<String>,
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
        /// Validate documents in the form a server sends them: a declaration needs its
        /// `ServerToken`, a command its envelope (`CommandUUID`). By default documents are
        /// judged as authored and stored, without what the server fills in
        #[arg(long)]
        as_sent: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List every schema with its category, wire identifier and source file
    Schemas {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show one schema's keys, types, allowed values and availability
    Explain {
        /// Wire identifier (ScheduleOSUpdate, com.apple.wifi.managed), file name or Rust type
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { paths, kind, request_type, os, supervised, enrollment, channel, shared_ipad, as_sent, format } => {
            let context = match context::build(os.as_deref(), supervised, enrollment, channel, shared_ipad) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("dm: {e}");
                    return ExitCode::from(2);
                }
            };
            let form = if as_sent { Form::Sent } else { Form::Authored };
            let options = Options { kind, request_type, context, form };
            let reports: Vec<_> = dm_cli::input::collect(&paths).iter().map(|p| run::validate_file(p, &options)).collect();
            let out = match format {
                Format::Text => render::text(&reports),
                Format::Json => render::json(&reports),
            };
            print!("{out}");
            ExitCode::from(run::exit_code(&reports))
        }
        Command::Schemas { format } => {
            print!("{}", explain::list(format == Format::Json));
            ExitCode::SUCCESS
        }
        Command::Explain { name } => match explain::find(&name).as_slice() {
            [] => {
                eprintln!("dm: no schema named `{name}` (see `dm schemas`)");
                ExitCode::from(2)
            }
            found => {
                let texts: Vec<String> = found.iter().map(|s| explain::explain(s)).collect();
                print!("{}", texts.join("\n"));
                ExitCode::SUCCESS
            }
        },
    }
}
