//! Quotations in running text: “curly” or "straight" double quotes, with ‘single’ quotes
//! nested inside left alone.

use crate::source::Span;

/// Each quotation in `text`: (the whole quotation with its marks, the words inside), relative
/// to `text`. An opening mark with no closing one in the same text is not a quotation.
pub fn scan(text: &str) -> Vec<(Span, Span)> {
    let mut quotes = Quotes::default();
    let bytes = text.as_bytes();
    // Only `"`, `“` and `”` matter; the curly marks are E2 80 9C and E2 80 9D in UTF-8.
    for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let c = match bytes.get(i..i + 3) {
            _ if bytes[i] == b'"' => '"',
            Some([_, 0x80, 0x9C]) => '“',
            Some([_, 0x80, 0x9D]) => '”',
            _ => continue,
        };
        quotes.mark(text, i, c);
    }
    quotes.found
}

/// The state of [`scan`]: the quotation open, if any (where, and the mark that closes it), and
/// the quotations found.
#[derive(Default)]
struct Quotes {
    open: Option<(usize, char)>,
    found: Vec<(Span, Span)>,
}

impl Quotes {
    /// Reads the character `c` at `i` of `text`.
    fn mark(&mut self, text: &str, i: usize, c: char) {
        match (self.open, c) {
            (None, '“') => self.open = Some((i, '”')),
            (None, '"') if opens_straight(text, i) => self.open = Some((i, '"')),
            (Some((start, close)), c) if c == close => {
                let inner = Span::new(start + open_len(text, start), i);
                self.found.push((Span::new(start, i + c.len_utf8()), inner));
                self.open = None;
            }
            // A new opening curly quote before the last one closed: the last one was stray.
            (Some(_), '“') => self.open = Some((i, '”')),
            _ => {}
        }
    }
}

fn open_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

/// A straight `"` opens a quotation when it does not follow a letter or digit (so `5"` or
/// `x"y` do not).
fn opens_straight(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<&str> {
        scan(text)
            .into_iter()
            .map(|(_, inner)| inner.slice(text))
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes() {
        assert_eq!(
            quotes("He wrote: “[Y]ou must ‘always’ know.” Then \"we agree.\""),
            ["[Y]ou must ‘always’ know.", "we agree."]
        );
    }

    /// The scan fed every character, not only the marks it jumps to.
    fn scan_by_chars(text: &str) -> Vec<(Span, Span)> {
        let mut quotes = Quotes::default();
        for (i, c) in text.char_indices() {
            quotes.mark(text, i, c);
        }
        quotes.found
    }

    #[test]
    fn jumping_to_the_marks_finds_what_reading_every_character_finds() {
        let pieces = [
            "“",
            "”",
            "\"",
            "’",
            "‘",
            "–",
            "a",
            "5",
            " ",
            "é",
            "\u{2019}x",
        ];
        let mut quotations = 0;
        for text in crate::parse::generated_texts(&pieces, 7, 3000) {
            let found = scan(&text);
            assert_eq!(found, scan_by_chars(&text), "{text:?}");
            quotations += found.len();
        }
        assert!(quotations > 2000, "{quotations} quotations");
    }

    #[test]
    fn unclosed_quotes_are_not_quotations() {
        assert!(quotes("An “unclosed quotation").is_empty());
        assert_eq!(quotes("stray “ then “closed”"), ["closed"]);
    }
}
