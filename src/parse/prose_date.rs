//! Dates in running text: "23 June 1951", "June 23, 1951", "12–13 July", "14 to 18 September",
//! "June 1951", with an optional weekday before them, and relative expressions ("the next day",
//! "that same night", "eight days later", "a week earlier").

use crate::model::{CalendarDate, When};
use crate::source::Span;
use jiff::civil::Weekday;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

static CALENDAR: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTHS;
    Regex::new(&format!(
        r"(?x)
        (?:\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?
        (?:
            \b(?P<d1>\d{{1,2}})(?:\s*(?:–|-|to|and)\s*(?P<d1b>\d{{1,2}}))?\s+(?P<m1>{m})\b(?:,?\s+(?P<y1>\d{{4}})\b)?
          | \b(?P<m2>{m})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:–|-|and)\s*(?P<d2b>\d{{1,2}}))?,\s+(?P<y2>\d{{4}})\b
          | \b(?P<m3>{m})\s+(?P<y3>\d{{4}})\b
        )"
    ))
    .expect("valid regex")
});

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)\b(?:
            (?P<next>the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night))
          | (?P<same>(?:the|that)\s+same\s+(?:day|morning|afternoon|evening|night))
          | (?P<before>the\s+(?:day\s+before|previous\s+day|preceding\s+day))
          | (?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+
            (?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|afterwards?)
        )\b",
    )
    .expect("valid regex")
});

/// Every date and relative date in `text`, with spans relative to `text`, in order.
pub fn scan(text: &str) -> Vec<(Span, When)> {
    let mut out: Vec<(Span, When)> = Vec::new();
    for c in CALENDAR.captures_iter(text) {
        let (month, day, day_end, year) = if let Some(m) = c.name("m1") {
            (m, c.name("d1"), c.name("d1b"), c.name("y1"))
        } else if let Some(m) = c.name("m2") {
            (m, c.name("d2"), c.name("d2b"), c.name("y2"))
        } else {
            (
                c.name("m3").expect("third alternative"),
                None,
                None,
                c.name("y3"),
            )
        };
        let whole = c.get(0).expect("group 0");
        let start = c.name("wd").map_or(whole.start(), |_| {
            day.map_or(month.start(), |d| d.start().min(month.start()))
        });
        let weekday = c
            .name("wd")
            .and_then(|w| Some((weekday(w.as_str())?, Span::from(w.range()))));
        let number = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<u8>().ok());
        let date = CalendarDate {
            year: year.and_then(|y| y.as_str().parse().ok()),
            year_inferred: false,
            month: month_number(month.as_str()),
            day: number(day),
            day_end: number(day_end),
            weekday,
        };
        out.push((Span::new(start, whole.end()), When::Calendar(date)));
    }
    for c in RELATIVE.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let days = if c.name("next").is_some() {
            1
        } else if c.name("same").is_some() {
            0
        } else if c.name("before").is_some() {
            -1
        } else {
            let n = number_word(c.name("n").map_or("", |m| m.as_str()));
            let unit = if c["unit"].to_lowercase().starts_with("week") {
                7
            } else {
                1
            };
            let sign = if c["dir"].eq_ignore_ascii_case("earlier") {
                -1
            } else {
                1
            };
            sign * n * unit
        };
        out.push((Span::from(whole.range()), When::Relative { days }));
    }
    out.sort_by_key(|(span, _)| span.start);
    out
}

fn month_number(name: &str) -> u8 {
    MONTHS
        .split('|')
        .position(|m| m == name)
        .map_or(0, |i| i as u8 + 1)
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn number_word(word: &str) -> i64 {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
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

    fn calendar(text: &str) -> Vec<(String, CalendarDate)> {
        scan(text)
            .into_iter()
            .filter_map(|(s, w)| match w {
                When::Calendar(c) => Some((s.slice(text).to_owned(), c)),
                When::Relative { .. } => None,
            })
            .collect()
    }

    fn relative(text: &str) -> Vec<(String, i64)> {
        scan(text)
            .into_iter()
            .filter_map(|(s, w)| match w {
                When::Relative { days } => Some((s.slice(text).to_owned(), days)),
                When::Calendar(_) => None,
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
    fn numbers_that_are_not_dates() {
        assert!(
            calendar("500 maps at 1:100,000, the 38th parallel, pp. 553–54, vol. 7").is_empty()
        );
        assert!(relative("It was 12 days after the Chinese entered").is_empty());
    }
}
