//! Shared helpers of the workspace tests: the schema tree, the [`Populator`] that builds a
//! document with every key of a schema set (or, [`Populator::random`], a random valid one), the
//! [`mutations`] of such a document with the [`expected_rules`] each must be reported under, and
//! the [`corpus`] of schema parts that the differential test, the property tests and the
//! validation benchmark run them on.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::validate::Rule;
use generator::load::NodeId;
use generator::model::{Key, KeyList, KeyType, Repetition, SchemaFile, Subkeys, Value as ModelValue};
use plist::{Dictionary, Value};
use regex::Regex;

/// The key added to every struct-shaped dictionary: no schema has it, so it must land in
/// `unknown` and come back unchanged.
pub const UNKNOWN_KEY: &str = "ZZUnknownKey";

/// The name under which an `ANY` key's sample entry is written.
pub const ANY_ENTRY: &str = "SampleAnyEntry";

/// The names the random populator picks from for an `ANY` key's entry: spaces, non-ASCII
/// letters and dots (which a rendered path cannot tell from nesting) are all valid key names.
pub const ANY_ENTRIES: &[&str] = &[ANY_ENTRY, "Another Entry", "Eintrag-\u{fc}berall", "entry.with.dots"];

/// How many times a recursive alias is followed before the recursion is cut.
pub const MAX_RECURSION: usize = 3;

/// The fixed date used for `<date>` keys.
pub const SAMPLE_DATE: &str = "2024-05-06T07:08:09Z";

/// Candidate strings for a key with a `format` regex, tried in order (after the sample of the
/// key's `valuetype`, if it has one): the first the regex matches is used.
pub const STRING_SAMPLES: &[&str] = &[
    // UUID
    "0B4D5F1C-2A3E-4F60-8A9B-1C2D3E4F5A6B",
    // MAC address
    "00:11:22:AA:BB:CC",
    // URL
    "https://mdm.example.com/path",
    // host name
    "mdm.example.com",
    // e-mail
    "admin@example.com",
    // digits
    "123456",
    // letters and digits
    "ABC123",
    // RFC 3339 timestamp
    SAMPLE_DATE,
    // local time
    "08:30",
];

/// The sample of a `valuetype` (`None` for one this crate does not know).
pub fn valuetype_sample(valuetype: &str) -> Option<&'static str> {
    Some(match valuetype {
        "url" => "https://mdm.example.com/path",
        "hostname" | "domain" => "mdm.example.com",
        "domain-prefix" => ".example.com",
        "email" => "admin@example.com",
        "uuid" => "0B4D5F1C-2A3E-4F60-8A9B-1C2D3E4F5A6B",
        "timestamp" => SAMPLE_DATE,
        "localtime" => "08:30",
        "regex" => "^[a-z]+$",
        _ => return None,
    })
}

/// Strings the random populator picks from for a `<string>` key with neither a `rangelist`, a
/// `format` nor a `valuetype` (beside `sample <name>`): empty, non-ASCII, XML's special
/// characters, white space at the edges and inside.
pub const FREE_STRINGS: &[&str] =
    &["", "Gr\u{fc}\u{df}e, \u{2713} \u{65e5}\u{672c}\u{8a9e}", "a & b < c > d \"e\" 'f'", "  padded  ", "line one\nline two\ttab"];

/// Every string the populator knows the `valuetype` accepts: its sample, then the unusual but
/// valid values of [`valuetype_probes`]. Empty for a value type this crate does not know.
pub fn valuetype_samples(valuetype: &str) -> Vec<&'static str> {
    let probes = valuetype_probes(valuetype).iter().filter(|(_, refused)| !refused).map(|(s, _)| *s);
    valuetype_sample(valuetype).into_iter().chain(probes).collect()
}

/// The workspace root (this crate is one of its folders).
pub const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The release-18.1 tree: `$DM_SCHEMAS` (a relative path read from the workspace root), else
/// the shared copy beside the workspace.
pub fn schema_dir() -> PathBuf {
    generator::source::env_dir(generator::source::SCHEMAS_ENV, std::path::Path::new(WORKSPACE))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management/release-18.1").into())
}

/// The schema tree the crate is generated from: the pinned release ([`schema_dir`]) with the
/// releases layered beneath it (`schemas/pin.toml`; each found in `$DM_SCHEMAS_ROOT`), merged
/// once per test binary.
pub fn load_tree() -> &'static generator::SchemaTree {
    static TREE: OnceLock<generator::SchemaTree> = OnceLock::new();
    TREE.get_or_init(|| {
        let dir = schema_dir();
        assert!(dir.is_dir(), "Apple's schema tree {} is missing: set DM_SCHEMAS", dir.display());
        let workspace = std::path::Path::new(WORKSPACE);
        let pin = generator::source::Pin::load(&generator::source::pin_path(workspace)).unwrap_or_else(|e| panic!("{e}"));
        let layers = generator::source::layer_trees(&pin, &dir, workspace).unwrap_or_else(|e| panic!("{e}"));
        let loaded = layers
            .iter()
            .map(|(layer, dir)| (layer.release.clone(), generator::load_tree_unfixed(dir).unwrap_or_else(|e| panic!("{} does not load:\n{e}", dir.display()))))
            .collect();
        generator::layers::merge(loaded).tree
    })
}

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path as the validator's reports write it: `Updates[0].InstallAction`; `""` is the root.
pub fn render_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The value at `path`.
pub fn place_mut<'v>(v: &'v mut Value, path: &[Seg]) -> &'v mut Value {
    try_place_mut(v, path).unwrap_or_else(|| panic!("`{}` does not lead to a value of the document", render_path(path)))
}

/// The value at `path`, if the document has one there.
pub fn try_place_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, seg| match (seg, v) {
        (Seg::Key(k), Value::Dictionary(d)) => d.get_mut(k),
        (Seg::Index(i), Value::Array(a)) => a.get_mut(*i),
        _ => None,
    })
}

/// One value the populator wrote, with the model key it was built from.
#[derive(Debug, Clone)]
pub struct Place<'t> {
    pub path: Vec<Seg>,
    /// The key (for an array item, the item key; for an item of a tagged array, its
    /// alternative).
    pub key: &'t Key,
    /// The key is the tag of a union alternative (`Item` of `settings.yaml`'s `Settings`).
    pub union_tag: bool,
    /// The place lies beneath an `ANY` entry.
    pub under_any: bool,
}

