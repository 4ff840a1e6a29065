//! Checks each schema file against the tree's own `docs/schema.yaml` with the `jsonschema` crate.
//!
//! The root schema refers to its own anchors from inside them (`payloadkeys` → `subkeys:
//! *payloadKeys`), which no JSON Schema validator can take as is: every YAML node reached more
//! than once becomes an entry of `$defs`, and each use of it a `$ref`. Deviations are warnings,
//! never errors: Apple's files do not all satisfy Apple's schema (`asset-content-types`,
//! `devpubs-override`), and that must not stop generation.
//!
//! Beside it, [`lint`] finds the semantic faults the root schema cannot express (values of the
//! wrong type, regexes that do not compile, names given twice), and [`summary`] prints a tree's
//! warnings for a maintainer.

pub mod lint;
pub mod summary;

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use crate::error::{LoadError, LoadErrorKind, Warning};
use crate::load::{NodeId, NodeValue, Scalar, YamlGraph, MAX_DEPTH};

/// The compiled root schema of a tree.
pub struct RootSchema {
    validator: jsonschema::Validator,
    /// The JSON form, with `$defs`, for callers that want to look at it.
    pub json: Json,
}

impl std::fmt::Debug for RootSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RootSchema").finish_non_exhaustive()
    }
}

fn scalar_json(s: &Scalar) -> Json {
    if s.is_null() {
        return Json::Null;
    }
    if let Some(b) = s.as_bool() {
        return Json::Bool(b);
    }
    if let Some(i) = s.as_i64() {
        return Json::from(i);
    }
    if let Some(f) = s.as_f64().and_then(serde_json::Number::from_f64) {
        return Json::Number(f);
    }
    Json::String(s.text.clone())
}

/// How many parents point at each node.
fn in_degrees(g: &YamlGraph) -> Vec<usize> {
    let mut deg = vec![0usize; g.nodes.len()];
    for n in &g.nodes {
        match &n.value {
            NodeValue::Seq(items) => items.iter().for_each(|&i| deg[i] += 1),
            NodeValue::Map(entries) => entries.iter().for_each(|(_, i)| deg[*i] += 1),
            NodeValue::Scalar(_) => {}
        }
    }
    deg
}

/// Root schema graph → JSON with shared nodes as `$defs` + `$ref`.
fn schema_json(g: &YamlGraph) -> Json {
    let deg = in_degrees(g);
    let shared: Vec<NodeId> = (0..g.nodes.len()).filter(|&i| deg[i] > 1 && !matches!(g.node(i).value, NodeValue::Scalar(_))).collect();
    fn conv(g: &YamlGraph, id: NodeId, deg: &[usize], top: bool) -> Json {
        if !top && deg[id] > 1 && !matches!(g.node(id).value, NodeValue::Scalar(_)) {
            return serde_json::json!({ "$ref": format!("#/$defs/n{id}") });
        }
        match &g.node(id).value {
            NodeValue::Scalar(s) => scalar_json(s),
            NodeValue::Seq(items) => Json::Array(items.iter().map(|&i| conv(g, i, deg, false)).collect()),
            NodeValue::Map(entries) => Json::Object(entries.iter().map(|(k, v)| (k.clone(), conv(g, *v, deg, false))).collect()),
        }
    }
    let mut root = conv(g, g.root, &deg, true);
    let defs: Map<String, Json> = shared.iter().map(|&i| (format!("n{i}"), conv(g, i, &deg, true))).collect();
    if let Json::Object(m) = &mut root {
        if !defs.is_empty() {
            m.insert("$defs".into(), Json::Object(defs));
        }
    }
    root
}

/// Most JSON values a data file may expand to for checking. Apple's largest file expands to a
/// few thousand; shared anchors nested inside shared anchors (a "billion laughs" document) would
/// otherwise expand without bound before the model gets to refuse the file.
pub const MAX_CHECK_VALUES: usize = 1_000_000;

