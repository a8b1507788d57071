//! Source files, byte spans and line/column lookup.
//!
//! Every item in the model points back into its source through a [`Span`] of byte offsets. Lines
//! and columns are computed only at the edge, when a diagnostic is reported.

use std::fmt;

/// Index of a source file in a [`crate::Workspace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SourceId(pub u32);

/// A half-open range of byte offsets `start..end` into one source text, in 32 bits as in oxc
/// and ruff: a backlist holds millions of spans, and no file read is over 4 GiB
/// ([`crate::settings::MAX_FILE_SIZE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// Offsets past 4 GiB are clamped (the readers never see such a text).
    pub const fn new(start: usize, end: usize) -> Self {
        const MAX: usize = u32::MAX as usize;
        let start = if start > MAX { MAX } else { start };
        let end = if end > MAX { MAX } else { end };
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub const fn start(self) -> usize {
        self.start as usize
    }

    pub const fn end(self) -> usize {
        self.end as usize
    }

    pub const fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub const fn len(self) -> usize {
        self.end() - self.start()
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span shifted by `offset` bytes (for spans found inside a slice of the source).
    pub const fn shift(self, offset: usize) -> Self {
        Span::new(self.start() + offset, self.end() + offset)
    }

    /// The same span with another start or end.
    pub const fn with_start(self, start: usize) -> Self {
        Span::new(start, self.end())
    }

    pub const fn with_end(self, end: usize) -> Self {
        Span::new(self.start(), end)
    }

    /// The text this span covers, or `""` if it does not fit the text.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A value together with the span it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One input file: its display path and its text (a leading byte-order mark removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// Where each line starts, computed the first time a line or column is asked for: most
    /// files of a large run have nothing to report.
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Where the first `\r` not followed by `\n` is, if any: found once, when first asked.
    lone_cr: std::sync::OnceLock<Option<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
            lone_cr: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// 1-based line and column (in characters, a `\r` before a line end not counted) of a byte
    /// offset. Offsets past the end or inside a character are clamped to a character boundary.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        // Texts are under 4 GiB (`Limits` caps the file size), so offsets fit in 32 bits.
        let line = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line] as usize;
        let column = self.text[start..offset]
            .trim_end_matches('\r')
            .chars()
            .count();
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Where to start reading the context of a span at `offset` with `lines` lines above it:
    /// the start of the line `lines` lines above the one holding `offset`, and how many lines
    /// come before that. A lone `\r`, which ends a line for miette but not here, before that
    /// point gives `(0, 0)`: read from the start.
    pub fn context_start(&self, offset: usize, lines: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let line = match starts.binary_search(&(offset.min(self.text.len()) as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let first = line.saturating_sub(lines);
        let start = starts[first] as usize;
        let lone_cr = *self.lone_cr.get_or_init(|| {
            let b = self.text.as_bytes();
            memchr::memchr_iter(b'\r', b).find(|&i| b.get(i + 1) != Some(&b'\n'))
        });
        match lone_cr {
            Some(at) if at < start => (0, 0),
            _ => (start, first),
        }
    }

    /// Byte offset where 1-based `line` starts (end of text if past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&s| s as usize)
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1))
        .collect()
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md", "ab\n“Ye”s\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        let s = f.text.find('s').unwrap();
        assert_eq!(f.line_col(s), LineCol { line: 2, column: 5 });
    }

    #[test]
    fn crlf_does_not_shift_columns() {
        let f = SourceFile::new("a.md", "ab\r\ncd");
        assert_eq!(f.line_col(2), LineCol { line: 1, column: 3 });
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 3 });
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn byte_order_mark_is_removed() {
        let f = SourceFile::new("a.md", "\u{feff}x");
        assert_eq!(f.text, "x");
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let f = SourceFile::new("a.md", "é");
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 2 });
    }
}
