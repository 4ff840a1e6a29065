//! The drift engine on small trees written for it (`tests/fixtures/drift/{old,new}`): each kind of
//! change once — schemas added, removed, renamed and moved, a wire identifier that changes, files
//! sharing a wire identifier, keys added and removed, every attribute, availability per OS, a
//! recursive schema — with its path, values, API level and Rust item; then the API diff, the
//! renderers and the CI gate.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use generator::drift::{self, ApiChangeKind, AvailabilityField, Change, ChangeKind, DriftReport, FailOn, Format, Level};
use generator::model::Os;

fn fixture(side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift").join(side)
}

/// The fixture report, computed once.
fn report() -> &'static DriftReport {
    static REPORT: OnceLock<DriftReport> = OnceLock::new();
    REPORT.get_or_init(|| drift::diff_dirs(&fixture("old"), &fixture("new")).unwrap_or_else(|e| panic!("{e}")))
}

/// The one change of a kind at a path of a file; panics listing the file's changes otherwise.
fn change(file: &str, path: &str, kind: ChangeKind) -> &'static Change {
    let r = report();
    let found: Vec<&Change> = r.changes.iter().filter(|c| c.file == file && c.path == path && c.kind == kind).collect();
    match found.as_slice() {
        [c] => c,
        _ => {
            let all: Vec<String> = r.changes.iter().filter(|c| c.file == file).map(|c| format!("  {} {} {:?}→{:?}", c.path, c.kind, c.old, c.new)).collect();
            panic!("expected one {kind} at {file} {path}, found {}; the file's changes:\n{}", found.len(), all.join("\n"))
        }
    }
}

fn at<'r>(file: &str, path: &str) -> Vec<&'r Change> {
    report().changes.iter().filter(|c| c.file == file && c.path == path).collect()
}

const SAMPLE: &str = "mdm/commands/sample.command.yaml";
const RECURSIVE: &str = "mdm/profiles/com.example.recursive.yaml";
const RUST: &str = "commands::sample_command::SampleCommandCommand";

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn counts_of_the_fixture_report() {
    let r = report();
    assert_eq!((r.old_files, r.new_files, r.paired), (8, 8, 6));
    let c = r.counts();
    let expected: &[(&str, usize)] = &[
        ("availability", 10),
        ("combinetype", 1),
        ("default", 1),
        ("format", 1),
        ("item-renamed", 1),
        ("key-added", 8),
        ("key-removed", 1),
        ("presence", 1),
        ("range", 1),
        ("rangelist", 1),
        ("rangelist-value-added", 2),
        ("rangelist-value-removed", 1),
        ("repetition", 1),
        ("schema-added", 2),
        ("schema-removed", 2),
        ("schema-renamed", 2),
        ("subkeys", 2),
        ("subkeytype", 1),
        ("type", 1),
        ("valuetype", 1),
    ];
    let got: Vec<(&str, usize)> = c.by_kind.iter().map(|(k, n)| (*k, *n)).collect();
    assert_eq!(got, expected);
    assert_eq!(c.total, 41);
    assert_eq!((c.breaking, c.additive, c.no_api_impact), (12, 10, 19));
    assert_eq!(c.schemas_changed, 9);
    assert_eq!(r.level(), Level::Breaking);
    assert!(r.api_errors.is_empty(), "{:?}", r.api_errors);
}

#[test]
fn a_tree_against_itself_has_no_drift() {
    for side in ["old", "new"] {
        let r = drift::diff_dirs(&fixture(side), &fixture(side)).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.is_empty(), "{side}: {:#?}", r.changes);
        assert_eq!(r.level(), Level::None);
        assert!(!r.fails(FailOn::Any) && !r.fails(FailOn::Breaking));
    }
}

