//! Property tests over every generated type: for each schema part of the registry (every
//! schema's payload, every command's response; [`schema_parts`]), a proptest runner draws
//! `(seed, index)` pairs, builds the random valid document [`Populator::random`]`(seed)` and
//! checks three properties:
//!
//! 1. **Round trip**: the document decoded into the part's Rust type and encoded again is
//!    unchanged, in XML plist, binary plist and, for the DDM categories, JSON.
//! 2. **Valid**: the validator reports no error on it (a response in its envelope), and the
//!    verdict-only walk (`is_valid_value` …) agrees.
//! 3. **Mutation reported**: one of its [`mutations`] that the schema forbids, chosen by
//!    `index` (a kind of mutation, then one of that kind: [`pick_mutation`]), is applied; the
//!    report then holds an error of the rule the mutation breaks ([`expected_rules`]) at
//!    exactly the mutated path, and the verdict-only walk says invalid.
//!
//! A failure names the part, the seed and the mutation; proptest shrinks the seed and the
//! index, and records the failing case in `properties.proptest-regressions` beside this file
//! (replayed first on the next run, for every part). [`Populator::random`]`(seed)` rebuilds
//! the document alone.
//!
//! Each part runs [`DEFAULT_CASES`] cases; set `PROPTEST_CASES` for more (or fewer), e.g.
//! `PROPTEST_CASES=200 cargo test -p dm-tests --release --test properties`, and
//! `PROPTEST_RNG_SEED=<u64>` to make the runners' own draws repeatable.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use apple_device_management::runtime::codec::{self, Format};
use apple_device_management::runtime::validate::Report;
use dm_tests::corpus::{schema_parts, Part, SchemaPart};
use dm_tests::{check_roundtrip, expected_rules, mutations, on_workers, render_path, Mutation, MutationKind, Populator};
use generator::model::KeyType;
use plist::Value;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner};

/// Cases per schema part when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 10;

/// The registry has 302 schemas, and more parts with the command responses.
const MIN_PARTS: usize = 300;

/// Cases per schema part: `PROPTEST_CASES`, else [`DEFAULT_CASES`].
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

/// The part's round-trip function: decode into its Rust type, encode again.
fn roundtrip_of(part: &SchemaPart) -> codec::Roundtrip {
    match part.part {
        Part::Payload => dm_tests::roundtrip_of(part.info),
        Part::Response => dm_tests::response_roundtrip_of(part.info).unwrap_or_else(|| panic!("{}: a response part without a response type", part.name())),
    }
}

/// The formats the part's type is read from: plists, and JSON for the DDM categories.
fn formats(part: &SchemaPart) -> Vec<Format> {
    let mut f = vec![Format::XmlPlist, Format::BinaryPlist];
    if part.is_json() {
        f.push(Format::Json);
    }
    f
}

fn errors_of(report: &Report) -> String {
    report.errors().map(|f| format!("    {f}")).collect::<Vec<_>>().join("\n")
}

/// The mutation `index` chooses: first a kind, uniformly among those of `forbidden` (there
/// are three wrong types per place but seldom an array with a `repetition`, so a uniform pick
/// of a mutation would hardly ever try the rare kinds), then a mutation of that kind. One
/// index does both: `index.index(k * n)` is `kind * n + mutation` for `k` kinds and `n`
/// mutations of the kind with the most.
fn pick_mutation<'m>(forbidden: &'m [Mutation], index: &Index) -> Option<&'m Mutation> {
    let mut by_kind: BTreeMap<MutationKind, Vec<&Mutation>> = BTreeMap::new();
    for m in forbidden {
        by_kind.entry(m.kind).or_default().push(m);
    }
    let n = by_kind.values().map(Vec::len).max()?;
    let i = index.index(by_kind.len() * n);
    let of_kind = by_kind.values().nth(i / n)?;
    of_kind.get((i % n) * of_kind.len() / n).copied()
}

/// The three properties on the document of one `(seed, index)`. `Ok` carries the kind of the
/// mutation checked (`None` when the document has no forbidden mutation).
fn check_case(part: &SchemaPart, seed: u64, index: &Index) -> Result<Option<MutationKind>, TestCaseError> {
    let name = part.name();
    let mut populator = Populator::random(seed);
    let body = part.valid_document(&mut populator);

    for format in formats(part) {
        let result = check_roundtrip(roundtrip_of(part), &body, format);
        prop_assert!(result.is_ok(), "{name}: seed {seed}: {format:?} round trip: {}", result.err().unwrap_or_default());
    }

    let (doc, json) = part.document(&body);
    let report = part.validate(&doc, &json);
    prop_assert!(report.is_valid(), "{name}: seed {seed}: the random valid document is reported invalid:\n{}\n  document: {json}", errors_of(&report));
    prop_assert!(part.is_valid(&doc, &json), "{name}: seed {seed}: the verdict-only walk says invalid, the report valid\n  document: {json}");

    let forbidden: Vec<Mutation> = mutations(&body, &populator.places).into_iter().filter(|m| m.expect_invalid).collect();
    let Some(m) = pick_mutation(&forbidden, index) else { return Ok(None) };
    let (doc, json) = part.document(&m.apply(&body));
    let report = part.validate(&doc, &json);
    let path = render_path(&m.path);
    let ty: Option<KeyType> = populator.places.iter().find(|p| p.path == m.path).map(|p| p.key.ty);
    let rules = expected_rules(m, ty, part.is_json());
    prop_assert!(
        report.errors().any(|f| f.path() == path && rules.contains(&f.rule)),
        "{name}: seed {seed}: {}: no {rules:?} error at `{path}`; the errors:\n{}",
        m.describe(),
        errors_of(&report)
    );
    prop_assert!(!part.is_valid(&doc, &json), "{name}: seed {seed}: {}: the verdict-only walk says valid", m.describe());
    Ok(Some(m.kind))
}

