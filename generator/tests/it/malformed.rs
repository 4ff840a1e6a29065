//! Malformed input: each fixture in `tests/fixtures/malformed/mdm/profiles/` (`.yml`, so nobody takes them for Apple's files) has exactly one
//! defect, and the loader must report it as one error with the exact file, line, key path and
//! message. Also hostile input generated here (binary data, "billion laughs" anchors, 10,000
//! nested brackets) must fail fast with a clear error instead of hanging or overflowing the stack,
//! and loading the whole malformed tree reports every file's error in one run.

use crate::common;

use std::path::{Path, PathBuf};

use common::{release_dir, temp_dir};
use generator::load::{load_file_text, MAX_DEPTH};
use generator::model::{build_file, Category};
use generator::{LoadError, LoadErrorKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// Every fixture and the one error it must produce, as displayed. Sorted by file name, which is
/// also the order `load_tree` reports them in.
const EXPECTED: &[(&str, &str)] = &[
    ("array-no-item.yml", "mdm/profiles/array-no-item.yml:5: at `payloadkeys.Servers`: array must have exactly one item subkey, found 0"),
    ("array-two-items.yml", "mdm/profiles/array-two-items.yml:5: at `payloadkeys.Servers`: array must have exactly one item subkey, found 2"),
    ("bad-boolean.yml", "mdm/profiles/bad-boolean.yml:7: at `payload.supportedOS.iOS.supervised`: bad value `maybe` for `supervised`: expected true or false"),
    (
        "bad-mode.yml",
        "mdm/profiles/bad-mode.yml:8: at `payload.supportedOS.iOS.sharedipad.mode`: bad value `sometimes` for `mode`: \
         expected allowed, required, forbidden or ignored",
    ),
    (
        "bad-presence.yml",
        "mdm/profiles/bad-presence.yml:7: at `payloadkeys.Name.presence`: bad value `mandatory` for `presence`: expected required or optional",
    ),
    ("bad-syntax.yml", "mdm/profiles/bad-syntax.yml:7: YAML syntax error: while scanning a quoted scalar, found unexpected end of stream"),
    (
        "bad-version.yml",
        "mdm/profiles/bad-version.yml:11: at `payloadkeys.Name.supportedOS.iOS.introduced`: \
         bad version `1x.0` (expected digits separated by dots, `n/a`, `all` or `0`)",
    ),
    (
        "billion-laughs.yml",
        "mdm/profiles/billion-laughs.yml:18: at `payloadkeys.L5.a.g.i.i.i[9]`: document has more than 200000 keys once aliases are expanded",
    ),
    ("binary.yml", "mdm/profiles/binary.yml: file is not UTF-8 text (binary data?)"),
    ("complex-mapping-key.yml", "mdm/profiles/complex-mapping-key.yml:7: mapping keys must be scalars"),
    ("empty.yml", "mdm/profiles/empty.yml: file is empty"),
    ("missing-key.yml", "mdm/profiles/missing-key.yml:7: at `payloadkeys[1]`: missing required field `key`"),
    ("missing-type.yml", "mdm/profiles/missing-type.yml:5: at `payloadkeys.Name`: missing required field `type`"),
    ("multiple-documents.yml", "mdm/profiles/multiple-documents.yml:7: more than one YAML document in the file"),
    ("scalar-for-mapping.yml", "mdm/profiles/scalar-for-mapping.yml:7: at `payloadkeys.Name.supportedOS`: expected a mapping, found scalar"),
    ("undefined-anchor.yml", "mdm/profiles/undefined-anchor.yml:7: alias refers to an anchor that is not defined before it"),
    (
        "unknown-os.yml",
        "mdm/profiles/unknown-os.yml:8: at `payload.supportedOS.iPadOS`: bad value `iPadOS` for `supportedOS`: \
         expected iOS, macOS, tvOS, visionOS or watchOS",
    ),
    (
        "unknown-type.yml",
        "mdm/profiles/unknown-type.yml:9: at `payloadkeys.Comment.type`: unknown key type `<strng>` \
         (expected one of <string> <integer> <real> <boolean> <date> <data> <array> <dictionary> <any>)",
    ),
];

/// Reads, parses and models one file the way `load_tree` does (without the root-schema check).
fn load_bytes(rel: &str, bytes: &[u8]) -> Vec<LoadError> {
    let graph = match load_file_text(rel, bytes) {
        Ok(g) => g,
        Err(e) => return vec![e],
    };
    let category = Category::from_path(rel).expect("a known folder");
    match build_file(rel, category, &graph) {
        Ok(f) => panic!("{rel} loaded as {:?}", f.title),
        Err(errors) => errors,
    }
}

/// Loads one fixture, asserts it fails with exactly the expected error, and returns the error.
fn one_error(name: &str) -> LoadError {
    let expected = EXPECTED.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("{name} is not in EXPECTED")).1;
    let rel = format!("mdm/profiles/{name}");
    let bytes = std::fs::read(fixtures().join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut errors = load_bytes(&rel, &bytes);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown, [expected], "{name}");
    errors.remove(0)
}

