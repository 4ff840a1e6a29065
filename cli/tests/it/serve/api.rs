//! The JSON API against the CLI: on every fixture, `POST /api/validate` answers what `dm
//! validate --format json` prints for the same file and flags; bad input gets a 4xx with a
//! message; the explorer's data is what `dm schemas` and `dm explain` say.
//!
//! Left out of the comparison: the files under a folder with a `dm.toml` (`configured/`,
//! `badconfig/`, `badrule/`), whose levels come from that file, which the API has no folder to
//! find (the API takes the same levels as flags).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::http::base64;
use super::Server;
use crate::{dm, fixtures};

/// Every document under `tests/fixtures` (sorted, relative), but those a `dm.toml` governs.
fn documents() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("fixtures folder").flatten().map(|e| e.path()).collect();
        entries.sort();
        if entries.iter().any(|p| p.file_name().is_some_and(|n| n == "dm.toml")) {
            return;
        }
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| ["mobileconfig", "plist", "json", "xml"].contains(&e)) {
                out.push(p);
            }
        }
    }
    let root = fixtures();
    let mut found = Vec::new();
    walk(&root, &mut found);
    found.iter().map(|p| p.strip_prefix(&root).expect("under fixtures").to_string_lossy().into_owned()).collect()
}

/// A document as the page sends it: text when UTF-8, else base64.
fn file(name: &str) -> Value {
    let bytes = std::fs::read(fixtures().join(name)).expect("fixture");
    match String::from_utf8(bytes) {
        Ok(text) => json!({ "name": name, "text": text }),
        Err(e) => json!({ "name": name, "base64": base64(e.as_bytes()) }),
    }
}

/// The flags of one comparison and the same settings as the API takes them.
struct Variant {
    flags: &'static [&'static str],
    device: Value,
    levels: Value,
    /// `kind`, `request_type`, `as_sent`.
    reading: Value,
}

fn variants() -> [Variant; 5] {
    [
        Variant { flags: &[], device: Value::Null, levels: json!([]), reading: json!({}) },
        Variant {
            flags: &["--os", "iOS:15.0", "--supervised", "--enrollment", "ade", "-W", "unknown-key", "-A", "availability", "-D", "availability.removed"],
            device: json!({ "os": "iOS:15.0", "supervised": true, "enrollment": "ade" }),
            levels: json!([{ "level": "warn", "rule": "unknown-key" }, { "level": "allow", "rule": "availability" }, { "level": "deny", "rule": "availability.removed" }]),
            reading: json!({}),
        },
        Variant {
            flags: &["--os", "macOS:13.0", "--enrollment", "user", "--channel", "user", "--shared-ipad"],
            device: json!({ "os": "macOS:13.0", "enrollment": "user", "channel": "user", "shared_ipad": true }),
            levels: json!([]),
            reading: json!({}),
        },
        Variant { flags: &["--kind", "profile", "--as-sent"], device: Value::Null, levels: json!([]), reading: json!({ "kind": "profile", "as_sent": true }) },
        Variant {
            flags: &["--request-type", "DeviceInformation"],
            device: Value::Null,
            levels: json!([]),
            reading: json!({ "request_type": "DeviceInformation" }),
        },
    ]
}

/// `dm validate --format json` on `paths` with `flags`: the file objects, the summary, the exit
/// code.
fn cli(paths: &[&str], flags: &[&str]) -> (Vec<Value>, Value, i32) {
    let mut args = vec!["validate", "--format", "json"];
    args.extend_from_slice(paths);
    args.extend_from_slice(flags);
    let (out, err, code) = dm(&args);
    let mut lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{paths:?}: {e}: {l}\n{err}"))).collect();
    let summary = lines.pop().expect("a summary line");
    (lines, summary["summary"].clone(), code)
}

