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

/// [`SENTENCE_END`] where it starts: at the start of the text it is tried on.
static SENTENCE_END_HERE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!("^(?:{})", SENTENCE_END.as_str())).expect("valid regex")
});

/// Where the last sentence of `text` starts: the end of the last match of [`SENTENCE_END`], as
/// `find_iter` gives them. Found from the end, since quotations come late in long paragraphs:
/// the last match starts at the last full stop, question or exclamation mark where the pattern
/// matches. No match holds such a mark that starts another match (a note label holds no
/// white space), so that one is also the last of a search from the start.
fn sentence_start(text: &str) -> Option<usize> {
    memchr::memrchr3_iter(b'.', b'?', b'!', text.as_bytes())
        .find_map(|at| SENTENCE_END_HERE.find(&text[at..]).map(|m| at + m.end()))
}

/// A verb of saying right after a name (perhaps after one adverb: "Stalin then wrote").
static SPEECH_VERB: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^,?\s+(?:\w+\s+)?(?:wrote|said|told|replied|answered|responded|telegraphed|cabled|wired|stated|declared|argued|added|insisted|asked|warned|explained|recalled|concluded)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Longest lead-in read before a quotation, in bytes.
const MAX_LEAD: usize = 2000;

/// Words that say how a quotation reached its reader.
const MEDIA: &[&str] = &[
    "telegram",
    "cable",
    "wire",
    "letter",
    "message",
    "memorandum",
];

/// The searchers of [`MEDIA`], built once.
static MEDIA_FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| MEDIA.iter().map(memchr::memmem::Finder::new).collect());

/// The first word of [`MEDIA`] that `lead` holds in any case. The words are ASCII, and no
/// other character lower-cases to one of their letters (the Kelvin sign gives a "k", which
/// none has; "İ" gives an "i" with a combining dot after it), so lower-casing ASCII alone
/// finds what lower-casing the whole text would ([`medium_in_lowered`], in the tests).
fn medium_in(lead: &str) -> Option<&'static str> {
    let lower = lead.as_bytes().to_ascii_lowercase();
    MEDIA
        .iter()
        .zip(MEDIA_FINDERS.iter())
        .find(|(_, finder)| finder.find(&lower).is_some())
        .map(|(m, _)| *m)
}

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

    /// Who speaks in a lead-in `text` (which starts at byte `base`): the last person named just
    /// before a verb of saying ("Stalin told him:", "Mao telegraphed Stalin that"), else the first
    /// person named.
    fn speaker_in(&self, text: &str, base: usize) -> Option<(Span, String)> {
        let mut named: Vec<(usize, usize, &str)> = Vec::new();
        for (name, canonical) in &self.names {
            let mut from = 0;
            while let Some(at) = find_word(&text[from..], name).map(|i| from + i) {
                // A longer name found at the same place wins ("Kim Il-sung" over "Kim").
                if !named.iter().any(|(a, l, _)| *a <= at && at < a + l) {
                    named.push((at, name.len(), canonical));
                }
                from = at + name.len();
            }
        }
        named.sort_by_key(|(at, _, _)| *at);
        let speaking = named
            .iter()
            .rev()
            .find(|(at, len, _)| SPEECH_VERB.is_match(&text[at + len..]))
            .or(named.first())?;
        let (at, len, c) = *speaking;
        Some((Span::new(base + at, base + at + len), c.to_owned()))
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
    let Some(block) = doc.block_at(q.span) else {
        return Attribution::default();
    };
    // A lead-in is one sentence: look back no further than MAX_LEAD bytes.
    let mut from = q
        .span
        .start()
        .saturating_sub(MAX_LEAD)
        .max(block.span.start());
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..q.span.start()];
    let start = sentence_start(before).map_or(from, |at| from + at);
    let lead = &text[start..q.span.start()];
    let date = doc
        .dates_in(Span::new(start, q.span.start()))
        .iter()
        .filter(|d| d.container == q.container && d.span.end() <= q.span.start())
        .filter_map(|d| match &d.when {
            When::Calendar(c) => Some((d.span, c.last_day()?)),
            When::Relative {
                resolved: Some(r), ..
            } => Some((d.span, r.date)),
            _ => None,
        })
        .next_back();
    let medium = medium_in(lead);
    let note = (q.container == Container::Prose)
        .then(|| {
            doc.next_note_ref(q.span.end(), block.span.end())
                .map(|r| r.span)
        })
        .flatten();
    Attribution {
        speaker: people.speaker_in(lead, start),
        date,
        medium,
        note,
    }
}

