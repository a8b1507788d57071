//! Pandoc Markdown manuscripts: front matter, notes, note references, citations, text blocks.
//!
//! pulldown-cmark finds the block structure, footnote definitions and code; the text of each
//! run of inline content is then scanned in place for `[^label]`, `^[...]` and Pandoc citations,
//! so every item keeps its byte span in the file. The parser never fails: a front matter that
//! is not YAML gives a located diagnostic and the rest of the file is still read.

use crate::diagnostic::{Diagnostic, Label};
use crate::model::{
    Block, Citation, Container, DateMention, Document, FrontMatter, InlineNote, NoteDef, NoteRef,
    Quotation, Resolved, Suppression, SuppressionKind, When,
};
use crate::parse::citation::{self, Brackets};
use crate::parse::yaml::{self, NodeKind};
use crate::parse::{prose_date, quotation};
use crate::source::{SourceId, Span, Spanned};
use crate::{Limits, Style};
use memchr::memmem;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Name of the diagnostic given when the front matter cannot be read.
pub const FRONT_MATTER: &str = "front-matter-syntax";

static SUPPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--\s*cite-lint-(?P<directive>[A-Za-z-]+)(?P<rest>.*?)-->")
        .expect("valid regex")
});

/// A note reference; [`note_refs`] finds what it finds. Kept for the test that compares them.
#[cfg(test)]
static NOTE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^([^\]\s\[^]+)\]").expect("valid regex"));

pub fn parse(
    source: SourceId,
    text: &str,
    style: &Style,
    limits: &Limits,
) -> (Document, Vec<Diagnostic>) {
    let mut doc = Document {
        source,
        ..Document::default()
    };
    let mut diagnostics = Vec::new();
    if let Some((span, inner)) = front_matter_span(text) {
        doc.front_matter = Some(read_front_matter(
            source,
            text,
            span,
            inner,
            &mut diagnostics,
        ));
    }
    let (runs, html) = match inline_runs(text, &mut doc, limits.max_nesting) {
        Ok(found) => found,
        Err(at) => {
            let message = format!(
                "blocks are nested more than {} levels deep here; the file was not checked",
                limits.max_nesting
            );
            let empty = Document {
                source,
                ..Document::default()
            };
            return (
                empty,
                vec![crate::limit_exceeded(source, Span::new(at, at), message)],
            );
        }
    };
    if let Some(long) = doc.note_defs.iter().find(|d| {
        let note = d.span.slice(text);
        // A note has at least as many bytes as characters: count only long ones.
        note.len() > limits.max_note_length && note.chars().count() > limits.max_note_length
    }) {
        let message = format!(
            "note [^{}] is longer than {} characters; the file was not checked",
            long.label, limits.max_note_length
        );
        let empty = Document {
            source,
            ..Document::default()
        };
        return (
            empty,
            vec![crate::limit_exceeded(source, long.label_span, message)],
        );
    }
    for span in html {
        read_suppressions(text, span, &mut doc);
    }
    // The dates of all runs are found in one pass over their masked texts put end to end:
    // one pattern search per document instead of one per paragraph.
    let mut joined = Joined::default();
    // The runs and their separators never outgrow the text: room for all of it at once.
    joined.text.reserve(text.len() + runs.len());
    joined.runs.reserve(runs.len());
    for run in runs {
        scan_run(text, &run, &mut doc, &mut joined);
    }
    scan_dates(&joined, &mut doc);
    doc.note_refs.sort_by_key(|r| r.span.start());
    doc.citations.sort_by_key(|c| c.key.span.start());
    doc.blocks.sort_by_key(|b| b.span.start());
    doc.dates.sort_by_key(|d| d.span.start());
    doc.quotations.sort_by_key(|q| q.span.start());
    // Sorted by label, and for a label defined twice the first definition alone.
    let mut labels: Vec<u32> = (0..doc.note_defs.len() as u32).collect();
    labels.sort_by(|&a, &b| {
        doc.note_defs[a as usize]
            .label
            .cmp(&doc.note_defs[b as usize].label)
    });
    labels.dedup_by(|later, first| {
        doc.note_defs[*later as usize].label == doc.note_defs[*first as usize].label
    });
    doc.note_labels = labels;
    if style.infer_year {
        infer_years(&mut doc.dates);
    }
    resolve_relative(&mut doc.dates, &doc.blocks);
    read_note_citations(text, &mut doc);
    // A backlist holds hundreds of thousands of these: keep no spare room.
    doc.note_refs.shrink_to_fit();
    doc.citations.shrink_to_fit();
    doc.blocks.shrink_to_fit();
    doc.dates.shrink_to_fit();
    doc.quotations.shrink_to_fit();
    (doc, diagnostics)
}

