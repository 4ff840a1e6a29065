//! Throughput of the crate's validator against the `jsonschema` crate, on the documents of the
//! differential test (`tests/tests/differential.rs`): every schema part's populated instance,
//! its smallest valid instance and one in [`STRIDE`] of its mutations, a few thousand documents
//! of every size. Both sides read their own document model, parsed beforehand: ours the plist
//! value (the JSON value for the DDM categories), jsonschema the JSON form against the exported
//! JSON Schema, compiled once. Both give the same verdict on every document (checked before
//! timing).
//!
//! Two comparisons: the verdict (ours `is_valid_*`, a walk that stops at the first error and
//! builds nothing, against jsonschema's `is_valid`), and the report (ours: every finding with
//! its path and message, unknown-key warnings with suggestions; jsonschema: `iter_errors`,
//! every error). Each from the parsed documents, and from the JSON text: ours
//! `is_valid_json_slice` / `validate_json_slice` (read and judged in one pass, no value
//! built), jsonschema `serde_json::from_slice` then the same call. `main` prints the
//! throughputs and ratios, then criterion measures the same loops
//! (`cargo bench -p dm-tests --bench validate`).
//!
//! Diagnostics (environment variables): `DM_BENCH_PROFILE=ours|ours_verdict|is_valid|…` runs
//! one loop alone for 10 s (for `perf`), or `DM_BENCH_COUNT=N` times (for callgrind, whose
//! counts do not depend on what else the machine runs); `DM_BENCH_PASSES=1` runs the four
//! parsed-document passes back to back as criterion does, in turns (`DM_BENCH_ROUNDS`, 6),
//! and prints the best of each beside the floor (every document touched, nothing checked);
//! `DM_BENCH_ONE=TEXT` times one document (the first whose part and mutation name contain
//! the text) on both sides; `DM_BENCH_SIZES=1` prints document sizes and the
//! rates with each document validated several times in a row (in cache); `DM_BENCH_SPLIT=1`
//! prints the rates on subsets (valid, invalid, per category, per mutation kind);
//! `DM_BENCH_TEXT=1` splits reading the JSON text (serde_json skimming it, parsing it, ours
//! reading and judging it); `DM_BENCH_DUMP=FILE` writes the corpus for `bench-baseline/`
//! (jsonschema with serde_json's default features, which this workspace cannot build);
//! `DM_BENCH_REPORTS=FILE` writes, for every document of the corpus with all its mutations
//! (not one in [`STRIDE`]), what our four entry points say (the verdict and the report, from
//! the parsed document and from the text; each report as JSON and as text), to compare a
//! change's outputs byte for byte with the ones before it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use apple_device_management::runtime::validate::{is_valid_json_slice, validate_json_slice};
use criterion::{Criterion, Throughput};
use dm_tests::corpus::{schema_parts, SchemaPart};
use dm_tests::{mutations, Populator};
use plist::Value;

/// One mutation in this many is kept (the valid instances all are).
const STRIDE: usize = 4;

struct Doc {
    target: usize,
    /// The mutation that made it (`None`: a valid instance).
    kind: Option<dm_tests::MutationKind>,
    plist: Value,
    json: serde_json::Value,
    /// The JSON form's text.
    bytes: Vec<u8>,
}

struct Corpus {
    parts: Vec<SchemaPart>,
    validators: Vec<jsonschema::Validator>,
    docs: Vec<Doc>,
    valid: usize,
}

fn build() -> Corpus {
    build_every(STRIDE)
}

/// The corpus with one mutation in `stride`.
fn build_every(stride: usize) -> Corpus {
    let parts = schema_parts();
    let validators: Vec<jsonschema::Validator> = parts
        .iter()
        .map(|p| jsonschema::options().should_validate_formats(true).build(&p.json_schema()).unwrap_or_else(|e| panic!("{}: {e}", p.name())))
        .collect();
    let mut docs = Vec::new();
    for (target, part) in parts.iter().enumerate() {
        let mut populator = Populator::valid();
        let valid = part.valid_document(&mut populator);
        let minimal = part.valid_document(&mut Populator::minimal());
        let mutated = mutations(&valid, &populator.places).into_iter().step_by(stride).map(|m| (Some(m.kind), m.apply(&valid)));
        for (kind, body) in [(None, valid.clone()), (None, minimal)].into_iter().chain(mutated) {
            let (plist, json) = part.document(&body);
            let bytes = serde_json::to_vec(&json).expect("JSON");
            docs.push(Doc { target, kind, plist, json, bytes });
        }
    }
    let mut valid = 0;
    for d in &docs {
        let part = &parts[d.target];
        let ours = part.validate(&d.plist, &d.json).is_valid();
        let theirs = validators[d.target].is_valid(&d.json);
        assert_eq!(ours, theirs, "{}: the verdicts differ; run the differential test", part.name());
        assert_eq!(is_valid_json_slice(part.info.schema, part.part, &d.bytes), theirs, "{}: the verdicts from bytes differ", part.name());
        valid += usize::from(ours);
    }
    Corpus { parts, validators, docs, valid }
}

