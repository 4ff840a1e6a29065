//! The traps of Apple's YAML (see FORMAT.md), one test each on a small hand-written fixture and,
//! where the real trees have the case, on the real file too: recursive aliases, the root schema
//! compiled as JSON Schema, shared non-recursive anchors, `ANY` keys, array item placeholders,
//! arrays of arrays, the tagged-union array of `settings.yaml`, odd version values, and why the
//! loader does not use `serde_yaml`. Also `supportedOS` inheritance: field by field, per OS,
//! nested `sharedipad`, and down a chain of keys.

use crate::common;

use std::collections::BTreeSet;

use common::{build_inline, inline, key, payload_keys, real_file, real_text, release, release_dir, RELEASES};
use generator::check::RootSchema;
use generator::load::{load_file_text, parse};
use generator::model::{Key, KeyList, KeyType, Mode, Os, Subkeys, Version, VersionSpec};
use generator::LoadErrorKind;

/// The id of the list a key's subkeys were built from; panics for anything but a built list.
fn list_id(k: &Key) -> usize {
    match &k.subkeys {
        Subkeys::List(l) => l.id,
        other => panic!("`{}`: expected a subkey list, found {other:?}", k.name),
    }
}

/// Calls `f` on every key of a list, depth first, with its parent key.
fn walk<'a>(list: &'a KeyList, parent: Option<&'a Key>, f: &mut dyn FnMut(&'a Key, Option<&'a Key>)) {
    for k in &list.keys {
        f(k, parent);
        if let Subkeys::List(sub) = &k.subkeys {
            walk(sub, Some(k), f);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Recursive aliases

/// An anchor on a subkey list, aliased from inside that list: a folder icon holds icons.
const RECURSIVE: &str = "\
title: Recursive icons
payload:
  payloadtype: com.example.recursive
payloadkeys:
- key: Icons
  type: <array>
  subkeys: &icons
  - key: Icon
    type: <dictionary>
    subkeys:
    - key: Type
      type: <string>
      rangelist: [App, Folder]
    - key: Children
      type: <array>
      subkeys: *icons
";

#[test]
fn recursive_alias_fixture_becomes_recursive_subkeys() {
    let f = inline("recursive", RECURSIVE);
    let icons = key(payload_keys(&f), &["Icons"]);
    let icons_list = list_id(icons);
    let children = key(payload_keys(&f), &["Icons", "Icon", "Children"]);
    assert_eq!(children.subkeys, Subkeys::Recursive(icons_list), "the alias points back at the ancestor list");
    assert!(children.children().is_empty(), "a recursive reference is not expanded");
    assert_eq!(children.ty, KeyType::Array);
}

/// release-18.1 `com.apple.homescreenlayout.yaml`: `Dock` holds `&id001` (icons); an icon's
/// `Pages` holds `&id002` (pages of `*id001`); top-level `Pages` is `*id002`. Each alias back
/// into a list being built becomes `Recursive`, pointing at that list.
#[test]
fn recursive_alias_real_homescreenlayout() {
    let f = real_file("release-18.1", "mdm/profiles/com.apple.homescreenlayout.yaml");
    let keys = payload_keys(f);
    let id001 = list_id(key(keys, &["Dock"]));
    let id002 = list_id(key(keys, &["Dock", "IconItem", "Pages"]));
    assert_ne!(id001, id002);
    assert_eq!(key(keys, &["Dock", "IconItem", "Pages", "PagesItem"]).subkeys, Subkeys::Recursive(id001));

    // The top-level `Pages` is the same list as the icon's `Pages`, expanded (not recursive here).
    assert_eq!(list_id(key(keys, &["Pages"])), id002);
    assert_eq!(list_id(key(keys, &["Pages", "PagesItem"])), id001);
    // … and inside it, an icon's `Pages` aliases `&id002`, now an ancestor.
    assert_eq!(key(keys, &["Pages", "PagesItem", "IconItem", "Pages"]).subkeys, Subkeys::Recursive(id002));
    assert_eq!(key(keys, &["Pages", "PagesItem", "IconItem", "URL"]).ty, KeyType::String);
}

/// release-18.1 `com.apple.applicationaccess.new.yaml`: an app's `subApps` are apps.
#[test]
fn recursive_alias_real_applicationaccess_new() {
    let f = real_file("release-18.1", "mdm/profiles/com.apple.applicationaccess.new.yaml");
    let keys = payload_keys(f);
    let white_list = list_id(key(keys, &["whiteList"]));
    let sub_apps = key(keys, &["whiteList", "whiteListItem", "subApps"]);
    assert_eq!(sub_apps.subkeys, Subkeys::Recursive(white_list));
    assert_eq!(sub_apps.ty, KeyType::Array);
    assert_eq!(key(keys, &["whiteList", "whiteListItem", "displayName"]).ty, KeyType::String, "keys after the recursive one are kept");
}

/// The root schema refers to `&payloadKeys` from inside it: compiled, it becomes `$defs` and
/// `$ref`, with the recursion as a self-reference.
#[test]
fn root_schema_compiles_as_json_schema_with_defs() {
    for rel in RELEASES {
        let bytes = std::fs::read(release_dir(rel).join("docs/schema.yaml")).expect("docs/schema.yaml");
        let graph = load_file_text("docs/schema.yaml", &bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let root = RootSchema::from_graph(&graph).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let defs = root.json["$defs"].as_object().unwrap_or_else(|| panic!("{rel}: no $defs"));
        assert!(!defs.is_empty());

        let payload_ref = root.json["properties"]["payloadkeys"]["$ref"].as_str().expect("payloadkeys is a $ref");
        assert_eq!(root.json["properties"]["responsekeys"]["$ref"].as_str(), Some(payload_ref), "{rel}: *payloadKeys shared");
        let def = &defs[payload_ref.strip_prefix("#/$defs/").expect("a local $defs ref")];
        assert_eq!(def["items"]["properties"]["subkeys"]["$ref"].as_str(), Some(payload_ref), "{rel}: subkeys refers to its own list");

        // Every `$ref` anywhere resolves to an existing `$defs` entry.
        let mut refs = Vec::new();
        collect_refs(&root.json, &mut refs);
        assert!(refs.len() >= 3, "{rel}: {refs:?}");
        for r in refs {
            let name = r.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("{rel}: non-local $ref {r}"));
            assert!(defs.contains_key(name), "{rel}: dangling $ref {r}");
        }
    }
}

fn collect_refs(j: &serde_json::Value, out: &mut Vec<String>) {
    match j {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// The compiled root schema validates: a clean file passes, an unknown key attribute (even deep
/// inside a recursive list) is reported with its key path, and a recursive file is checked
/// without looping.
#[test]
fn root_schema_checks_files() {
    let bytes = std::fs::read(release_dir("release-18.1").join("docs/schema.yaml")).expect("docs/schema.yaml");
    let root = RootSchema::from_graph(&load_file_text("docs/schema.yaml", &bytes).expect("parses")).expect("compiles");
    let clean = parse(RECURSIVE).expect("parses");
    assert_eq!(root.check("mdm/profiles/recursive.yaml", &clean), vec![]);

    let odd = RECURSIVE.replace("    - key: Type\n", "    - key: Type\n      colour: red\n");
    let warnings = root.check("mdm/profiles/odd.yaml", &parse(&odd).expect("parses"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].path, "payloadkeys.Icons.Icon.Type");
    assert_eq!(warnings[0].message, "Additional properties are not allowed ('colour' was unexpected)");
}

// ---------------------------------------------------------------------------------------------
// Shared, non-recursive anchors

const SHARED: &str = "\
title: Shared anchors
payload:
  payloadtype: com.example.shared
  supportedOS:
    iOS:
      introduced: '14.0'
payloadkeys:
- key: Primary
  supportedOS:
    iOS:
      introduced: '15.0'
  type: <dictionary>
  subkeys: &id001
  - key: Host
    type: <string>
    presence: required
  - key: Port
    type: <integer>
- key: Secondary
  supportedOS:
    iOS:
      introduced: '16.0'
  type: <dictionary>
  subkeys: *id001
";

#[test]
fn shared_anchor_fixture_is_expanded_at_both_occurrences() {
    let f = inline("shared", SHARED);
    let keys = payload_keys(&f);
    let (primary, secondary) = (key(keys, &["Primary"]), key(keys, &["Secondary"]));
    assert_eq!(list_id(primary), list_id(secondary), "one YAML list, one id");
    let names = |k: &Key| k.children().iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(primary), ["Host", "Port"]);
    assert_eq!(names(secondary), ["Host", "Port"]);
    // Expanded per occurrence, so each copy inherits from its own parent.
    let introduced = |path: &[&str]| key(keys, path).resolved_os.get(Os::IOS).and_then(|s| s.introduced.clone());
    assert_eq!(introduced(&["Primary", "Host"]), VersionSpec::parse("15.0"));
    assert_eq!(introduced(&["Secondary", "Host"]), VersionSpec::parse("16.0"));
}

/// release-18.1 `com.apple.dock.yaml`: four arrays share `&id001` (`StaticItem`).
#[test]
fn shared_anchor_real_dock() {
    let f = real_file("release-18.1", "mdm/profiles/com.apple.dock.yaml");
    let keys = payload_keys(f);
    let arrays = ["static-others", "static-apps", "persistent-apps", "persistent-others"];
    let ids: BTreeSet<usize> = arrays.iter().map(|a| list_id(key(keys, &[a]))).collect();
    assert_eq!(ids.len(), 1, "all four share one list");
    for a in arrays {
        let label = key(keys, &[a, "StaticItem", "tile-data", "label"]);
        assert_eq!((label.ty, label.is_required()), (KeyType::String, true), "{a}: expanded, not a reference");
        assert!(!matches!(key(keys, &[a]).subkeys, Subkeys::Recursive(_)));
    }
}

// ---------------------------------------------------------------------------------------------
// ANY keys, array item placeholders, arrays of arrays

const ANY: &str = "\
title: Free-form keys
payload:
  payloadtype: com.example.any
payloadkeys:
- key: Headers
  type: <dictionary>
  subkeys:
  - key: ANY
    type: <string>
- key: Apps
  type: <dictionary>
  subkeys:
  - key: ANY app identifier
    type: <dictionary>
    subkeys:
    - key: Status
      type: <string>
- key: ANYTHING
  type: <string>
- key: Company
  type: <string>
";

#[test]
fn any_keys_fixture() {
    let f = inline("any", ANY);
    let keys = payload_keys(&f);
    assert!(key(keys, &["Headers", "ANY"]).is_any());
    assert!(key(keys, &["Apps", "ANY app identifier"]).is_any());
    assert_eq!(key(keys, &["Apps", "ANY app identifier", "Status"]).ty, KeyType::String);
    assert!(!key(keys, &["ANYTHING"]).is_any(), "only `ANY` or `ANY <what>`");
    assert!(!key(keys, &["Company"]).is_any());
    assert!(!key(keys, &["Headers"]).is_any());
}

#[test]
fn any_keys_real() {
    let apps = real_file("release-18.1", "mdm/commands/application.managed.list.yaml");
    let response = apps.response_keys.as_ref().expect("responsekeys");
    let any = key(response, &["ManagedApplicationList", "ANY app identifier"]);
    assert!(any.is_any());
    assert_eq!(any.ty, KeyType::Dictionary);
    let dock = real_file("release-18.1", "mdm/profiles/com.apple.dock.yaml");
    let file_data = key(payload_keys(dock), &["static-others", "StaticItem", "tile-data", "file-data", "ANY"]);
    assert!(file_data.is_any());
    assert_eq!(file_data.ty, KeyType::Any);

    // Across the tree: an `ANY` key only ever appears beneath a dictionary, or at the top level
    // of a payload (free-form payload keys: the DDM properties declaration, the ethernet profiles).
    let mut seen = 0;
    let mut top_level = Vec::new();
    for f in &release("release-18.1").files {
        for list in [&f.payload_keys, &f.response_keys].into_iter().flatten() {
            walk(list, None, &mut |k, parent| {
                if k.is_any() {
                    seen += 1;
                    match parent {
                        Some(p) => assert_eq!(p.ty, KeyType::Dictionary, "{}: `{}`", f.path, k.name),
                        None => top_level.push(f.path.as_str()),
                    }
                }
            });
        }
    }
    assert!(seen > 20, "only {seen} ANY keys");
    let ethernet = ["firstactive", "first", "global", "secondactive", "second", "thirdactive", "third"];
    let mut expected = vec!["declarative/declarations/management/properties.yaml".to_string()];
    expected.extend(ethernet.map(|e| format!("mdm/profiles/com.apple.{e}ethernet.managed.yaml")));
    assert_eq!(top_level, expected);
}

const ARRAYS: &str = "\
title: Arrays
payload:
  payloadtype: com.example.arrays
payloadkeys:
- key: Servers
  type: <array>
  subkeys:
  - key: ServersItem
    type: <string>
- key: Matrix
  type: <array>
  subkeys:
  - key: Row
    type: <array>
    subkeys:
    - key: Cell
      type: <integer>
";

#[test]
fn array_item_placeholder_fixture() {
    let f = inline("arrays", ARRAYS);
    let servers = key(payload_keys(&f), &["Servers"]);
    assert_eq!(servers.children().len(), 1);
    let item = &servers.children()[0];
    assert_eq!((item.name.as_str(), item.ty), ("ServersItem", KeyType::String));
    assert_eq!(servers.union_tag(), None, "a single item type is not a union");
}

#[test]
fn array_item_placeholder_real() {
    let f = real_file("release-18.1", "mdm/commands/system.update.schedule.yaml");
    let updates = key(payload_keys(f), &["Updates"]);
    assert_eq!(updates.ty, KeyType::Array);
    let names: Vec<&str> = updates.children().iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["UpdatesItem"]);

    // Every array of every release has exactly one item type, or is the tagged union, or
    // repeats (recursively) a list that has exactly one.
    for rel in RELEASES {
        let mut arrays = 0;
        for f in &release(rel).files {
            for list in [&f.payload_keys, &f.response_keys].into_iter().flatten() {
                walk(list, None, &mut |k, _| {
                    if k.ty != KeyType::Array {
                        return;
                    }
                    arrays += 1;
                    match &k.subkeys {
                        Subkeys::List(l) => assert!(l.keys.len() == 1 || k.union_tag().is_some(), "{rel}/{}: `{}`", f.path, k.name),
                        Subkeys::Recursive(_) => {}
                        Subkeys::None => panic!("{rel}/{}: array `{}` without items", f.path, k.name),
                    }
                });
            }
        }
        assert!(arrays > 300, "{rel}: only {arrays} arrays");
    }
}

#[test]
fn arrays_of_arrays_fixture() {
    let f = inline("arrays", ARRAYS);
    let matrix = key(payload_keys(&f), &["Matrix"]);
    let row = key(payload_keys(&f), &["Matrix", "Row"]);
    assert_eq!((matrix.ty, row.ty), (KeyType::Array, KeyType::Array));
    assert_eq!(row.children().len(), 1);
    assert_eq!(key(payload_keys(&f), &["Matrix", "Row", "Cell"]).ty, KeyType::Integer);
}

/// release-18.1 homescreenlayout: `Pages` is an array of pages, each an array of icons.
#[test]
fn arrays_of_arrays_real() {
    let f = real_file("release-18.1", "mdm/profiles/com.apple.homescreenlayout.yaml");
    let pages = key(payload_keys(f), &["Pages"]);
    let page = key(payload_keys(f), &["Pages", "PagesItem"]);
    assert_eq!((pages.ty, page.ty), (KeyType::Array, KeyType::Array));
    assert_eq!(page.children().len(), 1);
    assert_eq!(key(payload_keys(f), &["Pages", "PagesItem", "IconItem"]).ty, KeyType::Dictionary);
}

// ---------------------------------------------------------------------------------------------
// The tagged-union array

const UNION: &str = "\
title: Union
payload:
  payloadtype: com.example.union
payloadkeys:
- key: Settings
  type: <array>
  subkeys:
  - key: Wallpaper
    type: <dictionary>
    subkeys:
    - key: Item
      type: <string>
      presence: required
      rangelist: [Wallpaper]
    - key: Image
      type: <data>
  - key: DeviceName
    type: <dictionary>
    subkeys:
    - key: Item
      type: <string>
      presence: required
      rangelist: [DeviceName]
    - key: DeviceName
      type: <string>
";

#[test]
fn tagged_union_fixture() {
    let f = inline("union", UNION);
    let settings = key(payload_keys(&f), &["Settings"]);
    assert_eq!(settings.children().len(), 2);
    assert_eq!(settings.union_tag(), Some("Item"));

    // The same tag value twice tells nothing apart: an array with two item types is an error.
    let ambiguous = UNION.replace("rangelist: [DeviceName]", "rangelist: [Wallpaper]");
    let errors = build_inline("union", &ambiguous).expect_err("two item types without a tag");
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["mdm/profiles/union.yaml:5: at `payloadkeys.Settings`: array must have exactly one item subkey, found 2"]);
}

/// release-18.1 `mdm/commands/settings.yaml`: `Settings` is one of 19 dictionaries, told apart
/// by their `Item` value.
#[test]
fn tagged_union_real_settings() {
    let f = real_file("release-18.1", "mdm/commands/settings.yaml");
    let settings = key(payload_keys(f), &["Settings"]);
    assert_eq!(settings.ty, KeyType::Array);
    assert_eq!(settings.union_tag(), Some("Item"));
    let alternatives = settings.children();
    assert_eq!(alternatives.len(), 19);
    let mut tags = BTreeSet::new();
    for alt in alternatives {
        assert_eq!(alt.ty, KeyType::Dictionary, "{}", alt.name);
        let item = alt.children().iter().find(|k| k.name == "Item").unwrap_or_else(|| panic!("{}: no Item", alt.name));
        assert!(item.is_required());
        assert_eq!(item.rangelist.len(), 1);
        tags.insert(item.rangelist[0].to_string());
    }
    assert_eq!(tags.len(), 19, "the tag values are distinct");
    assert!(tags.contains("Wallpaper") && tags.contains("AccessibilitySettings"), "{tags:?}");
}

// ---------------------------------------------------------------------------------------------
// Odd version values

const VERSIONS: &str = "\
title: Versions
payload:
  payloadtype: com.example.versions
  supportedOS:
    iOS:
      introduced: '10.13.4'
      deprecated: n/a
      removed: '0'
    macOS:
      introduced: 10.13.4
      deprecated: '12'
    tvOS:
      introduced: all
    visionOS:
      introduced: 10.10
    watchOS:
      introduced: n/a
payloadkeys:
- key: Name
  type: <string>
";

fn ver(parts: &[u32]) -> Version {
    Version(parts.to_vec())
}

#[test]
fn odd_versions_fixture() {
    let f = inline("versions", VERSIONS);
    let os = |o: Os| f.payload.supported_os.get(o).unwrap_or_else(|| panic!("{o} missing")).clone();

    // Three parts, quoted or not: the same version.
    let (ios, mac) = (os(Os::IOS), os(Os::MacOS));
    assert_eq!(ios.introduced, Some(VersionSpec::Version(ver(&[10, 13, 4]))));
    assert_eq!(mac.introduced, Some(VersionSpec::Version(ver(&[10, 13, 4]))));
    // Unquoted `10.10` is not the float 10.1: the loader keeps the source text.
    let vision = os(Os::VisionOS).introduced.expect("visionOS introduced");
    assert_eq!(vision, VersionSpec::Version(ver(&[10, 10])));
    assert_eq!(vision.to_string(), "10.10");

    // `n/a`: never introduced; as a deprecation, never deprecated.
    let watch = os(Os::WatchOS).introduced.expect("watchOS introduced");
    assert_eq!(watch, VersionSpec::NotApplicable);
    assert_eq!(watch.as_introduced(), None);
    assert_eq!(ios.deprecated.as_ref().and_then(VersionSpec::as_cutoff), None);
    // `all`: introduced from the very first version.
    let tv = os(Os::TvOS).introduced.expect("tvOS introduced");
    assert_eq!(tv, VersionSpec::All);
    assert_eq!(tv.as_introduced(), Some(ver(&[0])));
    // `'0'` as `removed`: removed from the first version on (the real keys say `content: removed`).
    let removed = ios.removed.expect("iOS removed");
    assert_eq!(removed, VersionSpec::Zero);
    assert_eq!(removed.as_cutoff(), Some(ver(&[0])));
    assert_eq!(removed.as_introduced(), Some(ver(&[0])));
    assert_eq!(mac.deprecated.as_ref().and_then(VersionSpec::as_cutoff), Some(ver(&[12])));
}

#[test]
fn version_parsing_and_ordering() {
    let p = |t: &str| Version::parse(t).unwrap_or_else(|| panic!("{t}"));
    assert_eq!(p("10.13"), p("10.13.0"), "missing parts are zero");
    assert!(p("10.13.4") > p("10.13"));
    assert!(p("10.10") > p("10.9"), "numeric, not lexical");
    assert!(p("17") > p("16.7.10"));
    for bad in ["", "1x.0", "10..1", ".1", "1.", "-1", "10.13 beta", "v17"] {
        assert_eq!(VersionSpec::parse(bad), None, "`{bad}` must be refused");
    }
    assert_eq!(VersionSpec::parse("N/A"), Some(VersionSpec::NotApplicable));
    assert_eq!(VersionSpec::All.as_cutoff(), Some(ver(&[0])));
}

#[test]
fn odd_versions_real() {
    // release-17.0 loginwindow.yaml: `introduced: all`.
    let login = real_file("release-17.0", "mdm/profiles/loginwindow.yaml");
    let k = key(payload_keys(login), &["DisableLoginItemsSuppression"]);
    assert_eq!(k.supported_os.get(Os::MacOS).and_then(|s| s.introduced.clone()), Some(VersionSpec::All));

    // release-17.0 manifesturl.yaml: `removed: '0'` on keys whose content is "removed": removed
    // from the first version on, as the availability tables read it too.
    let manifest = real_file("release-17.0", "other/manifesturl.yaml");
    let shine = key(payload_keys(manifest), &["items", "items-item", "assets", "assets-item", "needs-shine"]);
    for os in [Os::IOS, Os::MacOS, Os::TvOS] {
        let removed = shine.supported_os.get(os).and_then(|s| s.removed.clone());
        assert_eq!(removed, Some(VersionSpec::Zero), "{os}");
        assert_eq!(removed.and_then(|r| r.as_cutoff()), Some(ver(&[0])), "{os}: removed everywhere");
    }
    assert_eq!(shine.content.as_deref(), Some("removed"));
    assert_eq!(shine.supported_os.get(Os::WatchOS).and_then(|s| s.introduced.clone()), Some(VersionSpec::NotApplicable));

    // release-18.1 ADCertificate: unquoted three-part `introduced: 10.13.4`.
    let ad = real_file("release-18.1", "mdm/profiles/com.apple.ADCertificate.managed.yaml");
    let renewal = key(payload_keys(ad), &["EnableAutoRenewal"]);
    assert_eq!(renewal.supported_os.get(Os::MacOS).and_then(|s| s.introduced.clone()), Some(VersionSpec::Version(ver(&[10, 13, 4]))));
}

// ---------------------------------------------------------------------------------------------
// serde_yaml

/// `serde_yaml` expands aliases eagerly and gives up on a recursive one; the loader's graph keeps
/// the alias as an edge and parses the same text.
#[test]
fn serde_yaml_fails_on_recursive_files() {
    let mut texts = vec![("fixture".to_string(), RECURSIVE.to_string())];
    for path in ["mdm/profiles/com.apple.homescreenlayout.yaml", "mdm/profiles/com.apple.applicationaccess.new.yaml", "docs/schema.yaml"] {
        texts.push((path.to_string(), real_text("release-18.1", path)));
    }
    for (name, text) in &texts {
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).expect_err(name);
        assert!(err.to_string().contains("recursion limit exceeded"), "{name}: {err}");
        assert!(parse(text).is_ok(), "{name}: the loader parses what serde_yaml cannot");
    }
    // Shared anchors without recursion are fine for serde_yaml: it is the recursion that breaks.
    assert!(serde_yaml::from_str::<serde_yaml::Value>(SHARED).is_ok());
    assert!(serde_yaml::from_str::<serde_yaml::Value>(&real_text("release-18.1", "mdm/profiles/com.apple.dock.yaml")).is_ok());
}

