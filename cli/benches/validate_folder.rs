//! `dm validate` on a folder of 1,000 profiles (XML and binary, valid and invalid): the whole
//! job the binary does — walk, read, detect, parse, validate — minus printing.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use dm_cli::policy::Policy;
use dm_cli::run::{validate_file, Options};

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dm-bench-profiles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sources = ["valid/profile.mobileconfig", "valid/profile-binary.mobileconfig", "invalid/profile.mobileconfig", "valid/profile-signed.mobileconfig"];
    let bytes: Vec<Vec<u8>> = sources.iter().map(|s| std::fs::read(fixtures.join(s)).expect("fixture")).collect();
    for i in 0..1000 {
        std::fs::write(dir.join(format!("profile-{i:04}.mobileconfig")), &bytes[i % bytes.len()]).expect("write");
    }
    dir
}

fn validate_folder(c: &mut Criterion) {
    let dir = folder();
    let options = Options::default();
    let policy = Policy::default();
    let mut g = c.benchmark_group("dm_validate");
    g.sample_size(10);
    g.bench_function("folder_of_1000_profiles", |b| {
        b.iter(|| {
            let files = dm_cli::input::collect(std::slice::from_ref(&dir));
            files.iter().map(|f| validate_file(f, &options, &policy).findings.len()).sum::<usize>()
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, validate_folder);
criterion_main!(benches);
