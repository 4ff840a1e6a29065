//! The generated key tables (`SCHEMA` in every module, text read on first use) say exactly
//! what the generator's IR says: for every schema of the pinned tree, every key's name, type,
//! presence, constraints, resolved `supportedOS` and children, and the schema's own support.
//! A table the runtime misreads, or text the generator writes wrongly, fails here with the
//! schema and key path.

use apple_device_management::runtime::availability::{self as rt, parse_table_text, Children};
use apple_device_management::schemas;
use dm_tests::load_tree;
use generator::ir::{self, KeyChildren, KeyTable};
use generator::load::NodeId;
use generator::model::{self, Value, VersionSpec};

fn version_spec(v: &Option<VersionSpec>) -> String {
    match v {
        None => "-".into(),
        Some(VersionSpec::Version(v)) => v.to_string(),
        Some(VersionSpec::NotApplicable) => "n/a".into(),
        Some(VersionSpec::All) => "all".into(),
        Some(VersionSpec::Zero) => "zero".into(),
    }
}

fn bound(v: &Option<rt::Bound>) -> String {
    match v {
        None => "-".into(),
        Some(rt::Bound::Version(v)) => v.to_string(),
        Some(rt::Bound::NotApplicable) => "n/a".into(),
        Some(rt::Bound::All) => "all".into(),
        Some(rt::Bound::Zero) => "zero".into(),
    }
}

fn model_mode(m: &Option<model::Mode>) -> String {
    m.map(|m| format!("{m:?}").to_lowercase()).unwrap_or_else(|| "-".into())
}

fn rt_mode(m: &Option<rt::Mode>) -> String {
    m.map(|m| format!("{m:?}").to_lowercase()).unwrap_or_else(|| "-".into())
}

fn strings(v: &Option<Vec<String>>) -> String {
    v.as_ref().map(|v| v.join(",")).unwrap_or_else(|| "-".into())
}

/// One OS entry of the model, as text both sides can produce.
fn model_os(o: &model::OsSupport) -> String {
    let ipad = o.sharedipad.as_ref().map(|s| format!("{} {:?} {:?} {}", model_mode(&s.mode), s.devicechannel, s.userchannel, strings(&s.allowed_scopes)));
    let ue = o.userenrollment.as_ref().map(|u| format!("{} {:?}", model_mode(&u.mode), u.behavior));
    format!(
        "{} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {ipad:?} {ue:?}",
        version_spec(&o.introduced),
        version_spec(&o.deprecated),
        version_spec(&o.removed),
        o.accessrights,
        o.multiple,
        o.devicechannel,
        o.userchannel,
        o.supervised,
        o.requiresdep,
        o.userapprovedmdm,
        o.allowmanualinstall,
        o.always_skippable,
        o.beta,
        strings(&o.allowed_enrollments),
        strings(&o.allowed_scopes),
    )
}

fn rt_os(o: &rt::OsSupport) -> String {
    let names = |v: Option<Vec<&str>>| v.map(|v| v.join(",")).unwrap_or_else(|| "-".into());
    let scopes = |s: Option<&[rt::Scope]>| names(s.map(|s| s.iter().map(|s| s.name()).collect()));
    let ipad = o.sharedipad.as_ref().map(|s| format!("{} {:?} {:?} {}", rt_mode(&s.mode), s.devicechannel, s.userchannel, scopes(s.allowed_scopes)));
    let ue = o.userenrollment.as_ref().map(|u| format!("{} {:?}", rt_mode(&u.mode), u.behavior.map(str::to_string)));
    format!(
        "{} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {ipad:?} {ue:?}",
        bound(&o.introduced),
        bound(&o.deprecated),
        bound(&o.removed),
        o.accessrights.map(str::to_string),
        o.multiple,
        o.devicechannel,
        o.userchannel,
        o.supervised,
        o.requiresdep,
        o.userapprovedmdm,
        o.allowmanualinstall,
        o.always_skippable,
        o.beta,
        names(o.allowed_enrollments.map(|e| e.iter().map(|e| e.name()).collect())),
        scopes(o.allowed_scopes),
    )
}

fn model_support(s: &model::SupportedOs) -> Vec<String> {
    model::Os::ALL.iter().map(|os| s.get(*os).map(model_os).unwrap_or_else(|| "none".into())).collect()
}

fn rt_support(s: &rt::Support) -> Vec<String> {
    s.0.iter().map(|o| o.map(rt_os).unwrap_or_else(|| "none".into())).collect()
}

fn model_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Integer(i) => format!("{i}"),
        Value::Real(r) => format!("{r:?}"),
        Value::Boolean(b) => format!("{b}"),
    }
}

