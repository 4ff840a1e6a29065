//! The generator's integration tests, one binary (each file below was a binary of its own).

mod common;
mod drift;
mod drift_releases;
mod examples;
mod fixups;
mod json_schema;
mod layers;
mod lint;
mod malformed;
mod naming;
mod part_crates;
mod real_trees;
mod release_27;
mod render_cache;
mod semver;
mod source;
mod traps;
mod tree_shapes;
mod upgrade;
