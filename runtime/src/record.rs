//! Generated structs as tables: what a struct's `Debug`, `Clone`, `PartialEq`, `Serialize` and
//! lenient `Deserialize` do, written once here over a [`Record`] (its keys and a field by index)
//! instead of once per struct.
//!
//! Each generated struct describes itself with a [`Spec`] (its keys in schema order, which of
//! them are plain, always-required fields, and the constant tag it writes) and hands out its
//! fields as [`Field`] trait objects. The per-struct code is then a table and two `match`es,
//! which the compiler checks in a fraction of the time hand-rolled serde code takes (issue 27:
//! the generated crate's build was dominated by type- and borrow-checking each struct's own
//! serde, `Debug`, `Clone` and `PartialEq` bodies). Fields are read and written through
//! `erased-serde`, so the serde code of each field type is compiled once, not once per field.
//!
//! Behaviour is that of the hand-rolled code it replaces, key for key: a value that does not fit
//! its field is kept in `unknown` as sent and written back in its place; a plain field the
//! document left out holds a placeholder and stays out when written; a constant tag the document
//! left out stays out; a key named twice keeps its last value.

use std::any::Any;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::de::Placeholder;
pub use super::lenient::Scalar;
use super::lenient::{read_value, with_flag, with_json_strings, Lenient, Read, Seed, Sink};
use super::values::UnknownKeys;

/// What a generated struct is: its name, the constant key it writes itself, its described keys.
///
/// The keys are text, not arrays: a string literal costs the compiler next to nothing, while a
/// table of a few thousand `struct` items is evaluated and checked item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The Rust type's name, for `Debug`.
    pub name: &'static str,
    /// The constant key and value the type writes itself (`RequestType` = `ScheduleOSUpdate`).
    pub tag: Option<(&'static str, &'static str)>,
    /// The described keys in schema order, each after one character whose code is its length
    /// in bytes (so that a key is found without scanning for separators): field `i` of
    /// [`Record::field`] is the `i`-th (`"\u{a}ProductKey\u{d}InstallAction"`).
    pub keys: &'static str,
    /// The Rust fields in the same order and form, for `Debug`.
    pub names: &'static str,
    /// For each key, `1` when its field is plain (always required: `T`, not `Option<T>`),
    /// else `0`.
    pub plain: &'static [u8],
    /// What a lenient read says it expected when the document sent something else
    /// ("a `IconItem` dictionary").
    pub expecting: &'static str,
}

impl Spec {
    /// How many described keys.
    #[inline]
    pub fn len(&self) -> usize {
        self.plain.len()
    }

    /// Whether the struct describes no key.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.plain.is_empty()
    }

    /// The described keys, in field order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        prefixed(self.keys)
    }

    /// The Rust fields, in field order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        prefixed(self.names)
    }

    /// Whether field `i` is plain.
    #[inline]
    pub fn is_plain(&self, i: usize) -> bool {
        self.plain.get(i) == Some(&b'1')
    }

    /// The index of a described key, and the key as `'static`.
    fn find(&self, key: &str) -> Option<(usize, &'static str)> {
        self.keys().enumerate().find(|(_, k)| k.len() == key.len() && *k == key)
    }
}

/// The words of a [`Spec`] text, each after one character whose code is its length in bytes.
fn prefixed(text: &'static str) -> impl Iterator<Item = &'static str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.chars();
        let len = chars.next()? as usize;
        let tail = chars.as_str();
        let key = tail.get(..len)?;
        rest = tail.get(len..)?;
        Some(key)
    })
}

/// A generated struct seen as a table: its [`Spec`] and its fields by index. Everything a
/// struct's `Debug`, `Clone`, `PartialEq`, `Serialize` and `Deserialize` do is written once
/// here over this trait, and a `Record` is a [`Value`] and [`Lenient`] by that alone.
pub trait Record: Placeholder + 'static {
    /// The struct's description.
    const SPEC: &'static Spec;
    /// Field `i` for `i < SPEC.len()`; for any other index, the keys the schema does not
    /// describe and the gaps of described ones (the struct's [`UnknownKeys`]).
    fn field(&self, i: usize) -> &dyn Field;
    /// The same, to set them.
    fn field_mut(&mut self, i: usize) -> &mut dyn Field;
}