fn rt_value(v: &rt::Scalar) -> String {
    match v {
        rt::Scalar::Str(s) => format!("{s:?}"),
        rt::Scalar::Int(i) => format!("{i}"),
        rt::Scalar::Real(r) => format!("{r:?}"),
        rt::Scalar::Bool(b) => format!("{b}"),
    }
}

/// Every difference between the IR list `want` and the runtime list `got`, with its path.
/// `ancestors` holds the IR list ids and the runtime lists above (by address), for recursive links.
fn compare(path: &str, want: &KeyTable, got: &'static [rt::KeyNode], ancestors: &mut Vec<(NodeId, usize)>, out: &mut Vec<String>) {
    if want.keys.len() != got.len() {
        out.push(format!("{path}: {} keys in the IR, {} in the table", want.keys.len(), got.len()));
        return;
    }
    ancestors.push((want.list, got.as_ptr() as usize));
    for (w, g) in want.keys.iter().zip(got) {
        let at = format!("{path}/{}", w.name);
        let mut differ = |what: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{at}: {what}: IR {a}, table {b}"));
            }
        };
        differ("name", w.name.clone(), g.name.to_string());
        differ("type", format!("{:?}", w.ty).to_lowercase(), format!("{:?}", g.ty).to_lowercase());
        differ("flags", format!("{} {} {}", w.required, w.narrowed, w.any), format!("{} {} {}", g.required, g.narrowed, g.any));
        differ("default", format!("{:?}", w.default.as_ref().map(model_value)), format!("{:?}", g.default.as_ref().map(rt_value)));
        differ(
            "rangelist",
            format!("{:?}", w.rangelist.iter().map(model_value).collect::<Vec<_>>()),
            format!("{:?}", g.rangelist.iter().map(rt_value).collect::<Vec<_>>()),
        );
        differ("range", format!("{:?}", w.range.as_ref().map(|r| (r.min, r.max))), format!("{:?}", g.range.map(|r| (r.min, r.max))));
        differ("format", format!("{:?}", w.format), format!("{:?}", g.format.map(str::to_string)));
        differ("valuetype", format!("{:?}", w.valuetype), format!("{:?}", g.valuetype.map(str::to_string)));
        differ("repetition", format!("{:?}", w.repetition.as_ref().map(|r| (r.min, r.max))), format!("{:?}", g.repetition.map(|r| (r.min, r.max))));
        differ("combinetype", format!("{:?}", w.combinetype), format!("{:?}", g.combinetype.map(str::to_string)));
        differ("union tag", format!("{:?}", w.union_tag), format!("{:?}", g.union_tag.map(str::to_string)));
        differ("support", format!("{:?}", model_support(&w.support)), format!("{:?}", rt_support(g.support)));
        match (&w.children, g.children) {
            (KeyChildren::None, Children::None) => {}
            (KeyChildren::List(t), Children::Keys(k)) => compare(&at, t, k, ancestors, out),
            (KeyChildren::Recursive(id), Children::Recursive(link)) => {
                let target = ancestors.iter().rev().find(|(i, _)| i == id).map(|(_, p)| *p);
                if target != Some(link.keys().as_ptr() as usize) {
                    out.push(format!("{at}: the recursive link does not point at its ancestor's list"));
                }
            }
            (w, _) => out.push(format!("{at}: children: IR {}, table another kind", kind(w))),
        }
    }
    ancestors.pop();
}

fn kind(c: &KeyChildren) -> &'static str {
    match c {
        KeyChildren::None => "no children",
        KeyChildren::List(_) => "a key list",
        KeyChildren::Recursive(_) => "a recursive link",
    }
}

/// Every difference between a module's IR and a runtime table, each with its path.
fn differences(module: &ir::Module, table: &rt::SchemaTable) -> Vec<String> {
    let mut out = Vec::new();
    if table.source != module.source {
        out.push(format!("{}: the table is of {}", module.source, table.source));
    }
    if table.wire_id.map(str::to_string) != module.wire_id {
        out.push(format!("{}: wire id IR {:?}, table {:?}", module.source, module.wire_id, table.wire_id));
    }
    if model_support(&module.supported_os) != rt_support(table.support) {
        out.push(format!("{}: the schema's support differs", module.source));
    }
    compare(&module.source, &module.keys, table.keys, &mut Vec::new(), &mut out);
    match (&module.response_keys, table.response_keys) {
        (None, None) => {}
        (Some(w), Some(g)) => compare(&format!("{} (response)", module.source), w, g, &mut Vec::new(), &mut out),
        (w, g) => out.push(format!("{}: response keys in the IR: {}, in the table: {}", module.source, w.is_some(), g.is_some())),
    }
    out
}

