//! Line and column of findings: through `dm validate` on files written for it
//! (`tests/fixtures/located/`), and the locator itself on texts that stress it (comments,
//! CDATA, entities, empty elements, nested arrays, JSON escapes).

use dm_cli::locate::{locate, Position};

use crate::{dm, finding_lines};

fn at(line: u32, column: u32) -> Option<Position> {
    Some(Position { line, column })
}

#[test]
fn findings_in_xml_point_at_their_key_past_comments_cdata_and_entities() {
    let (out, _, _) = dm(&["validate", "located/commented.mobileconfig"]);
    assert_eq!(
        finding_lines(&out),
        [
            "warning[unknown-key]: key `Vendor&Key` is not described by the schema --> located/commented.mobileconfig:17:2 (Vendor&Key)",
            "warning[unknown-key]: key `Vendor` is not described by the schema --> located/commented.mobileconfig:19:2 (Vendor)",
            // The plist reader leaves CDATA out of the value; the key is found past the comment.
            "error[rangelist]: \"\" is not one of: HTTPS, TLS --> located/commented.mobileconfig:35:5 (PayloadContent[0].DNSSettings.DNSProtocol)",
        ],
        "{out}"
    );
}

#[test]
fn findings_in_json_point_at_the_name() {
    let (out, _, _) = dm(&["validate", "located/escaped.json"]);
    assert_eq!(
        finding_lines(&out),
        [
            "warning[unknown-key]: key `VendorAKey` is not described by the schema --> located/escaped.json:5:5 (Payload.VendorAKey)",
            "error[type]: expected <integer>, found <string> --> located/escaped.json:5:37 (Payload.MaximumFailedAttempts)",
        ],
        "{out}"
    );
}

/// A missing required key points at the dictionary that should hold it; a binary plist has no
/// position.
#[test]
fn missing_keys_and_binary_plists() {
    let (out, _, _) = dm(&["validate", "invalid/command.plist"]);
    assert!(
        out.contains("error[required]: required key `InstallAction` is missing\n  --> invalid/command.plist:19:4 (Command.Updates[1].InstallAction)\n"),
        "{out}"
    );
    let (out, _, _) = dm(&["validate", "--format", "json", "-D", "unknown-schema", "--kind", "command", "valid/profile-binary.mobileconfig"]);
    let o: serde_json::Value = serde_json::from_str(out.lines().next().expect("a line")).expect("json");
    let f = &o["findings"][0];
    assert_eq!(f["rule"], "unknown-schema");
    assert!(f.get("line").is_none() && f.get("column").is_none(), "{f}");
}

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <!-- <key>Fake</key><string>in a comment</string> -->
  <key>A&lt;B</key><true/>
  <key>Empty</key><dict/>
  <key>NoItems</key><array/>
  <key>Text</key><string><![CDATA[</string><key>Fake</key>]]></string>
  <key>Grid</key>
  <array>
    <array>
      <dict><key>X</key><integer>1</integer></dict>
    </array>
    <array>
      <string>a</string>
      <dict>
        <key>Y</key>
        <false/>
        <key>In&#x41;ll</key><string>&amp;</string>
      </dict>
    </array>
  </array>
  <key>com.example.dotted</key>
  <dict><key>Inner</key><real>1.5</real></dict>
</dict>
</plist>
"#;

#[test]
fn the_xml_locator() {
    assert_eq!(locate(XML, ""), at(4, 1), "the document");
    assert_eq!(locate(XML, "A<B"), at(6, 3), "an entity in a key, after a comment holding a key");
    assert_eq!(locate(XML, "Fake"), at(4, 1), "keys in comments and CDATA are none: missing, so the dictionary");
    assert_eq!(locate(XML, "Empty"), at(7, 3));
    assert_eq!(locate(XML, "Empty.Missing"), at(7, 19), "a key missing from `<dict/>`: the empty dictionary");
    assert_eq!(locate(XML, "NoItems[0]"), at(8, 21), "no such item: the array");
    assert_eq!(locate(XML, "Text"), at(9, 3));
    assert_eq!(locate(XML, "Grid"), at(10, 3));
    assert_eq!(locate(XML, "Grid[1]"), at(15, 5), "an array item: its start");
    assert_eq!(locate(XML, "Grid[0][0].X"), at(13, 13), "a key inside nested arrays");
    assert_eq!(locate(XML, "Grid[1][1].Y"), at(18, 9));
    assert_eq!(locate(XML, "Grid[1][1].InAll"), at(20, 9), "a character reference in a key");
    assert_eq!(locate(XML, "Grid[1][1].Missing"), at(17, 7), "a missing key: its dictionary");
    assert_eq!(locate(XML, "com.example.dotted.Inner"), at(25, 9), "a key with dots");
    assert_eq!(locate("not a document", ""), None);
}

#[test]
fn the_json_locator() {
    let json = "{\n  \"a\": [1, {\"b\\u00e9\": [[true], {\"c\": null}]}],\n\t\"d.e\": {\"f\": \"\\\"}\"}\n}";
    assert_eq!(locate(json, ""), at(1, 1));
    assert_eq!(locate(json, "a"), at(2, 3));
    assert_eq!(locate(json, "a[1]"), at(2, 12));
    assert_eq!(locate(json, "a[1].bé"), at(2, 13), "an escaped name");
    assert_eq!(locate(json, "a[1].bé[1].c"), at(2, 34), "a key inside nested arrays");
    assert_eq!(locate(json, "a[1].bé[0][0]"), at(2, 26));
    assert_eq!(locate(json, "d.e"), at(3, 2), "a tab is one column");
    assert_eq!(locate(json, "d.e.f"), at(3, 10), "a name with a dot, after a string holding a brace");
    assert_eq!(locate(json, "d.e.missing"), at(3, 9));
}
