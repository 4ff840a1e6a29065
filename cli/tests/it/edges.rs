//! The edges of the command line: standard input, a reader that closes the pipe early.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::{dm, dm_with_input, fixtures};

#[test]
fn a_dash_reads_standard_input() {
    let bytes = std::fs::read(fixtures().join("invalid/command.plist")).expect("fixture");
    let (from_stdin, _, code) = dm_with_input(&["validate", "-"], Some(&bytes));
    assert_eq!(code, 1);
    let (from_file, _, _) = dm(&["validate", "invalid/command.plist"]);
    // The same report, named `<stdin>`, lines and columns included.
    assert_eq!(from_stdin, from_file.replace("invalid/command.plist", "<stdin>"));
    assert!(from_stdin.contains("  --> <stdin>:14:5 (Command.Updates[0].InstallAction)\n"), "{from_stdin}");

    let (json, _, _) = dm_with_input(&["validate", "--format", "json", "-", "valid/error.json"], Some(&bytes));
    let first: serde_json::Value = serde_json::from_str(json.lines().next().expect("a line")).expect("json");
    assert_eq!(first["path"], "<stdin>");

    let (out, _, code) = dm_with_input(&["validate", "-"], Some(b"not a document"));
    assert_eq!(code, 2);
    assert!(out.starts_with("error[read]: not a plist, JSON document or signed profile\n  --> <stdin>\n"), "{out}");
}

/// `dm schemas --format json | head -c 100`: the reader goes away; `dm` stops quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_dm")).args(["schemas", "--format", "json"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run dm");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).expect("100 bytes");
    drop(stdout);
    let out = child.wait_with_output().expect("dm ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(out.status.code(), Some(0));
    assert!(first.starts_with(b"{\"category\":"), "{}", String::from_utf8_lossy(&first));
}