/// SplitMix64, the pseudo-random generator of [`Populator::random`]: small, and a document
/// depends on its seed alone, so a failing seed reproduces.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// `true` or `false` with even odds.
    pub fn coin(&mut self) -> bool {
        self.next_u64() >> 63 == 1
    }

    /// Uniform in `lo..=hi`; `lo` when `hi < lo`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (i128::from(hi) - i128::from(lo)).max(0) as u128 + 1;
        let offset = if span > u128::from(u64::MAX) { u128::from(self.next_u64()) } else { u128::from(self.below(span as u64)) };
        (i128::from(lo) + offset as i128) as i64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniformly chosen item; `None` when there is none.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// Builds populated documents from the model of one schema file, and records where each value
/// that a typed field (not an `unknown` map) must take sits.
pub struct Populator<'t> {
    /// Key lists seen on the way down, by id, for recursive aliases.
    lists: HashMap<NodeId, &'t KeyList>,
    /// Where the value being built sits.
    path: Vec<Seg>,
    /// Whether that place is read by a typed field; `false` beneath an `ANY` entry of a struct
    /// (kept in `unknown`) and for a union's tag key (an odd tag selects the `Unknown` variant).
    typed: bool,
    /// Only documents that are valid: no unknown key in a dictionary whose `ANY` key would
    /// judge it (see [`Populator::valid`]).
    valid: bool,
    /// Only the required keys (and no unknown key): the smallest valid document.
    required_only: bool,
    /// The value being built is a union alternative's tag.
    at_tag: bool,
    /// The value being built lies beneath an `ANY` entry.
    under_any: bool,
    /// Random valid documents (see [`Populator::random`]); `None` for the deterministic modes.
    rng: Option<Rng>,
    /// Every typed place and its schema type.
    pub typed_places: Vec<(Vec<Seg>, KeyType)>,
    /// Every place a value was written, typed or not (the top-level tag key excepted).
    pub places: Vec<Place<'t>>,
    /// Keys with a `format` regex that no candidate sample matches (`file key: regex`).
    pub unmatched_formats: Vec<String>,
}

impl Default for Populator<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'t> Populator<'t> {
    pub fn new() -> Self {
        Populator {
            lists: HashMap::new(),
            path: Vec::new(),
            typed: true,
            valid: false,
            required_only: false,
            at_tag: false,
            under_any: false,
            rng: None,
            typed_places: Vec::new(),
            places: Vec::new(),
            unmatched_formats: Vec::new(),
        }
    }

    /// A populator whose documents satisfy every rule of their schema: the unknown key is left
    /// out of dictionaries that have an `ANY` key (it would be judged by that key's schema),
    /// and recursion is cut where the cut keeps the document valid.
    pub fn valid() -> Self {
        Populator { valid: true, ..Self::new() }
    }

    /// A populator of the smallest valid documents: only required keys are set.
    pub fn minimal() -> Self {
        Populator { valid: true, required_only: true, ..Self::new() }
    }

    /// A populator of random valid documents, each decided by `seed` alone: every optional key
    /// (and the unknown key, where [`Populator::valid`] would add it) is set with even odds;
    /// arrays get from `repetition`'s minimum to three items more (never above its maximum);
    /// a union array's items are random alternatives; numbers, booleans and strings are random
    /// members of the `rangelist`, else numbers lie anywhere in the `range` (its bounds
    /// included) and strings are random samples the `format` matches and the `valuetype`
    /// accepts; dates, data, `<any>` values and the names of `ANY` entries vary too. `places`
    /// and `typed_places` record what was written, so [`mutations`] work on these documents.
    pub fn random(seed: u64) -> Self {
        Populator { valid: true, rng: Some(Rng::new(seed)), ..Self::new() }
    }

    /// Whether to set something that may be left out: always in the deterministic modes, with
    /// even odds in the random one.
    fn coin(&mut self) -> bool {
        match self.rng.as_mut() {
            Some(rng) => rng.coin(),
            None => true,
        }
    }

    /// A dictionary with every key of `list` set. Struct-shaped dictionaries (the list has a
    /// named key, or none at all, or it is a top-level type) also get the unknown key.
    /// `union_tag` is the tag key of a union alternative.
    fn dictionary(&mut self, list: &'t KeyList, recursion: usize, struct_like: bool, union_tag: Option<&str>) -> Dictionary {
        self.lists.insert(list.id, list);
        let named = list.keys.iter().any(|k| !k.is_any());
        let has_any = list.keys.iter().any(Key::is_any);
        let mut dict = Dictionary::new();
        for key in &list.keys {
            if self.required_only && !key.is_required() {
                continue;
            }
            if !key.is_required() && !self.coin() {
                continue;
            }
            let name = match self.rng.as_mut() {
                _ if !key.is_any() => key.name.as_str(),
                Some(rng) => rng.pick(ANY_ENTRIES).copied().unwrap_or(ANY_ENTRY),
                None => ANY_ENTRY,
            };
            let (outer, outer_any) = (self.typed, self.under_any);
            if (key.is_any() && (named || struct_like)) || union_tag == Some(key.name.as_str()) {
                self.typed = false;
            }
            self.at_tag = union_tag == Some(key.name.as_str());
            self.under_any |= key.is_any();
            self.path.push(Seg::Key(name.to_string()));
            if let Some(v) = self.value(key, recursion) {
                dict.insert(name.to_string(), v);
            }
            self.path.pop();
            self.typed = outer;
            self.under_any = outer_any;
        }
        if (struct_like || named || list.keys.is_empty()) && !(self.valid && has_any) && !self.required_only && self.coin() {
            dict.insert(UNKNOWN_KEY.to_string(), Value::String("kept as sent".into()));
        }
        dict
    }

    /// The key list beneath `key`, following a recursive alias (counted in `recursion`).
    fn subkeys(&self, key: &'t Key, recursion: usize) -> Option<(&'t KeyList, usize)> {
        match &key.subkeys {
            Subkeys::None => None,
            Subkeys::List(l) => Some((l, recursion)),
            Subkeys::Recursive(id) => {
                let list = *self.lists.get(id).unwrap_or_else(|| panic!("`{}`: recursive alias to an unseen list", key.name));
                Some((list, recursion + 1))
            }
        }
    }