#[test]
fn bad_yaml_syntax() {
    let e = one_error("bad-syntax.yml");
    assert!(matches!(e.kind, LoadErrorKind::Syntax { .. }));
    assert_eq!(e.line, 7);
}

#[test]
fn unknown_type() {
    assert_eq!(one_error("unknown-type.yml").kind, LoadErrorKind::UnknownType { value: "<strng>".into() });
}

#[test]
fn missing_key() {
    assert_eq!(one_error("missing-key.yml").kind, LoadErrorKind::MissingField { field: "key" });
}

#[test]
fn missing_type() {
    assert_eq!(one_error("missing-type.yml").kind, LoadErrorKind::MissingField { field: "type" });
}

#[test]
fn array_without_item_subkey() {
    assert_eq!(one_error("array-no-item.yml").kind, LoadErrorKind::ArrayItemCount { count: 0 });
}

#[test]
fn array_with_two_non_union_item_subkeys() {
    assert_eq!(one_error("array-two-items.yml").kind, LoadErrorKind::ArrayItemCount { count: 2 });
}

#[test]
fn bad_version() {
    assert_eq!(one_error("bad-version.yml").kind, LoadErrorKind::BadVersion { value: "1x.0".into() });
}

#[test]
fn alias_to_undefined_anchor() {
    assert_eq!(one_error("undefined-anchor.yml").kind, LoadErrorKind::UnknownAnchor);
}

#[test]
fn empty_file() {
    assert_eq!(one_error("empty.yml").kind, LoadErrorKind::Empty);
    // Whitespace and comments only are empty too.
    for text in ["   \n\n\t\n", "# nothing but a comment\n"] {
        let errors = load_bytes("mdm/profiles/blank.yaml", text.as_bytes());
        assert_eq!(errors.len(), 1, "{text:?}");
        assert_eq!(errors[0].kind, LoadErrorKind::Empty, "{text:?}");
    }
}

#[test]
fn binary_file() {
    assert_eq!(one_error("binary.yml").kind, LoadErrorKind::NotText);
    // Not UTF-8 but free of NUL bytes (Latin-1 `é`): still refused as text.
    let errors = load_bytes("mdm/profiles/latin1.yaml", b"title: Caf\xe9\n");
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/latin1.yaml: file is not UTF-8 text (binary data?)"]);
}

/// The same through `load_tree`, on a file written here with NUL bytes.
#[test]
fn binary_file_in_a_tree() {
    let dir = temp_dir("binary");
    std::fs::create_dir_all(dir.join("mdm/commands")).expect("mkdir");
    std::fs::write(dir.join("mdm/commands/blob.yaml"), [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, b'\n']).expect("write");
    let errors = generator::load_tree(&dir).expect_err("binary file").0;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/commands/blob.yaml: file is not UTF-8 text (binary data?)"]);
}