#[test]
fn api_answers_what_dm_validate_prints_on_every_fixture() {
    let server = Server::start();
    let docs = documents();
    assert!(docs.len() >= 30, "{docs:?}");
    let (mut compared, mut refused, mut signed) = (0, 0, 0);
    for name in &docs {
        for v in variants() {
            let (files, summary, code) = cli(&[name], v.flags);
            let mut request = json!({ "files": [file(name)], "device": v.device, "levels": v.levels });
            if let (Some(r), Some(extra)) = (request.as_object_mut(), v.reading.as_object()) {
                r.extend(extra.clone());
            }
            let answer = server.post("/api/validate", &request);
            let findings = files[0]["findings"].as_array().expect("findings");
            if let Some(read) = findings.iter().find(|f| f["rule"] == "read") {
                // A file the CLI cannot read is refused: 422, with the CLI's message.
                assert_eq!(answer.status, 422, "{name} {:?}", v.flags);
                let message = format!("{name}: {}", read["message"].as_str().expect("message"));
                assert_eq!(answer.json()["error"]["message"], message.as_str(), "{name}");
                refused += 1;
                continue;
            }
            assert_eq!(answer.status, 200, "{name} {:?}: {}", v.flags, String::from_utf8_lossy(&answer.body));
            let got = answer.json();
            assert_eq!(got["files"], json!(files), "{name} {:?}", v.flags);
            assert_eq!(got["summary"], summary, "{name} {:?}", v.flags);
            assert_eq!(got["exit_code"], code, "{name} {:?}", v.flags);
            signed += usize::from(files[0]["signed"] == true);
            compared += 1;
        }
    }
    assert!(refused >= 2 * 5, "the unreadable fixtures were compared: {refused}");
    assert!(signed >= 5, "the signed profile was compared: {signed}");
    assert!(compared >= 25 * 5, "{compared}");

    // A folder of declarations is one set, in the API as in the CLI.
    let set: Vec<&str> = docs.iter().map(String::as_str).filter(|d| d.starts_with("ddm-set/")).collect();
    assert!(set.len() >= 3, "{set:?}");
    let (files, summary, _) = cli(&set, &[]);
    let answer = server.post("/api/validate", &json!({ "files": set.iter().map(|n| file(n)).collect::<Vec<_>>() })).json();
    assert_eq!(answer["files"], json!(files));
    assert_eq!(answer["summary"], summary);
    let set_rules = files
        .iter()
        .flat_map(|f| f["findings"].as_array().into_iter().flatten())
        .filter(|f| f["rule"] == "missing-reference" || f["rule"] == "duplicate-identifier");
    assert!(set_rules.count() > 0, "the set has findings only a set shows: {files:?}");
    assert_eq!(server.leftovers(), Vec::<PathBuf>::new());
}

#[test]
fn api_refuses_bad_input_with_a_4xx_and_a_message() {
    let server = Server::start();
    let refuse = |body: Value, status: u16, code: &str, words: &str| {
        let answer = server.post("/api/validate", &body);
        assert_eq!(answer.status, status, "{}", String::from_utf8_lossy(&answer.body));
        let error = &answer.json()["error"];
        assert_eq!((error["status"].as_u64(), error["code"].as_str()), (Some(u64::from(status)), Some(code)));
        let message = error["message"].as_str().expect("a message");
        assert!(message.contains(words), "`{message}` should say `{words}`");
    };
    let big = "x".repeat(4 * 1024 * 1024 + 1);
    refuse(json!({ "document": big, "name": "big.mobileconfig" }), 413, "too-large", "big.mobileconfig");
    refuse(json!({ "document": "hello, world", "name": "notes.txt" }), 422, "unreadable", "notes.txt: not a plist, JSON document or signed profile");
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe];
    refuse(json!({ "files": [{ "name": "photo.png", "base64": base64(&png) }] }), 422, "unreadable", "not a plist");
    let der = [0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48];
    refuse(json!({ "files": [{ "name": "signed.mobileconfig", "base64": base64(&der) }] }), 422, "unreadable", "no embedded plist");
    refuse(json!({ "document": "{\"Type\": ", "name": "cut.json" }), 422, "unreadable", "cut.json: not valid JSON");
    refuse(json!({ "files": [{ "name": "a", "base64": "!!" }] }), 400, "bad-request", "base64");
    refuse(json!({ "document": "{}", "levels": [{ "level": "deny", "rule": "unknwn-key" }] }), 400, "bad-setting", "did you mean `unknown-key`");
    refuse(json!({ "document": "{}", "device": { "os": "Android:14" } }), 400, "bad-device", "unknown platform");
    refuse(json!({ "document": "{}", "device": { "os": "iOS:17", "enrollment": "sideways" } }), 400, "bad-request", "enrollment `sideways`");
    refuse(json!({ "document": "{}", "files": [{ "name": "b", "text": "{}" }] }), 400, "bad-request", "not both");
    refuse(json!({ "levels": [] }), 400, "bad-request", "no document");
    // A body announced over the request limit is refused before it is read.
    let head = format!("POST /api/validate HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: 30000000\r\n\r\n", server.addr);
    let announced = super::http::exchange(&server.addr, head.as_bytes(), b"").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((announced.status, announced.json()["error"]["code"].as_str()), (413, Some("too-large")));
    let not_json = server.post_bytes("/api/validate", b"<plist>");
    assert_eq!(not_json.status, 400);
    assert!(not_json.json()["error"]["message"].as_str().is_some_and(|m| m.contains("not a validation request")));
    let unknown = server.get("/api/schemas/NoSuchThing");
    assert_eq!((unknown.status, unknown.json()["error"]["code"].as_str()), (404, Some("not-found")));
    // Still serving, and nothing kept.
    assert_eq!(server.get("/api/schemas").status, 200);
    assert_eq!(server.leftovers(), Vec::<std::path::PathBuf>::new());
}

