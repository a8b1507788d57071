//! What the citation rules share: naming notes and entries, and labels in the bibliography.

use crate::Workspace;
use crate::diagnostic::Label;
use crate::model::{Container, Document, Entry, NoteCitation};
use crate::resolve::Target;
use crate::source::Span;

/// "note 16", "the inline note", as an editor names the note a citation is in.
pub fn note_name(doc: &Document, c: &NoteCitation) -> String {
    match c.note {
        Container::Note(i) => format!("note {}", doc.note_defs[i as usize].label),
        Container::InlineNote(_) => "an inline note".to_owned(),
        Container::Prose => "the text".to_owned(),
    }
}

pub fn entry(ws: &Workspace, t: Target) -> &Entry {
    &ws.bibliographies[t.bib].entries[t.entry]
}

/// The entry's id, or "(no id)".
pub fn id(ws: &Workspace, t: Target) -> &str {
    entry(ws, t)
        .id
        .as_ref()
        .map_or("(no id)", |i| i.value.as_str())
}

/// "`stueck1995` (The Korean War: An International History)".
pub fn describe(ws: &Workspace, t: Target) -> String {
    let e = entry(ws, t);
    match &e.title {
        Some(title) => format!("`{}` ({})", id(ws, t), title.value),
        None => format!("`{}`", id(ws, t)),
    }
}

/// A label in the bibliography at `span` of entry `t`.
pub fn at_entry(ws: &Workspace, t: Target, span: Span, message: impl Into<String>) -> Label {
    Label::new(ws.bibliographies[t.bib].source, span, message)
}

/// A label on the entry's id (or the whole entry when it has none).
pub fn at_id(ws: &Workspace, t: Target, message: impl Into<String>) -> Label {
    let e = entry(ws, t);
    let span = e.id.as_ref().map_or(e.span, |i| i.span);
    at_entry(ws, t, span, message)
}

/// The names of a list of entries: "`a`, `b` and `c`".
pub fn list_ids(ws: &Workspace, targets: &[Target]) -> String {
    let ids: Vec<String> = targets
        .iter()
        .map(|&t| format!("`{}`", id(ws, t)))
        .collect();
    match ids.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The documents that have a readable bibliography, with their index: citations in the others
/// cannot be tied to anything (and a missing bibliography is reported already).
pub fn with_bibliography(ws: &Workspace) -> impl Iterator<Item = (usize, &Document)> {
    ws.documents
        .iter()
        .enumerate()
        .filter(|(d, _)| ws.links[*d].as_ref().is_some_and(|l| !l.is_empty()))
}
