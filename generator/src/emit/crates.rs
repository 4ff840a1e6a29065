//! The category crates: each category's schemas are a crate of their own
//! (`apple-device-management-commands`, …), so that cargo builds them side by side on every core
//! and a server that enables one category builds one crate (issue 27). The facade
//! `apple-device-management` depends on them behind its features and re-exports each as a
//! module (`apple_device_management::commands`), with the registry of them all.
//!
//! A category too big to build in step with the others is written as part crates
//! (`apple-device-management-commands-part1`, …) that hold its modules, built side by side; the
//! category crate then holds the dispatch enums and the registry and re-exports the parts'
//! modules, so no public path changes ([`PARTS`], [`Layout`]).
//!
//! This file names the category and part crates, decides which modules go in which, and writes
//! what makes a folder of generated modules a crate: its manifest and its README (its `lib.rs`
//! is `registry.rs`'s). Everything under [`CRATES_DIR`] is generated.

use std::collections::BTreeMap;

use crate::ir::{Item, Module, Role};
use crate::model::Category;

/// Folder of the category crates inside the `generated` crate (`crates/<category>/`).
pub const CRATES_DIR: &str = "crates";

/// The folder of a category's crate, relative to the `generated` crate root.
pub fn crate_dir(category: Category) -> String {
    format!("{CRATES_DIR}/{}", category.name())
}

/// A category crate's package name (`apple-device-management-commands`).
pub fn package_name(category: Category) -> String {
    format!("apple-device-management-{}", category.name())
}

/// A category crate's library name (`apple_device_management_commands`).
pub fn lib_name(category: Category) -> String {
    package_name(category).replace('-', "_")
}

/// The categories built as part crates, and how many: the two biggest, so that the parts of
/// both, of about equal size, share the cores (cargo starts a crate with more crates waiting on
/// it first: a part before a whole category, so a category left whole beside split ones would
/// start last). Two parts each: the machine kind the build is sized for has two cores (issue
/// 27: `commands` alone within 1x `serde_json`, all of it within 3x).
///
/// A part crate's types validate and check against the registry of their own part (a crate
/// cannot name the category crate that depends on it). That is right for a type judged against
/// its own schema alone (a command, a response, a payload), and wrong for the schemas the
/// runtime finds others through in the registry: a profile (`TopLevel`) is judged payload by
/// payload through it, and with the keys common to every payload (`CommonPayloadKeys`). Those
/// stay in the category crate ([`stays_whole`]), which sees every part.
pub const PARTS: &[(Category, usize)] = &[(Category::Commands, 2), (Category::Profiles, 2)];

/// Whether a module of a split category stays in its category crate rather than going to a part
/// (see [`PARTS`]).
pub fn stays_whole(m: &Module) -> bool {
    matches!(&m.role, Role::Profile { payload_type } if payload_type == "TopLevel" || payload_type == "CommonPayloadKeys")
}

/// How many part crates a category is built as (1: the category crate holds its modules).
pub fn part_count(category: Category) -> usize {
    PARTS.iter().find(|(c, _)| *c == category).map_or(1, |(_, n)| *n)
}

/// The folder of a category's part crate `part` (from 1), relative to the `generated` crate root.
pub fn part_dir(category: Category, part: usize) -> String {
    format!("{CRATES_DIR}/{}", part_folder(category, part))
}

/// The folder name of a part crate, beside its category crate's (`commands-part1`).
fn part_folder(category: Category, part: usize) -> String {
    format!("{}-part{part}", category.name())
}

/// A part crate's package name (`apple-device-management-commands-part1`).
pub fn part_package_name(category: Category, part: usize) -> String {
    format!("{}-part{part}", package_name(category))
}

/// A part crate's library name (`apple_device_management_commands_part1`).
pub fn part_lib_name(category: Category, part: usize) -> String {
    part_package_name(category, part).replace('-', "_")
}

/// How much code a module makes, roughly: its types, fields and variants (what the compiler
/// spends its time on). Only the balance of the parts depends on it.
fn weight(m: &Module) -> usize {
    m.items
        .iter()
        .map(|item| {
            4 + match item {
                Item::Struct(s) => s.fields.len(),
                Item::Enum(e) => e.variants.len(),
                Item::Union(u) => u.variants.len(),
            }
        })
        .sum()
}

