//! The page in headless Chromium, as an admin uses it: drop profiles with planted errors, pick
//! two devices, see each finding on its line and per device, apply the suggested keys, download
//! the fixed file and validate it clean with the CLI; find a key in the explorer and read its
//! availability matrix; bad input gets a message. A failing test leaves a screenshot in
//! `target/dm-serve-screenshots/` (named in the failure). With `DM_UPDATE_SCREENSHOT=1` the
//! first test writes `docs/images/dm-serve.png`, the README's picture.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::http::base64;
use super::webdriver::Browser;
use super::Server;
use crate::{dm_with_input, fixtures};

/// `target/` (the `dm` binary is in `target/debug/`).
fn target_dir() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_dm"));
    exe.parent().and_then(Path::parent).map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
}

/// Runs `body` on a fresh page of a fresh `dm serve`; on failure (an error or a panic) takes a
/// screenshot and names it in the failure.
fn with_page(name: &str, body: impl FnOnce(&Browser, &Server) -> Result<(), String>) {
    let server = Server::start();
    let browser = Browser::start().unwrap_or_else(|e| panic!("{e}"));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        browser.goto(&server.url())?;
        body(&browser, &server)
    }));
    let failure = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e,
        Err(p) => p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_else(|| "a panic".into()),
    };
    let shot = target_dir().join("dm-serve-screenshots").join(format!("{name}.png"));
    let saved = match browser.screenshot(&shot) {
        Ok(()) => format!("screenshot of the page: {}", shot.display()),
        Err(e) => format!("no screenshot: {e}"),
    };
    panic!("{failure}\n{saved}");
}

fn ensure(holds: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(what())
    }
}

/// How many checks the page has shown.
fn checks(b: &Browser) -> Result<u64, String> {
    Ok(b.script("return Number(document.body.dataset.checks || 0);", json!([]))?.as_u64().unwrap_or(0))
}

/// Does `act`, then waits for the page to show the check it started.
fn and_wait(b: &Browser, act: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let before = checks(b)?;
    act()?;
    b.wait("the page's next check", || Ok((checks(b)? > before).then_some(())))
}

/// Drops files on the drop zone, as a file manager does (a `drop` event with the files).
fn drop_files(b: &Browser, files: &[(&str, Vec<u8>)]) -> Result<(), String> {
    let list: Vec<Value> = files.iter().map(|(name, bytes)| json!([name, base64(bytes)])).collect();
    let script = "const dt = new DataTransfer();
        for (const [name, b64] of arguments[0]) {
            const bin = atob(b64);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            dt.items.add(new File([bytes], name));
        }
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));";
    b.script(script, json!([list])).map(drop)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The 1-based line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).map(|i| i as u64 + 1).unwrap_or_else(|| panic!("no `{needle}`"))
}

/// The findings shown for one file: (rule, path, the line of the findings row it sits in, the
/// text of the source line just above).
fn shown(b: &Browser, file: &str) -> Result<Vec<(String, String, u64, String)>, String> {
    let script = "return Array.from(document.querySelectorAll(`section.file[data-name='${arguments[0]}'] tr.findings-row .finding`)).map(f => {
            const row = f.closest('tr.findings-row');
            return [f.dataset.rule, f.dataset.path, Number(row.dataset.line), row.previousElementSibling.querySelector('.code').textContent];
        });";
    let v = b.script(script, json!([file]))?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .map(|r| (r[0].as_str().unwrap_or("").into(), r[1].as_str().unwrap_or("").into(), r[2].as_u64().unwrap_or(0), r[3].as_str().unwrap_or("").into()))
        .collect())
}

