use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::format_date;

declare_rule! {
    /// A weekday written with a date is not the weekday of that date: "Monday, 25 June 1950"
    /// was a Sunday.
    ///
    /// ## Why this matters
    /// Historians often give the weekday to make a chronology vivid, and readers can check it in
    /// seconds. A wrong weekday means either the weekday or the date was mistyped.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// The North Korean attack began on Monday, 25 June 1950.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// The North Korean attack began on Sunday, 25 June 1950.
    /// ```
    pub struct WeekdayMismatch {
        name: "weekday-mismatch",
        category: Chronology,
        severity: Error,
    }
}

impl Rule for WeekdayMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            for (mention, date) in doc.calendar_dates() {
                let (Some((written, weekday_span)), Some(civil)) = (date.weekday, date.civil())
                else {
                    continue;
                };
                let actual = civil.weekday();
                if actual == written {
                    continue;
                }
                let inferred = if date.year_inferred {
                    " (the year is taken from an earlier date)"
                } else {
                    ""
                };
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("{} was a {actual:?}, not a {written:?}{inferred}", format_date(civil)),
                        Label::new(doc.source, weekday_span, format!("{written:?} written here")),
                    )
                    .with_label(Label::new(doc.source, mention.span, format!("this date was a {actual:?}")))
                    .with_help("check the source: correct the weekday, or the date if the weekday is right"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_wrong_weekday() {
        let out = run(
            "weekday-mismatch",
            "The attack began on Monday, 25 June 1950.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_a_right_weekday() {
        let out = run(
            "weekday-mismatch",
            "The attack began on Sunday, 25 June 1950. Malik spoke on Saturday, June 23, 1951.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