/// Splits a category's modules, in their order, into `parts` runs of about equal [`weight`]:
/// each run ends at the module that carries it past its share. Every run holds at least one
/// module while there are modules enough; a pure function of the modules, so the split only moves
/// when the schemas do.
pub fn split<'a>(modules: &[&'a Module], parts: usize) -> Vec<Vec<&'a Module>> {
    let parts = parts.clamp(1, modules.len().max(1));
    let total: usize = modules.iter().map(|m| weight(m)).sum();
    let mut runs: Vec<Vec<&Module>> = vec![Vec::new(); parts];
    let (mut done, mut run) = (0, 0);
    for (i, m) in modules.iter().enumerate() {
        // The run the weight before this module points to, one run at most past the last one
        // (no run is skipped), and late enough that each run after it still gets a module.
        let by_weight = (done * parts).checked_div(total).unwrap_or(0);
        let left = modules.len() - i;
        run = by_weight.clamp(run, run + 1).max(parts.saturating_sub(left)).min(parts - 1);
        runs[run].push(m);
        done += weight(m);
    }
    runs
}

/// A category's modules by crate: those its category crate holds itself, and its part crates'
/// runs ([`split`]). A category not split, or too small to split in two, has no part crate: its
/// crate holds every module.
pub fn parts<'a>(category: Category, modules: &[&'a Module]) -> (Vec<&'a Module>, Vec<Vec<&'a Module>>) {
    let (own, parted): (Vec<&Module>, Vec<&Module>) = modules.iter().partition(|m| stays_whole(m));
    let runs = split(&parted, part_count(category));
    if runs.len() < 2 {
        return (modules.to_vec(), Vec::new());
    }
    (own, runs)
}

/// Where every module's file goes: its category crate, or the part crate that holds it.
#[derive(Debug, Default, Clone)]
pub struct Layout {
    /// (category, module name) → crate folder, relative to the `generated` crate root.
    dirs: BTreeMap<(Category, String), String>,
}

impl Layout {
    /// The layout of a crate's modules ([`PARTS`], [`parts`]).
    pub fn new(modules: &[Module]) -> Layout {
        let mut dirs = BTreeMap::new();
        for category in Category::ALL {
            let of: Vec<&Module> = modules.iter().filter(|m| m.category == category).collect();
            let (own, runs) = parts(category, &of);
            for m in own {
                dirs.insert((category, m.name.clone()), crate_dir(category));
            }
            for (i, run) in runs.into_iter().enumerate() {
                for m in run {
                    dirs.insert((category, m.name.clone()), part_dir(category, i + 1));
                }
            }
        }
        Layout { dirs }
    }

    /// The folder of the crate that holds a module (its category crate for a module the layout
    /// was not made from).
    pub fn crate_dir(&self, m: &Module) -> String {
        self.dirs.get(&(m.category, m.name.clone())).cloned().unwrap_or_else(|| crate_dir(m.category))
    }
}

/// What a category holds, in a few words (the manifest's description, the README's title line).
pub fn what(category: Category) -> &'static str {
    match category {
        Category::Commands => "MDM commands and their responses",
        Category::Checkin => "MDM check-in messages",
        Category::Errors => "MDM enrollment error bodies",
        Category::Profiles => "configuration-profile payloads",
        Category::Declarations => "Declarative Device Management declarations",
        Category::Status => "Declarative Device Management status items",
        Category::Protocol => "Declarative Device Management protocol bodies",
        Category::Other => "other formats of Apple's device-management schemas",
    }
}

