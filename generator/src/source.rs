//! The schema source: which upstream release of Apple's device-management repository the project is
//! built from (`schemas/pin.toml`), the digest that identifies that release's YAML tree, where a tree is
//! found on disk, and fetching the pinned tree into `schemas/tree/` (Apple's YAML is never committed).
//!
//! The tree digest is a SHA-256 over every `*.yaml` file, sorted by `/`-separated relative path: for each,
//! the path bytes, a 0 byte, the file length as 8 little-endian bytes, then the file bytes. Lengths make the
//! framing unambiguous, so moving bytes from one file to the next changes the digest. Other files
//! (README, LICENSE, `.DS_Store`) and hidden files and folders (`.git`, `.github`) are not part of it.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::error::SourceError;

/// Environment variable naming a schema tree, used when no `--schemas DIR` is given.
pub const SCHEMAS_ENV: &str = "DM_SCHEMAS";

/// Environment variable naming the folder that holds several releases (`release-17.0`,
/// `release-18.0`, `release-18.1`), for the tests that compare releases.
pub const SCHEMAS_ROOT_ENV: &str = "DM_SCHEMAS_ROOT";

/// A folder named by the environment variable `var`: unset or empty is `None`; a relative path
/// is read from the workspace root, so `DM_SCHEMAS=../shared/…` means the same to `cargo
/// xtask` and to every test binary, whichever folder cargo runs it in.
pub fn env_dir(var: &str, workspace_root: &Path) -> Option<PathBuf> {
    let value = std::env::var_os(var).filter(|v| !v.is_empty())?;
    Some(resolve_from(workspace_root, PathBuf::from(value)))
}

/// `path`, read from `workspace_root` when it is relative.
fn resolve_from(workspace_root: &Path, path: PathBuf) -> PathBuf {
    if path.is_relative() {
        workspace_root.join(path)
    } else {
        path
    }
}

/// The one non-YAML file copied with a tree: Apple's license for the schemas.
pub const LICENSE_FILE: &str = "LICENSE.txt";

/// `schemas/pin.toml` below the workspace root.
pub fn pin_path(workspace_root: &Path) -> PathBuf {
    workspace_root.join("schemas").join("pin.toml")
}

/// `schemas/tree`, the default (git-ignored) place of the fetched tree.
pub fn default_tree(workspace_root: &Path) -> PathBuf {
    workspace_root.join("schemas").join("tree")
}

/// The pinned upstream release (the contents of `schemas/pin.toml`): the newest release, the
/// one the crate is named after, and the older releases layered beneath it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// `https://` address of the upstream git repository.
    pub repository: String,
    /// Branch or tag of the release, such as `release-18.1`.
    pub release: String,
    /// The full 40-digit commit of the release; empty for a layer whose commit is not known
    /// (fetched by its branch or tag name, identified by its digest).
    pub commit: String,
    /// `sha256:<64 hex digits>`, see [`tree_digest`].
    pub digest: String,
    /// The older releases beneath this one (`[[beneath]]` tables), oldest first: what they have
    /// and this release dropped stays in the crate (`generator::layers`). Empty in a layer.
    pub beneath: Vec<Pin>,
}

const PIN_KEYS: [&str; 4] = ["repository", "release", "commit", "digest"];

/// The table header of an older layer in `pin.toml`.
const BENEATH: &str = "[[beneath]]";

/// `schemas/releases`, the default (git-ignored) place of the releases beneath the pinned one
/// and of other releases fetched with `--release`.
pub fn releases_dir(workspace_root: &Path) -> PathBuf {
    workspace_root.join("schemas").join("releases")
}

impl Pin {
    /// Reads and parses a pin file.
    pub fn load(path: &Path) -> Result<Pin, SourceError> {
        let text = fs::read_to_string(path).map_err(|e| io_error(path, e))?;
        Pin::parse(&text)
    }