    /// A sample value of the key's type; `None` when the recursion is cut here.
    fn value(&mut self, key: &'t Key, recursion: usize) -> Option<Value> {
        let union_tag = std::mem::take(&mut self.at_tag);
        let v = self.build_value(key, recursion)?;
        if self.typed && key.ty != KeyType::Any {
            self.typed_places.push((self.path.clone(), key.ty));
        }
        self.places.push(Place { path: self.path.clone(), key, union_tag, under_any: self.under_any });
        Some(v)
    }

    /// A string for the key: its first `rangelist` value, else a sample its `format` regex
    /// matches and its `valuetype` accepts, else `sample <name>`.
    fn string_value(&mut self, key: &Key) -> String {
        if self.rng.is_some() {
            return self.random_string(key);
        }
        if let Some(v) = key.rangelist.first() {
            return v.to_string();
        }
        let typed = key.valuetype.as_deref().and_then(valuetype_sample);
        if let Some(format) = &key.format {
            let Ok(re) = Regex::new(format) else {
                self.unmatched_formats.push(format!("{}: {format} (does not compile)", key.name));
                return format!("sample {}", key.name);
            };
            match typed.into_iter().chain(STRING_SAMPLES.iter().copied()).find(|s| re.is_match(s)) {
                Some(s) => return s.to_string(),
                None => self.unmatched_formats.push(format!("{}: {format}", key.name)),
            }
        }
        match typed {
            Some(s) => s.to_string(),
            None => format!("sample {}", key.name),
        }
    }

    /// A random string for the key: a member of its `rangelist`, else one of the samples (of
    /// its `valuetype`, else [`STRING_SAMPLES`]) its `format` matches, else one of its
    /// `valuetype`'s samples, else one of [`FREE_STRINGS`] or `sample <name>`.
    fn random_string(&mut self, key: &Key) -> String {
        let fallback = format!("sample {}", key.name);
        let typed = key.valuetype.as_deref().map(valuetype_samples).unwrap_or_default();
        let candidates: Vec<String> = if !key.rangelist.is_empty() {
            key.rangelist.iter().map(ToString::to_string).collect()
        } else if let Some(format) = &key.format {
            let Ok(re) = Regex::new(format) else {
                self.unmatched_formats.push(format!("{}: {format} (does not compile)", key.name));
                return fallback;
            };
            let matching = |samples: &[&str]| samples.iter().filter(|s| re.is_match(s)).map(|s| s.to_string()).collect::<Vec<_>>();
            let typed = matching(&typed);
            let found = if typed.is_empty() { matching(STRING_SAMPLES) } else { typed };
            if found.is_empty() {
                self.unmatched_formats.push(format!("{}: {format}", key.name));
            }
            found
        } else if key.valuetype.is_some() {
            typed.into_iter().map(String::from).collect()
        } else {
            FREE_STRINGS.iter().map(|s| s.to_string()).chain([fallback.clone()]).collect()
        };
        match self.rng.as_mut().and_then(|rng| rng.pick(&candidates)) {
            Some(s) => s.clone(),
            None => fallback,
        }
    }

    /// How many items an array gets: in the random mode from `repetition`'s minimum to three
    /// more (never above its maximum; up to three without one), else `fixed`.
    fn item_count(&mut self, key: &Key, fixed: u64) -> u64 {
        let Some(rng) = self.rng.as_mut() else { return fixed };
        let (lo, hi) = match array_repetition(key) {
            Some(rep) => (rep.min, rep.max.min(rep.min.saturating_add(3))),
            None => (0, 3),
        };
        let (lo, hi) = (lo.min(i64::MAX as u64) as i64, hi.min(i64::MAX as u64) as i64);
        rng.between(lo, hi) as u64
    }

    fn build_value(&mut self, key: &'t Key, recursion: usize) -> Option<Value> {
        if let Some(rng) = self.rng.as_mut() {
            let scalar = match key.ty {
                KeyType::Integer => Some(Value::Integer(random_integer(rng, key).into())),
                KeyType::Real => Some(Value::Real(random_real(rng, key))),
                KeyType::Boolean => Some(Value::Boolean(random_boolean(rng, key))),
                KeyType::Date => Some(Value::Date(random_date(rng))),
                KeyType::Data => Some(Value::Data((0..rng.below(9)).map(|_| rng.next_u64() as u8).collect())),
                KeyType::Any => Some(random_any(rng, &key.name)),
                KeyType::Dictionary if matches!(key.subkeys, Subkeys::None) => {
                    let entries = (0..rng.below(3)).map(|i| (format!("FreeFormKey{i}"), random_any(rng, &key.name)));
                    Some(Value::Dictionary(entries.collect()))
                }
                _ => None,
            };
            if scalar.is_some() {
                return scalar;
            }
        }
        Some(match key.ty {
            KeyType::String => Value::String(self.string_value(key)),
            KeyType::Integer => Value::Integer(integer_value(key).into()),
            KeyType::Real => Value::Real(real_value(key)),
            KeyType::Boolean => Value::Boolean(key.rangelist.iter().find_map(|v| if let ModelValue::Boolean(b) = v { Some(*b) } else { None }).unwrap_or(true)),
            KeyType::Date => Value::Date(plist::Date::from_xml_format(SAMPLE_DATE).expect("sample date")),
            KeyType::Data => Value::Data(vec![0xde, 0xad, 0xbe, 0xef]),
            KeyType::Any => Value::String(format!("any value of {}", key.name)),
            KeyType::Dictionary => match self.subkeys(key, recursion) {
                None => Value::Dictionary(Dictionary::from_iter([("FreeFormKey".to_string(), Value::String("free-form value".into()))])),
                Some((_, r)) if r > MAX_RECURSION => return None,
                Some((list, r)) => Value::Dictionary(self.dictionary(list, r, false, None)),
            },
            KeyType::Array => {
                let Some((list, r)) = self.subkeys(key, recursion) else {
                    let count = self.item_count(key, 1);
                    return Some(Value::Array((0..count).map(|_| Value::String(format!("item of {}", key.name))).collect()));
                };
                if r > MAX_RECURSION {
                    return Some(Value::Array(Vec::new()));
                }
                self.lists.insert(list.id, list);
                if let Some(tag) = key.union_tag() {
                    // One item per alternative (random alternatives in the random mode), each
                    // with its single tag value (the first rangelist value of its tag key).
                    let count = self.item_count(key, list.keys.len() as u64);
                    let alternatives: Vec<&'t Key> = match self.rng.as_mut() {
                        Some(rng) => (0..count).filter_map(|_| rng.pick(&list.keys)).collect(),
                        None => list.keys.iter().collect(),
                    };
                    let mut items = Vec::new();
                    for alt in alternatives {
                        self.path.push(Seg::Index(items.len()));
                        let Some((alt_list, r)) = self.subkeys(alt, r) else { panic!("`{}`: a union alternative without keys", alt.name) };
                        items.push(Value::Dictionary(self.dictionary(alt_list, r, true, Some(tag))));
                        if self.typed {
                            self.typed_places.push((self.path.clone(), KeyType::Dictionary));
                        }
                        self.places.push(Place { path: self.path.clone(), key: alt, union_tag: false, under_any: self.under_any });
                        self.path.pop();
                    }
                    return Some(Value::Array(items));
                }
                let Some(item) = list.keys.first() else {
                    return Some(Value::Array(vec![Value::String(format!("item of {}", key.name))]));
                };
                let fixed = match key.repetition.or(item.repetition) {
                    Some(rep) => rep.min.max(1).min(rep.max.max(1)),
                    None => 1,
                };
                let count = self.item_count(key, fixed);
                let mut items = Vec::new();
                for i in 0..count {
                    self.path.push(Seg::Index(i as usize));
                    let v = self.value(item, r);
                    self.path.pop();
                    match v {
                        Some(v) => items.push(v),
                        None => break,
                    }
                }
                Value::Array(items)
            }
        })
    }

    /// A top-level document: `payloadkeys` or `responsekeys`, plus the constant tag key.
    pub fn document(&mut self, list: Option<&'t KeyList>, tag: Option<(&str, &str)>) -> Dictionary {
        let mut dict = match list {
            Some(l) => self.dictionary(l, 0, true, None),
            None => Dictionary::from_iter([(UNKNOWN_KEY.to_string(), Value::String("kept as sent".into()))]),
        };
        if let Some((k, v)) = tag {
            dict.insert(k.to_string(), Value::String(v.to_string()));
            self.typed_places.push((vec![Seg::Key(k.to_string())], KeyType::String));
        }
        dict
    }
}

