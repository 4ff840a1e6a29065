//! The checks the fuzz targets share.
//!
//! Every target decodes its input the way a server would. Beyond "no panic, no hang, no
//! unbounded memory" (what libFuzzer watches), each decode that succeeds is checked for data
//! loss, and every input is checked against the limits' pre-scan:
//!
//! - [`check_plist`] / [`check_json`]: decode → encode (XML and binary, or JSON) → decode
//!   gives an equal value, and the re-encoded document, read as a plain `plist::Value` /
//!   `serde_json::Value`, equals the input read the same way: the typed layer dropped nothing.
//! - [`check_limits`]: the pass of `runtime::limits` never measures less depth or fewer values
//!   than the document, decoded as a plain value, has (it is what keeps deep documents away
//!   from the recursive decoders), and refuses no binary plist the plist crate reads.

use std::fmt::Debug;

use apple_device_management::runtime::codec::{self, CodecError, Format};
use apple_device_management::runtime::limits::{Limits, Shape};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Limits for the differential check: any depth, but few values, so that reading the input as
/// a plain value (which the plist crate does without limits) stays small.
const PROBE: Limits = Limits { max_bytes: usize::MAX, max_depth: usize::MAX, max_values: 10_000 };

/// The depth and value count of a tree of values, without recursion; `children` gives a
/// container's items (`None` for a scalar).
fn shape<'a, T>(root: &'a T, children: impl Fn(&'a T) -> Option<Box<dyn Iterator<Item = &'a T> + 'a>>) -> Shape {
    let mut shape = Shape::default();
    let mut stack = vec![(root, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        shape.values += 1;
        if let Some(items) = children(v) {
            shape.depth = shape.depth.max(depth + 1);
            stack.extend(items.map(|c| (c, depth + 1)));
        }
    }
    shape
}

/// The depth and value count of a plain plist value, without recursion.
pub fn plist_shape(v: &plist::Value) -> Shape {
    shape(v, |v| match v {
        plist::Value::Array(a) => Some(Box::new(a.iter())),
        plist::Value::Dictionary(d) => Some(Box::new(d.values())),
        _ => None,
    })
}

/// The depth and value count of a plain JSON value, without recursion.
pub fn json_shape(v: &serde_json::Value) -> Shape {
    shape(v, |v| match v {
        serde_json::Value::Array(a) => Some(Box::new(a.iter())),
        serde_json::Value::Object(o) => Some(Box::new(o.values())),
        _ => None,
    })
}

/// Reads a plist as a plain value, as the codec does (binary when it starts with `bplist00`,
/// else XML: never the ASCII format).
pub fn raw_plist(bytes: &[u8]) -> Result<plist::Value, plist::Error> {
    if bytes.starts_with(b"bplist00") {
        plist::Value::from_reader(std::io::Cursor::new(bytes))
    } else {
        plist::Value::from_reader_xml(bytes)
    }
}

/// Drops a value without recursing (a plain value read without limits may be deep).
fn drop_plist(v: plist::Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            plist::Value::Array(a) => stack.extend(a),
            plist::Value::Dictionary(d) => stack.extend(d.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// The limits' pass against the plain reading of the same bytes.
pub fn check_limits(bytes: &[u8], format: Format) {
    let probe = PROBE.check(bytes, format);
    let default = Limits::DEFAULT.check(bytes, format).err();
    match probe {
        Ok(shape) => {
            let raw_shape = match format {
                Format::Json => match serde_json::from_slice::<serde_json::Value>(bytes) {
                    Ok(v) => Some(json_shape(&v)),
                    Err(_) => None,
                },
                _ => raw_plist(bytes).ok().map(|v| {
                    let s = plist_shape(&v);
                    drop_plist(v);
                    s
                }),
            };
            if let Some(raw) = raw_shape {
                assert!(shape.depth >= raw.depth && shape.values >= raw.values, "the pass measured {shape:?}, the document is {raw:?}");
            }
            // Within the default limits, the codec's own check passes too.
            if shape.depth <= Limits::DEFAULT.max_depth && shape.values <= Limits::DEFAULT.max_values {
                assert!(
                    !matches!(default, Some(CodecError::TooDeep { .. } | CodecError::TooMany { .. } | CodecError::TooLarge { .. })),
                    "{shape:?} is within the limits, but the default check said {default:?}"
                );
            }
        }
        // Refused for its structure or a cycle: the plist crate must not read it either (its
        // work before failing is bounded by what the pass counted).
        Err(CodecError::Invalid(msg)) if msg.starts_with("binary plist") => {
            assert!(raw_plist(bytes).map(drop_plist).is_err(), "the pass refused what plist reads: {msg}");
        }
        // A date before year 0: the plain reader reads it, serde decoding would panic on it.
        Err(CodecError::DateOutOfRange { seconds, .. }) => assert!(seconds < -6.3e10, "{seconds} s is refused as before year 0"),
        Err(CodecError::Cycle { object }) => {
            assert!(raw_plist(bytes).map(drop_plist).is_err(), "the pass found a cycle at {object} that plist reads");
        }
        Err(_) => {}
    }
}

/// Base64 text as the crate's `Data` reads it (whitespace and missing padding allowed).
fn base64(text: &str) -> Option<Vec<u8>> {
    apple_device_management::runtime::base64_decode(text)
}

/// Whether `b` (what a typed value wrote) holds what `a` (its input) held: equal, reals
/// compared bit for bit (and NaN equals NaN), allowing the typed layer's coercions to the
/// schema's type (`tests/tests/hostile.rs`, `typed_fields_read_other_plist_types_as_the_schema_type`):
/// UTF-8 data or a date read as a `<string>` (the date in its XML form), an integer as a
/// `<real>`, base64 text or an array of byte values as `<data>`, date text as a `<date>`, a
/// binary plist's UID as an `<integer>` or a `<real>` (as an integer would be).
pub fn same_plist(a: &plist::Value, b: &plist::Value) -> bool {
    use plist::Value as V;
    match (a, b) {
        // XML writes every NaN as `nan`: its sign and payload bits do not survive.
        (V::Real(x), V::Real(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (V::Data(x), V::String(y)) => x == y.as_bytes(),
        (V::Uid(x), V::Integer(y)) => y.as_unsigned() == Some(x.get()),
        (V::Uid(x), V::Real(y)) => x.get() as f64 == *y,
        (V::Date(x), V::String(y)) => x.to_xml_format() == *y,
        (V::Integer(x), V::Real(y)) => x.as_signed().map(|i| i as f64).or(x.as_unsigned().map(|u| u as f64)) == Some(*y),
        (V::String(x), V::Data(y)) => base64(x).as_ref() == Some(y),
        (V::Array(x), V::Data(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.as_unsigned_integer() == Some(u64::from(*b))),
        (V::String(x), V::Date(y)) => plist::Date::from_xml_format(x).ok() == Some(*y),
        (V::Array(x), V::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_plist(a, b)),
        (V::Dictionary(x), V::Dictionary(y)) => x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same_plist(a, b))),
        _ => a == b,
    }
}

/// `same_plist` for JSON: numbers equal as numbers (an integer for a real comes back as a
/// real), strings equal as text, as the same base64 data (re-encoded canonically) or as the
/// same date (RFC 3339, re-written in one form), an array of byte values as base64 data.
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => x == y || x.as_f64().is_some_and(|x| Some(x) == y.as_f64()),
        (J::String(x), J::String(y)) => {
            x == y
                || base64(x).is_some_and(|d| base64(y) == Some(d))
                || plist::Date::from_xml_format(x).is_ok_and(|d| plist::Date::from_xml_format(y).ok() == Some(d))
        }
        (J::Array(x), J::String(y)) => base64(y).is_some_and(|d| x.len() == d.len() && x.iter().zip(&d).all(|(a, b)| a.as_u64() == Some(u64::from(*b)))),
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (J::Object(x), J::Object(y)) => x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same_json(a, b))),
        _ => a == b,
    }
}