#[test]
fn schemas_added_and_removed_by_wire_identifier() {
    let r = report();
    let names = |kind: &str| r.of_kind(kind).into_iter().map(|c| (c.schema.as_str(), c.file.as_str())).collect::<Vec<_>>();
    assert_eq!(names("schema-added"), [("Fresh", "mdm/commands/fresh.yaml"), ("com.example.retyped.v2", "mdm/profiles/com.example.retyped.yaml")]);
    assert_eq!(names("schema-removed"), [("Gone", "mdm/commands/gone.yaml"), ("com.example.retyped.v1", "mdm/profiles/com.example.retyped.yaml")]);

    let fresh = change("mdm/commands/fresh.yaml", "", ChangeKind::SchemaAdded);
    assert_eq!(fresh.new, s("Fresh Command"));
    assert_eq!(fresh.availability, s("iOS 18.0+"));
    assert_eq!((fresh.api.level, fresh.api.rust_item.as_str()), (Level::Additive, "commands::fresh (FreshCommand)"));
    let gone = change("mdm/commands/gone.yaml", "", ChangeKind::SchemaRemoved);
    assert_eq!((gone.api.level, gone.api.rust_item.as_str()), (Level::Breaking, "commands::gone (GoneCommand)"));

    // Same path, another wire identifier: a different schema, so nothing is diffed key by key.
    assert!(r.changes.iter().filter(|c| c.file.ends_with("retyped.yaml")).all(|c| matches!(c.kind, ChangeKind::SchemaAdded | ChangeKind::SchemaRemoved)));
}

#[test]
fn a_renamed_file_is_one_rename_not_remove_and_add() {
    let c = change("mdm/profiles/com.example.moved.yaml", "", ChangeKind::SchemaRenamed);
    assert_eq!(c.schema, "com.example.renamed");
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some("mdm/profiles/com.example.renamed.yaml"), Some("mdm/profiles/com.example.moved.yaml")));
    // Module and main type names come from the file name: the rename breaks the Rust API.
    assert_eq!(c.api.level, Level::Breaking);
    assert_eq!(c.api.rust_item, "profiles::com_example_renamed::ComExampleRenamed → profiles::com_example_moved::ComExampleMoved");
    // … and the renamed file is still diffed key by key.
    let another = change("mdm/profiles/com.example.moved.yaml", "payloadkeys.Another", ChangeKind::KeyAdded);
    assert_eq!(another.api.rust_item, "profiles::com_example_moved::ComExampleMoved.another");
    assert!(report().changes.iter().all(|c| c.schema != "com.example.renamed" || !matches!(c.kind, ChangeKind::SchemaAdded | ChangeKind::SchemaRemoved)));
}

#[test]
fn a_moved_file_that_keeps_its_module_has_no_api_impact() {
    let file = "declarative/declarations/configurations/moved/example.settings.yaml";
    let c = change(file, "", ChangeKind::SchemaRenamed);
    assert_eq!(c.old, s("declarative/declarations/configurations/example.settings.yaml"));
    assert_eq!((c.api.level, c.api.rust_item.as_str()), (Level::None, "declarations::example_settings (ExampleSettings)"));
    assert_eq!(report().changes.iter().filter(|c| c.file == file).count(), 1);
}

#[test]
fn files_sharing_a_wire_identifier_pair_by_path() {
    let r = report();
    let mcx: Vec<&Change> = r.changes.iter().filter(|c| c.schema == "com.example.MCX").collect();
    assert_eq!(mcx.len(), 1, "{mcx:#?}");
    assert_eq!(mcx[0].file, "mdm/profiles/com.example.MCX(B).yaml");
    assert_eq!(mcx[0].path, "payloadkeys.PartBExtra");
    assert_eq!(mcx[0].kind, ChangeKind::KeyAdded);
    assert_eq!(mcx[0].api.rust_item, "profiles::com_example_mcx_part_b::ComExampleMCXB.part_b_extra");
}

