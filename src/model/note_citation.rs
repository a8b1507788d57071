//! Citations written in the prose of a note: Chicago full and short forms, "Ibid.", archival
//! documents and Pandoc keys, each part with its byte span.

use crate::model::Container;
use crate::source::{Span, Spanned};
use jiff::civil::Date;
use smallvec::SmallVec;

/// One citation inside a note.
///
/// Its written parts (authors, title, journal, genre, sender, ...) are kept in one list with
/// their words end to end in one string, so a citation costs two allocations whatever it
/// holds: a backlist has hundreds of thousands of them. Read them with [`NoteCitation::part`]
/// or the named accessors; write them with [`NoteCitation::set`] and [`NoteCitation::push`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCitation {
    /// From the first word of the citation (author, genre, title, "Ibid.") to its last locator.
    pub span: Span,
    /// The note it is in.
    pub note: Container,
    pub form: Form,
    /// "in ibid.": the container is the one of the citation before.
    pub container_ibid: bool,
    /// The days a document is dated ("26, 27 June 1951" gives two), and the span of the date.
    pub dates: SmallVec<[Date; 2]>,
    pub date_span: Option<Span>,
    /// The year of publication ("(Princeton, N.J.: Princeton University Press, 1995)") or of a
    /// journal issue ("(Winter 1995/96)" gives 1995 and 1996).
    pub years: SmallVec<[i32; 2]>,
    pub year_span: Option<Span>,
    /// Most citations have one locator or two dates or years at most: those are kept inline,
    /// with no allocation.
    pub locators: SmallVec<[Locator; 1]>,
    /// The written parts in the order they were read, each with its words' place in `words`.
    slots: Vec<Slot>,
    words: String,
}

/// A written part of a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// An author as written ("Shen and Xia" gives two), or the person interviewed.
    Author,
    /// The title as written, without its quotation marks or asterisks.
    Title,
    /// The journal, collection or series the item is in ("*CWIHP Bulletin*", "*FRUS*, 1951").
    Container,
    /// A document's genre: "Ciphered Telegram", "Editorial Note".
    Genre,
    Sender,
    Recipient,
    /// The parenthesis that dates a journal issue, as written: "Winter 1995/96".
    IssueDate,
    Volume,
    Issue,
    /// A Pandoc key (`[@key, p. 5]`).
    Key,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    part: Part,
    span: Span,
    from: u32,
    to: u32,
}

/// One accessor for each part a citation has at most one of: `c.title()` is
/// `c.part(Part::Title)`.
macro_rules! single_parts {
    ($($name:ident: $part:ident,)*) => {
        $(
            #[doc = concat!("The [`Part::", stringify!($part), "`], if written.")]
            pub fn $name(&self) -> Option<Spanned<&str>> {
                self.part(Part::$part)
            }
        )*
    };
}

impl NoteCitation {
    pub fn new(span: Span, note: Container, form: Form) -> Self {
        NoteCitation {
            span,
            note,
            form,
            container_ibid: false,
            dates: SmallVec::new(),
            date_span: None,
            years: SmallVec::new(),
            year_span: None,
            locators: SmallVec::new(),
            // Room for what most citations hold, so that reading them does not regrow these
            // lists part by part; `shrink_to_fit` gives back what is left over.
            slots: Vec::with_capacity(4),
            words: String::with_capacity(96),
        }
    }

    /// The page locators.
    pub fn pages(&self) -> impl Iterator<Item = &Locator> {
        self.locators.iter().filter(|l| l.kind == LocatorKind::Page)
    }

    fn read(&self, slot: &Slot) -> Spanned<&str> {
        let words = self.words.get(slot.from as usize..slot.to as usize);
        Spanned::new(words.unwrap_or_default(), slot.span)
    }

    /// Every written part, in the order it was read.
    pub fn parts(&self) -> impl Iterator<Item = (Part, Spanned<&str>)> {
        self.slots.iter().map(|s| (s.part, self.read(s)))
    }

    /// Every part of one kind, in the order read.
    pub fn all(&self, part: Part) -> impl Iterator<Item = Spanned<&str>> + Clone {
        self.slots
            .iter()
            .filter(move |s| s.part == part)
            .map(|s| self.read(s))
    }

    /// The first part of one kind.
    pub fn part(&self, part: Part) -> Option<Spanned<&str>> {
        self.all(part).next()
    }

