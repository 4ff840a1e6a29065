//! Line and column of a finding in the text it came from: the document's text is read once
//! into a tree of positions (`xml.rs` for XML plists, `json.rs` for JSON), and a finding's key
//! path is followed through it (`crate::keypath`).
//!
//! What a path points at: a dictionary entry's key (the `<key>` element, the `"name"` in JSON),
//! an array item's start, the document's root for `""`; for a key that is not there (a missing
//! required key), the start of the dictionary that should hold it. Binary plists and signed
//! profiles have no lines: no position.

mod cursor;
mod json;
mod xml;

use crate::keypath::{self, Tree};

/// A place in a text: 1-based line and column (in characters; a tab is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One value of the document, with where it starts and where a finding about it points.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where a finding about this value points: its key for a dictionary entry, else its start.
    pub anchor: Position,
    /// Where the value itself starts (`<dict>`, `{`, `[` …).
    pub start: Position,
    pub kind: Kind,
}

/// What a [`Node`] holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A dictionary's entries in document order, each with its key's names (decoded: entities,
    /// escapes, CDATA; see `xml.rs` for a key with two names).
    Dict(Vec<(Vec<String>, Node)>),
    Array(Vec<Node>),
    /// Anything else.
    Leaf,
}

impl Tree for Node {
    fn keys(&self) -> Vec<(&str, &Self)> {
        match &self.kind {
            Kind::Dict(entries) => entries.iter().flat_map(|(names, v)| names.iter().map(move |k| (k.as_str(), v))).collect(),
            _ => Vec::new(),
        }
    }
    fn item(&self, index: usize) -> Option<&Self> {
        match &self.kind {
            Kind::Array(items) => items.get(index),
            _ => None,
        }
    }
}

/// The positions of a document's text: an XML plist (`<?xml`, `<!DOCTYPE`, `<plist`) or JSON.
/// `None` for other text, or text this reader cannot follow.
pub fn read(text: &str) -> Option<Node> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = body.trim_start().chars().next()?;
    match first {
        '<' => xml::read(body),
        '{' | '[' => json::read(body),
        _ => None,
    }
}

/// Where `path` points in the document `root` (see the module docs).
pub fn position(root: &Node, path: &str) -> Position {
    let resolved = keypath::resolve(root, path);
    if resolved.complete {
        resolved.last().anchor
    } else {
        resolved.last().start
    }
}

/// Where `path` points in `text`, when the text can be read.
pub fn locate(text: &str, path: &str) -> Option<Position> {
    read(text).map(|root| position(&root, path))
}
