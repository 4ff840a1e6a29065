//! YAML text → a node graph that keeps anchors and aliases as shared node ids.
//!
//! `serde_yaml` expands aliases eagerly and gives up with "recursion limit exceeded" on Apple's
//! recursive anchors (`com.apple.homescreenlayout.yaml`, `docs/schema.yaml`). Here an alias is just
//! another edge to the node that carries the anchor, so a recursive schema becomes a cycle in the
//! graph, which later stages detect and represent instead of expanding.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::LoadErrorKind;

/// Index of a node in a [`YamlGraph`].
pub type NodeId = usize;

/// Upper bound on nodes per document: Apple's largest file has a few thousand; a billion-laughs
/// style document is refused long before it exhausts memory.
pub const MAX_NODES: usize = 1_000_000;

/// Upper bound on nesting depth while parsing (Apple's deepest file nests about 20 levels).
pub const MAX_DEPTH: usize = 256;

/// One YAML node with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub line: usize,
}

/// The value of a node; children are ids into the same graph.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Scalar(Scalar),
    Seq(Vec<NodeId>),
    Map(Vec<(String, NodeId)>),
}

/// A scalar keeps its source text; `quoted` tells a string `'10'` from the number `10`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub quoted: bool,
}

impl Scalar {
    /// YAML 1.2 core-schema null (`~`, `null`, empty plain scalar).
    pub fn is_null(&self) -> bool {
        !self.quoted && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }
    pub fn as_bool(&self) -> Option<bool> {
        if self.quoted {
            return None;
        }
        match self.text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        if self.quoted {
            return None;
        }
        self.text.parse().ok()
    }
    pub fn as_f64(&self) -> Option<f64> {
        if self.quoted {
            return None;
        }
        let t = self.text.as_str();
        if t.chars().any(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    }
}

/// A whole document: an arena of nodes and its root.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlGraph {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

impl YamlGraph {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
    /// Looks a key up in a mapping node; `None` for other node kinds.
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        match &self.nodes[map].value {
            NodeValue::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v),
            _ => None,
        }
    }
    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.nodes[id].value {
            NodeValue::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn kind_name(&self, id: NodeId) -> &'static str {
        match &self.nodes[id].value {
            NodeValue::Scalar(s) if s.is_null() => "null",
            NodeValue::Scalar(_) => "scalar",
            NodeValue::Seq(_) => "sequence",
            NodeValue::Map(_) => "mapping",
        }
    }
}

/// A parse failure with the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseFailure {
    pub kind: LoadErrorKind,
    pub line: usize,
}

enum Frame {
    Seq(NodeId, Vec<NodeId>),
    Map(NodeId, Vec<(String, NodeId)>, Option<String>),
}

struct Builder {
    nodes: Vec<Node>,
    /// anchor id (from the parser) → node id
    anchors: Vec<Option<NodeId>>,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    documents: usize,
    error: Option<ParseFailure>,
}

impl Builder {
    fn fail(&mut self, kind: LoadErrorKind, line: usize) {
        if self.error.is_none() {
            self.error = Some(ParseFailure { kind, line });
        }
    }

    fn alloc(&mut self, value: NodeValue, line: usize, anchor: usize) -> Option<NodeId> {
        if self.nodes.len() >= MAX_NODES {
            self.fail(LoadErrorKind::TooLarge { limit: MAX_NODES, what: "YAML nodes" }, line);
            return None;
        }
        let id = self.nodes.len();
        self.nodes.push(Node { value, line });
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(id);
        }
        Some(id)
    }

    /// Attaches a finished (or aliased) node to its parent.
    fn attach(&mut self, id: NodeId, line: usize) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(id);
                }
            }
            Some(Frame::Seq(_, items)) => items.push(id),
            Some(Frame::Map(_, entries, pending)) => match pending.take() {
                Some(key) => entries.push((key, id)),
                None => match &self.nodes[id].value {
                    NodeValue::Scalar(s) => *pending = Some(s.text.clone()),
                    _ => self.fail(LoadErrorKind::ComplexMappingKey, line),
                },
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let line = mark.line();
        match ev {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(LoadErrorKind::MultipleDocuments, line);
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                // A mapping key never needs a node of its own.
                if let Some(Frame::Map(_, _, pending @ None)) = self.stack.last_mut() {
                    *pending = Some(text);
                    return;
                }
                if let Some(id) = self.alloc(NodeValue::Scalar(Scalar { text, quoted }), line, anchor) {
                    self.attach(id, line);
                }
            }
            Event::Alias(anchor) => match self.anchors.get(anchor).copied().flatten() {
                Some(id) => self.attach(id, line),
                None => self.fail(LoadErrorKind::UnknownAnchor, line),
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(LoadErrorKind::TooDeep { limit: MAX_DEPTH }, line);
                    return;
                }
                let is_seq = matches!(ev, Event::SequenceStart(..));
                let placeholder = if is_seq { NodeValue::Seq(Vec::new()) } else { NodeValue::Map(Vec::new()) };
                if let Some(id) = self.alloc(placeholder, line, anchor) {
                    self.stack.push(if is_seq { Frame::Seq(id, Vec::new()) } else { Frame::Map(id, Vec::new(), None) });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else { return };
                let id = match frame {
                    Frame::Seq(id, items) => {
                        self.nodes[id].value = NodeValue::Seq(items);
                        id
                    }
                    Frame::Map(id, entries, _) => {
                        self.nodes[id].value = NodeValue::Map(entries);
                        id
                    }
                };
                let start = self.nodes[id].line;
                self.attach(id, start);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
}

/// Parses one YAML document into a graph. Aliases become shared edges; an alias inside the node
/// that carries its anchor becomes a cycle.
pub fn parse(text: &str) -> Result<YamlGraph, ParseFailure> {
    let mut builder = Builder { nodes: Vec::new(), anchors: Vec::new(), stack: Vec::new(), root: None, documents: 0, error: None };
    let mut parser = Parser::new_from_str(text);
    // Events are pulled one by one rather than through `Parser::load`, which recurses once per
    // nesting level (1,000 nested block mappings overflow the stack), and so that the first
    // error stops the parse instead of letting it run on to the end.
    loop {
        let (ev, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let message = e.info().to_string();
                let kind = if message.contains("unknown anchor") {
                    LoadErrorKind::UnknownAnchor
                } else if message.contains("recursion limit exceeded") {
                    // The scanner's own limit on nested flow collections (`[[[…` / `{{{…`), which it
                    // reaches before the builder sees that many levels.
                    LoadErrorKind::TooDeep { limit: MAX_DEPTH }
                } else {
                    LoadErrorKind::Syntax { message }
                };
                return Err(ParseFailure { kind, line: e.marker().line() });
            }
        };
        if ev == Event::StreamEnd {
            break;
        }
        builder.on_event(ev, mark);
        if builder.error.is_some() {
            break;
        }
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    match builder.root {
        Some(root) => Ok(YamlGraph { nodes: builder.nodes, root }),
        None => Err(ParseFailure { kind: LoadErrorKind::Empty, line: 1 }),
    }
}
