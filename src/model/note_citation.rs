//! Citations written in the prose of a note: Chicago full and short forms, "Ibid.", archival
//! documents and Pandoc keys, each part with its byte span.

use crate::model::Container;
use crate::source::{Span, Spanned};
use jiff::civil::Date;

/// One citation inside a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCitation {
    /// From the first word of the citation (author, genre, title, "Ibid.") to its last locator.
    pub span: Span,
    /// The note it is in.
    pub note: Container,
    pub form: Form,
    /// Authors as written ("Shen and Xia" gives two), or the person interviewed.
    pub authors: Vec<Spanned<String>>,
    /// The title as written, without its quotation marks or asterisks.
    pub title: Option<Spanned<String>>,
    /// The journal, collection or series the item is in ("*CWIHP Bulletin*", "*FRUS*, 1951").
    pub container: Option<Spanned<String>>,
    /// "in ibid.": the container is the one of the citation before.
    pub container_ibid: bool,
    /// A document's genre: "Ciphered Telegram", "Editorial Note".
    pub genre: Option<Spanned<String>>,
    pub sender: Option<Spanned<String>>,
    pub recipient: Option<Spanned<String>>,
    /// The days a document is dated ("26, 27 June 1951" gives two), and the span of the date.
    pub dates: Vec<Date>,
    pub date_span: Option<Span>,
    /// The year of publication ("(Princeton, N.J.: Princeton University Press, 1995)") or of a
    /// journal issue ("(Winter 1995/96)" gives 1995 and 1996).
    pub years: Vec<i32>,
    pub year_span: Option<Span>,
    /// The parenthesis that dates a journal issue, as written: "Winter 1995/96".
    pub issue_date: Option<Spanned<String>>,
    pub volume: Option<Spanned<String>>,
    pub issue: Option<Spanned<String>>,
    pub locators: Vec<Locator>,
    /// A Pandoc key (`[@key, p. 5]`).
    pub key: Option<Spanned<String>>,
}

impl NoteCitation {
    pub fn new(span: Span, note: Container, form: Form) -> Self {
        NoteCitation {
            span,
            note,
            form,
            authors: Vec::new(),
            title: None,
            container: None,
            container_ibid: false,
            genre: None,
            sender: None,
            recipient: None,
            dates: Vec::new(),
            date_span: None,
            years: Vec::new(),
            year_span: None,
            issue_date: None,
            volume: None,
            issue: None,
            locators: Vec::new(),
            key: None,
        }
    }

    /// The page locators.
    pub fn pages(&self) -> impl Iterator<Item = &Locator> {
        self.locators.iter().filter(|l| l.kind == LocatorKind::Page)
    }
}

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Author, title and publication facts, or an item in a named container.
    Full,
    /// Author and short title only: "Stueck, *The Korean War*, p. 208".
    Short,
    /// "Ibid." or "ibid., pp. 88–91".
    Ibid,
    /// Genre, sender to recipient, date: "Ciphered Telegram, Roshchin to USSR Foreign
    /// Ministry, 13 January 1951".
    Document,
    /// "Author's interview with Wang Yazhi".
    Interview,
    /// A Pandoc key.
    Key,
}

/// A page, note or chapter locator. Numbers are given for arabic page numbers; an abbreviated
/// range is expanded ("237–42" ends at 242).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locator {
    pub span: Span,
    pub kind: LocatorKind,
    pub start: Option<u32>,
    pub end: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocatorKind {
    Page,
    Volume,
    Chapter,
    Note,
}
