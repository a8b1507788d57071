//! A bibliography: CSL items, the people known under several names, and what could not be read.

use crate::source::{SourceId, Span, Spanned};
use compact_str::CompactString;

#[derive(Debug, Clone, Default)]
pub struct Bibliography {
    pub source: SourceId,
    pub entries: Vec<Entry>,
    /// The top-level `people:` list (`{name, aliases}`), which Pandoc ignores.
    pub people: Vec<Person>,
    /// The top-level `events:` list: dated events and the phrases that name them.
    pub events: Vec<Event>,
    /// Problems in `events:` and `people:`, reported by `invalid-entry`.
    pub problems: Vec<EntryProblem>,
}

/// A dated event of the history the manuscript tells, as the public record dates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: Spanned<String>,
    /// How to name it in a message ("the UN Cease-Fire Group was set up").
    pub name: Option<String>,
    /// First and last day (the same for a one-day event), and the span of the `date` value.
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub date_span: Span,
    /// Phrases that name the event in prose, matched without regard to case, spacing or the
    /// kind of apostrophe.
    pub phrases: Vec<Spanned<String>>,
    /// Ids of the entries that document it.
    pub sources: Vec<Spanned<String>>,
}

impl Bibliography {
    /// The entry with this id, if any (the first one when an id is used twice).
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.id.as_ref().is_some_and(|i| i.value == id))
    }
}

/// One CSL item. Fields cite-lint reads are typed; every field keeps its span. Text fields are
/// CompactStrings: ids, types, pages, volumes and numbers fit in 24 bytes and need no
/// allocation.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The whole item.
    pub span: Span,
    pub id: Option<Spanned<CompactString>>,
    /// The CSL `type`.
    pub kind: Option<Spanned<CompactString>>,
    pub title: Option<Spanned<CompactString>>,
    pub container_title: Option<Spanned<CompactString>>,
    /// `container-title-short` (or Zotero's `journalAbbreviation`): "FRUS, 1951".
    pub container_title_short: Option<Spanned<CompactString>>,
    pub genre: Option<Spanned<CompactString>>,
    pub author: Vec<Spanned<Name>>,
    pub recipient: Vec<Spanned<Name>>,
    pub issued: Option<Spanned<CslDate>>,
    pub volume: Option<Spanned<CompactString>>,
    pub issue: Option<Spanned<CompactString>>,
    pub page: Option<Spanned<CompactString>>,
    /// `number-of-pages` of a book.
    pub number_of_pages: Option<Spanned<CompactString>>,
    /// `number`: a telegram's or report's number.
    pub number: Option<Spanned<CompactString>>,
    /// Verified excerpts of the source's text.
    pub quotes: Vec<Spanned<String>>,
    /// The span of every key of the item, in file order (the key's text is the file's, there).
    pub keys: Vec<Span>,
    /// Fields that are present but could not be understood.
    pub problems: Vec<EntryProblem>,
}

/// A field of an entry that is present but wrong: an impossible date, a list where a single
/// value belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// A CSL name: `{family, given}` or `{literal}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// Names are short: up to 24 bytes each is kept inline, with no allocation.
    pub family: Option<CompactString>,
    pub given: Option<CompactString>,
    pub literal: Option<CompactString>,
}

impl Name {
    /// The name as an editor would write it: "Given Family", or the literal.
    pub fn display(&self) -> String {
        if let Some(literal) = &self.literal {
            return literal.to_string();
        }
        match (&self.given, &self.family) {
            (Some(g), Some(f)) => [g.as_str(), " ", f.as_str()].concat(),
            (None, Some(f)) => f.to_string(),
            (Some(g), None) => g.to_string(),
            (None, None) => String::new(),
        }
    }
}

/// A CSL date: one date or a range of two, each as precise as the source allows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CslDate {
    pub parts: Vec<DatePart>,
    /// EDTF `?`/`~`, or CSL `circa`.
    pub approximate: bool,
    /// A `literal` or `raw` date that was kept as text.
    pub literal: Option<String>,
}

/// A year, optionally with month and day. Months 21–24 are EDTF seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DatePart {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: Spanned<String>,
    pub aliases: Vec<Spanned<String>>,
}
