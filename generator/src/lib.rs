//! The generator behind `apple-device-management`: Apple's device-management YAML schemas in,
//! a Rust crate out. The pipeline, one folder per stage:
//!
//! - [`load`]: YAML files → node graphs (aliases kept as shared nodes, cycles and all)
//! - [`check`]: each file against the tree's own `docs/schema.yaml` (warnings, never fatal),
//!   and the schema lint (semantic faults: errors, or warnings where Apple's data has them)
//! - [`model`]: graphs → the schema format, with `supportedOS` inheritance resolved once
//! - [`fixups`]: tree-wide changes to the model (the common payload keys on every payload)
//! - [`ir`] → [`emit`]: every Rust decision, then the printed files; [`codegen`] runs it all
//!   (with the [`render_cache`], in [`parallel`]) and checks freshness
//! - [`layers`]: releases merged, the newest over older ones, so nothing a fleet runs is lost
//! - [`examples`]: the examples a tree ships, and the check that each decodes and validates
//! - [`source`]: the pinned upstream release, its digest, and where a tree is found
//! - [`scratch`]: crates built from the output for any tree, to compile or run
//! - [`upgrade`]: the crate moved to a new release in one step (drift, regenerate, pin)

pub mod check;
pub mod error;
pub mod fixups;
pub mod load;
pub mod model;
pub mod source;

pub use error::{LoadError, LoadErrorKind, LoadErrors, Warning};
pub use load::{load_tree, load_tree_unfixed, SchemaTree};
pub mod codegen;
pub mod drift;
pub mod emit;
pub mod examples;
pub mod ir;
pub mod layers;
pub mod naming;
pub mod parallel;
pub mod render_cache;
pub mod scratch;
pub mod upgrade;
