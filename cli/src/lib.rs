//! `dm`: validate and explore Apple MDM and DDM documents with the knowledge generated from
//! Apple's schemas. The binary (`src/main.rs`) only parses flags; everything it runs is here so
//! tests and benches call it too.

pub mod allow_key;
pub mod closest;
pub mod config;
pub mod context;
pub mod explain;
pub mod input;
pub mod keypath;
pub mod levels;
pub mod locate;
pub mod out;
pub mod policy;
pub mod render;
pub mod rules;
pub mod run;
#[cfg(feature = "serve")]
pub mod serve;
pub mod signing;
