//! Prints one line per schema: `<category>\t<source file>\t<rust type path>`.

fn main() {
    for s in apple_device_management::schemas() {
        println!("{}\t{}\t{}", s.category, s.source, s.rust_type);
    }
}
