//! `cargo xtask` end to end: the binary run as a maintainer runs it, on a scratch workspace
//! (`--workspace DIR`), with Apple's shared trees.

mod upgrade;
