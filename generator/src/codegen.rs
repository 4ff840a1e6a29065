//! The whole pipeline as one call (tree → files), and the freshness check: one helper writes the
//! generated files or, in check mode, names every stale, missing or extra file and the command
//! that fixes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::{self, OWNED_DIRS};
use crate::error::{LoadErrors, Warning};
use crate::ir::{self, IrError};
use crate::load::load_tree;
use crate::render_cache::RenderCache;

/// Any failure of the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("{0}")]
    Load(#[from] LoadErrors),
    #[error("{} schema(s) cannot be turned into Rust:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Ir(Vec<IrError>),
    #[error("{0}")]
    Emit(#[from] emit::EmitError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// What one run of the pipeline made.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Every generated file: path relative to the `generated` crate → contents.
    pub files: BTreeMap<String, String>,
    /// The tree's warnings (root-schema deviations, lint warnings), sorted.
    pub warnings: Vec<Warning>,
    /// How many module files came from the render cache.
    pub cached: usize,
}

/// Every generated file (path relative to the `generated` crate → contents) for a tree.
pub fn generate(tree_dir: &Path, release: &str) -> Result<BTreeMap<String, String>, CodegenError> {
    run(tree_dir, release, None).map(|g| g.files)
}

/// The whole pipeline, taking module files from `cache` where it has them (and storing the
/// ones it prints). The files are the same with or without a cache.
pub fn run(tree_dir: &Path, release: &str, cache: Option<&RenderCache>) -> Result<Generation, CodegenError> {
    let tree = load_tree(tree_dir)?;
    run_tree(&tree, release, cache)
}

/// Every generated file for a tree already loaded (or merged from layers, see
/// [`crate::layers`]).
pub fn generate_tree(tree: &crate::load::SchemaTree, release: &str) -> Result<BTreeMap<String, String>, CodegenError> {
    run_tree(tree, release, None).map(|g| g.files)
}

/// [`run`] on a tree already loaded.
pub fn run_tree(tree: &crate::load::SchemaTree, release: &str, cache: Option<&RenderCache>) -> Result<Generation, CodegenError> {
    run_merged(tree, release, &[release.to_string()], cache)
}

/// The pipeline over releases layered (`schemas/pin.toml`'s layers, oldest first, each `(name,
/// tree folder)`, the last one the pinned release): each tree loaded without fixups, merged
/// ([`crate::layers::merge`]), then generated. The generated crate names the layers in `LAYERS`.
pub fn run_layers(layers: &[(String, PathBuf)], cache: Option<&RenderCache>) -> Result<(Generation, crate::layers::Provenance), CodegenError> {
    let mut loaded = Vec::new();
    for (name, dir) in layers {
        loaded.push((name.clone(), crate::load::load_tree_unfixed(dir)?));
    }
    let names: Vec<String> = layers.iter().map(|(n, _)| n.clone()).collect();
    let release = names.last().cloned().unwrap_or_default();
    let merged = crate::layers::merge(loaded);
    let generation = run_merged(&merged.tree, &release, &names, cache)?;
    Ok((generation, merged.provenance))
}

/// [`run_tree`] naming the layers a merged tree came from.
pub fn run_merged(tree: &crate::load::SchemaTree, release: &str, layers: &[String], cache: Option<&RenderCache>) -> Result<Generation, CodegenError> {
    let krate = ir::build_crate(&tree.files).map_err(CodegenError::Ir)?;
    let layout = emit::crates::Layout::new(&krate.modules);
    let printed = crate::parallel::map(&krate.modules, |m| {
        let path = emit::module_path(&layout, m);
        let key = cache.map(|_| RenderCache::key(m));
        if let (Some(c), Some(k)) = (cache, &key) {
            if let Some(text) = c.get(k) {
                return Ok((path, text, true));
            }
        }
        let text = emit::module_file(&path, m)?;
        if let (Some(c), Some(k)) = (cache, &key) {
            c.put(k, &text);
        }
        Ok((path, text, false))
    });
    let mut files = BTreeMap::new();
    let mut cached = 0;
    for p in printed {
        let (path, text, hit) = p.map_err(CodegenError::Emit)?;
        cached += usize::from(hit);
        files.insert(path, text);
    }
    files.extend(emit::registry_files(&krate, release, layers)?);
    files.extend(emit::emit_json_schemas(&tree.files)?);
    Ok(Generation { files, warnings: tree.warnings.clone(), cached })
}

/// What a check found out of date.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files the generator writes that are not there.
    pub missing: Vec<String>,
    /// Files under the generated folder that the generator would not write.
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (what, list) in [("stale", &self.changed), ("missing", &self.missing), ("not generated any more", &self.extra)] {
            for p in list {
                writeln!(f, "  {what}: generated/{p}")?;
            }
        }
        write!(f, "run `cargo xtask regenerate` to update them")
    }
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn existing_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), CodegenError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(CodegenError::Io { path: dir.display().to_string(), source }),
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            existing_files(root, &p, out)?;
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"));
        }
    }
    Ok(())
}

/// Compares `files` with what is on disk under `crate_dir` (the `generated` crate).
pub fn check(crate_dir: &Path, files: &BTreeMap<String, String>) -> Result<Staleness, CodegenError> {
    let mut on_disk = Vec::new();
    for dir in OWNED_DIRS {
        existing_files(crate_dir, &crate_dir.join(dir), &mut on_disk)?;
    }
    let mut s = Staleness::default();
    for (path, text) in files {
        match std::fs::read_to_string(crate_dir.join(path)) {
            Ok(current) if normalize(&current) == normalize(text) => {}
            Ok(_) => s.changed.push(path.clone()),
            Err(_) => s.missing.push(path.clone()),
        }
    }
    s.extra = on_disk.into_iter().filter(|p| !files.contains_key(p)).collect();
    s.extra.sort();
    Ok(s)
}

/// Writes `files` under `crate_dir`, deleting generated files that are no longer produced, and
/// returns the paths it changed.
pub fn write(crate_dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>, CodegenError> {
    let stale = check(crate_dir, files)?;
    let io = |path: &PathBuf, source| CodegenError::Io { path: path.display().to_string(), source };
    for rel in &stale.extra {
        let p = crate_dir.join(rel);
        std::fs::remove_file(&p).map_err(|e| io(&p, e))?;
    }
    let mut written = Vec::new();
    for rel in stale.changed.iter().chain(&stale.missing) {
        let p = crate_dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(&parent.to_path_buf(), e))?;
        }
        std::fs::write(&p, &files[rel]).map_err(|e| io(&p, e))?;
        written.push(rel.clone());
    }
    // Remove folders emptied by deletions.
    let mut dirs: Vec<PathBuf> = stale.extra.iter().filter_map(|r| crate_dir.join(r).parent().map(Path::to_path_buf)).collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs.iter().rev() {
        if std::fs::read_dir(d).map(|mut it| it.next().is_none()).unwrap_or(false) {
            let _ = std::fs::remove_dir(d);
        }
    }
    written.extend(stale.extra.iter().map(|r| format!("{r} (deleted)")));
    Ok(written)
}
