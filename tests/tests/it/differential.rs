//! Differential test of the validator: the crate's validator and the `jsonschema` crate, run on
//! the JSON Schema the generator exports (`generated/json-schema/`), must give the same verdict
//! on every document of a corpus built from the schemas themselves.
//!
//! The corpus: for every schema of the registry (its payload keys, and for a command its
//! response keys too), a populated instance with every key set and every string matching its
//! `format` and `valuetype` ([`dm_tests::Populator::valid`]); then the [`dm_tests::mutations`]
//! of that instance at every place a value sits: values of another type, values outside the
//! `rangelist` and the `range`, each required key removed, strings the `format` regex or the
//! `valuetype` refuses, arrays with one item too many or too few.
//!
//! Our verdict is [`validate_value`] on the plist document ([`validate_json`] on the JSON form
//! for the DDM categories; [`validate_response`] for a command response, in its envelope), and
//! [`validate_json_slice`] on the JSON form's bytes (for a payload, its report must equal the
//! walk of the parsed JSON value, finding for finding);
//! jsonschema's is `is_valid` on the JSON form (dates as RFC 3339 strings, data as base64),
//! formats checked. A valid instance must be valid for both; a mutation the schema forbids must
//! be invalid for both, and our report must hold a finding of the mutation's rule at the
//! mutated path.
//!
//! Rules the JSON Schema does not express, and why (the corpus leaves them out, or both sides
//! are given what JSON Schema can judge):
//! - **Availability** (`supportedOS`: platform, OS version, supervision, enrollment, scope,
//!   shared iPad): it depends on the device a document is sent to, not on the document, so the
//!   schema of a document cannot state it; our validator checks it only when given a
//!   `DeviceContext`.
//! - **Unknown keys are warnings**, not errors: devices and newer OS releases add keys, so the
//!   JSON Schema allows other properties and our validator only warns (with a suggestion). A
//!   JSON Schema cannot say "allowed, but worth a warning"; the corpus puts an unknown key in
//!   every struct-shaped dictionary, and both accept it.
//! - **`PayloadUUID` uniqueness across the payloads of a profile**: JSON Schema's `uniqueItems`
//!   compares whole items, not one property of them, and a payload's schema file sees one payload.
//!   Checked by `validate_document` on a whole profile.
//! - **`CommonPayloadKeys` composition**: every profile payload also carries `PayloadType`,
//!   `PayloadUUID` … from `CommonPayloadKeys.yaml`, which the payload files do not repeat. The
//!   exported schemas are one per file, as Apple's are, so neither side here adds them;
//!   `validate_document` composes them per payload (an `allOf` with a `$ref` to the common
//!   file could, but the export stays one file per schema).
//! - **The document's tag** (`RequestType` of a command): the exported schema pins it with
//!   `const`; `validate_value` is handed the schema's table, so the tag is what chose the table
//!   and is not checked again (`validate_document` dispatches on it and reports an unknown or
//!   missing one). The corpus never mutates it.
//! - **Union tags** (`settings.yaml`'s `Settings` items, told apart by `Item`): exported as a
//!   `oneOf` whose alternatives each pin the tag with a one-value `enum`, so the verdicts agree;
//!   but JSON Schema cannot say *which* alternative an item meant, while our validator judges
//!   the item against the alternative its tag selects and reports the tag itself when it is
//!   missing, not a string or unknown.
//! - **Plist types JSON cannot carry**: `<date>` and `<data>` are strings in JSON, and `<real>`
//!   3.0 is the integer 3 to JSON Schema. So in a plist category a date or data value where the
//!   schema says `<string>` (or a string holding an RFC 3339 timestamp where it says `<date>`,
//!   or a `<real>` with no fraction where it says `<integer>`) is a type error for our validator
//!   but looks right in the JSON form; the corpus does not make those mutations. Whether a
//!   `<data>` string in DDM JSON is valid base64 neither side checks.
//! - **Presence in context**: a key `presence: required` whose `supportedOS` narrows where it
//!   exists (another OS, channel, User Enrollment or Shared iPad mode, a later version) is
//!   required only there. The exported schema cannot say where, so it lists only keys required
//!   everywhere; our validator judges the others from the device context or from what the
//!   document shows (`EnrollmentID` without `UDID` is User Enrollment …), so the corpus does not
//!   remove them (`tests/tests/presence.rs` does, per context).
//! - **`combinetype`** (how several DDM configurations combine) describes the device's merge,
//!   not a document.
//! - **`valuetype`s JSON Schema has no `format` for** (`domain`, `domain-prefix`, `localtime`):
//!   none occurs in release-18.1 (only `url` and `hostname`); they would need a `pattern`.

