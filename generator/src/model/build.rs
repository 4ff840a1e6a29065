//! YAML graph → [`SchemaFile`]. Collects every error of a file instead of stopping at the first,
//! and resolves `supportedOS` inheritance while it walks the keys.

use std::collections::BTreeMap;

use super::*;
use crate::error::{LoadError, LoadErrorKind};
use crate::load::{NodeValue, Scalar, YamlGraph};

/// Key attributes the format defines; anything else on a key lands in [`Key::extra`].
const KEY_ATTRIBUTES: &[&str] = &[
    "key",
    "title",
    "supportedOS",
    "type",
    "subtype",
    "valuetype",
    "assettypes",
    "asset-content-types",
    "presence",
    "rangelist",
    "range",
    "default",
    "format",
    "repetition",
    "combinetype",
    "content",
    "subkeytype",
    "subkeys",
];

/// Most keys one file may expand to. Apple's largest file has about 1,200; shared anchors nested
/// inside shared anchors (a "billion laughs" document) would otherwise expand without bound.
pub const MAX_KEYS: usize = 200_000;

/// Most levels of nested key lists. Without aliases the parser's depth limit allows 127; a chain
/// of anchors, each aliasing the previous one from deep inside, would otherwise nest (and
/// recurse) far deeper, overflowing the stack.
pub const MAX_KEY_DEPTH: usize = 128;

struct Builder<'a> {
    file: &'a str,
    g: &'a YamlGraph,
    errors: Vec<LoadError>,
    keys_built: usize,
    too_deep: bool,
}

impl<'a> Builder<'a> {
    fn err(&mut self, path: &str, node: NodeId, kind: LoadErrorKind) {
        self.errors.push(LoadError { file: self.file.to_string(), path: path.to_string(), line: self.g.node(node).line, kind });
    }

