//! Dates mentioned in the text: calendar dates as written, and relative expressions.

use crate::model::Container;
use crate::source::Span;

/// A date, or a phrase such as "the next day", found in prose or in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// The date or phrase as written (without a weekday before it).
    pub span: Span,
    pub container: Container,
    pub when: When,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// "23 June 1951", "June 23, 1951", "23 June", "12–13 July", "June 1951", "early October",
    /// "At 10:22 p.m. on 12 October".
    Calendar(CalendarDate),
    /// "the next day" (+1), "two days earlier" (−2), "that same night" (0), "on the third day"
    /// (+2).
    Relative {
        days: i64,
        /// The date it comes to, counted from the last full date before it in the same note or
        /// paragraph; `None` when there is none (it is never guessed).
        resolved: Option<Resolved>,
    },
    /// "the summer of 1951", "Winter 1995/96".
    Season {
        season: Season,
        year: i32,
        /// The second year of a winter written "1995/96" or "1995/1996".
        year_end: Option<i32>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// Index of the anchor in the document's dates.
    pub anchor: usize,
    pub date: jiff::civil::Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// "early", "mid" or "late" before a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPart {
    Early,
    Mid,
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDate {
    pub year: Option<i32>,
    /// True when the year is not written but taken from the nearest earlier year in the same
    /// flow of text.
    pub year_inferred: bool,
    pub month: u8,
    pub day: Option<u8>,
    /// The last day of a range such as "12–13 July" or "14 to 18 September".
    pub day_end: Option<u8>,
    /// A weekday written before the date ("Monday, 25 June 1950") and its span.
    pub weekday: Option<(jiff::civil::Weekday, Span)>,
    /// "early October".
    pub part: Option<MonthPart>,
    /// A time of day written before the date ("At 10:22 p.m. on 12 October"), on the 24-hour
    /// clock, and its span.
    pub time: Option<(u8, u8, Span)>,
}

impl CalendarDate {
    /// The date as a calendar day, when day and year are known and the day exists.
    pub fn civil(&self) -> Option<jiff::civil::Date> {
        let year = i16::try_from(self.year?).ok()?;
        jiff::civil::Date::new(year, self.month as i8, self.day? as i8).ok()
    }
}

impl CalendarDate {
    /// The date of a range's last day ("13" of "12–13 July").
    pub fn last_day(&self) -> Option<jiff::civil::Date> {
        CalendarDate {
            day: self.day_end.or(self.day),
            ..*self
        }
        .civil()
    }
}

/// "24 June 1951".
pub fn format_date(date: jiff::civil::Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month() as u8),
        date.year()
    )
}

pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}
