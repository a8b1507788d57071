//! Who a quotation is given to, when, and through what: read from the sentence that leads to
//! it ("Stalin wrote to Mao the next day: “…”").

use crate::Workspace;
use crate::model::{Container, Document, Quotation, When};
use crate::source::Span;
use jiff::civil::Date;

/// The end of a sentence: a full stop, question or exclamation mark, perhaps a closing quote and
/// a note reference, then space.
static SENTENCE_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"[.?!][”’"]?(?:\[\^[^\]\s]+\])?\s+"#).expect("valid regex")
});

/// Words that say how a quotation reached its reader.
const MEDIA: &[&str] = &[
    "telegram",
    "cable",
    "wire",
    "letter",
    "message",
    "memorandum",
];

#[derive(Debug, Default)]
pub(crate) struct Attribution {
    /// The person named first in the lead-in, as written, and who that is.
    pub speaker: Option<(Span, String)>,
    /// The date the lead-in gives (a full date or a resolved relative one), and where.
    pub date: Option<(Span, Date)>,
    /// A document word in the lead-in ("telegram", "letter").
    pub medium: Option<&'static str>,
    /// The note reference that follows the quotation in its paragraph.
    pub note: Option<Span>,
}

/// Names and aliases of people, each with the person's canonical name, longest first.
pub(crate) struct People {
    names: Vec<(String, String)>,
}

impl People {
    pub fn new(ws: &Workspace, bibliographies: &[usize]) -> Self {
        let mut names = Vec::new();
        for &b in bibliographies {
            let bib = &ws.bibliographies[b];
            for p in &bib.people {
                names.push((p.name.value.clone(), p.name.value.clone()));
                for a in &p.aliases {
                    names.push((a.value.clone(), p.name.value.clone()));
                }
            }
        }
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        People { names }
    }

    /// Who `name` is: the person it names in `people:`, else the name itself.
    pub fn canonical(&self, name: &str) -> String {
        let name = name.trim();
        self.names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or_else(|| name.to_owned(), |(_, c)| c.clone())
    }

    /// The first person named in `text` (which starts at byte `base`).
    fn first_in(&self, text: &str, base: usize) -> Option<(Span, String)> {
        let mut best: Option<(usize, usize, &str)> = None;
        for (name, canonical) in &self.names {
            let Some(at) = find_word(text, name) else {
                continue;
            };
            if best.is_none_or(|(b, _, _)| at < b) {
                best = Some((at, name.len(), canonical));
            }
        }
        best.map(|(at, len, c)| (Span::new(base + at, base + at + len), c.to_owned()))
    }
}

/// `word` in `text` at word boundaries.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(at);
        }
        from = at + word.len().max(1);
    }
    None
}

/// Reads the lead-in of quotation `q`: the sentence it belongs to, up to the quotation.
pub(crate) fn attribution(
    doc: &Document,
    text: &str,
    q: &Quotation,
    people: &People,
) -> Attribution {
    let Some(block) = doc
        .blocks
        .iter()
        .find(|b| b.span.start <= q.span.start && q.span.end <= b.span.end)
    else {
        return Attribution::default();
    };
    let before = &text[block.span.start..q.span.start];
    let start = SENTENCE_END
        .find_iter(before)
        .last()
        .map_or(block.span.start, |m| block.span.start + m.end());
    let lead = &text[start..q.span.start];
    let date = doc
        .dates
        .iter()
        .filter(|d| {
            d.container == q.container && d.span.start >= start && d.span.end <= q.span.start
        })
        .filter_map(|d| match &d.when {
            When::Calendar(c) => Some((d.span, c.last_day()?)),
            When::Relative {
                resolved: Some(r), ..
            } => Some((d.span, r.date)),
            _ => None,
        })
        .next_back();
    let lower = lead.to_lowercase();
    let medium = MEDIA.iter().copied().find(|m| lower.contains(m));
    let note = (q.container == Container::Prose)
        .then(|| {
            doc.note_refs
                .iter()
                .find(|r| r.span.start >= q.span.end && r.span.end <= block.span.end)
                .map(|r| r.span)
        })
        .flatten();
    Attribution {
        speaker: people.first_in(lead, start),
        date,
        medium,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_at_boundaries_only() {
        assert_eq!(find_word("Maoist Mao", "Mao"), Some(7));
        assert_eq!(
            find_word("Filippov [Stalin] wrote", "Filippov [Stalin]"),
            Some(0)
        );
        assert_eq!(find_word("Kimball", "Kim"), None);
    }
}