use std::collections::BTreeMap;
use std::time::Instant;

use apple_device_management::runtime::validate::{is_valid_json_slice, validate_json, validate_json_slice, Report};
use dm_tests::corpus::{schema_parts, Part, SchemaPart};
use dm_tests::{expected_rules, mutations, on_workers, render_path, MutationKind, Populator};
use generator::model::KeyType;
use plist::Value;

/// The corpus must hold at least this many documents (valid instances and mutations).
const MIN_DOCUMENTS: usize = 10_000;

/// One schema part under test, with its compiled JSON Schema.
struct Target {
    part: SchemaPart,
    validator: jsonschema::Validator,
}

impl Target {
    /// Both verdicts on one document body: our report, jsonschema's verdict, the JSON form.
    /// Our verdict-only functions (`is_valid_value` …) must agree with the report.
    fn judge(&self, body: &Value) -> (Report, bool, serde_json::Value) {
        let (doc, json) = self.part.document(body);
        let ours = self.part.validate(&doc, &json);
        assert_eq!(self.part.is_valid(&doc, &json), ours.is_valid(), "{}: the verdict-only walk disagrees with the report on {json}", self.part.name());
        let theirs = self.validator.is_valid(&json);
        self.judge_bytes(&json, theirs);
        (ours, theirs, json)
    }

    /// The JSON form validated as it is read from its bytes: the same verdict as jsonschema's,
    /// and for a payload the same report as the walk of the parsed JSON value.
    fn judge_bytes(&self, json: &serde_json::Value, theirs: bool) {
        let bytes = serde_json::to_vec(json).expect("JSON");
        let table = self.part.info.schema;
        let part = self.part.part;
        let read = validate_json_slice(table, part, &bytes).unwrap_or_else(|e| panic!("{}: {e}", self.part.name()));
        assert_eq!(
            read.is_valid(),
            theirs,
            "{}: read from bytes, ours and jsonschema's verdicts differ on {json}\n{}",
            self.part.name(),
            errors_of_ours(&read)
        );
        assert_eq!(is_valid_json_slice(table, part, &bytes), theirs, "{}: the verdict-only read disagrees on {json}", self.part.name());
        if part == Part::Payload {
            assert_eq!(read, validate_json(table, json), "{}: reading the bytes and walking the value report differently on {json}", self.part.name());
        }
    }

    fn errors_of_theirs(&self, json: &serde_json::Value) -> String {
        self.validator.iter_errors(json).map(|e| format!("    jsonschema: {} at {}", e, e.instance_path())).collect::<Vec<_>>().join("\n")
    }
}

fn errors_of_ours(report: &Report) -> String {
    report.errors().map(|f| format!("    ours: {f}")).collect::<Vec<_>>().join("\n")
}

#[derive(Default)]
struct Tally {
    documents: usize,
    valid_instances: usize,
    /// Per kind: mutations made, and those the schema forbids that both judged invalid.
    per_kind: BTreeMap<MutationKind, (usize, usize)>,
    disagreements: Vec<String>,
    /// Valid instances judged invalid, forbidden mutations judged valid, findings not at the
    /// mutated path.
    failures: Vec<String>,
}