// ---------------------------------------------------------------------------------------------
// supportedOS inheritance

const INHERIT: &str = "\
title: Inheritance
payload:
  payloadtype: com.example.inherit
  supportedOS:
    iOS:
      introduced: '9.0'
      accessrights: AllowSettings
      supervised: true
      sharedipad:
        mode: allowed
        devicechannel: true
        userchannel: false
        allowed-scopes: [system]
      userenrollment:
        mode: allowed
    macOS:
      introduced: '10.9'
      devicechannel: true
      userchannel: false
payloadkeys:
- key: RestatesIntroduced
  supportedOS:
    iOS:
      introduced: '11.0'
  type: <string>
- key: MacOnly
  supportedOS:
    macOS:
      introduced: '12.0'
      userchannel: true
    visionOS:
      introduced: '1.0'
  type: <string>
- key: SharedIpad
  supportedOS:
    iOS:
      sharedipad:
        userchannel: true
      userenrollment:
        behavior: skip
  type: <string>
- key: Parent
  supportedOS:
    iOS:
      introduced: '13.0'
      supervised: false
  type: <dictionary>
  subkeys:
  - key: Child
    type: <string>
  - key: Grandparent
    supportedOS:
      iOS:
        supervised: true
    type: <dictionary>
    subkeys:
    - key: Grandchild
      type: <string>