#[test]
fn page_shows_findings_on_their_lines_per_device_and_a_fix_downloads_clean() {
    with_page("findings", |b, _server| {
        // Two devices: iOS 18.1 as it comes, and the same supervised.
        b.click(&b.find("#add-device")?)?;
        b.click(&b.find("#add-device")?)?;
        b.click(&b.find("#device-table tr[data-index='1'] input.supervised")?)?;
        let planted = String::from_utf8(fixture("serve/planted.mobileconfig")).map_err(|e| e.to_string())?;
        and_wait(b, || drop_files(b, &[("planted.mobileconfig", planted.clone().into_bytes()), ("typo.mobileconfig", fixture("serve/typo.mobileconfig"))]))?;

        // Each planted error on its line, under the source line that holds its key.
        let mut found = shown(b, "planted.mobileconfig")?;
        found.sort_by_key(|f| f.2);
        let expected = [
            ("unknown-key", "PayloadDisplayNme", line_of(&planted, "<key>PayloadDisplayNme</key>"), "PayloadDisplayNme"),
            ("type", "PayloadContent[0].allowCamera", line_of(&planted, "<key>allowCamera</key>"), "allowCamera"),
            ("availability.needs-supervision", "PayloadContent[0].allowAppRemoval", line_of(&planted, "<key>allowAppRemoval</key>"), "allowAppRemoval"),
        ];
        ensure(found.len() == expected.len(), || format!("findings shown: {found:?}"))?;
        for ((rule, path, line, source), (r, p, l, key)) in found.iter().zip(expected) {
            ensure(rule == r && path == p && *line == l && source.contains(key), || {
                format!("{rule} {path} on line {line} (`{source}`), expected {r} {p} on line {l}")
            })?;
        }

        // One column per device: the key that needs supervision is refused on the first only.
        let table = b.script(
            "const s = document.querySelector(`section.file[data-name='planted.mobileconfig'] table.by-device`);
             return [Array.from(s.querySelectorAll('th.device-col')).map(t => t.textContent),
                     Array.from(s.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent))];",
            json!([]),
        )?;
        let columns = table[0].as_array().cloned().unwrap_or_default();
        ensure(
            columns.len() == 2
                && columns[0].as_str().is_some_and(|c| c.contains("unsupervised"))
                && columns[1].as_str().is_some_and(|c| c.contains("supervised")),
            || format!("device columns: {columns:?}"),
        )?;
        let supervision = table[1].as_array().into_iter().flatten().find(|r| r[0].as_str().is_some_and(|c| c.contains("needs-supervision")));
        ensure(supervision.is_some_and(|r| r[1] == "error" && r[2] == "—"), || format!("per-device rows: {}", table[1]))?;
        let typed = table[1].as_array().into_iter().flatten().find(|r| r[0].as_str().is_some_and(|c| c.starts_with("type ")));
        ensure(typed.is_some_and(|r| r[1] == "error" && r[2] == "error"), || format!("per-device rows: {}", table[1]))?;

        // The rule's explanation and the suggested key.
        let explain = b.text(&b.find("section.file[data-name='planted.mobileconfig'] .finding[data-rule='type'] .explain")?)?;
        ensure(explain.starts_with("Rule type: "), || format!("explanation: `{explain}`"))?;
        let fix = b.text(&b.find("section.file[data-name='planted.mobileconfig'] .finding[data-rule='unknown-key'] .fix")?)?;
        ensure(fix.contains("Did you mean PayloadDisplayName?"), || format!("fix: `{fix}`"))?;

        if std::env::var_os("DM_UPDATE_SCREENSHOT").is_some() {
            // The devices, the per-device table and the source down to its last finding.
            b.resize(1400, 1700)?;
            b.script("window.scrollTo(0, 0);", json!([]))?;
            let picture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/images/dm-serve.png");
            b.screenshot(&picture)?;
            b.resize(1400, 1000)?;
        }

        // Every suggestion in typo.mobileconfig, one click each.
        let apply = "section.file[data-name='typo.mobileconfig'] button.apply";
        let mut applied = 0;
        while let Some(button) = b.find_all(apply)?.into_iter().next() {
            ensure(applied < 5, || "suggestions keep coming".into())?;
            and_wait(b, || b.click(&button))?;
            applied += 1;
        }
        ensure(applied == 3, || format!("{applied} suggestions applied, expected 3 (PayloadVersoin twice, allowCamra)"))?;
        let left = b.find_all("section.file[data-name='typo.mobileconfig'] .finding")?;
        ensure(left.is_empty(), || format!("{} findings left after the fixes", left.len()))?;
        let verdict = b.text(&b.find("section.file[data-name='typo.mobileconfig'] .verdict")?)?;
        ensure(verdict == "no findings", || format!("verdict: `{verdict}`"))?;

        // The download: the fixed text, which the CLI finds clean on both devices.
        let link = b.find("section.file[data-name='typo.mobileconfig'] a.download")?;
        let named = b.script("return arguments[0].getAttribute('download');", json!([link.arg()]))?;
        ensure(named == "typo.mobileconfig", || format!("download name: {named}"))?;
        let text = b.script_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector(`section.file[data-name='typo.mobileconfig'] a.download`).href).then(r => r.text()).then(done, e => done('failed: ' + e));",
            json!([]),
        )?;
        let text = text.as_str().unwrap_or_default().to_string();
        ensure(text.contains("<key>PayloadVersion</key>") && text.contains("<key>allowCamera</key>") && !text.contains("Versoin"), || {
            format!("downloaded: {text}")
        })?;
        for flags in [&["--os", "iOS:18.1"][..], &["--os", "iOS:18.1", "--supervised"]] {
            let mut args = vec!["validate", "-"];
            args.extend_from_slice(flags);
            let (out, _, code) = dm_with_input(&args, Some(text.as_bytes()));
            ensure(code == 0 && out.contains("0 errors, 0 warnings, 0 notes"), || format!("the download is not clean ({flags:?}): {out}"))?;
        }

        // From a file to its schema in the explorer (a profile's `Configuration` is `TopLevel`).
        b.click(&b.find("section.file[data-name='planted.mobileconfig'] button.explore")?)?;
        b.find("article.target[data-name='TopLevel']")?;
        let keys = b.script("return Array.from(document.querySelectorAll('article.target .keys .key-link')).map(k => k.textContent);", json!([]))?;
        ensure(keys.as_array().is_some_and(|k| k.iter().any(|k| k == "PayloadContent")), || format!("TopLevel's keys: {keys}"))
    });
}

