//! Lenient decoding: a value whose type is not the one its field has is kept as sent instead
//! of failing the whole document.
//!
//! Every type a generated field can have is [`Lenient`]: one visitor ([`Seed`]) hands each
//! wire value to the type's hook for that kind of value, and a hook the type does not take
//! returns the value itself as a [`plist::Value`] (`Err(raw)`), which the field's struct keeps
//! in its `unknown` (see [`UnknownKeys`](super::UnknownKeys)). Only what cannot be a plist
//! value at all (JSON `null`) or broken input is an error.
//!
//! The seed reads each value the way `plist::Value` does (plist's "value mode"), so a date is
//! seen as a date, not as the text of one, and a UID as a UID: what is kept is exactly what was
//! sent.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use plist::Value;
use serde::de::value::{EnumAccessDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::values::{base64_decode, Data, Date, Dictionary};

/// The outcome of a lenient read: the typed value, or the value as sent when it does not fit.
pub type Read<T> = Result<T, Value>;

/// A type that reads a wire value leniently. Each hook takes one kind of wire value; the
/// defaults refuse it by returning it raw. `json` says whether the document is JSON (where
/// dates and data travel as strings).
pub trait Lenient: Sized {
    /// What the type expects, for messages (`a string`, `a \`Foo\` dictionary`).
    const EXPECTING: &'static str;

    fn from_bool(v: bool) -> Read<Self> {
        Err(Value::Boolean(v))
    }
    fn from_i64(v: i64) -> Read<Self> {
        Err(Value::Integer(v.into()))
    }
    fn from_u64(v: u64) -> Read<Self> {
        Err(Value::Integer(v.into()))
    }
    fn from_f64(v: f64) -> Read<Self> {
        Err(Value::Real(v))
    }
    fn from_text(v: &str, json: bool) -> Read<Self> {
        let _ = json;
        Err(Value::String(v.to_owned()))
    }
    fn from_string(v: String, json: bool) -> Read<Self> {
        let _ = json;
        Err(Value::String(v))
    }
    fn from_bytes(v: Vec<u8>) -> Read<Self> {
        Err(Value::Data(v))
    }
    fn from_date(v: Date) -> Read<Self> {
        Err(Value::Date(v))
    }
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A, json: bool) -> Result<Read<Self>, A::Error> {
        let _ = json;
        raw_seq(seq).map(Err)
    }
    fn from_map<'de, A: MapAccess<'de>>(map: A, json: bool) -> Result<Read<Self>, A::Error> {
        let _ = json;
        raw_map(map).map(Err)
    }
}

/// The rest of an array, as sent.
pub fn raw_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    Value::deserialize(SeqAccessDeserializer::new(seq))
}

/// The rest of a dictionary, as sent.
pub fn raw_map<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    Value::deserialize(MapAccessDeserializer::new(map))
}

/// The rest of a dictionary, as sent, keyed by name.
pub fn raw_dictionary<'de, A: MapAccess<'de>>(map: A) -> Result<Dictionary, A::Error> {
    Dictionary::deserialize(MapAccessDeserializer::new(map))
}

/// A typed value as a plist value (to keep it beside raw values in a mismatched array or map).
///
/// Through the binary plist writer and reader, not `plist::to_value`: the binary writer's
/// serialization of every generated type is compiled for the codecs already (and keeps UIDs,
/// NaNs and dates as they are), while `to_value` would compile a second serialization of every
/// array item type, which doubled the crate's build time. This runs only for an array or map
/// that holds a value of another type, so its cost at run time does not matter.
pub(crate) fn to_raw<T: Serialize>(v: &T) -> Value {
    // The generated types and the runtime's always serialize; a failure would be a bug of
    // theirs, and an empty dictionary is what such a value would have held of the document.
    super::codec::to_binary(v).ok().and_then(|bytes| plist::from_bytes(&bytes).ok()).unwrap_or_else(|| Value::Dictionary(plist::Dictionary::new()))
}