fn ours(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| c.parts[d.target].validate(&d.plist, &d.json).is_valid()).count()
}

fn ours_verdict(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| c.parts[d.target].is_valid(&d.plist, &d.json)).count()
}

fn ours_verdict_hot(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| (0..64).all(|_| c.parts[d.target].is_valid(&d.plist, &d.json))).count()
}

fn theirs_is_valid_hot(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| (0..64).all(|_| c.validators[d.target].is_valid(&d.json))).count()
}

fn theirs_is_valid(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| c.validators[d.target].is_valid(&d.json)).count()
}

/// From the JSON text: ours reads the bytes once, judging as it goes (stopping at the first
/// error); jsonschema needs the parsed value.
fn ours_bytes_verdict(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| is_valid_json_slice(c.parts[d.target].info.schema, c.parts[d.target].part, &d.bytes)).count()
}

fn ours_bytes_report(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| validate_json_slice(c.parts[d.target].info.schema, c.parts[d.target].part, &d.bytes).is_ok_and(|r| r.is_valid())).count()
}

fn theirs_bytes_is_valid(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).is_ok_and(|v| c.validators[d.target].is_valid(&v))).count()
}

fn theirs_bytes_iter_errors(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).is_ok_and(|v| c.validators[d.target].iter_errors(&v).count() == 0)).count()
}

fn theirs_iter_errors(c: &Corpus) -> usize {
    c.docs.iter().filter(|d| c.validators[d.target].iter_errors(&d.json).count() == 0).count()
}

/// Reads every key's first byte and every value's kind of a plist value, and checks nothing.
fn touch_plist(v: &Value) -> u64 {
    match v {
        Value::Dictionary(d) => d.iter().map(|(k, v)| k.as_bytes().first().map_or(0, |b| u64::from(*b)) + touch_plist(v)).sum(),
        Value::Array(a) => a.iter().map(touch_plist).sum(),
        _ => 1,
    }
}

/// [`touch_plist`] for a JSON value.
fn touch_json(v: &serde_json::Value) -> u64 {
    match v {
        serde_json::Value::Object(d) => d.iter().map(|(k, v)| k.as_bytes().first().map_or(0, |b| u64::from(*b)) + touch_json(v)).sum(),
        serde_json::Value::Array(a) => a.iter().map(touch_json).sum(),
        _ => 1,
    }
}

/// The floor of a pass: every document touched as our side reads it (the plist value, the
/// JSON value for DDM), nothing checked.
fn floor(c: &Corpus) -> usize {
    let sum: u64 = c.docs.iter().map(|d| if c.parts[d.target].is_json() { touch_json(&d.json) } else { touch_plist(&d.plist) }).sum();
    usize::from(sum == 0)
}

/// The same for jsonschema's side: every JSON value touched.
fn floor_json(c: &Corpus) -> usize {
    let sum: u64 = c.docs.iter().map(|d| touch_json(&d.json)).sum();
    usize::from(sum == 0)
}

/// One pass over the corpus: how many documents are valid.
type Pass = fn(&Corpus) -> usize;

/// Documents per second of one pass over the corpus: the best of passes run for `budget`.
fn throughput(c: &Corpus, budget: Duration, pass: fn(&Corpus) -> usize) -> f64 {
    assert_eq!(pass(c), c.valid, "a pass gives other verdicts");
    let started = Instant::now();
    let mut best = Duration::MAX;
    while started.elapsed() < budget {
        let t = Instant::now();
        black_box(pass(black_box(c)));
        best = best.min(t.elapsed());
    }
    c.docs.len() as f64 / best.as_secs_f64()
}

