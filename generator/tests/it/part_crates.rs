//! Part crates (`emit/crates.rs`): a category listed in `PARTS` is written as part crates that
//! hold its modules, and its category crate re-exports them. On the real tree: every module is
//! in exactly one part, in order, the parts are of about equal size, the manifests tie them
//! together; on short module lists: no run is left empty while there are modules enough.

use std::collections::BTreeMap;

use generator::emit::crates::{self, Layout};
use generator::ir::Module;
use generator::model::Category;

use crate::common;

fn of(krate: &generator::ir::Crate, category: Category) -> Vec<&Module> {
    krate.modules.iter().filter(|m| m.category == category).collect()
}

fn names(run: &[&Module]) -> Vec<String> {
    run.iter().map(|m| m.name.clone()).collect()
}

fn real_crate() -> generator::ir::Crate {
    generator::ir::build_crate(&common::release("release-18.1").files).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn commands_and_profiles_are_split_into_runs_that_keep_every_module_in_order() {
    let krate = real_crate();
    for category in [Category::Commands, Category::Profiles] {
        let all: Vec<&Module> = krate.modules.iter().filter(|m| m.category == category).collect();
        let (own, parts) = crates::parts(category, &all);
        assert_eq!(parts.len(), 2, "{category:?} is built as two part crates");
        assert!(parts.iter().all(|run| !run.is_empty()), "a part crate without a module");
        // The category crate keeps what the runtime finds others through: the profile wrapper and
        // the common payload keys; every other module is in a part, in order.
        let kept: Vec<String> = own.iter().map(|m| m.main_type.clone()).collect();
        let expected: &[&str] = if category == Category::Profiles { &["CommonPayloadKeys", "TopLevel"] } else { &[] };
        assert_eq!(kept, expected, "{category:?}");
        let rest: Vec<&Module> = all.iter().copied().filter(|m| !crates::stays_whole(m)).collect();
        let joined: Vec<String> = parts.iter().flatten().map(|m| m.name.clone()).collect();
        assert_eq!(joined, names(&rest), "{category:?}: the runs end to end are the other modules in their order");
    }
    // A category not in PARTS has no part crate: its category crate holds its modules.
    let declarations: Vec<&Module> = krate.modules.iter().filter(|m| m.category == Category::Declarations).collect();
    let (own, runs) = crates::parts(Category::Declarations, &declarations);
    assert!(runs.is_empty());
    assert_eq!(names(&own), names(&declarations));
}

#[test]
fn short_module_lists_leave_no_run_empty() {
    let krate = real_crate();
    let all = of(&krate, Category::Commands);
    for len in 0..=5 {
        for parts in 1..=4 {
            let modules = &all[..len];
            let runs = crates::split(modules, parts);
            assert_eq!(runs.len(), parts.clamp(1, len.max(1)), "{len} modules in {parts} parts");
            assert!(len == 0 || runs.iter().all(|r| !r.is_empty()), "{len} modules in {parts} parts: {:?}", runs.iter().map(|r| names(r)).collect::<Vec<_>>());
            assert_eq!(runs.iter().flat_map(|r| names(r)).collect::<Vec<_>>(), names(modules));
        }
    }
}

#[test]
fn the_generated_part_crates_are_of_about_equal_size_and_tied_to_their_category_crate() {
    let files = generator::codegen::generate_tree(common::release("release-18.1"), "release-18.1").unwrap_or_else(|e| panic!("{e}"));
    let krate = real_crate();
    let layout = Layout::new(&krate.modules);
    for (category, folder) in [(Category::Commands, "commands"), (Category::Profiles, "profiles")] {
        // Every module's file is in the crate the layout names, and nowhere else.
        let mut lines: BTreeMap<String, usize> = BTreeMap::new();
        for m in of(&krate, category) {
            let dir = layout.crate_dir(m);
            let whole = crates::stays_whole(m);
            assert_eq!(dir == format!("crates/{folder}"), whole, "{} is in {dir}", m.name);
            assert!(whole || dir.starts_with(&format!("crates/{folder}-part")), "{} is in {dir}", m.name);
            let path = generator::emit::module_path(&layout, m);
            let text = files.get(&path).unwrap_or_else(|| panic!("{path} not written"));
            let elsewhere = files.keys().filter(|p| p.ends_with(&format!("/src/{}.rs", m.name)) && p.starts_with(&format!("crates/{folder}"))).count();
            assert_eq!(elsewhere, 1, "{} written more than once", m.name);
            if !whole {
                *lines.entry(dir).or_default() += text.lines().count();
            }
        }
        let total: usize = lines.values().sum();
        assert_eq!(lines.len(), 2, "{folder}: two parts");
        for (dir, n) in &lines {
            let share = *n as f64 / total as f64;
            assert!((0.35..=0.65).contains(&share), "{dir} holds {:.0}% of the parts' lines", share * 100.0);
        }
        // The category crate depends on each part and re-exports each part's modules.
        let manifest = &files[&format!("crates/{folder}/Cargo.toml")];
        let lib = &files[&format!("crates/{folder}/src/lib.rs")];
        for part in 1..=2 {
            let name = crates::part_package_name(category, part);
            assert!(manifest.contains(&format!("{name} = {{ path = \"../{folder}-part{part}\", version = \"{}\" }}", crates::VERSION)), "{manifest}");
            assert!(lib.contains(&format!("pub use {}::", crates::part_lib_name(category, part))), "part {part} not re-exported");
            let part_manifest = &files[&format!("{}/Cargo.toml", crates::part_dir(category, part))];
            assert!(part_manifest.contains(&format!("name = \"{name}\"")), "{part_manifest}");
            let part_lib = &files[&format!("{}/src/lib.rs", crates::part_dir(category, part))];
            assert!(part_lib.contains("pub static REGISTRY"), "part {part} has no registry for its types");
        }
    }
}

/// Every `path = "../X"` dependency of a generated manifest names a crate that is generated, and
/// every generated module is in a crate whose `lib.rs` declares it.
fn assert_tied(files: &BTreeMap<String, String>) {
    for (path, manifest) in files.iter().filter(|(p, _)| p.starts_with("crates/") && p.ends_with("/Cargo.toml")) {
        for dep in manifest.split("path = \"../").skip(1) {
            let folder = dep.split('"').next().unwrap_or_default();
            assert!(files.contains_key(&format!("crates/{folder}/Cargo.toml")), "{path} depends on crates/{folder}, which is not generated");
        }
    }
    for path in files.keys().filter(|p| p.starts_with("crates/") && p.ends_with(".rs") && !p.ends_with("/lib.rs")) {
        let (dir, file) = path.rsplit_once("/src/").unwrap_or_else(|| panic!("{path}"));
        let module = file.trim_end_matches(".rs");
        let lib = files.get(&format!("{dir}/src/lib.rs")).unwrap_or_else(|| panic!("{dir} has no lib.rs"));
        assert!(lib.contains(&format!("pub mod {module};")) || lib.contains(&format!("pub mod r#{module};")), "{dir}/src/lib.rs does not declare {module}");
    }
}

#[test]
fn generated_crates_are_tied_together_on_the_real_tree_and_on_trees_too_small_to_split_evenly() {
    assert_tied(&generator::codegen::generate_tree(common::release("release-18.1"), "release-18.1").unwrap_or_else(|e| panic!("{e}")));
    // The drift fixture tree has two commands: one in each part crate.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/new");
    let files = generator::codegen::generate(&fixture, "fixture").unwrap_or_else(|e| panic!("{e}"));
    for part in 1..=2 {
        let modules = files.keys().filter(|p| p.starts_with(&format!("crates/commands-part{part}/src/")) && !p.ends_with("/lib.rs")).count();
        assert_eq!(modules, 1, "part {part}");
    }
    assert_tied(&files);
    // Without one of them, `commands` is one crate, with no part crates.
    let dir = common::temp_dir("part-crates-one-command");
    copy_tree(&fixture, &dir);
    std::fs::remove_file(dir.join("mdm/commands/fresh.yaml")).expect("remove");
    let files = generator::codegen::generate(&dir, "fixture").unwrap_or_else(|e| panic!("{e}"));
    let commands = files.keys().filter(|p| p.starts_with("crates/commands/src/") && !p.ends_with("/lib.rs")).count();
    assert_eq!(commands, 1, "the one command is in the commands crate");
    assert!(!files.keys().any(|p| p.contains("commands-part")), "part crates for one module");
    assert!(!files["crates/commands/Cargo.toml"].contains("-part"), "a dependency on a part crate");
    assert_tied(&files);
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let p = entry.expect("entry").path();
        let dest = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}
