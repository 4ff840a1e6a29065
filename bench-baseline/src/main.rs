//! `jsonschema` from JSON text, with `serde_json`'s default features: reads the corpus the
//! validation benchmark writes (`DM_BENCH_DUMP=FILE cargo bench -p dm-tests --bench validate`:
//! every schema part's exported JSON Schema, then every document's text with its part) and
//! prints the best of 20 passes of `serde_json::from_slice` alone, then followed by `is_valid`
//! and by `iter_errors`, with the count of valid documents (the benchmark prints ours).
//!
//! `cargo run --release --manifest-path bench-baseline/Cargo.toml -- FILE`

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Reads the dump: little-endian `u32` counts and lengths before each text.
struct Dump<'a> {
    raw: &'a [u8],
    at: usize,
}

impl<'a> Dump<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let bytes = self.raw.get(self.at..self.at + n).ok_or_else(|| format!("the dump ends early, at byte {}", self.at))?;
        self.at += n;
        Ok(bytes)
    }

    fn number(&mut self) -> Result<usize, String> {
        let mut four = [0u8; 4];
        four.copy_from_slice(self.bytes(4)?);
        Ok(u32::from_le_bytes(four) as usize)
    }

    fn text(&mut self) -> Result<&'a [u8], String> {
        let n = self.number()?;
        self.bytes(n)
    }
}

type Corpus<'a> = (Vec<jsonschema::Validator>, Vec<(usize, &'a [u8])>);

fn read(raw: &[u8]) -> Result<Corpus<'_>, String> {
    let mut dump = Dump { raw, at: 0 };
    let parts = dump.number()?;
    let mut validators = Vec::with_capacity(parts);
    for i in 0..parts {
        let schema: serde_json::Value = serde_json::from_slice(dump.text()?).map_err(|e| format!("schema {i}: {e}"))?;
        validators.push(jsonschema::options().should_validate_formats(true).build(&schema).map_err(|e| format!("schema {i}: {e}"))?);
    }
    let mut docs = Vec::new();
    while dump.at < raw.len() {
        let part = dump.number()?;
        if part >= parts {
            return Err(format!("document {} names schema {part} of {parts}", docs.len()));
        }
        docs.push((part, dump.text()?));
    }
    Ok((validators, docs))
}

fn best(pass: &dyn Fn() -> usize) -> Duration {
    (0..20)
        .map(|_| {
            let t = Instant::now();
            black_box(pass());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dm-bench-baseline FILE (written by DM_BENCH_DUMP=FILE cargo bench -p dm-tests --bench validate)");
        std::process::exit(2);
    };
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let (validators, docs) = match read(&raw) {
        Ok(corpus) => corpus,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let parse = |d: &[u8]| serde_json::from_slice::<serde_json::Value>(d).ok();
    let valid = docs.iter().filter(|(p, d)| parse(d).is_some_and(|v| validators[*p].is_valid(&v))).count();
    println!("{} documents ({valid} valid), serde_json with its default features:", docs.len());
    let parsed = best(&|| docs.iter().filter(|(_, d)| parse(d).is_some()).count());
    let is_valid = best(&|| docs.iter().filter(|(p, d)| parse(d).is_some_and(|v| validators[*p].is_valid(&v))).count());
    let iter_errors = best(&|| docs.iter().filter(|(p, d)| parse(d).is_some_and(|v| validators[*p].iter_errors(&v).count() == 0)).count());
    let rate = |t: Duration| docs.len() as f64 / t.as_secs_f64();
    println!("parse only:            {parsed:>10.2?}");
    println!("parse and is_valid:    {is_valid:>10.2?} ({:.0} documents/s)", rate(is_valid));
    println!("parse and iter_errors: {iter_errors:>10.2?} ({:.0} documents/s)", rate(iter_errors));
}
