//! Prints a summary of a loaded tree: counts per category, errors, warnings.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/device-management/release-18.1".into());
    let t0 = std::time::Instant::now();
    match generator::load_tree(std::path::Path::new(&dir)) {
        Ok(tree) => {
            for c in generator::model::Category::ALL {
                println!("{c}: {}", tree.by_category(c).count());
            }
            for w in &tree.warnings {
                println!("{w}");
            }
            println!("loaded in {:?}", t0.elapsed());
        }
        Err(e) => println!("{e}"),
    }
}