fn ir_crate() -> ir::Crate {
    ir::build_crate(&load_tree().files).unwrap_or_else(|e| panic!("the IR does not build: {e:?}"))
}

#[test]
fn every_generated_table_reads_and_says_what_the_ir_says() {
    let krate = ir_crate();
    let registry: Vec<_> = schemas().collect();
    assert_eq!(registry.len(), krate.modules.len(), "one registry entry per generated module");
    let mut found = Vec::new();
    let mut keys = 0usize;
    for module in &krate.modules {
        let Some(info) = registry.iter().find(|s| s.source == module.source) else {
            found.push(format!("{}: not in the registry", module.source));
            continue;
        };
        // The text reads without the lazy cell too, with no error.
        if let Err(e) = parse_table_text(info.schema.text()) {
            found.push(format!("{}: {e}", module.source));
            continue;
        }
        let table = info.schema.table();
        found.extend(differences(module, table));
        keys += count(table.keys) + table.response_keys.map(count).unwrap_or(0);
    }
    assert!(found.is_empty(), "{} differences:\n{}", found.len(), found.join("\n"));
    // The pinned tree has thousands of keys beneath its schemas (recursive links not
    // followed); a table that read as empty would compare equal only with an empty IR.
    assert!(keys > 4_000, "only {keys} keys read");
}

/// The comparison can fail: one changed attribute in a table's text is one difference, at
/// its key's path.
#[test]
fn a_changed_attribute_is_found_at_its_path() {
    let krate = ir_crate();
    let source = "mdm/commands/system.update.schedule.yaml";
    let module = krate.modules.iter().find(|m| m.source == source).unwrap_or_else(|| panic!("no module for {source}"));
    let info = schemas().find(|s| s.source == source).unwrap_or_else(|| panic!("{source} is not in the registry"));
    assert!(differences(module, info.schema.table()).is_empty());
    for (from, to, at) in [
        (r#""Priority" string default="Low""#, r#""Priority" string default="High""#, "UpdatesItem/Priority: default"),
        (r#""ProductKey" string required"#, r#""ProductKey" string"#, " (response)/UpdateResults/UpdateResultsItem/ProductKey: flags"),
        ("\"MaxUserDeferrals\" integer sup=2", "\"MaxUserDeferrals\" integer sup=1", "UpdatesItem/MaxUserDeferrals: support"),
    ] {
        assert!(info.schema.text().contains(from), "the table text has {from}");
        let text: &'static str = Box::leak(info.schema.text().replacen(from, to, 1).into_boxed_str());
        let changed = parse_table_text(text).unwrap_or_else(|e| panic!("{e}"));
        let found = differences(module, &changed);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains(at), "{} names {at}", found[0]);
    }
}

fn count(keys: &'static [rt::KeyNode]) -> usize {
    keys.iter().map(|k| 1 + if matches!(k.children, Children::Keys(_)) { count(k.children()) } else { 0 }).sum()
}

/// A recursive schema in the pinned tree reads as a link, not an expansion: the home screen
/// layout's folders hold pages of the same items.
#[test]
fn recursive_lists_are_links_to_their_ancestor() {
    let mut links = 0;
    for info in schemas() {
        fn walk(keys: &'static [rt::KeyNode], links: &mut usize) {
            for k in keys {
                match k.children {
                    Children::Recursive(link) => {
                        assert!(!link.keys().is_empty(), "{}: a recursive link with no keys", k.name);
                        *links += 1;
                    }
                    Children::Keys(c) => walk(c, links),
                    Children::None => {}
                }
            }
        }
        walk(info.schema.table().keys, &mut links);
    }
    assert!(links > 0, "the pinned tree has recursive schemas (the home screen layout)");
}

/// `related-status-items` are exposed: which status items report on a declaration.
#[test]
fn related_status_items_say_where_a_declaration_reports() {
    let reg = apple_device_management::registry();
    assert_eq!(reg.related_status_items("com.apple.configuration.account.carddav"), ["account.list.carddav"]);
    assert!(
        reg.related_status_items("com.apple.configuration.passcode.settings").is_empty()
            || reg.is_status_item(reg.related_status_items("com.apple.configuration.passcode.settings")[0])
    );
    assert!(reg.related_status_items("com.example.unknown").is_empty());
    // Every item named is a status item the schemas describe.
    for s in reg.schemas() {
        for item in s.related_status_items {
            assert!(reg.is_status_item(item), "{}: `{item}` is not a status item", s.source);
        }
    }
    assert!(reg.schemas().filter(|s| !s.related_status_items.is_empty()).count() >= 10);
}
