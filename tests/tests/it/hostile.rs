//! Hostile documents through the envelopes and dispatch types a server decodes with: command
//! envelopes (`CommandEnvelope<AnyCommand>`), responses (`CommandResponse::decode_for`, and a
//! typed `CommandResponse<ScheduleOSUpdateResponse>`), check-in messages (`AnyCheckinMessage`),
//! profiles (`TopLevel` and its `AnyPayload`s), DDM declarations
//! (`Declaration<AnyDeclarationPayload>`, JSON) and status reports (`StatusReport`, JSON).
//!
//! Each document is valid except for one hostile value put where the type keeps what it does
//! not know (an unknown key, so into `plist::Value`, whose decoding recurses): 100,000 nested
//! arrays, a million keys, a binary reference cycle, a binary "billion laughs", a 100 MB
//! string. The limits of `runtime::limits` refuse each with a clear error (asserted), except the
//! million keys, which decode and come back unchanged. Also every truncation of the seed
//! fixtures is refused without a panic.

use std::path::PathBuf;

use apple_device_management::checkin::AnyCheckinMessage;
use apple_device_management::commands::system_update_schedule::ScheduleOSUpdateResponse;
use apple_device_management::commands::{AnyCommand, AnyCommandResponse};
use apple_device_management::declarations::AnyDeclarationPayload;
use apple_device_management::profiles::top_level::TopLevel;
use apple_device_management::protocol::statusreport::StatusReport;
use apple_device_management::runtime::codec::{self, CodecError, Format};
use apple_device_management::runtime::{CommandEnvelope, CommandResponse, Declaration, UnknownKeys};
use plist::{Dictionary, Value};

/// Where the hostile value goes: this string value in the base document is replaced by it.
const SLOT: &str = "HOSTILE-SLOT";

