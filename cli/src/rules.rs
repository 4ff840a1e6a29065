//! `dm rules`: every rule the validator has, with its default level and what it checks; the
//! names `--allow`, `--warn`, `--deny` and `dm.toml` take.

use apple_device_management::runtime::validate::Rule;
use serde_json::json;

use crate::levels::{default_level, groups};

/// One line per rule (`name  level  description`), then the groups; or one JSON object per
/// rule and line (`name`, `default`, `description`).
pub fn list(json: bool) -> String {
    let rules = Rule::all();
    let mut out = String::new();
    if json {
        for r in &rules {
            out.push_str(&json!({ "name": r.name(), "default": default_level(r), "description": r.description() }).to_string());
            out.push('\n');
        }
        return out;
    }
    let width = rules.iter().map(|r| r.name().len()).max().unwrap_or(0);
    for r in &rules {
        out.push_str(&format!("{:<width$}  {:<7}  {}\n", r.name(), default_level(r), r.description()));
    }
    for g in groups() {
        out.push_str(&format!("\ngroup `{g}`: every `{g}.*` rule (`--allow {g}`)\n"));
    }
    out
}
