use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::month_name;

declare_rule! {
    /// A date in the text does not exist: "31 June 1951", "30 February".
    ///
    /// A date written without a year is checked with the year of the nearest earlier date in the
    /// same flow of text; with no year at all, 29 February is accepted.
    ///
    /// ## Why this matters
    /// An impossible date is always a typing error, and the reader cannot tell which part is
    /// wrong: the day, the month, or a digit of both. It should be checked against the source
    /// before the book goes to press.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// Gromyko received Kirk on 31 June 1951.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Gromyko received Kirk on 27 June 1951.
    /// ```
    pub struct ImpossibleDate {
        name: "impossible-date",
        category: Chronology,
        severity: Error,
    }
}

impl Rule for ImpossibleDate {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            for (mention, date) in doc.calendar_dates() {
                // 2000 is a leap year: without a year, 29 February may exist.
                let year = date.year.unwrap_or(2000);
                let Ok(first) =
                    jiff::civil::Date::new(year.clamp(-9999, 9999) as i16, date.month as i8, 1)
                else {
                    continue;
                };
                let last = first.days_in_month() as u8;
                let Some(bad) = [date.day, date.day_end]
                    .into_iter()
                    .flatten()
                    .find(|&d| d == 0 || d > last)
                else {
                    continue;
                };
                let month = month_name(date.month);
                let length = match (date.month, date.year) {
                    (2, None) => "February has at most 29 days".to_string(),
                    (2, Some(y)) => format!("February {y} has {last} days"),
                    _ => format!("{month} has {last} days"),
                };
                let when = match (date.year, date.year_inferred) {
                    (Some(y), false) => format!("{bad} {month} {y} does not exist"),
                    (Some(y), true) => format!(
                        "{bad} {month} does not exist in {y}, the year of the date before it"
                    ),
                    (None, _) => format!("{bad} {month} does not exist"),
                };
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("{when}: {length}"),
                        Label::new(doc.source, mention.span, "no such day"),
                    )
                    .with_help(
                        "check the date against the source and correct the day or the month",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_days_that_do_not_exist() {
        let out = run(
            "impossible-date",
            "Kirk saw Gromyko on 31 June 1951.[^1] The group met on 30 February.\n\n[^1]: Kirk to the Secretary of State, 29 February 1951.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_real_dates() {
        let out = run(
            "impossible-date",
            "On 30 June 1951, on 29 February 1952, on 29 February, and from 14 to 18 September.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
