//! Positions in an XML plist: `<dict>` entries (each at its `<key>`), `<array>` items, the rest
//! as leaves. Comments, processing instructions and the DOCTYPE are skipped anywhere; a key's
//! text may hold entities (`&amp;`, `&#x41;`) and CDATA; `<dict/>`, `<array/>`, `<true/>` and
//! other empty elements are values. The text was already parsed as a plist: what this reader
//! cannot follow gives no positions rather than wrong ones.
//!
//! A key written with CDATA is known by two names: its XML text, and the text the `plist`
//! crate (1.10) reads, which leaves CDATA out (`<key><![CDATA[a]]>b</key>` is `b` to it); the
//! findings' paths are made from the latter.

use super::cursor::Cursor;
use super::{Kind, Node};

/// Deeper than this, no positions (the recursion is bounded).
const MAX_DEPTH: usize = 512;

/// Reads the root value of an XML plist (inside `<plist>`, or the first element).
pub fn read(text: &str) -> Option<Node> {
    let mut c = Cursor::new(text);
    skip_misc(&mut c);
    if c.at("<plist") {
        let tag = start_tag(&mut c)?;
        if tag.name != "plist" || tag.empty {
            return None;
        }
    }
    value(&mut c, 0)
}

/// A start tag: its name, and whether it is empty (`<true/>`).
struct Tag {
    name: String,
    empty: bool,
}

/// Skips whitespace, comments, processing instructions, the DOCTYPE and stray text.
fn skip_misc(c: &mut Cursor) {
    loop {
        while c.peek().is_some_and(|ch| ch != '<') {
            c.bump();
        }
        if c.at("<!--") {
            if c.skip_past("-->").is_none() {
                return;
            }
        } else if c.at("<?") {
            if c.skip_past("?>").is_none() {
                return;
            }
        } else if c.at("<!") && !c.at("<![CDATA[") {
            skip_declaration(c);
        } else {
            return;
        }
    }
}

/// Skips `<!DOCTYPE …>`, with an internal subset in brackets and quoted strings.
fn skip_declaration(c: &mut Cursor) {
    let mut brackets = 0usize;
    let mut quote = None;
    while let Some(ch) = c.bump() {
        match (quote, ch) {
            (Some(q), _) if ch == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '[') => brackets += 1,
            (None, ']') => brackets = brackets.saturating_sub(1),
            (None, '>') if brackets == 0 => return,
            _ => {}
        }
    }
}

/// Reads a start tag at the cursor (`<name attr="…">`, `<name/>`).
fn start_tag(c: &mut Cursor) -> Option<Tag> {
    if !c.at("<") || c.at("</") {
        return None;
    }
    c.bump();
    let mut name = String::new();
    while let Some(ch) = c.peek().filter(|ch| !ch.is_whitespace() && *ch != '/' && *ch != '>') {
        name.push(ch);
        c.bump();
    }
    let mut quote = None;
    let mut last = ' ';
    while let Some(ch) = c.bump() {
        match (quote, ch) {
            (Some(q), _) if ch == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '>') => return Some(Tag { name, empty: last == '/' }),
            _ => {}
        }
        last = ch;
    }
    None
}

/// Reads an end tag `</name>`.
fn end_tag(c: &mut Cursor, name: &str) -> Option<()> {
    if !c.at("</") {
        return None;
    }
    c.skip(2);
    let found: String = c.rest().chars().take_while(|ch| !ch.is_whitespace() && *ch != '>').collect();
    if found != name {
        return None;
    }
    c.skip_past(">")
}

/// Reads one value element.
fn value(c: &mut Cursor, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    skip_misc(c);
    let start = c.here();
    let tag = start_tag(c)?;
    let kind = match tag.name.as_str() {
        "dict" if !tag.empty => Kind::Dict(entries(c, depth)?),
        "dict" => Kind::Dict(Vec::new()),
        "array" if !tag.empty => Kind::Array(items(c, depth)?),
        "array" => Kind::Array(Vec::new()),
        "key" => return None,
        _ if tag.empty => Kind::Leaf,
        name => {
            content(c, name)?;
            Kind::Leaf
        }
    };
    Some(Node { anchor: start, start, kind })
}

/// The entries of a `<dict>`, through its `</dict>`.
fn entries(c: &mut Cursor, depth: usize) -> Option<Vec<(Vec<String>, Node)>> {
    let mut out = Vec::new();
    loop {
        skip_misc(c);
        if c.at("</") {
            end_tag(c, "dict")?;
            return Some(out);
        }
        let key_at = c.here();
        let tag = start_tag(c)?;
        if tag.name != "key" {
            return None;
        }
        let (key, without_cdata) = if tag.empty { (String::new(), String::new()) } else { content(c, "key")? };
        let mut v = value(c, depth + 1)?;
        v.anchor = key_at;
        let mut names = vec![key];
        if without_cdata != names[0] {
            names.push(without_cdata);
        }
        out.push((names, v));
    }
}

/// The items of an `<array>`, through its `</array>`.
fn items(c: &mut Cursor, depth: usize) -> Option<Vec<Node>> {
    let mut out = Vec::new();
    loop {
        skip_misc(c);
        if c.at("</") {
            end_tag(c, "array")?;
            return Some(out);
        }
        out.push(value(c, depth + 1)?);
    }
}

/// The text of a leaf element through its end tag, entities decoded and comments left out:
/// with CDATA as it is written, and without it (as the `plist` crate reads it).
fn content(c: &mut Cursor, name: &str) -> Option<(String, String)> {
    let (mut text, mut without_cdata) = (String::new(), String::new());
    loop {
        if c.at("<![CDATA[") {
            c.skip("<![CDATA[".len());
            let end = c.rest().find("]]>")?;
            text.push_str(&c.rest()[..end]);
            c.skip(end + 3);
        } else if c.at("<!--") {
            c.skip_past("-->")?;
        } else if c.at("</") {
            end_tag(c, name)?;
            return Some((text, without_cdata));
        } else if c.at("<") {
            return None;
        } else {
            let piece = if c.at("&") { entity(c) } else { c.bump()?.to_string() };
            text.push_str(&piece);
            without_cdata.push_str(&piece);
        }
    }
}

/// Reads an entity at the cursor (`&amp;`, `&#60;`, `&#x3C;`); one it does not know is kept as
/// written.
fn entity(c: &mut Cursor) -> String {
    let rest = c.rest();
    let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
        c.bump();
        return "&".into();
    };
    let body = &rest[1..end];
    let decoded = match body {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let code = match body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => body.strip_prefix('#').and_then(|d| d.parse().ok()),
            };
            code.and_then(char::from_u32)
        }
    };
    match decoded {
        Some(ch) => {
            c.skip(end + 1);
            ch.to_string()
        }
        None => {
            c.bump();
            "&".into()
        }
    }
}