    /// Parses `key = "value"` lines, with `#` comments and blank lines, then a `[[beneath]]`
    /// table per older layer (oldest first) holding `release`, `digest` and, when known,
    /// `commit`. The four keys of the pinned release are required, once each; anything else is
    /// an error naming the line, because a pin nobody can read is no pin.
    pub fn parse(text: &str) -> Result<Pin, SourceError> {
        // Section 0 is the pinned release, each `[[beneath]]` opens the next.
        let mut sections: Vec<(usize, [Option<String>; 4])> = vec![(0, Default::default())];
        for (i, raw) in text.lines().enumerate() {
            let bad = |message: String| SourceError::BadPin { message: format!("line {}: {message}", i + 1) };
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.split('#').next().map(str::trim) == Some(BENEATH) {
                sections.push((i + 1, Default::default()));
                continue;
            }
            if line.starts_with('[') {
                return Err(bad(format!("unknown table `{line}` (expected {BENEATH})")));
            }
            let Some((key, rest)) = line.split_once('=') else {
                return Err(bad(format!("expected `key = \"value\"`, found `{line}`")));
            };
            let key = key.trim();
            let slot = PIN_KEYS.iter().position(|k| *k == key).ok_or_else(|| bad(format!("unknown key `{key}` (expected {})", PIN_KEYS.join(", "))))?;
            let in_layer = sections.len() > 1;
            if in_layer && key == "repository" {
                return Err(bad("a layer beneath has the pinned release's `repository`: remove it".into()));
            }
            let value = rest
                .trim()
                .strip_prefix('"')
                .and_then(|v| v.split_once('"'))
                .filter(|(v, after)| !v.contains('\\') && (after.trim().is_empty() || after.trim_start().starts_with('#')))
                .map(|(v, _)| v.to_string())
                .ok_or_else(|| bad(format!("the value of `{key}` must be one double-quoted string without escapes")))?;
            if let Some(problem) = check_pin_value(key, &value) {
                return Err(bad(format!("bad `{key}` value `{value}`: {problem}")));
            }
            let Some((_, values)) = sections.last_mut() else { continue };
            if values[slot].replace(value).is_some() {
                return Err(bad(format!("`{key}` is given twice")));
            }
        }
        let mut sections = sections.into_iter();
        let Some((_, [repository, release, commit, digest])) = sections.next() else {
            return Err(SourceError::BadPin { message: "empty pin".into() });
        };
        let missing = |key: &str, at: usize| SourceError::BadPin {
            message: if at == 0 { format!("missing `{key} = \"...\"`") } else { format!("the {BENEATH} table of line {at}: missing `{key} = \"...\"`") },
        };
        let repository = repository.ok_or_else(|| missing("repository", 0))?;
        let mut beneath = Vec::new();
        for (at, [_, release, commit, digest]) in sections {
            beneath.push(Pin {
                repository: repository.clone(),
                release: release.ok_or_else(|| missing("release", at))?,
                commit: commit.unwrap_or_default(),
                digest: digest.ok_or_else(|| missing("digest", at))?,
                beneath: Vec::new(),
            });
        }
        let pin = Pin {
            release: release.ok_or_else(|| missing("release", 0))?,
            commit: commit.ok_or_else(|| missing("commit", 0))?,
            digest: digest.ok_or_else(|| missing("digest", 0))?,
            repository,
            beneath,
        };
        let mut names: Vec<&str> = pin.layers().map(|l| l.release.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(SourceError::BadPin { message: format!("release `{}` is layered twice", w[0]) });
        }
        Ok(pin)
    }

    /// Every layer, oldest first, ending with the pinned release itself (without its
    /// `beneath`).
    pub fn layers(&self) -> impl Iterator<Item = &Pin> {
        self.beneath.iter().chain(std::iter::once(self))
    }

    /// The layer names, oldest first (what the generated crate's `LAYERS` lists).
    pub fn layer_names(&self) -> Vec<String> {
        self.layers().map(|l| l.release.clone()).collect()
    }

    /// This release alone, without layers beneath it.
    pub fn alone(&self) -> Pin {
        Pin { beneath: Vec::new(), ..self.clone() }
    }

    /// The pin of one release of the same repository: this pin's own release (alone) or one of
    /// its layers, else an error listing the releases that can be fetched and verified.
    pub fn for_release(&self, release: &str) -> Result<Pin, SourceError> {
        if let Some(layer) = self.layers().find(|l| l.release == release) {
            return Ok(layer.alone());
        }
        let known: Vec<String> = self.layer_names();
        Err(SourceError::Fetch(format!(
            "no digest is known for `{release}` (known: {}); to move to it, `cargo xtask upgrade --release {release}` (clones {} and pins what it gets), or clone it yourself and pass --schemas DIR with --unpinned",
            known.join(", "),
            self.repository
        )))
    }
}

