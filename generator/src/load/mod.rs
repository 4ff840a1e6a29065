//! Reads a schema tree from disk: every `*.yaml` file becomes a YAML graph and then a
//! [`SchemaFile`](crate::model::SchemaFile). All errors of all files are collected in one run.

mod tree;
mod yaml;

pub use tree::{load_file_text, load_tree, load_tree_unfixed, SchemaTree, ROOT_SCHEMA_PATH};
pub use yaml::{parse, Node, NodeId, NodeValue, ParseFailure, Scalar, YamlGraph, MAX_DEPTH, MAX_NODES};
