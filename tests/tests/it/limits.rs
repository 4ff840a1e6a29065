//! Decoding limits against hostile documents: 100,000-deep nesting (XML and binary plists, and
//! JSON), a 100 MB string, a million keys, truncated plists, binary plists with reference
//! cycles, shared references that expand past the value limit ("billion laughs") and counts
//! larger than the document. Each returns a clear error (the message is asserted) or decodes,
//! never panics or overflows the stack, and is fast.
//!
//! The decisions: depth is limited to `MAX_DEPTH` (100) nested arrays and dictionaries in every
//! format, values to `MAX_VALUES` (2,000,000, a dictionary entry counting once, so a million
//! keys decode), documents to `MAX_DOCUMENT_BYTES` (64 MiB, so a 100 MB string is refused before
//! it is read; a string that fits decodes).

use std::collections::BTreeMap;

use apple_device_management::runtime::codec::{self, CodecError, Format, MAX_DOCUMENT_BYTES};
use apple_device_management::runtime::limits::{self, Limits, Shape, MAX_DEPTH, MAX_VALUES};
use plist::Value;

const HUGE_DEPTH: usize = 100_000;

/// Runs `f`, asserts it took less than `limit` (debug build), and returns its result.
/// Runs one hostile case. What it asserts is the outcome, never the time it took (timing is
/// for benchmarks: a loaded machine is 2x slower and more); `what` names the case in a panic.
fn case<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let _ = what;
    f()
}

fn plist_err(bytes: &[u8]) -> CodecError {
    match codec::from_plist::<Value>(bytes) {
        Ok(v) => panic!("decoded: {:?}", v.as_dictionary().map(|d| d.len())),
        Err(e) => e,
    }
}

fn json_err(bytes: &[u8]) -> CodecError {
    match codec::from_json::<Value>(bytes) {
        Ok(_) => panic!("decoded"),
        Err(e) => e,
    }
}

const TOO_DEEP: &str = "document nests arrays and dictionaries more than 100 deep";
const TOO_MANY: &str = "document holds more than 2000000 values";

// ---------------------------------------------------------------------------------------------
// Document builders.

/// `depth` nested arrays (or dictionaries, each holding the next under key `a`) around `true`.
fn xml_nested(depth: usize, dict: bool) -> Vec<u8> {
    let (open, close) = if dict { ("<dict><key>a</key>", "</dict>") } else { ("<array>", "</array>") };
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + 64);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">");
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str("<true/>");
    for _ in 0..depth {
        s.push_str(close);
    }
    s.push_str("</plist>");
    s.into_bytes()
}

fn json_nested(depth: usize, object: bool) -> Vec<u8> {
    let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + 4);
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str("true");
    for _ in 0..depth {
        s.push_str(close);
    }
    s.into_bytes()
}

/// A binary plist from encoded objects (marker byte and payload); 8-byte offsets, references
/// of `ref_size` bytes.
fn bplist(objects: &[Vec<u8>], root: u64, ref_size: u8) -> Vec<u8> {
    let mut out = b"bplist00".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for o in objects {
        offsets.push(out.len() as u64);
        out.extend_from_slice(o);
    }
    let table = out.len() as u64;
    for off in offsets {
        out.extend_from_slice(&off.to_be_bytes());
    }
    out.extend_from_slice(&[0; 6]);
    out.push(8);
    out.push(ref_size);
    out.extend_from_slice(&(objects.len() as u64).to_be_bytes());
    out.extend_from_slice(&root.to_be_bytes());
    out.extend_from_slice(&table.to_be_bytes());
    out
}

/// A container marker with its length (`kind` 0xa array, 0xd dictionary).
fn header(kind: u8, len: u64) -> Vec<u8> {
    if len < 15 {
        vec![kind << 4 | len as u8]
    } else {
        let mut h = vec![kind << 4 | 0x0f, 0x13];
        h.extend_from_slice(&len.to_be_bytes());
        h
    }
}

fn refs(out: &mut Vec<u8>, refs: impl IntoIterator<Item = u64>, ref_size: u8) {
    for r in refs {
        out.extend_from_slice(&r.to_be_bytes()[8 - usize::from(ref_size)..]);
    }
}