/// Whether `D` is serde_json's deserializer (dates and data then travel as strings). plist and
/// serde_json both call themselves human-readable, so the type's name is what tells them apart.
fn is_json<D>() -> bool {
    std::any::type_name::<D>().contains("serde_json")
}

std::thread_local! {
    /// Set while a dictionary read from JSON is decoded again through plist's value
    /// deserializer ([`with_json_strings`]): its strings are then JSON's (base64 data,
    /// RFC 3339 dates).
    static JSON_STRINGS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether values read through `D` are JSON's: `D` is serde_json's, or a dictionary read from
/// JSON is being decoded again ([`with_json_strings`]).
pub(crate) fn reads_json<D>() -> bool {
    is_json::<D>() || JSON_STRINGS.with(std::cell::Cell::get)
}

/// Runs `decode` with strings read as JSON's (`json`) or as plist's, whatever deserializer
/// `decode` uses; the previous mode is restored after, also when `decode` panics.
///
/// This is how a dispatch enum or envelope read from JSON decodes its member from the
/// dictionary it already read (through plist's value deserializer, whose decoding of every
/// generated type is compiled anyway) and still reads a base64 string as data and an RFC 3339
/// string as a date, as reading the JSON directly would.
#[doc(hidden)]
pub fn with_json_strings<R>(json: bool, decode: impl FnOnce() -> R) -> R {
    with_flag(&JSON_STRINGS, json, decode)
}

/// Runs `f` with a thread's flag set to `value`; the previous value is restored after, also
/// when `f` panics. A flag that already holds `value` is left alone.
pub(crate) fn with_flag<R>(flag: &'static std::thread::LocalKey<std::cell::Cell<bool>>, value: bool, f: impl FnOnce() -> R) -> R {
    if flag.with(std::cell::Cell::get) == value {
        return f();
    }
    struct Restore(&'static std::thread::LocalKey<std::cell::Cell<bool>>, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            self.0.with(|m| m.set(self.1));
        }
    }
    let _restore = Restore(flag, flag.with(|m| m.replace(value)));
    f()
}

/// Reads one value leniently as `T`.
pub struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    #[inline]
    pub fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Read<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Read<T>, D::Error> {
        read_value(deserializer, Typed::<T> { json: reads_json::<D>(), ty: PhantomData })
    }
}

/// One wire value that is not an array or a dictionary, as the visitor met it.
pub enum Scalar<'a> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    String(String),
    Bytes(Vec<u8>),
    Date(Date),
    /// Anything else plist's value mode hands over (a UID): never fits a typed field.
    Raw(Value),
}

impl Scalar<'_> {
    /// The value as `T` reads it: the type's hook for this kind of value.
    pub fn read<T: Lenient>(self, json: bool) -> Read<T> {
        match self {
            Scalar::Bool(v) => T::from_bool(v),
            Scalar::I64(v) => T::from_i64(v),
            Scalar::U64(v) => T::from_u64(v),
            Scalar::F64(v) => T::from_f64(v),
            Scalar::Str(v) => T::from_text(v, json),
            Scalar::String(v) => T::from_string(v, json),
            Scalar::Bytes(v) => T::from_bytes(v),
            Scalar::Date(v) => T::from_date(v),
            Scalar::Raw(v) => Err(v),
        }
    }
}

/// Where [`read_value`] hands a wire value: a scalar as it is, an array or a dictionary with
/// the deserializer's own access to it.
pub(crate) trait Sink<'de>: Sized {
    type Out;
    /// What the sink expects, for messages.
    fn expecting(&self) -> &'static str;
    fn scalar(self, value: Scalar<'_>) -> Self::Out;
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Out, A::Error>;
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Out, A::Error>;
}

/// Reads one value into `sink` the way `plist::Value` reads it: "PLIST-VALUE" puts plist's
/// deserializer in its value mode, where a date is a date (not its text) and a UID a UID;
/// other formats see a newtype. JSON `null` is an error (plists have no null).
pub(crate) fn read_value<'de, D: Deserializer<'de>, S: Sink<'de>>(deserializer: D, sink: S) -> Result<S::Out, D::Error> {
    deserializer.deserialize_newtype_struct("PLIST-VALUE", ValueVisitor(sink))
}