    fn expect_map(&mut self, path: &str, node: NodeId) -> Option<&'a [(String, NodeId)]> {
        let g = self.g;
        match &g.node(node).value {
            NodeValue::Map(entries) => Some(entries),
            _ => {
                self.err(path, node, LoadErrorKind::WrongShape { expected: "a mapping", found: g.kind_name(node) });
                None
            }
        }
    }

    fn expect_seq(&mut self, path: &str, node: NodeId) -> Option<&'a [NodeId]> {
        let g = self.g;
        match &g.node(node).value {
            NodeValue::Seq(items) => Some(items),
            _ => {
                self.err(path, node, LoadErrorKind::WrongShape { expected: "a sequence", found: g.kind_name(node) });
                None
            }
        }
    }

    fn expect_scalar(&mut self, path: &str, node: NodeId) -> Option<&'a Scalar> {
        let g = self.g;
        match &g.node(node).value {
            NodeValue::Scalar(s) => Some(s),
            _ => {
                self.err(path, node, LoadErrorKind::WrongShape { expected: "a scalar", found: g.kind_name(node) });
                None
            }
        }
    }

    fn string(&mut self, path: &str, node: NodeId) -> Option<String> {
        self.expect_scalar(path, node).map(|s| s.text.clone())
    }

    fn bool(&mut self, path: &str, node: NodeId) -> Option<bool> {
        let s = self.expect_scalar(path, node)?;
        match s.as_bool() {
            Some(b) => Some(b),
            None => {
                let value = s.text.clone();
                self.err(path, node, LoadErrorKind::BadValue { field: last(path), expected: "true or false", value });
                None
            }
        }
    }

    fn number(&mut self, path: &str, node: NodeId) -> Option<f64> {
        let s = self.expect_scalar(path, node)?;
        match s.as_f64() {
            Some(n) => Some(n),
            None => {
                let value = s.text.clone();
                self.err(path, node, LoadErrorKind::BadValue { field: last(path), expected: "a number", value });
                None
            }
        }
    }

    fn strings(&mut self, path: &str, node: NodeId) -> Vec<String> {
        let Some(items) = self.expect_seq(path, node) else { return Vec::new() };
        let items = items.to_vec();
        items.iter().enumerate().filter_map(|(i, &n)| self.string(&format!("{path}[{i}]"), n)).collect()
    }

    fn value(&mut self, path: &str, node: NodeId) -> Option<Value> {
        let s = self.expect_scalar(path, node)?;
        Some(scalar_value(s))
    }

    fn version(&mut self, path: &str, node: NodeId) -> Option<VersionSpec> {
        let s = self.expect_scalar(path, node)?;
        match VersionSpec::parse(&s.text) {
            Some(v) => Some(v),
            None => {
                let value = s.text.clone();
                self.err(path, node, LoadErrorKind::BadVersion { value });
                None
            }
        }
    }

    fn mode(&mut self, path: &str, node: NodeId) -> Option<Mode> {
        let s = self.expect_scalar(path, node)?;
        match Mode::parse(&s.text) {
            Some(m) => Some(m),
            None => {
                let value = s.text.clone();
                self.err(path, node, LoadErrorKind::BadValue { field: "mode".into(), expected: "allowed, required, forbidden or ignored", value });
                None
            }
        }
    }

    fn supported_os(&mut self, path: &str, node: NodeId) -> SupportedOs {
        let mut out = BTreeMap::new();
        let Some(entries) = self.expect_map(path, node) else { return SupportedOs::default() };
        for (name, value) in entries.iter().cloned() {
            let p = format!("{path}.{name}");
            let Some(os) = Os::from_key(&name) else {
                self.err(&p, value, LoadErrorKind::BadValue { field: "supportedOS".into(), expected: "iOS, macOS, tvOS, visionOS or watchOS", value: name });
                continue;
            };
            out.insert(os, self.os_support(&p, value));
        }
        SupportedOs(out)
    }

    fn os_support(&mut self, path: &str, node: NodeId) -> OsSupport {
        let mut s = OsSupport::default();
        let Some(entries) = self.expect_map(path, node) else { return s };
        for (name, v) in entries.iter().cloned() {
            let p = format!("{path}.{name}");
            match name.as_str() {
                "introduced" => s.introduced = self.version(&p, v),
                "deprecated" => s.deprecated = self.version(&p, v),
                "removed" => s.removed = self.version(&p, v),
                "accessrights" => s.accessrights = self.string(&p, v),
                "multiple" => s.multiple = self.bool(&p, v),
                "devicechannel" => s.devicechannel = self.bool(&p, v),
                "userchannel" => s.userchannel = self.bool(&p, v),
                "supervised" => s.supervised = self.bool(&p, v),
                "requiresdep" => s.requiresdep = self.bool(&p, v),
                "userapprovedmdm" => s.userapprovedmdm = self.bool(&p, v),
                "allowmanualinstall" => s.allowmanualinstall = self.bool(&p, v),
                "always-skippable" => s.always_skippable = self.bool(&p, v),
                "beta" => s.beta = self.bool(&p, v),
                "allowed-enrollments" => s.allowed_enrollments = Some(self.strings(&p, v)),
                "allowed-scopes" => s.allowed_scopes = Some(self.strings(&p, v)),
                "sharedipad" => {
                    let mut sh = SharedIpad::default();
                    if let Some(es) = self.expect_map(&p, v) {
                        for (n, x) in es.iter().cloned() {
                            let q = format!("{p}.{n}");
                            match n.as_str() {
                                "mode" => sh.mode = self.mode(&q, x),
                                "devicechannel" => sh.devicechannel = self.bool(&q, x),
                                "userchannel" => sh.userchannel = self.bool(&q, x),
                                "allowed-scopes" => sh.allowed_scopes = Some(self.strings(&q, x)),
                                _ => self.err(
                                    &q,
                                    x,
                                    LoadErrorKind::BadValue {
                                        field: "sharedipad".into(),
                                        expected: "mode, devicechannel, userchannel or allowed-scopes",
                                        value: n,
                                    },
                                ),
                            }
                        }
                    }
                    s.sharedipad = Some(sh);
                }
                "userenrollment" => {
                    let mut ue = UserEnrollment::default();
                    if let Some(es) = self.expect_map(&p, v) {
                        for (n, x) in es.iter().cloned() {
                            let q = format!("{p}.{n}");
                            match n.as_str() {
                                "mode" => ue.mode = self.mode(&q, x),
                                "behavior" => ue.behavior = self.string(&q, x),
                                _ => self.err(&q, x, LoadErrorKind::BadValue { field: "userenrollment".into(), expected: "mode or behavior", value: n }),
                            }
                        }
                    }
                    s.userenrollment = Some(ue);
                }
                _ => self.err(&p, v, LoadErrorKind::BadValue { field: "supportedOS".into(), expected: "a known supportedOS attribute", value: name }),
            }
        }
        s
    }

    fn payload(&mut self, node: NodeId) -> Payload {
        let mut p = Payload::default();
        let Some(entries) = self.expect_map("payload", node) else { return p };
        for (name, v) in entries.iter().cloned() {
            let path = format!("payload.{name}");
            if matches!(name.as_str(), "requesttype" | "payloadtype" | "declarationtype" | "statusitemtype" | "credentialtype") && p.identifier_line == 0 {
                p.identifier_line = self.g.node(v).line;
            }
            match name.as_str() {
                "requesttype" => p.requesttype = self.string(&path, v),
                "payloadtype" => p.payloadtype = self.string(&path, v),
                "declarationtype" => p.declarationtype = self.string(&path, v),
                "statusitemtype" => p.statusitemtype = self.string(&path, v),
                "credentialtype" => p.credentialtype = self.string(&path, v),
                "supportedOS" => p.supported_os = self.supported_os(&path, v),
                "apply" => p.apply = self.string(&path, v),
                "beta" => p.beta = self.bool(&path, v),
                "content" => p.content = self.string(&path, v),
                // Unknown payload attributes are reported by the root-schema check.
                _ => {}
            }
        }
        p
    }

    /// Builds a key list. `stack` holds the ids of the lists being built above this one, so an
    /// alias back to one of them is recognised as recursion.
    fn key_list(&mut self, path: &str, node: NodeId, parent_os: &SupportedOs, stack: &mut Vec<NodeId>) -> Option<KeyList> {
        let items = self.expect_seq(path, node)?.to_vec();
        if stack.len() >= MAX_KEY_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.err(path, node, LoadErrorKind::TooDeep { limit: MAX_KEY_DEPTH });
            }
            return None;
        }
        stack.push(node);
        let keys = items.iter().enumerate().filter_map(|(i, &k)| self.key(path, i, k, parent_os, stack)).collect();
        stack.pop();
        Some(KeyList { id: node, keys })
    }

    fn key(&mut self, parent_path: &str, index: usize, node: NodeId, parent_os: &SupportedOs, stack: &mut Vec<NodeId>) -> Option<Key> {
        let at = format!("{parent_path}[{index}]");
        self.keys_built += 1;
        if self.keys_built > MAX_KEYS {
            if self.keys_built == MAX_KEYS + 1 {
                self.err(&at, node, LoadErrorKind::TooLarge { limit: MAX_KEYS, what: "keys once aliases are expanded" });
            }
            return None;
        }
        let entries = self.expect_map(&at, node)?.to_vec();
        let get = |n: &str| entries.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
        let name = match get("key") {
            Some(k) => self.string(&format!("{at}.key"), k)?,
            None => {
                self.err(&at, node, LoadErrorKind::MissingField { field: "key" });
                return None;
            }
        };
        let path = format!("{parent_path}.{name}");
        let ty = match get("type") {
            None => {
                self.err(&path, node, LoadErrorKind::MissingField { field: "type" });
                None
            }
            Some(t) => {
                let text = self.string(&format!("{path}.type"), t)?;
                let parsed = KeyType::parse(&text);
                if parsed.is_none() {
                    self.err(&format!("{path}.type"), t, LoadErrorKind::UnknownType { value: text });
                }
                parsed
            }
        };
        let mut key = Key {
            name,
            line: self.g.node(node).line,
            ty: ty.unwrap_or(KeyType::Any),
            presence: None,
            title: None,
            content: None,
            default: None,
            rangelist: Vec::new(),
            range: None,
            format: None,
            valuetype: None,
            repetition: None,
            combinetype: None,
            assettypes: Vec::new(),
            asset_content_types: Vec::new(),
            subkeytype: None,
            supported_os: SupportedOs::default(),
            resolved_os: parent_os.clone(),
            narrowed: false,
            subkeys: Subkeys::None,
            extra: BTreeMap::new(),
        };
        if let Some(os) = get("supportedOS") {
            key.supported_os = self.supported_os(&format!("{path}.supportedOS"), os);
            key.resolved_os = key.supported_os.inherit(parent_os);
            key.narrowed = key.resolved_os.narrows(parent_os);
        }
        for (attr, v) in &entries {
            let p = format!("{path}.{attr}");
            let v = *v;
            match attr.as_str() {
                "title" => key.title = self.string(&p, v),
                "content" => key.content = self.string(&p, v),
                "presence" => {
                    key.presence = match self.string(&p, v).as_deref() {
                        Some("required") => Some(Presence::Required),
                        Some("optional") => Some(Presence::Optional),
                        Some(other) => {
                            self.err(&p, v, LoadErrorKind::BadValue { field: "presence".into(), expected: "required or optional", value: other.into() });
                            None
                        }
                        None => None,
                    }
                }
                "default" => key.default = self.value(&p, v),
                "rangelist" => {
                    if let Some(items) = self.expect_seq(&p, v) {
                        let items = items.to_vec();
                        key.rangelist = items.iter().enumerate().filter_map(|(i, &n)| self.value(&format!("{p}[{i}]"), n)).collect();
                    }
                }
                "range" => {
                    let mut r = Range::default();
                    if let Some(es) = self.expect_map(&p, v) {
                        for (n, x) in es.iter().cloned() {
                            let q = format!("{p}.{n}");
                            match n.as_str() {
                                "min" => r.min = self.number(&q, x),
                                "max" => r.max = self.number(&q, x),
                                _ => self.err(&q, x, LoadErrorKind::BadValue { field: "range".into(), expected: "min or max", value: n }),
                            }
                        }
                    }
                    key.range = Some(r);
                }
                "repetition" => {
                    let (mut min, mut max) = (None, None);
                    if let Some(es) = self.expect_map(&p, v) {
                        for (n, x) in es.iter().cloned() {
                            let q = format!("{p}.{n}");
                            let num = self.number(&q, x).filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64);
                            match n.as_str() {
                                "min" => min = num,
                                "max" => max = num,
                                _ => self.err(&q, x, LoadErrorKind::BadValue { field: "repetition".into(), expected: "min or max", value: n }),
                            }
                        }
                    }
                    key.repetition = Some(Repetition { min: min.unwrap_or(0), max: max.unwrap_or(u64::MAX) });
                }
                "format" => key.format = self.string(&p, v),
                "valuetype" | "subtype" => key.valuetype = self.string(&p, v).map(|s| s.trim_start_matches('<').trim_end_matches('>').to_string()),
                "combinetype" => key.combinetype = self.string(&p, v),
                "assettypes" => key.assettypes = self.strings(&p, v),
                "asset-content-types" => key.asset_content_types = self.strings(&p, v),
                "subkeytype" => key.subkeytype = self.string(&p, v),
                "key" | "type" | "supportedOS" | "subkeys" => {}
                _ => {
                    debug_assert!(!KEY_ATTRIBUTES.contains(&attr.as_str()));
                    key.extra.insert(attr.clone(), yaml_text(self.g, v));
                }
            }
        }
        if let Some(sub) = get("subkeys") {
            let sub_path = path.clone();
            key.subkeys = if stack.contains(&sub) {
                Subkeys::Recursive(sub)
            } else {
                let resolved = key.resolved_os.clone();
                match self.key_list(&sub_path, sub, &resolved, stack) {
                    Some(list) => Subkeys::List(list),
                    None => Subkeys::None,
                }
            };
        }
        if key.ty == KeyType::Array {
            let count = match &key.subkeys {
                Subkeys::List(l) => l.keys.len(),
                Subkeys::Recursive(id) => match &self.g.node(*id).value {
                    NodeValue::Seq(items) => items.len(),
                    _ => 0,
                },
                Subkeys::None => 0,
            };
            // Several item subkeys are a tagged union (`settings.yaml`'s `Settings`: each item
            // is a dictionary told apart by its `Item` value); anything else is ambiguous.
            let tagged = count > 1 && (key.union_tag().is_some() || crate::fixups::union_tag_from_name::repair(self.file, &path, &mut key));
            if count == 0 || (count > 1 && !tagged) {
                self.err(&path, node, LoadErrorKind::ArrayItemCount { count });
            }
        }
        Some(key)
    }

    fn reasons(&mut self, node: NodeId) -> Vec<Reason> {
        let Some(items) = self.expect_seq("reasons", node) else { return Vec::new() };
        let mut out = Vec::new();
        for (i, r) in items.iter().copied().enumerate() {
            let path = format!("reasons[{i}]");
            let Some(es) = self.expect_map(&path, r) else { continue };
            let es = es.to_vec();
            let mut reason = Reason { value: String::new(), description: None, details: Vec::new() };
            for (n, v) in es {
                let p = format!("{path}.{n}");
                match n.as_str() {
                    "value" => reason.value = self.string(&p, v).unwrap_or_default(),
                    "description" => reason.description = self.string(&p, v),
                    "details" => {
                        let Some(ds) = self.expect_seq(&p, v) else { continue };
                        for (j, d) in ds.iter().copied().enumerate() {
                            let q = format!("{p}[{j}]");
                            let Some(fields) = self.expect_map(&q, d) else { continue };
                            let mut detail = ReasonDetail { key: String::new(), description: None, ty: None };
                            for (f, x) in fields.iter().cloned() {
                                match f.as_str() {
                                    "key" => detail.key = self.string(&q, x).unwrap_or_default(),
                                    "description" => detail.description = self.string(&q, x),
                                    "type" => detail.ty = self.string(&q, x).and_then(|t| KeyType::parse(&t)),
                                    _ => {}
                                }
                            }
                            reason.details.push(detail);
                        }
                    }
                    _ => {}
                }
            }
            out.push(reason);
        }
        out
    }

    fn notes(&mut self, node: NodeId) -> Vec<Note> {
        let Some(items) = self.expect_seq("notes", node) else { return Vec::new() };
        let mut out = Vec::new();
        for (i, n) in items.iter().copied().enumerate() {
            let path = format!("notes[{i}]");
            let g = self.g;
            let title = g.get(n, "title").and_then(|t| g.scalar(t)).map(|s| s.text.clone());
            let content = g.get(n, "content").and_then(|t| g.scalar(t)).map(|s| s.text.clone());
            match (title, content) {
                (Some(title), Some(content)) => out.push(Note { title, content }),
                (None, _) => self.err(&path, n, LoadErrorKind::MissingField { field: "title" }),
                (_, None) => self.err(&path, n, LoadErrorKind::MissingField { field: "content" }),
            }
        }
        out
    }

    fn related(&mut self, node: NodeId) -> Vec<RelatedStatusItems> {
        let Some(items) = self.expect_seq("related-status-items", node) else { return Vec::new() };
        let mut out = Vec::new();
        for (i, n) in items.iter().copied().enumerate() {
            let path = format!("related-status-items[{i}]");
            let g = self.g;
            let status_items = match g.get(n, "status-items") {
                Some(s) => self.strings(&format!("{path}.status-items"), s),
                None => {
                    self.err(&path, n, LoadErrorKind::MissingField { field: "status-items" });
                    continue;
                }
            };
            let note = g.get(n, "note").and_then(|t| g.scalar(t)).map(|s| s.text.clone());
            out.push(RelatedStatusItems { status_items, note });
        }
        out
    }
}

