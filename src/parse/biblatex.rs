//! BibTeX and BibLaTeX bibliographies (`.bib`), as Zotero, JabRef and BibDesk export them, read
//! with the `biblatex` crate into the same entries as CSL.
//!
//! Values come from the crate's resolved bibliography (abbreviations expanded, names split into
//! family and given); spans come from its raw parse, so every field keeps its place in the file.

use crate::diagnostic::{Diagnostic, Label};
use crate::model::{Bibliography, Entry, EntryProblem, Name};
use crate::parse::bibliography::SYNTAX;
use crate::parse::csl_date::parse_edtf;
use crate::source::{SourceId, Span, Spanned};
use biblatex::ChunksExt;
use compact_str::CompactString;
use std::collections::HashMap;

pub fn parse(source: SourceId, text: &str) -> (Bibliography, Vec<Diagnostic>) {
    let mut bib = Bibliography {
        source,
        ..Bibliography::default()
    };
    let parsed = biblatex::RawBibliography::parse(text)
        .and_then(|raw| biblatex::Bibliography::parse(text).map(|full| (raw, full)));
    let (raw, full) = match parsed {
        Ok(both) => both,
        Err(e) => {
            let at = e.span.start.min(text.len());
            let end = e.span.end.clamp(at, text.len());
            return (
                bib,
                vec![
                    Diagnostic::new(
                        SYNTAX,
                        format!("cannot read this BibTeX/BibLaTeX bibliography: {}", e.kind),
                        Label::new(source, Span::new(at, end), "here"),
                    )
                    .with_help(
                        "fix the entry at this point; the bibliography was not read, so citations \
                         were not checked against it",
                    )
                    .fatal(),
                ],
            );
        }
    };
    // The raw entries give the spans: the entry, its key, and each field's name and value.
    let mut spans: HashMap<&str, &biblatex::Spanned<biblatex::RawEntry>> = HashMap::new();
    for e in &raw.entries {
        spans.entry(e.v.key.v).or_insert(e);
    }
    for e in full.iter() {
        let Some(raw) = spans.get(e.key.as_str()) else {
            continue;
        };
        bib.entries.push(read_entry(text, e, raw));
    }
    (bib, Vec::new())
}

fn span(r: &std::ops::Range<usize>) -> Span {
    Span::new(r.start, r.end)
}