/// `trust` in the request checks a signed profile's signature as `dm validate --trust` does,
/// and the answer names the signer; an empty list shows the signer unchecked.
#[test]
fn api_checks_signatures_when_asked_and_names_the_signer() {
    let server = Server::start();
    let pki = crate::cms::pki::pki();
    let out = pki.path("api-signed.mobileconfig");
    let profile = crate::fixtures().join("valid/profile.mobileconfig");
    let (cert, key) = (pki.path_str("leaf-rsa.pem"), pki.path_str("leaf-rsa.key"));
    let (_, err, code) =
        crate::dm(&["sign", "--cert", &cert, "--key", &key, "--chain", &pki.path_str("intermediate.pem"), &profile.to_string_lossy(), &out.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let signed = base64(&std::fs::read(&out).expect("signed"));
    let root = String::from_utf8(pki.read("root.pem")).expect("PEM");
    let ask = |trust: Value| server.post("/api/validate", &json!({ "files": [{ "name": "p.mobileconfig", "base64": signed }], "trust": trust })).json();
    let trusted = ask(json!([root]));
    let signature = &trusted["files"][0]["signature"];
    assert_eq!((signature["holds"].as_bool(), signature["trusted"].as_bool()), (Some(true), Some(true)), "{trusted}");
    assert!(signature["signer"]["subject"].as_str().is_some_and(|s| s.contains("DM Test Signer RSA")), "{signature}");
    // The same as the CLI's JSON with --trust.
    let (stdout, _, _) = crate::dm(&["validate", "--format", "json", "--trust", &pki.path_str("root.pem"), &out.to_string_lossy()]);
    let cli: Value = serde_json::from_str(stdout.lines().next().expect("a line")).expect("JSON");
    assert_eq!(cli["signature"], *signature);
    let unchecked = ask(json!([]));
    assert_eq!(unchecked["files"][0]["signature"]["trusted"].as_bool(), Some(false), "{unchecked}");
    let other = ask(json!([String::from_utf8(pki.read("other-root.pem")).expect("PEM")]));
    assert_eq!(other["files"][0]["signature"]["holds"].as_bool(), Some(false), "{other}");
    let bad = server.post("/api/validate", &json!({ "document": "{}", "trust": ["not a certificate"] }));
    assert_eq!((bad.status, bad.json()["error"]["code"].as_str()), (400, Some("bad-request")));
}

/// DNS rebinding: a page on another site that points its own name at 127.0.0.1 gets a 403,
/// whatever it asks; the loopback names (any port, IPv4, IPv6, `localhost`) get answers.
#[test]
fn a_loopback_server_answers_only_loopback_host_names() {
    let server = Server::start();
    let port = server.addr.rsplit_once(':').map(|(_, p)| p.to_string()).expect("a port");
    let ask = |host: &str, path: &str| {
        let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        super::http::exchange(&server.addr, head.as_bytes(), b"").unwrap_or_else(|e| panic!("{host}: {e}"))
    };
    for host in ["evil.example", &format!("evil.example:{port}"), &format!("127.0.0.1.evil.example:{port}"), &format!("localhost.evil.example:{port}"), ""] {
        for path in ["/", "/api/schemas"] {
            let answer = ask(host, path);
            assert_eq!(answer.status, 403, "{host} {path}");
            let error = &answer.json()["error"];
            assert_eq!(error["code"].as_str(), Some("foreign-host"), "{host}");
            assert!(error["message"].as_str().is_some_and(|m| m.contains("localhost only")), "{error}");
        }
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("LOCALHOST.:{port}"), format!("[::1]:{port}"), "localhost".to_string()] {
        assert_eq!(ask(&host, "/api/schemas").status, 200, "{host}");
    }
}

/// Another address than loopback only when asked, with a warning (192.0.2.1 is a documentation
/// address this machine does not have: the warning comes, then the bind fails; nothing is sent).
#[test]
fn serve_warns_before_listening_beyond_loopback() {
    let (out, err, code) = dm(&["serve", "--listen", "192.0.2.1:0"]);
    assert_eq!(code, 2, "{out}{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.first().is_some_and(|l| l.starts_with("dm serve: warning: listening on 192.0.2.1:0, which is not a loopback address")), "{err}");
    assert!(lines.get(1).is_some_and(|l| l.starts_with("dm serve: cannot listen on 192.0.2.1:0")), "{err}");
    let (_, err, code) = dm(&["serve", "--listen", "localhost"]);
    assert_eq!(code, 2);
    assert!(err.contains("--listen"), "{err}");
}

#[test]
fn schemas_api_lists_every_schema_and_explains_as_dm_explain_does() {
    let server = Server::start();
    let (listed, _, _) = dm(&["schemas", "--format", "json"]);
    let listed: Vec<Value> = listed.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    let all = server.get("/api/schemas").json();
    let schemas = all["schemas"].as_array().expect("schemas");
    assert_eq!(schemas.len(), listed.len());
    for (s, l) in schemas.iter().zip(&listed) {
        assert_eq!((&s["source"], &s["wire_id"], &s["title"]), (&l["source"], &l["wire_id"], &l["title"]));
    }
    let update = schemas.iter().find(|s| s["name"] == "ScheduleOSUpdate").expect("ScheduleOSUpdate");
    assert!(update["keys"].as_array().expect("keys").iter().any(|k| k == "Updates.InstallAction"), "{update}");

    let name = "ScheduleOSUpdate.Updates.InstallAction";
    let answer = server.get(&format!("/api/schemas/{name}?os=iOS:17.0&supervised=true")).json();
    let target = &answer["targets"][0];
    let (text, _, code) = dm(&["explain", name, "--os", "iOS:17.0", "--supervised"]);
    assert_eq!(code, 0);
    assert_eq!(target["text"], text.as_str());
    assert_eq!(target["key"]["type"], "string");
    assert!(target["key"]["allowed"].as_array().expect("allowed").iter().any(|v| v == "InstallASAP"));
    let ios = target["matrix"].as_array().expect("matrix").iter().find(|r| r["platform"] == "iOS").expect("an iOS row");
    assert_eq!((&ios["introduced"], &ios["supervised"], &ios["user_enrollment"]), (&json!("9.0"), &json!(true), &json!("forbidden")));
    let vision = target["matrix"].as_array().expect("matrix").iter().find(|r| r["platform"] == "visionOS").expect("a visionOS row");
    assert_eq!(vision["supported"], false);

    let bad_device = server.get("/api/schemas/ScheduleOSUpdate?os=iOS");
    assert_eq!(bad_device.status, 400);
}
