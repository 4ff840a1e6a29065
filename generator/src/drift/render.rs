//! Rendering a [`DriftReport`]: Markdown for a person or a pull-request comment, JSON (through
//! `serde_json`) for a bot. Both carry the same counts, changes and generated-API diff.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::{ApiChange, Change, ChangeKind, DriftReport, Level};

/// A Markdown table cell: one line, pipes escaped, long values shortened.
fn cell(text: &str) -> String {
    const MAX: usize = 120;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = match one_line.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    };
    short.replace('|', "\\|")
}

/// Inline code, unless the text holds a backtick.
fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else if text.contains('`') {
        cell(text)
    } else {
        format!("`{}`", cell(text))
    }
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map(cell).unwrap_or_else(|| "—".into())
}

fn level_mark(l: Level) -> &'static str {
    match l {
        Level::Breaking => "**breaking**",
        Level::Additive => "additive",
        Level::None => "none",
    }
}

fn schema_table(out: &mut String, title: &str, changes: &[&Change]) {
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title} ({})\n", changes.len());
    out.push_str("| schema | file | title | availability | Rust |\n| --- | --- | --- | --- | --- |\n");
    for c in changes {
        let t = c.new.as_ref().or(c.old.as_ref());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            code(&c.schema),
            code(&c.file),
            t.map(|t| cell(t)).unwrap_or_default(),
            availability_cell(c),
            code(&c.api.rust_item)
        );
    }
    out.push('\n');
}

/// A removal the layered crate keeps says so: "removed upstream, kept from release-18.1".
fn kept_note(c: &Change) -> String {
    c.kept_from.as_ref().map(|k| format!("removed upstream, kept from {k}")).unwrap_or_default()
}

fn availability_cell(c: &Change) -> String {
    match (&c.availability, kept_note(c)) {
        (a, note) if note.is_empty() => opt(a),
        (Some(a), note) => format!("{}; {note}", cell(a)),
        (None, note) => note,
    }
}

/// The report as Markdown.
pub fn to_markdown(r: &DriftReport) -> String {
    let counts = r.counts();
    let mut out = String::new();
    out.push_str("# Schema drift\n\n");
    let _ = writeln!(out, "{} → {}\n", code(&r.old_label), code(&r.new_label));
    out.push_str("| | |\n| --- | --- |\n");
    let _ = writeln!(out, "| schema files | {} → {} ({} in both) |", r.old_files, r.new_files, r.paired);
    let _ = writeln!(
        out,
        "| schema changes | {}: {} breaking, {} additive, {} without API impact, in {} schema(s) |",
        counts.total, counts.breaking, counts.additive, counts.no_api_impact, counts.schemas_changed
    );
    let _ = writeln!(
        out,
        "| schemas added / removed / renamed | {} / {} / {} |",
        counts.kind("schema-added"),
        counts.kind("schema-removed"),
        counts.kind("schema-renamed")
    );
    let _ = writeln!(out, "| keys added / removed | {} / {} |", counts.kind("key-added"), counts.kind("key-removed"));
    let kept = r.changes.iter().filter(|c| c.kept_from.is_some()).count();
    if kept > 0 {
        let _ = writeln!(out, "| removed upstream, kept by the layers | {kept} |");
    }
    let _ = writeln!(out, "| generated API | {} change(s), semver impact: {} |", r.api.changes.len(), level_mark(r.api.level()));
    let _ = writeln!(out, "| overall | {} |\n", level_mark(r.level()));
    if r.is_empty() {
        out.push_str("No differences.\n");
    }
    for e in &r.api_errors {
        let _ = writeln!(out, "> warning: the Rust side is incomplete: {}", cell(e));
    }
    if !r.api_errors.is_empty() {
        out.push('\n');
    }

    if !counts.by_kind.is_empty() {
        out.push_str("## Changes by kind\n\n| kind | count |\n| --- | ---: |\n");
        for (k, n) in &counts.by_kind {
            let _ = writeln!(out, "| {k} | {n} |");
        }
        out.push('\n');
    }

    let of = |k: ChangeKind| r.changes.iter().filter(|c| c.kind == k).collect::<Vec<_>>();
    schema_table(&mut out, "Schemas added", &of(ChangeKind::SchemaAdded));
    schema_table(&mut out, "Schemas removed", &of(ChangeKind::SchemaRemoved));
    let renamed = of(ChangeKind::SchemaRenamed);
    if !renamed.is_empty() {
        let _ = writeln!(out, "## Schemas renamed or moved ({})\n", renamed.len());
        out.push_str("| schema | old file | new file | API | Rust |\n| --- | --- | --- | --- | --- |\n");
        for c in renamed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                code(&c.schema),
                code(c.old.as_deref().unwrap_or("")),
                code(c.new.as_deref().unwrap_or("")),
                level_mark(c.api.level),
                code(&c.api.rust_item)
            );
        }
        out.push('\n');
    }

    let keyed: Vec<&Change> =
        r.changes.iter().filter(|c| !matches!(c.kind, ChangeKind::SchemaAdded | ChangeKind::SchemaRemoved | ChangeKind::SchemaRenamed)).collect();
    if !keyed.is_empty() {
        out.push_str("## Changes per schema\n");
        let mut current: Option<(&str, &str)> = None;
        for c in keyed {
            if current != Some((c.schema.as_str(), c.file.as_str())) {
                current = Some((c.schema.as_str(), c.file.as_str()));
                let _ = writeln!(out, "\n### {} ({}, {})\n", code(&c.schema), c.category, code(&c.file));
                out.push_str("| path | change | old | new | API | Rust item |\n| --- | --- | --- | --- | --- | --- |\n");
            }
            let new = match (&c.new, &c.availability) {
                (Some(n), Some(a)) if c.kind == ChangeKind::KeyAdded => format!("{}; {}", cell(n), cell(a)),
                _ if c.kept_from.is_some() => kept_note(c),
                _ => opt(&c.new),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                code(&c.path),
                cell(&c.kind.to_string()),
                opt(&c.old),
                new,
                level_mark(c.api.level),
                code(&c.api.rust_item)
            );
        }
        out.push('\n');
    }

    if !r.api.changes.is_empty() {
        let _ = writeln!(out, "## Generated API ({} change(s), semver impact: {})\n", r.api.changes.len(), level_mark(r.api.level()));
        for level in [Level::Breaking, Level::Additive] {
            let list: Vec<&ApiChange> = r.api.changes.iter().filter(|c| c.level == level).collect();
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {} ({})\n", if level == Level::Breaking { "Breaking" } else { "Additive" }, list.len());
            out.push_str("| change | item | old | new |\n| --- | --- | --- | --- |\n");
            for c in list {
                let _ = writeln!(out, "| {} | {} | {} | {} |", c.kind.name(), code(&c.item), opt(&c.old), opt(&c.new));
            }
            out.push('\n');
        }
    }
    out
}

