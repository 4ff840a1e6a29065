//! The schema registry: one record per schema file ([`SchemaInfo`]) and the [`Registry`] that
//! holds them. The runtime knows no schema of its own: the generated crate builds its registry
//! (`apple_device_management::registry()`) from the modules it generated, and every function
//! that looks a schema up by what a document carries (a `RequestType`, a `PayloadType`, a
//! declaration `Type`, a status item) is given that registry, or reaches it through the typed
//! value's [`HasSchema`](crate::availability::HasSchema) or
//! [`AnyMessage`](crate::AnyMessage) impl.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::availability::SchemaTable;
use crate::DeclarationKind;

/// The eight schema categories, one per Cargo feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Commands,
    Checkin,
    Errors,
    Profiles,
    Declarations,
    Status,
    Protocol,
    Other,
}

impl Category {
    /// Lower-case name, as used by the Cargo feature.
    pub fn name(self) -> &'static str {
        match self {
            Category::Commands => "commands",
            Category::Checkin => "checkin",
            Category::Errors => "errors",
            Category::Profiles => "profiles",
            Category::Declarations => "declarations",
            Category::Status => "status",
            Category::Protocol => "protocol",
            Category::Other => "other",
        }
    }

    /// Whether documents of this category travel as JSON (DDM) rather than plist.
    pub fn is_json(self) -> bool {
        matches!(self, Category::Declarations | Category::Status | Category::Protocol)
    }
}

/// The records of a category's part crates end to end: `N` records, their total. The category
/// crate of a category built as part crates (`commands`) makes its `SCHEMAS` with it in a
/// `static`'s initializer, evaluated at compile time, instead of writing every record a second
/// time (its build checked them all again). A total that is not `N`, or no record at all, is an
/// error at compile time there.
pub const fn concat_schemas<const N: usize>(parts: &[&[SchemaInfo]]) -> [SchemaInfo; N] {
    // Any record to fill the array with first: every slot is written below.
    let mut first = 0;
    while parts[first].is_empty() {
        first += 1;
    }
    let mut all = [parts[first][0]; N];
    let (mut part, mut at) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            all[at] = parts[part][i];
            (at, i) = (at + 1, i + 1);
        }
        part += 1;
    }
    assert!(at == N, "the parts do not hold N records");
    all
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One schema file and the Rust type generated from it.
#[derive(Clone, Copy)]
pub struct SchemaInfo {
    pub category: Category,
    /// Path of the YAML file within Apple's schema tree.
    pub source: &'static str,
    /// `RequestType`, `PayloadType`, declaration `Type` or status item name, if any.
    pub wire_id: Option<&'static str>,
    pub title: &'static str,
    /// Full path of the main Rust type.
    pub rust_type: &'static str,
    /// Full path of the response type (commands, some check-in messages).
    pub response_type: Option<&'static str>,
    /// The status items that report on what this declaration configures
    /// (`related-status-items`: `account.list.carddav` for a CardDAV account); empty for most.
    pub related_status_items: &'static [&'static str],
    /// Every key of the schema with its constraints and resolved availability.
    pub schema: &'static super::availability::LazyTable,
}

impl fmt::Debug for SchemaInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemaInfo")
            .field("category", &self.category)
            .field("source", &self.source)
            .field("wire_id", &self.wire_id)
            .field("rust_type", &self.rust_type)
            .finish_non_exhaustive()
    }
}

type ById = HashMap<(Category, &'static str), &'static SchemaInfo, BuildHasherDefault<NameHasher>>;

/// Hashes wire identifiers eight bytes at a time, as rustc's own `FxHasher` does. The map holds
/// the schemas' own names, never a document's, so the keyed hash `HashMap` uses by default
/// (against a flood of colliding insertions) buys nothing here; it cost a tenth of a small
/// response's verdict.
#[derive(Default)]
struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in words.by_ref() {
            if let Some(w) = word.first_chunk::<8>() {
                self.add(u64::from_le_bytes(*w));
            }
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            self.add(rest.iter().fold(0, |w, &b| w << 8 | u64::from(b)));
        }
    }
}
type AllById = HashMap<Category, HashMap<&'static str, Vec<&'static SchemaInfo>>>;

/// Every schema of a generated crate, by category and wire identifier. The generated crate
/// holds one in a `static` (`apple_device_management::registry()`); its lookups build their
/// index on first use.
pub struct Registry {
    release: &'static str,
    parts: &'static [&'static [SchemaInfo]],
    by_id: OnceLock<ById>,
    all_by_id: OnceLock<AllById>,
}

impl Registry {
    /// A registry of `parts` (one slice per enabled category), generated from `release`.
    pub const fn new(release: &'static str, parts: &'static [&'static [SchemaInfo]]) -> Self {
        Registry { release, parts, by_id: OnceLock::new(), all_by_id: OnceLock::new() }
    }

    /// The schema release the registry was generated from (`release-18.1`).
    pub fn release(&self) -> &'static str {
        self.release
    }