#[test]
fn explorer_finds_a_key_and_shows_its_availability_matrix() {
    with_page("explorer", |b, server| {
        b.click(&b.find("#tab-explorer")?)?;
        b.type_text(&b.find("#search")?, "InstallAction")?;
        let name = "ScheduleOSUpdate.Updates.InstallAction";
        b.click(&b.find(&format!("button.result[data-name='{name}']"))?)?;
        b.find(&format!("article.target[data-name='{name}'] #matrix"))?;
        let rows = b.script(
            "return Array.from(document.querySelectorAll('#matrix tbody tr')).map(r => [r.dataset.platform, Array.from(r.cells).slice(1).map(c => c.textContent)]);",
            json!([]),
        )?;
        let rows: Vec<(String, Vec<String>)> = serde_json::from_value(rows).map_err(|e| e.to_string())?;
        // The matrix says what the API says, OS by OS.
        let data = server.get(&format!("/api/schemas/{name}")).json();
        let matrix = data["targets"][0]["matrix"].as_array().cloned().unwrap_or_default();
        ensure(rows.len() == 5 && matrix.len() == 5, || format!("rows: {rows:?}"))?;
        for ((platform, cells), m) in rows.iter().zip(&matrix) {
            ensure(m["platform"] == platform.as_str(), || format!("{platform} against {m}"))?;
            if m["supported"] == true {
                ensure(cells[1] == m["introduced"].as_str().unwrap_or("?"), || format!("{platform}: {cells:?} against {m}"))?;
            } else {
                ensure(cells == &["not supported"], || format!("{platform}: {cells:?}"))?;
            }
        }
        let ios = rows.iter().find(|(p, _)| p == "iOS").map(|(_, c)| c.clone()).unwrap_or_default();
        ensure(ios.first().is_some_and(|c| c == "yes") && ios.get(1).is_some_and(|c| c == "9.0") && ios.get(4).is_some_and(|c| c == "required"), || {
            format!("iOS: {ios:?}")
        })?;
        ensure(ios.get(7).is_some_and(|c| c == "forbidden"), || format!("iOS user enrollment: {ios:?}"))?;
        let allowed = b.text(&b.find("dd[data-fact='Allowed values']")?)?;
        ensure(allowed.contains("InstallASAP"), || format!("allowed values: {allowed}"))?;
        let ty = b.text(&b.find("dd[data-fact='Type']")?)?;
        ensure(ty == "string", || format!("type: {ty}"))
    });
}

