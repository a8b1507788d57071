//! Dates in running text: "23 June 1951", "June 23, 1951", "12–13 July", "14 to 18 September",
//! "June 1951", with an optional weekday before them, and relative expressions ("the next day",
//! "that same night", "eight days later", "a week earlier").

use super::group_numbers;
use crate::model::{CalendarDate, MonthPart, Season, When};
use crate::source::Span;
use jiff::civil::Weekday;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// The days of the week, Monday first.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

static CALENDAR: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTHS;
    let w = WEEKDAYS.join("|");
    Regex::new(&format!(
        r"(?x)
        (?:(?-u:\b)(?P<wd>{w}),?\s+)?
        (?:
            (?-u:\b)(?P<d1>[0-9]{{1,2}})(?:\s*(?:–|-|to|and)\s*(?P<d1b>[0-9]{{1,2}}))?\s+(?P<m1>{m})(?-u:\b)(?:,?\s+(?P<y1>[0-9]{{4}})(?-u:\b))?
          | (?-u:\b)(?P<m2>{m})\s+(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:–|-|and)\s*(?P<d2b>[0-9]{{1,2}}))?,\s+(?P<y2>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?P<m3>{m})\s+(?P<y3>[0-9]{{4}})(?-u:\b)
        )"
    ))
    .expect("valid regex")
});

/// The numbers of [`CALENDAR`]'s groups (see [`group_numbers`]).
static CALENDAR_GROUPS: LazyLock<[usize; 11]> = LazyLock::new(|| {
    group_numbers(
        &CALENDAR,
        [
            "wd", "d1", "d1b", "m1", "y1", "m2", "d2", "d2b", "y2", "m3", "y3",
        ],
    )
});

#[cfg(test)]
static MONTH_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ](?P<m>{MONTHS})(?-u:\b)(?:,?\s+(?P<y>[0-9]{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});

#[cfg(test)]
static SEASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)
        (?:\s+of)?\s+(?P<y>[0-9]{4})(?:/(?P<y2>[0-9]{2}|[0-9]{4}))?(?-u:\b)",
    )
    .expect("valid regex")
});

/// "at 10:22 p.m. on", "3:00 a.m. on", "10 p.m. on": a time just before a date.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?P<ap>[ap])\.?m\.?\s+on\s+$")
        .expect("valid regex")
});

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?-u:\b)(?:
            (?P<next>the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night))
          | (?P<same>(?:the|that)\s+same\s+(?:day|morning|afternoon|evening|night))
          | (?P<before>the\s+(?:day\s+before|previous\s+day|preceding\s+day))
          | the\s+(?P<nth>second|third|fourth|fifth)\s+day
          | (?P<n>[0-9]{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+
            (?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|afterwards?)
        )(?-u:\b)",
    )
    .expect("valid regex")
});

#[cfg(test)]
static RELATIVE_GROUPS: LazyLock<[usize; 7]> = LazyLock::new(|| {
    group_numbers(
        &RELATIVE,
        ["nth", "next", "same", "before", "n", "unit", "dir"],
    )
});

/// A word every match of [`RELATIVE`] holds (in a text in ASCII lower case): "day", "week"
/// (also with the Kelvin sign, which the pattern takes for a "k"), "morning", "evening",
/// "night", "afternoon". No other letter of these words has a non-ASCII case variant.
static RELATIVE_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("day|week|wee\u{212A}|morning|evening|night|afternoon").expect("valid regex")
});

/// A match of [`RELATIVE`]: where it is, and its groups `nth`, `next`, `same`, `before`, `n`,
/// `unit` and `dir` in that order ([`RELATIVE_GROUPS`]), all in `text`.
type RelativeMatch = (Range<usize>, [Option<Range<usize>>; 7]);

/// The matches of [`RELATIVE`] in `text`, as `captures_iter` gives them, found faster: the
/// pattern has no literal to skip to, so it is run only on a few words around each word that
/// every match holds ([`RELATIVE_ANCHOR`]), not over the whole text; and it runs as a plain
/// search, its groups read off the matched words ([`relative_groups`]).
fn relative_matches(text: &str) -> Vec<RelativeMatch> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    for anchor in RELATIVE_ANCHOR.find_iter(&lower) {
        if anchor.start() < pos {
            continue;
        }
        // A match holds at most two words before its anchor word and one after it
        // ("the following day", "two weeks later", "the day before"). The window ends where
        // the text has white space (or ends), so the pattern's word boundaries read the same
        // in the window as in the text.
        let from = words_back(text, anchor.start(), 2).max(pos);
        let to = words_on(text, anchor.end(), 1);
        if let Some(m) = RELATIVE.find_at(&text[..to], from) {
            pos = m.end();
            let groups = relative_groups(m.as_str())
                .map(|g| g.map(|g| g.start + m.start()..g.end + m.start()));
            out.push((m.range(), groups));
        }
    }
    out
}

