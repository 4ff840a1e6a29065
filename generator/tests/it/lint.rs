//! Schema lint: each fault of `tests/fixtures/lint/` (hand-written, `.yml`) is reported with its
//! exact file, line, key path and message; the whole fixture tree reports every lint finding
//! and the load error beside them in one run; where Apple's data has the fault (profiles that
//! share a `PayloadType`) it is a warning and generation goes on; and a `format` that does not
//! compile never reaches the generated crate.

use crate::common;

use std::path::{Path, PathBuf};

use common::temp_dir;
use generator::check::lint::{self, Findings};
use generator::error::ValueSite;
use generator::load::load_file_text;
use generator::model::{build_file, Category, KeyType, SchemaFile};
use generator::LoadErrorKind;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn build(rel: &str) -> SchemaFile {
    let bytes = std::fs::read(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let graph = load_file_text(rel, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let category = Category::from_path(rel).expect("a known folder");
    build_file(rel, category, &graph).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}

fn shown(f: &Findings) -> Vec<String> {
    f.errors.iter().map(ToString::to_string).chain(f.warnings.iter().map(ToString::to_string)).collect()
}

const RANGELIST: &str =
    "mdm/profiles/rangelist-type.yml:5: at `payloadkeys.Level.rangelist[1]`: rangelist value `high` is a string, but the key's type is <integer>";
const DEFAULT: &str = "mdm/profiles/default-type.yml:8: at `payloadkeys.Options.Enabled.default`: default `yes` is a string, but the key's type is <boolean>";
const REGEX: &str = "mdm/profiles/bad-regex.yml:5: at `payloadkeys.Code.format`: `format` is not a valid regex: unclosed group";
const DUPLICATE_KEY: &str =
    "mdm/profiles/duplicate-key.yml:15: at `payloadkeys.Servers.ServersItem.Host`: key `Host` is named twice in this key list (first at line 11)";
const DUPLICATE_ID: &str =
    "mdm/commands/sample-second.yml:6: at `payload.requesttype`: wire identifier `SampleCommand` is also the one of mdm/commands/sample-first.yml";
const LOAD_ERROR: &str = "mdm/profiles/unknown-type.yml:6: at `payloadkeys.Name.type`: unknown key type `<strng>` \
     (expected one of <string> <integer> <real> <boolean> <date> <data> <array> <dictionary> <any>)";

#[test]
fn rangelist_value_of_another_type() {
    let found = lint::lint_file(&build("mdm/profiles/rangelist-type.yml"));
    assert_eq!(shown(&found), [RANGELIST]);
    assert_eq!(
        found.errors[0].kind,
        LoadErrorKind::ValueType { site: ValueSite::RangelistValue, value: "high".into(), found: KeyType::String, expected: KeyType::Integer }
    );
}

#[test]
fn default_of_another_type() {
    assert_eq!(shown(&lint::lint_file(&build("mdm/profiles/default-type.yml"))), [DEFAULT]);
}

#[test]
fn format_that_does_not_compile() {
    let found = lint::lint_file(&build("mdm/profiles/bad-regex.yml"));
    assert_eq!(shown(&found), [REGEX]);
    assert!(matches!(&found.errors[0].kind, LoadErrorKind::BadRegex { pattern, .. } if pattern == r"^[A-Z]{2}-(\d+$"));
}

#[test]
fn key_named_twice_in_one_list() {
    let found = lint::lint_file(&build("mdm/profiles/duplicate-key.yml"));
    assert_eq!(shown(&found), [DUPLICATE_KEY]);
    assert_eq!(found.errors[0].kind, LoadErrorKind::DuplicateKey { name: "Host".into(), first_line: 11 });
}

#[test]
fn two_commands_with_one_request_type() {
    let files = [build("mdm/commands/sample-first.yml"), build("mdm/commands/sample-second.yml")];
    assert_eq!(shown(&lint::lint_tree(&files)), [DUPLICATE_ID]);
    // Each file alone is fine.
    assert!(files.iter().all(|f| lint::lint_file(f) == Findings::default()));
}

/// Profiles split over several files (Apple's `com.apple.MCX`) share a `PayloadType`: a warning.
#[test]
fn profiles_that_share_a_payload_type_are_a_warning() {
    let files = [build("mdm/profiles/shared-a.yml"), build("mdm/profiles/shared-b.yml")];
    let found = lint::lint_tree(&files);
    assert_eq!(found.errors, []);
    assert_eq!(
        shown(&found),
        ["mdm/profiles/shared-b.yml: at `payload.payloadtype`: warning: wire identifier `com.example.shared` is also the one of mdm/profiles/shared-a.yml"]
    );
    assert_eq!(found.warnings[0].kind, lint::DUPLICATE_WIRE_ID);

    // Through `load_tree`: the tree loads, with the warning.
    let dir = temp_dir("lint-shared");
    std::fs::create_dir_all(dir.join("mdm/profiles")).expect("mkdir");
    for f in ["shared-a.yml", "shared-b.yml"] {
        std::fs::copy(fixtures().join("mdm/profiles").join(f), dir.join("mdm/profiles").join(f)).expect("copy");
    }
    let tree = generator::load_tree(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let tree = tree.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree.warnings, found.warnings);
}

/// All five faults and a load error, one run, sorted by file.
#[test]
fn whole_lint_tree_reports_every_fault_in_one_run() {
    let errors = generator::load_tree(&fixtures()).expect_err("a faulty tree").0;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown, [DUPLICATE_ID, REGEX, DEFAULT, DUPLICATE_KEY, RANGELIST, LOAD_ERROR]);
}

/// Values that fit: an integer for `<real>`, quoted text for `<string>`, an array's
/// `rangelist` judged against its item type, `<any>` holding anything; and regexes with
/// classes, anchors and repetition.
#[test]
fn values_and_regexes_that_fit_are_not_reported() {
    let yaml = r#"
title: Fine
payload:
  payloadtype: com.example.fine
payloadkeys:
- key: Ratio
  type: <real>
  default: 1
  rangelist: [0.5, 1, 2]
- key: Version
  type: <string>
  default: '10'
  format: ^[0-9]+(\.[0-9]+){0,2}$
- key: Kinds
  type: <array>
  rangelist: [a, b]
  subkeys:
  - key: KindsItem
    type: <string>
- key: Anything
  type: <any>
  default: 3
"#;
    let f = common::inline("fine", yaml);
    assert_eq!(lint::lint_file(&f), Findings::default());
}

/// A tree with a `format` that does not compile generates nothing: the fault is the schema's,
/// and it must not reach the crate where every document validated against it would fail.
#[test]
fn a_bad_regex_never_reaches_the_generated_crate() {
    let dir = temp_dir("lint-regex");
    std::fs::create_dir_all(dir.join("mdm/profiles")).expect("mkdir");
    std::fs::copy(fixtures().join("mdm/profiles/bad-regex.yml"), dir.join("mdm/profiles/bad-regex.yml")).expect("copy");
    let result = generator::codegen::generate(&dir, "lint");
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Err(generator::codegen::CodegenError::Load(e)) => assert_eq!(e.0.iter().map(ToString::to_string).collect::<Vec<_>>(), [REGEX]),
        Err(other) => panic!("another failure: {other}"),
        Ok(files) => panic!("generated {} files", files.len()),
    }
}
