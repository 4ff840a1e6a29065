//! Writing to standard output: through the locked handle, once, and quietly done when the reader
//! has gone (`dm schemas --format json | head -c 100` closes the pipe early; that is not an error).

use std::io::{self, Write};

/// What became of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// All of it was written.
    Done,
    /// The reader closed the pipe: nothing more can be written, and nothing is wrong.
    Closed,
}

/// Writes `text` to standard output and flushes it. A closed pipe is [`Written::Closed`]; any
/// other failure is returned.
pub fn print(text: &str) -> io::Result<Written> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(Written::Done),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Written::Closed),
        Err(e) => Err(e),
    }
}
