//! Time to load and check a whole schema tree (`DM_SCHEMAS`, default ../shared/device-management/release-18.1).

use criterion::{criterion_group, criterion_main, Criterion};

fn tree_dir() -> std::path::PathBuf {
    generator::source::env_dir(generator::source::SCHEMAS_ENV, std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management/release-18.1").into())
}

fn load(c: &mut Criterion) {
    let dir = tree_dir();
    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("load_and_check_tree", |b| b.iter(|| generator::load_tree(&dir).map(|t| t.files.len()).unwrap_or(0)));
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