/// The version the crates are published at: the workspace's (`[workspace.package]`), which the
/// generator's own package inherits. A category crate names its part crates with it; when the
/// workspace version changes, the freshness check says so until the crate is regenerated.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A category crate's `Cargo.toml`. Version, edition, licence, `rust-version` and repository come
/// from the workspace (`[workspace.package]`), as do its dependencies but its own part crates
/// (a path and [`VERSION`]: the generator owns the list), so the generator holds none of them.
/// `count` is the number of part crates ([`parts`]; 0 for most categories).
pub fn manifest(category: Category, count: usize, release: &str) -> String {
    let name = package_name(category);
    let feature = category.name();
    let what = what(category);
    let description = format!("Typed {what}, generated from Apple's device-management schemas ({release}): the `{feature}` feature of apple-device-management");
    let parts: String = (1..=count)
        .map(|n| format!("{} = {{ path = \"../{}\", version = \"{VERSION}\" }}\n", part_package_name(category, n), part_folder(category, n)))
        .collect();
    let tested = format!("# Tested through apple-device-management, whose `{feature}` module re-exports this crate with\n# its documentation and examples.");
    package_manifest(&name, feature, release, &description, &tested, &parts)
}

/// The `Cargo.toml` of part `part` of `count` (see [`manifest`]).
pub fn part_manifest(category: Category, part: usize, count: usize, release: &str) -> String {
    let name = part_package_name(category, part);
    let feature = category.name();
    let of = package_name(category);
    let description =
        format!("Part {part} of {count} of {of}'s modules, generated from Apple's device-management schemas ({release}); use apple-device-management");
    let tested = format!("# Tested through apple-device-management, whose `{feature}` module re-exports these modules.");
    package_manifest(&name, feature, release, &description, &tested, "")
}

fn package_manifest(name: &str, feature: &str, release: &str, description: &str, tested: &str, more_dependencies: &str) -> String {
    format!(
        r#"# @generated by `cargo xtask regenerate` from the `{feature}` schemas of {release}.
# Do not edit: change the generator (generator/src/emit/crates.rs) and run `cargo xtask regenerate`.
[package]
name = "{name}"
description = "{description}"
readme = "README.md"
keywords = ["mdm", "apple", "plist", "ddm", "device-management"]
categories = ["encoding", "api-bindings"]
documentation = "https://docs.rs/{name}"
version.workspace = true
edition.workspace = true
license.workspace = true
rust-version.workspace = true
repository.workspace = true
include = ["src/**/*.rs", "Cargo.toml", "README.md"]

{tested}
[lib]
test = false
doctest = false

[dependencies]
apple-device-management-runtime = {{ workspace = true }}
serde = {{ workspace = true }}
{more_dependencies}"#
    )
}

/// A category crate's `README.md`.
pub fn readme(category: Category, release: &str, schemas: usize) -> String {
    let name = package_name(category);
    let feature = category.name();
    let what = what(category);
    format!(
        r#"<!-- @generated by `cargo xtask regenerate` from the `{feature}` schemas of {release}. Do not edit: change the generator (generator/src/emit/crates.rs) and run `cargo xtask regenerate`. -->
# {name}

Typed {what}: {schemas} schemas of Apple's
[`device-management`](https://github.com/apple/device-management) tree at **{release}**, one
module each. This crate is the `{feature}` feature of
[`apple-device-management`](https://crates.io/crates/apple-device-management), which re-exports it
as `apple_device_management::{feature}` with the registry of every category; depend on that
crate rather than on this one:

```sh
cargo add apple-device-management --no-default-features --features {feature}
```

Licence: MIT, as Apple's schemas are.
"#
    )
}

/// The `README.md` of part `part` of `count`.
pub fn part_readme(category: Category, part: usize, count: usize, release: &str, schemas: usize) -> String {
    let name = part_package_name(category, part);
    let of = package_name(category);
    let feature = category.name();
    format!(
        r#"<!-- @generated by `cargo xtask regenerate` from the `{feature}` schemas of {release}. Do not edit: change the generator (generator/src/emit/crates.rs) and run `cargo xtask regenerate`. -->
# {name}

Part {part} of {count} of [`{of}`](https://crates.io/crates/{of})'s modules: {schemas} schemas of
Apple's [`device-management`](https://github.com/apple/device-management) tree at **{release}**,
one module each. The parts are built side by side; `{of}` re-exports their modules with the
dispatch enums, and [`apple-device-management`](https://crates.io/crates/apple-device-management)
re-exports it as `apple_device_management::{feature}`. Depend on that crate rather than on this one:

```sh
cargo add apple-device-management --no-default-features --features {feature}
```

Licence: MIT, as Apple's schemas are.
"#
    )
}