fn change_json(c: &Change) -> Value {
    let mut m = Map::new();
    m.insert("category".into(), json!(c.category.name()));
    m.insert("schema".into(), json!(c.schema));
    m.insert("file".into(), json!(c.file));
    m.insert("path".into(), json!(c.path));
    m.insert("kind".into(), json!(c.kind.name()));
    if let ChangeKind::Availability { os, field } = c.kind {
        m.insert("os".into(), json!(os.key()));
        m.insert("attribute".into(), json!(field.name()));
    }
    m.insert("old".into(), json!(c.old));
    m.insert("new".into(), json!(c.new));
    if let Some(a) = &c.availability {
        m.insert("availability".into(), json!(a));
    }
    if let Some(k) = &c.kept_from {
        m.insert("kept_from".into(), json!(k));
    }
    m.insert("api".into(), json!({ "level": c.api.level.as_str(), "rust_item": c.api.rust_item }));
    Value::Object(m)
}

/// The report as pretty-printed JSON.
pub fn to_json(r: &DriftReport) -> String {
    let counts = r.counts();
    let mut api_counts = Map::new();
    for c in &r.api.changes {
        let e = api_counts.entry(c.kind.name()).or_insert(json!(0));
        *e = json!(e.as_u64().unwrap_or(0) + 1);
    }
    let v = json!({
        "old": r.old_label,
        "new": r.new_label,
        "files": { "old": r.old_files, "new": r.new_files, "paired": r.paired },
        "level": r.level().as_str(),
        "counts": {
            "total": counts.total,
            "breaking": counts.breaking,
            "additive": counts.additive,
            "none": counts.no_api_impact,
            "schemas_changed": counts.schemas_changed,
            "by_kind": counts.by_kind,
        },
        "changes": r.changes.iter().map(change_json).collect::<Vec<_>>(),
        "api": {
            "level": r.api.level().as_str(),
            "counts": api_counts,
            "changes": r.api.changes.iter().map(|c| json!({
                "kind": c.kind.name(),
                "level": c.level.as_str(),
                "item": c.item,
                "old": c.old,
                "new": c.new,
            })).collect::<Vec<_>>(),
        },
        "api_errors": r.api_errors,
    });
    // A `Value` always serialises; the fallback only keeps this function total.
    serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