/// The groups of [`RELATIVE`] in the text of one of its matches, relative to it. The words
/// tell which of its alternatives matched: "the"/"that" and then "next", "following",
/// "same", "day", "previous", "preceding" or an ordinal; or a number, a unit and a direction.
fn relative_groups(m: &str) -> [Option<Range<usize>>; 7] {
    let mut words = m
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let at = w.as_ptr() as usize - m.as_ptr() as usize;
            at..at + w.len()
        });
    let (first, second, third) = (words.next(), words.next(), words.next());
    let whole = Some(0..m.len());
    let folded = |r: &Option<Range<usize>>| r.clone().map(|r| folded(&m[r])).unwrap_or_default();
    if !matches!(folded(&first).as_str(), "the" | "that") {
        // The fifth alternative: a number, "days" or "weeks", "later" or "earlier".
        return [None, None, None, None, first, second, third];
    }
    match folded(&second).as_str() {
        "next" | "following" => [None, whole, None, None, None, None, None],
        "same" => [None, None, whole, None, None, None, None],
        "day" | "previous" | "preceding" => [None, None, None, whole, None, None, None],
        _ => [second, None, None, None, None, None, None],
    }
}

/// A word as the pattern's case-insensitive matching reads it: in ASCII lower case, with the
/// long s, which it takes for an "s", as one. (The words told apart here hold no "k", the one
/// other letter with a non-ASCII case variant, the Kelvin sign.)
fn folded(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c == 'ſ' {
                's'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The start of the `n`th word (a run of characters other than white space) before the one
/// holding byte `at`.
fn words_back(text: &str, at: usize, n: usize) -> usize {
    let mut i = text[..at].rfind(char::is_whitespace).map_or(0, |w| {
        w + text[w..].chars().next().map_or(1, char::len_utf8)
    });
    for _ in 0..n {
        let before = text[..i].trim_end_matches(char::is_whitespace);
        if before.is_empty() {
            return 0;
        }
        i = before.rfind(char::is_whitespace).map_or(0, |w| {
            w + before[w..].chars().next().map_or(1, char::len_utf8)
        });
    }
    i
}

/// The end of the `n`th word after the one holding the byte before `at`.
fn words_on(text: &str, at: usize, n: usize) -> usize {
    let word_end = |i: usize| {
        text[i..]
            .find(char::is_whitespace)
            .map_or(text.len(), |w| i + w)
    };
    let mut i = word_end(at);
    for _ in 0..n {
        let rest = &text[i..];
        let spaces = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
        if spaces == rest.len() {
            return text.len();
        }
        i = word_end(i + spaces);
    }
    i
}

/// A month's name, wherever it is: every match of [`CALENDAR`] holds one.
static MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(MONTHS).expect("valid regex"));

/// What [`CALENDAR`] allows before a month's name, besides a weekday: a day or a range of days.
const BEFORE_MONTH: [&str; 2] = ["to", "and"];

/// Where a date holding the month named at `at` can start at the earliest: back over the
/// spaces, digits, dashes, commas and words that [`CALENDAR`] allows before a month.
fn earliest_start(text: &str, at: usize) -> usize {
    let mut i = at;
    loop {
        let trimmed = text[..i].trim_end_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_digit() || matches!(c, '–' | '-' | ',')
        });
        let word = BEFORE_MONTH
            .iter()
            .chain(&WEEKDAYS)
            .find(|w| trimmed.ends_with(*w));
        let j = trimmed.len() - word.map_or(0, |w| w.len());
        if j == i {
            return i;
        }
        i = j;
    }
}

/// One match of [`CALENDAR`]: where it is, and where its parts are, whichever of the
/// pattern's three forms it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CalendarMatch {
    whole: Range<usize>,
    weekday: Option<Range<usize>>,
    day: Option<Range<usize>>,
    day_end: Option<Range<usize>>,
    month: Range<usize>,
    year: Option<Range<usize>>,
}