impl<R: Record> super::Extensible for R {
    fn unknown(&self) -> &UnknownKeys {
        DynRecord::unknown(self)
    }
    fn unknown_mut(&mut self) -> &mut UnknownKeys {
        DynRecord::unknown_mut(self)
    }
}

/// Every generated struct is a field value: read in place as a dictionary.
impl<R: Record + fmt::Debug + Clone + PartialEq + Serialize> Value for R {
    const IS_RECORD: bool = true;
    #[inline]
    fn as_record(&mut self) -> Option<&mut dyn DynRecord> {
        Some(self)
    }
}

/// Every generated struct reads leniently from a dictionary ([`from_map`]).
impl<R: Record> Lenient for R {
    const EXPECTING: &'static str = R::SPEC.expecting;
    fn from_map<'de, A: MapAccess<'de>>(map: A, json: bool) -> Result<Read<Self>, A::Error> {
        from_map(map, json)
    }
}

/// [`Record`] as a trait object, so that the functions below are compiled once, not once per
/// struct. For the generated code ([`Value::as_record`]), not for users.
#[doc(hidden)]
pub trait DynRecord {
    fn spec(&self) -> &'static Spec;
    fn field(&self, i: usize) -> &dyn Field;
    fn field_mut(&mut self, i: usize) -> &mut dyn Field;
    fn unknown(&self) -> &UnknownKeys;
    fn unknown_mut(&mut self) -> &mut UnknownKeys;
}

impl<R: Record> DynRecord for R {
    fn spec(&self) -> &'static Spec {
        R::SPEC
    }
    fn field(&self, i: usize) -> &dyn Field {
        Record::field(self, i)
    }
    fn field_mut(&mut self, i: usize) -> &mut dyn Field {
        Record::field_mut(self, i)
    }
    fn unknown(&self) -> &UnknownKeys {
        match Record::field(self, R::SPEC.len()).as_any().downcast_ref::<UnknownKeys>() {
            Some(unknown) => unknown,
            None => not_unknown(R::SPEC.name),
        }
    }
    fn unknown_mut(&mut self) -> &mut UnknownKeys {
        match Record::field_mut(self, R::SPEC.len()).as_any_mut().downcast_mut::<UnknownKeys>() {
            Some(unknown) => unknown,
            None => not_unknown(R::SPEC.name),
        }
    }
}

/// For a [`Record::field`] that does not give its [`UnknownKeys`] past its described keys: a
/// bug of the generated code, never of input.
#[cold]
fn not_unknown(name: &str) -> ! {
    panic!("`{name}` gives no `UnknownKeys` after its described keys")
}

/// A type a generated field can hold as it is (a plain field) or in an `Option`: every wire
/// type, generated or not. It is what [`Field`] needs of a value.
pub trait Value: fmt::Debug + Clone + PartialEq + Serialize + Lenient + Placeholder + 'static {
    /// Whether the type is a generated struct ([`as_record`](Self::as_record) gives it).
    const IS_RECORD: bool = false;
    /// Whether the type is an array ([`as_list`](Self::as_list) gives it).
    const IS_LIST: bool = false;
    /// A generated struct as its fields, to read a dictionary into it in place (with the
    /// document's own deserializer, not through `erased-serde`).
    #[doc(hidden)]
    fn as_record(&mut self) -> Option<&mut dyn DynRecord> {
        None
    }
    /// An array as a list of fields, to read an array into it in place.
    #[doc(hidden)]
    fn as_list(&mut self) -> Option<&mut dyn List> {
        None
    }
}

