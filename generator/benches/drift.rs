//! Time to compare two full schema releases (`DM_SCHEMAS_ROOT`, default ../shared/device-management):
//! the drift engine alone on loaded trees (both IRs built, every schema paired and walked, the API
//! diffed), and end to end from the folders (loading and checking both trees included).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use generator::drift;

fn release(name: &str) -> PathBuf {
    let root = generator::source::env_dir(generator::source::SCHEMAS_ROOT_ENV, std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/device-management").into());
    root.join(name)
}

fn bench(c: &mut Criterion) {
    let load = |name: &str| generator::load_tree(&release(name)).ok();
    let (Some(r170), Some(r180), Some(r181)) = (load("release-17.0"), load("release-18.0"), load("release-18.1")) else {
        eprintln!("drift bench skipped: release-17.0/18.0/18.1 not found under DM_SCHEMAS_ROOT or ../shared/device-management");
        return;
    };
    let mut g = c.benchmark_group("drift");
    g.sample_size(20);
    g.bench_function("diff_17.0_to_18.0", |b| b.iter(|| drift::diff_trees(&r170, &r180).changes.len()));
    g.bench_function("diff_18.0_to_18.1", |b| b.iter(|| drift::diff_trees(&r180, &r181).changes.len()));
    g.bench_function("render_markdown_17.0_to_18.0", |b| {
        let report = drift::diff_trees(&r170, &r180);
        b.iter(|| drift::to_markdown(&report).len())
    });
    g.sample_size(10);
    g.bench_function("load_and_diff_17.0_to_18.0", |b| {
        b.iter(|| drift::diff_dirs(&release("release-17.0"), &release("release-18.0")).map(|r| r.changes.len()).unwrap_or(0))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
