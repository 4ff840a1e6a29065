//! The `dm` binary run as admins run it, on files written for these tests (`tests/fixtures/`),
//! in one test binary: exact output as snapshots in `tests/expected/` (run with `DM_BLESS=1`
//! to rewrite them after an intended change, then review the diff), exit codes, and every
//! output format read back.

pub mod cms;
mod ddm_set;
mod edges;
mod explain;
mod formats;
mod levels;
mod locate;
#[cfg(feature = "serve")]
mod serve;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `dm` in the fixtures folder; returns (stdout, stderr, exit code).
pub fn dm(args: &[&str]) -> (String, String, i32) {
    dm_with_input(args, None)
}

/// Runs `dm` in the fixtures folder with `input` on standard input.
pub fn dm_with_input(args: &[&str], input: Option<&[u8]>) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dm"))
        .args(args)
        .current_dir(fixtures())
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dm");
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("dm output");
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

/// Compares with `tests/expected/<name>`, or rewrites it when `DM_BLESS` is set.
pub fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected").join(name);
    if std::env::var_os("DM_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run with DM_BLESS=1 to create it)", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

/// The finding lines of a text report (`error[…]`, `warning[…]`, `note[…]`), each with the
/// `-->` line that follows it joined on: `error[type]: expected … --> file:1:2 (Key)`.
pub fn finding_lines(out: &str) -> Vec<String> {
    let lines: Vec<&str> = out.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("error[") || line.starts_with("warning[") || line.starts_with("note[") {
            let at = lines.get(i + 1).and_then(|l| l.trim_start().strip_prefix("--> ")).unwrap_or("");
            found.push(format!("{line} --> {at}"));
        }
    }
    found
}
