//! Reads the citations out of a note's prose.
//!
//! A note is cut into clauses: at semicolons and at the ends of sentences, never inside
//! quotation marks, parentheses or brackets, and never after an abbreviation ("pp.", "N.J.",
//! "Sept."). Each clause holds at most one citation, found by what anchors it: a Pandoc key, a
//! document heading ("Ciphered Telegram, Roshchin to USSR Foreign Ministry, 13 January 1951"),
//! "Ibid.", an interview, or a title in italics or quotation marks with the author's name before
//! it. What follows the anchor is read item by item (container, publication facts, volume,
//! issue, pages) until something that is not part of a citation. Prose around the citation is
//! left out of its span. The reader never fails: text it does not understand is not a citation.

use crate::model::note_citation::{Form, Locator, LocatorKind, NoteCitation, Part};
use crate::model::{Citation, Container, DateMention, When};
use crate::source::{Span, Spanned};
use jiff::civil::Date;
use memchr::memmem::Finder;
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "p", "pp", "vol", "vols", "no", "nos", "chap", "chaps", "n", "nn", "ed", "eds", "trans",
    "comp", "repr", "rev", "esp", "cf", "fol", "fols", "ff", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "dr", "st", "gen", "col", "lt",
    "capt", "cde", "co", "inc", "jr", "sr", "ca", "c", "vs", "op", "cit", "al", "etc", "ser", "pt",
    "bk", "sec", "app", "doc", "docs", "tel", "f",
];

/// Words that name a kind of document; before a title they are its genre, not its author.
pub const GENRES: &[&str] = &[
    "editorial note",
    "note",
    "telegram",
    "ciphered telegram",
    "cable",
    "letter",
    "memorandum",
    "memorandum of conversation",
    "minutes",
    "report",
    "statement",
    "message",
    "directive",
    "instruction",
    "speech",
    "record of conversation",
    "diary entry",
    "resolution",
    "decree",
    "order",
];

/// Words that lead into a citation and are not part of it: "and see also", "cf.", "e.g.,".
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:and\s+|see\s+also\s+|see,\s+e\.g\.,\s+|see\s+|cf\.\s+|compare\s+|also\s+|e\.g\.,\s+)")
        .expect("valid regex")
});

/// A name: capitalised words, initials, bracketed aliases ("Filippov [Stalin]").
const NAME: &str =
    r#"(?:\p{Lu}[^\s,;:()\[\]“”"]*(?:\s+(?:\p{Lu}[^\s,;:()\[\]“”"]*|\([^()]*\)|\[[^\[\]]*\]))*)"#;

/// What follows "to" in a document heading: "the Secretary of State", "Mao Zedong and Peng
/// Dehuai".
fn recipient_pattern() -> String {
    format!(r"(?:the\s+)?{NAME}(?:\s+(?:of|in|for|and|to)\s+(?:the\s+)?{NAME})*")
}

/// The end of a document heading: a comma, a semicolon, or the end of the text.
const HEADING_END: &str = r"\s*(?:,|;|\.?$)";

/// A document heading from its sender on: "Roshchin to USSR Foreign Ministry" and its end, at
/// the start of the text it is tried on.
static HEADING_FROM_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{NAME}\s+to\s+(?:{}){HEADING_END}",
        recipient_pattern()
    ))
    .expect("valid regex")
});

/// A heading's genre: "Ciphered Telegram".
const GENRE: &str = r"\p{Lu}[^\s,;:()]*(?:\s+[^\s,;:()]+){0,3}";

/// A genre, its comma and the white space after it, at the start of the text.
static GENRE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{GENRE},\s+")).expect("valid regex"));

/// A name at the start of the text.
static NAME_HERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{NAME}")).expect("valid regex"));

/// The whole document heading as one pattern: "Ciphered Telegram, Roshchin to USSR Foreign
/// Ministry", with its parts as groups. [`heading`] reads it in pieces, and a test compares
/// the two.
#[cfg(test)]
static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?P<genre>{GENRE}),\s+)?(?P<sender>{NAME})\s+to\s+(?P<recipient>{}){HEADING_END}",
        recipient_pattern()
    ))
    .expect("valid regex")
});

/// The parts of a document heading, as ranges of the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Heading {
    whole: Range<usize>,
    genre: Option<Range<usize>>,
    sender: Range<usize>,
    recipient: Range<usize>,
    /// Where the heading's end (its comma, semicolon or full stop) starts.
    rest: usize,
}

#[cfg(test)]
impl Heading {
    fn from_captures(c: &regex::Captures) -> Self {
        let group = |name: &str| c.name(name).map(|m| m.range());
        let recipient = group("recipient").expect("recipient");
        Heading {
            whole: c.get(0).expect("match").range(),
            genre: group("genre"),
            sender: group("sender").expect("sender"),
            rest: recipient.end,
            recipient,
        }
    }
}

/// The document heading at the start of `h`: an optional genre and its comma, a sender, "to",
/// a recipient, and a comma, a semicolon or the end of the text. Read in pieces, with plain
/// searches and by hand: one pattern recording its parts as groups costs several times more
/// to run, and more to compile. The genre is the first choice, taken when the rest of the
/// heading follows it; the sender is the longest name; the recipient runs to the end. A test
/// compares this with the one pattern, part by part.
fn heading(h: &str) -> Option<Heading> {
    let (genre, from, found) = match GENRE_PREFIX
        .find(h)
        .and_then(|g| Some((g.end(), HEADING_FROM_SENDER.find(&h[g.end()..])?)))
    {
        // A genre holds no comma: it ends at the first one.
        Some((from, found)) => (h.find(',').map(|comma| 0..comma), from, found),
        None => (None, 0, HEADING_FROM_SENDER.find(h)?),
    };
    let end = from + found.end();
    let body = &h[..end];
    // Where the heading's end starts: before its comma or semicolon; or, at the end of the
    // text, before white space and a full stop that no name holds (one after a parenthesis,
    // a bracket or a space; one right after a word is the word's).
    let rest = if body.ends_with([',', ';']) {
        body[..end - 1].trim_end_matches(char::is_whitespace).len()
    } else {
        let words = body.trim_end_matches(char::is_whitespace);
        match words.strip_suffix('.') {
            Some(before)
                if before.ends_with(|c: char| c.is_whitespace() || c == ')' || c == ']') =>
            {
                before.trim_end_matches(char::is_whitespace).len()
            }
            _ => words.len(),
        }
    };
    let sender = from..from + NAME_HERE.find(&h[from..])?.end();
    // "\s+to\s+", then the recipient up to the end.
    let to = h[sender.end..].trim_start_matches(char::is_whitespace);
    let recipient = to
        .strip_prefix("to")?
        .trim_start_matches(char::is_whitespace);
    Some(Heading {
        whole: 0..end,
        genre,
        sender,
        recipient: h.len() - recipient.len()..rest,
        rest,
    })
}

/// " to " and " in ", read by [`word_to`] and [`words_in`]; kept for the test that compares them.
#[cfg(test)]
static WORD_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\sto\s").expect("valid regex"));
#[cfg(test)]
static WORD_IN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\sin\s").expect("valid regex"));

static INTERVIEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)[Ii]nterviews?\s+with\s+(?P<name>{NAME})"
    ))
    .expect("valid regex")
});

static IBID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:[Ii]bid|IBID)(?-u:\b)\.?").expect("valid regex"));

/// [`IBID`] at the start of the text only.
static IBID_HERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?-u:\b)(?:[Ii]bid|IBID)(?-u:\b)\.?").expect("valid regex"));

/// Italics: `*...*` or `_..._`, read by [`italic_at`]; the pattern is kept for the test that
/// compares the two.
#[cfg(test)]
static ITALIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*(?P<a>[^*\s][^*]*?)\*|(?-u:\b)_(?P<b>[^_\s][^_]*?)_(?-u:\b)")
        .expect("valid regex")
});

/// A title in quotation marks ends with a comma (or ? or !) inside the marks; a quotation does
/// not. Read by [`quoted_title_at`]; the pattern is kept for the test that compares the two.
#[cfg(test)]
static QUOTED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"“(?P<a>[^“”]+?)(?:,|(?P<qa>[?!]))”|"(?P<b>[^"]+?)(?:,|(?P<qb>[?!]))""#)
        .expect("valid regex")
});