#[test]
fn scalar_where_a_mapping_is_expected() {
    assert_eq!(one_error("scalar-for-mapping.yml").kind, LoadErrorKind::WrongShape { expected: "a mapping", found: "scalar" });
    // The whole document being a scalar or a list is the same kind of error, at the top.
    let errors = load_bytes("mdm/profiles/list.yaml", b"- title\n- payload\n");
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/list.yaml:1: expected a mapping, found sequence"]);
}

#[test]
fn bad_presence() {
    assert!(matches!(one_error("bad-presence.yml").kind, LoadErrorKind::BadValue { field, .. } if field == "presence"));
}

#[test]
fn bad_boolean() {
    assert!(matches!(one_error("bad-boolean.yml").kind, LoadErrorKind::BadValue { field, value, .. } if field == "supervised" && value == "maybe"));
}

#[test]
fn bad_sharedipad_mode() {
    assert!(matches!(one_error("bad-mode.yml").kind, LoadErrorKind::BadValue { field, .. } if field == "mode"));
}

#[test]
fn unknown_os_name() {
    assert!(matches!(one_error("unknown-os.yml").kind, LoadErrorKind::BadValue { field, value, .. } if field == "supportedOS" && value == "iPadOS"));
}

#[test]
fn multiple_documents() {
    assert_eq!(one_error("multiple-documents.yml").kind, LoadErrorKind::MultipleDocuments);
}

#[test]
fn complex_mapping_key() {
    assert_eq!(one_error("complex-mapping-key.yml").kind, LoadErrorKind::ComplexMappingKey);
}

/// Nine levels of anchors, ten aliases each: 10^9 keys if expanded. Refused (the count stops
/// at the limit, so it never expands them; a test asserts the outcome, not the time).
#[test]
fn billion_laughs_is_too_large() {
    let e = one_error("billion-laughs.yml");
    assert_eq!(e.kind, LoadErrorKind::TooLarge { limit: 200_000, what: "keys once aliases are expanded" });
}

/// Through `load_tree` with a real root schema present, the root-schema check (which expands
/// aliases to build JSON) must not hang on the same file either.
#[test]
fn billion_laughs_in_a_tree_with_a_root_schema() {
    let dir = temp_dir("billion-laughs");
    std::fs::create_dir_all(dir.join("docs")).expect("mkdir");
    std::fs::create_dir_all(dir.join("mdm/profiles")).expect("mkdir");
    std::fs::copy(release_dir("release-18.1").join("docs/schema.yaml"), dir.join("docs/schema.yaml")).expect("copy the root schema");
    std::fs::copy(fixtures().join("mdm/profiles/billion-laughs.yml"), dir.join("mdm/profiles/billion-laughs.yml")).expect("copy");
    let result = generator::load_tree(&dir);
    let errors = result.expect_err("billion laughs").0;
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), [EXPECTED.iter().find(|(n, _)| *n == "billion-laughs.yml").expect("listed").1]);

    // Exponential anchors in an attribute the model ignores: the file loads, and the check says
    // it gave up instead of expanding 10^9 scalars.
    let mut lol = String::from(
        "title: Laughs\npayload:\n  payloadtype: com.example.lol\npayloadkeys:\n- key: Name\n  type: <string>\nlol0: &l0 [a, b, c, d, e, f, g, h, i, j]\n",
    );
    for level in 1..10 {
        lol.push_str(&format!("lol{level}: &l{level} [{}]\n", vec![format!("*l{}", level - 1); 10].join(", ")));
    }
    std::fs::remove_file(dir.join("mdm/profiles/billion-laughs.yml")).expect("rm");
    std::fs::write(dir.join("mdm/profiles/lol.yaml"), lol).expect("write");
    let result = generator::load_tree(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let tree = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree.files.len(), 1);
    let warnings: Vec<String> = tree.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["mdm/profiles/lol.yaml: warning: not checked against the root schema: more than 1000000 values or 256 levels once aliases are expanded"]
    );
}

/// 10,000 nested flow sequences (and mappings): refused as too deep, not a stack overflow.
#[test]
fn deeply_nested_flow_collections_are_too_deep() {
    for open in ["[", "{"] {
        let text = open.repeat(10_000);
        let errors = load_bytes("mdm/profiles/deep.yaml", text.as_bytes());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind, LoadErrorKind::TooDeep { limit: MAX_DEPTH }, "{open}");
        assert_eq!(errors[0].to_string(), "mdm/profiles/deep.yaml:1: document nests deeper than 256 levels");
    }
}