/// No data loss through a plist-decoded type: `typed` (decoded from `input`) encodes as XML and
/// as binary, each decodes (with `decode`) to an equal value, and each, read as a plain value,
/// equals the input read as a plain value (where the input reads as one).
pub fn check_plist<T: Serialize + Debug>(input: &[u8], typed: &T, decode: impl Fn(&[u8]) -> Result<T, CodecError>) {
    // The plain reading can fail where the typed one does not: the typed layer reads a binary
    // plist's data or number keys as strings (key text is all it keeps). No comparison then.
    let raw_in = raw_plist(input).ok();
    let own = if input.starts_with(b"bplist00") { Format::BinaryPlist } else { Format::XmlPlist };
    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let bytes = match codec::encode(typed, format) {
            Ok(bytes) => bytes,
            // A binary plist's UIDs (NSKeyedArchiver references, kept in unknown keys) have no
            // XML form: the encoder says so. In their own format they round-trip.
            Err(e) if format != own && e.to_string().contains("UidNotSupportedInXmlPlist") => continue,
            Err(e) => panic!("a decoded value does not encode as {format:?}: {e}\n{typed:?}"),
        };
        let again = decode(&bytes).unwrap_or_else(|e| panic!("the {format:?} encoding does not decode: {e}\n{typed:?}"));
        assert_eq!(format!("{again:?}"), format!("{typed:?}"), "{format:?} round trip");
        let raw_out = raw_plist(&bytes).expect("what the codec writes reads as a plain value");
        if let Some(raw_in) = &raw_in {
            assert!(same_plist(raw_in, &raw_out), "lost or changed in {format:?}:\nin:  {raw_in:?}\nout: {raw_out:?}");
        }
    }
}

