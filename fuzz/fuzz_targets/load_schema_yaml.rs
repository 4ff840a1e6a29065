//! The schema loader on arbitrary YAML: `load_file_text` (the YAML parser with its node and
//! depth limits), then `build_file` (the model, with its key limits), for a file in the folder
//! the first byte picks. Nothing is encoded back, so instead of a round trip the check is that
//! loading is deterministic: the same bytes give the same model or the same errors.
#![no_main]

use generator::load::load_file_text;
use generator::model::{build_file, Category};
use libfuzzer_sys::fuzz_target;

const FILES: &[&str] = &[
    "mdm/profiles/fuzz.yaml",
    "mdm/commands/fuzz.yaml",
    "mdm/checkin/fuzz.yaml",
    "mdm/errors/fuzz.yaml",
    "declarative/declarations/configurations/fuzz.yaml",
    "declarative/status/fuzz.yaml",
    "declarative/protocol/fuzz.yaml",
    "other/fuzz.yaml",
];

fn load(file: &str, text: &[u8]) -> String {
    match load_file_text(file, text) {
        Err(e) => format!("load: {e}"),
        Ok(graph) => {
            let category = Category::from_path(file).expect("a known folder");
            match build_file(file, category, &graph) {
                Ok(model) => format!("{model:?}"),
                Err(errors) => {
                    assert!(!errors.is_empty(), "a failed build reports an error");
                    errors.iter().map(|e| format!("{e}\n")).collect()
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else { return };
    let file = FILES[usize::from(pick) % FILES.len()];
    let first = load(file, text);
    assert_eq!(load(file, text), first, "loading is deterministic");
});
