//! What cite-lint knows about a manuscript and its bibliography, each item with its byte span.

pub mod bibliography;
pub mod chronology;
pub mod manuscript;

pub use bibliography::{Bibliography, CslDate, DatePart, Entry, EntryProblem, Event, Name, Person};
pub use chronology::{CalendarDate, DateMention, MonthPart, Resolved, Season, When};
pub use manuscript::{
    Block, Citation, Container, Document, FrontMatter, InlineNote, NoteDef, NoteRef, Quotation,
    Suppression, SuppressionKind,
};