/// Finds the tree of every layer of `pin`, oldest first, ending with `top` (the pinned
/// release's tree, found by [`locate_tree`]). A layer beneath is `$DM_SCHEMAS_ROOT/<release>`
/// when that folder exists, else `schemas/releases/<release>`; a missing one is an error saying
/// how to fetch it.
pub fn layer_trees(pin: &Pin, top: &Path, workspace_root: &Path) -> Result<Vec<(Pin, PathBuf)>, SourceError> {
    let root = env_dir(SCHEMAS_ROOT_ENV, workspace_root);
    let mut out = Vec::new();
    for layer in &pin.beneath {
        let from_root = root.as_ref().map(|r| r.join(&layer.release)).filter(|d| d.is_dir());
        let dir = from_root.unwrap_or_else(|| releases_dir(workspace_root).join(&layer.release));
        if !dir.is_dir() {
            return Err(SourceError::MissingLayer { release: layer.release.clone(), top: pin.release.clone(), looked: dir.display().to_string() });
        }
        out.push((layer.clone(), dir));
    }
    out.push((pin.alone(), top.to_path_buf()));
    Ok(out)
}

/// Checks every layer's tree against its digest (see [`layer_trees`]).
pub fn verify_layers(layers: &[(Pin, PathBuf)]) -> Result<(), SourceError> {
    layers.iter().try_for_each(|(pin, dir)| verify(dir, pin))
}

/// Why a pin value is unusable, if it is. The values end up on git and curl command lines.
fn check_pin_value(key: &str, value: &str) -> Option<&'static str> {
    let is_hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let ok = match key {
        "repository" => value.starts_with("https://") && value.len() > 8 && !value.contains(char::is_whitespace),
        "release" => !value.is_empty() && !value.starts_with('-') && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b)),
        "commit" => is_hex(value, 40),
        _ => value.strip_prefix("sha256:").is_some_and(|h| is_hex(h, 64)),
    };
    let expected = match key {
        "repository" => "expected an https:// address",
        "release" => "expected a branch or tag name (letters, digits, `.`, `_`, `-`, `/`)",
        "commit" => "expected 40 lowercase hex digits",
        _ => "expected `sha256:` and 64 lowercase hex digits",
    };
    (!ok).then_some(expected)
}