fn read_entry(
    source: &str,
    e: &biblatex::Entry,
    raw: &biblatex::Spanned<biblatex::RawEntry>,
) -> Entry {
    let field_span = |name: &str| {
        raw.v
            .fields
            .iter()
            .find(|p| p.key.v.eq_ignore_ascii_case(name))
            .map(|p| inside_delimiters(source, span(&p.value.span)))
    };
    let text = |names: &[&str]| {
        names.iter().find_map(|name| {
            let chunks = e.get(name)?;
            let value = chunks.format_verbatim();
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(Spanned::new(CompactString::from(value), field_span(name)?))
        })
    };
    let names = |field: &str| -> Vec<Spanned<Name>> {
        let Some(at) = field_span(field) else {
            return Vec::new();
        };
        let Ok(people) = e.get_as::<Vec<biblatex::Person>>(field) else {
            return Vec::new();
        };
        people
            .into_iter()
            .map(|p| {
                let family = [p.prefix.as_str(), p.name.as_str(), p.suffix.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                let name = if p.given_name.is_empty() {
                    Name {
                        literal: Some(family.into()),
                        ..Name::default()
                    }
                } else {
                    Name {
                        family: Some(family.into()),
                        given: Some(p.given_name.into()),
                        literal: None,
                    }
                };
                Spanned::new(name, at)
            })
            .collect()
    };
    let genre = text(&["type"]);
    let entry_type = raw.v.kind.v.to_ascii_lowercase();
    let kind = match entry_type.as_str() {
        "article" => "article-journal",
        "book" | "mvbook" => "book",
        "inbook" | "incollection" | "bookinbook" => "chapter",
        "inproceedings" => "paper-conference",
        "letter" => "personal_communication",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        "report" | "techreport" => "report",
        "online" | "electronic" | "www" => "webpage",
        "misc"
            if genre
                .as_ref()
                .is_some_and(|g| g.value.to_lowercase().contains("interview")) =>
        {
            "interview"
        }
        "misc" | "unpublished" => "document",
        other => other,
    };
    let mut entry = Entry {
        span: span(&raw.span),
        id: Some(Spanned::new(e.key.as_str().into(), span(&raw.v.key.span))),
        kind: Some(Spanned::new(kind.into(), span(&raw.v.kind.span))),
        title: text(&["title"]),
        container_title: text(&["journaltitle", "journal", "booktitle", "maintitle"]),
        container_title_short: text(&["shortjournal"]),
        genre,
        author: names("author"),
        recipient: names("recipient"),
        volume: text(&["volume"]),
        page: text(&["pages"]),
        number_of_pages: text(&["pagetotal"]),
        keys: raw.v.fields.iter().map(|p| span(&p.key.span)).collect(),
        ..Entry::default()
    };
    // An article's `number` is its issue; anything else's is its own number.
    if kind == "article-journal" {
        entry.issue = text(&["issue", "number"]);
    } else {
        entry.issue = text(&["issue"]);
        entry.number = text(&["number"]);
    }
    let date = text(&["date"]).or_else(|| {
        let year = text(&["year"])?;
        let month = text(&["month"]).and_then(|m| month_number(&m.value));
        let value = match month {
            Some(m) => compact_str::format_compact!("{}-{m:02}", year.value),
            None => year.value,
        };
        Some(Spanned::new(value, year.span))
    });
    if let Some(date) = date {
        match parse_edtf(&date.value) {
            Ok(parsed) => entry.issued = Some(Spanned::new(parsed, date.span)),
            Err(why) => entry.problems.push(EntryProblem {
                span: date.span,
                message: format!("`{}` is not a date cite-lint can read: {why}", date.value),
                help: Some("write the date as YYYY, YYYY-MM or YYYY-MM-DD".into()),
            }),
        }
    }
    entry
}

/// The value without the braces or quotation marks around it.
fn inside_delimiters(text: &str, s: Span) -> Span {
    let value = s.slice(text);
    let wrapped = (value.starts_with('{') && value.ends_with('}'))
        || (value.len() >= 2 && value.starts_with('"') && value.ends_with('"'));
    if wrapped && value.len() >= 2 {
        Span::new(s.start() + 1, s.end() - 1)
    } else {
        s
    }
}

fn month_number(m: &str) -> Option<u8> {
    if let Ok(n) = m.trim().parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let lower = m.trim().to_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS
        .iter()
        .position(|p| lower.starts_with(p))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_with_spans() {
        let text = "@letter{filippov1951,\n  author = {{Filippov [Stalin]}},\n  recipient = {Mao, Zedong},\n  type = {Ciphered telegram},\n  journaltitle = {Cold War International History Project Bulletin},\n  shortjournal = {CWIHP Bulletin},\n  issue = {6-7},\n  pages = {62},\n  date = {1951-06-24},\n}\n@book{foot1990, author = {Foot, Rosemary}, title = {A Substitute for Victory}, year = {1990}, pagetotal = {273}}\n";
        let (bib, diagnostics) = parse(SourceId(0), text);
        assert!(diagnostics.is_empty());
        let e = &bib.entries[0];
        assert_eq!(e.kind.as_ref().unwrap().value, "personal_communication");
        assert_eq!(
            e.author[0].value.literal.as_deref(),
            Some("Filippov [Stalin]")
        );
        assert_eq!(e.recipient[0].value.family.as_deref(), Some("Mao"));
        assert_eq!(e.genre.as_ref().unwrap().value, "Ciphered telegram");
        assert_eq!(e.page.as_ref().unwrap().span.slice(text), "62");
        assert_eq!(e.id.as_ref().unwrap().span.slice(text), "filippov1951");
        let issued = &e.issued.as_ref().unwrap().value.parts[0];
        assert_eq!(
            (issued.year, issued.month, issued.day),
            (1951, Some(6), Some(24))
        );
        assert_eq!(
            bib.entries[1].number_of_pages.as_ref().unwrap().value,
            "273"
        );
    }

    #[test]
    fn a_broken_file_is_a_located_fatal_error() {
        let text = "@book{foot1990, title = {A Substitute\n";
        let (bib, diagnostics) = parse(SourceId(0), text);
        assert!(bib.entries.is_empty());
        assert!(diagnostics[0].fatal);
        assert!(diagnostics[0].message.contains("BibLaTeX"));
    }
}
