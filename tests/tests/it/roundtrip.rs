//! Round trips through every generated type: for each schema of the registry, a document with
//! every key of the model set (optional ones too, nested dictionaries and arrays populated, an
//! unknown key in every struct) is decoded into the Rust type and encoded again, in XML plist,
//! binary plist and, for the DDM categories, JSON; the output must equal the input. Then the
//! forward-compatibility cases one by one: unknown enum values, unknown nested keys, an integer
//! where the schema says `<real>`, a date where it says `<string>`.

use std::collections::BTreeMap;

use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::{Category, CommandResponse};
use apple_device_management::SchemaInfo;
use dm_tests::{check_roundtrip, encode_plist, load_tree, place_mut, tag_of, Populator, Seg, UNKNOWN_KEY};
use generator::model::{Key, KeyType, SchemaFile, Value as ModelValue};
use plist::{Dictionary, Value};

/// The number of schema files of release-18.1 (303 YAML files less `docs/schema.yaml`).
const EXPECTED_SCHEMAS: usize = 302;

fn formats(category: Category) -> Vec<Format> {
    let mut f = vec![Format::XmlPlist, Format::BinaryPlist];
    if category.is_json() {
        f.push(Format::Json);
    }
    f
}

#[test]
fn every_schema_round_trips_populated() {
    let tree = load_tree();
    let files: BTreeMap<&str, &SchemaFile> = tree.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let infos: Vec<&SchemaInfo> = apple_device_management::schemas().collect();

    let mut failures = Vec::new();
    let (mut main_done, mut response_done, mut runs) = (0usize, 0usize, 0usize);
    for info in &infos {
        let Some(file) = files.get(info.source) else {
            failures.push(format!("{}: in the registry but not in the tree", info.source));
            continue;
        };
        let main = Value::Dictionary(Populator::new().document(file.payload_keys.as_ref(), tag_of(file)));
        for format in formats(info.category) {
            runs += 1;
            if let Err(e) = check_roundtrip(dm_tests::roundtrip_of(info), &main, format) {
                failures.push(format!("{} ({}) {format:?}: {e}", info.source, info.rust_type));
            }
        }
        main_done += 1;

        match (dm_tests::response_roundtrip_of(info), info.response_type) {
            (Some(rt), Some(name)) => {
                let response = Value::Dictionary(Populator::new().document(file.response_keys.as_ref(), None));
                for format in formats(info.category) {
                    runs += 1;
                    if let Err(e) = check_roundtrip(rt, &response, format) {
                        failures.push(format!("{} ({name}) {format:?}: {e}", info.source));
                    }
                }
                response_done += 1;
            }
            (None, None) => {
                assert!(file.category != generator::model::Category::Commands, "{}: a command without a response type", info.source);
            }
            _ => failures.push(format!("{}: response_type and response_roundtrip disagree", info.source)),
        }
    }

    assert!(failures.is_empty(), "{} of {runs} round trips failed:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(main_done, EXPECTED_SCHEMAS, "every schema of the registry must be exercised");
    assert_eq!(infos.len(), EXPECTED_SCHEMAS, "the registry has {} schemas", infos.len());
    let in_tree = tree.files.iter().filter(|f| f.path != generator::load::ROOT_SCHEMA_PATH).count();
    assert_eq!(in_tree, EXPECTED_SCHEMAS, "the tree has {in_tree} schema files");
    let with_response = tree
        .files
        .iter()
        .filter(|f| f.category == generator::model::Category::Commands || (f.category == generator::model::Category::Checkin && f.response_keys.is_some()))
        .count();
    assert_eq!(response_done, with_response, "every response type must be exercised");
    eprintln!("{main_done} schemas, {response_done} response types, {runs} round trips");
}

/// A round trip alone cannot tell a typed field from the `unknown` map, which keeps any key.
/// So every place a typed field reads is given a value of another type, in turn. Decoding does
/// not fail (a value that does not fit is kept as sent), and two things must hold: the
/// document comes back unchanged, and the mutated key is written where its field is — before
/// the keys of the `unknown` map. A probe key `!probe` (sorted before every letter) is put in
/// the mutated key's dictionary: a key that went to `unknown` instead of its field would be
/// written after it.
#[test]
fn every_key_reaches_its_typed_field() {
    let tree = load_tree();
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for info in apple_device_management::schemas() {
        let file = tree.file(info.source).unwrap_or_else(|| panic!("{} is not in the tree", info.source));
        let mut docs = vec![(dm_tests::roundtrip_of(info), file.payload_keys.as_ref(), tag_of(file))];
        if let Some(rt) = dm_tests::response_roundtrip_of(info) {
            docs.push((rt, file.response_keys.as_ref(), None));
        }
        for (roundtrip, keys, tag) in docs {
            let mut p = Populator::new();
            let doc = Value::Dictionary(p.document(keys, tag));
            for (path, ty) in &p.typed_places {
                let Some((Seg::Key(name), parent_path)) = path.split_last() else { continue };
                let mut wrong = doc.clone();
                *place_mut(&mut wrong, path) = match ty {
                    KeyType::Integer | KeyType::Real => Value::String("not a number".into()),
                    _ => Value::Integer(12345.into()),
                };
                if let Value::Dictionary(parent) = place_mut(&mut wrong, parent_path) {
                    parent.insert("!probe".into(), Value::Boolean(true));
                }
                checked += 1;
                let is_tag = parent_path.is_empty() && tag.is_some_and(|(t, _)| t == name);
                let out = match roundtrip(&encode_plist(&wrong, Format::XmlPlist).expect("encode plist"), Format::XmlPlist) {
                    // The constant tag (`RequestType`, `MessageType`) is the type's identity: a
                    // document whose tag is not the type's is not that type.
                    Err(_) if is_tag => continue,
                    Ok(_) if is_tag => {
                        failures.push(format!("{}: a tag of another type decodes", info.source));
                        continue;
                    }
                    Ok(out) => out,
                    Err(e) => {
                        failures.push(format!("{}: {path:?} ({}): a value of another type fails the document: {e}", info.source, ty.as_str()));
                        continue;
                    }
                };
                let back: Value = plist::from_bytes(&out).expect("reparse");
                if back != wrong {
                    failures.push(format!("{}: {path:?} ({}): the document does not come back unchanged", info.source, ty.as_str()));
                    continue;
                }
                let mut back = back;
                let Value::Dictionary(parent) = place_mut(&mut back, parent_path) else { continue };
                let order: Vec<&str> = parent.keys().map(String::as_str).collect();
                let at = |k: &str| order.iter().position(|o| *o == k);
                // Beneath an `ANY` map a wrong value keeps the whole map as sent, the probe last.
                if let (Some(key), Some(probe)) = (at(name), at("!probe")) {
                    if key > probe {
                        failures.push(format!("{}: {path:?} ({}) is written after the unknown keys: it did not reach its field", info.source, ty.as_str()));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} keys are not read by a typed field:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 1000, "only {checked} typed places: the populator is not populating");
    eprintln!("{checked} typed places checked");
}

/// The populated documents are not trivially small: a round trip of an empty dictionary
/// would prove nothing. Every key of the model must appear in the document built from it.
#[test]
fn populated_documents_set_every_key() {
    let tree = load_tree();
    let file = tree.file("mdm/commands/system.update.schedule.yaml").expect("schedule file");
    let doc = Populator::new().document(file.payload_keys.as_ref(), tag_of(file));
    assert_eq!(doc.get("RequestType").and_then(Value::as_string), Some("ScheduleOSUpdate"));
    let updates = doc.get("Updates").and_then(Value::as_array).expect("Updates");
    assert_eq!(updates.len(), 1);
    let item = updates[0].as_dictionary().expect("item");
    for key in ["ProductKey", "ProductVersion", "InstallAction", "MaxUserDeferrals", "Priority", UNKNOWN_KEY] {
        assert!(item.contains_key(key), "UpdatesItem lacks {key}");
    }
    assert_eq!(item.get("InstallAction").and_then(Value::as_string), Some("Default"), "first rangelist value");

    // Unions: one item per alternative, each with its tag value.
    let settings = tree.file("mdm/commands/settings.yaml").expect("settings file");
    let key = settings.payload_keys.as_ref().expect("keys").keys.iter().find(|k| k.name == "Settings").expect("Settings");
    let tag = key.union_tag().expect("Settings is a union");
    let doc = Populator::new().document(settings.payload_keys.as_ref(), tag_of(settings));
    let items = doc.get("Settings").and_then(Value::as_array).expect("Settings array");
    assert_eq!(items.len(), key.children().len());
    let mut tags: Vec<&str> = items.iter().filter_map(|i| i.as_dictionary()?.get(tag)?.as_string()).collect();
    assert_eq!(tags.len(), items.len(), "every item carries its `{tag}`");
    tags.dedup();
    assert_eq!(tags.len(), items.len(), "the tag values are distinct");
}

mod schedule {
    pub use apple_device_management::commands::system_update_schedule::*;
}

#[test]
fn unknown_enum_value_round_trips() {
    let action = schedule::InstallAction::from("InstallTomorrow");
    assert_eq!(action, schedule::InstallAction::Unknown("InstallTomorrow".into()));
    assert_eq!(action.as_str(), "InstallTomorrow");
    assert!(!action.is_known());
    assert!("InstallTomorrow".parse::<schedule::InstallAction>().is_err(), "the strict conversion refuses it");
    assert_eq!("InstallASAP".parse::<schedule::InstallAction>(), Ok(schedule::InstallAction::InstallASAP));

    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>RequestType</key><string>ScheduleOSUpdate</string>
<key>Updates</key><array><dict>
<key>InstallAction</key><string>InstallTomorrow</string>
<key>Priority</key><string>Urgent</string>
</dict></array>
</dict></plist>"#;
    let cmd: schedule::ScheduleOSUpdateCommand = codec::from_plist(xml).expect("decode");
    assert_eq!(cmd.updates[0].install_action, schedule::InstallAction::Unknown("InstallTomorrow".into()));
    assert_eq!(cmd.updates[0].priority, Some(schedule::Priority::Unknown("Urgent".into())));
    let back: Value = plist::from_bytes(&codec::to_xml(&cmd).expect("encode")).expect("reparse");
    let item = back.as_dictionary().and_then(|d| d.get("Updates")).and_then(Value::as_array).and_then(|a| a[0].as_dictionary()).expect("item");
    assert_eq!(item.get("InstallAction").and_then(Value::as_string), Some("InstallTomorrow"));
    assert_eq!(item.get("Priority").and_then(Value::as_string), Some("Urgent"));

    // Integer enums keep unknown values too: find one in the registry's documents by decoding
    // an out-of-list value through a real integer rangelist key.
    let tree = load_tree();
    let (file, path) = find_integer_enum(tree).expect("some schema has an integer rangelist");
    let info = apple_device_management::schemas().find(|i| i.source == file.path).expect("in registry");
    let mut doc = Populator::new().document(file.payload_keys.as_ref(), tag_of(file));
    set_path(&mut doc, &path, Value::Integer(987_654.into()));
    let doc = Value::Dictionary(doc);
    check_roundtrip(dm_tests::roundtrip_of(info), &doc, Format::XmlPlist).unwrap_or_else(|e| panic!("{} {path:?}: {e}", file.path));
}

/// A top-level or nested (through dictionaries only) integer key with a rangelist.
fn find_integer_enum(tree: &generator::SchemaTree) -> Option<(&SchemaFile, Vec<String>)> {
    fn walk(keys: &[Key], path: &mut Vec<String>) -> bool {
        for k in keys {
            if k.is_any() {
                continue;
            }
            path.push(k.name.clone());
            if k.ty == KeyType::Integer && !k.rangelist.is_empty() && k.rangelist.iter().all(|v| matches!(v, ModelValue::Integer(_))) {
                return true;
            }
            if k.ty == KeyType::Dictionary && walk(k.children(), path) {
                return true;
            }
            path.pop();
        }
        false
    }
    tree.files.iter().find_map(|f| {
        let mut path = Vec::new();
        walk(&f.payload_keys.as_ref()?.keys, &mut path).then_some((f, path))
    })
}

fn set_path(dict: &mut Dictionary, path: &[String], v: Value) {
    match path {
        [last] => {
            dict.insert(last.clone(), v);
        }
        [first, rest @ ..] => {
            let inner = dict.get_mut(first).and_then(Value::as_dictionary_mut).expect("nested dictionary");
            set_path(inner, rest, v);
        }
        [] => {}
    }
}

#[test]
fn unknown_keys_in_nested_structs_round_trip() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>RequestType</key><string>ScheduleOSUpdate</string>
<key>Updates</key><array><dict>
<key>InstallAction</key><string>Default</string>
<key>FutureKey</key><dict><key>Nested</key><array><integer>7</integer><date>2024-01-02T03:04:05Z</date><data>AAEC</data></array></dict>
</dict></array>
<key>TopLevelFutureKey</key><real>2.5</real>
</dict></plist>"#;
    let cmd: schedule::ScheduleOSUpdateCommand = codec::from_plist(xml).expect("decode");
    let item = &cmd.updates[0];
    assert_eq!(item.install_action, schedule::InstallAction::Default);
    let future = item.unknown.get("FutureKey").and_then(Value::as_dictionary).expect("FutureKey kept in the item's unknown");
    let nested = future.get("Nested").and_then(Value::as_array).expect("Nested");
    assert_eq!(nested[0].as_signed_integer(), Some(7));
    assert_eq!(nested[1].as_date().map(|d| d.to_xml_format()), Some("2024-01-02T03:04:05Z".into()));
    assert_eq!(nested[2].as_data(), Some(&[0u8, 1, 2][..]));
    assert_eq!(cmd.unknown.get("TopLevelFutureKey").and_then(Value::as_real), Some(2.5));

    let input: Value = plist::from_bytes(xml).expect("parse");
    for format in [Format::XmlPlist, Format::BinaryPlist] {
        let out = codec::encode(&cmd, format).expect("encode");
        let output: Value = plist::from_bytes(&out).expect("reparse");
        assert_eq!(output, input, "{format:?}");
    }
}

mod location {
    pub use apple_device_management::commands::device_lostmode_location::*;
}

/// `DeviceLocationResponse.Latitude` &c. are `<real>` in the schema; a device that sends
/// `<integer>` (a whole number of degrees, say) must still be understood.
#[test]
fn integer_where_schema_says_real_decodes() {
    let tree = load_tree();
    let file = tree.file("mdm/commands/device.lostmode.location.yaml").expect("file");
    let latitude = file.response_keys.as_ref().and_then(|l| l.keys.iter().find(|k| k.name == "Latitude")).expect("Latitude");
    assert_eq!(latitude.ty, KeyType::Real, "the schema still says <real>");
    let timestamp = file.response_keys.as_ref().and_then(|l| l.keys.iter().find(|k| k.name == "Timestamp")).expect("Timestamp");
    assert_eq!(timestamp.ty, KeyType::String, "the schema still says <string>");

    let xml = location_response("<integer>48</integer>", "<string>2024-05-06T07:08:09Z</string>");
    let r: location::DeviceLocationResponse = codec::from_plist(xml.as_bytes()).expect("decode");
    assert_eq!(r.latitude, 48.0);
    assert_eq!(r.longitude, 2.25);
    assert_eq!(r.timestamp.as_deref(), Some("2024-05-06T07:08:09Z"));

    let json = br#"{"Latitude": 48, "Longitude": -3, "HorizontalAccuracy": 5, "VerticalAccuracy": 1.5,
        "Altitude": 0, "Speed": -1, "Course": 270, "Timestamp": "2024-05-06T07:08:09Z"}"#;
    let r: location::DeviceLocationResponse = codec::from_json(json).expect("decode JSON");
    assert_eq!((r.latitude, r.longitude, r.course), (48.0, -3.0, Some(270.0)));
}

/// `DeviceLocationResponse.Timestamp` is `<string>` (RFC 3339) in the schema; a device that
/// sends a `<date>` is still understood: the message decodes, the date is kept as sent (the
/// field stays `None`, the value is in `unknown`), it is written back as the same `<date>`,
/// and the validator reports it as a type error.
#[test]
fn date_where_schema_says_string_is_kept_as_sent() {
    let xml = location_response("<real>48.5</real>", "<date>2024-05-06T07:08:09Z</date>");
    let value: Value = plist::from_bytes(xml.as_bytes()).expect("parse");
    let binary = encode_plist(&value, Format::BinaryPlist).expect("encode plist");
    for bytes in [xml.as_bytes(), &binary[..]] {
        let r: location::DeviceLocationResponse = codec::from_plist(bytes).expect("decode");
        assert_eq!(r.timestamp, None);
        assert_eq!(r.unknown.mismatched("Timestamp").and_then(Value::as_date).map(|d| d.to_xml_format()).as_deref(), Some("2024-05-06T07:08:09Z"));
        assert_eq!(r.latitude, 48.5);
        let back: Value = plist::from_bytes(&codec::to_xml(&r).expect("encode")).expect("reparse");
        assert_eq!(back, value, "the date is written back as a date");
        let report = apple_device_management::runtime::validate::validate(&r);
        let errors: Vec<String> = report.errors().map(|f| format!("{} {}", f.rule, f.path())).collect();
        assert!(errors.contains(&"type Timestamp".to_string()), "{errors:?}");
    }

    // Through the response envelope too, which decodes the body from the leftover keys.
    let r: CommandResponse<location::DeviceLocationResponse> = codec::from_plist(xml.as_bytes()).expect("decode in envelope");
    let body = r.acknowledged().expect("acknowledged");
    assert!(body.unknown.mismatched("Timestamp").is_some());
    assert_eq!(r.udid.as_deref(), Some("00008020-000915083C80012E"));
    let xml = location_response("<integer>48</integer>", "<date>2024-05-06T07:08:09Z</date>");
    let r: CommandResponse<location::DeviceLocationResponse> = codec::from_plist(xml.as_bytes()).expect("decode in envelope");
    assert_eq!(r.body.as_ref().map(|b| b.latitude), Some(48.0));
}

fn location_response(latitude: &str, timestamp: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CommandUUID</key><string>0002_DeviceLocation</string>
<key>Status</key><string>Acknowledged</string>
<key>UDID</key><string>00008020-000915083C80012E</string>
<key>Latitude</key>{latitude}
<key>Longitude</key><real>2.25</real>
<key>HorizontalAccuracy</key><real>5</real>
<key>VerticalAccuracy</key><real>-1</real>
<key>Altitude</key><real>35.5</real>
<key>Speed</key><real>0</real>
<key>Course</key><real>-1</real>
<key>Timestamp</key>{timestamp}
</dict></plist>"#
    )
}