/// The dated document a quotation's note cites: in the note that holds the quotation, the next
/// document date after it; for a quotation in the running text, the note that ends its
/// sentence, when that note cites one dated document.
pub(crate) struct NoteDocument {
    pub date: Date,
    pub date_span: Span,
    /// The senders as the citation writes them ("Filippov [Stalin]" in "Ciphered Telegram,
    /// Filippov [Stalin] to Mao Zedong, …"), when it has the form "Genre, Sender to …"; a note
    /// may cite several documents of one date, separated by semicolons.
    pub senders: Vec<(Span, String)>,
}

pub(crate) fn note_document(
    doc: &Document,
    text: &str,
    q: &Quotation,
    a: &Attribution,
) -> Option<NoteDocument> {
    use super::shared::{DOCUMENT_WORDS, document_date_after, full_date, genre};
    let words: Vec<String> = DOCUMENT_WORDS.iter().map(|w| w.to_string()).collect();
    let (container, after) = match q.container {
        Container::Prose => {
            let note = a.note?;
            if !text.get(q.span.end()..note.start())?.trim().is_empty() {
                return None;
            }
            let label = note
                .slice(text)
                .trim_start_matches("[^")
                .trim_end_matches(']');
            let index = doc.note_index(label)?;
            let dated: Vec<_> = doc
                .dates_in(doc.note_defs[index].span)
                .iter()
                .filter(|d| d.container == Container::note(index))
                .filter_map(|d| Some((d.span, full_date(d)?)))
                .filter(|(s, _)| {
                    genre(
                        text.get(doc.note_defs[index].span.start()..s.start())
                            .unwrap_or(""),
                        &words,
                    )
                    .is_some()
                })
                .collect();
            let first = dated.first()?;
            if dated.iter().any(|(_, d)| *d != first.1) {
                return None;
            }
            (Container::note(index), doc.note_defs[index].span.start())
        }
        container => (container, q.span.end()),
    };
    let (date_span, date, genre_word) = document_date_after(doc, text, container, after, &words)?;
    // "…Telegram, Sender to Recipient; Sender to Recipient, dated …": each sender sits after
    // the genre's comma (or a semicolon) and before " to ".
    let lead = &text[after..date_span.start()];
    let lower = lead.to_lowercase();
    let mut senders = Vec::new();
    if let Some(comma) = lower
        .rfind(genre_word)
        .and_then(|g| lead[g..].find(", ").map(|c| g + c + 2))
    {
        let mut at = comma;
        for piece in lead[comma..].split(';') {
            let lead_space = piece.len() - piece.trim_start().len();
            if let Some(to) = piece.find(" to ") {
                let name = piece[..to].trim();
                if !name.is_empty() && !name.contains(',') {
                    let start = after + at + lead_space;
                    senders.push((Span::new(start, start + name.len()), name.to_owned()));
                }
            }
            at += piece.len() + 1;
        }
    }
    Some(NoteDocument {
        date,
        date_span,
        senders,
    })
}

/// One quotation with everything the quotation rules read about it.
pub(crate) struct Quoted<'w> {
    pub doc: &'w Document,
    pub text: &'w str,
    pub quotation: &'w Quotation,
    pub attribution: &'w Attribution,
    pub people: &'w People,
    /// The recorded excerpt it reproduces: the entry's id, bibliography and entry.
    pub source: Option<(
        &'w str,
        &'w crate::model::Bibliography,
        &'w crate::model::Entry,
    )>,
}

impl Quoted<'_> {
    /// The dated document its note cites.
    pub fn note_document(&self) -> Option<NoteDocument> {
        note_document(self.doc, self.text, self.quotation, self.attribution)
    }
}

/// The lead-in of every quotation, and the excerpt it reproduces: read once per run, for the
/// documents in parallel, and shared by the quotation rules.
pub(crate) struct Attributions {
    /// For each document, its people and the attribution of each of its quotations.
    documents: Vec<(People, Vec<Attribution>)>,
    /// (document, quotation) -> (bibliography, entry) whose excerpt it reproduces.
    sources: rustc_hash::FxHashMap<(usize, usize), (usize, usize)>,
}

impl Attributions {
    /// Reads the quotations of every document: in parallel when `parallel` is set, which
    /// must not be done from inside a rule (a rule's thread waiting on the shared value could
    /// be handed the rule that fills it).
    pub fn new(
        ws: &Workspace,
        parallel: bool,
        quotes: &super::quotation_mismatch::QuoteMatches,
    ) -> Self {
        use rayon::prelude::*;
        let sources = quotes
            .matches
            .iter()
            .map(|m| ((m.document, m.quotation), m.target(&quotes.excerpts)))
            .collect();
        let read = |(d, doc): (usize, &Document)| {
            let people = People::new(ws, ws.links[d].as_deref().unwrap_or_default());
            let text = &ws.source(doc.source).text;
            let attributions = doc
                .quotations
                .iter()
                .map(|quotation| attribution(doc, text, quotation, &people))
                .collect();
            (people, attributions)
        };
        let documents = if parallel {
            ws.documents.par_iter().enumerate().map(read).collect()
        } else {
            ws.documents.iter().enumerate().map(read).collect()
        };
        Attributions { documents, sources }
    }
}

