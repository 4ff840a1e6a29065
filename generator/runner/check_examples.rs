//! The example checker of `cargo xtask check-examples`, compiled as a binary of a scratch crate
//! generated from the tree being checked (see `generator::examples`), so it judges the
//! examples with the very types and tables that tree gives.
//!
//! Reads a manifest (one line per example file: schema source, part, file, label, separated by
//! tabs). Each file decodes into its typed form (the main type of the schema that lists it, or
//! its response type) and validates against the schema with no error finding. A declaration
//! example (`Type` and `Payload`) is judged by its `Payload`, a command request in its envelope
//! (`Command`) by its command. Prints each problem as `<label>: <problem>`, then a count, and
//! exits 1 when any example has an error.

use std::io::Cursor;
use std::process::ExitCode;

use apple_device_management::runtime::availability::Part;
use apple_device_management::runtime::{validate, Format, SchemaInfo};

// The generator's table of every type's round trip (`test-support/roundtrips.rs`).
#[path = "../../test-support/roundtrips.rs"]
mod roundtrips;

fn problems(info: &SchemaInfo, part: Part, bytes: &[u8], json: bool) -> Vec<String> {
    let row = roundtrips::ROUNDTRIPS.iter().find(|(source, _, _)| *source == info.source);
    let roundtrip = match part {
        Part::Payload => row.map(|r| r.1),
        Part::Response => row.and_then(|r| r.2),
    };
    let Some(roundtrip) = roundtrip else {
        return vec![format!("error[schema]: {} has no response type", info.source)];
    };
    let mut out = Vec::new();
    if json {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => return vec![format!("error[parse]: not JSON: {e}")],
        };
        let body = match (value.get("Type"), value.get("Payload")) {
            (Some(_), Some(payload)) if part == Part::Payload => payload.clone(),
            _ => value,
        };
        let body = match serde_json::to_vec(&body) {
            Ok(b) => b,
            Err(e) => return vec![format!("error[parse]: {e}")],
        };
        if let Err(e) = roundtrip(&body, Format::Json) {
            out.push(format!("error[decode]: {e}"));
        }
        match validate::validate_json_slice(info.schema, part, &body) {
            Ok(report) => out.extend(report.errors().map(ToString::to_string)),
            Err(e) => out.push(format!("error[parse]: {e}")),
        }
    } else {
        let value = match plist::Value::from_reader(Cursor::new(bytes)) {
            Ok(v) => v,
            Err(e) => return vec![format!("error[parse]: not a plist: {e}")],
        };
        let command = value.as_dictionary().and_then(|d| d.get("Command")).filter(|c| c.as_dictionary().is_some());
        let body = match command {
            Some(c) if part == Part::Payload => c.clone(),
            _ => value.clone(),
        };
        let mut xml = Vec::new();
        if let Err(e) = plist::to_writer_xml(&mut xml, &body) {
            return vec![format!("error[parse]: {e}")];
        }
        if let Err(e) = roundtrip(&xml, Format::XmlPlist) {
            out.push(format!("error[decode]: {e}"));
        }
        let report = match part {
            Part::Payload => validate::validate_value(info.schema, &body),
            Part::Response => validate::validate_response(&value, info.wire_id).report,
        };
        out.extend(report.errors().map(ToString::to_string));
    }
    out
}

fn main() -> ExitCode {
    let Some(manifest) = std::env::args().nth(1) else {
        eprintln!("usage: check-examples MANIFEST");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&manifest) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{manifest}: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut checked, mut failed) = (0, 0);
    for line in text.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, part, file, label] = fields[..] else {
            eprintln!("{manifest}: bad line `{line}`");
            return ExitCode::from(2);
        };
        checked += 1;
        let part = if part == "response" { Part::Response } else { Part::Payload };
        let found = match (apple_device_management::schemas().find(|s| s.source == source), std::fs::read(file)) {
            (None, _) => vec![format!("error[schema]: {source} is not in the generated crate")],
            (_, Err(e)) => vec![format!("error[read]: {e}")],
            (Some(info), Ok(bytes)) => problems(info, part, &bytes, file.ends_with(".json")),
        };
        for p in &found {
            println!("{label}: {p}");
        }
        failed += usize::from(!found.is_empty());
    }
    println!("checked {checked} example file(s): {failed} with errors");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