#[test]
fn keys_added_with_path_type_and_availability() {
    let extra = change(SAMPLE, "payloadkeys.Extra", ChangeKind::KeyAdded);
    assert_eq!(extra.new, s("<boolean>, optional"));
    // Its own supportedOS, with the payload's inherited: iOS supervised, user enrollment allowed.
    assert_eq!(extra.availability, s("iOS 18.0+ (supervised, user enrollment allowed); macOS n/a; tvOS n/a; visionOS 2.0+"));
    assert_eq!((extra.api.level, extra.api.rust_item.as_str()), (Level::Additive, "commands::sample_command::SampleCommandCommand.extra"));

    let req = change(SAMPLE, "payloadkeys.Nested.NewRequired", ChangeKind::KeyAdded);
    assert_eq!(req.api.level, Level::Breaking, "a new required field");
    assert_eq!(req.api.rust_item, "commands::sample_command::NestedOptions.new_required");
    let opt = change(SAMPLE, "payloadkeys.Nested.NewInner", ChangeKind::KeyAdded);
    assert_eq!(opt.api.level, Level::Additive);
    let any = change(SAMPLE, "payloadkeys.Nested.ANY", ChangeKind::KeyAdded);
    assert_eq!((any.api.level, any.api.rust_item.as_str()), (Level::None, "commands::sample_command::NestedOptions.unknown"));

    let detail = change(SAMPLE, "responsekeys.Detail", ChangeKind::KeyAdded);
    assert_eq!(detail.api.rust_item, "commands::sample_command::SampleCommandResponse.detail");
}

#[test]
fn keys_removed() {
    let c = change(SAMPLE, "payloadkeys.Legacy", ChangeKind::KeyRemoved);
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some("<string>, optional"), None));
    assert_eq!((c.api.level, c.api.rust_item.as_str()), (Level::Breaking, "commands::sample_command::SampleCommandCommand.legacy"));
}

#[test]
fn attribute_changes_with_levels() {
    // (path, kind, old, new, level, Rust field)
    type Case = (&'static str, ChangeKind, Option<&'static str>, Option<&'static str>, Level, &'static str);
    let cases: &[Case] = &[
        ("payloadkeys.Size", ChangeKind::Type, Some("<integer>"), Some("<string>"), Level::Breaking, "size"),
        ("payloadkeys.Flag", ChangeKind::Presence, Some("optional"), Some("required"), Level::Breaking, "flag"),
        ("payloadkeys.Count", ChangeKind::Range, Some("0..=10"), Some("0..=20"), Level::None, "count"),
        ("payloadkeys.Count", ChangeKind::Default, Some("5"), Some("6"), Level::None, "count"),
        ("payloadkeys.Email", ChangeKind::Format, Some("^.+@.+$"), Some("^[^@]+@[^@]+$"), Level::None, "email"),
        ("payloadkeys.Website", ChangeKind::ValueType, Some("url"), Some("hostname"), Level::None, "website"),
        ("payloadkeys.Tags", ChangeKind::Repetition, Some("0..=5"), Some("0..=10"), Level::None, "tags"),
        ("payloadkeys.Limit", ChangeKind::CombineType, Some("number-min"), Some("number-max"), Level::None, "limit"),
        ("payloadkeys.Nested", ChangeKind::SubkeyType, Some("NestedSettings"), Some("NestedOptions"), Level::Breaking, "nested"),
    ];
    for (path, kind, old, new, level, field) in cases {
        let c = change(SAMPLE, path, *kind);
        assert_eq!((c.old.as_deref(), c.new.as_deref()), (*old, *new), "{path} {kind}");
        assert_eq!(c.api.level, *level, "{path} {kind}");
        assert_eq!(c.api.rust_item, format!("{RUST}.{field}"), "{path} {kind}");
    }
    // Unstated presence is optional: `Quiet` gained `presence: optional`, which is no change.
    assert!(at(SAMPLE, "payloadkeys.Quiet").is_empty());
    // Only documentation changed on `Name`.
    assert!(at(SAMPLE, "payloadkeys.Name").is_empty());
}

#[test]
fn rangelist_appearing_and_subkeys_changing_shape() {
    let c = change(SAMPLE, "payloadkeys.Priority", ChangeKind::Rangelist);
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (None, Some("Low, High")));
    assert_eq!((c.api.level, c.api.rust_item.as_str()), (Level::Breaking, "commands::sample_command::Priority"), "String becomes an enum");
    let c = change(SAMPLE, "payloadkeys.Blob", ChangeKind::Subkeys);
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some("1 key(s)"), Some("none")));
    assert_eq!((c.api.level, c.api.rust_item.as_str()), (Level::Breaking, "commands::sample_command::SampleCommandCommand.blob"));
    assert!(at(SAMPLE, "payloadkeys.Blob.Part").is_empty(), "the key beneath is part of the shape change");
}