fn dict(entries: &[(&str, Value)]) -> Value {
    Value::Dictionary(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Dictionary>())
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn slot() -> Value {
    s(SLOT)
}

/// A decoder under test: the name, the wire format, a valid base document with a `SLOT`
/// value, and the decode (returning, for the million keys, how many entries the decoded
/// document holds under the slot's key, and the document encoded again).
/// Decodes bytes into a target's type: (item count, bytes encoded again).
type Decode = fn(&[u8], bool) -> Result<(usize, Vec<u8>), CodecError>;

struct Target {
    name: &'static str,
    json: bool,
    base: Value,
    /// With `true`, the decoded document is also encoded again (else the bytes are empty).
    decode: Decode,
}

fn unknown_len(unknown: &UnknownKeys) -> usize {
    unknown.get("Hostile").and_then(Value::as_dictionary).map_or(0, |d| d.len())
}

fn targets() -> Vec<Target> {
    let response = dict(&[
        ("CommandUUID", s("0001")),
        ("Status", s("Acknowledged")),
        ("UDID", s("00008020-000915083C80012E")),
        ("UpdateResults", Value::Array(vec![dict(&[("InstallAction", s("DownloadOnly")), ("ProductKey", s("iOSUpdate17A576")), ("Status", s("Idle"))])])),
        ("Hostile", slot()),
    ]);
    vec![
        Target {
            name: "command envelope",
            json: false,
            base: dict(&[
                ("CommandUUID", s("0001")),
                ("Command", dict(&[("RequestType", s("ScheduleOSUpdateScan")), ("Force", Value::Boolean(true)), ("Hostile", slot())])),
            ]),
            decode: |b, encode| {
                let env: CommandEnvelope<AnyCommand> = codec::from_plist(b)?;
                let AnyCommand::ScheduleOSUpdateScan(c) = &env.command else { panic!("dispatch: {:?}", env.command) };
                Ok((unknown_len(&c.unknown), if encode { codec::to_binary(&env)? } else { Vec::new() }))
            },
        },
        Target {
            name: "response (decode_for)",
            json: false,
            base: response.clone(),
            decode: |b, encode| {
                let r = CommandResponse::<AnyCommandResponse>::decode_for("ScheduleOSUpdate", b)?;
                let Some(AnyCommandResponse::ScheduleOSUpdate(body)) = &r.body else { panic!("dispatch: {:?}", r.body) };
                Ok((unknown_len(&body.unknown), if encode { codec::to_binary(&r)? } else { Vec::new() }))
            },
        },
        Target {
            name: "response (typed)",
            json: false,
            base: response,
            decode: |b, encode| {
                let r: CommandResponse<ScheduleOSUpdateResponse> = codec::from_plist(b)?;
                let body = r.body.as_ref().expect("acknowledged: a body");
                Ok((unknown_len(&body.unknown), if encode { codec::to_binary(&r)? } else { Vec::new() }))
            },
        },
        Target {
            name: "check-in",
            json: false,
            base: dict(&[
                ("MessageType", s("CheckOut")),
                ("Topic", s("com.apple.mgmt.test")),
                ("UDID", s("1234")),
                ("EnrollmentID", s("e")),
                ("Hostile", slot()),
            ]),
            decode: |b, encode| {
                let m: AnyCheckinMessage = codec::from_plist(b)?;
                let AnyCheckinMessage::CheckOut(c) = &m else { panic!("dispatch: {m:?}") };
                Ok((unknown_len(&c.unknown), if encode { codec::to_binary(&m)? } else { Vec::new() }))
            },
        },
        Target {
            name: "profile",
            json: false,
            base: dict(&[
                ("PayloadIdentifier", s("com.example.profile")),
                ("PayloadUUID", s("9B8F5D0C-1D7A-4E0B-8E4B-2C1F3A5D6E7F")),
                ("PayloadType", s("Configuration")),
                ("PayloadVersion", Value::Integer(1.into())),
                (
                    "PayloadContent",
                    Value::Array(vec![dict(&[
                        ("PayloadType", s("com.apple.applicationaccess")),
                        ("PayloadIdentifier", s("com.example.restrictions")),
                        ("PayloadUUID", s("1B8F5D0C-1D7A-4E0B-8E4B-2C1F3A5D6E7F")),
                        ("PayloadVersion", Value::Integer(1.into())),
                        ("allowCamera", Value::Boolean(false)),
                        ("Hostile", slot()),
                    ])]),
                ),
            ]),
            decode: |b, encode| {
                let p: TopLevel = codec::from_plist(b)?;
                let payload = serde_json::to_value(codec::to_value(&p.payload_content[0])?).expect("JSON");
                let n = payload.get("Hostile").and_then(|h| h.as_object()).map_or(0, |o| o.len());
                Ok((n, if encode { codec::to_binary(&p)? } else { Vec::new() }))
            },
        },
        Target {
            name: "declaration (JSON)",
            json: true,
            base: dict(&[
                ("Type", s("com.apple.configuration.passcode.settings")),
                ("Identifier", s("passcode")),
                ("ServerToken", s("1")),
                ("Payload", dict(&[("MinimumLength", Value::Integer(6.into())), ("Hostile", slot())])),
            ]),
            decode: |b, encode| {
                let d: Declaration<AnyDeclarationPayload> = codec::from_json(b)?;
                let AnyDeclarationPayload::PasscodeSettings(p) = &d.payload else { panic!("dispatch: {:?}", d.payload) };
                Ok((unknown_len(&p.unknown), if encode { codec::to_json(&d)? } else { Vec::new() }))
            },
        },
        Target {
            name: "status report (JSON)",
            json: true,
            base: dict(&[
                ("StatusItems", dict(&[("device", dict(&[("model", dict(&[("family", s("iPhone"))]))]))])),
                ("Errors", Value::Array(vec![])),
                ("Hostile", slot()),
            ]),
            decode: |b, encode| {
                let r: StatusReport = codec::from_json(b)?;
                Ok((unknown_len(&r.unknown), if encode { codec::to_json(&r)? } else { Vec::new() }))
            },
        },
    ]
}

/// A hostile value, written in each format.
#[derive(Clone, Copy)]
enum Hostile {
    Deep(usize),
    Keys(usize),
    /// Binary only: an array holding itself.
    Cycle,
    /// Binary only: 64 levels of `[next, next]`.
    Laughs,
    String(usize),
}

fn xml(base: &Value, h: Hostile) -> Vec<u8> {
    let raw = match h {
        Hostile::Deep(n) => format!("{}<true/>{}", "<array>".repeat(n), "</array>".repeat(n)),
        Hostile::Keys(n) => {
            let mut s = String::with_capacity(n * 27 + 16);
            s.push_str("<dict>");
            for i in 0..n {
                s.push_str(&format!("<key>k{i:07}</key><true/>"));
            }
            s.push_str("</dict>");
            s
        }
        Hostile::String(n) => format!("<string>{}</string>", "x".repeat(n)),
        Hostile::Cycle | Hostile::Laughs => unreachable!("binary only"),
    };
    let mut out = Vec::new();
    base.to_writer_xml(&mut out).expect("xml");
    String::from_utf8(out).expect("utf-8").replacen(&format!("<string>{SLOT}</string>"), &raw, 1).into_bytes()
}

fn json(base: &Value, h: Hostile) -> Vec<u8> {
    let raw = match h {
        Hostile::Deep(n) => format!("{}true{}", "[".repeat(n), "]".repeat(n)),
        Hostile::Keys(n) => {
            let mut s = String::with_capacity(n * 18 + 2);
            s.push('{');
            for i in 0..n {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&format!("\"k{i:07}\":true"));
            }
            s.push('}');
            s
        }
        Hostile::String(n) => format!("\"{}\"", "x".repeat(n)),
        Hostile::Cycle | Hostile::Laughs => unreachable!("binary only"),
    };
    serde_json::to_string(base).expect("json").replacen(&format!("\"{SLOT}\""), &raw, 1).into_bytes()
}