/// `range` of a key as `(min, max)`, infinite where the schema gives no bound.
pub fn bounds(key: &Key) -> (f64, f64) {
    let r = key.range.clone().unwrap_or_default();
    (r.min.unwrap_or(f64::NEG_INFINITY), r.max.unwrap_or(f64::INFINITY))
}

/// A valid `<integer>` for the key: its first integer `rangelist` value, else 1 clamped into
/// its `range`.
pub fn integer_value(key: &Key) -> i64 {
    if let Some(i) = key.rangelist.iter().find_map(|v| if let ModelValue::Integer(i) = v { Some(*i) } else { None }) {
        return i;
    }
    let (lo, hi) = bounds(key);
    let v = 1f64.clamp(lo, hi);
    (if v < 1.0 { v.ceil() } else { v.floor() }) as i64
}

/// A valid `<real>` for the key: its first `rangelist` value, else the middle of its `range`
/// (1.5 clamped into it when a bound is open).
pub fn real_value(key: &Key) -> f64 {
    if let Some(r) = rangelist_numbers(key).next() {
        return r;
    }
    let (lo, hi) = bounds(key);
    if lo.is_finite() && hi.is_finite() {
        (lo + hi) / 2.0
    } else {
        1.5f64.clamp(lo, hi)
    }
}

/// Whether a random number comes from the `rangelist`: always when the key has one and no
/// `range`; with even odds when it has both (a number is valid in either).
fn from_rangelist(rng: &mut Rng, key: &Key, listed: usize) -> bool {
    listed > 0 && (key.range.is_none() || rng.coin())
}

/// A random valid `<integer>` for the key: a member of its `rangelist`, else a number of its
/// `range` (by default any `i64`): one of its bounds, one near zero, or one anywhere.
pub fn random_integer(rng: &mut Rng, key: &Key) -> i64 {
    let listed: Vec<i64> = key.rangelist.iter().filter_map(|v| if let ModelValue::Integer(i) = v { Some(*i) } else { None }).collect();
    if from_rangelist(rng, key, listed.len()) {
        if let Some(i) = rng.pick(&listed) {
            return *i;
        }
    }
    let (lo, hi) = bounds(key);
    // `as` saturates: an open bound is the end of `i64`.
    let (lo, hi) = (lo.ceil() as i64, hi.floor() as i64);
    if lo > hi {
        return integer_value(key);
    }
    match rng.below(8) {
        0 => lo,
        1 => hi,
        2 | 3 => rng.between(lo, hi),
        _ => {
            let centre = 0i64.clamp(lo, hi);
            rng.between(centre.saturating_sub(100).max(lo), centre.saturating_add(100).min(hi))
        }
    }
}

/// The numbers of a key's `rangelist` (integers as reals).
fn rangelist_numbers(key: &Key) -> impl Iterator<Item = f64> + '_ {
    key.rangelist.iter().filter_map(|v| match v {
        ModelValue::Real(r) => Some(*r),
        ModelValue::Integer(i) => Some(*i as f64),
        _ => None,
    })
}