/// An array of a [`Value`] as a list of fields (for reading one in place).
#[doc(hidden)]
pub trait List {
    /// How many items.
    fn len(&self) -> usize;
    /// Whether there is none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Appends a placeholder item and hands it out to be read into.
    fn push_placeholder(&mut self) -> &mut dyn Field;
    /// Item `i` (`i < len()`).
    fn item(&self, i: usize) -> Option<&dyn Field>;
    /// Drops the last item.
    fn pop(&mut self);
    /// Drops every item.
    fn clear(&mut self);
}

impl<T: Value> List for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn push_placeholder(&mut self) -> &mut dyn Field {
        let i = Vec::len(self);
        self.push(T::placeholder());
        &mut self[i]
    }
    fn item(&self, i: usize) -> Option<&dyn Field> {
        self.get(i).map(|v| v as &dyn Field)
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl Value for String {}
impl Value for bool {}
impl Value for i64 {}
impl Value for f64 {}
impl Value for super::values::Data {}
impl Value for super::values::Date {}
impl Value for plist::Value {}
impl<T: Value> Value for Vec<T> {
    const IS_LIST: bool = true;
    fn as_list(&mut self) -> Option<&mut dyn List> {
        Some(self)
    }
}
impl<T: Value> Value for std::collections::BTreeMap<String, T> {}

/// A field of a generated struct, reached through `dyn`: a plain `T` or an `Option<T>` of a
/// [`Value`].
pub trait Field: Any {
    /// The value to write, when there is one (`None` for an unset `Option`).
    fn value(&self) -> Option<&dyn erased_serde::Serialize>;
    /// Whether a plain field holds its placeholder (an `Option` never does).
    fn is_placeholder(&self) -> bool;
    /// Takes a scalar the document sent for the field: `None` when it fits (the field is set),
    /// `Some(raw)` with the value as sent when it does not (the field is left as it was).
    fn take(&mut self, scalar: Scalar<'_>, json: bool) -> Option<plist::Value>;
    /// The field emptied as a generated struct, when it holds one (to read a dictionary into).
    fn record(&mut self) -> Option<&mut dyn DynRecord>;
    /// The field emptied as an array, when it holds one (to read an array into).
    fn list(&mut self) -> Option<&mut dyn List>;
    /// Reads an array or a dictionary for the field leniently, as [`take`](Self::take) does.
    fn read(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'_>) -> Result<Option<plist::Value>, erased_serde::Error>;
    /// Unsets the field: `None`, or a plain field's placeholder.
    fn reset(&mut self);
    /// `Debug` of the field.
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    /// Whether `other` is a field of the same type and equal.
    fn equals(&self, other: &dyn Field) -> bool;
    /// Sets the field to a clone of `other` (a field of the same type).
    fn clone_from_field(&mut self, other: &dyn Field);
    /// The field as `Any`, to compare and clone.
    fn as_any(&self) -> &dyn Any;
    /// The same, to change it.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Keeps what a lenient read gave: a value that fits goes to `set` (`None` back), one that does
/// not comes back as sent.
fn store<T>(read: Read<T>, set: impl FnOnce(T)) -> Option<plist::Value> {
    match read {
        Ok(v) => {
            set(v);
            None
        }
        Err(raw) => Some(raw),
    }
}

impl<T: Value> Field for T {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        Some(self)
    }
    fn is_placeholder(&self) -> bool {
        *self == T::placeholder()
    }
    fn take(&mut self, scalar: Scalar<'_>, json: bool) -> Option<plist::Value> {
        store(scalar.read::<T>(json), |v| *self = v)
    }
    fn record(&mut self) -> Option<&mut dyn DynRecord> {
        if !T::IS_RECORD {
            return None;
        }
        *self = T::placeholder();
        self.as_record()
    }
    fn list(&mut self) -> Option<&mut dyn List> {
        if !T::IS_LIST {
            return None;
        }
        *self = T::placeholder();
        self.as_list()
    }
    fn read(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'_>) -> Result<Option<plist::Value>, erased_serde::Error> {
        Ok(store(Seed::<T>::new().deserialize(deserializer)?, |v| *self = v))
    }
    fn reset(&mut self) {
        *self = T::placeholder();
    }
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn equals(&self, other: &dyn Field) -> bool {
        other.as_any().downcast_ref::<T>().is_some_and(|o| self == o)
    }
    fn clone_from_field(&mut self, other: &dyn Field) {
        if let Some(o) = other.as_any().downcast_ref::<T>() {
            self.clone_from(o);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl<T: Value> Field for Option<T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        self.as_ref().map(|v| v as &dyn erased_serde::Serialize)
    }
    fn is_placeholder(&self) -> bool {
        false
    }
    fn take(&mut self, scalar: Scalar<'_>, json: bool) -> Option<plist::Value> {
        store(scalar.read::<T>(json), |v| *self = Some(v))
    }
    fn record(&mut self) -> Option<&mut dyn DynRecord> {
        if !T::IS_RECORD {
            return None;
        }
        self.insert(T::placeholder()).as_record()
    }
    fn list(&mut self) -> Option<&mut dyn List> {
        if !T::IS_LIST {
            return None;
        }
        self.insert(T::placeholder()).as_list()
    }
    fn read(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'_>) -> Result<Option<plist::Value>, erased_serde::Error> {
        Ok(store(Seed::<T>::new().deserialize(deserializer)?, |v| *self = Some(v)))
    }
    fn reset(&mut self) {
        *self = None;
    }
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn equals(&self, other: &dyn Field) -> bool {
        other.as_any().downcast_ref::<Option<T>>().is_some_and(|o| self == o)
    }
    fn clone_from_field(&mut self, other: &dyn Field) {
        if let Some(o) = other.as_any().downcast_ref::<Option<T>>() {
            self.clone_from(o);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A struct's [`UnknownKeys`], handed out by [`Record::field`] past the described keys (so that
/// a struct needs no accessor of its own for them). Not a described key: nothing reads a value
/// into it or writes it as one; the record functions reach it as [`DynRecord::unknown`].
impl Field for UnknownKeys {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        None
    }
    fn is_placeholder(&self) -> bool {
        false
    }
    fn take(&mut self, scalar: Scalar<'_>, json: bool) -> Option<plist::Value> {
        scalar.read::<plist::Value>(json).ok()
    }
    fn record(&mut self) -> Option<&mut dyn DynRecord> {
        None
    }
    fn list(&mut self) -> Option<&mut dyn List> {
        None
    }
    fn read(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'_>) -> Result<Option<plist::Value>, erased_serde::Error> {
        Ok(Seed::<plist::Value>::new().deserialize(deserializer)?.ok())
    }
    fn reset(&mut self) {
        *self = UnknownKeys::new();
    }
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn equals(&self, other: &dyn Field) -> bool {
        other.as_any().downcast_ref::<UnknownKeys>().is_some_and(|o| self == o)
    }
    fn clone_from_field(&mut self, other: &dyn Field) {
        if let Some(o) = other.as_any().downcast_ref::<UnknownKeys>() {
            self.clone_from(o);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// `Debug` of a generated struct, as `#[derive(Debug)]` writes it.
pub fn debug<R: Record>(record: &R, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    debug_dyn(record, f)
}

fn debug_dyn(record: &dyn DynRecord, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    struct Shown<'a>(&'a dyn Field);
    impl fmt::Debug for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.debug(f)
        }
    }
    let spec = record.spec();
    let mut s = f.debug_struct(spec.name);
    for (i, name) in spec.names().enumerate() {
        s.field(name, &Shown(record.field(i)));
    }
    s.field("unknown", record.unknown()).finish()
}

/// `PartialEq` of two generated structs of one type, field by field and their unknown keys.
pub fn eq<R: Record>(a: &R, b: &R) -> bool {
    eq_dyn(a, b)
}

fn eq_dyn(a: &dyn DynRecord, b: &dyn DynRecord) -> bool {
    (0..a.spec().len()).all(|i| a.field(i).equals(b.field(i))) && a.unknown() == b.unknown()
}

/// `Clone` of a generated struct: its placeholder, every field cloned into it.
pub fn clone<R: Record>(record: &R) -> R {
    let mut out = R::placeholder();
    clone_into(record, &mut out);
    out
}

fn clone_into(from: &dyn DynRecord, to: &mut dyn DynRecord) {
    for i in 0..from.spec().len() {
        to.field_mut(i).clone_from_field(from.field(i));
    }
    to.unknown_mut().clone_from(from.unknown());
}

std::thread_local! {
    /// Set while a generated struct is written to JSON through `erased-serde`, whose
    /// serializer's type no longer says it is serde_json's (see [`writes_json`]).
    static WRITING_JSON: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether values written through `S` are JSON's: `S` is serde_json's serializer, or a
/// generated struct being written to JSON hands its fields to `S` (an `erased-serde` one).
pub(crate) fn writes_json<S>() -> bool {
    let name = std::any::type_name::<S>();
    name.contains("serde_json::") || (name.contains("erased_serde") && WRITING_JSON.with(std::cell::Cell::get))
}

/// `Serialize` of a generated struct: the tag, the described keys in schema order, then the
/// unknown keys.
pub fn serialize<R: Record, S: Serializer>(record: &R, serializer: S) -> Result<S::Ok, S::Error> {
    let name = std::any::type_name::<S>();
    if name.contains("erased_serde") {
        // Inside a struct already written: the mode is the outer serializer's.
        return serialize_fields(record, serializer);
    }
    with_flag(&WRITING_JSON, name.contains("serde_json::"), || serialize_fields(record, serializer))
}

fn serialize_fields<S: Serializer>(record: &dyn DynRecord, serializer: S) -> Result<S::Ok, S::Error> {
    let spec = record.spec();
    let unknown = record.unknown();
    let mut map = serializer.serialize_map(None)?;
    if let Some((key, value)) = spec.tag {
        super::ser::tag(&mut map, key, value, unknown)?;
    }
    for (i, key) in spec.keys().enumerate() {
        let field = record.field(i);
        super::ser::described(&mut map, key, field.value(), || spec.is_plain(i) && field.is_placeholder(), unknown)?;
    }
    super::ser::unknown_keys(&mut map, unknown)?;
    map.end()
}

/// The lenient `from_map` of a generated struct: each described key read into its field (a
/// value that does not fit is kept in `unknown`), every other key kept in `unknown`.
pub fn from_map<'de, R: Record, A: MapAccess<'de>>(mut map: A, json: bool) -> Result<Read<R>, A::Error> {
    let mut out = R::placeholder();
    fill(&mut out, &mut map, json)?;
    Ok(Ok(out))
}

/// The fields that hold a value read from the document, as bits (structs have at most a few
/// hundred keys; more spill to the heap).
struct Filled {
    bits: [u64; 4],
    more: Vec<bool>,
}

impl Filled {
    fn new(len: usize) -> Self {
        Filled { bits: [0; 4], more: if len > 256 { vec![false; len - 256] } else { Vec::new() } }
    }
    fn set(&mut self, i: usize, on: bool) {
        if i < 256 {
            let bit = 1u64 << (i % 64);
            if on {
                self.bits[i / 64] |= bit;
            } else {
                self.bits[i / 64] &= !bit;
            }
        } else if let Some(b) = self.more.get_mut(i - 256) {
            *b = on;
        }
    }
    fn get(&self, i: usize) -> bool {
        if i < 256 {
            self.bits[i / 64] & (1u64 << (i % 64)) != 0
        } else {
            self.more.get(i - 256).copied().unwrap_or(false)
        }
    }
}

fn fill<'de, A: MapAccess<'de>>(record: &mut dyn DynRecord, map: &mut A, json: bool) -> Result<(), A::Error> {
    let spec = record.spec();
    let mut filled = Filled::new(spec.len());
    let mut tag_seen = false;
    while let Some(key) = map.next_key::<String>()? {
        if let Some((tag, expected)) = spec.tag {
            if key == tag {
                super::de::expect_tag::<A>(map, tag, expected)?;
                tag_seen = true;
                continue;
            }
        }
        let Some((i, key)) = spec.find(&key) else {
            let value: plist::Value = map.next_value()?;
            record.unknown_mut().insert(key, value);
            continue;
        };
        let misfit = map.next_value_seed(FieldSeed { field: record.field_mut(i), json })?;
        match misfit {
            None => {
                record.unknown_mut().clear_gap(key);
                filled.set(i, true);
            }
            Some(raw) => {
                record.field_mut(i).reset();
                record.unknown_mut().record_mismatch(key, raw);
                filled.set(i, false);
            }
        }
    }
    let unknown = record.unknown_mut();
    if let Some((tag, _)) = spec.tag {
        super::de::tag_seen(tag_seen, tag, unknown);
    }
    for (i, key) in spec.keys().enumerate() {
        if spec.is_plain(i) && !filled.get(i) {
            unknown.record_missing(key);
        }
    }
    Ok(())
}

/// Reads an array into a list in place: typed while every item fits; from the first item that
/// does not, the whole array as sent (items that fit included, written as plist values), as
/// the lenient `Vec` reading does.
pub(crate) fn read_list<'de, A: SeqAccess<'de>>(list: &mut dyn List, mut seq: A, json: bool) -> Result<Option<plist::Value>, A::Error> {
    let mut raw: Option<Vec<plist::Value>> = None;
    loop {
        let item = list.push_placeholder();
        let Some(misfit) = seq.next_element_seed(FieldSeed { field: item, json })? else {
            list.pop();
            break;
        };
        match (misfit, raw.as_mut()) {
            (None, None) => {}
            (None, Some(r)) => {
                let i = list.len() - 1;
                r.push(list.item(i).map_or_else(empty_raw, field_raw));
                list.pop();
            }
            (Some(x), Some(r)) => {
                list.pop();
                r.push(x);
            }
            (Some(x), None) => {
                list.pop();
                let mut r: Vec<plist::Value> = (0..list.len()).map(|i| list.item(i).map_or_else(empty_raw, field_raw)).collect();
                r.push(x);
                list.clear();
                raw = Some(r);
            }
        }
    }
    Ok(raw.map(plist::Value::Array))
}

fn empty_raw() -> plist::Value {
    plist::Value::Dictionary(plist::Dictionary::new())
}

/// A typed item as a plist value (see `lenient::to_raw`).
fn field_raw(field: &dyn Field) -> plist::Value {
    match field.value() {
        Some(v) => super::lenient::to_raw(&v),
        None => empty_raw(),
    }
}

/// Reads one field's value: a scalar handed straight to the field, an array or a dictionary
/// through `erased-serde` (the field's own reading is compiled once per field type, not once
/// per deserializer), in the document's JSON mode.
struct FieldSeed<'a> {
    field: &'a mut dyn Field,
    json: bool,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Option<plist::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        read_value(deserializer, self)
    }
}

impl FieldSeed<'_> {
    fn container<'de, D: Deserializer<'de>, E: serde::de::Error>(self, deserializer: D) -> Result<Option<plist::Value>, E> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        let field = self.field;
        with_json_strings(self.json, || field.read(&mut erased)).map_err(E::custom)
    }
}

impl<'de> Sink<'de> for FieldSeed<'_> {
    type Out = Option<plist::Value>;

    fn expecting(&self) -> &'static str {
        "a value"
    }
    fn scalar(self, value: Scalar<'_>) -> Self::Out {
        self.field.take(value, self.json)
    }
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Out, A::Error> {
        let json = self.json;
        match self.field.list() {
            Some(list) => read_list(list, seq, json),
            None => self.container(SeqAccessDeserializer::new(seq)),
        }
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let json = self.json;
        match self.field.record() {
            Some(record) => fill(record, &mut map, json).map(|()| None),
            None => self.container(MapAccessDeserializer::new(map)),
        }
    }
}
