//! CSL-YAML bibliographies, as Pandoc and Zotero write them.
//!
//! The reader never fails: a file that is not YAML gives a located, fatal diagnostic and an empty
//! bibliography; an item with wrong fields is kept, with the problem recorded on the item for the
//! `invalid-entry` rule to report.

use crate::diagnostic::{Diagnostic, Label};
use crate::model::{Bibliography, CslDate, Entry, EntryProblem, Event, Name, Person};
use crate::parse::csl_date::{check_part, parse_edtf};
use crate::parse::yaml::{self, Node, NodeKind};
use crate::source::{SourceId, Span, Spanned};

/// Name of the diagnostic given when a bibliography cannot be read at all.
pub const SYNTAX: &str = "bibliography-syntax";

/// CSL date variables, checked for impossible dates.
const DATE_FIELDS: &[&str] = &[
    "issued",
    "accessed",
    "original-date",
    "event-date",
    "submitted",
    "available-date",
];

pub fn parse(source: SourceId, text: &str) -> (Bibliography, Vec<Diagnostic>) {
    let mut bib = Bibliography {
        source,
        ..Bibliography::default()
    };
    let fail = |span: Span, message: String, help: &str| {
        vec![
            Diagnostic::new(SYNTAX, message, Label::new(source, span, "here"))
                .with_help(help)
                .fatal(),
        ]
    };
    // Entries are read as the YAML parser finishes each one, so the tree of a large file is
    // never held whole.
    let mut entries = Vec::new();
    let root = match yaml::parse_entries(text, &mut |node| entries.push(read_entry(&node))) {
        Ok(Some(root)) => root,
        Ok(None) => return (bib, Vec::new()),
        Err(e) => {
            let help = "fix the YAML at this point; the bibliography was not read, so citations \
                        were not checked against it";
            return (
                bib,
                fail(
                    e.span,
                    format!("cannot read this bibliography: {}", e.message),
                    help,
                ),
            );
        }
    };
    match &root.kind {
        NodeKind::Sequence(_) => {}
        NodeKind::Mapping(_) => {
            if let Some((_, people)) = root.get("people") {
                bib.people = read_people(people);
            }
            if let Some((_, events)) = root.get("events") {
                let (events, problems) = read_events(events);
                bib.events = events;
                bib.problems = problems;
            }
            match root.get("references") {
                Some((_, refs)) if refs.is_null() => {}
                Some((_, refs)) => match refs.as_sequence() {
                    Some(_) => {}
                    None => {
                        let message = format!(
                            "`references` should be a list of entries, not {}",
                            refs.describe()
                        );
                        return (
                            bib,
                            fail(
                                refs.span,
                                message,
                                "write each entry as a list item starting with `- id:`",
                            ),
                        );
                    }
                },
                // A file of `people:` and `events:` only, beside a BibLaTeX or CSL-JSON file.
                None if !bib.people.is_empty() || !bib.events.is_empty() => {}
                None => {
                    let message =
                        "this is not a CSL-YAML bibliography: it has no `references:` list"
                            .to_string();
                    return (
                        bib,
                        fail(
                            Span::new(root.span.start(), root.span.start()),
                            message,
                            "a CSL-YAML bibliography is a mapping with a `references:` list of entries, as Pandoc and Zotero write it",
                        ),
                    );
                }
            }
        }
        NodeKind::Scalar { .. } => {
            let message =
                "this is not a CSL-YAML bibliography: it holds a single value".to_string();
            return (
                bib,
                fail(
                    root.span,
                    message,
                    "a CSL-YAML bibliography is a mapping with a `references:` list of entries",
                ),
            );
        }
    };
    entries.shrink_to_fit();
    bib.entries = entries;
    (bib, Vec::new())
}

fn read_people(node: &Node) -> Vec<Person> {
    let Some(items) = node.as_sequence() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let (_, name) = item.get("name")?;
            let name = Spanned::new(name.as_str()?.to_owned(), name.span);
            let aliases = item
                .get("aliases")
                .and_then(|(_, a)| a.as_sequence())
                .unwrap_or_default()
                .iter()
                .filter_map(|a| Some(Spanned::new(a.as_str()?.to_owned(), a.span)))
                .collect();
            Some(Person { name, aliases })
        })
        .collect()
}

