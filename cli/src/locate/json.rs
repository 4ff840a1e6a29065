//! Positions in JSON text: object members (each at its `"name"`, the name unescaped), array
//! items, the rest as leaves. The text was already parsed as JSON: what this reader cannot
//! follow gives no positions rather than wrong ones.

use super::cursor::Cursor;
use super::{Kind, Node};

/// Deeper than this, no positions (the recursion is bounded).
const MAX_DEPTH: usize = 512;

/// Reads the root value of a JSON text.
pub fn read(text: &str) -> Option<Node> {
    value(&mut Cursor::new(text), 0)
}

fn value(c: &mut Cursor, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    c.skip_whitespace();
    let start = c.here();
    let kind = match c.peek()? {
        '{' => Kind::Dict(members(c, depth)?),
        '[' => Kind::Array(items(c, depth)?),
        '"' => {
            string(c)?;
            Kind::Leaf
        }
        _ => {
            let len = c.rest().find(|ch: char| matches!(ch, ',' | ']' | '}') || ch.is_whitespace()).unwrap_or(c.rest().len());
            if len == 0 {
                return None;
            }
            c.skip(len);
            Kind::Leaf
        }
    };
    Some(Node { anchor: start, start, kind })
}

/// The members of an object, from its `{` through its `}`.
fn members(c: &mut Cursor, depth: usize) -> Option<Vec<(Vec<String>, Node)>> {
    c.bump();
    let mut out = Vec::new();
    c.skip_whitespace();
    if c.at("}") {
        c.bump();
        return Some(out);
    }
    loop {
        c.skip_whitespace();
        let key_at = c.here();
        let key = string(c)?;
        c.skip_whitespace();
        if c.bump()? != ':' {
            return None;
        }
        let mut v = value(c, depth + 1)?;
        v.anchor = key_at;
        out.push((vec![key], v));
        c.skip_whitespace();
        match c.bump()? {
            ',' => {}
            '}' => return Some(out),
            _ => return None,
        }
    }
}

/// The items of an array, from its `[` through its `]`.
fn items(c: &mut Cursor, depth: usize) -> Option<Vec<Node>> {
    c.bump();
    let mut out = Vec::new();
    c.skip_whitespace();
    if c.at("]") {
        c.bump();
        return Some(out);
    }
    loop {
        out.push(value(c, depth + 1)?);
        c.skip_whitespace();
        match c.bump()? {
            ',' => {}
            ']' => return Some(out),
            _ => return None,
        }
    }
}

/// A string at the cursor, unescaped.
fn string(c: &mut Cursor) -> Option<String> {
    if c.bump()? != '"' {
        return None;
    }
    let mut out = String::new();
    loop {
        match c.bump()? {
            '"' => return Some(out),
            '\\' => match c.bump()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => out.push(unicode_escape(c)?),
                other => out.push(other),
            },
            ch => out.push(ch),
        }
    }
}

/// The character of a `\uXXXX` escape (the `\u` already read), a surrogate pair joined.
fn unicode_escape(c: &mut Cursor) -> Option<char> {
    let first = hex4(c)?;
    if (0xD800..0xDC00).contains(&first) && c.at("\\u") {
        c.skip(2);
        let second = hex4(c)?;
        let code = 0x10000 + ((first - 0xD800) << 10) + (second.checked_sub(0xDC00)? & 0x3FF);
        return char::from_u32(code);
    }
    Some(char::from_u32(first).unwrap_or('\u{fffd}'))
}

fn hex4(c: &mut Cursor) -> Option<u32> {
    let digits = c.rest().get(..4)?;
    let v = u32::from_str_radix(digits, 16).ok()?;
    c.skip(4);
    Some(v)
}
