//! Writes the seed corpora of the decode targets into `corpus/<target>/`:
//!
//! - the seed fixtures of `tests/fixtures/seeds/` (Apple's documented examples), as XML and as
//!   binary plists;
//! - one small document per schema of the registry, every key set (nested ones to depth 3, the
//!   way `benches/availability.rs` populates a payload), wrapped as the target decodes it: a
//!   command envelope per `RequestType`, a response per `RequestType` (after the byte that
//!   picks it), a check-in message per `MessageType`, a profile per `PayloadType`, a
//!   declaration per `Type` (JSON), and status reports (JSON);
//! - a few hostile shapes (deep nesting just over and under the limit, a binary cycle).
//!
//! Run from `fuzz/`: `cargo run --example make_seeds` (any toolchain). The YAML seeds
//! (`corpus/load_schema_yaml/`) are written by hand and copied from the loader's malformed
//! fixtures; this does not touch them. Re-running rewrites the same files.

use std::path::{Path, PathBuf};

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::{AnyCommand, AnyCommandResponse};
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::protocol::statusreport::StatusReport;
use apple_device_management::runtime::availability::{KeyNode, KeyType, Scalar};
use apple_device_management::runtime::{codec, CommandEnvelope, CommandResponse, Data, Declaration};
use apple_device_management::{schemas, Category};
use plist::{Dictionary, Value};

fn populate(keys: &'static [KeyNode], depth: usize) -> Dictionary {
    let mut dict = Dictionary::new();
    for k in keys {
        let name = if k.any { "AnyKey".to_string() } else { k.name.to_string() };
        dict.insert(name, value(k, depth));
    }
    dict
}