#[test]
fn rangelist_values_added_and_removed() {
    let added = change(SAMPLE, "payloadkeys.Mode", ChangeKind::RangelistValueAdded);
    assert_eq!(added.new, s("D"));
    assert_eq!((added.api.level, added.api.rust_item.as_str()), (Level::Additive, "commands::sample_command::Mode"));
    let removed = change(SAMPLE, "payloadkeys.Mode", ChangeKind::RangelistValueRemoved);
    assert_eq!(removed.old, s("B"));
    assert_eq!(removed.api.level, Level::Breaking);
}

#[test]
fn an_array_item_renamed_is_matched_by_position() {
    let c = change(SAMPLE, "payloadkeys.Tags.Tag", ChangeKind::ItemRenamed);
    assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some("TagsItem"), Some("Tag")));
    assert_eq!(c.api.level, Level::None, "Vec<String> either way");
    assert!(report().changes.iter().all(|c| !c.path.contains("TagsItem")));
}

#[test]
fn availability_per_os_is_reported_where_written() {
    let payload: Vec<(Os, AvailabilityField, Option<String>, Option<String>)> = at(SAMPLE, "payload")
        .iter()
        .map(|c| match c.kind {
            ChangeKind::Availability { os, field } => (os, field, c.old.clone(), c.new.clone()),
            k => panic!("unexpected {k}"),
        })
        .collect();
    assert_eq!(
        payload,
        [
            (Os::IOS, AvailabilityField::Supervised, s("false"), s("true")),
            (Os::MacOS, AvailabilityField::Removed, None, s("15.0")),
            // tvOS went from unlisted to `introduced: n/a`: both mean unavailable, so no change.
            (Os::VisionOS, AvailabilityField::Introduced, s("n/a"), s("2.0+")),
        ]
    );
    // The payload's changes are inherited by every key, but reported once, at `payload`.
    let keyed = report().changes.iter().filter(|c| c.file == SAMPLE && c.path != "payload" && matches!(c.kind, ChangeKind::Availability { .. }));
    assert!(keyed.clone().all(|c| c.path == "payloadkeys.Gated"), "{:#?}", keyed.collect::<Vec<_>>());

    let gated = |os: Os, field: AvailabilityField| change(SAMPLE, "payloadkeys.Gated", ChangeKind::Availability { os, field });
    let pairs = [
        (gated(Os::IOS, AvailabilityField::Introduced), "16.0", "17.0"),
        (gated(Os::IOS, AvailabilityField::DeviceChannel), "true", "false"),
        (gated(Os::IOS, AvailabilityField::RequiresDep), "false", "true"),
        (gated(Os::IOS, AvailabilityField::AllowedEnrollments), "device, user", "device"),
        (gated(Os::IOS, AvailabilityField::UserEnrollmentMode), "allowed", "forbidden"),
        (gated(Os::MacOS, AvailabilityField::Introduced), "13.0+", "n/a"),
    ];
    for (c, old, new) in pairs {
        assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some(old), Some(new)), "{}", c.kind);
        assert_eq!(c.api.level, Level::None, "availability is documentation");
        assert_eq!(c.api.rust_item, format!("{RUST}.gated"));
    }
    let deprecated = gated(Os::IOS, AvailabilityField::Deprecated);
    assert_eq!((deprecated.old.as_deref(), deprecated.new.as_deref()), (None, Some("18.0")));
    assert_eq!(ChangeKind::Availability { os: Os::IOS, field: AvailabilityField::UserEnrollmentMode }.to_string(), "availability iOS.userenrollment.mode");
}

