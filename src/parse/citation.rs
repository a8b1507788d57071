//! Pandoc citation syntax: `[@key]`, `[see @key, p. 62; @other]`, `[-@key]`, `@key [p. 62]`.
//!
//! Square brackets without a citation key are ordinary text: editorial brackets in quotations
//! (`[Y]ou`, `Filippov [Stalin]`) are never citations.

use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// One key found in a text, with spans relative to that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub key: String,
    /// Covers `@key` (or `@{key}`).
    pub key_span: Span,
    pub locator: Option<(String, Span)>,
    pub group: Span,
}

/// Longest bracketed group that can be a citation.
const MAX_GROUP: usize = 4096;

static KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"@(?:\{([^{}\n]+)\}|([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*))")
        .expect("valid regex")
});

/// Finds every Pandoc citation in `text`.
pub fn scan(text: &str) -> Vec<Found> {
    scan_with(text, &Brackets::new(text.as_bytes()))
}

/// Finds every Pandoc citation in `text`, whose brackets are already paired.
pub fn scan_with(text: &str, brackets: &Brackets) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    let mut resume = 0;
    for i in memchr::memchr_iter(b'[', bytes) {
        if i < resume {
            continue;
        }
        if bytes.get(i + 1) != Some(&b'^')
            && let Some(end) = brackets.close(i).filter(|&end| end - i <= MAX_GROUP)
        {
            // `[text](url)` and `[text][ref]` are links, never citations.
            let link = matches!(bytes.get(end + 1), Some(b'(' | b'['));
            let group = if link {
                None
            } else {
                bracketed_group(text, i, end)
            };
            if link || group.is_some() {
                found.extend(group.unwrap_or_default());
                taken.push(Span::new(i, end + 1));
                resume = end + 1;
            }
        }
    }
    for m in KEY.find_iter(text) {
        let start = m.start();
        // `taken` is in text order: the group that could hold `start` is the last one before it.
        let inside = taken
            .partition_point(|s| s.start() <= start)
            .checked_sub(1)
            .is_some_and(|g| start < taken[g].end());
        if inside || !key_boundary(text, start) {
            continue;
        }
        let (key, key_span) = key_at(text, start);
        let mut group = key_span;
        let mut locator = None;
        let after = key_span.end() + usize::from(text[key_span.end()..].starts_with(' '));
        if bytes.get(after) == Some(&b'[')
            && let Some(end) = brackets
                .close(after)
                .filter(|&end| end - after <= MAX_GROUP)
        {
            let inner = Span::new(after + 1, end);
            if !KEY.is_match(inner.slice(text)) {
                locator = trimmed(text, inner);
                group = Span::new(key_span.start(), end + 1);
            }
        }
        found.push(Found {
            key,
            key_span,
            locator,
            group,
        });
    }
    found.sort_by_key(|f| f.key_span.start());
    found
}

/// A `[...]` group whose every `;`-separated item holds a key, or `None`.
fn bracketed_group(text: &str, open: usize, close: usize) -> Option<Vec<Found>> {
    let group = Span::new(open, close + 1);
    let mut items = Vec::new();
    let mut start = open + 1;
    for piece in text[open + 1..close].split(';') {
        let span = Span::new(start, start + piece.len());
        start = span.end() + 1;
        let m = KEY
            .find_iter(piece)
            .find(|m| key_boundary(text, span.start() + m.start()))?;
        let (key, key_span) = key_at(text, span.start() + m.start());
        let rest = Span::new(key_span.end(), span.end());
        let rest_text = rest.slice(text);
        let comma = rest_text.len() - rest_text.trim_start().trim_start_matches(',').len();
        let locator = trimmed(text, Span::new(rest.start() + comma, rest.end()));
        items.push(Found {
            key,
            key_span,
            locator,
            group,
        });
    }
    Some(items)
}

/// The key starting at the `@` at `at`, with trailing punctuation removed (Pandoc allows
/// punctuation only inside a key).
fn key_at(text: &str, at: usize) -> (String, Span) {
    let m = KEY.captures_at(text, at).expect("caller found a key here");
    let whole = m.get(0).expect("group 0");
    if let Some(braced) = m.get(1) {
        return (braced.as_str().to_owned(), Span::new(at, whole.end()));
    }
    let key = m.get(2).expect("one alternative matched").as_str();
    let key = key.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
    (key.to_owned(), Span::new(at, at + 1 + key.len()))
}

/// An `@` starts a key only when it does not follow a letter or digit (as in an e-mail address).
fn key_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '_' | '.' | '\\' | '@'))
}

