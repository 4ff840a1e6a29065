//! Checking a fully populated profile payload (`com.apple.applicationaccess`, every key set)
//! against a device: typed (serialization to a plist included) and raw. The target is well
//! under a microsecond per set key; the per-key figure is printed before the runs.

use std::time::Instant;

use apple_device_management::profiles::com_apple_applicationaccess::{Applicationaccess, SCHEMA};
use apple_device_management::runtime::availability::{check, check_value, DeviceContext, KeyNode, KeyType, Platform, Scalar};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plist::{Dictionary, Value};

/// A value for every key of the table (arrays get two items); returns how many keys it set.
fn populate(keys: &'static [KeyNode], depth: usize) -> (Dictionary, u64) {
    let mut dict = Dictionary::new();
    let mut count = 0;
    for k in keys {
        let name = if k.any { "free".to_string() } else { k.name.to_string() };
        let (v, n) = value(k, depth);
        dict.insert(name, v);
        count += 1 + n;
    }
    (dict, count)
}

fn value(k: &'static KeyNode, depth: usize) -> (Value, u64) {
    if let Some(first) = k.rangelist.first() {
        return (
            match *first {
                Scalar::Str(s) => Value::String(s.into()),
                Scalar::Int(i) => Value::Integer(i.into()),
                Scalar::Real(r) => Value::Real(r),
                Scalar::Bool(b) => Value::Boolean(b),
            },
            0,
        );
    }
    match k.ty {
        KeyType::String | KeyType::Any => (Value::String("value".into()), 0),
        KeyType::Integer => (Value::Integer(1.into()), 0),
        KeyType::Real => (Value::Real(1.0), 0),
        KeyType::Boolean => (Value::Boolean(true), 0),
        KeyType::Date => (Value::Date(std::time::SystemTime::UNIX_EPOCH.into()), 0),
        KeyType::Data => (Value::Data(vec![0; 8]), 0),
        KeyType::Dictionary if depth < 4 => {
            let (d, n) = populate(k.children(), depth + 1);
            (Value::Dictionary(d), n)
        }
        KeyType::Dictionary => (Value::Dictionary(Dictionary::new()), 0),
        KeyType::Array => match k.children().first() {
            Some(item) if depth < 4 => {
                let (a, n) = value(item, depth + 1);
                let (b, m) = value(item, depth + 1);
                (Value::Array(vec![a, b]), 2 + n + m)
            }
            _ => (Value::Array(Vec::new()), 0),
        },
    }
}

fn availability(c: &mut Criterion) {
    let (dict, set_keys) = populate(SCHEMA.keys, 0);
    let raw = Value::Dictionary(dict);
    let typed: Applicationaccess = plist::from_value(&raw).expect("the populated payload decodes");
    let contexts = [
        ("ios_18_supervised", DeviceContext::new(Platform::IOS, "18.1".parse().expect("version")).supervised(true)),
        ("macos_14_unsupervised", DeviceContext::new(Platform::MacOS, "14.6".parse().expect("version"))),
    ];
    let mut g = c.benchmark_group("availability_applicationaccess");
    g.throughput(Throughput::Elements(set_keys));
    for (name, ctx) in &contexts {
        let report = check(&typed, ctx);
        assert_eq!(report, check_value(&SCHEMA, &raw, ctx));

        // A quick figure for the log, independent of criterion's output format.
        let rounds = 2000;
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(check(std::hint::black_box(&typed), ctx));
        }
        let typed_ns = start.elapsed().as_nanos() as f64 / rounds as f64;
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(check_value(&SCHEMA, std::hint::black_box(&raw), ctx));
        }
        let raw_ns = start.elapsed().as_nanos() as f64 / rounds as f64;
        eprintln!(
            "com.apple.applicationaccess, {name}: {set_keys} set keys, {} findings; typed check {typed_ns:.0} ns ({:.1} ns/key), raw check {raw_ns:.0} ns ({:.1} ns/key)",
            report.findings.len(),
            typed_ns / set_keys as f64,
            raw_ns / set_keys as f64
        );

        g.bench_function(format!("{name}/check_typed"), |b| b.iter(|| check(std::hint::black_box(&typed), ctx)));
        g.bench_function(format!("{name}/check_value_raw"), |b| b.iter(|| check_value(&SCHEMA, std::hint::black_box(&raw), ctx)));
    }
    g.finish();
}

criterion_group!(benches, availability);
criterion_main!(benches);
