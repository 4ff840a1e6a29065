//! Key paths as findings write them (`PayloadContent[2].Updates[0].InstallAction`, `""` for the
//! document) followed through a document tree: the node each step reaches.
//!
//! Key names may hold dots (`com.apple.foo`) or brackets, so a path is not split up front: at
//! each dictionary the longest key that fits the rest of the path (followed by its end, `.` or
//! `[`) is taken, as the runtime's own lookup does.

/// A tree a key path can be followed through: a parsed plist or JSON document, or the positions
/// of one (`crate::locate`).
pub trait Tree: Sized {
    /// The keys of a dictionary (none for anything else), in document order; a key named twice
    /// is listed twice.
    fn keys(&self) -> Vec<(&str, &Self)>;
    /// The item at `index` of an array.
    fn item(&self, index: usize) -> Option<&Self>;
}

/// One node reached, and where in the path its step ends.
#[derive(Debug)]
pub struct Step<'a, T> {
    pub node: &'a T,
    /// Byte offset in the path just after this step (0 for the root).
    pub end: usize,
}

/// Every node a path reaches, from the root; `complete` when the last one is the node the whole
/// path names.
#[derive(Debug)]
pub struct Resolved<'a, T> {
    pub steps: Vec<Step<'a, T>>,
    pub complete: bool,
}

impl<'a, T> Resolved<'a, T> {
    /// The deepest node reached.
    pub fn last(&self) -> &'a T {
        // `steps` always holds the root.
        self.steps[self.steps.len() - 1].node
    }
}

/// Whether `key` names the start of `rest`: all of it, or up to a `.` or `[`.
fn fits(rest: &str, key: &str) -> bool {
    rest.strip_prefix(key).is_some_and(|after| after.is_empty() || after.starts_with('.') || after.starts_with('['))
}

/// The longest key of `node` that fits `rest` (the last one of that name when named twice).
fn entry<'a, T: Tree>(node: &'a T, rest: &str) -> Option<(usize, &'a T)> {
    let mut best: Option<(usize, &'a T)> = None;
    for (key, child) in node.keys() {
        if fits(rest, key) && best.is_none_or(|(len, _)| key.len() >= len) {
            best = Some((key.len(), child));
        }
    }
    best
}

/// Follows `path` from `root` as far as the tree goes.
pub fn resolve<'a, T: Tree>(root: &'a T, path: &str) -> Resolved<'a, T> {
    let mut steps = vec![Step { node: root, end: 0 }];
    let mut pos = 0;
    while pos < path.len() {
        let node = steps[steps.len() - 1].node;
        let rest = &path[pos..];
        let next = if let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            let Ok(index) = inner[..close].parse::<usize>() else { break };
            node.item(index).map(|child| (close + 2, child))
        } else {
            let skip = usize::from(pos > 0 && rest.starts_with('.'));
            entry(node, &rest[skip..]).map(|(len, child)| (skip + len, child))
        };
        let Some((len, child)) = next else { break };
        pos += len;
        steps.push(Step { node: child, end: pos });
    }
    Resolved { complete: pos >= path.len(), steps }
}

/// The last key name of a path (`Updates[0].Priorty` → `Priorty`), as resolved against `root`.
pub fn last_key<T: Tree>(root: &T, path: &str) -> Option<String> {
    let resolved = resolve(root, path);
    let steps = &resolved.steps;
    if resolved.complete && steps.len() >= 2 {
        let start = steps[steps.len() - 2].end;
        let key = path[start..].trim_start_matches('.');
        if !key.starts_with('[') {
            return Some(key.to_string());
        }
    }
    // Not in the document (a required key that is missing): the text after the last dot.
    let tail = path.rsplit('.').next().unwrap_or(path);
    (!tail.is_empty() && !tail.ends_with(']')).then(|| tail.to_string())
}

impl Tree for plist::Value {
    fn keys(&self) -> Vec<(&str, &Self)> {
        match self {
            plist::Value::Dictionary(d) => d.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        }
    }
    fn item(&self, index: usize) -> Option<&Self> {
        self.as_array().and_then(|a| a.get(index))
    }
}

impl Tree for serde_json::Value {
    fn keys(&self) -> Vec<(&str, &Self)> {
        match self {
            serde_json::Value::Object(o) => o.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        }
    }
    fn item(&self, index: usize) -> Option<&Self> {
        self.as_array().and_then(|a| a.get(index))
    }
}