/// 1,000 nested block mappings (and block sequences): refused at the first level past the limit,
/// on its line. (The YAML library's own tree loader recurses per level and overflowed here.)
#[test]
fn deeply_nested_block_collections_are_too_deep() {
    let text: String = (0..1000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let errors = load_bytes("mdm/profiles/deep.yaml", text.as_bytes());
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/deep.yaml:257: document nests deeper than 256 levels"]);

    let text = format!("{}x\n", "- ".repeat(10_000));
    let errors = load_bytes("mdm/profiles/deep.yaml", text.as_bytes());
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/deep.yaml:1: document nests deeper than 256 levels"]);
}

/// `n` anchored chains of `per` nested dictionary keys, each chain's innermost key aliasing the
/// previous chain, kept in an attribute the model ignores; `payloadkeys` aliases the last one.
/// Expanded, the keys nest `n * per` levels deep although the YAML nests only `2 * per`.
fn alias_chain(n: usize, per: usize) -> String {
    let mut text = String::from("title: Deep aliases\npayload:\n  payloadtype: com.example.alias-chain\nchains:\n");
    for i in 0..n {
        text.push_str(&format!("- &d{i}\n"));
        for level in 0..per {
            let pad = "  ".repeat(level + 1);
            text.push_str(&format!("{pad}- key: K{level}\n{pad}  type: <dictionary>\n"));
            if level + 1 < per {
                text.push_str(&format!("{pad}  subkeys:\n"));
            } else if i > 0 {
                text.push_str(&format!("{pad}  subkeys: *d{}\n", i - 1));
            } else {
                text.push_str(&format!("{pad}  subkeys: [{{key: Leaf, type: <string>}}]\n"));
            }
        }
    }
    text.push_str(&format!("payloadkeys: *d{}\n", n - 1));
    text
}

/// Ten chains of twenty keys: 200 levels once expanded. Refused at 128 key levels, with the
/// expanded key path, instead of recursing until the stack overflows.
#[test]
fn alias_chain_nesting_is_too_deep() {
    let chain: Vec<String> = (0..20).map(|l| format!("K{l}")).collect();
    let mut path = vec!["payloadkeys".to_string()];
    for _ in 0..6 {
        path.extend(chain.iter().cloned());
    }
    path.extend(chain[..8].iter().cloned());
    let expected = format!("mdm/profiles/alias-chain.yaml:213: at `{}`: document nests deeper than 128 levels", path.join("."));

    let errors = load_bytes("mdm/profiles/alias-chain.yaml", alias_chain(10, 20).as_bytes());
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), [expected]);
    assert_eq!(errors[0].kind, LoadErrorKind::TooDeep { limit: 128 });

    // Through `load_tree` with the root-schema check, which expands aliases too.
    let dir = temp_dir("alias-chain");
    std::fs::create_dir_all(dir.join("docs")).expect("mkdir");
    std::fs::create_dir_all(dir.join("mdm/profiles")).expect("mkdir");
    std::fs::copy(release_dir("release-18.1").join("docs/schema.yaml"), dir.join("docs/schema.yaml")).expect("copy the root schema");
    std::fs::write(dir.join("mdm/profiles/alias-chain.yaml"), alias_chain(100, 100)).expect("write");
    let result = generator::load_tree(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let errors = result.expect_err("too deep").0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind, LoadErrorKind::TooDeep { limit: 128 });
    assert_eq!(errors[0].path.split('.').count(), 129, "payloadkeys + 128 key levels");
}

/// More YAML nodes than the parser accepts (a flat list of a million scalars).
#[test]
fn too_many_nodes_is_too_large() {
    let text = format!("[{}]", "a,".repeat(1_000_001));
    let errors = load_bytes("mdm/profiles/big.yaml", text.as_bytes());
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/big.yaml:1: document has more than 1000000 YAML nodes"]);
}