    /// Every schema, in category order, then by source path.
    pub fn schemas(&self) -> impl Iterator<Item = &'static SchemaInfo> + 'static {
        self.parts.iter().flat_map(|p| p.iter())
    }

    /// The schema of a category with this wire identifier. Several profile files share a
    /// `PayloadType` (`com.apple.MCX`); the file named after it wins, as in the dispatch enums.
    pub fn find(&self, category: Category, wire_id: &str) -> Option<&'static SchemaInfo> {
        // A map built once (a scan of every schema per document showed in the validation
        // benchmark).
        let map = self.by_id.get_or_init(|| {
            let mut map = ById::default();
            for s in self.schemas() {
                let Some(id) = s.wire_id else { continue };
                map.entry((s.category, id))
                    .and_modify(|chosen| {
                        if stem(chosen.source) != id && stem(s.source) == id {
                            *chosen = s;
                        }
                    })
                    .or_insert(s);
            }
            map
        });
        map.get(&(category, wire_id)).copied()
    }

    /// Every schema of a category with this wire identifier: one for most, several where
    /// Apple splits one `PayloadType` over files (`com.apple.MCX` over `com.apple.MCX(TimeServer)`,
    /// `com.apple.MCX(EnergySaver)` …). [`find`](Self::find)'s schema comes first, the others
    /// by source path.
    pub fn find_all(&self, category: Category, wire_id: &str) -> &[&'static SchemaInfo] {
        let map = self.all_by_id.get_or_init(|| {
            let mut map = AllById::new();
            for s in self.schemas() {
                if let Some(id) = s.wire_id {
                    map.entry(s.category).or_default().entry(id).or_default().push(s);
                }
            }
            for (id, list) in map.values_mut().flat_map(|m| m.iter_mut()) {
                // As `find` chooses: the file named after the identifier, else the first by path.
                list.sort_by_key(|s| (stem(s.source) != *id, s.source));
            }
            map
        });
        map.get(&category).and_then(|m| m.get(wire_id)).map_or(&[], Vec::as_slice)
    }

    /// The table of [`find`](Self::find)'s schema.
    pub fn find_schema(&self, category: Category, wire_id: &str) -> Option<&'static SchemaTable> {
        self.find(category, wire_id).map(|s| s.schema.table())
    }

    /// The kind of a declaration `Type` the schemas describe (`com.apple.configuration.passcode.settings`
    /// is a configuration); `None` for a type they do not know. For a typed payload,
    /// `DeclarationPayload::KIND` and `AnyDeclarationPayload::kind` say the same without a
    /// lookup.
    pub fn declaration_kind(&self, declaration_type: &str) -> Option<DeclarationKind> {
        DeclarationKind::of_source(self.find(Category::Declarations, declaration_type)?.source)
    }

    /// The status items that report on declarations of this `Type` (its schema's
    /// `related-status-items`): where a server reads how a configuration fared on the device.
    /// Empty for a type the schemas do not know or that names none.
    pub fn related_status_items(&self, declaration_type: &str) -> &'static [&'static str] {
        self.find(Category::Declarations, declaration_type).map_or(&[], |s| s.related_status_items)
    }

    /// Whether `item` is a status item type the schemas describe
    /// (`device.identifier.serial-number`; none without the `status` category).
    pub fn is_status_item(&self, item: &str) -> bool {
        self.find(Category::Status, item).is_some()
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry").field("release", &self.release).field("schemas", &self.schemas().count()).finish_non_exhaustive()
    }
}

fn stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".yaml").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::LazyTable;

    static TABLE: LazyTable = LazyTable::new("");

    const fn info(source: &'static str) -> SchemaInfo {
        SchemaInfo {
            category: Category::Commands,
            source,
            wire_id: None,
            title: "",
            rust_type: "",
            response_type: None,
            related_status_items: &[],
            schema: &TABLE,
        }
    }

    static FIRST: &[SchemaInfo] = &[info("a.yaml"), info("b.yaml")];
    static SECOND: &[SchemaInfo] = &[info("c.yaml")];
    static ALL: &[SchemaInfo] = &concat_schemas::<3>(&[&[], FIRST, SECOND]);

    #[test]
    fn concatenated_parts_keep_every_record_in_order() {
        let sources: Vec<&str> = ALL.iter().map(|s| s.source).collect();
        assert_eq!(sources, ["a.yaml", "b.yaml", "c.yaml"]);
        static REGISTRY: Registry = Registry::new("test", &[ALL]);
        assert_eq!(REGISTRY.schemas().count(), 3);
    }

    #[test]
    #[should_panic(expected = "the parts do not hold N records")]
    fn a_total_that_is_not_n_is_refused() {
        // At run time here; in a `static` (how the generated code calls it) a compile error.
        let _ = concat_schemas::<4>(&[FIRST, SECOND]);
    }
}
