//! CSL dates: `date-parts` lists and ISO 8601 / EDTF strings, checked against the calendar.

use crate::model::chronology::month_name;
use crate::model::{CslDate, DatePart};

/// Why a date cannot be a real date, in an editor's words.
pub type DateError = String;

/// Reads an EDTF / ISO 8601 string such as `1951-06-24`, `1951-06`, `1995`, `1951-06-24?`
/// or the interval `2001-06/2001-09`.
pub fn parse_edtf(text: &str) -> Result<CslDate, DateError> {
    let text = text.trim();
    let mut approximate = false;
    let mut parts = Vec::new();
    for piece in text.split('/') {
        let mut piece = piece.trim();
        if let Some(rest) = piece.strip_suffix(['?', '~', '%']) {
            approximate = true;
            piece = rest;
        }
        if piece.is_empty() || piece == ".." {
            continue; // an open end of an interval
        }
        parts.push(parse_iso_part(piece)?);
    }
    if parts.is_empty() || parts.len() > 2 {
        return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
    }
    Ok(CslDate {
        parts,
        approximate,
        literal: None,
    })
}

fn parse_iso_part(piece: &str) -> Result<DatePart, DateError> {
    let bad = || format!("`{piece}` is not a date in the form YYYY-MM-DD");
    let (negative, body) = match piece.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, piece),
    };
    let mut fields = body.split('-');
    let year: i32 = number(fields.next(), 4).ok_or_else(bad)?;
    let year = if negative { -year } else { year };
    let month = fields
        .next()
        .map(|m| number(Some(m), 2).ok_or_else(bad))
        .transpose()?;
    let day = fields
        .next()
        .map(|d| number(Some(d), 2).ok_or_else(bad))
        .transpose()?;
    if fields.next().is_some() {
        return Err(bad());
    }
    check_part(year, month, day)
}

fn number<T: std::str::FromStr>(field: Option<&str>, min_digits: usize) -> Option<T> {
    let field = field?;
    if field.len() < min_digits || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// Builds a date part from numbers, refusing impossible months and days.
pub fn check_part(year: i32, month: Option<i64>, day: Option<i64>) -> Result<DatePart, DateError> {
    if !(-9999..=9999).contains(&year) {
        return Err(format!(
            "the year {year} is outside the calendar (-9999 to 9999)"
        ));
    }
    let Some(month) = month else {
        if day.is_some() {
            return Err("a day is given without a month".into());
        }
        return Ok(DatePart {
            year,
            month: None,
            day: None,
        });
    };
    let is_season = (21..=24).contains(&month);
    if !(1..=12).contains(&month) && !is_season {
        return Err(format!(
            "there is no month {month}; months run from 1 to 12"
        ));
    }
    let Some(day) = day else {
        return Ok(DatePart {
            year,
            month: Some(month as u8),
            day: None,
        });
    };
    if is_season {
        return Err("a season (months 21–24) cannot have a day".into());
    }
    let last = jiff::civil::Date::new(year as i16, month as i8, 1)
        .map(|d| d.days_in_month())
        .unwrap_or(31);
    if !(1..=i64::from(last)).contains(&day) {
        let name = month_name(month as u8);
        return Err(format!(
            "{day} {name} {year} does not exist: {name} {year} has {last} days"
        ));
    }
    Ok(DatePart {
        year,
        month: Some(month as u8),
        day: Some(day as u8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(y: i32, m: Option<u8>, d: Option<u8>) -> DatePart {
        DatePart {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn reads_iso_dates_at_each_precision() {
        assert_eq!(
            parse_edtf("1951-06-24").unwrap().parts,
            vec![part(1951, Some(6), Some(24))]
        );
        assert_eq!(
            parse_edtf("1951-06").unwrap().parts,
            vec![part(1951, Some(6), None)]
        );
        assert_eq!(
            parse_edtf("1995").unwrap().parts,
            vec![part(1995, None, None)]
        );
    }

    #[test]
    fn reads_intervals_and_uncertainty() {
        let d = parse_edtf("2001-06/2001-09").unwrap();
        assert_eq!(d.parts.len(), 2);
        assert!(parse_edtf("1951-06-24?").unwrap().approximate);
    }

    #[test]
    fn refuses_impossible_days() {
        let err = parse_edtf("1951-02-30").unwrap_err();
        assert_eq!(
            err,
            "30 February 1951 does not exist: February 1951 has 28 days"
        );
        assert!(parse_edtf("1952-02-29").is_ok(), "1952 is a leap year");
        assert!(parse_edtf("1951-13-01").is_err());
        assert!(parse_edtf("1951-06-31").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        assert!(parse_edtf("June 1951").is_err());
        assert!(parse_edtf("").is_err());
        assert!(parse_edtf("51-06-24").is_err());
        assert!(check_part(i32::MAX, None, None).is_err());
    }
}
