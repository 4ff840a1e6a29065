//! `dm`: validate and explore Apple MDM and DDM documents with the knowledge generated from
//! Apple's schemas. The binary (`src/main.rs`) only parses flags; everything it runs is here so
//! tests and benches call it too.

pub mod context;
pub mod explain;
pub mod input;
pub mod render;
pub mod run;
