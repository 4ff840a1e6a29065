//! The examples a tree ships (newer releases): each schema file's top-level `examples` names
//! files in the tree's `examples/` folder, JSON for DDM and plist request/response pairs for
//! commands. [`cases`] lists them, with each path found and checked to exist; [`check`]
//! generates a scratch crate from the tree (the types and tables of that very tree), runs the
//! checker of `generator/runner/check_examples.rs` in it, and reports every example that does
//! not decode into its typed form or does not validate, by schema file, entry and example file.
//!
//! A path is read from the tree root (`examples/declarative/….json`), else from its
//! `examples/` folder (`declarative/….json`): the format notes show entries pointing into that
//! folder without saying from where.

use std::path::{Path, PathBuf};

use crate::error::{LoadError, LoadErrors};
use crate::load::SchemaTree;
use crate::scratch::{ScratchCrate, ScratchError};

/// The folder of example files in a tree.
pub const EXAMPLES_DIR: &str = "examples";

/// The checker compiled into the scratch crate.
const RUNNER: &str = include_str!("../runner/check_examples.rs");

/// Which type of its schema an example file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamplePart {
    /// `file` or `request-file`: the schema's main type.
    Payload,
    /// `response-file`: the command's response.
    Response,
}

/// One example file to check.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCase {
    /// The schema file that lists it.
    pub schema: String,
    /// Where in that file: `examples[0].files[1].response-file`.
    pub entry: String,
    pub line: usize,
    pub part: ExamplePart,
    /// The path as written.
    pub file: String,
    /// The file on disk.
    pub resolved: PathBuf,
}

impl ExampleCase {
    /// How reports name it: `mdm/commands/x.yaml:12: examples[0].files[0].request-file (examples/…)`.
    pub fn label(&self) -> String {
        format!("{}:{}: {} ({})", self.schema, self.line, self.entry, self.file)
    }
}

/// What a failed check found.
#[derive(Debug, thiserror::Error)]
pub enum ExamplesError {
    /// The tree does not load, or an example file is missing.
    #[error("{0}")]
    Load(#[from] LoadErrors),
    #[error("{0}")]
    Codegen(#[from] Box<crate::codegen::CodegenError>),
    #[error("{0}")]
    Scratch(#[from] ScratchError),
    /// The scratch crate did not build or its checker did not run.
    #[error("the example checker did not run:\n{0}")]
    Runner(String),
}

/// The outcome of [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleReport {
    /// Example files checked.
    pub checked: usize,
    /// Each problem as `<label>: <finding>`, in case order.
    pub problems: Vec<String>,
}

impl ExampleReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

fn resolve(root: &Path, file: &str) -> Option<PathBuf> {
    [root.join(file), root.join(EXAMPLES_DIR).join(file)].into_iter().find(|p| p.is_file())
}

/// Every example file of the tree, in file order; a file that is not there is an error naming
/// the schema file, line and entry (all of them, in one report).
pub fn cases(tree: &SchemaTree) -> Result<Vec<ExampleCase>, LoadErrors> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for f in &tree.files {
        for example in &f.examples {
            for entry in &example.files {
                let parts = [
                    ("file", &entry.file, ExamplePart::Payload),
                    ("request-file", &entry.request_file, ExamplePart::Payload),
                    ("response-file", &entry.response_file, ExamplePart::Response),
                ];
                for (attr, file, part) in parts {
                    let Some(file) = file else { continue };
                    let at = format!("{}.{attr}", entry.path);
                    match resolve(&tree.root, file) {
                        Some(resolved) => out.push(ExampleCase { schema: f.path.clone(), entry: at, line: entry.line, part, file: file.clone(), resolved }),
                        None => missing.push(LoadError {
                            file: f.path.clone(),
                            path: at,
                            line: entry.line,
                            kind: crate::LoadErrorKind::MissingExample { file: file.clone() },
                        }),
                    }
                }
            }
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(LoadErrors(missing))
    }
}

/// The checker's manifest: one line per case (schema, part, file, label).
fn manifest(cases: &[ExampleCase]) -> String {
    cases
        .iter()
        .map(|c| {
            let part = if c.part == ExamplePart::Response { "response" } else { "payload" };
            let label = c.label().replace(['\t', '\n'], " ");
            format!("{}\t{part}\t{}\t{label}\n", c.schema, c.resolved.display())
        })
        .collect()
}

/// Checks every example of the tree at `tree_dir`: generates its crate as a scratch crate below
/// `scratch_root` (with the runtime of `workspace`), then decodes and validates each example
/// there. A tree without examples is checked without building anything.
pub fn check(tree_dir: &Path, workspace: &Path, scratch_root: &Path) -> Result<ExampleReport, ExamplesError> {
    let tree = crate::load_tree(tree_dir)?;
    let cases = cases(&tree)?;
    if cases.is_empty() {
        return Ok(ExampleReport { checked: 0, problems: Vec::new() });
    }
    let files = crate::codegen::generate(tree_dir, "examples check").map_err(Box::new)?;
    let krate = ScratchCrate::new(scratch_root, "check-examples", workspace, &files)?;
    krate.add_file("src/bin/check-examples.rs", RUNNER)?;
    krate.add_file("examples.tsv", &manifest(&cases))?;
    let manifest_path = krate.dir.join("examples.tsv").display().to_string();
    let out = krate.cargo(&["run", "--bin", "check-examples", "--", &manifest_path])?;
    let mut lines: Vec<&str> = out.stdout.lines().collect();
    let last = lines.pop().unwrap_or_default();
    let counted = last.strip_prefix("checked ").and_then(|r| r.split_once(' ')).and_then(|(n, _)| n.parse::<usize>().ok());
    match counted {
        Some(checked) if checked == cases.len() => Ok(ExampleReport { checked, problems: lines.into_iter().map(str::to_string).collect() }),
        _ => Err(ExamplesError::Runner(format!("{}{}", out.stdout, out.stderr))),
    }
}