/// The `---` ... `---` (or `...`) block at the very top, and the YAML inside it.
fn front_matter_span(text: &str) -> Option<(Span, Span)> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let inner_start = text.find('\n')? + 1;
    let mut offset = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Some((
                Span::new(0, offset + line.len()),
                Span::new(inner_start, offset),
            ));
        }
        offset += line.len();
    }
    None
}

fn read_front_matter(
    source: SourceId,
    text: &str,
    span: Span,
    inner: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut fm = FrontMatter {
        span,
        bibliography: Vec::new(),
    };
    let root = match yaml::parse(inner.slice(text)) {
        Ok(root) => root,
        Err(e) => {
            let at = e.span.shift(inner.start());
            diagnostics.push(
                Diagnostic::new(
                    FRONT_MATTER,
                    format!("cannot read the front matter: {}", e.message),
                    Label::new(source, at, "here"),
                )
                .with_help("fix the YAML between the `---` lines; until then the bibliography it names is unknown")
                .fatal(),
            );
            return fm;
        }
    };
    let Some((_, value)) = root.as_ref().and_then(|r| r.get("bibliography")) else {
        return fm;
    };
    let items = match &value.kind {
        NodeKind::Sequence(items) => items.iter().collect(),
        _ => vec![value],
    };
    for item in items {
        match item.as_str() {
            Some(path) if !item.is_null() => fm.bibliography.push(Spanned::new(
                path.to_owned(),
                item.span.shift(inner.start()),
            )),
            _ => diagnostics.push(
                Diagnostic::new(
                    FRONT_MATTER,
                    format!("`bibliography` should name a file, not {}", item.describe()),
                    Label::new(source, item.span.shift(inner.start()), "here"),
                )
                .with_help("write `bibliography: path/to/file.yaml`, or a list of such paths")
                .fatal(),
            ),
        }
    }
    fm
}

/// A run of inline content, with the byte ranges of code and HTML inside it to be skipped.
struct Run {
    span: Span,
    masked: Vec<Span>,
    container: Container,
}

/// Runs of inline text, and the spans of HTML (where suppression comments live); or where the
/// nesting of blocks went deeper than `max_nesting`.
fn inline_runs(
    text: &str,
    doc: &mut Document,
    max_nesting: usize,
) -> Result<(Vec<Run>, Vec<Span>), usize> {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH;
    let mut runs = Vec::new();
    let mut html: Vec<Span> = Vec::new();
    let mut current: Option<Run> = None;
    let mut notes: Vec<usize> = Vec::new();
    let mut skip_depth = 0usize; // inside code blocks and metadata blocks
    let mut depth = 0usize; // block quotes, lists, items and notes
    let flush = |current: &mut Option<Run>, runs: &mut Vec<Run>| {
        if let Some(run) = current.take() {
            runs.push(run);
        }
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let span = Span::from(range);
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            match html.last_mut() {
                Some(last) if last.end() == span.start() => *last = last.with_end(span.end()),
                _ => html.push(span),
            }
        }
        let inline = match &event {
            Event::Start(tag) => is_inline(tag),
            Event::End(tag) => is_inline_end(*tag),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => true,
            Event::Html(_) | Event::Rule => false,
        };
        if !inline {
            flush(&mut current, &mut runs);
            match &event {
                Event::Start(
                    Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
                ) => {
                    depth += 1;
                    if depth > max_nesting {
                        return Err(span.start());
                    }
                }
                Event::End(
                    TagEnd::BlockQuote(_)
                    | TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::FootnoteDefinition,
                ) => depth = depth.saturating_sub(1),
                _ => {}
            }
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let label_end = text[span.start()..span.end()]
                        .find("]:")
                        .map_or(span.start(), |i| span.start() + i + 2);
                    notes.push(doc.note_defs.len());
                    doc.note_defs.push(NoteDef {
                        label: label.as_ref().into(),
                        span: trim_end(text, span),
                        label_span: Span::new(span.start(), label_end),
                    });
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    notes.pop();
                }
                Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => {
                    skip_depth += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                    skip_depth = skip_depth.saturating_sub(1)
                }
                _ => {}
            }
            continue;
        }
        if skip_depth > 0 {
            continue;
        }
        let container = notes
            .last()
            .map_or(Container::Prose, |&i| Container::note(i));
        let run = current.get_or_insert(Run {
            span,
            masked: Vec::new(),
            container,
        });
        run.span = run.span.with_end(run.span.end().max(span.end()));
        if matches!(
            event,
            Event::Code(_) | Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_)
        ) {
            run.masked.push(span);
        }
    }
    flush(&mut current, &mut runs);
    Ok((runs, html))
}

