//! Helpers several rules share: where a date sits, which document a note cites next, which
//! events the text names.

use crate::Workspace;
use crate::model::{Bibliography, Container, DateMention, Document, Event, When};
use crate::source::Span;
use jiff::civil::Date;
use regex::Regex;

/// Words that show a citation of a dated document, unless configured otherwise.
pub const DOCUMENT_WORDS: &[&str] = &["telegram", "cable", "letter", "memorandum", "message"];

/// A calendar date that names one day (the last day of a range), with a known year.
pub fn full_date(m: &DateMention) -> Option<Date> {
    match &m.when {
        When::Calendar(c) => c.last_day(),
        _ => None,
    }
}

/// The block of text that holds `span`.
pub fn block_of(doc: &Document, span: Span) -> Option<Span> {
    doc.block_at(span).map(|b| b.span)
}

/// The first full date after byte `after` in `container` that follows a citation of a document
/// ("See Ciphered Telegram, …, 2 June 1951"): its span, date and the kind of document.
pub fn document_date_after<'w>(
    doc: &Document,
    text: &str,
    container: Container,
    after: usize,
    words: &'w [String],
) -> Option<(Span, Date, &'w str)> {
    let within = doc.container_span(container);
    doc.dates_in(Span::new(after, within.end()))
        .iter()
        .filter(|d| d.container == container)
        .find_map(|d| {
            let date = full_date(d)?;
            let genre = genre(text.get(after..d.span.start())?, words)?;
            Some((d.span, date, genre))
        })
}

/// The date of the document cited for the event of mention `i`: in a note, the next document
/// date after it; in prose, the one dated document of the note that ends its sentence.
pub fn cited_for<'w>(
    doc: &Document,
    text: &str,
    i: usize,
    words: &'w [String],
) -> Option<(Span, Date, &'w str)> {
    let mention = &doc.dates[i];
    match mention.container {
        Container::Prose => {
            let block = block_of(doc, mention.span)?;
            let note = doc.next_note_ref(mention.span.end(), block.end())?;
            // A sentence ends between them (at a space or a line break): the note is another
            // sentence's.
            let between = text.get(mention.span.end()..note.span.start())?;
            if between
                .match_indices(['.', '?', '!'])
                .any(|(i, _)| between[i + 1..].starts_with(char::is_whitespace))
            {
                return None;
            }
            let index = doc.note_index(&note.label)?;
            let in_note: Vec<_> = doc
                .dates_in(doc.note_defs[index].span)
                .iter()
                .filter(|d| d.container == Container::note(index))
                .filter_map(|d| Some((d, full_date(d)?)))
                .collect();
            let def = doc.note_defs[index].span;
            let (first, date) = *in_note.first()?;
            // Only a note that cites one dated document can be compared.
            if in_note.iter().any(|(_, d)| *d != date) {
                return None;
            }
            let genre = genre(text.get(def.start()..first.span.start())?, words)?;
            Some((first.span, date, genre))
        }
        container => document_date_after(doc, text, container, mention.span.end(), words),
    }
}

/// The kind of document a stretch of citation text names: the last of `words` in it, or
/// "document" after a bare "see".
pub fn genre<'w>(between: &str, words: &'w [String]) -> Option<&'w str> {
    let lower = between.to_lowercase();
    let named = words
        .iter()
        .filter_map(|word| lower.rfind(word.as_str()).map(|at| (at, word.as_str())))
        .max_by_key(|(at, _)| *at)
        .map(|(_, word)| word);
    named.or_else(|| lower.contains("see ").then_some("document"))
}

/// Where the text names a recorded event.
pub struct EventMention<'a> {
    pub event: &'a Event,
    pub bibliography: &'a Bibliography,
    pub span: Span,
    pub container: Container,
}

/// One regex for all the phrases of an event: any case, any run of spaces or line breaks
/// between words, either kind of apostrophe. ASCII case folding and word boundaries keep it
/// quick to build and to run.
fn phrases_regex(phrases: &[crate::source::Spanned<String>]) -> Option<Regex> {
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| {
            p.value
                .split_whitespace()
                .map(|w| regex::escape(w).replace(['\'', '’'], "(?:'|’)"))
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .filter(|p| !p.is_empty())
        .collect();
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&format!(r"(?i-u)\b(?:{})\b", alternatives.join("|"))).ok()
}

/// The phrases that name each bibliography's events, compiled once per run.
pub struct EventPhrases {
    /// For each bibliography, (event index, pattern).
    by_bibliography: Vec<Vec<(usize, Regex)>>,
}

impl EventPhrases {
    pub fn new(ws: &Workspace) -> Self {
        let by_bibliography = ws
            .bibliographies
            .iter()
            .map(|bib| {
                bib.events
                    .iter()
                    .enumerate()
                    .filter_map(|(e, event)| phrases_regex(&event.phrases).map(|re| (e, re)))
                    .collect()
            })
            .collect();
        EventPhrases { by_bibliography }
    }
}

/// Every place `doc` names an event recorded in the bibliographies `linked`, in text order.
pub fn event_mentions<'a>(
    doc: &Document,
    text: &str,
    ws: &'a Workspace,
    linked: &[usize],
    phrases: &EventPhrases,
) -> Vec<EventMention<'a>> {
    let mut found = Vec::new();
    for &b in linked {
        let bib = &ws.bibliographies[b];
        for (e, re) in &phrases.by_bibliography[b] {
            for block in &doc.blocks {
                for m in re.find_iter(block.span.slice(text)) {
                    found.push(EventMention {
                        event: &bib.events[*e],
                        bibliography: bib,
                        span: Span::from(m.range()).shift(block.span.start()),
                        container: block.container,
                    });
                }
            }
        }
    }
    found.sort_by_key(|m| m.span.start());
    found
}