#[test]
fn recursive_schema_is_compared_by_target_never_expanded() {
    let r = report();
    let rec: Vec<&Change> = r.changes.iter().filter(|c| c.file == RECURSIVE).collect();
    assert_eq!(rec.len(), 3, "{rec:#?}");
    // A change inside the recursive list is reported once, not once per level of recursion.
    let label = change(RECURSIVE, "payloadkeys.Icons.Icon.Label", ChangeKind::KeyAdded);
    assert_eq!(label.api.rust_item, "profiles::com_example_recursive::Icon.label");
    let widget = change(RECURSIVE, "payloadkeys.Icons.Icon.Type", ChangeKind::RangelistValueAdded);
    assert_eq!(widget.new, s("Widget"));
    // `Children` still points back at `Icons`: no change. `Link` now repeats `Inner`, not `Outer`.
    assert!(at(RECURSIVE, "payloadkeys.Icons.Icon.Children").is_empty());
    let link = change(RECURSIVE, "payloadkeys.Outer.OuterItem.Inner.InnerItem.Link", ChangeKind::Subkeys);
    assert_eq!(link.old, s("recursive: same as `payloadkeys.Outer`"));
    assert_eq!(link.new, s("recursive: same as `payloadkeys.Outer.OuterItem.Inner`"));
    assert_eq!((link.api.level, link.api.rust_item.as_str()), (Level::Breaking, "profiles::com_example_recursive::InnerItem.link"));
}

#[test]
fn generated_api_diff() {
    let api = &report().api;
    let find = |kind: ApiChangeKind, item: &str| {
        api.changes.iter().find(|c| c.kind == kind && c.item == item).unwrap_or_else(|| panic!("no {} {item} in {:#?}", kind.name(), api.changes))
    };
    assert_eq!(api.changes.len(), 22);
    assert_eq!(api.level(), Level::Breaking);
    assert_eq!(api.count(ApiChangeKind::ModuleAdded), 2);
    assert_eq!(api.count(ApiChangeKind::ModuleRemoved), 2);
    assert_eq!(find(ApiChangeKind::FieldChanged, &format!("{RUST}.flag")).new, s("bool"));
    assert_eq!(find(ApiChangeKind::FieldChanged, &format!("{RUST}.size")).old, s("Option<i64>"));
    assert_eq!(find(ApiChangeKind::FieldRemoved, &format!("{RUST}.legacy")).level, Level::Breaking);
    assert_eq!(find(ApiChangeKind::FieldAdded, &format!("{RUST}.extra")).level, Level::Additive);
    assert_eq!(find(ApiChangeKind::VariantAdded, "commands::sample_command::Mode::D").level, Level::Additive);
    assert_eq!(find(ApiChangeKind::VariantRemoved, "commands::sample_command::Mode::B").level, Level::Breaking);
    assert_eq!(find(ApiChangeKind::TypeAdded, "commands::sample_command::NestedOptions").new, s("struct"));
    assert_eq!(find(ApiChangeKind::TypeRemoved, "commands::sample_command::NestedSettings").level, Level::Breaking);
    let link = find(ApiChangeKind::FieldChanged, "profiles::com_example_recursive::InnerItem.link");
    assert_eq!((link.old.as_deref(), link.new.as_deref()), (Some("Option<Vec<OuterItem>>"), Some("Option<Vec<InnerItem>>")));
    // A moved file that keeps its module name is no API change.
    assert!(api.changes.iter().all(|c| !c.item.starts_with("declarations::")));
}

#[test]
fn gate() {
    let r = report();
    assert!(r.fails(FailOn::Any));
    assert!(r.fails(FailOn::Breaking));
    assert_eq!("any".parse::<FailOn>().ok(), Some(FailOn::Any));
    assert_eq!("breaking".parse::<FailOn>().ok(), Some(FailOn::Breaking));
    assert!("sometimes".parse::<FailOn>().is_err());

    // An additive-only drift: the MCX file alone.
    let old = generator::load_tree(&fixture("old")).unwrap_or_else(|e| panic!("{e}"));
    let new = generator::load_tree(&fixture("new")).unwrap_or_else(|e| panic!("{e}"));
    let only = |t: &generator::SchemaTree| t.files.iter().filter(|f| f.path.contains("MCX(B)")).cloned().collect::<Vec<_>>();
    let additive = drift::diff(&only(&old), &only(&new));
    assert_eq!(additive.level(), Level::Additive);
    assert!(additive.fails(FailOn::Any));
    assert!(!additive.fails(FailOn::Breaking));
}

