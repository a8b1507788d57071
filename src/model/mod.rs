//! What cite-lint knows about a manuscript and its bibliography, each item with its byte span.

pub mod bibliography;
pub mod chronology;
pub mod manuscript;
pub mod note_citation;

pub use bibliography::{Bibliography, CslDate, DatePart, Entry, EntryProblem, Event, Name, Person};
pub use chronology::{CalendarDate, DateMention, MonthPart, Resolved, Season, When};
pub use manuscript::{
    Block, Citation, Container, Document, FrontMatter, InlineNote, NoteDef, NoteRef, Quotation,
    Suppression, SuppressionKind,
};
pub use note_citation::{Form, Locator, LocatorKind, NoteCitation, Part};