/// The matching `[` and `]` of a text, found in one pass; brackets escaped with `\\` are text.
#[derive(Debug, Default)]
pub struct Brackets {
    /// (open, close) byte offsets, sorted by open.
    pairs: Vec<(usize, usize)>,
}

impl Brackets {
    pub fn new(bytes: &[u8]) -> Self {
        let mut pairs = Vec::new();
        let mut open = Vec::new();
        // The byte after a backslash is escaped; the text between brackets is skipped over.
        let mut escaped = None;
        for i in memchr::memchr3_iter(b'\\', b'[', b']', bytes) {
            if escaped == Some(i) {
                continue;
            }
            match bytes[i] {
                b'\\' => escaped = Some(i + 1),
                b'[' => open.push(i),
                _ => {
                    if let Some(start) = open.pop() {
                        pairs.push((start, i));
                    }
                }
            }
        }
        pairs.sort_unstable();
        Brackets { pairs }
    }

    /// The `]` that closes the `[` at `open`.
    pub fn close(&self, open: usize) -> Option<usize> {
        let i = self.pairs.binary_search_by_key(&open, |p| p.0).ok()?;
        Some(self.pairs[i].1)
    }
}

fn trimmed(text: &str, span: Span) -> Option<(String, Span)> {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let value = s.trim();
    (!value.is_empty()).then(|| {
        let start = span.start() + lead;
        (value.to_owned(), Span::new(start, start + value.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, Option<String>)> {
        scan(text)
            .into_iter()
            .map(|f| (f.key, f.locator.map(|l| l.0)))
            .collect()
    }

    /// Brackets paired as first written: byte by byte.
    fn pairs_by_bytes(bytes: &[u8]) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let mut open = Vec::new();
        let mut escaped = false;
        for (i, &b) in bytes.iter().enumerate() {
            if escaped {
                escaped = false;
                continue;
            }
            match b {
                b'\\' => escaped = true,
                b'[' => open.push(i),
                b']' => {
                    if let Some(start) = open.pop() {
                        pairs.push((start, i));
                    }
                }
                _ => {}
            }
        }
        pairs.sort_unstable();
        pairs
    }

    #[test]
    fn jumping_to_brackets_pairs_them_as_reading_every_byte_does() {
        let pieces = ["[", "]", "\\", "a", "@k", " ", "^", "é"];
        let mut pairs = 0;
        for text in crate::parse::generated_texts(&pieces, 11, 3000) {
            let found = Brackets::new(text.as_bytes()).pairs;
            assert_eq!(found, pairs_by_bytes(text.as_bytes()), "{text:?}");
            pairs += found.len();
        }
        assert!(pairs > 3000, "{pairs} pairs");
    }

    #[test]
    fn bracketed_citations_with_locators() {
        let text = "As shown [@stueck1995, p. 208; see @foot1990, pp. 30–31].";
        let found = scan(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].key, "stueck1995");
        assert_eq!(found[0].key_span.slice(text), "@stueck1995");
        assert_eq!(found[0].locator.as_ref().unwrap().1.slice(text), "p. 208");
        assert_eq!(found[1].key, "foot1990");
        assert_eq!(
            found[1].group.slice(text),
            "[@stueck1995, p. 208; see @foot1990, pp. 30–31]"
        );
    }

    #[test]
    fn in_text_citation_with_locator() {
        assert_eq!(
            keys("@stueck1995 [p. 62] says so."),
            vec![("stueck1995".into(), Some("p. 62".into()))]
        );
        assert_eq!(keys("[-@kaufman1986]"), vec![("kaufman1986".into(), None)]);
    }

    #[test]
    fn editorial_brackets_are_text() {
        assert!(keys("“[Y]ou must always know,” wrote Filippov [Stalin].").is_empty());
    }

    #[test]
    fn email_addresses_are_not_keys() {
        assert!(keys("Write to editor@press.org today.").is_empty());
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_key() {
        assert_eq!(keys("as @rees1964. Then"), vec![("rees1964".into(), None)]);
        assert_eq!(keys("[@{odd key}]"), vec![("odd key".into(), None)]);
    }

    #[test]
    fn unclosed_brackets_and_backslashes_do_not_hide_keys() {
        // Each bracket is paired in one pass; a quadratic scan would not finish here.
        let text = format!("{}@key {}", "[".repeat(200_000), "\\".repeat(200_001));
        assert_eq!(keys(&text), vec![("key".into(), None)]);
        // `\]` is text, so the group closes at the last bracket.
        assert_eq!(
            keys(r"[@real, p. \] 2]"),
            vec![("real".into(), Some(r"p. \] 2".into()))]
        );
    }

    #[test]
    fn markdown_links_are_not_citations() {
        assert!(keys("[@handle](https://example.org)").is_empty());
    }
}