/// No data loss through a JSON-decoded type: `typed` (decoded from `input`) encodes as JSON, which
/// decodes to an equal value and, read as a plain JSON value, equals the input read the same way.
pub fn check_json<T: Serialize + DeserializeOwned + Debug>(input: &[u8], typed: &T) {
    let bytes = codec::to_json(typed).unwrap_or_else(|e| panic!("a decoded value does not encode as JSON: {e}\n{typed:?}"));
    let again: T = codec::from_json(&bytes).unwrap_or_else(|e| panic!("the JSON encoding does not decode: {e}\n{typed:?}"));
    assert_eq!(format!("{again:?}"), format!("{typed:?}"), "JSON round trip");
    let raw_in: serde_json::Value = serde_json::from_slice(input).expect("the typed decode succeeded, so the plain one does");
    let raw_out: serde_json::Value = serde_json::from_slice(&bytes).expect("plain");
    assert!(same_json(&raw_in, &raw_out), "lost or changed in JSON:\nin:  {raw_in}\nout: {raw_out}");
}

/// The device the validation targets check availability against (unsupervised iPhone, iOS
/// 16.4: many keys are unavailable there, so availability findings are made).
fn device() -> apple_device_management::runtime::availability::DeviceContext {
    use apple_device_management::runtime::availability::{DeviceContext, OsVersion, Platform};
    DeviceContext::new(Platform::IOS, OsVersion::new([16, 4])).supervised(false)
}

/// The validation targets' input: a plist of one format (others are left to the other
/// target), decoded as `validate` and `dm` decode it, then [`check_validate_plist`] with the
/// command picked by the input's length for `validate_response`.
pub fn fuzz_validate_plist(data: &[u8], format: Format) {
    let ours = match format {
        Format::BinaryPlist => data.starts_with(b"bplist00"),
        _ => !data.starts_with(b"bplist"),
    };
    if !ours {
        return;
    }
    check_limits(data, format);
    if let Ok(value) = codec::from_plist::<plist::Value>(data) {
        let known = apple_device_management::commands::AnyCommandResponse::KNOWN;
        check_validate_plist(&value, known[data.len() % known.len()]);
    }
}

