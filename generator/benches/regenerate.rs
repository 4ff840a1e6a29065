//! Time of a full regenerate (load, check, model, IR, emit and print every file) of a tree
//! (`DM_SCHEMAS`, default ../shared/device-management/release-18.1). Writing is left out: it
//! only touches files that changed.

use criterion::{criterion_group, criterion_main, Criterion};

fn tree_dir() -> std::path::PathBuf {
    generator::source::env_dir(generator::source::SCHEMAS_ENV, std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management/release-18.1").into())
}

fn regenerate(c: &mut Criterion) {
    let dir = tree_dir();
    let mut g = c.benchmark_group("regenerate");
    g.sample_size(10);
    g.bench_function("generate_all_files", |b| b.iter(|| generator::codegen::generate(&dir, "bench").map(|f| f.len()).unwrap_or(0)));
    g.finish();
}

criterion_group!(benches, regenerate);
criterion_main!(benches);
