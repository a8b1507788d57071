//! Properties every fuzz target checks: spans inside their source and on character
//! boundaries, and the same result on a second run.

use cite_lint::diagnostic::Diagnostic;
use cite_lint::model::{Bibliography, Document, When};
use cite_lint::source::SourceId;
use cite_lint::source::Span;

/// Panics unless `span` lies inside `text` on character boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(span.start() <= span.end() && span.end() <= text.len(), "{what} {span:?} outside a text of {} bytes", text.len());
    assert!(text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()), "{what} {span:?} inside a character");
}

pub fn assert_document_spans(text: &str, doc: &Document) {
    if let Some(fm) = &doc.front_matter {
        assert_span(text, fm.span, "front matter");
        fm.bibliography.iter().for_each(|b| assert_span(text, b.span, "front matter bibliography"));
    }
    doc.note_refs.iter().for_each(|r| assert_span(text, r.span, "note reference"));
    for d in &doc.note_defs {
        assert_span(text, d.span, "note definition");
        assert_span(text, d.label_span, "note label");
    }
    for n in &doc.inline_notes {
        assert_span(text, n.span, "inline note");
        assert_span(text, n.body, "inline note body");
    }
    for c in &doc.citations {
        assert_span(text, c.key.span, "citation key");
        assert_span(text, c.group, "citation group");
        if let Some(l) = &c.locator {
            assert_span(text, l.span, "locator");
        }
    }
    doc.blocks.iter().for_each(|b| assert_span(text, b.span, "block"));
    for m in &doc.dates {
        assert_span(text, m.span, "date");
        if let When::Calendar(c) = &m.when {
            if let Some((_, s)) = c.weekday {
                assert_span(text, s, "weekday");
            }
        }
    }
    for c in &doc.note_citations {
        assert_span(text, c.span, "note citation");
        c.parts().for_each(|(_, p)| assert_span(text, p.span, "note citation part"));
        c.locators.iter().for_each(|l| assert_span(text, l.span, "locator"));
        c.date_span.iter().chain(&c.year_span).for_each(|s| assert_span(text, *s, "note citation date"));
    }
    for s in &doc.suppressions {
        assert_span(text, s.span, "suppression");
        assert_span(text, s.directive.span, "suppression directive");
        s.rules.iter().for_each(|r| assert_span(text, r.span, "suppressed rule"));
    }
}

pub fn assert_bibliography_spans(text: &str, bib: &Bibliography) {
    for e in &bib.entries {
        assert_span(text, e.span, "entry");
        e.keys.iter().for_each(|k| assert_span(text, *k, "entry key"));
        for s in [&e.id, &e.kind, &e.title, &e.container_title, &e.genre, &e.volume, &e.issue, &e.page].into_iter().flatten() {
            assert_span(text, s.span, "entry field");
        }
        e.author.iter().chain(&e.recipient).for_each(|n| assert_span(text, n.span, "name"));
        e.quotes.iter().for_each(|q| assert_span(text, q.span, "quote"));
        if let Some(d) = &e.issued {
            assert_span(text, d.span, "issued");
        }
        e.problems.iter().for_each(|p| assert_span(text, p.span, "entry problem"));
    }
    for p in &bib.people {
        assert_span(text, p.name.span, "person");
        p.aliases.iter().for_each(|a| assert_span(text, a.span, "alias"));
    }
}

/// What every bibliography reader must hold on any text: spans inside it, and the same
/// result twice.
pub fn check_bibliography_reader(data: &[u8], parse: fn(SourceId, &str) -> (Bibliography, Vec<Diagnostic>)) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (bib, diags) = parse(SourceId(0), text);
    assert_bibliography_spans(text, &bib);
    diags.iter().for_each(|d| assert_span(text, d.primary.span, "diagnostic"));
    let (again, diags_again) = parse(SourceId(0), text);
    assert_eq!(format!("{bib:?}"), format!("{again:?}"));
    assert_eq!(diags, diags_again);
}