/// A random valid `<real>` for the key: a member of its `rangelist`, else a number of its
/// `range`: one of its (finite) bounds, one within a thousand of zero clamped into it, or
/// (with no bound) one of any magnitude from 1e-300 to 1e300.
pub fn random_real(rng: &mut Rng, key: &Key) -> f64 {
    let listed: Vec<f64> = rangelist_numbers(key).collect();
    if from_rangelist(rng, key, listed.len()) {
        if let Some(r) = rng.pick(&listed) {
            return *r;
        }
    }
    let (lo, hi) = bounds(key);
    if lo > hi {
        return real_value(key);
    }
    let v = match rng.below(8) {
        0 if lo.is_finite() => lo,
        1 if hi.is_finite() => hi,
        2 if !lo.is_finite() && !hi.is_finite() => {
            let magnitude = (1.0 + 9.0 * rng.unit()) * 10f64.powi(rng.between(-300, 300) as i32);
            if rng.coin() {
                magnitude
            } else {
                -magnitude
            }
        }
        _ => {
            let centre = 0f64.clamp(lo, hi);
            let (a, b) = ((centre - 1000.0).max(lo), (centre + 1000.0).min(hi));
            (a + (b - a) * rng.unit()).clamp(lo, hi)
        }
    };
    // No negative zero: the validator and the codecs need not tell it from zero.
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

/// A random valid `<boolean>`: a member of the `rangelist`, else either.
pub fn random_boolean(rng: &mut Rng, key: &Key) -> bool {
    let listed: Vec<bool> = key.rangelist.iter().filter_map(|v| if let ModelValue::Boolean(b) = v { Some(*b) } else { None }).collect();
    rng.pick(&listed).copied().unwrap_or_else(|| rng.coin())
}

/// A random `<date>` in whole seconds (an XML plist keeps no fraction) from 2000 to 2099.
pub fn random_date(rng: &mut Rng) -> plist::Date {
    const Y2000: i64 = 946_684_800;
    const Y2100: i64 = 4_102_444_800;
    let secs = rng.between(Y2000, Y2100 - 1) as u64;
    plist::Date::from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

/// A random value for an `<any>` key or a free-form dictionary: a string, an integer, a real,
/// a boolean, an array of strings or a dictionary (no `<date>` or `<data>`, which JSON cannot
/// tell from strings).
pub fn random_any(rng: &mut Rng, name: &str) -> Value {
    match rng.below(6) {
        0 => Value::String(format!("any value of {name}")),
        1 => Value::Integer(rng.between(-1000, 1000).into()),
        2 => Value::Real(rng.between(-4000, 4000) as f64 / 4.0 + 0.25),
        3 => Value::Boolean(rng.coin()),
        4 => Value::Array((0..rng.below(3)).map(|i| Value::String(format!("item {i} of {name}"))).collect()),
        _ => Value::Dictionary(Dictionary::from_iter([("FreeFormKey".to_string(), Value::String("free-form value".into()))])),
    }
}

/// The constant key a top-level type carries itself (`RequestType`, `MessageType`, a payload's
/// `PayloadType`): the model's [`SchemaFile::tag`], which the generator's IR uses too.
pub fn tag_of(file: &SchemaFile) -> Option<(&'static str, &str)> {
    file.tag()
}

/// The JSON form of a populated document, as Apple's DDM JSON writes it: dates become RFC 3339
/// strings, data base64 strings.
pub fn to_json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Array(a) => serde_json::Value::Array(a.iter().map(to_json_value).collect()),
        Value::Dictionary(d) => serde_json::Value::Object(d.iter().map(|(k, v)| (k.clone(), to_json_value(v))).collect()),
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Data(d) => serde_json::Value::String(base64(d)),
        Value::Date(d) => serde_json::Value::String(d.to_xml_format()),
        Value::Real(r) => serde_json::Value::from(*r),
        Value::Integer(i) => match i.as_signed() {
            Some(i) => serde_json::Value::from(i),
            None => serde_json::Value::from(i.as_unsigned().unwrap_or_default()),
        },
        Value::String(s) => serde_json::Value::String(s.clone()),
        other => panic!("no JSON form for {other:?}"),
    }
}

/// Standard base64 with padding (RFC 4648), as DDM JSON carries `<data>`: the crate's own encoder.
pub use apple_device_management::runtime::base64_encode as base64;

/// A plist value written as an XML or binary plist.
pub fn encode_plist(v: &Value, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::XmlPlist => v.to_writer_xml(&mut out),
        Format::BinaryPlist => v.to_writer_binary(&mut out),
        Format::Json => return Err("JSON goes through serde_json, not the plist writer".into()),
    }
    .map_err(|e| format!("encode plist: {e}"))?;
    Ok(out)
}

/// One round trip of `doc` (its JSON form for [`Format::Json`]) through a generated type's
/// `roundtrip` in `format`: the output must equal the input. `Err` describes the failure.
// The generator's table of every type's round trip: it lives beside the generated crate, not in
// it, so that the library does not build every type's serde code for every format.
#[path = "../../generated/test-support/roundtrips.rs"]
#[rustfmt::skip]
mod roundtrips;

/// The round trip of a schema's main type.
pub fn roundtrip_of(info: &apple_device_management::SchemaInfo) -> codec::Roundtrip {
    roundtrip_row(info).1
}

/// The round trip of a schema's response type, if it has one.
pub fn response_roundtrip_of(info: &apple_device_management::SchemaInfo) -> Option<codec::Roundtrip> {
    roundtrip_row(info).2
}

fn roundtrip_row(info: &apple_device_management::SchemaInfo) -> &'static (&'static str, roundtrips::Roundtrip, Option<roundtrips::Roundtrip>) {
    roundtrips::ROUNDTRIPS
        .iter()
        .find(|(source, _, _)| *source == info.source)
        .unwrap_or_else(|| panic!("{}: no round trip in test-support/roundtrips.rs", info.source))
}

pub fn check_roundtrip(roundtrip: codec::Roundtrip, doc: &Value, format: Format) -> Result<(), String> {
    if format == Format::Json {
        let input = to_json_value(doc);
        let bytes = serde_json::to_vec(&input).map_err(|e| e.to_string())?;
        let out = roundtrip(&bytes, format).map_err(|e| format!("decode/encode: {e}"))?;
        let output: serde_json::Value = serde_json::from_slice(&out).map_err(|e| format!("output is not JSON: {e}"))?;
        if output != input {
            return Err(format!("output differs\n  in:  {input}\n  out: {output}"));
        }
    } else {
        let bytes = encode_plist(doc, format)?;
        let out = roundtrip(&bytes, format).map_err(|e| format!("decode/encode: {e}"))?;
        let output = Value::from_reader(std::io::Cursor::new(&out)).map_err(|e| format!("output is not a plist: {e}"))?;
        if output != *doc {
            return Err(format!("output differs\n  in:  {doc:?}\n  out: {output:?}"));
        }
    }
    Ok(())
}

