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

/// The depth and value count of a plain plist value, without recursion.
pub fn plist_shape(v: &plist::Value) -> Shape {
    let mut shape = Shape::default();
    let mut stack = vec![(v, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        shape.values += 1;
        match v {
            plist::Value::Array(a) => {
                shape.depth = shape.depth.max(depth + 1);
                stack.extend(a.iter().map(|c| (c, depth + 1)));
            }
            plist::Value::Dictionary(d) => {
                shape.depth = shape.depth.max(depth + 1);
                stack.extend(d.values().map(|c| (c, depth + 1)));
            }
            _ => {}
        }
    }
    shape
}

/// The depth and value count of a plain JSON value, without recursion.
pub fn json_shape(v: &serde_json::Value) -> Shape {
    let mut shape = Shape::default();
    let mut stack = vec![(v, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        shape.values += 1;
        match v {
            serde_json::Value::Array(a) => {
                shape.depth = shape.depth.max(depth + 1);
                stack.extend(a.iter().map(|c| (c, depth + 1)));
            }
            serde_json::Value::Object(o) => {
                shape.depth = shape.depth.max(depth + 1);
                stack.extend(o.values().map(|c| (c, depth + 1)));
            }
            _ => {}
        }
    }
    shape
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
        Err(CodecError::Cycle { object }) => {
            assert!(raw_plist(bytes).map(drop_plist).is_err(), "the pass found a cycle at {object} that plist reads");
        }
        Err(_) => {}
    }
}

/// Whether two plain plist values are equal, reals compared bit for bit (so NaN equals NaN).
pub fn same_plist(a: &plist::Value, b: &plist::Value) -> bool {
    use plist::Value as V;
    match (a, b) {
        (V::Real(x), V::Real(y)) => x.to_bits() == y.to_bits(),
        (V::Array(x), V::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_plist(a, b)),
        (V::Dictionary(x), V::Dictionary(y)) => x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same_plist(a, b))),
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
    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let bytes = codec::encode(typed, format).unwrap_or_else(|e| panic!("a decoded value does not encode as {format:?}: {e}\n{typed:?}"));
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
    assert_eq!(raw_in, raw_out, "lost or changed in JSON");
}