/// Whether byte `i` of `b` is an ASCII word character (what `(?-u:\b)` looks at).
fn is_word_byte(b: &[u8], i: usize) -> bool {
    b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Text between marks: the whole, with the marks, and what is inside them.
type Marked = (Range<usize>, Range<usize>);

/// Italics starting at byte `i` of `s`, as the pattern
/// `\*([^*\s][^*]*?)\*|\b_([^_\s][^_]*?)_\b` reads them there: the whole and the words
/// inside the marks. Written out by hand, as the patterns of titles ran on every clause of
/// every note and cost more to start than to finish; a test compares the two.
fn italic_at(s: &str, i: usize) -> Option<Marked> {
    let b = s.as_bytes();
    let mark = *b.get(i).filter(|m| matches!(m, b'*' | b'_'))?;
    let first = s.get(i + 1..)?.chars().next()?;
    if first == char::from(mark) || first.is_whitespace() {
        return None;
    }
    if mark == b'_' && i > 0 && is_word_byte(b, i - 1) {
        return None;
    }
    // The words inside cannot hold the mark: the first one after them closes the italics.
    let body = i + 1 + first.len_utf8();
    let close = body + memchr::memchr(mark, &b[body..])?;
    if mark == b'_' && is_word_byte(b, close + 1) {
        return None;
    }
    Some((i..close + 1, i + 1..close))
}

/// A title in quotation marks starting at byte `i` of `s`, as the pattern
/// `“([^“”]+?)(?:,|([?!]))”|"([^"]+?)(?:,|([?!]))"` reads it there: the whole, and the title
/// (with its ? or !, without its comma). A test compares the two.
fn quoted_title_at(s: &str, i: usize) -> Option<Marked> {
    let rest = s.get(i..)?;
    // Where the title starts, where its closing mark is, and how long that mark is.
    let (open, close, mark) = if let Some(title) = rest.strip_prefix('“') {
        let k = title.find(['“', '”'])?;
        if !title[k..].starts_with('”') {
            return None;
        }
        (i + 3, i + 3 + k, 3)
    } else if let Some(title) = rest.strip_prefix('"') {
        (i + 1, i + 1 + title.find('"')?, 1)
    } else {
        return None;
    };
    // At least one character of title, then a comma, ? or ! just inside the closing mark.
    let last = *s.as_bytes().get(close.checked_sub(1)?)?;
    if close < open + 2 || !matches!(last, b',' | b'?' | b'!') {
        return None;
    }
    let end = if last == b',' { close - 1 } else { close };
    Some((i..close + mark, open..end))
}

/// The first match in `s` of a reader like [`italic_at`], tried at each byte in `marks`.
fn first_at(s: &str, marks: (u8, u8), at: fn(&str, usize) -> Option<Marked>) -> Option<Marked> {
    memchr::memchr2_iter(marks.0, marks.1, s.as_bytes()).find_map(|i| at(s, i))
}

#[cfg(test)]
static PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<kind>pp?\.|pages?|chaps?\.|nn?\.)\s*(?P<list>[0-9ivxlcdm]+(?:\s*[–—-]\s*[0-9ivxlcdm]+)?(?:\s*,\s*[0-9]+(?:\s*[–—-]\s*[0-9]+)?)*)",
    )
    .expect("valid regex")
});

#[cfg(test)]
static PAGE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<a>[0-9ivxlcdm]+)(?:\s*[–—-]\s*(?P<b>[0-9ivxlcdm]+))?").expect("valid regex")
});

static VOLUME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:vols?\.|[Vv]olumes?)\s*(?P<v>[0-9]+|[IVXLC]+(?-u:\b))").expect("valid regex")
});

static ISSUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[Ii]ssues?|nos?\.|[Nn]umbers?)\s*(?P<v>[0-9]+(?:\s*[–—/-]\s*[0-9]+)?)")
        .expect("valid regex")
});

#[cfg(test)]
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<y>1[0-9]{3}|20[0-9]{2})(?:\s*[/–-]\s*(?P<z>[0-9]{2,4}))?(?-u:\b)")
        .expect("valid regex")
});

// The patterns of a citation's tail run as plain searches, which cost far less than searches
// that record groups; their groups are read off the matched words by the functions below. A
// test compares these with the patterns' own groups.

/// The kind of locator and the list of a match of [`PAGES`].
fn pages_groups(m: &str) -> (Range<usize>, Range<usize>) {
    // "page" or "pages", else an abbreviation ending with its full stop.
    let kind = if let Some(after) = m.strip_prefix("page") {
        4 + usize::from(after.starts_with('s'))
    } else {
        m.find('.').map_or(m.len(), |i| i + 1)
    };
    let list = kind + (m[kind..].len() - m[kind..].trim_start().len());
    (0..kind, list..m.len())
}

/// Where a match of [`PAGES`] at the start of `s` ends, read by hand: the kind of locator,
/// white space, a page or a range of pages, then more numbers or ranges after commas.
fn pages_at(s: &str) -> Option<usize> {
    let kind = ["pp.", "p.", "pages", "page", "chaps.", "chap.", "nn.", "n."]
        .iter()
        .find(|k| s.starts_with(*k))?;
    let first = kind.len() + space_len(&s[kind.len()..]);
    let n = page_run(&s[first..], is_page_char);
    if n == 0 {
        return None;
    }
    let mut end = first + n;
    end = range_end(s, end, is_page_char).unwrap_or(end);
    // ", 64", ", 70–72": numbers only.
    loop {
        let comma = end + space_len(&s[end..]);
        if !s[comma..].starts_with(',') {
            return Some(end);
        }
        let number = comma + 1 + space_len(&s[comma + 1..]);
        let n = page_run(&s[number..], |b| b.is_ascii_digit());
        if n == 0 {
            return Some(end);
        }
        end = number + n;
        end = range_end(s, end, |b| b.is_ascii_digit()).unwrap_or(end);
    }
}

/// The matches of [`PAGE_ITEM`] in `s`, one after another, read by hand: a page, or a range.
fn page_items(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + s.as_bytes()[at..].iter().position(|&b| is_page_char(b))?;
        let end = start + page_run(&s[start..], is_page_char);
        at = range_end(s, end, is_page_char).unwrap_or(end);
        Some(start..at)
    })
}

/// After a number ending at `at`: white space, a dash, white space and another number (of
/// bytes `digit` accepts); where that number ends.
fn range_end(s: &str, at: usize, digit: fn(u8) -> bool) -> Option<usize> {
    let dash = at + space_len(&s[at..]);
    let rest = &s[dash..];
    let after = dash + rest.len() - rest.strip_prefix(['–', '—', '-'])?.len();
    let number = after + space_len(&s[after..]);
    let n = page_run(&s[number..], digit);
    (n > 0).then_some(number + n)
}

/// The length of the white space `s` starts with.
fn space_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(char::is_whitespace).len()
}

/// The length of the run of bytes `digit` accepts that `s` starts with.
fn page_run(s: &str, digit: fn(u8) -> bool) -> usize {
    s.bytes().take_while(|&b| digit(b)).count()
}

/// Whether `b` is a digit or a lower-case roman numeral, as a page number is written.
fn is_page_char(b: u8) -> bool {
    b.is_ascii_digit() || b"ivxlcdm".contains(&b)
}

/// The first and last page of a match of [`PAGE_ITEM`] (the last only for a range).
fn page_item_groups(m: &str) -> (Range<usize>, Option<Range<usize>>) {
    let first = m.bytes().take_while(|&b| is_page_char(b)).count();
    let last = m.len() - m.bytes().rev().take_while(|&b| is_page_char(b)).count();
    (0..first, (first < m.len()).then_some(last..m.len()))
}