/// A binary plist writer that can put a hostile object graph at the slot: 8-byte offsets,
/// 4-byte references, no sharing except where the hostile value shares on purpose.
#[derive(Default)]
struct Binary {
    objects: Vec<Vec<u8>>,
}

impl Binary {
    fn header(kind: u8, len: usize) -> Vec<u8> {
        if len < 15 {
            vec![kind << 4 | len as u8]
        } else {
            let mut h = vec![kind << 4 | 0x0f, 0x13];
            h.extend_from_slice(&(len as u64).to_be_bytes());
            h
        }
    }

    fn container(kind: u8, refs: &[u32]) -> Vec<u8> {
        let len = if kind == 0xd { refs.len() / 2 } else { refs.len() };
        let mut o = Self::header(kind, len);
        for r in refs {
            o.extend_from_slice(&r.to_be_bytes());
        }
        o
    }

    fn add(&mut self, o: Vec<u8>) -> u32 {
        self.objects.push(o);
        self.objects.len() as u32 - 1
    }

    fn string(&mut self, v: &str) -> u32 {
        let mut o = Self::header(0x5, v.len());
        o.extend_from_slice(v.as_bytes());
        self.add(o)
    }

    fn value(&mut self, v: &Value, h: Hostile) -> u32 {
        match v {
            Value::String(x) if x == SLOT => self.hostile(h),
            Value::String(x) => self.string(x),
            Value::Boolean(b) => self.add(vec![if *b { 0x09 } else { 0x08 }]),
            Value::Integer(i) => {
                let mut o = vec![0x13];
                o.extend_from_slice(&i.as_signed().expect("small").to_be_bytes());
                self.add(o)
            }
            Value::Array(a) => {
                let refs: Vec<u32> = a.iter().map(|v| self.value(v, h)).collect();
                self.add(Self::container(0xa, &refs))
            }
            Value::Dictionary(d) => {
                let keys: Vec<u32> = d.keys().map(|k| self.string(k)).collect();
                let values: Vec<u32> = d.values().map(|v| self.value(v, h)).collect();
                self.add(Self::container(0xd, &[keys, values].concat()))
            }
            other => panic!("not in the base documents: {other:?}"),
        }
    }