fn array(items: &[u64], ref_size: u8) -> Vec<u8> {
    let mut o = header(0xa, items.len() as u64);
    refs(&mut o, items.iter().copied(), ref_size);
    o
}

fn dict(keys: &[u64], values: &[u64], ref_size: u8) -> Vec<u8> {
    let mut o = header(0xd, keys.len() as u64);
    refs(&mut o, keys.iter().copied(), ref_size);
    refs(&mut o, values.iter().copied(), ref_size);
    o
}

fn ascii(s: &str) -> Vec<u8> {
    let mut o = header(0x5, s.len() as u64);
    o.extend_from_slice(s.as_bytes());
    o
}

const TRUE: u8 = 0x09;

/// `depth` nested arrays, each object holding the next one, around `true`.
fn binary_nested(depth: usize) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = (0..depth).map(|i| array(&[i as u64 + 1], 4)).collect();
    objects.push(vec![TRUE]);
    bplist(&objects, 0, 4)
}

/// A dictionary of `n` keys (`k0000000`, …) whose values all reference one `true`.
fn binary_keys(n: usize) -> Vec<u8> {
    let mut objects = Vec::with_capacity(n + 2);
    let keys: Vec<u64> = (2..n as u64 + 2).collect();
    objects.push(dict(&keys, &vec![1; n], 4));
    objects.push(vec![TRUE]);
    for i in 0..n {
        objects.push(ascii(&format!("k{i:07}")));
    }
    bplist(&objects, 0, 4)
}

fn xml_keys(n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(n * 27 + 64);
    s.push_str("<plist version=\"1.0\"><dict>");
    for i in 0..n {
        s.push_str(&format!("<key>k{i:07}</key><true/>"));
    }
    s.push_str("</dict></plist>");
    s.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Depth.

#[test]
fn xml_plist_100_000_deep_is_refused() {
    for dict in [false, true] {
        let doc = xml_nested(HUGE_DEPTH, dict);
        let err = case("refusing a 100,000-deep XML plist", || plist_err(&doc));
        assert!(matches!(err, CodecError::TooDeep { limit: MAX_DEPTH }), "{err:?}");
        assert_eq!(err.to_string(), TOO_DEEP);
    }
}

#[test]
fn binary_plist_100_000_deep_is_refused() {
    let doc = binary_nested(HUGE_DEPTH);
    let err = case("refusing a 100,000-deep binary plist", || plist_err(&doc));
    assert!(matches!(err, CodecError::TooDeep { limit: 100 }), "{err:?}");
    assert_eq!(err.to_string(), TOO_DEEP);
}

#[test]
fn json_100_000_deep_is_refused() {
    for object in [false, true] {
        let doc = json_nested(HUGE_DEPTH, object);
        let err = case("refusing 100,000-deep JSON", || json_err(&doc));
        assert!(matches!(err, CodecError::TooDeep { limit: 100 }), "{err:?}");
        assert_eq!(err.to_string(), TOO_DEEP);
    }
}

/// Exactly `MAX_DEPTH` levels decode, in every format, into `plist::Value` and a typed map
/// (and the decode runs on a 1 MiB stack, half a test thread's); one more is refused.
#[test]
fn depth_limit_is_exact_in_every_format() {
    type Build = Box<dyn Fn(usize) -> Vec<u8>>;
    let docs: Vec<(&str, Format, Build)> = vec![
        ("XML arrays", Format::XmlPlist, Box::new(|d| xml_nested(d, false))),
        ("XML dictionaries", Format::XmlPlist, Box::new(|d| xml_nested(d, true))),
        ("binary arrays", Format::BinaryPlist, Box::new(binary_nested)),
        ("JSON arrays", Format::Json, Box::new(|d| json_nested(d, false))),
        ("JSON objects", Format::Json, Box::new(|d| json_nested(d, true))),
    ];
    for (what, format, build) in docs {
        let ok = build(MAX_DEPTH);
        assert_eq!(limits::check(&ok, format).expect(what), Shape { depth: MAX_DEPTH, values: MAX_DEPTH + 1 }, "{what}");
        let decoded = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let value: Value = codec::decode(&ok, format).expect("the deepest allowed document decodes");
                let mut depth = 0;
                let mut v = &value;
                loop {
                    v = match v {
                        Value::Array(a) => &a[0],
                        Value::Dictionary(d) => &d["a"],
                        _ => break,
                    };
                    depth += 1;
                }
                depth
            })
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert_eq!(decoded, MAX_DEPTH, "{what}");
        let err = codec::decode::<Value>(&build(MAX_DEPTH + 1), format).expect_err(what);
        assert_eq!(err.to_string(), TOO_DEEP, "{what}");
    }
}