/// The matches of [`YEAR`] in `s`, one after another, read by hand: a year from 1000 to 2099
/// standing as a word, perhaps with a second year after a slash or dash ("1995/96").
fn years_in(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = s.as_bytes();
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + 4 <= b.len() {
            let y = at;
            at += 1;
            let digits = b[y..y + 4].iter().all(u8::is_ascii_digit);
            if !digits || !(b[y] == b'1' || b[y..].starts_with(b"20")) || y > 0 && word(y - 1) {
                continue;
            }
            let end = y + 4;
            // "/96", "–1996": two to four digits standing as a word.
            let dash = end + space_len(&s[end..]);
            let second = s[dash..]
                .strip_prefix(['/', '–', '-'])
                .map(|after| s.len() - after.len())
                .map(|z| z + space_len(&s[z..]))
                .and_then(|z| {
                    let n = page_run(&s[z..], |c| c.is_ascii_digit());
                    ((2..=4).contains(&n) && !word(z + n)).then_some(z + n)
                });
            if let Some(e) = second.or((!word(end)).then_some(end)) {
                at = e;
                return Some(y..e);
            }
        }
        None
    })
}

/// The year and the second year of a match of [`YEAR`] ("1995/96").
fn year_groups(m: &str) -> (Range<usize>, Option<Range<usize>>) {
    let second = m.len() - m.bytes().rev().take_while(u8::is_ascii_digit).count();
    (0..4.min(m.len()), (m.len() > 4).then_some(second..m.len()))
}

/// The number of a match of [`VOLUME`]: arabic or roman, at its end.
fn volume_group(m: &str) -> Range<usize> {
    let roman = |b: &u8| b.is_ascii_digit() || b"IVXLC".contains(b);
    m.len() - m.bytes().rev().take_while(roman).count()..m.len()
}

/// The number of a match of [`ISSUE`]: from its first digit on.
fn issue_group(m: &str) -> Range<usize> {
    m.find(|c: char| c.is_ascii_digit()).unwrap_or(m.len())..m.len()
}

/// "(Winter 1995/96)" at the start of `s`: what is inside the parentheses, which holds none.
fn paren_inner(s: &str) -> Option<Range<usize>> {
    let inner = s.strip_prefix('(')?;
    let close = inner.find(['(', ')'])?;
    inner[close..].starts_with(')').then(|| 1..1 + close)
}

static BARE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:1[0-9]{3}|20[0-9]{2})(?-u:\b)").expect("valid regex"));

static BARE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,4}(?-u:\b)").expect("valid regex"));

static SEASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:winter|spring|summer|fall|autumn)(?-u:\b)").expect("valid regex")
});

/// "with Message for Kim Il-sung": a document's attachment, skipped.
static WITH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^with\s+[^,;()]+").expect("valid regex"));

/// A word: what [`words_from_end`] reads. Kept for the test that compares the two.
#[cfg(test)]
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").expect("valid regex"));

/// The words of `s` (runs of characters other than white space, as [`WORD`] finds them) from
/// the last to the first, each with where it starts: a reader who stops after a few words
/// does not read the whole text.
fn words_from_end(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.rsplit(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// Where " to " is first in `s` (at its white space), as [`WORD_TO`] finds it.
fn word_to(s: &str) -> Option<usize> {
    spaced_words(s, &TO).next()
}

/// Where each " in " of `s` ends, as the matches of [`WORD_IN`] one after another.
fn words_in(s: &str) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    spaced_words(s, &IN).filter_map(move |start| {
        // Matches do not overlap: " in in " holds one.
        let end = start + whitespace_len(&s[start..]) + 2;
        let end = end + whitespace_len(&s[end..]);
        (start >= from).then(|| {
            from = end;
            end
        })
    })
}

/// Where the word `finder` looks for stands between two white-space characters in `s`: the
/// start of the one before it, for every such place, in order (they may overlap).
fn spaced_words<'s>(s: &'s str, finder: &'s Finder<'static>) -> impl Iterator<Item = usize> + 's {
    let len = finder.needle().len();
    finder.find_iter(s.as_bytes()).filter_map(move |at| {
        let before = s[..at].chars().next_back().filter(|c| c.is_whitespace())?;
        s[at + len..]
            .starts_with(char::is_whitespace)
            .then(|| at - before.len_utf8())
    })
}

/// Searchers for words that run on every clause, each built once: `str::contains` sets one
/// up on every call.
static TO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("to"));
static IN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("in"));
static NTERVIEW: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("nterview"));
static BID: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("bid"));
static BID_CAPITALS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("BID"));

/// The length of the white-space character at the start of `s` (the caller knows there is one).
fn whitespace_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

static NAME_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*,\s*and\s+|\s+and\s+|\s*&\s*|\s*,\s*").expect("valid regex"));

/// "26, 27 June 1951": the days listed before a full date.
static EXTRA_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<d>[0-9]{1,2})(?:\s*,\s*|\s+and\s+|\s*[–-]\s*)").expect("valid regex")
});

/// The citations in a note whose text is `body` of `text`. `dates` are the date mentions of the
/// file (sorted), `keys` its Pandoc citations (sorted).
pub fn extract(
    text: &str,
    body: Span,
    note: Container,
    dates: &[DateMention],
    keys: &[Citation],
) -> Vec<NoteCitation> {
    let mut out: Vec<NoteCitation> = Vec::new();
    let clauses = clauses(text, body);
    for (i, clause) in clauses.iter().enumerate() {
        // The keys are in text order: those of this clause are found by halving.
        let from = keys.partition_point(|k| k.group.start() < clause.start());
        let to = keys.partition_point(|k| k.group.start() < clause.end());
        let clause_keys: Vec<&Citation> = keys[from..to.max(from)]
            .iter()
            .filter(|k| k.group.end() <= clause.end())
            .collect();
        if !clause_keys.is_empty() {
            for k in clause_keys {
                let mut c = NoteCitation::new(k.group, note, Form::Key);
                c.push(Part::Key, k.key.clone());
                if let Some(loc) = &k.locator {
                    read_tail(text, loc.span.start(), loc.span.end(), dates, &mut c);
                    c.span = k.group;
                }
                out.push(c);
            }
            continue;
        }
        if let Some(c) = parse_clause(text, *clause, note, dates) {
            // "Mao Zedong to Filippov (Stalin); Filippov (Stalin) to Mao Zedong, both dated 30
            // June 1951, ...": a bare heading takes its date and source from the next one.
            out.push(c);
            let n = out.len();
            if n >= 2 && i > 0 {
                let (before, last) = out.split_at_mut(n - 1);
                let prev = &mut before[n - 2];
                let last = &last[0];
                if prev.form == Form::Document
                    && last.form == Form::Document
                    && prev.dates.is_empty()
                    && prev.locators.is_empty()
                    && prev.container().is_none()
                    && is_semicolon_between(text, prev.span.end(), last.span.start())
                {
                    prev.dates = last.dates.clone();
                    prev.date_span = last.date_span;
                    prev.copy_from(last, Part::Container);
                    prev.container_ibid = last.container_ibid;
                    prev.copy_from(last, Part::Issue);
                    prev.copy_from(last, Part::IssueDate);
                    prev.copy_from(last, Part::Volume);
                    prev.years = last.years.clone();
                    prev.locators = last.locators.clone();
                }
            }
        }
    }
    // A genre given once covers the documents listed after it in the same sentence.
    for i in 1..out.len() {
        if out[i].form == Form::Document
            && out[i].genre().is_none()
            && out[i - 1].form == Form::Document
            && is_semicolon_between(text, out[i - 1].span.end(), out[i].span.start())
        {
            let (before, after) = out.split_at_mut(i);
            after[0].copy_from(&before[i - 1], Part::Genre);
        }
    }
    out
}

fn is_semicolon_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|between| between.contains(';') && !between.contains(". "))
}

/// Cuts `body` into clauses at semicolons and sentence ends outside marks and brackets.
pub fn clauses(text: &str, body: Span) -> Vec<Span> {
    let Some(s) = text.get(body.start()..body.end()) else {
        return Vec::new();
    };
    let bytes = s.as_bytes();
    let mut split = Splitter::new(body.start());
    let mut i = 0;
    // Only ASCII marks and the curly quotation marks (E2 80 9C, E2 80 9D) matter: the other
    // bytes are stepped over without decoding them.
    while i < bytes.len() {
        // Step over the bytes that matter to nobody, a table lookup each.
        match bytes[i..].iter().position(|&b| MARKS[usize::from(b)]) {
            Some(skip) => i += skip,
            None => break,
        }
        let ch = match bytes[i] {
            b'(' | b')' | b'[' | b']' | b'"' | b';' | b'.' | b'?' | b'!' => bytes[i] as char,
            0xE2 => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0x9C]) => '“',
                Some([0x80, 0x9D]) => '”',
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        i = split.mark(s, i, ch);
    }
    split.finish(s)
}