#[test]
fn json_carries_the_same_report() {
    let r = report();
    let text = r.render(Format::Json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(v["counts"]["total"], 41);
    assert_eq!(v["counts"]["breaking"], 12);
    assert_eq!(v["counts"]["by_kind"]["key-added"], 8);
    assert_eq!(v["level"], "breaking");
    assert_eq!(v["files"]["paired"], 6);
    let changes = v["changes"].as_array().map_or(0, Vec::len);
    assert_eq!(changes, r.changes.len());
    let gated = v["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["path"] == "payloadkeys.Gated" && c["attribute"] == "userenrollment.mode")
        .unwrap_or_else(|| panic!("no Gated userenrollment.mode change in\n{text}"));
    assert_eq!(gated["kind"], "availability");
    assert_eq!(gated["os"], "iOS");
    assert_eq!(gated["old"], "allowed");
    assert_eq!(gated["api"]["level"], "none");
    assert_eq!(v["api"]["counts"]["module-added"], 2);
    assert_eq!(v["api"]["changes"].as_array().map_or(0, Vec::len), 22);
}

#[test]
fn markdown_lists_every_section() {
    let md = report().render(Format::Markdown);
    for needle in [
        "# Schema drift",
        "| schema changes | 41: 12 breaking, 10 additive, 19 without API impact, in 9 schema(s) |",
        "## Schemas added (2)",
        "## Schemas removed (2)",
        "## Schemas renamed or moved (2)",
        "### `SampleCommand` (commands, `mdm/commands/sample.command.yaml`)",
        "| `payloadkeys.Mode` | rangelist-value-removed | B | — | **breaking** | `commands::sample_command::Mode` |",
        "## Generated API (22 change(s), semver impact: **breaking**)",
        "| field-removed | `commands::sample_command::SampleCommandCommand.legacy` | Option<String> | — |",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    // Values with pipes or newlines cannot break a table row.
    assert!(md.lines().filter(|l| l.starts_with("| `payloadkeys")).all(|l| l.ends_with('|')));
}

#[test]
fn load_errors_are_typed() {
    let missing = fixture("no-such-tree");
    match drift::diff_dirs(&missing, &fixture("new")) {
        Err(drift::DriftError::Load { which, .. }) => assert_eq!(which, "older"),
        other => panic!("expected a load error, got {other:?}"),
    }
    assert!("yaml".parse::<Format>().is_err());
}

/// A file the IR rejects (a recursive dictionary that points at an array's list): the schema
/// changes are still reported, their levels from the schema rules, and the reason is kept.
#[test]
fn a_tree_the_ir_rejects_still_gets_a_report() {
    const GOOD: &str = "\
title: Broken
payload:
  payloadtype: com.example.broken
payloadkeys:
- key: Arr
  type: <array>
  presence: optional
  subkeys:
  - key: Item
    type: <string>
";
    const BROKEN: &str = "\
title: Broken
payload:
  payloadtype: com.example.broken
payloadkeys:
- key: Arr
  type: <array>
  presence: optional
  subkeys: &arr
  - key: Item
    type: <dictionary>
    subkeys:
    - key: Back
      type: <dictionary>
      subkeys: *arr
- key: Added
  type: <string>
  presence: required
";
    let build = |text: &str| {
        let path = "mdm/profiles/com.example.broken.yaml";
        let graph = generator::load::load_file_text(path, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        generator::model::build_file(path, generator::model::Category::Profiles, &graph).unwrap_or_else(|e| panic!("{e:?}"))
    };
    let r = drift::diff(&[build(GOOD)], &[build(BROKEN)]);
    assert_eq!(r.api_errors.len(), 1, "{:?}", r.api_errors);
    assert!(r.api_errors[0].starts_with("newer tree: mdm/profiles/com.example.broken.yaml"), "{}", r.api_errors[0]);
    assert!(r.api.changes.is_empty(), "no API diff without both IRs");
    let added = r.changes.iter().find(|c| c.path == "payloadkeys.Added").unwrap_or_else(|| panic!("{:#?}", r.changes));
    assert_eq!((added.api.level, added.api.rust_item.as_str()), (Level::Breaking, "(not generated)"), "a required key, by the rules");
    let ty = r.changes.iter().find(|c| c.path == "payloadkeys.Arr.Item" && c.kind == ChangeKind::Type).unwrap_or_else(|| panic!("{:#?}", r.changes));
    assert_eq!(ty.api.level, Level::Breaking);
    assert!(r.render(Format::Markdown).contains("> warning: the Rust side is incomplete: newer tree:"));
}