/// Without the limit, the plist crate's recursive decode overflows the stack on the
/// 100,000-deep document: run in a child process (this test binary, running
/// `decode_100_000_deep_without_limits` with `DM_LIMITS_CHILD` set), as the overflow aborts it.
/// This is what `xml_plist_100_000_deep_is_refused` guards against.
#[test]
fn without_the_limit_a_deep_plist_overflows_the_stack() {
    let exe = std::env::current_exe().expect("test binary");
    let out = std::process::Command::new(exe)
        .args(["--exact", "limits::decode_100_000_deep_without_limits", "--nocapture", "--test-threads", "1"])
        .env("DM_LIMITS_CHILD", "1")
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "plist decoded 100,000 levels without overflowing; stderr: {stderr}");
    assert!(stderr.contains("overflowed its stack"), "stderr: {stderr}");
}

/// Does nothing unless run by `without_the_limit_a_deep_plist_overflows_the_stack`.
#[test]
fn decode_100_000_deep_without_limits() {
    if std::env::var_os("DM_LIMITS_CHILD").is_none() {
        return;
    }
    let doc = xml_nested(HUGE_DEPTH, false);
    let decoded: Result<Value, _> = plist::from_bytes(&doc);
    println!("decoded: {}", decoded.is_ok());
}

// ---------------------------------------------------------------------------------------------
// Size and count.

/// A 100 MB string is over the document limit: refused before anything is parsed, in every
/// format (for a binary plist, whose strings declare their length, see
/// `declared_lengths_past_the_document_are_refused`).
#[test]
fn string_of_100_mb_is_refused() {
    let big = "x".repeat(100 * 1024 * 1024);
    let xml = format!("<plist version=\"1.0\"><string>{big}</string></plist>");
    let json = format!("{{\"a\":\"{big}\"}}");
    drop(big);
    for (bytes, format) in [(xml.as_bytes(), Format::XmlPlist), (json.as_bytes(), Format::Json)] {
        let err = case("refusing a 100 MB document", || codec::decode::<Value>(bytes, format).expect_err("too large"));
        assert!(matches!(err, CodecError::TooLarge { limit: MAX_DOCUMENT_BYTES, .. }), "{err:?}");
        assert_eq!(err.to_string(), format!("document is {} bytes, more than the limit of 67108864", bytes.len()));
    }
}

/// A string that fits the document limit decodes whole.
#[test]
fn string_of_16_mb_decodes() {
    let big = "x".repeat(16 * 1024 * 1024);
    let xml = format!("<plist version=\"1.0\"><dict><key>a</key><string>{big}</string></dict></plist>");
    let value: BTreeMap<String, Value> = case("a 16 MB string", || codec::from_plist(xml.as_bytes())).expect("decodes");
    assert_eq!(value["a"].as_string().map(str::len), Some(big.len()));
}

#[test]
fn a_million_keys_decode() {
    let n = 1_000_000;
    for (what, doc) in [("binary", binary_keys(n)), ("XML", xml_keys(n))] {
        assert_eq!(limits::check(&doc, Format::XmlPlist).expect(what), Shape { depth: 1, values: n + 1 });
        let map: BTreeMap<String, Value> = case("a million keys", || codec::from_plist(&doc)).expect(what);
        assert_eq!(map.len(), n, "{what}");
        assert_eq!(map.get("k0999999"), Some(&Value::Boolean(true)), "{what}");
    }
}

