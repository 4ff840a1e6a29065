//! Rustdoc text from schema titles, contents and availability, escaped so rustdoc neither
//! links brackets, parses angle brackets as HTML, nor runs indented text as doctests.

use crate::model::{Os, SupportedOs, VersionSpec};

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'' || c == '>' || c == ']').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '*' | '_' | '`' | '#' | '|' => {
                // Markdown meaning is kept for bullets (`* `) at line start only.
                if c == '*' && out.is_empty() && rest.starts_with("* ") {
                    out.push('*');
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with("* ")
        || line.starts_with("- ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Escaped doc lines for free text; an explicit line when there is none.
pub fn text(title: Option<&str>, content: Option<&str>, fallback: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        lines.push(escape_line(t.trim()));
    }
    if let Some(c) = content.filter(|c| !c.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut blank = false;
        let mut in_item = false;
        for l in c.lines() {
            if l.trim().is_empty() {
                if !blank && !lines.is_empty() {
                    lines.push(String::new());
                }
                blank = true;
                in_item = false;
            } else {
                let escaped = escape_line(l);
                let bullet = is_list_item(l.trim_start());
                // A line that continues a list item is indented, so Markdown keeps it in the item.
                lines.push(if in_item && !bullet { format!("  {escaped}") } else { escaped });
                in_item = bullet || in_item;
                blank = false;
            }
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
    }
    if lines.is_empty() {
        lines.push(fallback.to_string());
    }
    lines
}

fn version(v: &Option<VersionSpec>) -> Option<String> {
    v.as_ref().and_then(|s| s.as_cutoff()).map(|v| v.to_string())
}

/// One line: where the item is available, with its requirements.
pub fn availability(os: &SupportedOs) -> String {
    if os.is_empty() {
        return "Availability: not stated by the schema.".to_string();
    }
    let mut supported = Vec::new();
    let mut not = Vec::new();
    for o in Os::ALL {
        let Some(s) = os.get(o) else { continue };
        match s.introduced.as_ref().and_then(|i| i.as_introduced()) {
            None => not.push(o.key().to_string()),
            Some(v) => {
                let mut text = format!("{o} {v}+");
                let mut notes = Vec::new();
                if let Some(d) = version(&s.deprecated) {
                    notes.push(format!("deprecated {d}"));
                }
                if let Some(r) = version(&s.removed) {
                    notes.push(format!("removed {r}"));
                }
                if s.supervised == Some(true) {
                    notes.push("supervised".into());
                }
                if s.requiresdep == Some(true) {
                    notes.push("DEP".into());
                }
                if !notes.is_empty() {
                    text.push_str(&format!(" ({})", notes.join(", ")));
                }
                supported.push(text);
            }
        }
    }
    let mut line = String::from("Availability: ");
    if supported.is_empty() {
        line.push_str("none");
    } else {
        line.push_str(&supported.join(", "));
    }
    if !not.is_empty() {
        line.push_str(&format!("; not on {}", not.join(", ")));
    }
    line.push('.');
    line
}