struct ValueVisitor<S>(S);

impl<'de, S: Sink<'de>> Visitor<'de> for ValueVisitor<S> {
    type Value = S::Out;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expecting())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Out, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::Bool(v)))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::I64(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::U64(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::F64(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::Str(v)))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::String(v)))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::Bytes(v.to_vec())))
    }
    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<S::Out, E> {
        Ok(self.0.scalar(Scalar::Bytes(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S::Out, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S::Out, A::Error> {
        self.0.map(map)
    }
    /// plist's dates and UIDs, in value mode.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S::Out, A::Error> {
        let value = match Value::deserialize(EnumAccessDeserializer::new(data))? {
            Value::Date(d) => Scalar::Date(d),
            other => Scalar::Raw(other),
        };
        Ok(self.0.scalar(value))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<S::Out, E> {
        Err(E::custom("null is not a value (plists have no null; leave the key out)"))
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<S::Out, E> {
        self.visit_unit()
    }
}

/// A value read as `T`, through `T`'s hooks.
struct Typed<T> {
    json: bool,
    ty: PhantomData<T>,
}

impl<'de, T: Lenient> Sink<'de> for Typed<T> {
    type Out = Read<T>;

    fn expecting(&self) -> &'static str {
        T::EXPECTING
    }
    fn scalar(self, value: Scalar<'_>) -> Read<T> {
        value.read::<T>(self.json)
    }
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Read<T>, A::Error> {
        T::from_seq(seq, self.json)
    }
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Read<T>, A::Error> {
        T::from_map(map, self.json)
    }
}

impl Lenient for String {
    const EXPECTING: &'static str = "a string";
    fn from_text(v: &str, _: bool) -> Read<Self> {
        Ok(v.to_owned())
    }
    fn from_string(v: String, _: bool) -> Read<Self> {
        Ok(v)
    }
}

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_bool(v: bool) -> Read<Self> {
        Ok(v)
    }
}

impl Lenient for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_i64(v: i64) -> Read<Self> {
        Ok(v)
    }
    fn from_u64(v: u64) -> Read<Self> {
        i64::try_from(v).map_err(|_| Value::Integer(v.into()))
    }
}

/// An integer is taken where a `<real>` is expected (the validator accepts it too).
impl Lenient for f64 {
    const EXPECTING: &'static str = "a number";
    fn from_f64(v: f64) -> Read<Self> {
        Ok(v)
    }
    fn from_i64(v: i64) -> Read<Self> {
        Ok(v as f64)
    }
    fn from_u64(v: u64) -> Read<Self> {
        Ok(v as f64)
    }
}

/// `<data>`; in JSON, a base64 string.
impl Lenient for Data {
    const EXPECTING: &'static str = "binary data";
    fn from_bytes(v: Vec<u8>) -> Read<Self> {
        Ok(Data(v))
    }
    fn from_text(v: &str, json: bool) -> Read<Self> {
        match json.then(|| base64_decode(v)).flatten() {
            Some(bytes) => Ok(Data(bytes)),
            None => Err(Value::String(v.to_owned())),
        }
    }
    fn from_string(v: String, json: bool) -> Read<Self> {
        match json.then(|| base64_decode(&v)).flatten() {
            Some(bytes) => Ok(Data(bytes)),
            None => Err(Value::String(v)),
        }
    }
}

/// `<date>`; in JSON, an RFC 3339 string.
impl Lenient for Date {
    const EXPECTING: &'static str = "a date";
    fn from_date(v: Date) -> Read<Self> {
        Ok(v)
    }
    fn from_text(v: &str, json: bool) -> Read<Self> {
        match json.then(|| Date::from_xml_format(v).ok()).flatten() {
            Some(d) => Ok(d),
            None => Err(Value::String(v.to_owned())),
        }
    }
}

/// `<any>`: every value fits.
impl Lenient for Value {
    const EXPECTING: &'static str = "any value";
    fn from_bool(v: bool) -> Read<Self> {
        Ok(Value::Boolean(v))
    }
    fn from_i64(v: i64) -> Read<Self> {
        Ok(Value::Integer(v.into()))
    }
    fn from_u64(v: u64) -> Read<Self> {
        Ok(Value::Integer(v.into()))
    }
    fn from_f64(v: f64) -> Read<Self> {
        Ok(Value::Real(v))
    }
    fn from_text(v: &str, _: bool) -> Read<Self> {
        Ok(Value::String(v.to_owned()))
    }
    fn from_string(v: String, _: bool) -> Read<Self> {
        Ok(Value::String(v))
    }
    fn from_bytes(v: Vec<u8>) -> Read<Self> {
        Ok(Value::Data(v))
    }
    fn from_date(v: Date) -> Read<Self> {
        Ok(Value::Date(v))
    }
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A, _: bool) -> Result<Read<Self>, A::Error> {
        raw_seq(seq).map(Ok)
    }
    fn from_map<'de, A: MapAccess<'de>>(map: A, _: bool) -> Result<Read<Self>, A::Error> {
        raw_map(map).map(Ok)
    }
}