fn io_error(path: &Path, source: std::io::Error) -> SourceError {
    SourceError::Io { path: path.display().to_string(), source }
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Every `*.yaml` file below `root` (hidden entries skipped, symlinked folders not followed), as
/// `(relative path with / separators, full path)`, sorted by the relative path's bytes.
fn yaml_files(root: &Path) -> Result<Vec<(String, PathBuf)>, SourceError> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) -> Result<(), SourceError> {
        for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
            let entry = entry.map_err(|e| io_error(dir, e))?;
            let path = entry.path();
            let name =
                entry.file_name().into_string().map_err(|_| io_error(&path, std::io::Error::new(std::io::ErrorKind::InvalidData, "file name is not UTF-8")))?;
            if is_hidden(&name) {
                continue;
            }
            let rel = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let kind = entry.file_type().map_err(|e| io_error(&path, e))?;
            if kind.is_dir() {
                walk(&path, &rel, out)?;
            } else if name.ends_with(".yaml") && (kind.is_file() || path.is_file()) {
                out.push((rel, path));
            }
        }
        Ok(())
    }
    if !root.is_dir() {
        return Err(io_error(root, std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory")));
    }
    let mut out = Vec::new();
    walk(root, "", &mut out)?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The digest of the YAML tree at `dir`, as `sha256:<hex>` (see the module comment for the framing).
pub fn tree_digest(dir: &Path) -> Result<String, SourceError> {
    let mut hasher = Sha256::new();
    for (rel, path) in yaml_files(dir)? {
        let bytes = fs::read(&path).map_err(|e| io_error(&path, e))?;
        hasher.update(rel.as_bytes());
        hasher.update([0u8]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

fn check_digest(actual: String, tree: &str, pin: &Pin) -> Result<(), SourceError> {
    if actual == pin.digest {
        return Ok(());
    }
    Err(SourceError::DigestMismatch { dir: tree.to_string(), actual, expected: pin.digest.clone(), release: pin.release.clone() })
}

/// Checks that the tree at `dir` is the pinned release.
pub fn verify(dir: &Path, pin: &Pin) -> Result<(), SourceError> {
    check_digest(tree_digest(dir)?, &dir.display().to_string(), pin)
}

/// Finds the schema tree to read: the `--schemas DIR` flag, else `$DM_SCHEMAS`, else
/// `<workspace>/schemas/tree`. The first one given is used; if it is not a directory the error says how
/// to get a tree rather than falling through to the next.
pub fn locate_tree(flag: Option<PathBuf>, workspace_root: &Path) -> Result<PathBuf, SourceError> {
    locate_tree_with(flag, std::env::var_os(SCHEMAS_ENV), workspace_root)
}

/// [`locate_tree`] with the environment value passed in (an empty value counts as unset; a
/// relative one is read from the workspace root, see [`env_dir`]).
pub fn locate_tree_with(flag: Option<PathBuf>, env: Option<OsString>, workspace_root: &Path) -> Result<PathBuf, SourceError> {
    let (dir, given_by) = match (flag, env.filter(|v| !v.is_empty())) {
        (Some(flag), _) => (flag, ", given by --schemas"),
        (None, Some(env)) => (resolve_from(workspace_root, PathBuf::from(env)), ", given by DM_SCHEMAS"),
        (None, None) => (default_tree(workspace_root), ""),
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(SourceError::Missing { looked: format!("{}{given_by}", dir.display()) })
    }
}

/// What [`fetch`] installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Number of `*.yaml` files in the installed tree.
    pub yaml_files: usize,
    /// Where the files came from: the `--from` folder, the git repository or the tarball address.
    pub origin: String,
}

/// Puts the pinned tree into `dest`: copied from `from` when given, else downloaded (a shallow git clone
/// of the release, falling back to the commit's tarball through curl). Only `*.yaml` files and
/// `LICENSE.txt` are copied. The copy is built beside `dest` and checked against the pinned digest
/// before it replaces `dest`, so a mismatch leaves the previous tree untouched. `dest` is only replaced
/// when it holds nothing but such files, so a mistyped `--dest` cannot delete unrelated work.
pub fn fetch(pin: &Pin, dest: &Path, from: Option<&Path>) -> Result<Fetched, SourceError> {
    check_replaceable(dest)?;
    match from {
        Some(dir) => install(pin, dir, dest, dir.display().to_string()),
        None => {
            let scratch = Scratch::new("dm-fetch")?;
            let (checkout, origin) = download(pin, &scratch.0)?;
            install(pin, &checkout, dest, origin)
        }
    }
}

fn check_replaceable(dest: &Path) -> Result<(), SourceError> {
    fn foreign(dir: &Path) -> Result<Option<PathBuf>, SourceError> {
        for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
            let entry = entry.map_err(|e| io_error(dir, e))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if entry.file_type().map_err(|e| io_error(&path, e))?.is_dir() {
                if let Some(found) = foreign(&path)? {
                    return Ok(Some(found));
                }
            } else if !(name.ends_with(".yaml") || name == LICENSE_FILE || name == ".DS_Store") {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }
    if !dest.exists() {
        return Ok(());
    }
    let found = if dest.is_dir() { foreign(dest)? } else { Some(dest.to_path_buf()) };
    match found {
        None => Ok(()),
        Some(path) => Err(SourceError::Fetch(format!(
            "refusing to replace {}: it holds {}, which fetch-schemas never writes (choose a new or empty --dest)",
            dest.display(),
            path.display()
        ))),
    }
}

/// Copies the tree at `src` into a staging folder beside `dest`, verifies it, then swaps it in.
fn install(pin: &Pin, src: &Path, dest: &Path, origin: String) -> Result<Fetched, SourceError> {
    let files = yaml_files(src)?;
    if files.is_empty() {
        return Err(SourceError::Fetch(format!("{origin} holds no *.yaml files: is it a copy of {}?", pin.repository)));
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "tree".to_string());
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
    // Hidden, so that a tree walk of a folder that contains `dest` never sees it.
    let staging = Scratch::at(parent.join(format!(".{name}.partial-{}", unique_suffix())))?;

    let license = src.join(LICENSE_FILE);
    let copies = files.iter().map(|(rel, path)| (rel.as_str(), path.as_path()));
    for (rel, from) in copies.chain(license.is_file().then_some((LICENSE_FILE, license.as_path()))) {
        let to = staging.0.join(rel);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        fs::copy(from, &to).map_err(|e| io_error(from, e))?;
    }
    check_digest(tree_digest(&staging.0)?, &origin, pin)?;

    if dest.exists() {
        fs::remove_dir_all(dest).map_err(|e| io_error(dest, e))?;
    }
    fs::rename(&staging.0, dest).map_err(|e| io_error(dest, e))?;
    Ok(Fetched { yaml_files: files.len(), origin })
}

/// Downloads the pinned commit into `scratch`; returns the checkout folder and where it came from.
fn download(pin: &Pin, scratch: &Path) -> Result<(PathBuf, String), SourceError> {
    let clone = scratch.join("clone");
    let git_failure = match git_checkout(pin, &clone) {
        Ok(()) => return Ok((clone, format!("{} {} ({})", pin.repository, pin.release, pin.commit))),
        Err(e) => e,
    };
    let reference = if pin.commit.is_empty() { &pin.release } else { &pin.commit };
    let url = format!("{}/archive/{reference}.tar.gz", pin.repository.trim_end_matches('/').trim_end_matches(".git"));
    let tarball_failure = match tarball(&url, &scratch.join("tarball")) {
        Ok(dir) => return Ok((dir, url)),
        Err(e) => e,
    };
    Err(SourceError::Fetch(format!(
        "could not download {} {} ({}): git: {git_failure}; tarball: {tarball_failure}. \
         Without network, copy the tree from elsewhere and run `cargo xtask fetch-schemas --from DIR`",
        pin.repository, pin.release, pin.commit
    )))
}

fn git(args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new("git");
    cmd.args(args).env("GIT_TERMINAL_PROMPT", "0");
    run(&mut cmd)
}

fn git_checkout(pin: &Pin, dir: &Path) -> Result<(), String> {
    let dir = dir.to_string_lossy();
    let head = || git(&["-C", &dir, "rev-parse", "HEAD"]).map(|s| s.trim().to_string());
    git(&["clone", "--quiet", "--depth", "1", "--branch", &pin.release, "--", &pin.repository, &dir])?;
    // A release fetched by name only (no commit known) is whatever the branch or tag holds;
    // the digest check decides whether it is the one meant.
    if !pin.commit.is_empty() && head()? != pin.commit {
        // The release moved on since it was pinned: fetch the pinned commit itself.
        git(&["-C", &dir, "fetch", "--quiet", "--depth", "1", "origin", &pin.commit])?;
        git(&["-C", &dir, "checkout", "--quiet", "--detach", &pin.commit])?;
        let now = head()?;
        if now != pin.commit {
            return Err(format!("checked out {now}, expected {}", pin.commit));
        }
    }
    Ok(())
}

/// `curl -fsSL <url> | tar xz -C <dir>`; returns the single top folder of the archive.
fn tarball(url: &str, dir: &Path) -> Result<PathBuf, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut curl =
        Command::new("curl").args(["-fsSL", url]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot run `curl`: {e}"))?;
    let body = curl.stdout.take().ok_or("curl has no output pipe")?;
    let tar = Command::new("tar").arg("xz").arg("-C").arg(dir).stdin(body).stderr(Stdio::piped()).output();
    let curl = curl.wait_with_output().map_err(|e| format!("curl: {e}"))?;
    if !curl.status.success() {
        return Err(failure("curl", &curl));
    }
    let tar = tar.map_err(|e| format!("cannot run `tar`: {e}"))?;
    if !tar.status.success() {
        return Err(failure("tar", &tar));
    }
    let mut tops = fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir());
    match (tops.next(), tops.next()) {
        (Some(top), None) => Ok(top),
        _ => Err("the archive does not hold exactly one top folder".to_string()),
    }
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run `{name}`: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(failure(&name, &out))
    }
}

/// `<program> failed (<status>): <last line of stderr>`.
fn failure(name: &str, out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("no message");
    format!("`{name}` failed ({}): {last}", out.status)
}

/// `<pid>-<nanos>-<counter>`: unique across processes and across threads of this one.
fn unique_suffix() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}-{nanos}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A folder removed when dropped (scratch space for downloads and staging).
struct Scratch(PathBuf);

impl Scratch {
    fn new(prefix: &str) -> Result<Scratch, SourceError> {
        Scratch::at(std::env::temp_dir().join(format!("{prefix}-{}", unique_suffix())))
    }

    fn at(path: PathBuf) -> Result<Scratch, SourceError> {
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| io_error(&path, e))?;
        }
        fs::create_dir_all(&path).map_err(|e| io_error(&path, e))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // After a successful install the folder has been renamed away and this is a no-op.
        let _ = fs::remove_dir_all(&self.0);
    }
}