/// The bytes [`clauses`] stops at: the ASCII marks, and the first byte of the curly quotation
/// marks.
static MARKS: [bool; 256] = {
    let mut marks = [false; 256];
    let mut i = 0;
    let stops = b"()[]\";.?!\xE2";
    while i < stops.len() {
        marks[stops[i] as usize] = true;
        i += 1;
    }
    marks
};

/// The state of [`clauses`] as it reads a note: how deep in brackets and quotation marks it
/// is, where the current clause starts, and the clauses so far.
struct Splitter {
    base: usize,
    start: usize,
    paren: i32,
    bracket: i32,
    quote: i32,
    straight: bool,
    out: Vec<Span>,
}

impl Splitter {
    fn new(base: usize) -> Self {
        Splitter {
            base,
            start: 0,
            paren: 0,
            bracket: 0,
            quote: 0,
            straight: false,
            out: Vec::new(),
        }
    }

    fn closed(&self) -> bool {
        self.paren == 0 && self.bracket == 0 && self.quote == 0 && !self.straight
    }

    /// Reads the character `ch` at `i` of `s`; gives where to read on from (past the closing
    /// marks after a full stop, which it reads too).
    fn mark(&mut self, s: &str, i: usize, ch: char) -> usize {
        let mut next = i + ch.len_utf8();
        match ch {
            '(' => self.paren += 1,
            ')' => self.paren = (self.paren - 1).max(0),
            '[' => self.bracket += 1,
            ']' => self.bracket = (self.bracket - 1).max(0),
            '“' => self.quote += 1,
            '”' => self.quote = (self.quote - 1).max(0),
            '"' => self.straight = !self.straight,
            _ => {}
        }
        let cut = match ch {
            ';' if self.closed() => Some(i + 1),
            '.' | '?' | '!' => {
                // The sentence may end after closing marks: `forward.”`.
                for c in s[next..].chars() {
                    match c {
                        '”' => self.quote = (self.quote - 1).max(0),
                        '"' => self.straight = !self.straight,
                        ')' => self.paren = (self.paren - 1).max(0),
                        '’' => {}
                        _ => break,
                    }
                    next += c.len_utf8();
                }
                let after = s[next..].trim_start();
                let starts_sentence = after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '“' || c == '*' || c == '"');
                let spaced = s[next..].starts_with(char::is_whitespace);
                (self.closed() && spaced && starts_sentence && !is_abbreviation(&s[..i]))
                    .then_some(next)
            }
            _ => None,
        };
        if let Some(end) = cut {
            push_clause(&mut self.out, self.base, s, self.start, end);
            self.start = end;
        }
        next
    }

    fn finish(mut self, s: &str) -> Vec<Span> {
        push_clause(&mut self.out, self.base, s, self.start, s.len());
        self.out
    }
}

fn push_clause(out: &mut Vec<Span>, base: usize, s: &str, start: usize, end: usize) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if start + lead < end - trail {
        out.push(Span::new(base + start + lead, base + end - trail));
    }
}