";

#[test]
fn inheritance_field_by_field() {
    let f = inline("inherit", INHERIT);
    let k = key(payload_keys(&f), &["RestatesIntroduced"]);
    let ios = k.resolved_os.get(Os::IOS).expect("iOS");
    assert_eq!(ios.introduced, VersionSpec::parse("11.0"), "the key's own value wins");
    assert_eq!(ios.supervised, Some(true), "not restated: still the payload's");
    assert_eq!(ios.accessrights.as_deref(), Some("AllowSettings"));
    assert_eq!(k.supported_os.get(Os::IOS).expect("as written").supervised, None);
}

#[test]
fn inheritance_per_os() {
    let f = inline("inherit", INHERIT);
    let k = key(payload_keys(&f), &["MacOnly"]);
    assert_eq!(k.resolved_os.get(Os::IOS), f.payload.supported_os.get(Os::IOS), "an OS missing at key level is the payload's entry");
    let mac = k.resolved_os.get(Os::MacOS).expect("macOS");
    assert_eq!((mac.introduced.clone(), mac.devicechannel, mac.userchannel), (VersionSpec::parse("12.0"), Some(true), Some(true)));
    let vision = k.resolved_os.get(Os::VisionOS).expect("an OS only the key names is kept");
    assert_eq!(vision.introduced, VersionSpec::parse("1.0"));
    assert_eq!(k.resolved_os.get(Os::TvOS), None, "named by neither");
}