/// Reads `<!-- cite-lint-... -->` comments in a stretch of HTML.
fn read_suppressions(text: &str, html: Span, doc: &mut Document) {
    let raw = html.slice(text);
    for c in SUPPRESSION.captures_iter(raw) {
        let whole = c.get(0).expect("group 0");
        let d = c.name("directive").expect("directive");
        let kind = match d.as_str() {
            "disable-next-line" => SuppressionKind::NextLine,
            "disable" => SuppressionKind::Disable,
            "enable" => SuppressionKind::Enable,
            _ => SuppressionKind::Unknown,
        };
        let rest = c.name("rest").expect("rest");
        let (names, reason) = match rest.as_str().split_once("--") {
            Some((names, reason)) => (names, Some(reason.trim().to_owned())),
            None => (rest.as_str(), None),
        };
        let mut rules = Vec::new();
        let mut offset = rest.start();
        for piece in names.split_inclusive([',', ' ', '\n', '\t']) {
            let name = piece.trim_end_matches([',', ' ', '\n', '\t', '\r']);
            if !name.is_empty() {
                rules.push(Spanned::new(
                    name.to_owned(),
                    Span::new(offset, offset + name.len()).shift(html.start()),
                ));
            }
            offset += piece.len();
        }
        doc.suppressions.push(Suppression {
            kind,
            span: Span::from(whole.range()).shift(html.start()),
            directive: Spanned::new(
                d.as_str().to_owned(),
                Span::from(d.range()).shift(html.start()),
            ),
            rules,
            reason: reason.filter(|r| !r.is_empty()),
        });
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn trim_end(text: &str, span: Span) -> Span {
    let trimmed = span.slice(text).trim_end();
    Span::new(span.start(), span.start() + trimmed.len())
}

/// The masked texts of a document's runs end to end, each followed by a NUL, which no date
/// pattern matches: a date found in it lies within one run.
#[derive(Default)]
struct Joined {
    text: String,
    runs: Vec<Placed>,
}

/// Where a run's masked text sits in [`Joined`], and what is needed to place what is found there.
struct Placed {
    at: usize,
    start: usize,
    container: Container,
    inline: Vec<(Span, usize)>,
}

/// The container at offset `at` of a run: an inline note inside it, or the run's own.
fn container_in(inline: &[(Span, usize)], default: Container, at: usize) -> Container {
    inline
        .iter()
        .find(|(span, _)| span.start() <= at && at < span.end())
        .map_or(default, |&(_, index)| Container::inline_note(index))
}

/// Dates and relative dates, found in the joined runs.
fn scan_dates(joined: &Joined, doc: &mut Document) {
    for (span, mut when) in prose_date::scan(&joined.text) {
        let Some(placed) = joined
            .runs
            .partition_point(|p| p.at <= span.start())
            .checked_sub(1)
            .map(|i| &joined.runs[i])
        else {
            continue;
        };
        let place =
            |s: Span| Span::new(s.start() - placed.at, s.end() - placed.at).shift(placed.start);
        // Spans inside the date (its weekday, its time) are placed too.
        if let When::Calendar(c) = &mut when {
            if let Some((_, w)) = &mut c.weekday {
                *w = place(*w);
            }
            if let Some((_, _, t)) = &mut c.time {
                *t = place(*t);
            }
        }
        doc.dates.push(DateMention {
            span: place(span),
            container: container_in(&placed.inline, placed.container, span.start() - placed.at),
            when,
        });
    }
}

/// Finds note references, inline notes and citations in one run of text, and adds its masked
/// text to `joined` for the dates.
fn scan_run(text: &str, run: &Run, doc: &mut Document, joined: &mut Joined) {
    let at = joined.text.len();
    push_masked(text, run, &mut joined.text);
    let masked = &joined.text[at..];
    let bytes = masked.as_bytes();
    let brackets = Brackets::new(bytes);
    doc.blocks.push(Block {
        span: run.span,
        container: run.container,
    });
    // Inline notes `^[...]` first: what is inside them belongs to the note.
    let mut inline: Vec<(Span, usize)> = Vec::new();
    let mut i = 0;
    while let Some(found) = INLINE_NOTE_OPEN.find(&bytes[i..]) {
        let open = i + found + 1;
        match brackets.close(open) {
            Some(close) => {
                let index = doc.inline_notes.len();
                let note = InlineNote {
                    span: Span::new(open - 1, close + 1).shift(run.span.start()),
                    body: Span::new(open + 1, close).shift(run.span.start()),
                };
                inline.push((Span::new(open - 1, close + 1), index));
                doc.inline_notes.push(note);
                i = close + 1;
            }
            None => i = open + 1,
        }
    }
    let container_at = |at: usize| container_in(&inline, run.container, at);
    for (whole, label) in note_refs(masked) {
        if bytes[..whole.start].ends_with(b"\\") {
            continue;
        }
        doc.note_refs.push(NoteRef {
            label: masked[label].into(),
            span: Span::from(whole.clone()).shift(run.span.start()),
            container: container_at(whole.start),
        });
    }
    for (span, inner) in quotation::scan(masked) {
        doc.quotations.push(Quotation {
            span: span.shift(run.span.start()),
            text: inner.shift(run.span.start()),
            container: container_at(span.start()),
        });
    }
    for found in citation::scan_with(masked, &brackets) {
        let shift = |s: Span| s.shift(run.span.start());
        doc.citations.push(Citation {
            key: Spanned::new(found.key, shift(found.key_span)),
            locator: found.locator.map(|(l, s)| Spanned::new(l, shift(s))),
            group: shift(found.group),
            container: container_at(found.key_span.start()),
        });
    }
    joined.runs.push(Placed {
        at,
        start: run.span.start(),
        container: run.container,
        inline,
    });
    joined.text.push('\0');
}

/// Where an inline note opens: `^[`.
static INLINE_NOTE_OPEN: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("^["));

/// Where a note reference may open: `[^`.
static NOTE_REF_OPEN: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("[^"));