/// Runs `each` on every item, the items split among one worker per core (at most 8; the
/// corpus tests run in debug builds), each worker with its own `R`; the workers' `R`s.
pub fn on_workers<T: Sync, R: Default + Send>(items: &[T], each: impl Fn(&T, &mut R) + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let each = &each;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|chunk| {
                s.spawn(move || {
                    let mut out = R::default();
                    for item in chunk {
                        each(item, &mut out);
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker panicked")).collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

/// The kinds of mutation of a valid document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MutationKind {
    /// A value of another JSON type (a string for a number, a number for a string …).
    WrongType,
    /// A value not in the key's `rangelist`.
    OutsideRangelist,
    /// A number below or above the key's `range`.
    OutsideRange,
    /// A required key removed.
    MissingRequired,
    /// A string its `format` regex or its `valuetype` refuses (a date that is no RFC 3339
    /// timestamp).
    BadFormat,
    /// An array with more items than `repetition` allows.
    TooManyItems,
    /// An array with fewer items than `repetition` requires.
    TooFewItems,
}

impl MutationKind {
    pub const ALL: [MutationKind; 7] = [
        MutationKind::WrongType,
        MutationKind::OutsideRangelist,
        MutationKind::OutsideRange,
        MutationKind::MissingRequired,
        MutationKind::BadFormat,
        MutationKind::TooManyItems,
        MutationKind::TooFewItems,
    ];
}

/// What a mutation does at its path.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Replaces the value.
    Set(Value),
    /// Removes the key.
    Remove,
    /// Makes the array this long (cloning its first item, or dropping items).
    Resize(usize),
}

/// One mutation of a valid document.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub kind: MutationKind,
    pub path: Vec<Seg>,
    pub edit: Edit,
    /// The model key at the path.
    pub key_name: String,
    /// The key is a union alternative's tag.
    pub union_tag: bool,
    /// The mutated value is one the schema forbids (known from the schema alone, not from
    /// either validator); `false` for a mutation that happens to stay valid.
    pub expect_invalid: bool,
}

impl Mutation {
    /// The mutated copy of `doc`.
    pub fn apply(&self, doc: &Value) -> Value {
        let mut out = doc.clone();
        match &self.edit {
            Edit::Set(v) => *place_mut(&mut out, &self.path) = v.clone(),
            Edit::Remove => {
                let (Some(Seg::Key(last)), parent) = (self.path.last(), &self.path[..self.path.len() - 1]) else {
                    panic!("{:?}: only a key can be removed", self.path)
                };
                let dict = place_mut(&mut out, parent).as_dictionary_mut().expect("a dictionary holds the key");
                dict.remove(last).expect("the key is present");
            }
            Edit::Resize(n) => {
                let items = place_mut(&mut out, &self.path).as_array_mut().expect("an array");
                if *n <= items.len() {
                    items.truncate(*n);
                } else {
                    let first = items.first().cloned().expect("an item to clone");
                    items.resize(*n, first);
                }
            }
        }
        out
    }

    /// Short text of the mutation for messages.
    pub fn describe(&self) -> String {
        let what = match &self.edit {
            Edit::Set(v) => format!("set to {v:?}"),
            Edit::Remove => "removed".into(),
            Edit::Resize(n) => format!("{n} item(s)"),
        };
        format!("{:?} at `{}` ({what})", self.kind, render_path(&self.path))
    }
}

/// Values of other JSON types than the key's. Never a `<date>` or `<data>`: their JSON forms are
/// strings, which a JSON Schema of a `<string>` key accepts (see the differential test).
fn wrong_types(ty: KeyType) -> Vec<Value> {
    let s = |t: &str| Value::String(t.into());
    match ty {
        KeyType::String | KeyType::Date | KeyType::Data => vec![Value::Integer(12345.into()), Value::Boolean(true), Value::Array(vec![s("in an array")])],
        KeyType::Integer => vec![s("12"), Value::Real(1.5), Value::Boolean(true)],
        KeyType::Real => vec![s("1.5"), Value::Boolean(false), Value::Dictionary(Dictionary::new())],
        KeyType::Boolean => vec![s("true"), Value::Integer(1.into()), Value::Array(Vec::new())],
        KeyType::Array => vec![s("not an array"), Value::Dictionary(Dictionary::new()), Value::Integer(0.into())],
        KeyType::Dictionary => vec![s("not a dictionary"), Value::Array(Vec::new()), Value::Real(0.5)],
        KeyType::Any => Vec::new(),
    }
}

/// Strings to try for a `valuetype`, with whether the value type refuses them: clear
/// violations, near misses at the edges of each definition (RFC 3986 URIs, RFC 1123 host
/// names, RFC 3339 timestamps), and a few unusual but valid values.
fn valuetype_probes(valuetype: &str) -> &'static [(&'static str, bool)] {
    match valuetype {
        "url" => &[
            ("not a url", true),
            ("", true),
            ("https://exa mple.com/", true),
            ("//mdm.example.com/path", true),
            ("1https://mdm.example.com", true),
            ("https://mdm.example.com/%zz", true),
            ("https://mdm.example.com:port/", true),
            ("https://ex\u{e4}mple.com/", true),
            ("https://mdm.example.com/a|b", true),
            ("https://mdm.example.com/{x}", true),
            ("https://[::1/", true),
            ("https://[::1]:8443/path", false),
            ("https://user:pass@mdm.example.com/%41?q=1&r=2#frag", false),
            ("mailto:admin@example.com", false),
            ("urn:isbn:0451450523", false),
        ],
        "hostname" => &[
            ("-bad-.example.com", true),
            ("", true),
            ("exa mple.com", true),
            ("mdm..example.com", true),
            ("mdm_server.example.com", true),
            ("mdm.example.com.", true),
            ("mdm.example.com:8080", true),
            ("ab--cd.example.com", true),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com", true),
            ("ex\u{e4}mple.com", true),
            ("xn--bcher-kva.example", false),
            ("192.168.0.1", false),
            ("localhost", false),
        ],
        "email" => &[("admin", true), ("admin@", true), ("@example.com", true), ("ad min@example.com", true), ("", true)],
        "uuid" => &[("0B4D5F1C", true), ("0B4D5F1C-2A3E-4F60-8A9B-1C2D3E4F5A6G", true), ("0B4D5F1C2A3E4F608A9B1C2D3E4F5A6B", true), ("", true)],
        "timestamp" => &[
            ("not a date", true),
            ("", true),
            ("2024-13-01T08:00:00Z", true),
            ("2023-02-29T08:00:00Z", true),
            ("2024-04-31T08:00:00Z", true),
            ("2024-05-06T25:08:09Z", true),
            ("2024-05-06T12:08:60Z", true),
            ("2024-05-06 07:08:09Z", true),
            ("2024-05-06T07:08:09", true),
            ("2024-05-06T07:08:09.Z", true),
            ("2024-05-06T07:08:09+24:00", true),
            ("2024-05-06", true),
        ],
        "localtime" => &[("8h30", true), ("24:00", true), ("08:60", true), ("", true)],
        "regex" => &[("a(b", true), ("[z-a]", true)],
        _ => &[],
    }
}