/// A data file's graph → JSON, or `None` when it expands to more than [`MAX_CHECK_VALUES`]
/// values or nests deeper than [`MAX_DEPTH`] levels (possible only through aliases). Shared
/// nodes are expanded; a cycle is cut (an empty container): its content was already checked at
/// the first visit.
pub fn data_json(g: &YamlGraph) -> Option<Json> {
    fn conv(g: &YamlGraph, id: NodeId, path: &mut Vec<NodeId>, budget: &mut usize) -> Option<Json> {
        *budget = budget.checked_sub(1)?;
        if path.len() >= MAX_DEPTH {
            return None;
        }
        if path.contains(&id) {
            return Some(match g.node(id).value {
                NodeValue::Seq(_) => Json::Array(Vec::new()),
                _ => Json::Object(Map::new()),
            });
        }
        path.push(id);
        let out = match &g.node(id).value {
            NodeValue::Scalar(s) => scalar_json(s),
            NodeValue::Seq(items) => Json::Array(items.iter().map(|&i| conv(g, i, path, budget)).collect::<Option<_>>()?),
            NodeValue::Map(entries) => Json::Object(entries.iter().map(|(k, v)| Some((k.clone(), conv(g, *v, path, budget)?))).collect::<Option<_>>()?),
        };
        path.pop();
        Some(out)
    }
    let mut budget = MAX_CHECK_VALUES;
    conv(g, g.root, &mut Vec::new(), &mut budget)
}

/// A JSON pointer into a schema file, written the way the loader writes key paths:
/// `/payloadkeys/3/subkeys/0/type` → `payloadkeys.Reference.Item.type`.
fn readable_path(doc: &Json, pointer: &str) -> String {
    let mut cur = doc;
    let mut out: Vec<String> = Vec::new();
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match cur {
            Json::Array(items) => {
                let idx: usize = seg.parse().unwrap_or(usize::MAX);
                match items.get(idx) {
                    Some(item) => {
                        match item.get("key").and_then(Json::as_str) {
                            Some(k) => out.push(k.to_string()),
                            None => {
                                if let Some(last) = out.last_mut() {
                                    last.push_str(&format!("[{idx}]"));
                                } else {
                                    out.push(format!("[{idx}]"));
                                }
                            }
                        }
                        cur = item;
                    }
                    None => break,
                }
            }
            Json::Object(m) => {
                if seg != "subkeys" {
                    out.push(seg.clone());
                }
                match m.get(&seg) {
                    Some(v) => cur = v,
                    None => break,
                }
            }
            _ => break,
        }
    }
    out.join(".")
}

impl RootSchema {
    /// Compiles the root schema of a tree.
    pub fn from_graph(g: &YamlGraph) -> Result<RootSchema, LoadError> {
        let json = schema_json(g);
        let validator = jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&json).map_err(|e| LoadError {
            file: crate::load::ROOT_SCHEMA_PATH.to_string(),
            path: e.schema_path().to_string(),
            line: 0,
            kind: LoadErrorKind::Syntax { message: format!("root schema does not compile: {e}") },
        })?;
        Ok(RootSchema { validator, json })
    }

    /// Every deviation of one file from the root schema, as warnings.
    pub fn check(&self, file: &str, g: &YamlGraph) -> Vec<Warning> {
        let Some(doc) = data_json(g) else {
            let message = format!("not checked against the root schema: more than {MAX_CHECK_VALUES} values or {MAX_DEPTH} levels once aliases are expanded");
            return vec![Warning { file: file.to_string(), path: String::new(), message, kind: NOT_CHECKED.to_string() }];
        };
        let mut seen = BTreeMap::new();
        for e in self.validator.iter_errors(&doc) {
            let pointer = e.instance_path().to_string();
            let path = readable_path(&doc, &pointer);
            seen.entry((path, e.to_string())).or_insert_with(|| deviation_kind(e.kind()));
        }
        seen.into_iter().map(|((path, message), kind)| Warning { file: file.to_string(), path, message, kind }).collect()
    }
}

/// The kind of a file that was too large to check once its aliases are expanded.
pub const NOT_CHECKED: &str = "not-checked";

/// The summary name of a root-schema deviation: the attributes the root schema does not allow,
/// else the keyword the file fails (`type`, `enum`, `required` …).
fn deviation_kind(kind: &jsonschema::error::ValidationErrorKind) -> String {
    match kind {
        jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } if !unexpected.is_empty() => unexpected.join(", "),
        other => other.keyword().to_string(),
    }
}