/// A finding made without a device context is made with one, unless it is about presence
/// (`Rule::Required`): a required key is required only where it exists, and the context
/// settles where that is. Without a context, a key required only on some platforms, channels
/// or enrollments is a note naming where (`UserLongName` on the macOS user channel), and a key
/// required wherever the message exists is an error; with one, either is an error at the same
/// path where the device needs the key, and nothing where it does not (the fuzzers' iPhone on
/// iOS 16.4 has no user channel, and no `GetToken`, which came with iOS 17).
fn kept_with_context(f: &apple_device_management::runtime::validate::Finding, with_device: &apple_device_management::runtime::validate::Report) {
    use apple_device_management::runtime::validate::{Rule, Severity};
    if f.rule == Rule::Required {
        let settled = with_device.findings.iter().filter(|g| g.path() == f.path() && g.rule == Rule::Required);
        assert!(settled.clone().all(|g| g.severity == Severity::Error), "a device context left presence unsettled: {f:?}");
        return;
    }
    assert!(with_device.findings.contains(f), "a device context dropped {f:?}");
}

/// Raw validation of a plist document (`validate_document`, and `validate_response` for the
/// command `request_type` names). Beyond no panic and no hang:
///
/// - validating twice gives the same report (nothing depends on iteration order or state);
/// - a device context only adds findings: every finding made without one is made with one,
///   but presence, which the context settles, as an error where that device needs the key or
///   as nothing where the key does not exist on it (see [`kept_with_context`]);
/// - the verdict-only walks agree with the reports: `is_valid_value` with `validate_value` on
///   the schema the document's `RequestType` / `PayloadType` / `MessageType` names, and
///   `is_valid_response` with `validate_response`;
/// - every finding has a message, and an error's path is one the document has or the path
///   of a key missing from a dictionary it has (checked by [`path_reaches`]).
pub fn check_validate_plist(value: &plist::Value, request_type: &str) {
    use apple_device_management::runtime::validate::{self, find_schema};
    use apple_device_management::runtime::Category;

    let plain = validate::validate_document(value, None);
    assert_eq!(plain, validate::validate_document(value, None), "validation is deterministic");
    let with_device = validate::validate_document(value, Some(&device()));
    for f in &plain.report.findings {
        kept_with_context(f, &with_device.report);
        assert!(!f.message().is_empty(), "a finding without a message: {f:?}");
    }
    if let Some(dict) = value.as_dictionary() {
        for (key, category) in [("RequestType", Category::Commands), ("PayloadType", Category::Profiles), ("MessageType", Category::Checkin)] {
            if let Some(table) = dict.get(key).and_then(plist::Value::as_string).and_then(|id| find_schema(category, id)) {
                let report = validate::validate_value(table, value);
                assert_eq!(validate::is_valid_value(table, value), report.is_valid(), "verdict and report differ ({key}): {report:?}");
                for f in report.errors() {
                    assert!(path_reaches(value, f.path()), "{key}: error path `{}` is not in the document: {f:?}", f.path());
                }
            }
        }
    }
    let response = validate::validate_response(value, Some(request_type));
    assert_eq!(validate::is_valid_response(value, Some(request_type)), response.report.is_valid(), "response verdict and report differ: {response:?}");
}

/// JSON validation (`validate_json_document`), checked as [`check_validate_plist`] checks plist:
/// deterministic, a device context only adds findings, and for a declaration the verdict-only
/// walk (`is_valid_json`) agrees with `validate_json` on its `Payload`.
pub fn check_validate_json(value: &serde_json::Value) {
    use apple_device_management::runtime::validate::{self, find_schema};
    use apple_device_management::runtime::Category;

    let plain = validate::validate_json_document(value, None);
    assert_eq!(plain, validate::validate_json_document(value, None), "validation is deterministic");
    let with_device = validate::validate_json_document(value, Some(&device()));
    for f in &plain.report.findings {
        kept_with_context(f, &with_device.report);
        assert!(!f.message().is_empty(), "a finding without a message: {f:?}");
    }
    let declaration = value.get("Type").and_then(|t| t.as_str()).and_then(|t| find_schema(Category::Declarations, t));
    if let (Some(table), Some(payload)) = (declaration, value.get("Payload")) {
        let report = validate::validate_json(table, payload);
        assert_eq!(validate::is_valid_json(table, payload), report.is_valid(), "verdict and report differ: {report:?}");
    }
}