/// The `events:` list. An event whose id or date cannot be read is left out, with a problem.
fn read_events(node: &Node) -> (Vec<Event>, Vec<EntryProblem>) {
    let mut events = Vec::new();
    let mut problems = Vec::new();
    let Some(items) = node.as_sequence() else {
        problems.push(EntryProblem {
            span: node.span,
            message: format!("`events` should be a list, not {}", node.describe()),
            help: Some(
                "write each event as `- id: ...` with `date`, `phrases` and `sources`".into(),
            ),
        });
        return (events, problems);
    };
    for item in items {
        let text = |key: &str| {
            item.get(key)
                .and_then(|(_, v)| Some(Spanned::new(v.as_str()?.to_owned(), v.span)))
        };
        let list = |key: &str| -> Vec<Spanned<String>> {
            item.get(key)
                .and_then(|(_, v)| v.as_sequence())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| Some(Spanned::new(v.as_str()?.to_owned(), v.span)))
                .collect()
        };
        let Some(id) = text("id") else {
            problems.push(EntryProblem {
                span: item.span,
                message: "this event has no `id`".into(),
                help: Some("add `id: ...`".into()),
            });
            continue;
        };
        let Some((_, date_node)) = item.get("date") else {
            problems.push(EntryProblem {
                span: id.span,
                message: format!("the event `{}` has no `date`", id.value),
                help: Some(
                    "add `date: YYYY-MM-DD` (or `YYYY-MM-DD/YYYY-MM-DD` for a range)".into(),
                ),
            });
            continue;
        };
        let date = match &date_node.kind {
            NodeKind::Scalar { text, .. } => parse_edtf(text),
            NodeKind::Mapping(_) => date_mapping(date_node),
            NodeKind::Sequence(_) => Err("write the date as `YYYY-MM-DD`".into()),
        };
        let days: Option<Vec<jiff::civil::Date>> = date.as_ref().ok().and_then(|d| {
            d.parts
                .iter()
                .map(|p| jiff::civil::Date::new(p.year as i16, p.month? as i8, p.day? as i8).ok())
                .collect()
        });
        let Some(days) = days.filter(|d| !d.is_empty()) else {
            let why = date
                .err()
                .unwrap_or_else(|| "an event needs a full date: year, month and day".into());
            problems.push(EntryProblem {
                span: date_node.span,
                message: format!("the date of event `{}` cannot be used: {why}", id.value),
                help: Some(
                    "write `date: 1951-06-23`, or `1951-06-25/1951-06-27` for a range".into(),
                ),
            });
            continue;
        };
        events.push(Event {
            name: text("name").map(|n| n.value),
            start: days[0],
            end: *days.last().unwrap_or(&days[0]),
            date_span: date_node.span,
            phrases: list("phrases"),
            sources: list("sources"),
            id,
        });
    }
    (events, problems)
}

fn read_entry(node: &Node) -> Entry {
    let mut entry = Entry {
        span: node.span,
        ..Entry::default()
    };
    let Some(fields) = node.as_mapping() else {
        entry.problems.push(EntryProblem {
            span: node.span,
            message: format!("this entry is {}, not a mapping of fields", node.describe()),
            help: Some(
                "write the entry as `- id: ...` followed by its fields, one per line".into(),
            ),
        });
        return entry;
    };
    for (key, value) in fields {
        entry.keys.push(key.span);
        let text = |entry: &mut Entry| text_field(entry, &key.text, value);
        match key.text.as_str() {
            "id" => entry.id = text(&mut entry),
            "type" => entry.kind = text(&mut entry),
            "title" => entry.title = text(&mut entry),
            "container-title" => entry.container_title = text(&mut entry),
            "container-title-short" | "journalAbbreviation" => {
                entry.container_title_short = text(&mut entry)
            }
            "number-of-pages" => entry.number_of_pages = text(&mut entry),
            "number" => entry.number = text(&mut entry),
            "genre" => entry.genre = text(&mut entry),
            "volume" => entry.volume = text(&mut entry),
            "issue" => entry.issue = text(&mut entry),
            "page" => entry.page = text(&mut entry),
            "author" => entry.author = names(&mut entry, &key.text, value),
            "recipient" => entry.recipient = names(&mut entry, &key.text, value),
            "quotes" => entry.quotes = strings(&mut entry, &key.text, value),
            name if DATE_FIELDS.contains(&name) => {
                let date = date(&mut entry, name, value);
                if name == "issued" {
                    entry.issued = date;
                }
            }
            _ => {}
        }
    }
    entry
}