impl CalendarMatch {
    fn from_captures(c: &regex::Captures) -> Self {
        let [wd, d1, d1b, m1, y1, m2, d2, d2b, y2, m3, y3] = *CALENDAR_GROUPS;
        let range = |g: usize| c.get(g).map(|m| m.range());
        let (month, day, day_end, year) = if let Some(m) = range(m1) {
            (m, range(d1), range(d1b), range(y1))
        } else if let Some(m) = range(m2) {
            (m, range(d2), range(d2b), range(y2))
        } else {
            (range(m3).expect("third alternative"), None, None, range(y3))
        };
        CalendarMatch {
            whole: c.get(0).expect("group 0").range(),
            weekday: range(wd),
            day,
            day_end,
            month,
            year,
        }
    }
}

/// The matches of [`CALENDAR`] in `text`, as `captures_iter` gives them, found faster: the
/// pattern is run only from the earliest place a date holding the next month's name can
/// start, so the text between dates is not read by it; and the commonest dates ("23 June
/// 1951", "June 23, 1951", "June 1951") and months named in no date are read by hand
/// ([`plain_date`]).
fn calendar_matches(text: &str, months: &[Range<usize>]) -> Vec<CalendarMatch> {
    let mut out = Vec::new();
    let mut pos = 0;
    // No match starts between `pos` and the earliest start for the next month's name: every
    // match holds a month's name, and what may come before it holds none.
    for month in months {
        if month.start < pos {
            continue;
        }
        let from = earliest_start(text, month.start).max(pos);
        match plain_date(text, from, month.clone()) {
            Some(Some(m)) => {
                pos = m.whole.end;
                out.push(m);
            }
            // No match holds this month's name, so the next one starts after it.
            Some(None) => pos = month.end,
            None => {
                let Some(c) = CALENDAR.captures_at(text, from) else {
                    break;
                };
                let m = CalendarMatch::from_captures(&c);
                pos = m.whole.end;
                out.push(m);
            }
        }
    }
    out
}

/// "Monday, " between `from` and the day at `day`: a weekday's name (after white space only,
/// and at a word boundary), an optional comma and white space. `None` when that is not all
/// there is.
fn weekday_before(text: &str, from: usize, day: usize) -> Option<Range<usize>> {
    let head = &text[from..day];
    let start = from + (head.len() - head.trim_start_matches(char::is_whitespace).len());
    let name = WEEKDAYS.iter().find(|w| text[start..day].starts_with(*w))?;
    let end = start + name.len();
    let rest = text[end..day].strip_prefix(',').unwrap_or(&text[end..day]);
    let before = start.checked_sub(1).map(|i| text.as_bytes()[i]);
    let boundary = before.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_'));
    (boundary && !rest.is_empty() && rest.chars().all(char::is_whitespace)).then_some(start..end)
}