/// Strings tried against a `format` regex (those it does not match are used).
fn bad_format_candidates(valid: &str) -> Vec<String> {
    // Anchors: `$` is the end of the text in both regex dialects, not a line's end.
    let mut out =
        vec![String::new(), "no match here!".to_string(), format!("{valid} trailing"), format!("leading {valid}"), format!("{valid}\n"), format!("\n{valid}")];
    if valid.len() > 1 {
        let mut cut = valid.to_string();
        cut.pop();
        out.push(cut);
    }
    out.extend(STRING_SAMPLES.iter().map(|s| s.to_string()));
    out
}

/// A number inside a key's `range` (its lower bound, else its upper one).
fn range_inside(key: &Key) -> Option<f64> {
    let r = key.range.as_ref()?;
    r.min.or(r.max)
}

/// The value at `path` in `doc`.
pub fn place<'v>(doc: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(doc, |v, seg| match (seg, v) {
        (Seg::Key(k), Value::Dictionary(d)) => d.get(k),
        (Seg::Index(i), Value::Array(a)) => a.get(*i),
        _ => None,
    })
}

/// The `repetition` that bounds an array key's length: its own, else (for an ordinary array)
/// its item key's, as the validator and the JSON Schema export read it.
pub fn array_repetition(key: &Key) -> Option<Repetition> {
    key.repetition.or_else(|| if key.union_tag().is_none() { key.children().first().and_then(|i| i.repetition) } else { None })
}