#[test]
fn more_values_than_the_limit_are_refused() {
    // One key more than fits: the dictionary and its 2,000,000 entries are 2,000,001 values.
    let doc = binary_keys(MAX_VALUES);
    let err = case("refusing 2,000,001 values", || plist_err(&doc));
    assert!(matches!(err, CodecError::TooMany { limit: MAX_VALUES }), "{err:?}");
    assert_eq!(err.to_string(), TOO_MANY);

    let json = format!("[{}true]", "true,".repeat(MAX_VALUES));
    let err = case("refusing 2,000,002 JSON values", || json_err(json.as_bytes()));
    assert_eq!(err.to_string(), TOO_MANY);

    let xml = format!("<plist><array>{}</array></plist>", "<true/>".repeat(MAX_VALUES));
    let err = case("refusing 2,000,001 XML values", || plist_err(xml.as_bytes()));
    assert_eq!(err.to_string(), TOO_MANY);
}

/// Shared references expand: 64 levels of `[next, next]` would be 2^64 values. The walk counts
/// each reference and stops at the limit.
#[test]
fn binary_billion_laughs_is_refused() {
    let levels = 64;
    let mut objects: Vec<Vec<u8>> = (0..levels).map(|i| array(&[i + 1, i + 1], 1)).collect();
    objects.push(vec![TRUE]);
    let doc = bplist(&objects, 0, 1);
    assert!(doc.len() < 1024);
    let err = case("refusing a binary billion laughs", || plist_err(&doc));
    assert!(matches!(err, CodecError::TooMany { limit: MAX_VALUES }), "{err:?}");
    assert_eq!(err.to_string(), TOO_MANY);
}

/// Smaller limits apply the same way (and are what a caller with tighter bounds would use).
#[test]
fn custom_limits() {
    let tight = Limits { max_bytes: 100, max_depth: 2, max_values: 3 };
    assert_eq!(tight.check(b"[[1]]", Format::Json).expect("fits"), Shape { depth: 2, values: 3 });
    assert_eq!(tight.check(b"[[[]]]", Format::Json).expect_err("deep").to_string(), "document nests arrays and dictionaries more than 2 deep");
    assert_eq!(tight.check(b"[1,2,3]", Format::Json).expect_err("many").to_string(), "document holds more than 3 values");
    assert_eq!(tight.check(&[b' '; 101], Format::Json).expect_err("large").to_string(), "document is 101 bytes, more than the limit of 100");
    assert_eq!(Limits::default(), Limits::DEFAULT);
}

// ---------------------------------------------------------------------------------------------
// Binary structure: cycles, counts, truncation.

#[test]
fn binary_reference_cycles_are_refused() {
    let cases: Vec<(&str, Vec<Vec<u8>>, &str)> = vec![
        ("an array holding itself", vec![array(&[0], 1)], "binary plist object 0 contains itself (a reference cycle)"),
        ("two arrays holding each other", vec![array(&[1], 1), array(&[0], 1)], "binary plist object 0 contains itself (a reference cycle)"),
        (
            "a dictionary value holding its dictionary",
            vec![dict(&[1], &[2], 1), ascii("a"), array(&[3, 0], 1), vec![TRUE]],
            "binary plist object 0 contains itself (a reference cycle)",
        ),
        ("a dictionary key that is its dictionary", vec![dict(&[0], &[1], 1), vec![TRUE]], "binary plist object 0 contains itself (a reference cycle)"),
        ("a cycle below the root", vec![array(&[1], 1), array(&[2], 1), array(&[1], 1)], "binary plist object 1 contains itself (a reference cycle)"),
    ];
    for (what, objects, message) in cases {
        let err = plist_err(&bplist(&objects, 0, 1));
        assert!(matches!(err, CodecError::Cycle { .. }), "{what}: {err:?}");
        assert_eq!(err.to_string(), message, "{what}");
    }
    // Shared, not cyclic: an object referenced twice side by side is fine.
    let shared = bplist(&[array(&[1, 1], 1), array(&[2], 1), vec![TRUE]], 0, 1);
    let value: Value = codec::from_plist(&shared).expect("a shared object is not a cycle");
    let inner = Value::Array(vec![Value::Boolean(true)]);
    assert_eq!(value, Value::Array(vec![inner.clone(), inner]));
}

