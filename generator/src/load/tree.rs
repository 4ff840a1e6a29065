//! Walking a schema tree: find every YAML file, read, parse and model it, check it against the
//! tree's own root schema, lint it, and gather every error and warning.

use std::path::{Path, PathBuf};

use super::yaml::{parse, YamlGraph};
use crate::check::{lint, RootSchema};
use crate::error::{LoadError, LoadErrorKind, LoadErrors, Warning};
use crate::model::{build_file, Category, SchemaFile};

/// Where the tree keeps the JSON Schema (in YAML) that describes every other file.
pub const ROOT_SCHEMA_PATH: &str = "docs/schema.yaml";

/// Largest schema file accepted (Apple's largest is about 100 KB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded tree: every schema file, sorted by path, and the warnings found while checking it.
#[derive(Debug, Clone)]
pub struct SchemaTree {
    pub root: PathBuf,
    pub files: Vec<SchemaFile>,
    pub warnings: Vec<Warning>,
}

impl SchemaTree {
    pub fn by_category(&self, category: Category) -> impl Iterator<Item = &SchemaFile> {
        self.files.iter().filter(move |f| f.category == category)
    }
    pub fn file(&self, path: &str) -> Option<&SchemaFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

fn io_error(file: &str, e: &std::io::Error) -> LoadError {
    LoadError { file: file.to_string(), path: String::new(), line: 0, kind: LoadErrorKind::Io(e.to_string()) }
}

/// Top-level folders that newer releases add beside the schemas, never walked for schemas:
/// `examples/` (JSON and plist examples the schemas point to, read by `examples`) and
/// `openapi/` (OpenAPI documents). `docs/` is walked, but only its `schema.yaml` is read (as the
/// root schema); hidden folders (`.git`, `.github`) are skipped; other files (a root
/// `CHANGES.md`, `README.md`) are not YAML and never read.
pub const SKIPPED_DIRS: &[&str] = &["examples", "openapi"];

/// Every `*.yaml` below `dir`, as sorted `/`-separated relative paths.
fn yaml_files(root: &Path, dir: &Path, out: &mut Vec<String>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(io_error(&dir.display().to_string(), &e));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if ft.is_dir() {
            if dir == root && SKIPPED_DIRS.contains(&name.as_ref()) {
                continue;
            }
            yaml_files(root, &path, out, errors);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            if let Ok(rel) = path.strip_prefix(root) {
                let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(rel.join("/"));
            }
        }
    }
}

/// Reads and parses one file's text into a YAML graph.
pub fn load_file_text(file: &str, bytes: &[u8]) -> Result<YamlGraph, LoadError> {
    let fail = |kind, line| LoadError { file: file.to_string(), path: String::new(), line, kind };
    if bytes.contains(&0) {
        return Err(fail(LoadErrorKind::NotText, 0));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| fail(LoadErrorKind::NotText, 0))?;
    if text.trim().is_empty() {
        return Err(fail(LoadErrorKind::Empty, 0));
    }
    parse(text).map_err(|f| fail(f.kind, f.line))
}

fn read_limited(path: &Path, file: &str) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(file, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError {
            file: file.to_string(),
            path: String::new(),
            line: 0,
            kind: LoadErrorKind::TooLarge { limit: MAX_FILE_BYTES as usize, what: "bytes" },
        });
    }
    std::fs::read(path).map_err(|e| io_error(file, &e))
}

/// One file's outcome: its model and warnings, or every error found in it.
type FileResult = Result<(SchemaFile, Vec<Warning>), Vec<LoadError>>;

/// Loads one schema file (already read) into the model and checks it against the root schema.
fn load_one(rel: &str, bytes: &[u8], root_schema: Option<&RootSchema>) -> FileResult {
    let graph = load_file_text(rel, bytes).map_err(|e| vec![e])?;
    let category = Category::from_path(rel)
        .ok_or_else(|| vec![LoadError { file: rel.to_string(), path: String::new(), line: 0, kind: LoadErrorKind::UnknownLocation }])?;
    let mut warnings = root_schema.map(|r| r.check(rel, &graph)).unwrap_or_default();
    let file = build_file(rel, category, &graph)?;
    let (repaired, obsolete) = crate::fixups::union_tag_from_name::review(&file);
    if !obsolete.is_empty() {
        return Err(obsolete);
    }
    warnings.extend(repaired);
    Ok((file, warnings))
}

/// Loads every schema file of the tree at `root`, with the fixups applied. Returns all errors of
/// all files when any fails.
pub fn load_tree(root: &Path) -> Result<SchemaTree, LoadErrors> {
    let mut tree = load_tree_unfixed(root)?;
    crate::fixups::apply(&mut tree.files);
    Ok(tree)
}

/// [`load_tree`] without the fixups: a layer to merge with others (see [`crate::layers`]), which
/// applies them once to the merged tree.
pub fn load_tree_unfixed(root: &Path) -> Result<SchemaTree, LoadErrors> {
    let mut errors = Vec::new();
    if !root.is_dir() {
        let e = std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory");
        return Err(LoadErrors(vec![io_error(&root.display().to_string(), &e)]));
    }
    let mut paths = Vec::new();
    yaml_files(root, root, &mut paths, &mut errors);
    paths.sort();

    let root_schema = if paths.iter().any(|p| p == ROOT_SCHEMA_PATH) {
        let loaded = read_limited(&root.join(ROOT_SCHEMA_PATH), ROOT_SCHEMA_PATH)
            .and_then(|b| load_file_text(ROOT_SCHEMA_PATH, &b))
            .and_then(|g| RootSchema::from_graph(&g));
        match loaded {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    } else {
        None
    };
    let schema_paths: Vec<&String> = paths.iter().filter(|p| !p.starts_with("docs/")).collect();

    // Parsing and checking are CPU-bound and independent per file.
    let rs = root_schema.as_ref();
    let results: Vec<FileResult> =
        crate::parallel::map(&schema_paths, |rel| read_limited(&root.join(rel.as_str()), rel).map_err(|e| vec![e]).and_then(|b| load_one(rel, &b, rs)));

    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for r in results {
        match r {
            Ok((f, w)) => {
                files.push(f);
                warnings.extend(w);
            }
            Err(e) => errors.extend(e),
        }
    }
    for f in &files {
        let found = lint::lint_file(f);
        errors.extend(found.errors);
        warnings.extend(found.warnings);
    }
    let found = lint::lint_tree(&files);
    errors.extend(found.errors);
    warnings.extend(found.warnings);
    if !errors.is_empty() {
        // One report, file by file (each file's load errors, then its lint findings).
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        return Err(LoadErrors(errors));
    }
    warnings.sort();
    Ok(SchemaTree { root: root.to_path_buf(), files, warnings })
}