    /// Adds a part after those of its kind already there (a second author).
    pub fn push(&mut self, part: Part, value: Spanned<impl AsRef<str>>) {
        let from = self.words.len();
        self.words.push_str(value.value.as_ref());
        let (from, to) = (from as u32, self.words.len() as u32);
        let span = value.span;
        self.slots.push(Slot {
            part,
            span,
            from,
            to,
        });
    }

    /// Puts `value` in place of every part of its kind, or removes them for `None`.
    pub fn set(&mut self, part: Part, value: Option<Spanned<impl AsRef<str>>>) {
        if self.slots.iter().any(|s| s.part == part) {
            // Rare (a heading takes the source of the document after it): rebuilt without the
            // old words, so that equal citations compare equal.
            let kept: Vec<(Part, Spanned<String>)> = self
                .parts()
                .filter(|(p, _)| *p != part)
                .map(|(p, v)| (p, Spanned::new(v.value.to_owned(), v.span)))
                .collect();
            self.slots.clear();
            self.words.clear();
            for (p, v) in kept {
                self.push(p, v);
            }
        }
        if let Some(value) = value {
            self.push(part, value);
        }
    }

    /// Copies a part of one kind from `other` (or removes it here if `other` has none).
    pub fn copy_from(&mut self, other: &NoteCitation, part: Part) {
        self.set(part, other.part(part));
    }

    /// Keeps no spare room: a backlist holds hundreds of thousands of citations.
    pub fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.words.shrink_to_fit();
        self.locators.shrink_to_fit();
        self.dates.shrink_to_fit();
        self.years.shrink_to_fit();
    }

    pub fn authors(&self) -> impl Iterator<Item = Spanned<&str>> + Clone {
        self.all(Part::Author)
    }

    single_parts! {
        title: Title,
        container: Container,
        genre: Genre,
        sender: Sender,
        recipient: Recipient,
        issue_date: IssueDate,
        volume: Volume,
        issue: Issue,
        key: Key,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(value: &str, start: usize) -> Spanned<&str> {
        Spanned::new(value, Span::new(start, start + value.len()))
    }

    fn citation() -> NoteCitation {
        let mut c = NoteCitation::new(Span::new(0, 80), Container::Prose, Form::Full);
        c.push(Part::Author, at("Shen", 0));
        c.push(Part::Author, at("Xia", 9));
        c.push(Part::Title, at("Mao and the Sino-Soviet Partnership", 15));
        c.push(Part::Volume, at("6", 60));
        c
    }

    #[test]
    fn parts_read_back_with_their_spans_in_order() {
        let c = citation();
        let authors: Vec<_> = c.authors().collect();
        assert_eq!(authors, [at("Shen", 0), at("Xia", 9)]);
        assert_eq!(
            c.title(),
            Some(at("Mao and the Sino-Soviet Partnership", 15))
        );
        assert_eq!(c.volume(), Some(at("6", 60)));
        assert_eq!(c.issue(), None);
        let kinds: Vec<Part> = c.parts().map(|(p, _)| p).collect();
        assert_eq!(
            kinds,
            [Part::Author, Part::Author, Part::Title, Part::Volume]
        );
    }

    #[test]
    fn set_replaces_every_part_of_its_kind_and_none_removes_them() {
        let mut c = citation();
        c.set(Part::Author, Some(at("Chen", 3)));
        assert_eq!(c.authors().collect::<Vec<_>>(), [at("Chen", 3)]);
        c.set(Part::Volume, None::<Spanned<&str>>);
        assert_eq!(c.volume(), None);
        // The other parts keep their words.
        assert_eq!(
            c.title(),
            Some(at("Mao and the Sino-Soviet Partnership", 15))
        );
    }

    #[test]
    fn a_citation_rebuilt_by_set_equals_one_written_directly() {
        let mut replaced = citation();
        replaced.set(Part::Volume, Some(at("7", 60)));
        let mut direct = NoteCitation::new(Span::new(0, 80), Container::Prose, Form::Full);
        direct.push(Part::Author, at("Shen", 0));
        direct.push(Part::Author, at("Xia", 9));
        direct.push(Part::Title, at("Mao and the Sino-Soviet Partnership", 15));
        direct.push(Part::Volume, at("7", 60));
        assert_eq!(replaced, direct);
    }

    #[test]
    fn copy_from_takes_the_other_citations_part_or_clears_it() {
        let mut c = NoteCitation::new(Span::new(0, 10), Container::Prose, Form::Document);
        c.push(Part::Issue, at("3", 2));
        c.copy_from(&citation(), Part::Volume);
        c.copy_from(&citation(), Part::Issue);
        assert_eq!(c.volume(), Some(at("6", 60)));
        assert_eq!(c.issue(), None);
    }
}