/// The schemas whose documents are JSON (declarations, status items …), in registry order:
/// the first byte of a `validate_json_bytes` input picks one.
pub fn json_tables() -> Vec<&'static apple_device_management::runtime::availability::SchemaTable> {
    apple_device_management::schemas().filter(|s| s.category.is_json()).map(|s| s.schema.table()).collect()
}

/// Whether a JSON text names some key twice in one object (a parsed value keeps the last; the
/// validator reading the text reports it, so their reports differ by design).
pub fn has_duplicate_keys(text: &[u8]) -> bool {
    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    struct Check;
    impl<'de> serde::Deserialize<'de> for Check {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Check, D::Error> {
            d.deserialize_any(Check)
        }
    }
    impl<'de> Visitor<'de> for Check {
        type Value = Check;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_str<E>(self, _: &str) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_unit<E>(self) -> Result<Check, E> {
            Ok(Check)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Check, A::Error> {
            while seq.next_element::<Check>()?.is_some() {}
            Ok(Check)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Check, A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key) {
                    return Err(serde::de::Error::custom("duplicate"));
                }
                map.next_value::<Check>()?;
            }
            Ok(Check)
        }
    }
    serde_json::from_slice::<Check>(text).is_err_and(|e| e.to_string().starts_with("duplicate"))
}

/// JSON text validated as it is read (`validate_json_slice`) against the JSON schema the first
/// byte picks: it refuses exactly the texts `serde_json` refuses, its verdict-only read agrees
/// with its report, and its report equals the walk of the parsed value (unless a key is named
/// twice, which only the reader of the text sees).
pub fn check_validate_json_bytes(data: &[u8]) {
    use apple_device_management::runtime::availability::Part;
    use apple_device_management::runtime::validate;

    let Some((&pick, text)) = data.split_first() else { return };
    let tables = json_tables();
    let table = tables[usize::from(pick) % tables.len()];
    let read = validate::validate_json_slice(table, Part::Payload, text);
    let parsed = serde_json::from_slice::<serde_json::Value>(text);
    assert_eq!(read.is_ok(), parsed.is_ok(), "the reader and serde_json disagree on whether this is JSON: {read:?} / {parsed:?}");
    assert_eq!(validate::is_valid_json_slice(table, Part::Payload, text), read.as_ref().is_ok_and(|r| r.is_valid()), "verdict and report differ: {read:?}");
    if let (Ok(report), Ok(value)) = (&read, &parsed) {
        assert_eq!(read, validate::validate_json_slice(table, Part::Payload, text), "validation is deterministic");
        if !has_duplicate_keys(text) {
            assert_eq!(report, &validate::validate_json(table, value), "reading the text and walking the parsed value report differently");
        }
    }
}

/// Whether `path` (`A.B[2].C`, rendered by the validator) names a value of `doc`, or a key of
/// a dictionary it has (a missing required key is reported at the path it would have). Keys
/// holding `.` or `[` (or empty keys) make paths ambiguous; those are accepted.
pub fn path_reaches(doc: &plist::Value, path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let mut at = doc;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let Some((index, tail)) = after.split_once(']') else { return false };
            let Some(item) = index.parse::<usize>().ok().and_then(|i| at.as_array()?.get(i)) else { return false };
            at = item;
            rest = tail.strip_prefix('.').unwrap_or(tail);
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let Some(dict) = at.as_dictionary() else { return false };
            match dict.get(&rest[..end]) {
                Some(v) => {
                    at = v;
                    rest = rest[end..].strip_prefix('.').unwrap_or(&rest[end..]);
                }
                // The last segment: a missing key of this dictionary. Otherwise a key with a
                // `.` or `[` in its name (or a wrong path).
                None => return end == rest.len() || dict.keys().any(|k| k.is_empty() || k.contains(['.', '['])),
            }
        }
    }
    true
}