/// A file over the size limit is refused before it is read (a sparse file: no 16 MB written).
#[test]
fn oversized_file_is_too_large() {
    let dir = temp_dir("oversized");
    std::fs::create_dir_all(dir.join("other")).expect("mkdir");
    let file = std::fs::File::create(dir.join("other/huge.yaml")).expect("create");
    file.set_len(16 * 1024 * 1024 + 1).expect("set_len");
    drop(file);
    let errors = generator::load_tree(&dir).expect_err("too large").0;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["other/huge.yaml: document has more than 16777216 bytes"]);
}

/// `levels` dictionary keys, each the only subkey of the one before.
fn nested_keys(levels: usize) -> String {
    let mut text = String::from("title: Deep\npayload:\n  payloadtype: com.example.deep\npayloadkeys:\n");
    for level in 0..levels {
        let pad = "  ".repeat(level);
        if level + 1 < levels {
            text.push_str(&format!("{pad}- key: K{level}\n{pad}  type: <dictionary>\n{pad}  subkeys:\n"));
        } else {
            text.push_str(&format!("{pad}- key: K{level}\n{pad}  type: <string>\n"));
        }
    }
    text
}

/// Keys nested as deep as the YAML depth limit allows (127 levels) still load, through the
/// root-schema check too, on the loader's own worker threads (default stack size); one more
/// level is refused by the parser.
#[test]
fn deep_but_legal_key_nesting_loads() {
    const LEVELS: usize = 127;
    let errors = load_bytes("mdm/profiles/deep.yaml", nested_keys(LEVELS + 1).as_bytes());
    assert_eq!(errors.iter().map(ToString::to_string).collect::<Vec<_>>(), ["mdm/profiles/deep.yaml:386: document nests deeper than 256 levels"]);

    let text = nested_keys(LEVELS);
    let dir = temp_dir("deep");
    std::fs::create_dir_all(dir.join("docs")).expect("mkdir");
    std::fs::create_dir_all(dir.join("mdm/profiles")).expect("mkdir");
    std::fs::copy(release_dir("release-18.1").join("docs/schema.yaml"), dir.join("docs/schema.yaml")).expect("copy the root schema");
    std::fs::write(dir.join("mdm/profiles/deep.yaml"), &text).expect("write");
    let result = generator::load_tree(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let tree = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree.warnings, vec![]);
    let mut k = &tree.files[0].payload_keys.as_ref().expect("payloadkeys").keys[0];
    let mut depth = 1;
    while let Some(child) = k.children().first() {
        k = child;
        depth += 1;
    }
    assert_eq!((depth, k.name.as_str()), (LEVELS, "K126"));
}

#[test]
fn file_outside_the_known_folders() {
    let dir = temp_dir("location");
    std::fs::create_dir_all(dir.join("extras")).expect("mkdir");
    std::fs::write(dir.join("extras/thing.yaml"), "title: Thing\n").expect("write");
    let errors = generator::load_tree(&dir).expect_err("unknown folder").0;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["extras/thing.yaml: file is outside the known schema folders (mdm/, declarative/, other/)"]
    );
}

/// The whole malformed tree in one `load_tree` run: every file's error comes back, one per
/// file, sorted by file, not just the first.
#[test]
fn whole_malformed_tree_reports_every_error() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("mdm/profiles"))
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yml"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed, "every fixture has exactly one expectation");
    assert!(listed.len() >= 15);

    let errors = generator::load_tree(&fixtures()).expect_err("a malformed tree").0;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|(_, e)| *e).collect();
    assert_eq!(shown, expected);
    let files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    assert!(files.windows(2).all(|w| w[0] < w[1]), "one error per file, sorted: {files:?}");

    // `LoadErrors` displays the count and every error.
    let all = generator::LoadErrors(errors).to_string();
    assert!(all.starts_with(&format!("{} error(s) in the schema tree:\n", EXPECTED.len())), "{all}");
    assert!(expected.iter().all(|e| all.contains(&format!("  {e}\n"))));
}