fn value(k: &'static KeyNode, depth: usize) -> Value {
    if let Some(first) = k.rangelist.first() {
        return match *first {
            Scalar::Str(s) => Value::String(s.into()),
            Scalar::Int(i) => Value::Integer(i.into()),
            Scalar::Real(r) => Value::Real(r),
            Scalar::Bool(b) => Value::Boolean(b),
        };
    }
    match k.ty {
        KeyType::String | KeyType::Any => Value::String("value".into()),
        KeyType::Integer => Value::Integer(1.into()),
        KeyType::Real => Value::Real(1.5),
        KeyType::Boolean => Value::Boolean(true),
        KeyType::Date => Value::Date(std::time::SystemTime::UNIX_EPOCH.into()),
        KeyType::Data => Value::Data(vec![0xde, 0xad, 0xbe, 0xef]),
        KeyType::Dictionary if depth < 3 => Value::Dictionary(populate(k.children(), depth + 1)),
        KeyType::Dictionary => Value::Dictionary(Dictionary::new()),
        KeyType::Array => match k.children().first() {
            Some(item) if depth < 3 => Value::Array(vec![value(item, depth + 1)]),
            _ => Value::Array(Vec::new()),
        },
    }
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

/// A plist value as DDM JSON writes it: data as base64, dates as RFC 3339 strings.
fn json(v: &Value) -> serde_json::Value {
    match v {
        Value::Dictionary(d) => serde_json::Value::Object(d.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
        Value::Array(a) => serde_json::Value::Array(a.iter().map(json).collect()),
        // The crate's own base64, as its `Data` writes it in JSON.
        Value::Data(d) => serde_json::to_value(Data(d.clone())).expect("data as base64 text"),
        Value::Date(d) => serde_json::Value::String(d.to_xml_format()),
        other => serde_json::to_value(other).expect("a scalar"),
    }
}

fn xml(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    v.to_writer_xml(&mut out).expect("xml");
    out
}

fn binary(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    v.to_writer_binary(&mut out).expect("binary");
    out
}

struct Corpus {
    dir: PathBuf,
    count: usize,
}

impl Corpus {
    fn new(root: &Path, target: &str) -> Self {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).expect("corpus folder");
        Corpus { dir, count: 0 }
    }

    fn write(&mut self, name: &str, bytes: &[u8]) {
        let name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
        std::fs::write(self.dir.join(name), bytes).expect("seed");
        self.count += 1;
    }
}

fn nested_xml(depth: usize) -> Vec<u8> {
    format!(
        "<plist version=\"1.0\"><dict><key>CommandUUID</key><string>1</string><key>Deep</key>{}<true/>{}</dict></plist>",
        "<array>".repeat(depth),
        "</array>".repeat(depth)
    )
    .into_bytes()
}

fn main() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = fuzz.join("corpus");
    let fixtures = fuzz.join("../tests/fixtures/seeds");
    let mut commands = Corpus::new(&corpus, "decode_command_envelope");
    let mut responses = Corpus::new(&corpus, "decode_response_envelope");
    let mut checkins = Corpus::new(&corpus, "decode_checkin");
    let mut profiles = Corpus::new(&corpus, "decode_profile");
    let mut declarations = Corpus::new(&corpus, "decode_declaration_json");
    let mut reports = Corpus::new(&corpus, "decode_status_report");

    let pick = |request_type: &str| AnyCommandResponse::KNOWN.iter().position(|k| *k == request_type).expect("a known request type") as u8;

    // Apple's examples.
    for (file, request_type) in [
        ("schedule_os_update_request.plist", None),
        ("schedule_os_update_scan_request.plist", None),
        ("schedule_os_update_response.plist", Some("ScheduleOSUpdate")),
        ("schedule_os_update_scan_response.plist", Some("ScheduleOSUpdateScan")),
    ] {
        let bytes = std::fs::read(fixtures.join(file)).expect("fixture");
        let bin = binary(&plist::from_bytes(&bytes).expect("plist"));
        let stem = file.trim_end_matches(".plist");
        match request_type {
            None => {
                commands.write(&format!("fixture-{stem}.xml"), &bytes);
                commands.write(&format!("fixture-{stem}.bplist"), &bin);
            }
            Some(rt) => {
                responses.write(&format!("fixture-{stem}.xml"), &[&[pick(rt)], &bytes[..]].concat());
                responses.write(&format!("fixture-{stem}.bplist"), &[&[pick(rt)], &bin[..]].concat());
            }
        }
    }

    // One document per schema.
    let mut status_items = Dictionary::new();
    for (i, info) in schemas().enumerate() {
        let body = populate(info.schema.keys, 0);
        let id = info.wire_id.unwrap_or(info.title);
        // Every fourth document also as a binary plist.
        let also_binary = i % 4 == 0;
        match info.category {
            Category::Commands => {
                let mut command = body;
                command.insert("RequestType".into(), s(id));
                let env =
                    Value::Dictionary(Dictionary::from_iter([("CommandUUID".to_string(), s("0001")), ("Command".to_string(), Value::Dictionary(command))]));
                commands.write(&format!("{id}.xml"), &xml(&env));
                if also_binary {
                    commands.write(&format!("{id}.bplist"), &binary(&env));
                }
                if let Some(keys) = info.schema.response_keys {
                    let mut response = populate(keys, 0);
                    response.insert("CommandUUID".into(), s("0001"));
                    response.insert("Status".into(), s("Acknowledged"));
                    response.insert("UDID".into(), s("00008020-000915083C80012E"));
                    let response = Value::Dictionary(response);
                    responses.write(&format!("{id}.xml"), &[&[pick(id)], &xml(&response)[..]].concat());
                    if also_binary {
                        responses.write(&format!("{id}.bplist"), &[&[pick(id)], &binary(&response)[..]].concat());
                    }
                }
            }
            Category::Checkin => {
                let mut message = body;
                message.insert("MessageType".into(), s(id));
                let message = Value::Dictionary(message);
                checkins.write(&format!("{id}.xml"), &xml(&message));
                checkins.write(&format!("{id}.bplist"), &binary(&message));
            }
            Category::Profiles if info.wire_id.is_some() => {
                let mut payload = body;
                payload.insert("PayloadType".into(), s(id));
                payload.insert("PayloadIdentifier".into(), s("com.example.payload"));
                payload.insert("PayloadUUID".into(), s("1B8F5D0C-1D7A-4E0B-8E4B-2C1F3A5D6E7F"));
                payload.insert("PayloadVersion".into(), Value::Integer(1.into()));
                let profile = Value::Dictionary(Dictionary::from_iter([
                    ("PayloadIdentifier".to_string(), s("com.example.profile")),
                    ("PayloadUUID".to_string(), s("9B8F5D0C-1D7A-4E0B-8E4B-2C1F3A5D6E7F")),
                    ("PayloadType".to_string(), s("Configuration")),
                    ("PayloadVersion".to_string(), Value::Integer(1.into())),
                    ("PayloadDisplayName".to_string(), s("Seed")),
                    ("PayloadContent".to_string(), Value::Array(vec![Value::Dictionary(payload)])),
                ]));
                profiles.write(&format!("{id}.xml"), &xml(&profile));
                if also_binary {
                    profiles.write(&format!("{id}.bplist"), &binary(&profile));
                }
            }
            Category::Declarations => {
                let declaration = Value::Dictionary(Dictionary::from_iter([
                    ("Type".to_string(), s(id)),
                    ("Identifier".to_string(), s("com.example.declaration")),
                    ("ServerToken".to_string(), s("1")),
                    ("Payload".to_string(), Value::Dictionary(body)),
                ]));
                declarations.write(&format!("{id}.json"), &serde_json::to_vec(&json(&declaration)).expect("json"));
            }
            Category::Status if status_items.len() < 40 => {
                status_items.insert(id.to_string(), Value::Dictionary(body));
            }
            Category::Protocol if id.to_lowercase().contains("status") => {
                reports.write(&format!("{id}.json"), &serde_json::to_vec(&json(&Value::Dictionary(body))).expect("json"));
            }
            _ => {}
        }
    }
    // Status reports carrying status items (as the dotted identifiers, each a dictionary).
    for (n, chunk) in status_items.into_iter().collect::<Vec<_>>().chunks(10).enumerate() {
        let report = Value::Dictionary(Dictionary::from_iter([
            ("StatusItems".to_string(), Value::Dictionary(chunk.iter().cloned().collect())),
            ("Errors".to_string(), Value::Array(vec![Value::Dictionary(Dictionary::from_iter([("StatusItem".to_string(), s("device.model.family"))]))])),
            ("FullReport".to_string(), Value::Boolean(true)),
        ]));
        reports.write(&format!("report-{n}.json"), &serde_json::to_vec(&json(&report)).expect("json"));
    }

    // Hostile shapes: at and over the depth limit, a binary cycle.
    for depth in [99, 101] {
        commands.write(&format!("deep-{depth}.xml"), &nested_xml(depth));
    }
    let mut cycle = b"bplist00".to_vec();
    cycle.extend_from_slice(&[0xa1, 0x00]); // object 0: an array holding object 0
    cycle.push(8); // offset table: object 0 at offset 8
    cycle.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 1]);
    cycle.extend_from_slice(&1u64.to_be_bytes());
    cycle.extend_from_slice(&0u64.to_be_bytes());
    cycle.extend_from_slice(&10u64.to_be_bytes());
    commands.write("cycle.bplist", &cycle);
    declarations.write(
        "deep-99.json",
        format!("{{\"Type\":\"x\",\"Identifier\":\"i\",\"ServerToken\":\"1\",\"Payload\":{{\"a\":{}1{}}}}}", "[".repeat(98), "]".repeat(98)).as_bytes(),
    );

    // How many seeds decode (the others still exercise the error paths).
    type Decodes = fn(&[u8]) -> bool;
    let decodes: [(&Corpus, Decodes); 6] = [
        (&commands, |b| codec::from_plist::<CommandEnvelope<AnyCommand>>(b).is_ok()),
        (&responses, |b| {
            b.split_first().is_some_and(|(&p, d)| CommandResponse::<AnyCommandResponse>::decode_for(AnyCommandResponse::KNOWN[usize::from(p)], d).is_ok())
        }),
        (&checkins, |b| codec::from_plist::<AnyCheckinMessage>(b).is_ok()),
        (&profiles, |b| codec::from_plist::<TopLevel>(b).is_ok()),
        (&declarations, |b| codec::from_json::<Declaration<AnyDeclarationPayload>>(b).is_ok()),
        (&reports, |b| codec::from_json::<StatusReport>(b).is_ok()),
    ];
    for (c, decodes) in decodes {
        let ok = std::fs::read_dir(&c.dir).expect("corpus").filter(|e| e.as_ref().is_ok_and(|e| decodes(&std::fs::read(e.path()).expect("seed")))).count();
        println!("{}: {} seeds, {ok} decode", c.dir.display(), c.count);
    }

    // The validation targets start from the same documents, valid and hostile: the plist ones
    // from the commands, check-in messages and profiles (XML or binary by target), the JSON one
    // from the declarations and status reports.
    let copies: [(&str, &[&Corpus], fn(&[u8]) -> bool); 3] = [
        ("validate_plist_xml", &[&commands, &checkins, &profiles], |b| !b.starts_with(b"bplist")),
        ("validate_plist_binary", &[&commands, &checkins, &profiles], |b| b.starts_with(b"bplist")),
        ("validate_declaration_json", &[&declarations, &reports], |_| true),
    ];
    for (target, from, keep) in copies {
        let mut to = Corpus::new(&corpus, target);
        for c in from {
            let prefix = c.dir.file_name().and_then(|n| n.to_str()).unwrap_or("seed").trim_start_matches("decode_").to_string();
            for entry in std::fs::read_dir(&c.dir).expect("corpus").flatten() {
                let bytes = std::fs::read(entry.path()).expect("seed");
                if keep(&bytes) {
                    to.write(&format!("{prefix}-{}", entry.file_name().to_string_lossy()), &bytes);
                }
            }
        }
        println!("{}: {} seeds", to.dir.display(), to.count);
    }

    // `validate_json_bytes`: each declaration's payload after the byte that picks its schema,
    // and texts at the edges of the JSON grammar.
    let tables = dm_fuzz::json_tables();
    assert!(tables.len() <= 256, "one byte no longer picks every JSON schema");
    let mut texts = Corpus::new(&corpus, "validate_json_bytes");
    for entry in std::fs::read_dir(&declarations.dir).expect("corpus").flatten() {
        let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&std::fs::read(entry.path()).expect("seed")) else { continue };
        let (Some(ty), Some(payload)) = (doc.get("Type").and_then(|t| t.as_str()), doc.get("Payload")) else { continue };
        let Some(table) = apple_device_management::runtime::validate::find_schema(Category::Declarations, ty) else { continue };
        let Some(pick) = tables.iter().position(|t| std::ptr::eq(*t, table)).and_then(|i| u8::try_from(i).ok()) else { continue };
        let mut bytes = vec![pick];
        bytes.extend(serde_json::to_vec(payload).expect("JSON"));
        texts.write(&format!("{ty}.json"), &bytes);
    }
    let edges: [(&str, &[u8]); 8] = [
        ("duplicate.json", b"\0{\"a\":1,\"a\":[2]}"),
        ("escapes.json", b"\0{\"\\u0041\\ud83d\\ude00\":\"\\n\\t\\\"\\/\"}"),
        ("lone-surrogate.json", b"\0[\"\\ud800\"]"),
        ("numbers.json", b"\0[0,-0,1.5e3,-9223372036854775808,18446744073709551616,1e400]"),
        ("not-utf8.json", b"\0{\"\xc3\xa9\":\"\xff\"}"),
        ("trailing.json", b"\0{} x"),
        ("control.json", b"\0[\"a\x01\"]"),
        ("leading-zero.json", b"\0[01]"),
    ];
    for (name, bytes) in edges {
        texts.write(name, bytes);
    }
    let deep = |n: usize| [&[0u8][..], "[".repeat(n).as_bytes(), "]".repeat(n).as_bytes()].concat();
    texts.write("deep-127.json", &deep(127));
    texts.write("deep-128.json", &deep(128));
    println!("{}: {} seeds", texts.dir.display(), texts.count);
}