/// An array: typed when every item fits; otherwise the whole array is kept as sent (typed items
/// included, as they were), so that nothing is lost and the validator sees it as sent. Read as
/// a struct's array field is (`record::read_list`).
impl<T: super::record::Value> Lenient for Vec<T> {
    const EXPECTING: &'static str = "an array";
    fn from_seq<'de, A: SeqAccess<'de>>(seq: A, json: bool) -> Result<Read<Self>, A::Error> {
        let mut items: Vec<T> = Vec::new();
        Ok(match super::record::read_list(&mut items, seq, json)? {
            None => Ok(items),
            Some(raw) => Err(raw),
        })
    }
}

/// An `ANY` map of described values (and, with `plist::Value`, a dictionary whose keys are not
/// described): typed when every value fits, else kept as sent.
impl<T: Lenient + Serialize> Lenient for BTreeMap<String, T> {
    const EXPECTING: &'static str = "a dictionary";
    fn from_map<'de, A: MapAccess<'de>>(mut map: A, _: bool) -> Result<Read<Self>, A::Error> {
        let mut typed: BTreeMap<String, T> = BTreeMap::new();
        let mut raw: Option<plist::Dictionary> = None;
        while let Some(key) = map.next_key::<String>()? {
            let item = map.next_value_seed(Seed::<T>::new())?;
            match (item, raw.as_mut()) {
                (Ok(v), None) => {
                    typed.insert(key, v);
                }
                (Ok(v), Some(r)) => {
                    r.insert(key, to_raw(&v));
                }
                (Err(x), Some(r)) => {
                    r.insert(key, x);
                }
                (Err(x), None) => {
                    let mut r: plist::Dictionary = std::mem::take(&mut typed).into_iter().map(|(k, v)| (k, to_raw(&v))).collect();
                    r.insert(key, x);
                    raw = Some(r);
                }
            }
        }
        Ok(match raw {
            None => Ok(typed),
            Some(r) => Err(Value::Dictionary(r)),
        })
    }
}

/// The name of a plist value's kind, for messages.
pub fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::Dictionary(_) => "a dictionary",
        Value::Boolean(_) => "a boolean",
        Value::Data(_) => "data",
        Value::Date(_) => "a date",
        Value::Real(_) => "a real",
        Value::Integer(_) => "an integer",
        Value::String(_) => "a string",
        Value::Uid(_) => "a UID",
        _ => "a value",
    }
}

/// Reads a whole document (or a dispatch target) as `T`: there is no field to keep a value
/// that does not fit, so that one is an error.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    match Seed::<T>::new().deserialize(deserializer)? {
        Ok(v) => Ok(v),
        Err(raw) => Err(D::Error::custom(format_args!("expected {}, found {}", T::EXPECTING, kind_name(&raw)))),
    }
}