/// The note references `[^label]` in `text`, each with its label, as `NOTE_REF` finds them:
/// a label is one or more characters other than brackets, `^` and white space, so no match
/// holds the start of another.
fn note_refs(text: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    NOTE_REF_OPEN
        .find_iter(text.as_bytes())
        .filter_map(move |open| {
            let label = open + 2;
            let len = text[label..]
                .find(|c: char| matches!(c, ']' | '[' | '^') || c.is_whitespace())
                .unwrap_or(text.len() - label);
            let end = label + len;
            (len > 0 && text[end..].starts_with(']')).then_some((open..end + 1, label..end))
        })
}
/// Gives a year to dates written without one ("23 June"), from the nearest earlier date with
/// a year in the same flow of text: the running prose, or the same note.
fn infer_years(dates: &mut [DateMention]) {
    let mut last: Vec<(Container, i32)> = Vec::new();
    for mention in dates {
        let When::Calendar(date) = &mut mention.when else {
            continue;
        };
        let slot = last.iter_mut().find(|(c, _)| *c == mention.container);
        match (date.year, slot) {
            (Some(year), Some(slot)) => slot.1 = year,
            (Some(year), None) => last.push((mention.container, year)),
            (None, Some(&mut (_, year))) => {
                date.year = Some(year);
                date.year_inferred = true;
            }
            (None, None) => {}
        }
    }
}