fn problem(entry: &mut Entry, span: Span, message: String, help: &str) {
    entry.problems.push(EntryProblem {
        span,
        message,
        help: Some(help.to_owned()),
    });
}

fn text_field(
    entry: &mut Entry,
    field: &str,
    value: &Node,
) -> Option<Spanned<compact_str::CompactString>> {
    match value.as_str() {
        Some(_) if value.is_null() => None,
        Some(text) => Some(Spanned::new(text.into(), value.span)),
        None => {
            let message = format!(
                "`{field}` should be a single value, not {}",
                value.describe()
            );
            problem(
                entry,
                value.span,
                message,
                "write the field as `field: value` on one line",
            );
            None
        }
    }
}

fn strings(entry: &mut Entry, field: &str, value: &Node) -> Vec<Spanned<String>> {
    let Some(items) = value.as_sequence() else {
        let message = format!("`{field}` should be a list, not {}", value.describe());
        problem(
            entry,
            value.span,
            message,
            "write each item on its own line, starting with `- `",
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| text_field(entry, field, item))
        .map(|s| Spanned::new(s.value.into(), s.span))
        .collect()
}

fn names(entry: &mut Entry, field: &str, value: &Node) -> Vec<Spanned<Name>> {
    let Some(items) = value.as_sequence() else {
        let message = format!(
            "`{field}` should be a list of names, not {}",
            value.describe()
        );
        problem(
            entry,
            value.span,
            message,
            "write each name as `- {family: Stueck, given: William}`",
        );
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let part = |key: &str| item.get(key).and_then(|(_, v)| v.as_str()).map(Into::into);
        let name = match &item.kind {
            NodeKind::Mapping(_) => Name {
                family: part("family"),
                given: part("given"),
                literal: part("literal"),
            },
            NodeKind::Scalar { text, .. } => Name {
                literal: Some(text.as_str().into()),
                ..Name::default()
            },
            NodeKind::Sequence(_) => Name::default(),
        };
        if name == Name::default() {
            let message = format!("this `{field}` has no `family`, `given` or `literal` name");
            problem(
                entry,
                item.span,
                message,
                "write the name as `{family: Stueck, given: William}` or `{literal: \"Filippov [Stalin]\"}`",
            );
            continue;
        }
        out.push(Spanned::new(name, item.span));
    }
    out
}

fn date(entry: &mut Entry, field: &str, value: &Node) -> Option<Spanned<CslDate>> {
    let result = match &value.kind {
        NodeKind::Scalar { text, .. } => parse_edtf(text),
        NodeKind::Mapping(_) => date_mapping(value),
        NodeKind::Sequence(_) => {
            Err("a date is written as `date-parts` or as a YYYY-MM-DD string, not as a list".into())
        }
    };
    match result {
        Ok(date) => Some(Spanned::new(date, value.span)),
        Err(message) => {
            // Point at the numbers themselves when the date is written as `date-parts`.
            let span = value
                .get("date-parts")
                .map_or(value.span, |(_, parts)| parts.span);
            problem(
                entry,
                span,
                format!("impossible `{field}` date: {message}"),
                "correct the date, written as `date-parts: [[year, month, day]]` or as an ISO date such as `1951-06-24`",
            );
            None
        }
    }
}

fn date_mapping(value: &Node) -> Result<CslDate, String> {
    let mut date = CslDate::default();
    if let Some((_, circa)) = value.get("circa") {
        date.approximate = !matches!(circa.as_str(), Some("false" | "0" | ""));
    }
    if let Some((_, parts)) = value.get("date-parts") {
        let ranges = parts
            .as_sequence()
            .ok_or("`date-parts` should be a list such as [[1951, 6, 24]]")?;
        if ranges.is_empty() || ranges.len() > 2 {
            return Err("`date-parts` should hold one date, or two for a range".into());
        }
        for range in ranges {
            let numbers = range
                .as_sequence()
                .ok_or("each `date-parts` item should be a list such as [1951, 6, 24]")?;
            if numbers.is_empty() || numbers.len() > 3 {
                return Err(
                    "each `date-parts` item holds a year, month and day: [1951, 6, 24]".into(),
                );
            }
            let mut values = Vec::with_capacity(3);
            for n in numbers {
                let text = n.as_str().unwrap_or_default().trim();
                let number: i64 = text
                    .parse()
                    .map_err(|_| format!("`{text}` is not a number"))?;
                values.push(number);
            }
            let year = i32::try_from(values[0])
                .map_err(|_| format!("the year {} is outside the calendar", values[0]))?;
            date.parts.push(check_part(
                year,
                values.get(1).copied(),
                values.get(2).copied(),
            )?);
        }
        return Ok(date);
    }
    for key in ["raw", "literal"] {
        if let Some((_, text)) = value.get(key) {
            let text = text.as_str().unwrap_or_default();
            if key == "raw"
                && let Ok(parsed) = parse_edtf(text)
            {
                return Ok(parsed);
            }
            date.literal = Some(text.to_owned());
            return Ok(date);
        }
    }
    Err("the date has no `date-parts`, `raw` or `literal`".into())
}

/// Whether `text` looks like a CSL-YAML bibliography: a mapping with `references:`, or a list
/// of mappings with an `id`. Used to pick bibliographies out of the YAML files a hook passes.
pub fn looks_like_csl(text: &str) -> bool {
    match yaml::parse(text) {
        Ok(Some(root)) => match &root.kind {
            NodeKind::Mapping(_) => root.get("references").is_some(),
            NodeKind::Sequence(items) => items.first().is_some_and(|i| i.get("id").is_some()),
            NodeKind::Scalar { .. } => false,
        },
        // A broken file that names `references` is meant to be one: report it.
        Err(_) => text.lines().any(|l| l.starts_with("references:")),
        Ok(None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Bibliography, Vec<Diagnostic>) {
        parse(SourceId(0), text)
    }

    #[test]
    fn reads_entries_people_and_spans() {
        let text = "people:\n  - name: Joseph Stalin\n    aliases: [Filippov]\nreferences:\n  - id: a\n    type: book\n    issued: {date-parts: [[1951, 6, 24]]}\n    author:\n      - {family: Stueck, given: William}\n";
        let (bib, diags) = read(text);
        assert!(diags.is_empty());
        assert_eq!(bib.people[0].aliases[0].value, "Filippov");
        let entry = &bib.entries[0];
        assert_eq!(entry.id.as_ref().unwrap().span.slice(text), "a");
        assert_eq!(entry.author[0].value.display(), "William Stueck");
        assert_eq!(entry.issued.as_ref().unwrap().value.parts[0].day, Some(24));
    }

    #[test]
    fn impossible_date_is_a_problem_on_the_field() {
        let text = "references:\n  - id: a\n    type: book\n    issued: 1951-02-30\n";
        let (bib, diags) = read(text);
        assert!(diags.is_empty());
        let problem = &bib.entries[0].problems[0];
        assert_eq!(problem.span.slice(text), "1951-02-30");
        assert!(
            problem.message.contains("30 February 1951 does not exist"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn syntax_error_is_fatal_and_located() {
        let text = "references:\n  - id: a\n    title: [unclosed\n  - id: b\n";
        let (bib, diags) = read(text);
        assert!(bib.entries.is_empty());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].fatal);
        assert!(diags[0].primary.span.start() > text.find("title").unwrap());
    }

    #[test]
    fn not_csl_at_all() {
        let (_, diags) = read("name: my-package\nversion: 1\n");
        assert!(diags[0].message.contains("no `references:`"));
        let (_, diags) = read("just a sentence\n");
        assert!(diags[0].message.contains("single value"));
    }

    #[test]
    fn a_top_level_list_is_accepted() {
        let (bib, diags) = read("- id: a\n  type: book\n");
        assert!(diags.is_empty());
        assert_eq!(bib.entries.len(), 1);
    }
}