impl Builder<'_> {
    /// `examples`: a mapping `{title, files}` (the first OS 27 seed) or a list of them.
    fn examples(&mut self, node: NodeId) -> Vec<Example> {
        match &self.g.node(node).value {
            NodeValue::Map(_) => self.example("examples", node).into_iter().collect(),
            NodeValue::Seq(items) => {
                let items = items.clone();
                items.iter().enumerate().filter_map(|(i, &n)| self.example(&format!("examples[{i}]"), n)).collect()
            }
            NodeValue::Scalar(_) => {
                let found = self.g.kind_name(node);
                self.err("examples", node, LoadErrorKind::WrongShape { expected: "a mapping or a sequence of mappings", found });
                Vec::new()
            }
        }
    }

    fn example(&mut self, path: &str, node: NodeId) -> Option<Example> {
        let entries = self.expect_map(path, node)?.to_vec();
        let mut example = Example { title: None, files: Vec::new() };
        for (name, v) in entries {
            let p = format!("{path}.{name}");
            match name.as_str() {
                "title" => example.title = self.string(&p, v),
                "files" => {
                    let Some(items) = self.expect_seq(&p, v) else { continue };
                    let items = items.to_vec();
                    example.files = items.iter().enumerate().filter_map(|(i, &n)| self.example_file(&format!("{p}[{i}]"), n)).collect();
                }
                // Attributes added later are kept out of the model, not refused.
                _ => {}
            }
        }
        Some(example)
    }

    fn example_file(&mut self, path: &str, node: NodeId) -> Option<ExampleFile> {
        let entries = self.expect_map(path, node)?.to_vec();
        let line = self.g.node(node).line;
        let mut f = ExampleFile { tab: None, description: None, file: None, request_file: None, response_file: None, path: path.to_string(), line };
        for (name, v) in entries {
            let p = format!("{path}.{name}");
            match name.as_str() {
                "tab" => f.tab = self.string(&p, v),
                "description" => f.description = self.string(&p, v),
                "file" => f.file = self.string(&p, v),
                "request-file" => f.request_file = self.string(&p, v),
                "response-file" => f.response_file = self.string(&p, v),
                _ => {}
            }
        }
        if f.file.is_none() && f.request_file.is_none() && f.response_file.is_none() {
            self.err(path, node, LoadErrorKind::MissingField { field: "file" });
        }
        Some(f)
    }
}