/// Counts each relative date from the last full date before it in the same note, or in the
/// same paragraph of prose. With no such date it stays unresolved.
fn resolve_relative(dates: &mut [DateMention], blocks: &[Block]) {
    for i in 0..dates.len() {
        let When::Relative { days, .. } = dates[i].when else {
            continue;
        };
        let (span, container) = (dates[i].span, dates[i].container);
        let block_start = blocks
            .partition_point(|b| b.span.start() <= span.start())
            .checked_sub(1)
            .map_or(span.start(), |b| blocks[b].span.start());
        let anchor = dates[..i]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, a)| a.container == container)
            .take_while(|(_, a)| container != Container::Prose || a.span.start() >= block_start)
            .find_map(|(j, a)| match &a.when {
                When::Calendar(c) => Some((j, c.last_day()?)),
                _ => None,
            });
        let resolved = anchor.and_then(|(j, date)| {
            let date = date.checked_add(jiff::Span::new().days(days)).ok()?;
            Some(Resolved { anchor: j, date })
        });
        dates[i].when = When::Relative { days, resolved };
    }
}

/// Appends the run's text to `out` with code, math and HTML replaced by spaces, so offsets
/// stay the same.
fn push_masked(text: &str, run: &Run, out: &mut String) {
    let at = out.len();
    out.push_str(run.span.slice(text));
    for m in &run.masked {
        let local = (m.start() - run.span.start() + at)..(m.end() - run.span.start() + at);
        if out.is_char_boundary(local.start) && out.is_char_boundary(local.end) {
            out.replace_range(local.clone(), &" ".repeat(local.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let (doc, diags) = parse(SourceId(0), text, &Style::default(), &Limits::default());
        assert!(diags.is_empty(), "{diags:?}");
        doc
    }

    #[test]
    fn note_refs_are_those_of_the_pattern() {
        let pieces = [
            "[^", "[", "]", "^", "1", "note", "x", " ", "\n", "\u{a0}", "[^1]", "[^[^2]", "é",
            "\\", "^[", "a]", "\u{2003}",
        ];
        let texts = crate::parse::generated_texts(&pieces, 11, 30_000);
        let mut found = 0;
        for text in &texts {
            let fast: Vec<_> = note_refs(text).collect();
            let plain: Vec<_> = NOTE_REF
                .captures_iter(text)
                .map(|c| {
                    (
                        c.get(0).expect("whole").range(),
                        c.get(1).expect("label").range(),
                    )
                })
                .collect();
            assert_eq!(fast, plain, "{text:?}");
            found += plain.len();
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn dates_stay_within_their_paragraph() {
        // "12" ends one paragraph and "June 1951" starts the next: no "12 June 1951".
        let text = "The count was 12\n\nJune 1951 began^[On 2 June 1951.] quietly.[^1]\n\n[^1]: Friday, 1 June 1951.\n";
        let d = doc(text);
        let found: Vec<(&str, Container)> = d
            .dates
            .iter()
            .map(|m| (m.span.slice(text), m.container))
            .collect();
        assert_eq!(
            found,
            [
                ("June 1951", Container::Prose),
                ("2 June 1951", Container::InlineNote(0)),
                ("1 June 1951", Container::Note(0)),
            ]
        );
        let When::Calendar(c) = &d.dates[2].when else {
            panic!("a calendar date")
        };
        assert_eq!(c.weekday.map(|(_, s)| s.slice(text)), Some("Friday"));
    }

    #[test]
    fn notes_and_references_with_spans() {
        let text =
            "Stalin wrote.[^1] Mao replied.[^2]\n\n[^1]: Ibid.\n[^2]: See [@stueck1995, p. 208].\n";
        let d = doc(text);
        let labels: Vec<_> = d.note_refs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(d.note_refs[1].span.slice(text), "[^2]");
        assert_eq!(d.note_defs.len(), 2);
        assert_eq!(d.note_defs[0].label_span.slice(text), "[^1]:");
        assert_eq!(
            d.note_defs[1].span.slice(text),
            "[^2]: See [@stueck1995, p. 208]."
        );
        assert_eq!(d.citations.len(), 1);
        assert_eq!(d.citations[0].container, Container::Note(1));
        assert_eq!(
            d.citations[0].locator.as_ref().unwrap().span.slice(text),
            "p. 208"
        );
    }

    #[test]
    fn undefined_references_are_still_found() {
        let d = doc("Text.[^9]\n");
        assert_eq!(d.note_refs.len(), 1);
        assert_eq!(d.note_refs[0].label, "9");
    }

    #[test]
    fn duplicate_definitions_are_both_kept() {
        let d = doc("A.[^1]\n\n[^1]: One.\n\n[^1]: Two.\n");
        assert_eq!(d.note_defs.len(), 2);
    }

    #[test]
    fn a_note_label_finds_its_first_definition() {
        let d = doc(
            "A.[^b] B.[^a] C.[^10]\n\n[^b]: Two.\n\n[^a]: One.\n\n[^b]: Again.\n\n[^10]: Ten.\n",
        );
        assert_eq!(d.note_index("b"), Some(0));
        assert_eq!(d.note_index("a"), Some(1));
        assert_eq!(d.note_index("10"), Some(3));
        assert_eq!(d.note_index("1"), None);
        assert_eq!(d.note_index("c"), None);
    }

    #[test]
    fn inline_notes_own_their_citations() {
        let text = "Malik spoke.^[See [@frus1951, p. 547].] Then.";
        let d = doc(text);
        assert_eq!(d.inline_notes.len(), 1);
        assert_eq!(
            d.inline_notes[0].body.slice(text),
            "See [@frus1951, p. 547]."
        );
        assert_eq!(d.citations[0].container, Container::InlineNote(0));
    }

    #[test]
    fn code_is_skipped() {
        let d = doc("Use `[@notakey]` and `[^x]`.\n\n```\n[@alsonot] [^y]\n```\n");
        assert!(d.citations.is_empty());
        assert!(d.note_refs.is_empty());
    }

    #[test]
    fn editorial_brackets_are_not_links_or_citations() {
        let d = doc("“[Y]ou must always know,” Filippov [Stalin] wrote.\n");
        assert!(d.citations.is_empty());
        assert!(d.note_refs.is_empty());
    }

    #[test]
    fn front_matter_names_the_bibliography() {
        let text = "---\ntitle: X\nbibliography: ../bib/a.yaml\n---\n\nText.\n";
        let d = doc(text);
        let fm = d.front_matter.unwrap();
        assert_eq!(fm.bibliography[0].value, "../bib/a.yaml");
        assert_eq!(fm.bibliography[0].span.slice(text), "../bib/a.yaml");
        assert!(
            d.blocks
                .iter()
                .all(|b| !b.span.slice(text).contains("title"))
        );
    }

    #[test]
    fn broken_front_matter_is_located() {
        let text = "---\ntitle: [oops\n---\nText.\n";
        let (_, diags) = parse(SourceId(0), text, &Style::default(), &Limits::default());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, FRONT_MATTER);
    }

    #[test]
    fn dates_get_their_year_from_the_same_flow() {
        let text =
            "On 5 December 1950 it met. On 11 January it voted.[^1]\n\n[^1]: Dated 17 January.\n";
        let d = doc(text);
        let years: Vec<_> = d
            .dates
            .iter()
            .map(|m| match &m.when {
                When::Calendar(c) => (m.span.slice(text), c.year, c.year_inferred),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            years,
            [
                ("5 December 1950", Some(1950), false),
                ("11 January", Some(1950), true),
                ("17 January", None, false)
            ]
        );
    }

    #[test]
    fn suppression_comments() {
        let text = "<!-- cite-lint-disable-next-line undefined-note, unused-note -- checked with the press -->\nText.[^1] <!-- cite-lint-enable -->\n";
        let d = doc(text);
        assert_eq!(d.suppressions.len(), 2);
        let s = &d.suppressions[0];
        assert_eq!(s.kind, SuppressionKind::NextLine);
        let names: Vec<_> = s.rules.iter().map(|r| r.span.slice(text)).collect();
        assert_eq!(names, ["undefined-note", "unused-note"]);
        assert_eq!(s.reason.as_deref(), Some("checked with the press"));
        assert_eq!(d.suppressions[1].kind, SuppressionKind::Enable);
        assert!(d.suppressions[1].rules.is_empty());
    }

    #[test]
    fn nesting_and_note_length_limits() {
        let limits = Limits {
            max_nesting: 3,
            max_note_length: 20,
            ..Limits::default()
        };
        let deep = "> > > > too deep\n";
        let (d, diags) = parse(SourceId(0), deep, &Style::default(), &limits);
        assert_eq!(diags[0].rule, crate::LIMIT_EXCEEDED);
        assert_eq!(diags[0].primary.span.start(), 6);
        assert!(d.blocks.is_empty());
        let long = "A.[^1]\n\n[^1]: This note is far too long for the limit.\n";
        let (_, diags) = parse(SourceId(0), long, &Style::default(), &limits);
        assert!(
            diags[0]
                .message
                .starts_with("note [^1] is longer than 20 characters")
        );
        let (_, diags) = parse(
            SourceId(0),
            "> > ok[^1]\n\n[^1]: Short.\n",
            &Style::default(),
            &limits,
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn escaped_references_are_text() {
        let d = doc(r"Not a note: \[^1].");
        assert!(d.note_refs.is_empty());
    }
}

#[cfg(test)]
mod relative_dates {
    use super::*;

    /// What each relative expression resolves to, counted from 23 June 1951 in the same
    /// paragraph.
    fn resolve(phrase: &str) -> Option<String> {
        let text = format!("Malik spoke on 23 June 1951. {phrase}, Stalin wrote.\n");
        let (doc, _) = parse(SourceId(0), &text, &Style::default(), &Limits::default());
        let found: Vec<_> = doc
            .dates
            .iter()
            .filter_map(|m| match &m.when {
                When::Relative { resolved, .. } => {
                    Some((m.span.slice(&text).to_owned(), *resolved))
                }
                _ => None,
            })
            .collect();
        assert_eq!(found.len(), 1, "{phrase}: {found:?}");
        assert!(
            phrase.to_lowercase().contains(&found[0].0.to_lowercase()),
            "{phrase}: {found:?}"
        );
        found[0]
            .1
            .map(|r| crate::model::chronology::format_date(r.date))
    }

    #[test]
    fn each_relative_expression_resolves_from_the_date_before_it() {
        let cases = [
            ("The next day", "24 June 1951"),
            ("The following day", "24 June 1951"),
            ("On the same day", "23 June 1951"),
            ("That same night", "23 June 1951"),
            ("Eight days later", "1 July 1951"),
            ("Two days earlier", "21 June 1951"),
            ("A week later", "30 June 1951"),
            ("The day before", "22 June 1951"),
            ("On the third day", "25 June 1951"),
        ];
        for (phrase, expected) in cases {
            assert_eq!(resolve(phrase).as_deref(), Some(expected), "{phrase}");
        }
    }

    #[test]
    fn a_relative_expression_with_nothing_to_count_from_stays_unresolved() {
        // As in the chapter: "On the same day, Mao reported … On the third day, Stalin sent a
        // telegram", in a paragraph whose only dates are a month and a year.
        let text = "Kim had hoped to sign in May 1952. On the same day, Mao reported to Stalin. On the third day, Stalin sent a telegram.\n\n\
                    On 30 June 1951 Ridgway spoke.\n\nThe next day, in another paragraph, nothing.\n";
        let (doc, _) = parse(SourceId(0), text, &Style::default(), &Limits::default());
        let relative: Vec<_> = doc
            .dates
            .iter()
            .filter_map(|m| match &m.when {
                When::Relative { resolved, .. } => Some((m.span.slice(text), resolved.is_some())),
                _ => None,
            })
            .collect();
        assert_eq!(
            relative,
            [
                ("the same day", false),
                ("the third day", false),
                ("The next day", false)
            ]
        );
    }
}

/// The citations in each note, in file order.
fn read_note_citations(text: &str, doc: &mut Document) {
    let bodies = doc
        .note_defs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                Span::new(d.label_span.end(), d.span.end()),
                Container::note(i),
            )
        })
        .chain(
            doc.inline_notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.body, Container::inline_note(i))),
        );
    let mut found = Vec::new();
    for (body, note) in bodies {
        let from = doc.dates.partition_point(|d| d.span.start() < body.start());
        let to = doc.dates.partition_point(|d| d.span.start() < body.end());
        let kfrom = doc
            .citations
            .partition_point(|c| c.group.start() < body.start());
        let kto = doc
            .citations
            .partition_point(|c| c.group.start() < body.end());
        found.extend(crate::parse::note_citation::extract(
            text,
            body,
            note,
            &doc.dates[from..to.max(from)],
            &doc.citations[kfrom..kto.max(kfrom)],
        ));
    }
    found.sort_by_key(|c| c.span.start());
    found.shrink_to_fit();
    // Most citations have one author and one locator: no room kept for more.
    for c in &mut found {
        c.shrink_to_fit();
    }
    doc.note_citations = found;
}