/// What the runs of the parts saw.
#[derive(Default)]
struct Tally {
    parts: usize,
    cases: usize,
    /// Cases checked per mutation kind (the rest had no forbidden mutation).
    mutated: BTreeMap<MutationKind, usize>,
    failures: Vec<String>,
}

/// Runs the proptest runner of one part; a failure (after shrinking) goes to the tally.
fn run_part(part: &SchemaPart, cases: u32, tally: &mut Tally) {
    let persistence = FileFailurePersistence::WithSource("proptest-regressions");
    let config = Config { cases, source_file: Some(file!()), failure_persistence: Some(Box::new(persistence)), ..Config::default() };
    let mut runner = TestRunner::new(config);
    let seen = RefCell::new(Vec::new());
    let result = runner.run(&(any::<u64>(), any::<Index>()), |(seed, index)| {
        let kind = check_case(part, seed, &index)?;
        seen.borrow_mut().push(kind);
        Ok(())
    });
    tally.parts += 1;
    // Shrinking reruns cases: count only a run that passed.
    match result {
        Ok(()) => {
            let seen = seen.into_inner();
            tally.cases += seen.len();
            for kind in seen.into_iter().flatten() {
                *tally.mutated.entry(kind).or_default() += 1;
            }
        }
        Err(TestError::Fail(reason, (seed, index))) => {
            // The reason names the part, the seed and the mutation.
            tally.failures.push(format!("{reason}\n  minimal failing input: seed = {seed}, index = {index:?}"))
        }
        Err(e) => tally.failures.push(format!("{}: {e}", part.name())),
    }
}

#[test]
fn every_type_round_trips_validates_and_reports_mutations() {
    let started = Instant::now();
    let parts = schema_parts();
    let cases = cases();

    let tallies: Vec<Tally> = on_workers(&parts, |part, tally| run_part(part, cases, tally));
    let mut tally = Tally::default();
    for t in tallies {
        tally.parts += t.parts;
        tally.cases += t.cases;
        for (kind, n) in t.mutated {
            *tally.mutated.entry(kind).or_default() += n;
        }
        tally.failures.extend(t.failures);
    }

    let mutated: usize = tally.mutated.values().sum();
    eprintln!("{} schema parts x {cases} cases: {} cases passed, {mutated} with a mutation, in {:.1?}", tally.parts, tally.cases, started.elapsed());
    for (kind, n) in &tally.mutated {
        eprintln!("  {kind:?}: {n}");
    }
    assert!(tally.failures.is_empty(), "{} of {} schema parts failed:\n{}", tally.failures.len(), tally.parts, tally.failures.join("\n"));

    // Every part was run, every case of it, and the mutation property was not vacuous.
    assert_eq!(tally.parts, parts.len(), "every schema part must be run");
    assert!(tally.parts >= MIN_PARTS, "only {} schema parts", tally.parts);
    // More when the regressions file holds seeds: each part replays them first.
    assert!(tally.cases >= parts.len() * cases as usize, "only {} cases run: every case of every part must be", tally.cases);
    assert!(mutated * 2 >= tally.cases, "only {mutated} of {} cases checked a mutation", tally.cases);
}

/// The random populator is deterministic in its seed, and its documents do vary: optional keys
/// come and go, and array lengths change.
#[test]
fn random_documents_reproduce_and_vary() {
    let part = schema_parts().into_iter().find(|p| p.info.source == "mdm/commands/system.update.schedule.yaml").expect("the schedule command");
    let document = |seed| part.valid_document(&mut Populator::random(seed));
    assert_eq!(document(7), document(7), "one seed, one document");

    let docs: Vec<Value> = (0..32).map(document).collect();
    let updates = |d: &Value| d.as_dictionary().and_then(|d| d.get("Updates")).and_then(Value::as_array).map_or(0, Vec::len);
    let lengths: std::collections::BTreeSet<usize> = docs.iter().map(updates).collect();
    assert!(lengths.len() > 1, "the `Updates` array always has {lengths:?} items");
    let key_counts: std::collections::BTreeSet<usize> =
        docs.iter().filter_map(|d| d.as_dictionary()?.get("Updates")?.as_array()?.first()?.as_dictionary().map(|i| i.len())).collect();
    assert!(key_counts.len() > 1, "the items always have {key_counts:?} keys: optional keys are not left out");
    let full = part.valid_document(&mut Populator::valid());
    assert!(docs.iter().any(|d| *d != full), "every random document equals the full one");
}