/// Calls `f` for every quotation of every document, with its lead-in.
pub(crate) fn for_each_quotation(cx: &super::Context, mut f: impl FnMut(Quoted)) {
    let ws = cx.ws;
    let read = cx.attributions();
    for (d, doc) in ws.documents.iter().enumerate() {
        let (people, attributions) = &read.documents[d];
        let text = &ws.source(doc.source).text;
        for (i, (quotation, attribution)) in doc.quotations.iter().zip(attributions).enumerate() {
            let source = read.sources.get(&(d, i)).map(|&(b, e)| {
                let bib = &ws.bibliographies[b];
                let entry = &bib.entries[e];
                let id = entry.id.as_ref().map_or("(no id)", |i| i.value.as_str());
                (id, bib, entry)
            });
            f(Quoted {
                doc,
                text,
                quotation,
                attribution,
                people,
                source,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`medium_in`] as first written: the whole lead-in lower-cased, then searched.
    fn medium_in_lowered(lead: &str) -> Option<&'static str> {
        let lower = lead.to_lowercase();
        MEDIA.iter().copied().find(|m| lower.contains(m))
    }

    #[test]
    fn media_found_in_ascii_lower_case_are_those_found_in_full_lower_case() {
        // Each word of MEDIA in several cases, pieces of them, and the characters whose
        // lower case is or holds an ASCII letter.
        let pieces = [
            "telegram",
            "TELEGRAM",
            "Cable",
            "wIRE",
            "Letter",
            "MESSAGE",
            "memoranDUM",
            "tele",
            "gram",
            "wi",
            "re",
            "mess",
            "age",
            "\u{212a}",
            "\u{130}",
            "İ",
            "ſ",
            "É",
            " ",
            ", ",
            "Stalin wrote in a ",
            "x",
        ];
        let mut found = 0;
        for lead in crate::parse::generated_texts(&pieces, 5, 20_000) {
            assert_eq!(medium_in(&lead), medium_in_lowered(&lead), "{lead:?}");
            found += usize::from(medium_in(&lead).is_some());
        }
        assert!(found > 5_000 && found < 19_000, "{found}");
    }

    #[test]
    fn the_last_sentence_starts_where_a_search_from_the_start_says() {
        let pieces = [
            ".",
            "?",
            "!",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "”",
            "’",
            "\"",
            "[^1]",
            "[^a.b]",
            "[^a.]",
            "[^",
            "]",
            "x",
            "Word",
            "é",
            ". ",
            "!”[^2] ",
            "...",
        ];
        let texts = crate::parse::generated_texts(&pieces, 3, 30_000);
        let mut found = 0;
        for text in &texts {
            let forward = SENTENCE_END.find_iter(text).last().map(|m| m.end());
            assert_eq!(sentence_start(text), forward, "{text:?}");
            found += usize::from(forward.is_some());
        }
        assert!(found > 20_000, "{found}");
    }

    #[test]
    fn the_speaker_is_who_says_it() {
        let people = People {
            names: vec![
                ("Kim Il-sung".into(), "Kim Il-sung".into()),
                ("Stalin".into(), "Joseph Stalin".into()),
                ("Mao".into(), "Mao Zedong".into()),
                ("Kim".into(), "Kim Il-sung".into()),
            ],
        };
        let speaker = |lead: &str| {
            people
                .speaker_in(lead, 0)
                .map(|(s, c)| (s.slice(lead).to_owned(), c))
        };
        let who = |lead: &str| speaker(lead).map(|(_, c)| c);
        assert_eq!(
            who("When Kim Il-sung asked Stalin for instructions, Stalin told him: "),
            Some("Joseph Stalin".into())
        );
        assert_eq!(
            who("Stalin wrote to Mao the next day: "),
            Some("Joseph Stalin".into())
        );
        assert_eq!(
            who("On the same day, Mao telegraphed Stalin that "),
            Some("Mao Zedong".into())
        );
        assert_eq!(
            speaker("In a letter, Kim Il-sung's request to Stalin: "),
            Some(("Kim Il-sung".into(), "Kim Il-sung".into()))
        );
    }

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