fn last(path: &str) -> String {
    path.rsplit('.').next().unwrap_or(path).to_string()
}

/// A scalar's typed value under YAML 1.2 core-schema rules (quoted text stays a string).
pub(crate) fn scalar_value(s: &Scalar) -> Value {
    if let Some(b) = s.as_bool() {
        Value::Boolean(b)
    } else if let Some(i) = s.as_i64() {
        Value::Integer(i)
    } else if let Some(f) = s.as_f64() {
        Value::Real(f)
    } else {
        Value::String(s.text.clone())
    }
}

/// Short text of any node, for attributes kept verbatim in [`Key::extra`].
fn yaml_text(g: &YamlGraph, node: NodeId) -> String {
    match &g.node(node).value {
        NodeValue::Scalar(s) => s.text.clone(),
        NodeValue::Seq(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|&i| match &g.node(i).value {
                    NodeValue::Scalar(s) => s.text.clone(),
                    _ => "…".to_string(),
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
        NodeValue::Map(_) => "{…}".to_string(),
    }
}

/// Builds the model of one file from its YAML graph; every error found is returned.
pub fn build_file(path: &str, category: Category, g: &YamlGraph) -> Result<SchemaFile, Vec<LoadError>> {
    let mut b = Builder { file: path, g, errors: Vec::new(), keys_built: 0, too_deep: false };
    let root = g.root;
    let entries = match b.expect_map("", root) {
        Some(e) => e.to_vec(),
        None => return Err(b.errors),
    };
    let get = |n: &str| entries.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
    let title = match get("title") {
        Some(t) => b.string("title", t).unwrap_or_default(),
        None => {
            b.err("", root, LoadErrorKind::MissingField { field: "title" });
            String::new()
        }
    };
    let description = get("description").and_then(|d| b.string("description", d));
    let payload = get("payload").map(|p| b.payload(p)).unwrap_or_default();
    let os = payload.supported_os.clone();
    let payload_keys = get("payloadkeys").and_then(|k| b.key_list("payloadkeys", k, &os, &mut Vec::new()));
    let response_keys = get("responsekeys").and_then(|k| b.key_list("responsekeys", k, &os, &mut Vec::new()));
    let reasons = get("reasons").map(|r| b.reasons(r)).unwrap_or_default();
    let notes = get("notes").map(|n| b.notes(n)).unwrap_or_default();
    let related_status_items = get("related-status-items").map(|r| b.related(r)).unwrap_or_default();
    let examples = get("examples").map(|e| b.examples(e)).unwrap_or_default();
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(SchemaFile {
        path: path.to_string(),
        category,
        title,
        description,
        payload,
        payload_keys,
        response_keys,
        reasons,
        notes,
        related_status_items,
        examples,
    })
}