fn run_target(target: &Target, tally: &mut Tally) {
    let mut populator = Populator::valid();
    let valid = target.part.valid_document(&mut populator);
    let name = target.part.name();
    let json_category = target.part.is_json();

    tally.documents += 1;
    tally.valid_instances += 1;
    let (ours, theirs, json) = target.judge(&valid);
    if ours.is_valid() != theirs {
        tally.disagreements.push(format!(
            "{name}: valid instance: ours {}, jsonschema {theirs}\n{}\n{}",
            ours.is_valid(),
            errors_of_ours(&ours),
            target.errors_of_theirs(&json)
        ));
    }
    if !ours.is_valid() || !theirs {
        tally.failures.push(format!("{name}: the populated instance is not valid\n{}\n{}", errors_of_ours(&ours), target.errors_of_theirs(&json)));
        return;
    }

    // The smallest valid document: optional keys are optional on both sides.
    let minimal = target.part.valid_document(&mut Populator::minimal());
    tally.documents += 1;
    tally.valid_instances += 1;
    let (ours, theirs, json) = target.judge(&minimal);
    if !ours.is_valid() || !theirs {
        tally.failures.push(format!(
            "{name}: the minimal instance: ours valid = {}, jsonschema valid = {theirs}\n{}\n{}",
            ours.is_valid(),
            errors_of_ours(&ours),
            target.errors_of_theirs(&json)
        ));
    }

    let types: BTreeMap<String, KeyType> = populator.places.iter().map(|p| (render_path(&p.path), p.key.ty)).collect();
    for m in mutations(&valid, &populator.places) {
        let doc = m.apply(&valid);
        tally.documents += 1;
        let (ours, theirs, json) = target.judge(&doc);
        let entry = tally.per_kind.entry(m.kind).or_default();
        entry.0 += 1;
        if ours.is_valid() != theirs {
            tally.disagreements.push(format!(
                "{name}: {}: ours valid = {}, jsonschema valid = {theirs}\n{}\n{}",
                m.describe(),
                ours.is_valid(),
                errors_of_ours(&ours),
                target.errors_of_theirs(&json)
            ));
            continue;
        }
        if !m.expect_invalid {
            continue;
        }
        if ours.is_valid() {
            tally.failures.push(format!("{name}: {}: both judge it valid, the schema forbids it", m.describe()));
            continue;
        }
        entry.1 += 1;
        let path = render_path(&m.path);
        let rules = expected_rules(&m, types.get(&path).copied(), json_category);
        if !ours.errors().any(|f| f.path() == path && rules.contains(&f.rule)) {
            tally.failures.push(format!("{name}: {}: no {rules:?} finding at `{path}`\n{}", m.describe(), errors_of_ours(&ours)));
        }
    }
}

#[test]
fn validator_agrees_with_jsonschema_on_the_exported_schemas() {
    let started = Instant::now();
    let targets: Vec<Target> = schema_parts()
        .into_iter()
        .map(|part| {
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&part.json_schema())
                .unwrap_or_else(|e| panic!("{}: the exported schema does not compile: {e}", part.name()));
            Target { part, validator }
        })
        .collect();
    let compiled = started.elapsed();

    // The corpus is large and the test runs in debug builds: one worker per core.
    let tallies: Vec<Tally> = on_workers(&targets, run_target);
    let mut tally = Tally::default();
    for t in tallies {
        tally.documents += t.documents;
        tally.valid_instances += t.valid_instances;
        for (k, (n, i)) in t.per_kind {
            let e = tally.per_kind.entry(k).or_default();
            e.0 += n;
            e.1 += i;
        }
        tally.disagreements.extend(t.disagreements);
        tally.failures.extend(t.failures);
    }

    eprintln!(
        "{} documents ({} valid instances of {} schema parts), {} disagreements, in {:.1?} ({:.1?} compiling)",
        tally.documents,
        tally.valid_instances,
        targets.len(),
        tally.disagreements.len(),
        started.elapsed(),
        compiled
    );
    for (k, (n, i)) in &tally.per_kind {
        eprintln!("  {k:?}: {n} mutations, {i} judged invalid by both");
    }
    let show = |v: &[String]| v.iter().take(40).cloned().collect::<Vec<_>>().join("\n");
    assert!(tally.disagreements.is_empty(), "{} disagreements:\n{}", tally.disagreements.len(), show(&tally.disagreements));
    assert!(tally.failures.is_empty(), "{} failures:\n{}", tally.failures.len(), show(&tally.failures));
    assert!(tally.documents >= MIN_DOCUMENTS, "only {} documents in the corpus", tally.documents);
    for kind in MutationKind::ALL {
        let (n, invalid) = tally.per_kind.get(&kind).copied().unwrap_or_default();
        assert!(invalid > 0, "{kind:?}: {n} mutations, none judged invalid: the corpus is vacuous");
    }
}
