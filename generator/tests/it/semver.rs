//! The compatibility promise, compiled: crates generated from trees that differ from a base
//! tree by one change each, and one downstream program written against the base crate. What
//! the compiler says of the program must be what drift says of the change: an added optional
//! key, enum value or schema is *additive* and the program still compiles (generated types are
//! `#[non_exhaustive]`, built with `new` + `With`, matched with a `_` arm); an added required
//! key (a new `new` argument), a removed key (a field gone) or a key with one allowed value
//! gaining another (a plain field becomes an enum) is *breaking* and it does not.

use std::path::{Path, PathBuf};

use generator::codegen::generate;
use generator::drift::{diff_dirs, Level};
use generator::scratch::ScratchCrate;

/// The downstream program, as a user writes it against the base tree's crate.
const DOWNSTREAM: &str = r#"//! Downstream code written against the crate of the base tree.
use apple_device_management::commands::sample::{Mode, SampleCommand, SampleResponse};
use apple_device_management::commands::AnyCommand;
use apple_device_management::runtime::{codec, CommandEnvelope, With as _};

fn describe(mode: &Mode) -> &'static str {
    match mode {
        Mode::Fast => "fast",
        Mode::Slow => "slow",
        _ => "a mode this program does not know",
    }
}

fn main() {
    let command = SampleCommand::new("abc").with(|c| {
        c.note = Some("hello".into());
        c.mode = Some(Mode::Fast);
    });
    assert_eq!(command.format, 1, "`new` fills in the one allowed value");
    let note: Option<String> = command.note.clone();
    let mode = command.mode.as_ref().map(describe);
    match AnyCommand::from(command.clone()) {
        AnyCommand::Sample(c) => assert_eq!(c.identifier, "abc"),
        _ => unreachable!(),
    }
    let response = SampleResponse::new(true);
    let xml = codec::to_xml(&CommandEnvelope::new("0001", command)).expect("encode");
    println!("{note:?} {mode:?} {} {}", response.done, xml.len());
}
"#;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/semver")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo check`s the downstream program against the crate generated from one fixture tree;
/// `Ok` when it compiles, else the compiler's error lines.
fn downstream_compiles(variant: &str) -> Result<(), Vec<String>> {
    let files = generate(&fixtures().join(variant), "semver-fixture").unwrap_or_else(|e| panic!("{variant}: {e}"));
    let root = workspace().join("target/scratch/semver");
    let krate = ScratchCrate::new(&root, &format!("semver-{variant}"), &workspace(), &files).unwrap_or_else(|e| panic!("{variant}: {e}"));
    krate.add_file("examples/downstream.rs", DOWNSTREAM).expect("write the downstream program");
    let out = krate.cargo(&["check", "--example", "downstream"]).unwrap_or_else(|e| panic!("{variant}: {e}"));
    if out.success {
        Ok(())
    } else {
        Err(out.stderr.lines().filter(|l| l.starts_with("error")).map(str::to_string).collect())
    }
}

fn drift_level(variant: &str) -> Level {
    diff_dirs(&fixtures().join("base"), &fixtures().join(variant)).unwrap_or_else(|e| panic!("{variant}: {e}")).level()
}

#[test]
fn the_compiler_and_drift_agree_on_what_breaks() {
    downstream_compiles("base").unwrap_or_else(|e| panic!("the downstream program does not compile against its own crate: {e:#?}"));
    let cases = [
        ("added-optional-key", Level::Additive, None),
        ("added-value-and-schema", Level::Additive, None),
        ("added-required-key", Level::Breaking, Some("E0061")),      // `new` takes another argument
        ("removed-key", Level::Breaking, Some("E0609")),             // no field `note`
        ("one-value-gains-another", Level::Breaking, Some("E0061")), // `format` is an enum `new` asks for
    ];
    for (variant, level, error) in cases {
        assert_eq!(drift_level(variant), level, "{variant}: drift's verdict");
        match (downstream_compiles(variant), error) {
            (Ok(()), None) => {}
            (Err(errors), Some(code)) => {
                assert!(errors.iter().any(|e| e.contains(code)), "{variant}: expected {code}, got {errors:#?}");
            }
            (Ok(()), Some(code)) => panic!("{variant}: drift says breaking, but the program compiles (expected {code})"),
            (Err(errors), None) => panic!("{variant}: drift says additive, but the program does not compile: {errors:#?}"),
        }
    }
}
