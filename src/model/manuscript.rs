//! A manuscript file: its notes, note references, Pandoc citations and blocks of text.

use crate::model::{CalendarDate, DateMention, When};
use crate::source::{SourceId, Span, Spanned};

/// One parsed Markdown file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub source: SourceId,
    pub front_matter: Option<FrontMatter>,
    /// `[^label]` references in the order they appear.
    pub note_refs: Vec<NoteRef>,
    /// `[^label]: ...` definitions in the order they appear.
    pub note_defs: Vec<NoteDef>,
    /// `^[...]` inline notes.
    pub inline_notes: Vec<InlineNote>,
    /// Pandoc citations (`[@key, p. 5]`, `@key [p. 5]`), in the order they appear.
    pub citations: Vec<Citation>,
    /// Runs of inline text (paragraphs, headings, table cells), outside code.
    pub blocks: Vec<Block>,
    /// Dates and relative dates in prose and notes, in the order they appear.
    pub dates: Vec<DateMention>,
    /// `<!-- cite-lint-... -->` comments, in the order they appear.
    pub suppressions: Vec<Suppression>,
    /// Quotations in prose and notes, in the order they appear.
    pub quotations: Vec<Quotation>,
    /// Citations written in the notes, in the order they appear.
    pub note_citations: Vec<crate::model::NoteCitation>,
    /// The first definition of each note label, as indices into `note_defs` sorted by label
    /// (see [`Document::note_index`]).
    pub note_labels: Vec<u32>,
}

/// Words in quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation {
    /// The quotation with its marks.
    pub span: Span,
    /// The words between the marks.
    pub text: Span,
    pub container: Container,
}

impl Document {
    /// The calendar dates mentioned, with their mentions.
    pub fn calendar_dates(&self) -> impl Iterator<Item = (&DateMention, &CalendarDate)> {
        self.dates.iter().filter_map(|m| match &m.when {
            When::Calendar(date) => Some((m, date)),
            _ => None,
        })
    }

    /// The block of text that holds `span` (blocks are sorted and never overlap).
    pub fn block_at(&self, span: Span) -> Option<&Block> {
        let i = self
            .blocks
            .partition_point(|b| b.span.start() <= span.start())
            .checked_sub(1)?;
        let block = &self.blocks[i];
        (span.end() <= block.span.end()).then_some(block)
    }

    /// The dates that start inside `range`, in order.
    pub fn dates_in(&self, range: Span) -> &[DateMention] {
        let from = self
            .dates
            .partition_point(|d| d.span.start() < range.start());
        let to = self.dates.partition_point(|d| d.span.start() < range.end());
        &self.dates[from..to.max(from)]
    }

    /// The first note reference that starts at or after `from` and ends by `until`.
    pub fn next_note_ref(&self, from: usize, until: usize) -> Option<&NoteRef> {
        let i = self.note_refs.partition_point(|r| r.span.start() < from);
        self.note_refs.get(i).filter(|r| r.span.end() <= until)
    }

    /// The index of the (first) definition of the note `label`.
    pub fn note_index(&self, label: &str) -> Option<usize> {
        let labels = &self.note_labels;
        let i = labels.partition_point(|&d| self.note_defs[d as usize].label.as_str() < label);
        let d = *labels.get(i)? as usize;
        (self.note_defs[d].label == label).then_some(d)
    }

    /// The stretch of text a container covers: a note's definition, an inline note, or (for
    /// prose) the whole file.
    pub fn container_span(&self, container: Container) -> Span {
        match container {
            Container::Note(i) => self.note_defs[i as usize].span,
            Container::InlineNote(i) => self.inline_notes[i as usize].span,
            Container::Prose => Span::new(0, usize::MAX),
        }
    }

    /// Number of notes: definitions plus inline notes.
    pub fn note_count(&self) -> usize {
        self.note_defs.len() + self.inline_notes.len()
    }
}

/// The YAML block at the top of a file.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub span: Span,
    /// Paths named by `bibliography:` (a string or a list of strings), as written.
    pub bibliography: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRef {
    pub label: compact_str::CompactString,
    /// The whole `[^label]`.
    pub span: Span,
    pub container: Container,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDef {
    pub label: compact_str::CompactString,
    /// The whole definition, label and text.
    pub span: Span,
    /// The `[^label]:` that opens it.
    pub label_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineNote {
    /// The whole `^[...]`.
    pub span: Span,
    /// The text between the brackets.
    pub body: Span,
}

/// Where a piece of text sits: in the running prose or inside a note. The indices are 32-bit,
/// as spans are: a backlist has a container on every date, block and citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Prose,
    /// Inside `note_defs[i]`.
    Note(u32),
    /// Inside `inline_notes[i]`.
    InlineNote(u32),
}

impl Container {
    /// Inside `note_defs[i]`.
    pub fn note(i: usize) -> Self {
        Container::Note(i as u32)
    }

    /// Inside `inline_notes[i]`.
    pub fn inline_note(i: usize) -> Self {
        Container::InlineNote(i as u32)
    }
}

/// A Pandoc citation of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The key without `@` (and without braces); its span covers `@key`.
    pub key: Spanned<String>,
    /// What follows the key inside the brackets (`p. 62`), without the leading comma.
    pub locator: Option<Spanned<String>>,
    /// The whole bracketed group, or `@key [locator]` for an in-text citation.
    pub group: Span,
    pub container: Container,
}

/// A run of inline text between block boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub span: Span,
    pub container: Container,
}

/// An inline suppression comment: `<!-- cite-lint-disable-next-line RULE -- reason -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The whole comment.
    pub span: Span,
    /// The directive as written after `cite-lint-`, e.g. `disable-next-line`.
    pub directive: Spanned<String>,
    /// The rules named; none means every rule.
    pub rules: Vec<Spanned<String>>,
    /// What follows ` -- `.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// Silences the line after the comment.
    NextLine,
    /// Silences from here to the matching `enable`, or to the end of the file.
    Disable,
    Enable,
    /// A directive cite-lint does not know.
    Unknown,
}