    fn hostile(&mut self, h: Hostile) -> u32 {
        match h {
            Hostile::Deep(n) => {
                // Object `first + i` is an array holding `first + i + 1`; the last is `true`.
                let first = self.objects.len() as u32;
                for i in 0..n as u32 {
                    self.add(Self::container(0xa, &[first + i + 1]));
                }
                self.add(vec![0x09]);
                first
            }
            Hostile::Keys(n) => {
                let t = self.add(vec![0x09]);
                let keys: Vec<u32> = (0..n).map(|i| self.string(&format!("k{i:07}"))).collect();
                self.add(Self::container(0xd, &[keys, vec![t; n]].concat()))
            }
            Hostile::Cycle => {
                let me = self.objects.len() as u32;
                self.add(Self::container(0xa, &[me]))
            }
            Hostile::Laughs => {
                let first = self.objects.len() as u32;
                for i in 0..64 {
                    self.add(Self::container(0xa, &[first + i + 1, first + i + 1]));
                }
                self.add(vec![0x09]);
                first
            }
            Hostile::String(n) => self.string(&"x".repeat(n)),
        }
    }

    fn write(base: &Value, h: Hostile) -> Vec<u8> {
        let mut b = Binary::default();
        let root = b.value(base, h);
        let mut out = b"bplist00".to_vec();
        let mut offsets = Vec::with_capacity(b.objects.len());
        for o in &b.objects {
            offsets.push(out.len() as u64);
            out.extend_from_slice(o);
        }
        let table = out.len() as u64;
        for off in offsets {
            out.extend_from_slice(&off.to_be_bytes());
        }
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 8, 4]);
        out.extend_from_slice(&(b.objects.len() as u64).to_be_bytes());
        out.extend_from_slice(&u64::from(root).to_be_bytes());
        out.extend_from_slice(&table.to_be_bytes());
        out
    }
}

/// The document of `t` with `h` at the slot, in each of `t`'s formats.
fn documents(t: &Target, h: Hostile) -> Vec<(&'static str, Vec<u8>)> {
    match (t.json, h) {
        (true, Hostile::Cycle | Hostile::Laughs) => vec![],
        (true, _) => vec![("JSON", json(&t.base, h))],
        (false, Hostile::Cycle | Hostile::Laughs) => vec![("binary", Binary::write(&t.base, h))],
        (false, _) => vec![("XML", xml(&t.base, h)), ("binary", Binary::write(&t.base, h))],
    }
}

/// Every target refuses `h` with `expected` (the outcome; how long it takes is for benchmarks).
fn refused(h: Hostile, expected: &str) {
    for t in targets() {
        for (format, doc) in documents(&t, h) {
            let err = (t.decode)(&doc, false).map(|(n, _)| n).expect_err(&format!("{} ({format}) decoded", t.name));
            assert_eq!(err.to_string(), expected, "{} ({format})", t.name);
        }
    }
}

#[test]
fn base_documents_decode() {
    for t in targets() {
        for (format, doc) in documents(&t, Hostile::Keys(3)) {
            let (n, again) = (t.decode)(&doc, true).unwrap_or_else(|e| panic!("{} ({format}): {e}", t.name));
            assert_eq!(n, 3, "{} ({format})", t.name);
            assert_eq!((t.decode)(&again, true).expect("re-encoded").1, again, "{} ({format}) is stable", t.name);
        }
    }
}

#[test]
fn nesting_100_000_deep_is_refused() {
    refused(Hostile::Deep(100_000), "document nests arrays and dictionaries more than 100 deep");
}

#[test]
fn binary_cycle_is_refused() {
    for t in targets() {
        for (format, doc) in documents(&t, Hostile::Cycle) {
            let err = (t.decode)(&doc, false).map(|(n, _)| n).expect_err(t.name);
            assert!(matches!(err, CodecError::Cycle { .. }), "{} ({format}): {err:?}", t.name);
            assert!(err.to_string().ends_with("contains itself (a reference cycle)"), "{err}");
        }
    }
}