#[test]
fn page_says_why_it_cannot_check_bad_input() {
    with_page("bad-input", |b, _server| {
        let message = |b: &Browser| b.script("const m = document.getElementById('message'); return m.hidden ? '' : m.textContent;", json!([]));
        b.click(&b.find("#paste-box summary")?)?;
        b.type_text(&b.find("#paste")?, "this is not a profile")?;
        and_wait(b, || b.click(&b.find("#paste-go")?))?;
        let m = message(b)?;
        ensure(m.as_str().is_some_and(|m| m.contains("not a plist, JSON document or signed profile") && m.contains("HTTP 422")), || format!("message: {m}"))?;

        let mut huge = b"<?xml version=\"1.0\"?><plist><string>".to_vec();
        huge.resize(4 * 1024 * 1024 + 100, b'x');
        and_wait(b, || drop_files(b, &[("huge.mobileconfig", huge)]))?;
        let m = message(b)?;
        ensure(m.as_str().is_some_and(|m| m.contains("huge.mobileconfig") && m.contains("over the limit") && m.contains("HTTP 413")), || {
            format!("message: {m}")
        })?;

        let blob = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0x00, 0xfe];
        and_wait(b, || drop_files(b, &[("photo.mobileconfig", blob)]))?;
        let m = message(b)?;
        ensure(m.as_str().is_some_and(|m| m.contains("photo.mobileconfig: not a plist") && m.contains("HTTP 422")), || format!("message: {m}"))?;

        // A signed profile is checked and its signature too: the fixture's is cut short (it does
        // not hold); one signed by `dm sign` names its signer, unchecked until a trust anchor is
        // given, then trusted.
        and_wait(b, || drop_files(b, &[("signed.mobileconfig", fixture("valid/profile-signed.mobileconfig"))]))?;
        let m = message(b)?;
        ensure(m == "", || format!("message: {m}"))?;
        let signed = b.text(&b.find("section.file[data-name='signed.mobileconfig'] .signed")?)?;
        ensure(signed.starts_with("signed; the signature does not hold: truncated CMS data"), || format!("signed: `{signed}`"))?;
        let verdict = b.text(&b.find("section.file[data-name='signed.mobileconfig'] .verdict")?)?;
        ensure(verdict == "no findings", || format!("verdict: `{verdict}`"))?;

        let pki = crate::cms::pki::pki();
        let out = pki.path("serve-signed.mobileconfig");
        let profile = fixtures().join("valid/profile.mobileconfig");
        let (_, err, code) = crate::dm(&[
            "sign",
            "--cert",
            &pki.path_str("leaf-ec.pem"),
            "--key",
            &pki.path_str("leaf-ec.key"),
            "--chain",
            &pki.path_str("intermediate.pem"),
            &profile.to_string_lossy(),
            &out.to_string_lossy(),
        ]);
        ensure(code == 0, || format!("dm sign: {err}"))?;
        let bytes = std::fs::read(&out).map_err(|e| e.to_string())?;
        and_wait(b, || drop_files(b, &[("really-signed.mobileconfig", bytes)]))?;
        let signed = b.text(&b.find("section.file[data-name='really-signed.mobileconfig'] .signed")?)?;
        ensure(
            signed.starts_with("signed by O=DM Tests,CN=DM Test Signer P-256") && signed.ends_with("signature holds; signer not checked against a trust anchor"),
            || format!("signed: `{signed}`"),
        )?;
        let root = String::from_utf8(pki.read("root.pem")).map_err(|e| e.to_string())?;
        b.script("document.getElementById('trust').value = arguments[0];", json!([root]))?;
        and_wait(b, || b.click(&b.find("#run")?))?;
        let signed = b.text(&b.find("section.file[data-name='really-signed.mobileconfig'] .signed")?)?;
        ensure(signed.starts_with("signed by O=DM Tests,CN=DM Test Signer P-256") && signed.ends_with("signature holds, trusted"), || format!("signed: `{signed}`"))?;

        // Opened with the file picker: a binary plist, sent as bytes; no lines, so no download.
        let binary = fixtures().join("valid/profile-binary.mobileconfig");
        and_wait(b, || b.type_text(&b.find("#file-input")?, &binary.to_string_lossy()))?;
        let kind = b.text(&b.find("section.file[data-name='profile-binary.mobileconfig'] .kind")?)?;
        ensure(kind == "profile · Configuration", || format!("kind: `{kind}`"))?;
        let downloads = b.find_all("section.file[data-name='profile-binary.mobileconfig'] a.download")?;
        ensure(downloads.is_empty(), || "a binary file has nothing to download".into())
    });
}