/// Every mutation of the populated document `doc` at the `places` its populator recorded: for
/// each place values of another type (three), a value outside its `rangelist` and its `range`,
/// strings its `format` or `valuetype` refuses, an array with one item too many or too few,
/// and the removal of each required key.
pub fn mutations(doc: &Value, places: &[Place<'_>]) -> Vec<Mutation> {
    let mut out = Vec::new();
    for p in places {
        let key = p.key;
        let Some(current) = place(doc, &p.path) else { continue };
        let mut push = |kind: MutationKind, edit: Edit, expect_invalid: bool| {
            out.push(Mutation { kind, path: p.path.clone(), edit, key_name: key.name.clone(), union_tag: p.union_tag, expect_invalid })
        };
        for v in wrong_types(key.ty) {
            push(MutationKind::WrongType, Edit::Set(v), true);
        }
        let in_list = |x: &ModelValue| key.rangelist.contains(x);
        let in_range = |x: f64| key.range.as_ref().is_some_and(|r| !r.min.is_some_and(|m| x < m) && !r.max.is_some_and(|m| x > m));
        if !key.rangelist.is_empty() {
            match key.ty {
                KeyType::String => push(MutationKind::OutsideRangelist, Edit::Set(Value::String("NotInTheRangelist".into())), true),
                KeyType::Integer => {
                    let max = key.rangelist.iter().filter_map(|v| if let ModelValue::Integer(i) = v { Some(*i) } else { None }).max().unwrap_or(0);
                    let v = max.saturating_add(1000);
                    push(MutationKind::OutsideRangelist, Edit::Set(Value::Integer(v.into())), !in_list(&ModelValue::Integer(v)) && !in_range(v as f64));
                    // Inside the `range` but not in the list: valid where both are given (the
                    // list then holds special values beside the range).
                    if let Some(v) = range_inside(key).map(|x| x.ceil() as i64).filter(|v| !in_list(&ModelValue::Integer(*v))) {
                        push(MutationKind::OutsideRangelist, Edit::Set(Value::Integer(v.into())), false);
                    }
                }
                KeyType::Real => {
                    let max = rangelist_numbers(key).fold(0.0, f64::max);
                    push(MutationKind::OutsideRangelist, Edit::Set(Value::Real(max + 1000.25)), !in_range(max + 1000.25));
                }
                _ => {}
            }
        }
        if let (Some(range), KeyType::Integer | KeyType::Real) = (&key.range, key.ty) {
            let real = key.ty == KeyType::Real;
            let number = |x: f64| if real { Value::Real(x) } else { Value::Integer((x as i64).into()) };
            // A value the `rangelist` lists is valid outside the range.
            let listed =
                |x: f64| key.rangelist.iter().any(|v| matches!(v, ModelValue::Integer(i) if *i as f64 == x) || matches!(v, ModelValue::Real(r) if *r == x));
            let below = range.min.map(|min| if real { min - 0.5 } else { min.floor() - 1.0 });
            let above = range.max.map(|max| if real { max + 0.5 } else { max.ceil() + 1.0 });
            for x in below.into_iter().chain(above) {
                push(MutationKind::OutsideRange, Edit::Set(number(x)), !listed(x));
            }
        }
        // A key required only where it exists (narrowed) is judged in context, which a document
        // alone does not fix: `tests/tests/presence.rs` removes those, per context.
        if key.is_required_everywhere() && !key.is_any() && matches!(p.path.last(), Some(Seg::Key(_))) {
            push(MutationKind::MissingRequired, Edit::Remove, true);
        }
        match key.ty {
            KeyType::String if key.rangelist.is_empty() => {
                let valid = current.as_string().unwrap_or_default().to_string();
                let format = key.format.as_deref().and_then(|f| Regex::new(f).ok());
                let mut bad: Vec<(String, bool)> = Vec::new();
                if let Some(vt) = &key.valuetype {
                    // A probe the value type accepts is still refused by a `format` it misses.
                    bad.extend(valuetype_probes(vt).iter().map(|(s, invalid)| (s.to_string(), *invalid || format.as_ref().is_some_and(|re| !re.is_match(s)))));
                }
                if let Some(re) = &format {
                    bad.extend(bad_format_candidates(&valid).into_iter().filter(|s| !re.is_match(s)).map(|s| (s, true)));
                }
                let mut seen = std::collections::HashSet::new();
                bad.retain(|(s, _)| seen.insert(s.clone()));
                for (s, invalid) in bad {
                    push(MutationKind::BadFormat, Edit::Set(Value::String(s)), invalid);
                }
            }
            // A string where a date belongs: a type error in a plist, a bad RFC 3339 timestamp
            // in JSON. Never a good timestamp string (see the differential test).
            KeyType::Date => {
                for (s, _) in valuetype_probes("timestamp") {
                    push(MutationKind::BadFormat, Edit::Set(Value::String(s.to_string())), true);
                }
            }
            KeyType::Array => {
                let len = current.as_array().map_or(0, Vec::len);
                if let Some(rep) = array_repetition(key) {
                    if rep.max != u64::MAX && len > 0 {
                        push(MutationKind::TooManyItems, Edit::Resize(rep.max as usize + 1), true);
                    }
                    if rep.min > 0 && len as u64 >= rep.min {
                        push(MutationKind::TooFewItems, Edit::Resize(rep.min as usize - 1), true);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The rules a validator finding for the mutation `m` may carry (at the mutated path). `ty` is
/// the schema type of the mutated place; `json` says whether the document is judged in its
/// JSON form (the DDM categories).
pub fn expected_rules(m: &Mutation, ty: Option<KeyType>, json: bool) -> &'static [Rule] {
    match m.kind {
        // A union alternative's tag that is not a string too (it selects no alternative).
        // In a plist, a value macOS converts (`1` for a boolean, `"12"` for an integer) is
        // the type error's own rule.
        MutationKind::WrongType if json => &[Rule::Type],
        MutationKind::WrongType => &[Rule::Type, Rule::Coercion],
        // With a `range` beside the list, a number in neither is reported as out of range.
        MutationKind::OutsideRangelist => &[Rule::RangeList, Rule::Range],
        MutationKind::OutsideRange => &[Rule::Range],
        MutationKind::MissingRequired => &[Rule::Required],
        // A string where a plist has a `<date>` is a type error; in JSON a bad timestamp.
        MutationKind::BadFormat if ty == Some(KeyType::Date) && !json => &[Rule::Type],
        MutationKind::BadFormat => &[Rule::Format, Rule::ValueType],
        MutationKind::TooManyItems | MutationKind::TooFewItems => &[Rule::Repetition],
    }
}

/// The schema parts the differential test and the validation benchmark run: what each is
/// validated with on our side, and its exported JSON Schema.
pub mod corpus {
    use std::path::PathBuf;

    use apple_device_management::runtime::validate::{
        is_valid_json, is_valid_response, is_valid_value, validate_json, validate_response, validate_value, Report,
    };
    use apple_device_management::runtime::Category;
    use apple_device_management::SchemaInfo;
    use generator::model::{KeyList, SchemaFile};
    use plist::Value;
    use serde_json::json;

    use super::{load_tree, tag_of, to_json_value, Populator};

    /// The envelope keys a command response carries beside its body.
    pub const RESPONSE_ENVELOPE: [(&str, &str); 2] = [("CommandUUID", "0001_Differential"), ("Status", "Acknowledged")];

    /// Which key list of a schema file: the crate's own name for it.
    pub use apple_device_management::runtime::availability::Part;

    /// One schema part: a file's payload keys, or a command's response keys.
    #[derive(Clone, Copy)]
    pub struct SchemaPart {
        pub info: &'static SchemaInfo,
        pub file: &'static SchemaFile,
        pub part: Part,
    }

    /// Every schema of the registry, and the response of every command that has response keys.
    pub fn schema_parts() -> Vec<SchemaPart> {
        let tree = load_tree();
        let mut out = Vec::new();
        for info in apple_device_management::schemas() {
            let file = tree.file(info.source).unwrap_or_else(|| panic!("{} is not in the tree", info.source));
            out.push(SchemaPart { info, file, part: Part::Payload });
            if info.category == Category::Commands && file.response_keys.is_some() {
                out.push(SchemaPart { info, file, part: Part::Response });
            }
        }
        out
    }

    fn json_schema_dir() -> PathBuf {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/json-schema").into()
    }

    impl SchemaPart {
        pub fn name(&self) -> String {
            match self.part {
                Part::Payload => self.info.source.to_string(),
                Part::Response => format!("{} (response)", self.info.source),
            }
        }

        /// The part's key list.
        pub fn keys(&self) -> Option<&'static KeyList> {
            match self.part {
                Part::Payload => self.file.payload_keys.as_ref(),
                Part::Response => self.file.response_keys.as_ref(),
            }
        }

        /// Whether our side reads the JSON form (the DDM categories).
        pub fn is_json(&self) -> bool {
            self.part == Part::Payload && self.info.category.is_json()
        }

        /// A populated valid document: every key set (with the tag a command or check-in
        /// message carries).
        pub fn valid_document(&self, populator: &mut Populator<'static>) -> Value {
            let tag = if self.part == Part::Payload { tag_of(self.file) } else { None };
            Value::Dictionary(populator.document(self.keys(), tag))
        }

        /// The exported JSON Schema: the file's, or for a response its `$defs/response` with
        /// the file's `$defs` (recursive lists) beside it.
        pub fn json_schema(&self) -> serde_json::Value {
            let stem = self.info.source.rsplit('/').next().unwrap_or(self.info.source).trim_end_matches(".yaml");
            let path = json_schema_dir().join(self.info.category.name()).join(format!("{stem}.schema.json"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            match self.part {
                Part::Payload => schema,
                Part::Response => json!({
                    "$schema": schema["$schema"],
                    "$id": schema["$id"],
                    "$ref": "#/$defs/response",
                    "$defs": schema["$defs"],
                }),
            }
        }

        /// The document as it is validated (a response in its envelope), and its JSON form.
        pub fn document(&self, body: &Value) -> (Value, serde_json::Value) {
            let doc = match (self.part, body) {
                (Part::Response, Value::Dictionary(d)) => {
                    let mut d = d.clone();
                    for (k, v) in RESPONSE_ENVELOPE {
                        if !d.contains_key(k) {
                            d.insert(k.to_string(), Value::String(v.into()));
                        }
                    }
                    Value::Dictionary(d)
                }
                _ => body.clone(),
            };
            let json = to_json_value(&doc);
            (doc, json)
        }

        /// Our report: [`validate_value`] on the plist document, [`validate_json`] on the JSON
        /// form for the DDM categories, [`validate_response`] for a command response.
        pub fn validate(&self, doc: &Value, json: &serde_json::Value) -> Report {
            match self.part {
                Part::Payload if self.info.category.is_json() => validate_json(self.info.schema, json),
                Part::Payload => validate_value(self.info.schema, doc),
                Part::Response => validate_response(doc, self.info.wire_id).report,
            }
        }

        /// Our verdict alone: [`is_valid_value`], [`is_valid_json`], [`is_valid_response`].
        pub fn is_valid(&self, doc: &Value, json: &serde_json::Value) -> bool {
            match self.part {
                Part::Payload if self.info.category.is_json() => is_valid_json(self.info.schema, json),
                Part::Payload => is_valid_value(self.info.schema, doc),
                Part::Response => is_valid_response(doc, self.info.wire_id),
            }
        }
    }
}
