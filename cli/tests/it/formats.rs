//! The CI formats read back: SARIF checked against the OASIS SARIF 2.1.0 schema
//! (`tests/schemas/`), GitHub workflow commands line by line, JUnit XML parsed.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::dm;

/// The OASIS schema (`tests/schemas/README.md`), with its one slip mended: in this copy
/// `region`'s `anyOf` (a region has a `startLine`, `charOffset` or `byteOffset`) sits among the
/// region's `properties`, where it is no schema at all and the metaschema refuses it; it is moved
/// to the region itself, where the specification (3.30.2) puts the constraint.
fn sarif_schema() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).expect("SARIF schema")).expect("schema is JSON");
    let region = &mut schema["definitions"]["region"];
    let any_of = region["properties"].as_object_mut().and_then(|p| p.remove("anyOf")).expect("the misplaced anyOf");
    region["anyOf"] = any_of;
    schema
}

/// Every way `log` breaks the schema (empty: it is valid SARIF 2.1.0).
fn sarif_errors(validator: &jsonschema::Validator, log: &serde_json::Value) -> Vec<String> {
    validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_every_rule() {
    let validator = jsonschema::options().should_validate_formats(true).build(&sarif_schema()).unwrap_or_else(|e| panic!("the schema compiles: {e}"));
    let (out, _, code) = dm(&["validate", "--format", "sarif", "invalid", "valid/profile-binary.mobileconfig", "unreadable/broken.json"]);
    assert_eq!(code, 2);
    let log: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(sarif_errors(&validator, &log), Vec::<String>::new(), "{out}");
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!((driver["name"].as_str(), driver["version"].as_str()), (Some("dm"), Some(env!("CARGO_PKG_VERSION"))));

    // Rule metadata: every rule `dm rules` lists, in its order, then `read` and `signature`.
    let (rules_json, _, _) = dm(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = rules_json.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    let descriptors = driver["rules"].as_array().expect("rules");
    assert_eq!(descriptors.len(), rules.len() + 2);
    for (d, r) in descriptors.iter().zip(&rules) {
        assert_eq!(d["id"], r["name"]);
        assert_eq!(d["shortDescription"]["text"], r["description"]);
        assert_eq!(d["defaultConfiguration"]["level"], r["default"]);
    }
    assert_eq!(descriptors[rules.len()]["id"], "read");
    assert_eq!(descriptors[rules.len() + 1]["id"], "signature");

    // One result per finding and per unreadable file (13 + 2 findings, 1 unreadable).
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 16);
    let rangelist = results
        .iter()
        .find(|r| r["ruleId"] == "rangelist" && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "invalid/command.plist")
        .expect("the InstallAction finding");
    assert_eq!(rangelist["level"], "error");
    assert_eq!(rangelist["locations"][0]["physicalLocation"]["region"], serde_json::json!({ "startLine": 14, "startColumn": 5 }));
    assert_eq!(rangelist["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "Command.Updates[0].InstallAction");
    assert_eq!(rangelist["properties"]["keyPath"], "Command.Updates[0].InstallAction");
    let index = rangelist["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(descriptors[index]["id"], "rangelist");
    let warning = results.iter().find(|r| r["ruleId"] == "unknown-key").expect("an unknown key");
    assert_eq!(warning["level"], "warning");
    let read = results.iter().find(|r| r["ruleId"] == "read").expect("the unreadable file");
    assert_eq!(read["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "unreadable/broken.json");
    assert!(read["locations"][0]["physicalLocation"].get("region").is_none());

    // The check has teeth: a level SARIF does not know is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!sarif_errors(&validator, &broken).is_empty());
}

/// A file name with a comma, a space and a percent sign is percent-encoded in the URI; a
/// binary plist has a file but no region; standard input has no file.
#[test]
fn sarif_locations_of_odd_names_binary_plists_and_standard_input() {
    let validator = jsonschema::options().should_validate_formats(true).build(&sarif_schema()).unwrap_or_else(|e| panic!("the schema compiles: {e}"));
    let (out, _, _) = dm(&["validate", "--format", "sarif", "formats"]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(sarif_errors(&validator, &log), Vec::<String>::new(), "{out}");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "formats/odd%2C%20name%20100%25.json");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"], serde_json::json!({ "startLine": 5, "startColumn": 5 }));

    let binary = std::fs::read(crate::fixtures().join("invalid/command.plist")).expect("fixture");
    let (out, _, _) = crate::dm_with_input(&["validate", "--format", "sarif", "-"], Some(&binary));
    let log: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(sarif_errors(&validator, &log), Vec::<String>::new(), "{out}");
    let location = &log["runs"][0]["results"][0]["locations"][0];
    assert!(location.get("physicalLocation").is_none(), "{location}");
    assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], "Command.Updates[0].InstallAction");
}

#[test]
fn github_annotations_are_exact_and_escaped() {
    let (out, _, code) = dm(&["validate", "--format", "github", "formats", "invalid/command.plist", "unreadable/broken.json", "valid/error.json"]);
    assert_eq!(code, 2);
    let expected = [
        "::warning file=formats/odd%2C name 100%25.json,line=5,col=5,title=unknown-key::Payload.Line%0ABreak 100%25: key `Line%0ABreak 100%25` is not described by the schema",
        "::error file=invalid/command.plist,line=14,col=5,title=rangelist::Command.Updates[0].InstallAction: \"Sometime\" is not one of: Default, DownloadOnly, InstallASAP, NotifyOnly, InstallLater, InstallForceRestart",
        "::warning file=invalid/command.plist,line=16,col=5,title=unknown-key::Command.Updates[0].Priorty: key `Priorty` is not described by the schema (did you mean `Priority`?)",
        "::error file=invalid/command.plist,line=19,col=4,title=required::Command.Updates[1].InstallAction: required key `InstallAction` is missing",
        "::error file=invalid/command.plist,line=22,col=5,title=type::Command.Updates[1].MaxUserDeferrals: expected <integer>, found <string>",
        "::error file=unreadable/broken.json,title=read::not valid JSON: at `Type`: EOF while parsing a value at line 1 column 9",
        "dm: 4 files: 3 errors, 2 warnings, 0 notes, 1 unreadable",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);

    // Standard input is no file to annotate.
    let bytes = std::fs::read(crate::fixtures().join("invalid/command.plist")).expect("fixture");
    let (out, _, _) = crate::dm_with_input(&["validate", "--format", "github", "-"], Some(&bytes));
    assert!(out.starts_with("::error title=rangelist::Command.Updates[0].InstallAction: "), "{out}");

    // Notes are notices; a binary plist has no line.
    let (out, _, _) = dm(&["validate", "--format", "github", "traffic/tokenupdate-iphone.plist"]);
    assert!(out.starts_with("::notice file=traffic/tokenupdate-iphone.plist,line=4,col=1,title=required::NotOnConsole: "), "{out}");
    let (out, _, _) = dm(&["validate", "--format", "github", "--kind", "command", "valid/profile-binary.mobileconfig"]);
    assert!(out.starts_with("::error file=valid/profile-binary.mobileconfig,title=unknown-schema::expected a command document, found profile\n"), "{out}");
}

/// The attributes of an element, unescaped.
fn attributes(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("attribute value");
            (a.key.as_ref().to_string(), value.into_owned())
        })
        .collect()
}

fn attribute<'a>(attrs: &'a [(String, String)], name: &str) -> &'a str {
    attrs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// What a JUnit report holds: the suite's counts, and per test case its name, failure types and
/// error count.
#[derive(Debug, Default)]
struct Junit {
    suites: usize,
    suite: Vec<(String, String)>,
    cases: Vec<(String, Vec<String>, usize)>,
}

fn read_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut report = Junit::default();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = attributes(&e);
                match e.name().as_ref() {
                    "testsuite" => {
                        report.suites += 1;
                        report.suite = attrs;
                    }
                    "testcase" => report.cases.push((attribute(&attrs, "name").to_string(), Vec::new(), 0)),
                    "failure" => {
                        if let Some(case) = report.cases.last_mut() {
                            case.1.push(attribute(&attrs, "type").to_string());
                        }
                    }
                    "error" => {
                        if let Some(case) = report.cases.last_mut() {
                            case.2 += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => return report,
            _ => {}
        }
    }
}

#[test]
fn junit_has_one_case_per_file_and_a_failure_per_error() {
    let (out, _, code) = dm(&["validate", "--format", "junit", "formats", "invalid", "valid/command.plist", "unreadable/broken.json"]);
    assert_eq!(code, 2);
    let report = read_junit(&out);
    assert_eq!(report.suites, 1);
    assert_eq!(attribute(&report.suite, "tests"), "10");
    // Files with error findings, and unreadable files, as JUnit counts test cases.
    assert_eq!(attribute(&report.suite, "failures"), "7");
    assert_eq!(attribute(&report.suite, "errors"), "1");
    let names: Vec<&str> = report.cases.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "formats/odd, name 100%.json",
            "invalid/checkin.plist",
            "invalid/command.plist",
            "invalid/declaration.json",
            "invalid/error.json",
            "invalid/profile.mobileconfig",
            "invalid/response.plist",
            "invalid/status-report.json",
            "valid/command.plist",
            "unreadable/broken.json"
        ]
    );
    let failures: usize = report.cases.iter().map(|c| c.1.len()).sum();
    assert_eq!(failures, 13, "one failure per error finding");
    let command = &report.cases[2];
    assert_eq!(command.1, ["rangelist", "required", "type"]);
    assert_eq!((report.cases[0].1.len(), report.cases[8].1.len()), (0, 0), "warnings and clean files pass");
    assert_eq!(report.cases[9].2, 1, "an unreadable file is an error");
    // A message with `<` and `"` survives escaping.
    assert!(out.contains("message=\"expected &lt;integer&gt;, found &lt;string&gt;\""), "{out}");
}