#[test]
fn inheritance_nested_sharedipad_merge() {
    let f = inline("inherit", INHERIT);
    let k = key(payload_keys(&f), &["SharedIpad"]);
    let ios = k.resolved_os.get(Os::IOS).expect("iOS");
    let shared = ios.sharedipad.as_ref().expect("sharedipad");
    assert_eq!(shared.mode, Some(Mode::Allowed));
    assert_eq!(shared.devicechannel, Some(true));
    assert_eq!(shared.userchannel, Some(true), "the key's field wins inside sharedipad");
    assert_eq!(shared.allowed_scopes.as_deref(), Some(&["system".to_string()][..]));
    let ue = ios.userenrollment.as_ref().expect("userenrollment");
    assert_eq!((ue.mode, ue.behavior.as_deref()), (Some(Mode::Allowed), Some("skip")));
    assert_eq!(ios.introduced, VersionSpec::parse("9.0"));
}

/// A subkey inherits from its parent key's resolved rules, not only from the payload.
#[test]
fn inheritance_down_a_chain_of_keys() {
    let f = inline("inherit", INHERIT);
    let ios = |path: &[&str]| key(payload_keys(&f), path).resolved_os.get(Os::IOS).cloned().expect("iOS");
    let child = ios(&["Parent", "Child"]);
    assert_eq!((child.introduced, child.supervised), (VersionSpec::parse("13.0"), Some(false)));
    assert_eq!(child.accessrights.as_deref(), Some("AllowSettings"));
    let grandchild = ios(&["Parent", "Grandparent", "Grandchild"]);
    assert_eq!((grandchild.introduced, grandchild.supervised), (VersionSpec::parse("13.0"), Some(true)));
}

/// `payload.supportedOS` problems are reported on their line, with their path, even inside
/// the inheritance machinery (here: a bad `mode` inside a key's `sharedipad`).
#[test]
fn inheritance_bad_value_is_an_error_not_a_silent_default() {
    let bad = INHERIT.replace("        userchannel: true\n      userenrollment:", "        mode: sometimes\n      userenrollment:");
    let errors = build_inline("inherit", &bad).expect_err("bad mode");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(matches!(errors[0].kind, LoadErrorKind::BadValue { .. }));
    assert_eq!(
        errors[0].to_string(),
        "mdm/profiles/inherit.yaml:38: at `payloadkeys.SharedIpad.supportedOS.iOS.sharedipad.mode`: \
         bad value `sometimes` for `mode`: expected allowed, required, forbidden or ignored"
    );
}