/// What [`CALENDAR`] finds from `from` on, where the month's name at `month` is the first one
/// and only white space lies between `from` and the date, read by hand for the plainest
/// dates: `Some(Some(date))`, `Some(None)` when no match holds this month's name, and `None`
/// when the text is not plain enough to tell (the pattern then decides).
fn plain_date(text: &str, from: usize, month: Range<usize>) -> Option<Option<CalendarMatch>> {
    let bytes = text.as_bytes();
    let word = |i: usize| {
        bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    let boundary_before = |i: usize| i == 0 || !word(i - 1);
    let spaces = |a: usize, b: usize| a <= b && text[a..b].chars().all(char::is_whitespace);
    let digits = |i: usize| {
        bytes[i.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let (ms, me) = (month.start, month.end);
    // "23 June 1951", "Monday, 23 April 1962": one or two digits and white space before the
    // month, and maybe a weekday before them.
    let digits_end = text[..ms].trim_end_matches(char::is_whitespace).len();
    let n = bytes[..digits_end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let ds = digits_end - n;
    if digits_end < ms && (1..=2).contains(&n) && boundary_before(ds) && from <= ds {
        let weekday = if spaces(from, ds) {
            None
        } else {
            Some(weekday_before(text, from, ds)?)
        };
        if word(me) {
            return None;
        }
        // ",? 1951": an optional comma, white space, four digits and a word boundary.
        let mut at = me + usize::from(bytes.get(me) == Some(&b','));
        let gap = text[at..].len() - text[at..].trim_start_matches(char::is_whitespace).len();
        at += gap;
        let year = (gap > 0 && digits(at) == 4 && !word(at + 4)).then(|| at..at + 4);
        return Some(Some(CalendarMatch {
            whole: weekday.as_ref().map_or(ds, |w| w.start)..year.as_ref().map_or(me, |y| y.end),
            weekday,
            day: Some(ds..digits_end),
            day_end: None,
            month,
            year,
        }));
    }
    // Otherwise the date starts at the month's name, or no date holds it.
    if !spaces(from, ms) {
        return None;
    }
    if !boundary_before(ms) || !text[me..].starts_with(char::is_whitespace) {
        return Some(None);
    }
    if bytes.get(me) != Some(&b' ') {
        return None;
    }
    let n = digits(me + 1);
    let after = me + 1 + n;
    // "June 1951"
    if n == 4 && !word(after) {
        return Some(Some(CalendarMatch {
            whole: ms..after,
            weekday: None,
            day: None,
            day_end: None,
            month: month.clone(),
            year: Some(me + 1..after),
        }));
    }
    // "June 23, 1951"
    if (1..=2).contains(&n)
        && text[after..].starts_with(", ")
        && digits(after + 2) == 4
        && !word(after + 6)
    {
        return Some(Some(CalendarMatch {
            whole: ms..after + 6,
            weekday: None,
            day: Some(me + 1..after),
            day_end: None,
            month,
            year: Some(after + 2..after + 6),
        }));
    }
    None
}

/// Every date and relative date in `text`, with spans relative to `text`, in order.
pub fn scan(text: &str) -> Vec<(Span, When)> {
    let mut out: Vec<(Span, When)> = Vec::new();
    // Every month's name, in order; no two overlap (each starts with a capital, and no name
    // ends with the capital another starts with).
    let months: Vec<Range<usize>> = MONTH_NAME.find_iter(text).map(|m| m.range()).collect();
    for c in calendar_matches(text, &months) {
        let start = c.weekday.as_ref().map_or(c.whole.start, |_| {
            c.day
                .as_ref()
                .map_or(c.month.start, |d| d.start.min(c.month.start))
        });
        let weekday = c
            .weekday
            .and_then(|w| Some((weekday(&text[w.clone()])?, Span::from(w))));
        let number = |m: Option<Range<usize>>| m.and_then(|m| text[m].parse::<u8>().ok());
        // A time of day sits just before the date: look at the last few bytes only.
        let mut window = start.saturating_sub(32);
        while !text.is_char_boundary(window) {
            window += 1;
        }
        let before = &text[window..start];
        // Most dates have no time before them: the pattern runs only after "on ".
        let on = before.trim_end();
        let time = (on.len() < before.len()
            && on.len() >= 2
            && on.is_char_boundary(on.len() - 2)
            && on[on.len() - 2..].eq_ignore_ascii_case("on"))
        .then(|| TIME.captures(before))
        .flatten()
        .and_then(|t| {
            let (h, m) = (
                t["h"].parse::<u8>().ok()?,
                t.name("m").map_or(Some(0), |m| m.as_str().parse().ok())?,
            );
            let pm = t["ap"].eq_ignore_ascii_case("p");
            let hour = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h.saturating_add(12),
                (h, false) => h,
            };
            let span = t.get(0).map(|m| {
                let at = window + m.start();
                Span::new(at, at + m.as_str().trim_end().len().saturating_sub(2))
            })?;
            Some((hour, m, span))
        });
        let date = CalendarDate {
            year: c.year.and_then(|y| text[y].parse().ok()),
            year_inferred: false,
            month: month_number(&text[c.month]),
            day: number(c.day),
            day_end: number(c.day_end),
            weekday,
            part: None,
            time,
        };
        out.push((Span::new(start, c.whole.end), When::Calendar(date)));
    }
    let mut parts: Vec<(Span, When)> = Vec::new();
    for whole in month_parts(text, &months) {
        let m = &text[whole.clone()];
        let (part, month, year) = month_part_groups(m);
        let part = match m[part].to_lowercase().as_str() {
            "early" => MonthPart::Early,
            "mid" => MonthPart::Mid,
            _ => MonthPart::Late,
        };
        let date = CalendarDate {
            year: year.and_then(|y| m[y].parse().ok()),
            year_inferred: false,
            month: month_number(&m[month]),
            day: None,
            day_end: None,
            weekday: None,
            part: Some(part),
            time: None,
        };
        parts.push((Span::from(whole), When::Calendar(date)));
    }
    // "early October 1950" is also matched as "October 1950": keep the longer one.
    if !parts.is_empty() {
        // `parts` is in text order and its matches do not overlap.
        out.retain(|(s, _)| {
            let i = parts.partition_point(|(p, _)| p.start() <= s.start());
            i == 0 || s.end() > parts[i - 1].0.end()
        });
        out.extend(parts);
    }
    for whole in seasons(text) {
        let m = &text[whole.clone()];
        let (s, y, y2) = season_groups(m);
        let Ok(year) = m[y].parse::<i32>() else {
            continue;
        };
        let year_end = y2.and_then(|y| {
            let n: i32 = m[y.clone()].parse().ok()?;
            Some(if y.len() == 2 {
                year - year % 100 + n
            } else {
                n
            })
        });
        let season = match m[s].to_lowercase().as_str() {
            "spring" => Season::Spring,
            "summer" => Season::Summer,
            "winter" => Season::Winter,
            _ => Season::Autumn,
        };
        out.push((
            Span::from(whole),
            When::Season {
                season,
                year,
                year_end,
            },
        ));
    }
    for (whole, [nth, next, same, before, n, unit, dir]) in relative_matches(text) {
        let word = |g: Option<Range<usize>>| g.map_or("", |g| &text[g]);
        let days = if nth.is_some() {
            // "on the third day": the first day is the day of the event itself.
            number_word(
                word(nth)
                    .trim_end_matches("nd")
                    .trim_end_matches("rd")
                    .trim_end_matches("th"),
            )
            .max(2)
                - 1
        } else if next.is_some() {
            1
        } else if same.is_some() {
            0
        } else if before.is_some() {
            -1
        } else {
            let n = number_word(word(n));
            let unit = if word(unit).to_lowercase().starts_with("week") {
                7
            } else {
                1
            };
            let sign = if word(dir).eq_ignore_ascii_case("earlier") {
                -1
            } else {
                1
            };
            sign * n * unit
        };
        out.push((
            Span::from(whole),
            When::Relative {
                days,
                resolved: None,
            },
        ));
    }
    out.sort_by_key(|(span, _)| span.start());
    out
}

/// The matches of [`MONTH_PART`] in `text`, read by hand from the months' names in it
/// (`months`, all of them, in order): a part of a month is the word before a month's name.
fn month_parts(text: &str, months: &[Range<usize>]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for month in months {
        if !boundary(bytes, month.end) {
            continue;
        }
        let Some(sep) = month
            .start
            .checked_sub(1)
            .filter(|&i| matches!(bytes[i], b'-' | b' '))
        else {
            continue;
        };
        let Some(part) = ["early", "Early", "mid", "Mid", "late", "Late"]
            .iter()
            .find(|p| bytes[..sep].ends_with(p.as_bytes()))
        else {
            continue;
        };
        let start = sep - part.len();
        if !boundary(bytes, start) {
            continue;
        }
        // ", 1951" or " 1951" after the name, as a whole word.
        let rest = &text[month.end..];
        let rest = rest.strip_prefix(',').unwrap_or(rest);
        let digits = rest.trim_start_matches(char::is_whitespace);
        let year = (digits.len() < rest.len() && four_digits(digits.as_bytes()))
            .then(|| text.len() - digits.len() + 4)
            .filter(|&end| boundary(bytes, end));
        out.push(start..year.unwrap_or(month.end));
    }
    out
}

/// The matches of [`SEASON`] in `text`, read by hand after each season's name.
fn seasons(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for word in SEASON_NAME.find_iter(text) {
        if word.start() > 0 && is_word_byte(bytes[word.start() - 1]) {
            continue;
        }
        // White space, perhaps "of" and white space again, then the year.
        let spaced = |at: usize| {
            let rest = &text[at..];
            let after = rest.trim_start_matches(char::is_whitespace);
            (after.len() < rest.len()).then_some(text.len() - after.len())
        };
        let Some(after) = spaced(word.end()) else {
            continue;
        };
        let year = if text[after..].starts_with("of") {
            spaced(after + 2)
        } else {
            Some(after)
        };
        let Some(year) = year.filter(|&y| four_digits(&bytes[y..])) else {
            continue;
        };
        let end = year + 4;
        // "/96" or "/1996" after the year, as a whole word; or the year alone, as one.
        let second = [2, 4].into_iter().find_map(|n| {
            let digits = bytes.get(end + 1..end + 1 + n)?;
            (bytes[end] == b'/' && digits.iter().all(u8::is_ascii_digit))
                .then_some(end + 1 + n)
                .filter(|&e| boundary(bytes, e))
        });
        match second {
            Some(e) => out.push(word.start()..e),
            None if boundary(bytes, end) => out.push(word.start()..end),
            None => {}
        }
    }
    out
}

/// A season's name: where [`SEASON`] can start.
static SEASON_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter").expect("valid regex")
});

/// Whether `bytes` starts with four ASCII digits.
fn four_digits(bytes: &[u8]) -> bool {
    bytes
        .get(..4)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// A byte of a word, as the patterns' ASCII word boundaries read it.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether an ASCII word boundary follows a word that ends just before `at`: the byte at `at`
/// is not part of a word (or the text ends); or, read before a word, whether one precedes it.
fn boundary(bytes: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(at).copied();
    before.is_some_and(is_word_byte) != after.is_some_and(is_word_byte)
}

/// The groups of a match `m` of [`MONTH_PART`], read off the matched words (the pattern then
/// runs as a plain search, which costs far less than one that records its groups): the part
/// of the month, the month and the year, as ranges of `m`. A test compares them with the
/// pattern's own groups.
fn month_part_groups(m: &str) -> (Range<usize>, Range<usize>, Option<Range<usize>>) {
    // "early" or "mid" or "late", then a hyphen or a space, then the month's name.
    let cut = m.find(['-', ' ']).unwrap_or(m.len());
    let month = cut + 1..cut + 1 + m.get(cut + 1..).map_or(0, letters);
    let year = (m.len() > month.end).then(|| m.len().saturating_sub(4)..m.len());
    (0..cut, month, year)
}

/// The groups of a match `m` of [`SEASON`], as [`month_part_groups`] reads those of its
/// pattern: the season, the year and the second year.
fn season_groups(m: &str) -> (Range<usize>, Range<usize>, Option<Range<usize>>) {
    let season = 0..letters(m);
    // The year is the first number; a second one follows a slash and ends the match.
    let y = m.find(|c: char| c.is_ascii_digit()).unwrap_or(m.len());
    let year = y..(y + 4).min(m.len());
    let second = m[year.end..]
        .starts_with('/')
        .then(|| year.end + 1..m.len());
    (season, year, second)
}

/// The length of the ASCII letters `s` starts with.
fn letters(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_alphabetic).count()
}

/// The number of a month named as in [`MONTHS`] (a test checks the two agree), 0 for another
/// word. Written as a match: it runs for every date of a backlist.
fn month_number(name: &str) -> u8 {
    match name {
        "January" => 1,
        "February" => 2,
        "March" => 3,
        "April" => 4,
        "May" => 5,
        "June" => 6,
        "July" => 7,
        "August" => 8,
        "September" => 9,
        "October" => 10,
        "November" => 11,
        "December" => 12,
        _ => 0,
    }
}

fn weekday(name: &str) -> Option<Weekday> {
    let i = WEEKDAYS.iter().position(|w| *w == name)?;
    Weekday::from_monday_one_offset(i as i8 + 1).ok()
}

fn number_word(word: &str) -> i64 {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    const ORDINALS: [&str; 6] = ["zeroth", "first", "second", "third", "fourth", "fifth"];
    if let Some(i) = ORDINALS
        .iter()
        .position(|w| w.starts_with(&word.to_lowercase()) && !word.is_empty())
    {
        return i as i64;
    }
    let lower = word.to_lowercase();
    if lower == "a" {
        return 1;
    }
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map_or_else(|| lower.parse().unwrap_or(0), |i| i as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::assert_groups_read_off;

    #[test]
    fn calendar_matches_are_those_of_the_pattern() {
        // Pieces that make and break dates, shuffled into many texts.
        let pieces = [
            "12",
            "June",
            "1951",
            " ",
            "  ",
            "\n",
            ",",
            "–",
            "-",
            "to",
            "and",
            "Monday",
            "May",
            "Mayor",
            "March",
            "23rd",
            "x",
            "Pluto",
            "\u{a0}",
            "Sunday,",
            "1950",
            "the",
            ".",
            "5 ",
            "123 ",
            " 1951",
            ", 1951",
            ",  1951",
            "19511",
            "_",
            "é",
            "23 June 1951",
            "June 23, 1951",
            "June 1951",
            "on ",
            "June ",
            " 7",
            "th",
            "\n    ",
            "Monday, ",
            "Sunday ",
            "xMonday, ",
            "Friday,\n",
            "9\nFebruary 1945",
            "Tuesday, 23 April 1962",
        ];
        let texts = crate::parse::generated_texts(&pieces, 5, 30_000);
        let (mut found, mut plain_read) = (0, 0);
        for text in &texts {
            let months: Vec<Range<usize>> = MONTH_NAME.find_iter(text).map(|m| m.range()).collect();
            let fast = calendar_matches(text, &months);
            let plain: Vec<_> = CALENDAR
                .captures_iter(text)
                .map(|c| CalendarMatch::from_captures(&c))
                .collect();
            assert_eq!(fast, plain, "{text:?}");
            found += plain.len();
            plain_read += MONTH_NAME
                .find_iter(text)
                .filter(|m| plain_date(text, earliest_start(text, m.start()), m.range()).is_some())
                .count();
        }
        // Enough dates, and enough of them read by hand, for the comparison to mean something.
        assert!(
            found > 10_000 && plain_read > 10_000,
            "{found} {plain_read}"
        );
    }

    #[test]
    fn groups_read_off_a_match_are_the_patterns_groups() {
        let pieces = [
            "early",
            "Early",
            "mid",
            "late",
            "Late",
            "-",
            " ",
            "  ",
            "\n",
            "June",
            "October",
            "Mayor",
            ",",
            "1951",
            "19511",
            "/",
            "96",
            "1996",
            "of",
            "Winter",
            "winter",
            "spring",
            "Fall",
            "autumn",
            "x",
            "é",
            "_",
            "\u{a0}",
            "early June, 1951",
            "Winter 1995/96",
            "summer of 1951",
            "Mid",
            "199",
            "nightfall",
            "0",
            "mid-March 1950",
        ];
        let (mut parts, mut found) = (0, 0);
        for text in crate::parse::generated_texts(&pieces, 21, 20_000) {
            // The hand readers find what the patterns find...
            let months: Vec<Range<usize>> =
                MONTH_NAME.find_iter(&text).map(|m| m.range()).collect();
            let plain: Vec<Range<usize>> = MONTH_PART.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(month_parts(&text, &months), plain, "{text:?}");
            let plain: Vec<Range<usize>> = SEASON.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(seasons(&text), plain, "{text:?}");
            // ...and the groups read off each match are the patterns' groups.
            parts += assert_groups_read_off(&MONTH_PART, &text, &["part", "m", "y"], |m| {
                let (part, month, year) = month_part_groups(m);
                vec![Some(part), Some(month), year]
            });
            found += assert_groups_read_off(&SEASON, &text, &["s", "y", "y2"], |m| {
                let (season, year, second) = season_groups(m);
                vec![Some(season), Some(year), second]
            });
        }
        assert!(parts > 2_000 && found > 2_000, "{parts} {found}");
    }

    #[test]
    fn months_are_numbered_in_the_order_of_the_pattern() {
        for (i, name) in MONTHS.split('|').enumerate() {
            assert_eq!(month_number(name), i as u8 + 1, "{name}");
        }
        assert_eq!(month_number("Mayor"), 0);
    }

    #[test]
    fn relative_matches_are_those_of_the_pattern() {
        // Pieces that make and break relative dates, among them the Kelvin sign and the long
        // s, which the pattern takes for "k" and "s".
        let pieces = [
            "the ",
            "The ",
            "THE ",
            "that ",
            "the",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "next ",
            "next",
            "following ",
            "same ",
            "day",
            "Day ",
            "days ",
            "Monday ",
            "morning",
            "NIGHT ",
            "before",
            " before",
            "previous ",
            "second ",
            "fifth ",
            "two ",
            "12 ",
            "a ",
            "week ",
            "wee\u{212A}s ",
            "weeks",
            "later",
            " later",
            "earlier",
            "afterwards",
            "afterward ",
            "dayſ ",
            "between ",
            ",",
            ".",
            "x",
            "—",
            "today",
            "the next day",
            "two days later",
            "the day before",
            "that same night",
            "ſame ",
            "ſecond ",
            "Following ",
            "PRECEDING ",
        ];
        let texts = crate::parse::generated_texts(&pieces, 11, 20_000);
        let mut found = 0;
        for text in &texts {
            let fast = relative_matches(text);
            let plain: Vec<RelativeMatch> = RELATIVE
                .captures_iter(text)
                .map(|c| {
                    let whole = c.get(0).expect("group 0").range();
                    (whole, RELATIVE_GROUPS.map(|g| c.get(g).map(|m| m.range())))
                })
                .collect();
            assert_eq!(fast, plain, "{text:?}");
            found += plain.len();
        }
        // The texts hold enough relative dates for the comparison to mean something.
        assert!(found > 2_000, "{found}");
    }

    fn calendar(text: &str) -> Vec<(String, CalendarDate)> {
        scan(text)
            .into_iter()
            .filter_map(|(s, w)| match w {
                When::Calendar(c) => Some((s.slice(text).to_owned(), c)),
                _ => None,
            })
            .collect()
    }

    fn relative(text: &str) -> Vec<(String, i64)> {
        scan(text)
            .into_iter()
            .filter_map(|(s, w)| match w {
                When::Relative { days, .. } => Some((s.slice(text).to_owned(), days)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn day_month_year_and_month_day_year() {
        let found = calendar("Malik spoke on 23 June 1951; the note is dated June 24, 1951.");
        assert_eq!(found[0].0, "23 June 1951");
        assert_eq!(
            (found[0].1.year, found[0].1.month, found[0].1.day),
            (Some(1951), 6, Some(23))
        );
        assert_eq!(found[1].0, "June 24, 1951");
        assert_eq!(found[1].1.day, Some(24));
    }

    #[test]
    fn ranges_and_dates_without_year() {
        let found = calendar("On 12–13 July, and from 14 to 18 September; in June 1951.");
        assert_eq!(
            (found[0].1.day, found[0].1.day_end, found[0].1.year),
            (Some(12), Some(13), None)
        );
        assert_eq!((found[1].1.day, found[1].1.day_end), (Some(14), Some(18)));
        assert_eq!((found[2].0.as_str(), found[2].1.day), ("June 1951", None));
    }

    #[test]
    fn weekday_before_a_date() {
        let text = "It began on Sunday, 25 June 1950.";
        let found = calendar(text);
        assert_eq!(found[0].0, "25 June 1950");
        assert_eq!(found[0].1.weekday.map(|w| w.0), Some(Weekday::Sunday));
    }

    #[test]
    fn relative_expressions() {
        let text = "The next day he wrote; that same night, eight days later, two weeks earlier, the day before.";
        assert_eq!(
            relative(text),
            vec![
                ("The next day".to_owned(), 1),
                ("that same night".to_owned(), 0),
                ("eight days later".to_owned(), 8),
                ("two weeks earlier".to_owned(), -14),
                ("the day before".to_owned(), -1),
            ]
        );
    }

    #[test]
    fn seasons_parts_of_months_and_times() {
        let text = "In the summer of 1951; Issues 6–7 (Winter 1995/96) and (Winter 1995/1996); by early October.";
        let found = scan(text);
        let seasons: Vec<_> = found
            .iter()
            .filter_map(|(s, w)| match w {
                When::Season {
                    season,
                    year,
                    year_end,
                } => Some((s.slice(text), *season, *year, *year_end)),
                _ => None,
            })
            .collect();
        assert_eq!(
            seasons,
            [
                ("summer of 1951", Season::Summer, 1951, None),
                ("Winter 1995/96", Season::Winter, 1995, Some(1996)),
                ("Winter 1995/1996", Season::Winter, 1995, Some(1996)),
            ]
        );
        let early = calendar(text);
        assert_eq!(
            (early[0].0.as_str(), early[0].1.part, early[0].1.month),
            ("early October", Some(MonthPart::Early), 10)
        );
        let timed = calendar(
            "At 10:22 p.m. on 12 October, and at 3:00 a.m. on 14 October, 10 p.m. on 13 October.",
        );
        let times: Vec<_> = timed
            .iter()
            .map(|(_, c)| c.time.map(|(h, m, _)| (h, m)))
            .collect();
        assert_eq!(times, [Some((22, 22)), Some((3, 0)), Some((22, 0))]);
    }

    #[test]
    fn the_nth_day_counts_the_first_day_as_one() {
        assert_eq!(
            relative("On the third day, Stalin replied."),
            vec![("the third day".to_owned(), 2)]
        );
        assert_eq!(
            relative("on the second day"),
            vec![("the second day".to_owned(), 1)]
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(
            calendar("500 maps at 1:100,000, the 38th parallel, pp. 553–54, vol. 7").is_empty()
        );
        assert!(relative("It was 12 days after the Chinese entered").is_empty());
    }
}
