//! A set of DDM declarations judged as a whole, as a device receives them: identifiers are
//! unique ([`Rule::DuplicateIdentifier`]); what an activation activates
//! (`StandardConfigurations`) and what a configuration uses (`…AssetReference`,
//! `…AssetReferences`) is in the set ([`Rule::MissingReference`]) and of a kind it may
//! reference: an activation names configurations, a reference to an asset names an asset
//! ([`Rule::ReferenceType`]). When the set holds the server's declaration manifest (a
//! `DeclarationItemsResponse`), each listed declaration is in the set, under its kind, and
//! with the `ServerToken` the manifest lists ([`Rule::ServerTokenDrift`]): a device that sees
//! a token unchanged does not fetch the new content.

use std::collections::BTreeMap;

use serde_json::Value;

use super::report::{Finding, Rule};
use crate::{DeclarationKind, Registry};

/// One finding on one member of a set (its index in the slice given).
#[derive(Debug, Clone, PartialEq)]
pub struct SetFinding {
    pub member: usize,
    pub finding: Finding,
}

fn finding(rule: Rule, path: String, actual: Option<String>, message: String) -> Finding {
    let finding = Finding::new(rule.default_severity(), rule, path, message);
    match actual {
        Some(a) => finding.with_actual(a),
        None => finding,
    }
}

/// A declaration of the set: where it is, its kind, its token.
struct Member<'a> {
    index: usize,
    kind: Option<DeclarationKind>,
    token: Option<&'a str>,
}

/// Judges `members` (named for messages by `names`, one per member: file names) as one set.
/// Members that are not declarations or a manifest are left alone.
pub fn validate_declaration_set(reg: &Registry, members: &[&Value], names: &[&str]) -> Vec<SetFinding> {
    let mut out = Vec::new();
    let mut by_id: BTreeMap<&str, Member<'_>> = BTreeMap::new();
    for (index, value) in members.iter().enumerate() {
        let Some(obj) = value.as_object() else { continue };
        let (Some(ty), Some(id)) = (obj.get("Type").and_then(Value::as_str), obj.get("Identifier").and_then(Value::as_str)) else { continue };
        if !obj.contains_key("Payload") {
            continue;
        }
        if let Some(first) = by_id.get(id) {
            out.push(SetFinding {
                member: index,
                finding: finding(
                    Rule::DuplicateIdentifier,
                    "Identifier".into(),
                    Some(id.to_string()),
                    format!("Identifier `{id}` is also the identifier of {}: a device keeps one of them", member_name(names, first.index)),
                ),
            });
            continue;
        }
        let token = obj.get("ServerToken").and_then(Value::as_str);
        by_id.insert(id, Member { index, kind: reg.declaration_kind(ty), token });
    }
    for (index, value) in members.iter().enumerate() {
        let Some(obj) = value.as_object() else { continue };
        if let (Some(ty), Some(payload)) = (obj.get("Type").and_then(Value::as_str), obj.get("Payload")) {
            let kind = reg.declaration_kind(ty);
            if kind == Some(DeclarationKind::Activation) {
                if let Some(items) = payload.get("StandardConfigurations").and_then(Value::as_array) {
                    for (i, item) in items.iter().enumerate() {
                        let Some(target) = item.as_str() else { continue };
                        let path = format!("Payload.StandardConfigurations[{i}]");
                        reference(&by_id, target, DeclarationKind::Configuration, path, index, names, &mut out);
                    }
                }
            }
            asset_references(payload, "Payload", &mut |path, target| reference(&by_id, target, DeclarationKind::Asset, path, index, names, &mut out));
        } else if let Some(manifest) = obj.get("Declarations").and_then(Value::as_object) {
            check_manifest(manifest, &by_id, index, names, &mut out);
        }
    }
    out
}

/// `target`, named at `path` of member `index`, is in the set and of `kind`.
fn reference(by_id: &BTreeMap<&str, Member<'_>>, target: &str, kind: DeclarationKind, path: String, index: usize, names: &[&str], out: &mut Vec<SetFinding>) {
    match by_id.get(target) {
        None => out.push(SetFinding {
            member: index,
            finding: finding(
                Rule::MissingReference,
                path,
                Some(target.to_string()),
                format!("no declaration `{target}` in the set ({} expected)", with_article(kind)),
            ),
        }),
        Some(m) if m.kind.is_some_and(|k| k != kind) => out.push(SetFinding {
            member: index,
            finding: finding(
                Rule::ReferenceType,
                path,
                Some(target.to_string()),
                format!("`{target}` ({}) is {}, not {}", member_name(names, m.index), m.kind.map_or("of an unknown kind", with_article), with_article(kind)),
            ),
        }),
        Some(_) => {}
    }
}

fn member_name<'n>(names: &[&'n str], index: usize) -> &'n str {
    names.get(index).copied().unwrap_or("another declaration")
}

fn with_article(kind: DeclarationKind) -> &'static str {
    match kind {
        DeclarationKind::Activation => "an activation",
        DeclarationKind::Asset => "an asset",
        DeclarationKind::Configuration => "a configuration",
        DeclarationKind::Management => "a management declaration",
    }
}

/// Every string under a key whose name ends in `AssetReference`, and every item of an array
/// under one ending in `AssetReferences`, anywhere in the payload.
fn asset_references(value: &Value, at: &str, found: &mut dyn FnMut(String, &str)) {
    match value {
        Value::Object(obj) => {
            for (key, v) in obj {
                let path = format!("{at}.{key}");
                match v {
                    Value::String(s) if key.ends_with("AssetReference") => found(path, s),
                    Value::Array(items) if key.ends_with("AssetReferences") => {
                        for (i, item) in items.iter().enumerate() {
                            if let Some(s) = item.as_str() {
                                found(format!("{path}[{i}]"), s);
                            }
                        }
                    }
                    _ => asset_references(v, &path, found),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                asset_references(item, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// The manifest's lists (`Activations`, `Configurations`, `Assets`, `Management`) against the
/// declarations of the set.
fn check_manifest(manifest: &serde_json::Map<String, Value>, by_id: &BTreeMap<&str, Member<'_>>, index: usize, names: &[&str], out: &mut Vec<SetFinding>) {
    let lists = [
        ("Activations", DeclarationKind::Activation),
        ("Configurations", DeclarationKind::Configuration),
        ("Assets", DeclarationKind::Asset),
        ("Management", DeclarationKind::Management),
    ];
    for (list, kind) in lists {
        let Some(items) = manifest.get(list).and_then(Value::as_array) else { continue };
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.get("Identifier").and_then(Value::as_str) else { continue };
            let path = format!("Declarations.{list}[{i}]");
            reference(by_id, id, kind, format!("{path}.Identifier"), index, names, out);
            let (Some(member), Some(listed)) = (by_id.get(id), item.get("ServerToken").and_then(Value::as_str)) else { continue };
            if let Some(token) = member.token.filter(|t| *t != listed) {
                out.push(SetFinding {
                    member: index,
                    finding: finding(
                        Rule::ServerTokenDrift,
                        format!("{path}.ServerToken"),
                        Some(listed.to_string()),
                        format!("the manifest lists `{id}` with ServerToken `{listed}`, but {} has `{token}`", member_name(names, member.index)),
                    ),
                });
            }
        }
    }
}
