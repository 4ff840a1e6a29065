//! A cursor over text that knows its line and column, for the position readers.

use super::Position;

/// Text read from `pos` on, with the line and column of `pos`.
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0, line: 1, column: 1 }
    }

    /// Where the cursor is.
    pub fn here(&self) -> Position {
        Position { line: self.line, column: self.column }
    }

    /// The text not yet read.
    pub fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    pub fn at(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Reads one character.
    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Reads `n` bytes (on character boundaries).
    pub fn skip(&mut self, n: usize) {
        let end = self.pos + n;
        while self.pos < end && self.bump().is_some() {}
    }

    /// Reads past the next `s`; `None` when there is none.
    pub fn skip_past(&mut self, s: &str) -> Option<()> {
        let at = self.rest().find(s)?;
        self.skip(at + s.len());
        Some(())
    }

    pub fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
}