#[test]
fn declared_lengths_past_the_document_are_refused() {
    let huge = 1u64 << 40;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "an array of 2^40 items",
            bplist(&[header(0xa, huge)], 0, 1),
            "binary plist: array object 0 declares 1099511627776 entries, more than the document holds",
        ),
        (
            "a dictionary of 2^63 entries (2^64 references)",
            bplist(&[header(0xd, 1 << 63)], 0, 1),
            "binary plist: dictionary object 0 declares 9223372036854775808 entries, more than the document holds",
        ),
        ("a 100 MB string", bplist(&[header(0x5, 100 << 20)], 0, 1), "binary plist: string object 0 declares 104857600 entries, more than the document holds"),
        ("4 GB of data", bplist(&[header(0x4, 1 << 32)], 0, 1), "binary plist: data object 0 declares 4294967296 entries, more than the document holds"),
        (
            "2^40 objects",
            {
                let mut d = bplist(&[vec![TRUE]], 0, 1);
                let n = d.len() - 24;
                d[n..n + 8].copy_from_slice(&huge.to_be_bytes());
                d
            },
            "binary plist: the offset table (1099511627776 objects at offset 9) runs past the end of the document",
        ),
        ("a root past the objects", bplist(&[vec![TRUE]], 7, 1), "binary plist: object reference 7 is out of range (1 objects)"),
        ("a reference past the objects", bplist(&[array(&[9], 1)], 0, 1), "binary plist: object reference 9 is out of range (1 objects)"),
        ("a bad reference size", bplist(&[vec![TRUE]], 0, 5), "binary plist: invalid object reference size 5 in the trailer"),
    ];
    for (what, doc, message) in cases {
        let err = case(what, || plist_err(&doc));
        assert_eq!(err.to_string(), message, "{what}");
    }
}

/// Every prefix of a valid binary plist and of a valid XML plist is refused with an error.
#[test]
fn truncated_plists_are_refused() {
    let mut dict = plist::Dictionary::new();
    dict.insert("CommandUUID".into(), Value::String("0001".into()));
    dict.insert("Items".into(), Value::Array(vec![Value::Integer(1.into()), Value::Data(vec![1, 2, 3]), Value::Real(1.5)]));
    dict.insert("Nested".into(), Value::Dictionary([("a".to_string(), Value::Boolean(true))].into_iter().collect()));
    let value = Value::Dictionary(dict);
    let mut binary = Vec::new();
    value.to_writer_binary(&mut binary).expect("binary");
    let mut xml = Vec::new();
    value.to_writer_xml(&mut xml).expect("xml");
    assert_eq!(codec::from_plist::<Value>(&binary).expect("whole"), value);
    assert_eq!(codec::from_plist::<Value>(&xml).expect("whole"), value);

    for cut in 0..binary.len() {
        let err = plist_err(&binary[..cut]);
        assert!(!err.to_string().is_empty());
    }
    assert_eq!(plist_err(&binary[..20]).to_string(), "binary plist: truncated: 20 bytes, less than a header and a trailer (40 bytes)");
    // Cut mid-way, the last 32 bytes are not a trailer.
    assert!(plist_err(&binary[..binary.len() - 1]).to_string().starts_with("binary plist: "));

    // Cut anywhere before the root value ends, it is refused; after, only (part of)
    // `</plist>` is missing: refused, or the value is whole.
    let end = xml.len() - "</dict>\n</plist>".len();
    assert!(xml.ends_with(b"</dict>\n</plist>"), "{}", String::from_utf8_lossy(&xml));
    for cut in 0..end {
        let err = plist_err(&xml[..cut]);
        assert!(!err.to_string().is_empty());
    }
    for cut in end + "</dict>".len()..xml.len() {
        if let Ok(decoded) = codec::from_plist::<Value>(&xml[..cut]) {
            assert_eq!(decoded, value);
        }
    }
    let cut = std::str::from_utf8(&xml).expect("utf-8").find("<key>Items").expect("key");
    assert_eq!(plist_err(&xml[..cut]).to_string(), "XML plist: UnexpectedEndOfEventStream");
}