/// Writes the corpus for `bench-baseline/` (jsonschema with serde_json's default features):
/// the number of parts, each part's JSON Schema, then each document's part and JSON text,
/// counts and lengths as little-endian `u32`.
fn dump(c: &Corpus, path: &str) {
    fn put(out: &mut Vec<u8>, n: usize) {
        out.extend(u32::try_from(n).expect("fits in u32").to_le_bytes());
    }
    let mut out = Vec::new();
    put(&mut out, c.parts.len());
    for p in &c.parts {
        let schema = p.json_schema().to_string();
        put(&mut out, schema.len());
        out.extend(schema.as_bytes());
    }
    for d in &c.docs {
        put(&mut out, d.target);
        put(&mut out, d.bytes.len());
        out.extend(&d.bytes);
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{path}: {e}"));
    eprintln!("wrote {path}: run `cargo run --release --manifest-path bench-baseline/Cargo.toml -- {path}`");
}

/// Writes what our four entry points say of every document (see the module comment).
fn reports(c: &Corpus, path: &str) {
    use std::fmt::Write;
    let mut out = String::new();
    let text = |out: &mut String, r: &apple_device_management::runtime::validate::Report| {
        out.push_str(&serde_json::to_string(r).expect("a report is JSON"));
        out.push('\n');
        for f in &r.findings {
            let _ = writeln!(out, "{f}");
        }
    };
    for (i, d) in c.docs.iter().enumerate() {
        let part = &c.parts[d.target];
        let _ = writeln!(out, "# {i} {} {:?}", part.name(), d.kind);
        let _ = writeln!(out, "verdict {}", part.is_valid(&d.plist, &d.json));
        text(&mut out, &part.validate(&d.plist, &d.json));
        let _ = writeln!(out, "text verdict {}", is_valid_json_slice(part.info.schema, part.part, &d.bytes));
        match validate_json_slice(part.info.schema, part.part, &d.bytes) {
            Ok(r) => text(&mut out, &r),
            Err(e) => {
                let _ = writeln!(out, "text error {e}");
            }
        }
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{path}: {e}"));
    eprintln!("wrote {path}: {} documents", c.docs.len());
}

fn main() {
    if let Ok(path) = std::env::var("DM_BENCH_REPORTS") {
        return reports(&build_every(1), &path);
    }
    let corpus = build();
    let n = corpus.docs.len();
    eprintln!("{n} documents ({} valid) of {} schema parts", corpus.valid, corpus.parts.len());
    if let Ok(path) = std::env::var("DM_BENCH_DUMP") {
        dump(&corpus, &path);
    }

    // Profiling aid: `DM_BENCH_PROFILE=ours|is_valid|iter_errors` runs that pass alone for 10 s.
    if let Ok(pass) = std::env::var("DM_BENCH_PROFILE") {
        let f: fn(&Corpus) -> usize = match pass.as_str() {
            "ours" => ours,
            "ours_verdict" => ours_verdict,
            "ours_verdict_hot" => ours_verdict_hot,
            "is_valid_hot" => theirs_is_valid_hot,
            "is_valid" => theirs_is_valid,
            "ours_bytes_verdict" => ours_bytes_verdict,
            "ours_bytes_report" => ours_bytes_report,
            "bytes_is_valid" => theirs_bytes_is_valid,
            "bytes_iter_errors" => theirs_bytes_iter_errors,
            _ => theirs_iter_errors,
        };
        // `DM_BENCH_COUNT=N`: N passes and no more, for `valgrind --tool=callgrind
        // --toggle-collect=validate::ours_verdict` (counts that do not change from run to run).
        if let Some(count) = std::env::var("DM_BENCH_COUNT").ok().and_then(|n| n.parse::<usize>().ok()) {
            for _ in 0..count {
                black_box(f(black_box(&corpus)));
            }
            return;
        }
        eprintln!("{pass}: {:.0} documents/s", throughput(&corpus, Duration::from_secs(10), f));
        return;
    }
    if let Ok(one) = std::env::var("DM_BENCH_ONE") {
        // One document (the first whose part name and mutation kind contain the text), again
        // and again for 5 s, ours then theirs: for `perf`.
        let d = corpus.docs.iter().find(|d| format!("{} {:?}", corpus.parts[d.target].name(), d.kind).contains(&one)).expect("a document");
        for side in ["ours", "theirs"] {
            let t = Instant::now();
            let mut n = 0u64;
            while t.elapsed() < Duration::from_secs(5) {
                for _ in 0..1000 {
                    let v = if side == "ours" {
                        corpus.parts[d.target].is_valid(black_box(&d.plist), black_box(&d.json))
                    } else {
                        corpus.validators[d.target].is_valid(black_box(&d.json))
                    };
                    black_box(v);
                }
                n += 1000;
            }
            eprintln!("{side}: {:.1} ns", t.elapsed().as_secs_f64() * 1e9 / n as f64);
        }
        return;
    }
    if std::env::var_os("DM_BENCH_PASSES").is_some() {
        // The passes as criterion runs them (each back to back), in turns, the best of each;
        // with the floors.
        let passes: [(&str, Pass); 6] = [
            ("floor", floor),
            ("floor json", floor_json),
            ("ours verdict", ours_verdict),
            ("is_valid", theirs_is_valid),
            ("ours report", ours),
            ("iter_errors", theirs_iter_errors),
        ];
        let rounds: usize = std::env::var("DM_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(6);
        let mut best = [Duration::MAX; 6];
        for _ in 0..rounds {
            for (i, (_, f)) in passes.iter().enumerate() {
                // Back to back, as criterion runs a pass: the first two warm the caches.
                for n in 0..8 {
                    let t = Instant::now();
                    black_box(f(black_box(&corpus)));
                    if n >= 2 {
                        best[i] = best[i].min(t.elapsed());
                    }
                }
            }
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let line: Vec<String> = passes.iter().zip(best).map(|((name, _), b)| format!("{name} {:.2}", ms(b))).collect();
        eprintln!("best of {rounds}: {}; verdict {:.2}x, report {:.2}x", line.join(", "), ms(best[3]) / ms(best[2]), ms(best[5]) / ms(best[4]));
        return;
    }
    if std::env::var_os("DM_BENCH_SIZES").is_some() {
        fn nodes(v: &serde_json::Value) -> usize {
            1 + match v {
                serde_json::Value::Array(a) => a.iter().map(nodes).sum(),
                serde_json::Value::Object(o) => o.values().map(nodes).sum(),
                _ => 0,
            }
        }
        let mut sizes: Vec<usize> = corpus.docs.iter().map(|d| nodes(&d.json)).collect();
        let total: usize = sizes.iter().sum();
        sizes.sort();
        eprintln!("nodes: total {total}, median {}, p90 {}, max {}", sizes[sizes.len() / 2], sizes[sizes.len() * 9 / 10], sizes[sizes.len() - 1]);
        // Hot: each document validated `DM_BENCH_REPS` times (8) in a row (as right after it is parsed).
        let reps: usize = std::env::var("DM_BENCH_REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(8);
        let hot = |f: &dyn Fn(&Doc) -> bool| {
            let t = Instant::now();
            let mut n = 0usize;
            for d in &corpus.docs {
                for _ in 0..reps {
                    n += usize::from(black_box(f(black_box(d))));
                }
            }
            let rate = (corpus.docs.len() * reps) as f64 / t.elapsed().as_secs_f64();
            black_box(n);
            rate
        };
        for _ in 0..2 {
            eprintln!(
                "hot: ours verdict {:.0}/s, ours report {:.0}/s, is_valid {:.0}/s, iter_errors {:.0}/s",
                hot(&|d| corpus.parts[d.target].is_valid(&d.plist, &d.json)),
                hot(&|d| corpus.parts[d.target].validate(&d.plist, &d.json).is_valid()),
                hot(&|d| corpus.validators[d.target].is_valid(&d.json)),
                hot(&|d| corpus.validators[d.target].iter_errors(&d.json).count() == 0),
            );
        }
        return;
    }
    if std::env::var_os("DM_BENCH_PARTS").is_some() {
        // Per document kind: the worst ratios of ours to jsonschema's verdict, in cache.
        let time = |f: &dyn Fn() -> bool| {
            let t = Instant::now();
            for _ in 0..200 {
                black_box(f());
            }
            t.elapsed().as_secs_f64() / 200.0
        };
        // The floor: a walk of the document that reads every key's first bytes and every
        // value's kind, and checks nothing ([`touch_plist`], [`touch_json`]).
        let total: usize = corpus.docs.iter().map(|d| d.bytes.len()).sum();
        let scan: f64 = corpus.docs.iter().map(|d| time(&|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&d.bytes)).is_ok())).sum();
        eprintln!("JSON text: {total} bytes; read by serde_json, nothing kept: {:.0} ns", scan * 1e9);
        let floor_plist: f64 = corpus.docs.iter().map(|d| time(&|| touch_plist(black_box(&d.plist)) > 0)).sum();
        let floor_json: f64 = corpus.docs.iter().map(|d| time(&|| touch_json(black_box(&d.json)) > 0)).sum();
        eprintln!("floor (walk only): plist {:.0} ns, json {:.0} ns", floor_plist * 1e9, floor_json * 1e9);
        let mut rows: Vec<(f64, f64, f64, String)> = corpus
            .docs
            .iter()
            .map(|d| {
                let ours = time(&|| corpus.parts[d.target].is_valid(black_box(&d.plist), black_box(&d.json)));
                let theirs = time(&|| corpus.validators[d.target].is_valid(black_box(&d.json)));
                (ours / theirs, ours * 1e9, theirs * 1e9, format!("{} {:?}", corpus.parts[d.target].name(), d.kind))
            })
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ratio, ours, theirs, name) in rows.iter().take(25) {
            eprintln!("{ratio:6.2}  ours {ours:8.0} ns  theirs {theirs:8.0} ns  {name}");
        }
        rows.sort_by(|a, b| (b.1 - b.2).total_cmp(&(a.1 - a.2)));
        eprintln!("largest differences:");
        for (ratio, ours, theirs, name) in rows.iter().take(15).chain(rows.iter().rev().take(10)) {
            eprintln!("{ratio:6.2}  ours {ours:8.0} ns  theirs {theirs:8.0} ns  {name}");
        }
        let mut by_kind: std::collections::BTreeMap<String, (f64, f64, usize)> = Default::default();
        for (_, ours, theirs, name) in &rows {
            let e = by_kind.entry(name.rsplit(' ').next().unwrap_or("").to_string()).or_default();
            *e = (e.0 + ours, e.1 + theirs, e.2 + 1);
        }
        for (kind, (o, t, n)) in by_kind {
            eprintln!("{kind}: {n} docs, ours {o:.0} ns, theirs {t:.0} ns");
        }
        let (o, t): (f64, f64) = rows.iter().fold((0.0, 0.0), |(o, t), r| (o + r.1, t + r.2));
        eprintln!("sum: ours {o:.0} ns, theirs {t:.0} ns");
        return;
    }
    if std::env::var_os("DM_BENCH_SPLIT").is_some() {
        type Filter = Box<dyn Fn(&Corpus, &Doc) -> bool>;
        let filters: Vec<(&str, Filter)> = vec![
            ("valid", Box::new(|c, d| c.validators[d.target].is_valid(&d.json))),
            ("invalid", Box::new(|c, d| !c.validators[d.target].is_valid(&d.json))),
            ("plist payloads", Box::new(|c, d| !c.parts[d.target].is_json() && c.parts[d.target].part == dm_tests::corpus::Part::Payload)),
            ("json payloads", Box::new(|c, d| c.parts[d.target].is_json())),
            ("responses", Box::new(|c, d| c.parts[d.target].part == dm_tests::corpus::Part::Response)),
        ];
        let kinds = dm_tests::MutationKind::ALL.map(|k| (k, format!("{k:?}")));
        let mut filters = filters;
        for (k, name) in &kinds {
            let k = *k;
            filters.push((name.as_str(), Box::new(move |_, d| d.kind == Some(k))));
        }
        for (label, filter) in filters {
            let docs: Vec<Doc> = corpus
                .docs
                .iter()
                .filter(|d| filter(&corpus, d))
                .map(|d| Doc { target: d.target, kind: d.kind, plist: d.plist.clone(), json: d.json.clone(), bytes: d.bytes.clone() })
                .collect();
            let valid = docs.iter().filter(|d| corpus.validators[d.target].is_valid(&d.json)).count();
            let sub = Corpus {
                parts: corpus.parts.clone(),
                validators: corpus
                    .parts
                    .iter()
                    .map(|p| jsonschema::options().should_validate_formats(true).build(&p.json_schema()).expect("compiles"))
                    .collect(),
                docs,
                valid,
            };
            let b = Duration::from_secs(2);
            eprintln!(
                "{label}: {} docs; ours {:.0}/s, ours verdict {:.0}/s, is_valid {:.0}/s, iter_errors {:.0}/s; from bytes: ours verdict {:.0}/s, is_valid {:.0}/s",
                sub.docs.len(),
                throughput(&sub, b, ours),
                throughput(&sub, b, ours_verdict),
                throughput(&sub, b, theirs_is_valid),
                throughput(&sub, b, theirs_iter_errors),
                throughput(&sub, b, ours_bytes_verdict),
                throughput(&sub, b, theirs_bytes_is_valid),
            );
        }
    }
    if std::env::var_os("DM_BENCH_TEXT").is_some() {
        // Where reading JSON text goes: the best of 30 passes of each.
        let best = |f: &dyn Fn() -> usize| {
            (0..30)
                .map(|_| {
                    let t = Instant::now();
                    black_box(f());
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        let bytes: usize = corpus.docs.iter().map(|d| d.bytes.len()).sum();
        let (mut errors, mut warnings) = (0, 0);
        for d in &corpus.docs {
            let r = corpus.parts[d.target].validate(&d.plist, &d.json);
            errors += r.errors().count();
            warnings += r.warnings().count();
        }
        eprintln!("{bytes} bytes of JSON; our reports hold {errors} errors and {warnings} warnings");
        let skim = best(&|| corpus.docs.iter().filter(|d| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&d.bytes)).is_ok()).count());
        let parse = best(&|| corpus.docs.iter().filter(|d| serde_json::from_slice::<serde_json::Value>(black_box(&d.bytes)).is_ok()).count());
        let report = best(&|| ours_bytes_report(&corpus));
        let tree = best(&|| ours(&corpus));
        let verdict = best(&|| ours_bytes_verdict(&corpus));
        eprintln!("serde_json skimming (IgnoredAny) {skim:?}, parsing to a Value {parse:?}");
        eprintln!("ours from the text: report {report:?}, verdict {verdict:?}; ours report on the parsed values {tree:?}");
        return;
    }
    let budget = Duration::from_secs(3);
    let verdict_rate = throughput(&corpus, budget, ours_verdict);
    let is_valid_rate = throughput(&corpus, budget, theirs_is_valid);
    let ours_rate = throughput(&corpus, budget, ours);
    let iter_errors_rate = throughput(&corpus, budget, theirs_iter_errors);
    eprintln!("verdict:  ours {verdict_rate:>9.0} documents/s, jsonschema is_valid    {is_valid_rate:>9.0}/s: ours is {:.2}x", verdict_rate / is_valid_rate);
    eprintln!("report:   ours {ours_rate:>9.0} documents/s, jsonschema iter_errors {iter_errors_rate:>9.0}/s: ours is {:.2}x", ours_rate / iter_errors_rate);
    let bytes_verdict_rate = throughput(&corpus, budget, ours_bytes_verdict);
    let bytes_is_valid_rate = throughput(&corpus, budget, theirs_bytes_is_valid);
    let bytes_report_rate = throughput(&corpus, budget, ours_bytes_report);
    let bytes_iter_errors_rate = throughput(&corpus, budget, theirs_bytes_iter_errors);
    eprintln!("from the JSON text (theirs: serde_json::from_slice, then the same call):");
    eprintln!(
        "verdict:  ours {bytes_verdict_rate:>9.0} documents/s, jsonschema is_valid    {bytes_is_valid_rate:>9.0}/s: ours is {:.2}x",
        bytes_verdict_rate / bytes_is_valid_rate
    );
    eprintln!(
        "report:   ours {bytes_report_rate:>9.0} documents/s, jsonschema iter_errors {bytes_iter_errors_rate:>9.0}/s: ours is {:.2}x",
        bytes_report_rate / bytes_iter_errors_rate
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("validate corpus");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(20);
    group.bench_function("ours verdict", |b| b.iter(|| ours_verdict(black_box(&corpus))));
    group.bench_function("ours", |b| b.iter(|| ours(black_box(&corpus))));
    group.bench_function("jsonschema is_valid", |b| b.iter(|| theirs_is_valid(black_box(&corpus))));
    group.bench_function("jsonschema iter_errors", |b| b.iter(|| theirs_iter_errors(black_box(&corpus))));
    group.bench_function("ours verdict from bytes", |b| b.iter(|| ours_bytes_verdict(black_box(&corpus))));
    group.bench_function("ours from bytes", |b| b.iter(|| ours_bytes_report(black_box(&corpus))));
    group.bench_function("jsonschema is_valid from bytes", |b| b.iter(|| theirs_bytes_is_valid(black_box(&corpus))));
    group.bench_function("jsonschema iter_errors from bytes", |b| b.iter(|| theirs_bytes_iter_errors(black_box(&corpus))));
    group.finish();
    c.final_summary();
}
