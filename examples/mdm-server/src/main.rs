//! `mdm-server --db dm.sqlite --listen 127.0.0.1:8080`: runs the example server until Ctrl-C.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use mdm_server::push::LogPush;
use mdm_server::{serve, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let generated = config.admin_token.is_none();
    if config.identity.device_ca.is_none() {
        eprintln!(
            "mdm-server: warning: no --device-ca: device identities are not checked, and whoever knows a device's UDID can speak for it \
             (insecure: for tests and trials only)"
        );
    }
    let running = match serve(&config, Arc::new(LogPush)).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mdm-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("mdm-server: listening on http://{} (database {})", running.addr, config.db.display());
    if generated {
        eprintln!("mdm-server: admin token (set MDM_ADMIN_TOKEN to choose one): {}", running.admin_token);
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("mdm-server: cannot wait for Ctrl-C: {e}");
    }
    match running.stop().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdm-server: {e}");
            ExitCode::FAILURE
        }
    }
}