#[test]
fn truncated_json_is_refused() {
    let json = br#"{"Type":"com.apple.configuration.passcode.settings","Identifier":"a","ServerToken":"1","Payload":{"MinimumLength":6}}"#;
    for cut in 0..json.len() {
        assert!(codec::from_json::<Value>(&json[..cut]).is_err(), "cut at {cut}");
    }
    assert_eq!(json_err(&json[..40]).to_string(), "JSON at `Type`: EOF while parsing a string at line 1 column 40");
}

// ---------------------------------------------------------------------------------------------
// XML lexing: what the pass skips is what the reader skips.

#[test]
fn xml_markup_that_hides_tags() {
    let cases: Vec<(&str, String, Shape)> = vec![
        ("tags in a comment", format!("<plist><!-- {} --><array/></plist>", "<array>".repeat(500)), Shape { depth: 1, values: 1 }),
        ("close tags in a comment", format!("<plist><array><array><!-- {} --></array></array></plist>", "</array>".repeat(5)), Shape { depth: 2, values: 2 }),
        ("tags in CDATA", format!("<plist><string><![CDATA[{}]]></string></plist>", "<array>".repeat(500)), Shape { depth: 0, values: 1 }),
        ("a `>` in a quoted attribute", "<plist><array a=\">\" b='<array>'><true/></array></plist>".to_string(), Shape { depth: 1, values: 2 }),
        ("a processing instruction", "<?xml version=\"1.0\"?><?pi <array> ?><plist><array/></plist>".to_string(), Shape { depth: 1, values: 1 }),
        (
            "Apple's DOCTYPE",
            "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\"><plist><dict><key>a</key><array><true/><key>b</key></array></dict></plist>".to_string(),
            Shape { depth: 2, values: 4 },
        ),
        ("namespaced element names", "<plist><x:array><x:array/></x:array></plist>".to_string(), Shape { depth: 2, values: 2 }),
    ];
    for (what, doc, shape) in cases {
        assert_eq!(limits::check(doc.as_bytes(), Format::XmlPlist).expect(what), shape, "{what}");
        // Where the reader decodes it, the decoded value has that shape.
        if let Ok(value) = plist::from_bytes::<Value>(doc.as_bytes()) {
            assert_eq!(codec::from_plist::<Value>(doc.as_bytes()).expect(what), value, "{what}");
        }
    }
}

/// A `<!DOCTYPE>` with an internal subset (where entity "billion laughs" live) is refused; the
/// plist reader would not expand the entities, but no device sends one.
#[test]
fn xml_doctype_internal_subset_is_refused() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
                  <plist><string>&lol2;</string></plist>";
    assert_eq!(plist_err(laughs.as_bytes()).to_string(), "XML plist: a <!DOCTYPE> with an internal subset ([…]) is not accepted");
}

/// The ASCII (OpenStep) format is not MDM's and is not measured: not decoded.
#[test]
fn ascii_plists_are_not_decoded() {
    let deep = format!("{}{}", "(".repeat(HUGE_DEPTH), ")".repeat(HUGE_DEPTH));
    assert!(plist_err(deep.as_bytes()).to_string().starts_with("XML plist: "));
    assert!(codec::from_plist::<Value>(b"{ a = b; }").is_err());
}

// ---------------------------------------------------------------------------------------------
// Regressions found by fuzzing (fuzz/README.md).

/// decode_checkin: the plist crate checks an object's length from the object's offset, not
/// from after its marker, so the last object may run a few bytes into the trailer's padding.
/// The pass refused that while the plist crate reads it; now both read it.
#[test]
fn binary_object_running_into_the_trailer_decodes_as_plist_reads_it() {
    let mut doc = b"bplist00".to_vec();
    doc.push(9); // offset table: object 0 at offset 9
    doc.extend_from_slice(&[0x44, 1, 2, 3]); // data of 4 bytes, only 3 before the trailer
    doc.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 1]); // padding (the 4th data byte), sizes
    doc.extend_from_slice(&1u64.to_be_bytes());
    doc.extend_from_slice(&0u64.to_be_bytes());
    doc.extend_from_slice(&8u64.to_be_bytes());
    let plain: Value = plist::from_bytes(&doc).expect("the plist crate reads it");
    assert_eq!(plain, Value::Data(vec![1, 2, 3, 0]));
    assert_eq!(codec::from_plist::<Value>(&doc).expect("decodes"), plain);
    // One byte more runs past the plist crate's bound too.
    doc[9] = 0x45;
    assert_eq!(plist_err(&doc).to_string(), "binary plist: data object 0 declares 5 entries, more than the document holds");
}