#[test]
fn binary_billion_laughs_is_refused() {
    refused(Hostile::Laughs, "document holds more than 2000000 values");
}

#[test]
fn string_of_100_mb_is_refused() {
    let n = 100 * 1024 * 1024;
    for t in targets() {
        for (format, doc) in documents(&t, Hostile::String(n)) {
            let err = (t.decode)(&doc, false).map(|(n, _)| n).expect_err(t.name);
            assert_eq!(err.to_string(), format!("document is {} bytes, more than the limit of 67108864", doc.len()), "{} ({format})", t.name);
        }
    }
}

/// A million unknown keys decode and are all kept, through the response envelope and the
/// check-in dispatch (binary plists) and the declaration envelope (JSON, which is also encoded
/// again and decoded to the same entries). XML is in `tests/tests/limits.rs`; the other
/// targets decode the same way, and a million keys take seconds each unoptimised.
#[test]
fn a_million_unknown_keys_decode() {
    let n = 1_000_000;
    for t in targets().into_iter().filter(|t| matches!(t.name, "response (decode_for)" | "check-in" | "declaration (JSON)")) {
        let doc = if t.json { json(&t.base, Hostile::Keys(n)) } else { Binary::write(&t.base, Hostile::Keys(n)) };
        let (kept, again) = (t.decode)(&doc, t.json).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert_eq!(kept, n, "{}", t.name);
        if t.json {
            let (kept_again, again_again) = (t.decode)(&again, true).expect("re-encoded");
            assert_eq!(kept_again, n, "{}", t.name);
            assert_eq!(again_again, again, "{}", t.name);
        }
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seeds")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every prefix of every seed fixture, XML and binary, through the type it decodes as: an
/// error for each (or, for a cut inside the closing `</plist>`, the whole value), never a panic.
#[test]
fn truncated_seed_fixtures_are_refused() {
    type Decode = fn(&[u8]) -> Result<Value, CodecError>;
    let cases: [(&str, &str, Decode); 4] = [
        ("schedule_os_update_request.plist", "ScheduleOSUpdate", |b| codec::to_value(&codec::from_plist::<CommandEnvelope<AnyCommand>>(b)?)),
        ("schedule_os_update_scan_request.plist", "ScheduleOSUpdateScan", |b| codec::to_value(&codec::from_plist::<CommandEnvelope<AnyCommand>>(b)?)),
        ("schedule_os_update_response.plist", "ScheduleOSUpdate", |b| {
            codec::to_value(&CommandResponse::<AnyCommandResponse>::decode_for("ScheduleOSUpdate", b)?)
        }),
        ("schedule_os_update_scan_response.plist", "ScheduleOSUpdateScan", |b| {
            codec::to_value(&CommandResponse::<AnyCommandResponse>::decode_for("ScheduleOSUpdateScan", b)?)
        }),
    ];
    for (name, _, decode) in cases {
        let xml = fixture(name);
        let whole = decode(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let binary = codec::encode(&plist::from_bytes::<Value>(&xml).expect("plist"), Format::BinaryPlist).expect("binary");
        assert_eq!(decode(&binary).expect("binary"), whole, "{name}");
        let root_end = String::from_utf8_lossy(&xml).rfind("</dict>").expect("root dict") + "</dict>".len();
        for cut in 0..xml.len() {
            match decode(&xml[..cut]) {
                Ok(v) => assert!(cut >= root_end && v == whole, "{name} cut at {cut} decoded as {v:?}"),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        for cut in 0..binary.len() {
            let err = decode(&binary[..cut]).expect_err(name);
            assert!(!err.to_string().is_empty());
        }
    }
    let err = CommandResponse::<AnyCommandResponse>::decode_for("ScheduleOSUpdate", &fixture("schedule_os_update_response.plist")[..60]).expect_err("cut");
    assert_eq!(err.to_string(), "XML plist: UnexpectedEof (offset 60)");
}

/// First found by fuzzing (decode_checkin), when a typed `<string>` field turned `<data>` and
/// `<date>` into text: now a value of another plist type than the field's is kept as sent
/// (the field stays unset, the value is in `unknown`) and written back as the same type, so
/// nothing changes on a round trip, UTF-8 or not; an `<integer>` for `<real>` is the one value
/// read as the schema's type (the validator accepts it) and comes back as `<real>`.
#[test]
fn typed_fields_keep_other_plist_types_as_sent() {
    let base = |udid: Value| dict(&[("MessageType", s("CheckOut")), ("Topic", s("t")), ("UDID", udid), ("EnrollmentID", s("e"))]);
    let decode = |v: &Value| {
        let bytes = codec::to_binary(v).expect("binary");
        codec::from_plist::<AnyCheckinMessage>(&bytes).map(|m| codec::to_value(&m).expect("value"))
    };
    let date = plist::Date::from_xml_format("2024-05-06T07:08:09Z").expect("date");
    for sent in [Value::Data(b"udid".to_vec()), Value::Data(vec![0xff, 0xfe]), Value::Date(date), Value::Integer(7.into())] {
        assert_eq!(decode(&base(sent.clone())).expect("decodes"), base(sent.clone()), "{sent:?} comes back as sent");
        let Ok(AnyCheckinMessage::CheckOut(m)) = codec::from_plist::<AnyCheckinMessage>(&codec::to_binary(&base(sent.clone())).expect("binary")) else {
            panic!("a CheckOut")
        };
        assert_eq!((m.udid.as_deref(), m.unknown.mismatched("UDID")), (None, Some(&sent)));
    }
}

/// Found by fuzzing (decode_command_envelope, decode_response_envelope): a binary plist's UID
/// (an NSKeyedArchiver reference, never sent by MDM) where the schema says `<integer>`
/// (`InstallApplication`'s `Options.PurchaseMethod`) or `<real>` is kept as sent: a UID again
/// in binary plists; XML has no form for it and says so.
#[test]
fn a_uid_in_a_number_field_is_kept_as_sent() {
    let command = |purchase: Value| {
        let options = dict(&[("PurchaseMethod", purchase)]);
        dict(&[("CommandUUID", s("1")), ("Command", dict(&[("RequestType", s("InstallApplication")), ("Identifier", s("a.b")), ("Options", options)]))])
    };
    let decode = |v: &Value| {
        let bytes = codec::to_binary(v).expect("binary");
        let typed = codec::from_plist::<CommandEnvelope<AnyCommand>>(&bytes).expect("decodes");
        plist::from_bytes::<Value>(&codec::to_binary(&typed).expect("binary")).expect("plain")
    };
    let uid = Value::Uid(plist::Uid::new(1));
    assert_eq!(decode(&command(uid.clone())), command(uid.clone()));
    // decode_response_envelope: the same where the schema says `<real>` (`BatteryLevel` of a
    // DeviceInformation response).
    let response = |level: Value| {
        let answers = dict(&[("BatteryLevel", level)]);
        dict(&[("CommandUUID", s("1")), ("Status", s("Acknowledged")), ("UDID", s("u")), ("QueryResponses", answers)])
    };
    let bytes = codec::to_binary(&response(Value::Uid(plist::Uid::new(42)))).expect("binary");
    let typed = CommandResponse::<AnyCommandResponse>::decode_for("DeviceInformation", &bytes).expect("decodes");
    let again: Value = plist::from_bytes(&codec::to_binary(&typed).expect("binary")).expect("plain");
    assert_eq!(again, response(Value::Uid(plist::Uid::new(42))));
    // An unknown key keeps the UID in binary too.
    let mut unknown = command(Value::Integer(1.into()));
    unknown.as_dictionary_mut().and_then(|d| d.get_mut("Command")).and_then(Value::as_dictionary_mut).expect("command").insert("Archived".into(), uid.clone());
    assert_eq!(decode(&unknown), unknown, "the UID survives a binary round trip");
    let typed = codec::from_plist::<CommandEnvelope<AnyCommand>>(&codec::to_binary(&unknown).expect("binary")).expect("decodes");
    assert!(codec::to_xml(&typed).expect_err("no XML form").to_string().contains("Uid"));
}

/// Found by fuzzing (decode_checkin): a NaN with a sign or payload (from a binary plist) is
/// kept bit for bit through binary plists, but XML writes every NaN as `nan`, which reads back
/// as the plain NaN. The value stays a NaN either way.
#[test]
fn nan_survives_as_nan() {
    let negative_nan = f64::from_bits(0xfff8_0000_0000_0001);
    let msg = dict(&[("MessageType", s("CheckOut")), ("Topic", s("t")), ("UDID", s("1")), ("EnrollmentID", s("e")), ("Unknown", Value::Real(negative_nan))]);
    let typed = codec::from_plist::<AnyCheckinMessage>(&codec::to_binary(&msg).expect("binary")).expect("decodes");
    let binary: Value = plist::from_bytes(&codec::to_binary(&typed).expect("binary")).expect("plain");
    let real = |v: &Value| v.as_dictionary().and_then(|d| d.get("Unknown")).and_then(Value::as_real).expect("a real");
    assert_eq!(real(&binary).to_bits(), negative_nan.to_bits(), "binary keeps the bits");
    let xml = Value::from_reader_xml(&codec::to_xml(&typed).expect("XML")[..]).expect("plain");
    assert!(real(&xml).is_nan(), "XML keeps a NaN");
}

/// A document that leaves out the constant key its type writes itself (`PayloadType`,
/// `RequestType`) decodes, and is written back without it, as sent: nothing is added (found by
/// the `decode_profile` fuzzer; fuzz/README.md, finding 9). A value built with `new` writes
/// it, and so does a decoded one once the key is put into `unknown`.
#[test]
fn a_left_out_tag_is_not_added_on_the_way_back() {
    use apple_device_management::commands::device_lock::DeviceLockCommand;
    use apple_device_management::profiles::top_level::TopLevel;
    use apple_device_management::runtime::codec;

    let profile = br#"<plist version="1.0"><dict>
        <key>PayloadIdentifier</key><string>com.example.profile</string>
        <key>PayloadUUID</key><string>9B8F5D0C-1D7A-4E0B-8E4B-2C1F3A5D6E7F</string>
        <key>PayloadVersion</key><integer>1</integer>
        <key>PayloadContent</key><array/>
    </dict></plist>"#;
    let mut top: TopLevel = codec::from_plist(profile).expect("a profile without PayloadType decodes");
    assert!(top.unknown.is_missing("PayloadType"));
    assert_eq!(top.unknown.missing().count(), 0, "no field holds a placeholder for the tag");
    let back: plist::Value = codec::from_plist(&codec::to_xml(&top).expect("encodes")).expect("reads");
    let sent: plist::Value = codec::from_plist(profile).expect("reads");
    assert_eq!(back, sent, "written back as sent");
    top.unknown.insert("PayloadType".into(), "Configuration".into());
    let fixed: plist::Value = codec::from_plist(&codec::to_xml(&top).expect("encodes")).expect("reads");
    assert_eq!(fixed.as_dictionary().and_then(|d| d.get("PayloadType")).and_then(plist::Value::as_string), Some("Configuration"));

    let command = br#"<plist version="1.0"><dict><key>Message</key><string>Lost</string></dict></plist>"#;
    let lock: DeviceLockCommand = codec::from_plist(command).expect("a command body without RequestType decodes");
    let back: plist::Value = codec::from_plist(&codec::to_xml(&lock).expect("encodes")).expect("reads");
    assert_eq!(back, codec::from_plist::<plist::Value>(command).expect("reads"));
    let built: plist::Value = codec::from_plist(&codec::to_xml(&DeviceLockCommand::new()).expect("encodes")).expect("reads");
    assert_eq!(built.as_dictionary().and_then(|d| d.get("RequestType")).and_then(plist::Value::as_string), Some("DeviceLock"));
}

/// A key named twice keeps its last value, as `plist::Value` reads it, whichever of the two
/// fits the field: no stale mismatch is kept and nothing else is written back (found by the
/// `decode_profile` fuzzer in a binary plist whose key references repeat; fuzz/README.md,
/// finding 10).
#[test]
fn a_key_named_twice_keeps_its_last_value() {
    use apple_device_management::commands::device_lock::DeviceLockCommand;
    use apple_device_management::runtime::codec;

    for (first, last) in [("<string>Configuration</string>", "<integer>1</integer>"), ("<integer>1</integer>", "<string>Configuration</string>")] {
        let xml = format!(
            "<plist version=\"1.0\"><dict><key>RequestType</key><string>DeviceLock</string>\
             <key>Message</key>{first}<key>Message</key>{last}</dict></plist>"
        );
        let lock: DeviceLockCommand = codec::from_plist(xml.as_bytes()).expect("decodes");
        let as_value: plist::Value = codec::from_plist(xml.as_bytes()).expect("reads");
        let back: plist::Value = codec::from_plist(&codec::to_xml(&lock).expect("encodes")).expect("reads");
        assert_eq!(back, as_value, "{first} then {last}");
        let again: DeviceLockCommand = codec::from_plist(&codec::to_xml(&lock).expect("encodes")).expect("decodes");
        assert_eq!(again, lock, "{first} then {last}: the same value after a round trip");
    }
}

/// Structs, arrays and scalars are read in place (`runtime::record`): an array with one item
/// that does not fit is kept whole, as sent, items that fit included, and written back as it
/// came; an array named twice keeps only its last value, nothing of the first.
#[test]
fn an_array_with_an_item_that_does_not_fit_is_kept_whole_and_a_second_array_replaces_the_first() {
    use apple_device_management::commands::system_update_schedule::{InstallAction, ScheduleOSUpdateCommand};
    use apple_device_management::runtime::codec;

    let item = |action: &str, extra: &str| format!("<dict><key>InstallAction</key><string>{action}</string>{extra}</dict>");
    let misfit = format!(
        "<plist version=\"1.0\"><dict><key>RequestType</key><string>ScheduleOSUpdate</string><key>Updates</key><array>{}<string>not a dictionary</string>{}</array></dict></plist>",
        item("Default", "<key>ProductKey</key><string>A</string>"),
        item("InstallASAP", "<key>MaxUserDeferrals</key><integer>3</integer><key>Future</key><true/>"),
    );
    let command: ScheduleOSUpdateCommand = codec::from_plist(misfit.as_bytes()).expect("decodes");
    assert!(command.updates.is_empty(), "{command:?}");
    let kept = command.unknown.mismatched("Updates").and_then(plist::Value::as_array).expect("the array is kept");
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[1], plist::Value::String("not a dictionary".into()));
    let as_value: plist::Value = codec::from_plist(misfit.as_bytes()).expect("reads");
    let back: plist::Value = codec::from_plist(&codec::to_xml(&command).expect("encodes")).expect("reads");
    assert_eq!(back, as_value, "written back as sent");

    let twice = format!(
        "<plist version=\"1.0\"><dict><key>RequestType</key><string>ScheduleOSUpdate</string><key>Updates</key><array>{}{}</array><key>Updates</key><array>{}</array></dict></plist>",
        item("Default", ""),
        item("NotifyOnly", ""),
        item("InstallLater", "<key>Priority</key><string>High</string>"),
    );
    let command: ScheduleOSUpdateCommand = codec::from_plist(twice.as_bytes()).expect("decodes");
    assert_eq!(command.updates.len(), 1, "{command:?}");
    assert_eq!(command.updates[0].install_action, InstallAction::InstallLater);
    assert!(command.unknown.is_clean(), "{:?}", command.unknown);
    let clone = command.clone();
    assert_eq!(clone, command);
    assert!(format!("{command:?}").starts_with("ScheduleOSUpdateCommand { updates: [UpdatesItem { product_key: None"), "{command:?}");
}