/// Whether the word before a full stop is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    // "N.J", "U.S": dotted abbreviations; "I": an initial.
    if word.contains('.') {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Skips the words that lead into a citation ("see also", "and").
fn skip_leads(text: &str, mut at: usize, end: usize) -> usize {
    loop {
        let rest = &text[at..end];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        match LEAD.find(trimmed) {
            Some(m) if m.end() > 0 => at += m.end(),
            _ => return at,
        }
    }
}

fn parse_clause(
    text: &str,
    clause: Span,
    note: Container,
    dates: &[DateMention],
) -> Option<NoteCitation> {
    let start = skip_leads(text, clause.start(), clause.end());
    let s = &text[start..clause.end()];

    if let Some((base, m)) = find_document(s) {
        let doc_start = start + base;
        let rest_at = doc_start + m.rest;
        let dated = next_date(text, rest_at, clause.end(), dates).is_some();
        let bare = s[base + m.whole.end..]
            .trim_matches(|c: char| c.is_whitespace() || c == ';' || c == '.')
            .is_empty();
        if (dated || bare) && !is_genre(&s[base..][m.sender.clone()]) {
            let at = |r: Range<usize>| {
                let span = Span::from(r).shift(doc_start);
                Spanned::new(clean(span.slice(text)), span)
            };
            let mut c =
                NoteCitation::new(Span::from(m.whole).shift(doc_start), note, Form::Document);
            if let Some(genre) = m.genre {
                c.push(Part::Genre, at(genre));
            }
            c.push(Part::Sender, at(m.sender));
            c.push(Part::Recipient, at(m.recipient.clone()));
            c.span = c.span.with_end(doc_start + m.recipient.end);
            read_tail(text, rest_at, clause.end(), dates, &mut c);
            return Some(c);
        }
    }

    if let Some(m) = NTERVIEW
        .find(s.as_bytes())
        .and_then(|_| INTERVIEW.captures(s))
    {
        let whole = m.get(0).expect("match");
        let name = m.name("name").expect("name");
        let from = clause.start()
            + text[clause.start()..start + whole.start()]
                .rfind([',', ':'])
                .map_or(0, |i| i + 1);
        let from = skip_leads(text, from, clause.end());
        let mut c = NoteCitation::new(Span::new(from, start + name.end()), note, Form::Interview);
        c.push(
            Part::Author,
            Spanned::new(clean(name.as_str()), shift(start, name)),
        );
        return Some(c);
    }

    let first_title = first_title(s);
    if let Some(ibid) = (BID.find(s.as_bytes()).is_some()
        || BID_CAPITALS.find(s.as_bytes()).is_some())
    .then(|| IBID.find(s))
    .flatten()
        && first_title.is_none_or(|t| ibid.start() < t.outer.start())
    {
        let span = shift(start, ibid);
        let mut c = NoteCitation::new(span, note, Form::Ibid);
        read_tail(text, span.end(), clause.end(), dates, &mut c);
        return Some(c);
    }

    let title = first_title?;
    let title_span = Span::new(start + title.inner.start(), start + title.inner.end());
    let mut c = NoteCitation::new(
        Span::new(start + title.outer.start(), start + title.outer.end()),
        note,
        Form::Full,
    );
    let (authors, genre) = names_before(text, start, start + title.outer.start());
    let has_author = !authors.is_empty();
    if let Some(first) = authors
        .first()
        .map(|a| a.span)
        .or(genre.as_ref().map(|g| g.span))
    {
        c.span = c.span.with_start(first.start());
    }
    for author in authors {
        c.push(Part::Author, author);
    }
    if let Some(genre) = genre {
        c.push(Part::Genre, genre);
    }
    let value = Spanned::new(clean(title_span.slice(text)), title_span);
    if title.quoted || has_author {
        c.push(Part::Title, value);
    } else {
        // "*FRUS*, 1951, vol. 7, p. 64": an italic name with no author is a container.
        let container = extend_container_year(text, &mut c, value, clause.end());
        c.push(Part::Container, container);
    }
    read_tail(text, c.span.end(), clause.end(), dates, &mut c);
    let published = c.container().is_some()
        || c.container_ibid
        || !c.years.is_empty()
        || c.volume().is_some()
        || c.issue().is_some();
    c.form = if published || !has_author {
        Form::Full
    } else {
        Form::Short
    };
    Some(c)
}

/// A part of a citation as written, white space cleaned ([`clean`]).
type Written<'t> = Spanned<Cow<'t, str>>;

/// The text with each run of white space (a line break in a wrapped note) as one space, and
/// none at either end; borrowed when it is so already, as most parts are.
fn clean(s: &str) -> Cow<'_, str> {
    // Plain: white space only as single spaces between words, read in one pass.
    let mut after_space = true;
    let mut plain = true;
    for c in s.chars() {
        if c == ' ' {
            plain &= !after_space;
            after_space = true;
        } else if c.is_whitespace() {
            plain = false;
        } else {
            after_space = false;
        }
        if !plain {
            break;
        }
    }
    if plain && (s.is_empty() || !after_space) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// A document heading in a clause: at its start, or after a comma, a colon or "in" ("The text
/// is in Ciphered Telegram, ..."). Returns where it starts and its parts.
fn find_document(s: &str) -> Option<(usize, Heading)> {
    // "to" and "in" may be followed by a line break in a wrapped note.
    let to = word_to(s)?;
    let mut starts = vec![0];
    for (i, sep) in s[..to].match_indices([',', ':']) {
        starts.push(i + sep.len());
    }
    starts.extend(words_in(&s[..to]));
    starts.sort_unstable();
    starts.into_iter().find_map(|at| {
        let skip = s[at..].len() - s[at..].trim_start().len();
        let from = at + skip;
        heading(&s[from..]).map(|m| (from, m))
    })
}

fn is_genre(words: &str) -> bool {
    let lower = words.trim().to_lowercase();
    GENRES.contains(&lower.as_str())
}

fn shift(base: usize, m: regex::Match) -> Span {
    Span::new(base + m.start(), base + m.end())
}

#[derive(Clone, Copy)]
struct Title {
    outer: Span,
    inner: Span,
    quoted: bool,
}

/// The first title in `s`: in italics, or in quotation marks with a comma inside them.
fn first_title(s: &str) -> Option<Title> {
    let title = |(outer, inner): (Range<usize>, Range<usize>), quoted| Title {
        outer: Span::from(outer),
        inner: Span::from(inner),
        quoted,
    };
    let italic = first_at(s, (b'*', b'_'), italic_at).map(|m| title(m, false));
    // “ is the only character whose UTF-8 starts with 0xE2 that opens a title.
    let quoted = first_at(s, (0xE2, b'"'), quoted_title_at).map(|m| title(m, true));
    match (italic, quoted) {
        (Some(i), Some(q)) => Some(if q.outer.start() < i.outer.start() {
            q
        } else {
            i
        }),
        (i, q) => i.or(q),
    }
}

/// The authors (or genre) named just before a title: "Shen and Xia, *Mao and ...*".
fn names_before(text: &str, from: usize, title: usize) -> (Vec<Written<'_>>, Option<Written<'_>>) {
    let before = &text[from..title];
    let trimmed = before.trim_end();
    let Some(run_end) = trimmed.strip_suffix(',') else {
        return (Vec::new(), None);
    };
    // Words back from the comma while they can be part of names.
    let mut words: Vec<(usize, &str)> = Vec::new();
    for (i, w) in words_from_end(run_end) {
        let bare = w.trim_end_matches(',');
        let name_word = bare.chars().next().is_some_and(|c| c.is_uppercase())
            || (bare.starts_with('(') && bare.ends_with(')'))
            || (bare.starts_with('[') && bare.ends_with(']'));
        let joiner = matches!(
            bare,
            "and" | "&" | "de" | "van" | "von" | "der" | "da" | "del" | "du" | "la" | "le"
        );
        if !(name_word || joiner) || bare.contains('*') || bare.contains('“') {
            break;
        }
        words.push((i, w));
    }
    words.reverse();
    // Capitalised words that lead a sentence are not names.
    while let Some((_, w)) = words.first() {
        let lw = w.trim_end_matches(',').to_lowercase();
        if matches!(
            lw.as_str(),
            "and"
                | "&"
                | "see"
                | "also"
                | "cf."
                | "in"
                | "on"
                | "for"
                | "the"
                | "by"
                | "from"
                | "de"
                | "van"
                | "von"
                | "der"
                | "da"
                | "del"
                | "du"
                | "la"
                | "le"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    let Some(&(first, _)) = words.first() else {
        return (Vec::new(), None);
    };
    let run = Span::new(from + first, from + run_end.len());
    let run_text = run.slice(text);
    if is_genre(run_text) {
        return (Vec::new(), Some(Spanned::new(clean(run_text), run)));
    }
    // Split "Shen and Xia", "Smith, Jones, and Brown" into names.
    let mut names = Vec::new();
    let mut at = 0;
    for piece in split_names(run_text) {
        let offset = run_text[at..].find(piece).map_or(at, |i| at + i);
        at = offset + piece.len();
        if !piece.is_empty() {
            names.push(Spanned::new(
                clean(piece),
                Span::new(run.start() + offset, run.start() + offset + piece.len()),
            ));
        }
    }
    (names, None)
}

fn split_names(run: &str) -> Vec<&str> {
    NAME_SEPARATOR
        .split(run)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// "*FRUS*, 1951": the year belongs to the container's name. Gives the container, with the
/// year when there is one (and the citation's span then reaches it).
fn extend_container_year<'t>(
    text: &str,
    c: &mut NoteCitation,
    mut container: Written<'t>,
    end: usize,
) -> Written<'t> {
    let after = container.span.end() + 1; // past the closing asterisk
    let Some(stripped) = text.get(after..end).and_then(|r| r.strip_prefix(", ")) else {
        return container;
    };
    if let Some(y) = BARE_YEAR.find(stripped) {
        let next = &stripped[y.end()..];
        if next.starts_with(',') || next.trim().is_empty() || next.starts_with('.') {
            container.value = format!("{}, {}", container.value, y.as_str()).into();
            c.span = c.span.with_end(after + 2 + y.end());
            container.span = container.span.with_end(c.span.end());
        }
    }
    container
}

/// The length of the words skipped between the items of a citation at the start of `s`:
/// spaces and commas, "dated", "both dated" (or "all", "each"), "in", "in the", "the". Written
/// out by hand: it runs several times per citation, and a pattern costs more to start than
/// this costs to finish. A test checks it against the pattern
/// `^(?:[\s,]|(?:both|all|each)\s+dated\b|dated\b|in\s+(?:the\s+)?|the\s+)+`.
fn filler_len(s: &str) -> usize {
    let spaces = |t: &str| t.len() - t.trim_start().len();
    // The word `w` and at least one space, then (with `then`) what follows those spaces.
    let word = |t: &str, w: &str| -> Option<usize> {
        let after = t.strip_prefix(w)?;
        let n = spaces(after);
        (n > 0).then_some(w.len() + n)
    };
    let dated = |t: &str| -> Option<usize> {
        let after = t.strip_prefix("dated")?;
        let boundary = after
            .as_bytes()
            .first()
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        boundary.then_some(5)
    };
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        let n = if c.is_whitespace() || c == ',' {
            Some(c.len_utf8())
        } else {
            ["both", "all", "each"]
                .iter()
                .find_map(|w| {
                    let n = word(rest, w)?;
                    Some(n + dated(&rest[n..])?)
                })
                .or_else(|| dated(rest))
                .or_else(|| {
                    let n = word(rest, "in")?;
                    Some(n + word(&rest[n..], "the").unwrap_or(0))
                })
                .or_else(|| word(rest, "the"))
        };
        match n {
            Some(n) => i += n,
            None => break,
        }
    }
    i
}

/// The first date that starts at `at` or after it, within `end`.
fn next_date(text: &str, at: usize, end: usize, dates: &[DateMention]) -> Option<usize> {
    let first = dates.partition_point(|d| d.span.start() < at);
    if dates.get(first).is_none_or(|d| d.span.start() >= end) {
        return None;
    }
    let rest = text.get(at..end)?;
    let mut skipped = filler_len(rest);
    if let Some(with) = WITH.find(&rest[skipped..]) {
        skipped += with.end();
        skipped += filler_len(&rest[skipped..]);
    }
    let mut pos = at + skipped;
    // "26, 27 June 1951"
    while let Some(m) = text.get(pos..end).and_then(|r| EXTRA_DAYS.find(r)) {
        pos += m.end();
    }
    let i = dates.partition_point(|d| d.span.start() < pos);
    dates
        .get(i)
        .filter(|d| d.span.start() == pos && d.span.end() <= end)
        .map(|_| i)
}

/// Reads the items after a citation's anchor: container, date, publication facts, volume,
/// issue and pages. Stops at the first thing that is none of these.
fn read_tail(text: &str, mut at: usize, end: usize, dates: &[DateMention], c: &mut NoteCitation) {
    let mut after_container = false;
    loop {
        let Some(rest) = text.get(at..end) else {
            return;
        };
        let skipped = filler_len(rest);
        let here = at + skipped;
        let rest = &text[here..end];
        if rest.is_empty() {
            return;
        }
        let was_after_container = after_container;
        after_container = false;
        if c.dates.is_empty()
            && let Some(i) = next_date(text, at, end, dates)
        {
            let d = &dates[i];
            let first_day = here;
            let mut days = smallvec::SmallVec::new();
            if let When::Calendar(cal) = &d.when
                && let (Some(year), Some(day), false) = (cal.year, cal.day, cal.year_inferred)
            {
                let mut pos = first_day;
                while let Some(m) = text
                    .get(pos..d.span.start())
                    .and_then(|r| EXTRA_DAYS.captures(r))
                {
                    if let Ok(extra) = m["d"].parse::<i8>()
                        && let Ok(date) = Date::new(year as i16, cal.month as i8, extra)
                    {
                        days.push(date);
                    }
                    pos += m.get(0).expect("m").end();
                }
                if let Ok(date) = Date::new(year as i16, cal.month as i8, day as i8) {
                    days.push(date);
                }
                if let Some(last) = cal.day_end
                    && let Ok(date) = Date::new(year as i16, cal.month as i8, last as i8)
                {
                    days.push(date);
                }
            }
            c.dates = days;
            c.date_span = Some(Span::new(first_day, d.span.end()));
            c.span = c.span.with_end(c.span.end().max(d.span.end()));
            at = d.span.end();
            continue;
        }
        if let Some(m) = rest
            .starts_with(['i', 'I'])
            .then(|| IBID_HERE.find(rest))
            .flatten()
        {
            c.container_ibid = true;
            at = here + m.end();
            c.span = c.span.with_end(at);
            continue;
        }
        if let Some((whole, inner)) = italic_at(rest, 0) {
            let span = Span::from(inner.clone()).shift(here);
            if c.container().is_none() {
                at = here + whole.end;
                c.span = c.span.with_end(at);
                let value = Spanned::new(clean(&rest[inner]), span);
                let container = extend_container_year(text, c, value, end);
                c.push(Part::Container, container);
                at = c.span.end();
                after_container = true;
                continue;
            }
            return;
        }
        if let Some(inner) = paren_inner(rest) {
            let whole_end = inner.end + 1;
            let inner_text = &rest[inner.clone()];
            let found: smallvec::SmallVec<[Range<usize>; 2]> = years_in(inner_text).collect();
            let years: smallvec::SmallVec<[i32; 2]> = found
                .iter()
                .flat_map(|y| {
                    let y = &inner_text[y.clone()];
                    let (first, second) = year_groups(y);
                    let first: i32 = y[first].parse().unwrap_or(0);
                    let second = second.and_then(|z| {
                        let z: i32 = y[z].parse().ok()?;
                        Some(match z {
                            0..=99 => first - first % 100 + z,
                            _ => z,
                        })
                    });
                    std::iter::once(first).chain(second)
                })
                .collect();
            if years.is_empty() {
                return;
            }
            if SEASON.is_match(inner_text) || !inner_text.contains(':') {
                let value = Spanned::new(clean(inner_text), Span::from(inner.clone()).shift(here));
                c.set(Part::IssueDate, Some(value));
            }
            c.years = years;
            let (first, last) = (&found[0], &found[found.len() - 1]);
            let base = here + inner.start;
            c.year_span = Some(Span::new(base + first.start, base + last.end));
            at = here + whole_end;
            c.span = c.span.with_end(at);
            continue;
        }
        if let Some((value, end)) = numbered(rest, here, &['v', 'V'], &VOLUME, volume_group) {
            c.set(Part::Volume, Some(value));
            at = end;
            c.span = c.span.with_end(end);
            continue;
        }
        if let Some((value, end)) = numbered(rest, here, &['i', 'I', 'n', 'N'], &ISSUE, issue_group)
        {
            c.set(Part::Issue, Some(value));
            at = end;
            c.span = c.span.with_end(end);
            continue;
        }
        if let Some(m_end) = pages_at(rest) {
            let m = &rest[..m_end];
            let (kind, list) = pages_groups(m);
            let kind = match &m[kind] {
                k if k.starts_with('p') => LocatorKind::Page,
                k if k.starts_with('c') => LocatorKind::Chapter,
                _ => LocatorKind::Note,
            };
            let list_text = &m[list.clone()];
            for item in page_items(list_text) {
                let item_text = &list_text[item.clone()];
                let (a, b) = page_item_groups(item_text);
                let start = item_text[a].parse::<u32>().ok();
                let end = match (start, b) {
                    (Some(s), Some(b)) => item_text[b.clone()]
                        .parse::<u32>()
                        .ok()
                        .map(|e| expand(s, e, b.len())),
                    (Some(s), None) => Some(s),
                    _ => None,
                };
                c.locators.push(Locator {
                    span: Span::new(here + list.start + item.start, here + list.start + item.end),
                    kind,
                    start,
                    end,
                });
            }
            at = here + m_end;
            c.span = c.span.with_end(at);
            continue;
        }
        if let Some(m) = rest.starts_with('w').then(|| WITH.find(rest)).flatten() {
            at = here + m.end();
            continue;
        }
        if was_after_container && let Some(m) = BARE_NUMBER.find(rest) {
            // "*Journal* 12, no. 3": the volume follows the journal's name.
            c.set(Part::Volume, Some(Spanned::new(m.as_str(), shift(here, m))));
            at = here + m.end();
            c.span = c.span.with_end(at);
            continue;
        }
        return;
    }
}

/// "vol. 7", "Issues 6–7": the number `pattern` finds at the start of `rest` (which starts at
/// byte `here`), tried only when `rest` starts with one of `first`; and where the item ends.
fn numbered(
    rest: &str,
    here: usize,
    first: &[char],
    pattern: &Regex,
    number: fn(&str) -> Range<usize>,
) -> Option<(Spanned<String>, usize)> {
    if !rest.starts_with(first) {
        return None;
    }
    let m = pattern.find(rest)?;
    let v = number(m.as_str());
    let span = Span::from(v.clone()).shift(here);
    Some((Spanned::new(m.as_str()[v].to_owned(), span), here + m.end()))
}

/// The end of an abbreviated range: 237–42 is 237–242, 1136–8 is 1136–1138.
fn expand(start: u32, end: u32, digits: usize) -> u32 {
    if end >= start {
        return end;
    }
    let scale = 10u32.saturating_pow(digits as u32);
    if scale == 0 {
        return end;
    }
    let candidate = start - start % scale + end;
    if candidate >= start {
        candidate
    } else {
        candidate.saturating_add(scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::assert_groups_read_off;
    use crate::parse::prose_date;

    fn cite(note: &str) -> Vec<NoteCitation> {
        let dates: Vec<DateMention> = prose_date::scan(note)
            .into_iter()
            .map(|(span, when)| DateMention {
                span,
                container: Container::Note(0),
                when,
            })
            .collect();
        extract(
            note,
            Span::new(0, note.len()),
            Container::Note(0),
            &dates,
            &[],
        )
    }

    fn s<'a>(c: &Option<Spanned<&'a str>>) -> &'a str {
        c.map_or("", |v| v.value)
    }

    #[test]
    fn abbreviated_ranges_expand() {
        assert_eq!(expand(237, 42, 2), 242);
        assert_eq!(expand(560, 61, 2), 561);
        assert_eq!(expand(1136, 8, 1), 1138);
        assert_eq!(expand(98, 102, 3), 102);
        assert_eq!(expand(199, 3, 1), 203);
    }

    /// The clause splitter fed every character, not only the bytes it steps to.
    fn clauses_by_chars(text: &str, body: Span) -> Vec<Span> {
        let s = &text[body.start()..body.end()];
        let mut split = Splitter::new(body.start());
        let mut next = 0;
        for (i, ch) in s.char_indices() {
            if i >= next {
                next = split.mark(s, i, ch);
            }
        }
        split.finish(s)
    }

    #[test]
    fn stepping_over_bytes_cuts_clauses_as_reading_every_character_does() {
        let pieces = [
            "(", ")", "[", "]", "“", "”", "\"", "’", ";", ".", "?", "!", " ", "b", "Ed.", "é", "–",
            "\u{2018}",
            // Words and sentence ends weigh more, so that clauses close and sentences end.
            " The", " The", " The", " Mao", " Mao", " Mao", ".", ".", "?", "!", ")", "]", "”",
        ];
        let mut cuts = [0; 3];
        for note in crate::parse::generated_texts(&pieces, 5, 5000) {
            let body = Span::new(0, note.len());
            let found = clauses(&note, body);
            assert_eq!(found, clauses_by_chars(&note, body), "{note:?}");
            // Count the clauses ended by each of . ? ! so that each kind of cut is exercised.
            for c in &found[..found.len().saturating_sub(1)] {
                let before = note[..c.end()].trim_end_matches(['”', '’', '"', ')']);
                if let Some(k) = before.chars().next_back().and_then(|c| ".?!".find(c)) {
                    cuts[k] += 1;
                }
            }
        }
        assert!(
            cuts.iter().all(|&n| n > 20),
            "clauses cut after . ? !: {cuts:?}"
        );
    }

    #[test]
    fn titles_are_read_as_the_patterns_read_them() {
        let groups = |c: regex::Captures, inner: [&str; 2], punct: [&str; 2]| {
            let whole = c.get(0).expect("m").range();
            let body = c.name(inner[0]).or(c.name(inner[1])).expect("group");
            let end = c
                .name(punct[0])
                .or(c.name(punct[1]))
                .map_or(body.end(), |q| q.end());
            (whole, body.start()..end)
        };
        let italic_here = Regex::new(&format!("^(?:{})", ITALIC.as_str())).expect("valid regex");
        let pieces = [
            "*",
            "_",
            "“",
            "”",
            "\"",
            ",",
            "?",
            "!",
            " ",
            "\n",
            "a",
            "War",
            "é",
            "’",
            "–",
            "x_",
            "_y",
            "9",
            "*Mao*",
            "“Title,”",
            "_War_",
            "\u{a0}",
        ];
        let (mut italics, mut quoted) = (0, 0);
        for text in crate::parse::generated_texts(&pieces, 9, 20_000) {
            let plain = ITALIC
                .captures(&text)
                .map(|c| groups(c, ["a", "b"], ["", ""]));
            assert_eq!(first_at(&text, (b'*', b'_'), italic_at), plain, "{text:?}");
            italics += usize::from(plain.is_some());
            let here = italic_here
                .captures(&text)
                .map(|c| groups(c, ["a", "b"], ["", ""]));
            assert_eq!(italic_at(&text, 0), here, "{text:?}");
            let plain = QUOTED_TITLE
                .captures(&text)
                .map(|c| groups(c, ["a", "b"], ["qa", "qb"]));
            assert_eq!(
                first_at(&text, (0xE2, b'"'), quoted_title_at),
                plain,
                "{text:?}"
            );
            quoted += usize::from(plain.is_some());
        }
        assert!(italics > 5_000 && quoted > 5_000, "{italics} {quoted}");
    }

    #[test]
    fn groups_read_off_a_tail_match_are_the_patterns_groups() {
        let pieces = [
            "p.",
            "pp.",
            "page",
            "pages",
            "chap.",
            "chaps.",
            "n.",
            "nn.",
            " ",
            "  ",
            "\n",
            "12",
            "237",
            "–",
            "—",
            "-",
            ",",
            ", ",
            "xi",
            "iv",
            "IV",
            "C",
            "vol.",
            "vols.",
            "Volume",
            "volumes",
            "Issue",
            "Issues",
            "no.",
            "nos.",
            "Number",
            "/",
            "1995",
            "96",
            "2001",
            "(",
            ")",
            "Winter ",
            "s",
            "e",
            "x",
            "é",
            "\u{a0}",
            ", 70–72",
            "pp. 64, 70 - 2",
            "1995/19961",
        ];
        let paren = Regex::new(r"^\((?P<inner>[^()]*)\)").expect("valid regex");
        let mut seen = [0usize; 6];
        for text in crate::parse::generated_texts(&pieces, 17, 8_000) {
            let items: Vec<Range<usize>> = PAGE_ITEM.find_iter(&text).map(|m| m.range()).collect();
            let years: Vec<Range<usize>> = YEAR.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(years_in(&text).collect::<Vec<_>>(), years, "{text:?}");
            assert_eq!(page_items(&text).collect::<Vec<_>>(), items, "{text:?}");
            seen[1] += assert_groups_read_off(&PAGE_ITEM, &text, &["a", "b"], |m| {
                let (a, b) = page_item_groups(m);
                vec![Some(a), b]
            });
            seen[2] += assert_groups_read_off(&YEAR, &text, &["y", "z"], |m| {
                let (y, z) = year_groups(m);
                vec![Some(y), z]
            });
            // The anchored patterns are tried at every character, as the tail reader tries them.
            for (i, _) in text.char_indices() {
                let t = &text[i..];
                assert_eq!(pages_at(t), PAGES.find(t).map(|m| m.end()), "{t:?}");
                seen[0] += assert_groups_read_off(&PAGES, t, &["kind", "list"], |m| {
                    let (kind, list) = pages_groups(m);
                    vec![Some(kind), Some(list)]
                });
                seen[3] +=
                    assert_groups_read_off(&VOLUME, t, &["v"], |m| vec![Some(volume_group(m))]);
                seen[4] +=
                    assert_groups_read_off(&ISSUE, t, &["v"], |m| vec![Some(issue_group(m))]);
                let inner = paren
                    .captures(t)
                    .and_then(|c| c.name("inner").map(|m| m.range()));
                assert_eq!(paren_inner(t), inner, "{t:?}");
                seen[5] += usize::from(inner.is_some());
            }
        }
        assert!(seen.iter().all(|&n| n > 500), "{seen:?}");
    }

    #[test]
    fn words_to_and_in_are_found_as_the_patterns_find_them() {
        let pieces = [
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "\u{2003}",
            "to",
            "in",
            "into",
            "é",
            "x",
            ",",
            "toin",
            " to ",
            " in ",
            "in in ",
            "\u{2003}in\u{a0}",
            "Mao",
            "é ",
        ];
        let (mut tos, mut ins, mut words) = (0, 0, 0);
        for text in crate::parse::generated_texts(&pieces, 17, 30_000) {
            let plain = WORD_TO.find(&text).map(|m| m.start());
            assert_eq!(word_to(&text), plain, "{text:?}");
            let plain: Vec<usize> = WORD_IN.find_iter(&text).map(|m| m.end()).collect();
            assert_eq!(words_in(&text).collect::<Vec<_>>(), plain, "{text:?}");
            let mut plain: Vec<(usize, &str)> = WORD
                .find_iter(&text)
                .map(|m| (m.start(), m.as_str()))
                .collect();
            plain.reverse();
            assert_eq!(words_from_end(&text).collect::<Vec<_>>(), plain, "{text:?}");
            tos += usize::from(WORD_TO.is_match(&text));
            ins += WORD_IN.find_iter(&text).count();
            words += plain.len();
        }
        assert!(
            tos > 10_000 && ins > 10_000 && words > 100_000,
            "{tos} {ins} {words}"
        );
    }

    #[test]
    fn clean_collapses_white_space_and_borrows_what_needs_none() {
        let pieces = [
            " ", "  ", "\n", "\t", "\u{a0}", "a", "Mao", "é", ",", "\u{2003}",
        ];
        let mut borrowed = 0;
        for text in crate::parse::generated_texts(&pieces, 13, 5000) {
            let plain = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let cleaned = clean(&text);
            assert_eq!(cleaned, plain, "{text:?}");
            borrowed += usize::from(matches!(cleaned, Cow::Borrowed(_)));
        }
        assert!(borrowed > 100, "{borrowed}");
    }

    #[test]
    fn headings_are_read_as_the_pattern_reads_them() {
        let pieces = [
            "Ciphered Telegram, ",
            "Letter, ",
            "Memorandum of Conversation, ",
            "Mao Zedong",
            "Filippov [Stalin]",
            "Filippov (Stalin, CCP)",
            " to ",
            " to\n   ",
            "Stalin",
            "the ",
            "Secretary of State",
            " and ",
            "Peng",
            ", ",
            "; ",
            ",",
            " dated 2 June 1951",
            ".",
            " ",
            "Kim, ",
            "A B C D E, ",
            "x",
            "é",
            "Été",
            "(",
            ")",
            "[",
            "]",
            "“",
            "to",
            " of ",
            "Peng,Mao",
            "Stalin.",
            "Mao (CCP).",
            "Kim [Il-sung] .",
            " Peng",
            "Mao to Peng,Kim to Stalin, ",
        ];
        let (mut read, mut at_end, mut genres) = (0, 0, 0);
        for text in crate::parse::generated_texts(&pieces, 23, 20_000) {
            for (i, _) in text
                .char_indices()
                .filter(|&(i, _)| i == 0 || text[..i].ends_with(' '))
            {
                let h = &text[i..];
                let plain = DOCUMENT.captures(h).map(|c| Heading::from_captures(&c));
                assert_eq!(heading(h), plain, "{h:?}");
                if let Some(p) = &plain {
                    read += 1;
                    at_end += usize::from(p.whole.end == h.len());
                    genres += usize::from(p.genre.is_some());
                }
            }
        }
        // Enough headings, many with a genre, many ending with the text.
        assert!(
            read > 1_500 && genres > 300 && at_end > 100,
            "{read} {genres} {at_end}"
        );
    }

    #[test]
    fn filler_is_skipped_as_the_pattern_would() {
        let pattern = Regex::new(
            r"^(?:[\s,]|(?:both|all|each)\s+dated(?-u:\b)|dated(?-u:\b)|in\s+(?:the\s+)?|the\s+)+",
        )
        .expect("valid regex");
        let pieces = [
            " ", ",", "both", "all", "each", "dated", "in", "the", "x", "\n", "\u{a0}", "_", "é",
            "9",
        ];
        let mut words = 0;
        for text in crate::parse::generated_texts(&pieces, 3, 5000) {
            let expected = pattern.find(&text).map_or(0, |m| m.end());
            assert_eq!(filler_len(&text), expected, "{text:?}");
            words += usize::from(text[..expected].contains(|c: char| c.is_alphabetic()));
        }
        // Often enough, words are skipped and not only spaces and commas.
        assert!(words > 300, "{words} texts with words skipped");
    }

    #[test]
    fn clauses_split_at_semicolons_and_sentences_not_abbreviations() {
        let note = "Stueck, *War* (Princeton, N.J.: PUP, 1995), pp. 152–54; Foot, *Victory*, p. 30. In fact, Kim I. Sung lost “much. Of it” here.";
        let parts: Vec<&str> = clauses(note, Span::new(0, note.len()))
            .into_iter()
            .map(|s| s.slice(note))
            .collect();
        assert_eq!(
            parts,
            [
                "Stueck, *War* (Princeton, N.J.: PUP, 1995), pp. 152–54;",
                "Foot, *Victory*, p. 30.",
                "In fact, Kim I. Sung lost “much. Of it” here."
            ]
        );
    }

    #[test]
    fn full_book_with_discursive_lead() {
        let c = cite(
            "Its background is treated in William Stueck, *The Korean War: An International History* (Princeton, N.J.: Princeton University Press, 1995), pp. 152–54.",
        );
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(c.form, Form::Full);
        assert_eq!(s(&c.authors().next()), "William Stueck");
        assert_eq!(s(&c.title()), "The Korean War: An International History");
        assert_eq!(c.years[..], [1995]);
        assert_eq!(
            (c.locators[0].start, c.locators[0].end),
            (Some(152), Some(154))
        );
        assert!(c.span.slice("Its background is treated in William Stueck, *The Korean War: An International History* (Princeton, N.J.: Princeton University Press, 1995), pp. 152–54.").starts_with("William Stueck"));
    }

    #[test]
    fn short_form_and_two_authors() {
        let c = cite("Treated in Shen and Xia, *Mao and the Sino-Soviet Partnership*, pp. 72–77.");
        assert_eq!(c[0].form, Form::Short);
        let names: Vec<_> = c[0].authors().map(|a| a.value).collect();
        assert_eq!(names, ["Shen", "Xia"]);
    }

    #[test]
    fn article_in_journal_issue() {
        let note = "Alexandre Y. Mansourov, “Stalin, Mao, Kim, and China’s Decision,” in *CWIHP Bulletin*, Issues 6–7 (Winter 1995/1996), p. 105.";
        let c = &cite(note)[0];
        assert_eq!(c.form, Form::Full);
        assert_eq!(s(&c.title()), "Stalin, Mao, Kim, and China’s Decision");
        assert_eq!(s(&c.container()), "CWIHP Bulletin");
        assert_eq!(s(&c.issue()), "6–7");
        assert_eq!(s(&c.issue_date()), "Winter 1995/1996");
        assert_eq!(c.years[..], [1995, 1996]);
        assert_eq!(c.locators[0].start, Some(105));
    }

    #[test]
    fn archival_document() {
        let note = "See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, dated 2 June 1951, *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 62.";
        let c = &cite(note)[0];
        assert_eq!(c.form, Form::Document);
        assert_eq!(s(&c.genre()), "Ciphered Telegram");
        assert_eq!(s(&c.sender()), "Filippov [Stalin]");
        assert_eq!(s(&c.recipient()), "Mao Zedong");
        assert_eq!(c.dates[..], [jiff::civil::date(1951, 6, 2)]);
        assert_eq!(c.years[..], [1995, 1996]);
        assert_eq!(c.locators[0].start, Some(62));
    }

    #[test]
    fn documents_sharing_a_date_and_listed_days() {
        let both = cite(
            "Ciphered Telegram, Mao Zedong to Filippov (Stalin); Filippov (Stalin) to Mao Zedong, both dated 30 June 1951, *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), pp. 64–65.",
        );
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].dates, both[1].dates);
        assert_eq!(s(&both[1].genre()), "Ciphered Telegram");
        assert_eq!(both[0].locators.len(), 1);
        let kirk = cite(
            "Kirk to the Secretary of State, 26, 27 June 1951, in ibid., vol. 7, pp. 555, 560–61.",
        );
        let k = &kirk[0];
        assert_eq!(s(&k.recipient()), "the Secretary of State");
        assert_eq!(k.dates.len(), 2);
        assert!(k.container_ibid);
        assert_eq!(s(&k.volume()), "7");
        let pages: Vec<_> = k.locators.iter().map(|l| (l.start, l.end)).collect();
        assert_eq!(pages, [(Some(555), Some(555)), (Some(560), Some(561))]);
    }

    #[test]
    fn a_heading_wrapped_after_to_is_still_a_document() {
        let c = cite(
            "Examined in Ciphered Telegram, Solvinkor to\n    Akoljor, dated 13 July 1947, in *Europe-Asia Studies*, p. 380;\n    and\n    Letter, Kim to\n    Mao, 2 June 1950, p. 4.",
        );
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|c| c.form == Form::Document));
        assert_eq!(s(&c[0].recipient()), "Akoljor");
        assert_eq!(s(&c[1].sender()), "Kim");
    }

    #[test]
    fn ibid_forms() {
        assert_eq!(cite("Ibid.")[0].form, Form::Ibid);
        let c = &cite("On the aid, see ibid., pp. 88–91.")[0];
        assert_eq!(c.form, Form::Ibid);
        assert_eq!(c.locators[0].end, Some(91));
    }

    #[test]
    fn container_only_and_genre_before_title() {
        let c = cite(
            "The text is in *FRUS*, 1951, vol. 7, p. 64; Editorial Note, “Malik’s Radio Address,” 23 June 1951, in *FRUS*, 1951, vol. 7, p. 547.",
        );
        assert_eq!(s(&c[0].container()), "FRUS, 1951");
        assert!(c[0].title().is_none());
        assert_eq!(s(&c[1].genre()), "Editorial Note");
        assert_eq!(s(&c[1].title()), "Malik’s Radio Address");
        assert_eq!(c[1].dates[..], [jiff::civil::date(1951, 6, 23)]);
        assert_eq!(s(&c[1].container()), "FRUS, 1951");
    }

    #[test]
    fn quotations_and_prose_are_not_citations() {
        assert!(cite("Stalin wrote to Mao the next day: “You must know it.”").is_empty());
        assert!(cite("In fact, Kim Il-sung had lost much of his authority.").is_empty());
        let c = cite("Author’s interview with Wang Yazhi from June to September 2001.");
        assert_eq!(c[0].form, Form::Interview);
        assert_eq!(s(&c[0].authors().next()), "Wang Yazhi");
    }
}
