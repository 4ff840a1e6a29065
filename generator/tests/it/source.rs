//! The schema source: the pin, the tree digest, `fetch --from`, and where a tree is looked for.
//! No network: the download path is exercised only for its failure message.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use generator::error::SourceError;
use generator::source::{default_tree, fetch, locate_tree, locate_tree_with, pin_path, tree_digest, verify, Pin};

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The release-18.1 tree: `$DM_SCHEMAS`, else the shared copy beside the workspace.
fn tree_dir() -> PathBuf {
    generator::source::env_dir(generator::source::SCHEMAS_ENV, Path::new(WORKSPACE))
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management/release-18.1")))
}

fn pin() -> Pin {
    Pin::load(&pin_path(Path::new(WORKSPACE))).expect("schemas/pin.toml parses")
}

/// A fresh folder under the system temp dir, removed on drop.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("dm-source-test-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Temp(dir)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Copies every file below `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Flips one byte of `rel` inside `dir`.
fn change_one_byte(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    let mut bytes = fs::read(&path).unwrap();
    bytes[10] ^= 0x20;
    fs::write(path, bytes).unwrap();
}

const SOME_FILE: &str = "mdm/commands/application.install.yaml";

fn all_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &rel, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.sort();
    out
}

#[test]
fn the_pin_names_release_18_1_over_17_0_and_18_0() {
    let pin = pin();
    assert_eq!(pin.repository, "https://github.com/apple/device-management");
    assert_eq!(pin.release, "release-18.1");
    assert_eq!(pin.commit, "b6202ca2fbd31286a52eb160b67a4db7b4fe1f1f");
    assert!(pin.digest.starts_with("sha256:") && pin.digest.len() == 7 + 64, "{}", pin.digest);
    assert_eq!(pin.layer_names(), ["release-17.0", "release-18.0", "release-18.1"]);
    for layer in &pin.beneath {
        assert_eq!((layer.repository.as_str(), layer.commit.as_str(), layer.beneath.len()), (pin.repository.as_str(), "", 0), "{}", layer.release);
    }
}

