//! Examples (the newer format): the top-level `examples` key in both of its shapes (one
//! mapping, a list of them) is read into the model, their files are found in the tree's
//! `examples/` folder, a missing one is an error naming file, line and entry, and the check
//! (a scratch crate generated from the tree runs each file through its typed form and the
//! validator) reports exactly the planted bad example, by file and path.

use crate::common;

use std::path::{Path, PathBuf};

use common::{temp_dir, workspace};
use generator::examples::{self, ExamplePart};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples")
}

const COMMAND: &str = "mdm/commands/sample.command.yml";
const SETTINGS: &str = "declarative/declarations/configurations/example.settings.yml";

#[test]
fn both_shapes_are_read_into_the_model() {
    let tree = generator::load_tree(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    let command = tree.file(COMMAND).expect("command");
    assert_eq!(command.examples.len(), 1, "a mapping is one example");
    assert_eq!(command.examples[0].title.as_deref(), Some("Start a scan"));
    let f = &command.examples[0].files[0];
    assert_eq!(
        (f.tab.as_deref(), f.request_file.as_deref(), f.response_file.as_deref(), f.file.as_deref(), f.path.as_str(), f.line),
        (
            Some("Request"),
            Some("examples/mdm/commands/sample.request.plist"),
            Some("examples/mdm/commands/sample.response.plist"),
            None,
            "examples.files[0]",
            25
        )
    );
    let settings = tree.file(SETTINGS).expect("declaration");
    let titles: Vec<_> = settings.examples.iter().map(|e| e.title.as_deref()).collect();
    assert_eq!(titles, [Some("Authored declaration"), Some("Payloads alone")]);
    assert_eq!(settings.examples[1].files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["examples[1].files[0]", "examples[1].files[1]"]);

    let cases = examples::cases(&tree).unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<(&str, &str, ExamplePart)> = cases.iter().map(|c| (c.schema.as_str(), c.entry.as_str(), c.part)).collect();
    assert_eq!(
        listed,
        [
            (SETTINGS, "examples[0].files[0].file", ExamplePart::Payload),
            (SETTINGS, "examples[1].files[0].file", ExamplePart::Payload),
            (SETTINGS, "examples[1].files[1].file", ExamplePart::Payload),
            (COMMAND, "examples.files[0].request-file", ExamplePart::Payload),
            (COMMAND, "examples.files[0].response-file", ExamplePart::Response),
        ]
    );
    assert!(cases.iter().all(|c| c.resolved.is_file()));
}

#[test]
fn a_missing_example_file_is_an_error_with_its_entry() {
    let dir = temp_dir("examples-missing");
    std::fs::create_dir_all(dir.join("mdm/commands")).expect("mkdir");
    std::fs::copy(fixture().join(COMMAND), dir.join(COMMAND)).expect("copy");
    let tree = generator::load_tree(&dir).unwrap_or_else(|e| panic!("{e}"));
    let result = examples::cases(&tree);
    let _ = std::fs::remove_dir_all(&dir);
    let shown: Vec<String> = result.expect_err("missing files").0.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "mdm/commands/sample.command.yml:25: at `examples.files[0].request-file`: example file `examples/mdm/commands/sample.request.plist` \
             is not in the tree (looked in the tree and its examples/ folder)",
            "mdm/commands/sample.command.yml:25: at `examples.files[0].response-file`: example file `examples/mdm/commands/sample.response.plist` \
             is not in the tree (looked in the tree and its examples/ folder)",
        ]
    );
}

/// The whole check, through the crate generated from the fixture tree: four example files are
/// clean, the planted one is reported at its paths.
#[test]
fn check_reports_the_planted_bad_example_by_file_and_path() {
    let report = examples::check(&fixture(), &workspace(), &workspace().join("target/scratch-crates")).unwrap_or_else(|e| panic!("{e}"));
    let label = "declarative/declarations/configurations/example.settings.yml:32: examples[1].files[1].file (declarative/example.settings.bad.json)";
    assert_eq!(report.checked, 5);
    assert_eq!(
        report.problems,
        [format!("{label}: error[range] Level: 11 is outside 0 ..= 10"), format!("{label}: error[type] Options.Label: expected <string>, found <integer>"),]
    );
}