/// decode_checkin: a binary dictionary whose key is data (not a string) is not a plain plist
/// (`plist::Value::from_reader` refuses it), but serde decoding (typed, and `plist::Value`
/// through serde) reads the key's bytes as its text. Nothing is lost: the text is the key.
#[test]
fn binary_data_key_reads_as_its_text() {
    let doc = bplist(&[dict(&[1], &[2], 1), vec![0x41, b'k'], vec![TRUE]], 0, 1);
    assert!(Value::from_reader(std::io::Cursor::new(&doc)).is_err());
    let typed: BTreeMap<String, Value> = codec::from_plist(&doc).expect("typed");
    assert_eq!(typed, BTreeMap::from([("k".to_string(), Value::Boolean(true))]));
}

/// validate_plist_xml: the plist reader takes a dictionary's children as key, value, key, value
/// whatever their tags, so a `<key>` where a value belongs is read as a string value (and a
/// `<string>` where a key belongs as the key). The XML pass counted no `<key>` in a dictionary
/// as a value, so it measured one value fewer than the document has; the limits must never
/// under-count. Now it follows the alternation.
#[test]
fn xml_key_in_value_position_counts_as_a_value() {
    let doc =
        b"<plist version=\"1.0\"><dict><key>A</key><key>B</key><string>C</string><key>D</key><string>E</string><array><key>F</key></array></dict></plist>";
    let plain = plist::Value::from_reader_xml(&doc[..]).expect("the plist crate reads it");
    let expected = Value::Dictionary(plist::Dictionary::from_iter([
        ("A".to_string(), Value::String("B".into())),
        ("C".to_string(), Value::String("D".into())),
        ("E".to_string(), Value::Array(vec![Value::String("F".into())])),
    ]));
    assert_eq!(plain, expected);
    // The root, three values, and the array's item: 5 values, 2 levels.
    assert_eq!(limits::check(doc, Format::XmlPlist).expect("within the limits"), Shape { depth: 2, values: 5 });
    assert_eq!(codec::from_plist::<Value>(doc).expect("decodes"), expected);
}

/// decode_checkin: a binary plist date before year 0 (seconds from 2001 below
/// -63,145,526,400) is read by the plist crate, which then panics formatting it as RFC 3339
/// text when serde asks for it (plist 1.10 `Date::to_xml_format` unwraps). Refused before
/// decoding now, with the object and its value; the earliest writable date decodes.
#[test]
fn binary_date_before_year_zero_is_refused_not_a_panic() {
    let date_doc = |seconds: f64| {
        let mut doc = b"bplist00".to_vec();
        doc.push(0x33);
        doc.extend_from_slice(&seconds.to_be_bytes());
        doc.push(8); // offset table: object 0 at offset 8
        doc.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 1]);
        doc.extend_from_slice(&1u64.to_be_bytes());
        doc.extend_from_slice(&0u64.to_be_bytes());
        doc.extend_from_slice(&17u64.to_be_bytes());
        doc
    };
    let earliest = -63_145_526_400.0;
    let err = plist_err(&date_doc(earliest - 1.0));
    assert!(matches!(err, CodecError::DateOutOfRange { object: 0, .. }), "{err:?}");
    assert_eq!(err.to_string(), "binary plist date object 0 is -63145526401 s from 2001-01-01, before year 0 (dates have no form there)");
    let ok: Value = codec::from_plist(&date_doc(earliest)).expect("year 0 decodes");
    assert_eq!(ok.as_date().map(|d| d.to_xml_format()), Some("0000-01-01T00:00:00Z".to_string()));
    // Inside a document, through a typed check-in message's unknown key.
    let typed = codec::from_plist::<apple_device_management::checkin::AnyCheckinMessage>(&date_doc(-1e11));
    assert!(matches!(typed, Err(CodecError::DateOutOfRange { .. })), "{typed:?}");
}