/// Every layer's tree is found (`DM_SCHEMAS_ROOT/<release>`) and matches its digest; a tree of
/// the wrong release, or a missing one, is an error that names the layer.
#[test]
fn every_layer_is_found_and_verified() {
    let pin = pin();
    let layers = generator::source::layer_trees(&pin, &tree_dir(), Path::new(WORKSPACE)).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = layers.iter().map(|(p, _)| p.release.as_str()).collect();
    assert_eq!(names, ["release-17.0", "release-18.0", "release-18.1"]);
    generator::source::verify_layers(&layers).unwrap_or_else(|e| panic!("{e}"));
    // 17.0's digest given to the 18.0 tree.
    let mut swapped = layers.clone();
    swapped[0].1 = layers[1].1.clone();
    let err = generator::source::verify_layers(&swapped).unwrap_err().to_string();
    assert!(err.contains("does not match the pin") && err.contains("release-17.0"), "{err}");
    // A layer nowhere to be found.
    let mut unknown = pin.clone();
    unknown.beneath[0].release = "release-16.0".into();
    let err = generator::source::layer_trees(&unknown, &tree_dir(), Path::new(WORKSPACE)).unwrap_err();
    assert!(matches!(err, SourceError::MissingLayer { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("release-16.0") && message.contains("beneath release-18.1") && message.contains("DM_SCHEMAS_ROOT"), "{message}");
}

#[test]
fn digest_of_release_18_1_equals_the_pin() {
    let pin = pin();
    assert_eq!(tree_digest(&tree_dir()).unwrap(), pin.digest);
    verify(&tree_dir(), &pin).unwrap();
}

#[test]
fn digest_changes_with_one_byte_and_ignores_other_files() {
    let original = tree_digest(&tree_dir()).unwrap();
    let temp = Temp::new("one-byte");
    copy_tree(&tree_dir(), &temp.0);
    assert_eq!(tree_digest(&temp.0).unwrap(), original, "a copy has the same digest");

    fs::write(temp.0.join("README.md"), "not part of the tree").unwrap();
    fs::create_dir_all(temp.0.join(".git")).unwrap();
    fs::write(temp.0.join(".git/config.yaml"), "hidden: yes").unwrap();
    assert_eq!(tree_digest(&temp.0).unwrap(), original, "non-YAML and hidden files do not count");

    change_one_byte(&temp.0, SOME_FILE);
    let changed = tree_digest(&temp.0).unwrap();
    assert_ne!(changed, original);
    assert!(changed.starts_with("sha256:") && changed.len() == 7 + 64);
}

#[test]
fn digest_frames_paths_and_lengths() {
    // Moving a byte from one file to the next, or renaming a file, changes the digest.
    let digest_of = |files: &[(&str, &str)]| {
        let temp = Temp::new("framing");
        for (rel, text) in files {
            let path = temp.0.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        tree_digest(&temp.0).unwrap()
    };
    let base = digest_of(&[("a.yaml", "ab"), ("b/c.yaml", "c")]);
    assert_eq!(base, digest_of(&[("b/c.yaml", "c"), ("a.yaml", "ab")]));
    assert_ne!(base, digest_of(&[("a.yaml", "a"), ("b/c.yaml", "bc")]));
    assert_ne!(base, digest_of(&[("a.yaml", "ab"), ("b/d.yaml", "c")]));
    assert_ne!(base, digest_of(&[("a.yaml", "ab"), ("b/c.yaml", "c"), ("e.yaml", "")]));
    // Empty tree: the SHA-256 of nothing.
    assert_eq!(digest_of(&[]), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

#[test]
fn fetch_from_copies_yaml_and_license_and_verifies() {
    let pin = pin();
    let temp = Temp::new("fetch");
    let source = temp.0.join("source");
    copy_tree(&tree_dir(), &source);
    fs::write(source.join("README.md"), "upstream readme").unwrap();
    fs::create_dir_all(source.join(".github")).unwrap();
    fs::write(source.join(".github/workflow.yaml"), "on: push").unwrap();

    let dest = temp.0.join("schemas/tree");
    let fetched = fetch(&pin, &dest, Some(&source)).unwrap();
    assert_eq!(fetched.origin, source.display().to_string());
    let files = all_files(&dest);
    assert_eq!(fetched.yaml_files, files.len() - 1);
    assert!(files.iter().all(|f| f.ends_with(".yaml") || f == "LICENSE.txt"), "only YAML and the license: {files:?}");
    assert!(files.contains(&"LICENSE.txt".to_string()));
    assert!(files.contains(&SOME_FILE.to_string()));
    assert_eq!(tree_digest(&dest).unwrap(), pin.digest);

    // Fetching again replaces the tree: a file that is gone upstream is gone here too.
    fs::write(dest.join("mdm/removed-upstream.yaml"), "stale: true").unwrap();
    fetch(&pin, &dest, Some(&source)).unwrap();
    assert_eq!(all_files(&dest), files);
    assert_eq!(fs::read_dir(temp.0.join("schemas")).unwrap().count(), 1, "no staging folder left behind");
}

#[test]
fn fetch_of_a_changed_tree_is_a_digest_mismatch_and_keeps_the_old_tree() {
    let pin = pin();
    let temp = Temp::new("mismatch");
    let source = temp.0.join("source");
    copy_tree(&tree_dir(), &source);
    change_one_byte(&source, SOME_FILE);
    let actual = tree_digest(&source).unwrap();

    let dest = temp.0.join("tree");
    let err = fetch(&pin, &dest, Some(&source)).unwrap_err();
    assert!(matches!(err, SourceError::DigestMismatch { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&actual), "{message}");
    assert!(message.contains(&pin.digest), "{message}");
    assert!(message.contains("release-18.1"), "{message}");
    assert!(message.contains(&source.display().to_string()), "{message}");
    assert!(!dest.exists(), "a tree that does not match is not installed");

    // A good tree already in place survives a failed fetch.
    fetch(&pin, &dest, Some(&tree_dir())).unwrap();
    fetch(&pin, &dest, Some(&source)).unwrap_err();
    verify(&dest, &pin).unwrap();
    assert_eq!(fs::read_dir(&temp.0).unwrap().count(), 2, "no staging folder left behind");

    let err = verify(&source, &pin).unwrap_err();
    assert!(matches!(err, SourceError::DigestMismatch { .. }) && err.to_string().contains(&actual), "{err}");
}

#[test]
fn fetch_refuses_to_replace_a_folder_it_did_not_write() {
    let pin = pin();
    let temp = Temp::new("refuse");
    fs::write(temp.0.join("notes.md"), "my notes").unwrap();
    let err = fetch(&pin, &temp.0, Some(&tree_dir())).unwrap_err();
    assert!(matches!(err, SourceError::Fetch(_)), "{err:?}");
    assert!(err.to_string().contains("notes.md"), "{err}");
    assert!(temp.0.join("notes.md").exists());
}

#[test]
fn fetch_from_a_folder_without_yaml_says_so() {
    let pin = pin();
    let temp = Temp::new("empty-source");
    let err = fetch(&pin, &temp.0.join("tree"), Some(&temp.0)).unwrap_err();
    assert!(err.to_string().contains("holds no *.yaml files"), "{err}");
}

#[test]
fn a_failed_download_says_how_to_do_without_network() {
    // A repository that cannot exist, on the local file system: git and curl fail without any network.
    let temp = Temp::new("download");
    let pin = Pin { repository: format!("file://{}/no-such-repository", temp.0.display()), ..pin() };
    let dest = temp.0.join("tree");
    let err = fetch(&pin, &dest, None).unwrap_err();
    assert!(matches!(err, SourceError::Fetch(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("fetching the pinned tree failed: could not download"), "{message}");
    assert!(message.contains("git:") && message.contains("tarball:"), "{message}");
    assert!(message.contains("cargo xtask fetch-schemas --from DIR"), "{message}");
    assert!(!dest.exists());
}

#[test]
fn locate_tree_precedence_is_flag_then_env_then_default() {
    let temp = Temp::new("locate");
    let (flag, env, workspace) = (temp.0.join("flag"), temp.0.join("env"), temp.0.join("ws"));
    for dir in [&flag, &env, &default_tree(&workspace)] {
        fs::create_dir_all(dir).unwrap();
    }
    let env_value = Some(env.clone().into_os_string());
    assert_eq!(locate_tree_with(Some(flag.clone()), env_value.clone(), &workspace).unwrap(), flag);
    assert_eq!(locate_tree_with(None, env_value.clone(), &workspace).unwrap(), env);
    assert_eq!(locate_tree_with(None, None, &workspace).unwrap(), default_tree(&workspace));
    assert_eq!(locate_tree_with(None, Some("".into()), &workspace).unwrap(), default_tree(&workspace), "empty DM_SCHEMAS is unset");
    assert_eq!(locate_tree(Some(flag.clone()), &workspace).unwrap(), flag);
    // A relative DM_SCHEMAS is read from the workspace root, wherever the command runs (test
    // binaries run in their package's folder): `../shared/…` as the README writes it.
    let relative = Some(std::ffi::OsString::from("../env"));
    assert_eq!(locate_tree_with(None, relative, &workspace).unwrap(), workspace.join("../env"));
}

#[test]
fn a_missing_tree_says_how_to_get_one() {
    let temp = Temp::new("missing");
    let gone = temp.0.join("gone");
    let cases = [
        (locate_tree_with(Some(gone.clone()), None, &temp.0), "given by --schemas"),
        (locate_tree_with(None, Some(gone.clone().into_os_string()), &temp.0), "given by DM_SCHEMAS"),
        (locate_tree_with(None, None, &temp.0), "schemas/tree"),
    ];
    for (result, looked) in cases {
        let err = result.unwrap_err();
        assert!(matches!(err, SourceError::Missing { .. }), "{err:?}");
        let message = err.to_string();
        assert!(!message.contains('\n'), "one line: {message}");
        assert!(message.contains("cargo xtask fetch-schemas") && message.contains("--schemas DIR") && message.contains("DM_SCHEMAS"), "{message}");
        assert!(message.contains(looked), "{message}");
    }
    // A flag that names a missing tree is an error, not a reason to read another tree.
    fs::create_dir_all(default_tree(&temp.0)).unwrap();
    assert!(locate_tree_with(Some(gone), None, &temp.0).is_err());
}

#[test]
fn pin_errors_name_the_line_and_the_problem() {
    let good = fs::read_to_string(pin_path(Path::new(WORKSPACE))).unwrap();
    assert_eq!(Pin::parse(&good).unwrap(), pin());

    let replace =
        |key: &str, line: &str| -> String { good.lines().map(|l| if l.starts_with(&format!("{key} =")) { line } else { l }).collect::<Vec<_>>().join("\n") };
    let line_of = |key: &str| good.lines().position(|l| l.starts_with(&format!("{key} ="))).unwrap() + 1;
    let cases = [
        (replace("release", ""), "missing `release = \"...\"`".to_string()),
        (format!("{good}\nbranch = \"main\""), "unknown key `branch`".to_string()),
        (format!("{good}\nrelease = \"release-18.0\""), "`release` is given twice".to_string()),
        (replace("commit", "commit = b6202ca2fbd31286a52eb160b67a4db7b4fe1f1f"), format!("line {}: the value of `commit` must be", line_of("commit"))),
        (replace("commit", "commit = \"b6202ca\""), format!("line {}: bad `commit` value `b6202ca`: expected 40", line_of("commit"))),
        (replace("digest", "digest = \"md5:0123\""), "bad `digest` value `md5:0123`: expected `sha256:`".to_string()),
        (replace("repository", "repository = \"git@github.com:apple/device-management\""), "expected an https:// address".to_string()),
        (replace("release", "release = \"--upload-pack=x\""), "bad `release` value".to_string()),
        (replace("release", "release"), "expected `key = \"value\"`, found `release`".to_string()),
        (replace("release", "release = \"release-18.1\" trailing"), "must be one double-quoted string".to_string()),
        (format!("{good}\n[layers]\n"), "unknown table `[layers]` (expected [[beneath]])".to_string()),
        (format!("{good}\n[[beneath]]\ncommit = \"b6202ca2fbd31286a52eb160b67a4db7b4fe1f1f\"\n"), "the [[beneath]] table of line".to_string()),
        (format!("{good}\n[[beneath]]\nrelease = \"release-16.0\"\n"), "missing `digest".to_string()),
        (format!("{good}\n[[beneath]]\nrepository = \"https://example.com\"\n"), "a layer beneath has the pinned release's `repository`".to_string()),
        (
            format!("{good}\n[[beneath]]\nrelease = \"release-18.0\"\ndigest = \"sha256:{}\"\n", "0".repeat(64)),
            "release `release-18.0` is layered twice".to_string(),
        ),
    ];
    for (text, expected) in cases {
        let err = Pin::parse(&text).unwrap_err();
        assert!(matches!(err, SourceError::BadPin { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with("schemas/pin.toml: "), "{message}");
        assert!(message.contains(&expected), "expected `{expected}` in: {message}");
    }

    let err = Pin::load(Path::new("/no/such/pin.toml")).unwrap_err();
    assert!(matches!(err, SourceError::Io { .. }) && err.to_string().starts_with("/no/such/pin.toml: "), "{err}");
}

/// `fetch-schemas --release`: the layers beneath the pin have known digests, so a copy of
/// release-17.0 (and 18.0) installs verified, and a copy of another release under that name is
/// refused; a release without a known digest is an error that names the known ones.
#[test]
fn layers_fetch_verified_and_unknown_releases_are_refused() {
    let pin = pin();
    assert_eq!(pin.for_release(&pin.release).unwrap(), pin.alone());
    let root = tree_dir().parent().expect("the folder of the releases").to_path_buf();
    let temp = Temp::new("fetch-release");
    for release in ["release-17.0", "release-18.0"] {
        let other = pin.for_release(release).unwrap();
        assert_eq!((other.release.as_str(), other.commit.as_str(), other.repository.as_str()), (release, "", pin.repository.as_str()));
        let dest = generator::source::releases_dir(&temp.0).join(release);
        let fetched = fetch(&other, &dest, Some(&root.join(release))).unwrap_or_else(|e| panic!("{release}: {e}"));
        assert!(fetched.yaml_files > 280, "{release}: {} files", fetched.yaml_files);
        assert_eq!(tree_digest(&dest).unwrap(), other.digest);
    }
    let mismatch = fetch(&pin.for_release("release-17.0").unwrap(), &temp.0.join("wrong"), Some(&root.join("release-18.0"))).unwrap_err();
    assert!(mismatch.to_string().contains("does not match the pin"), "{mismatch}");
    let unknown = pin.for_release("release-16.0").unwrap_err().to_string();
    assert!(unknown.contains("no digest is known for `release-16.0` (known: release-17.0, release-18.0, release-18.1)"), "{unknown}");
}
