use super::citing::{at_entry, entry, id, note_name};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::format_date;
use crate::model::{CslDate, Document, Entry, NoteCitation};
use crate::resolve::{Resolution, Status, Target, norm, norm_number};
use crate::source::{Span, Spanned};
use jiff::civil::Date;
use rayon::prelude::*;

declare_rule! {
    /// What a note says about its source disagrees with the bibliography entry it cites.
    ///
    /// Once a citation is tied to its entry, the facts the note repeats are compared with the
    /// entry's: a document's date, sender and recipient; a publication's year, volume, issue and
    /// journal or collection. People's other names from `people:` count as the same person
    /// ("Filippov" is Stalin). Both places are shown: the words in the note and the value in the
    /// bibliography.
    ///
    /// ## Why this matters
    /// The note and the bibliography were written at different times, and one of them is wrong.
    /// A telegram dated three weeks early puts Stalin's reply before the speech it answers; a
    /// wrong issue number sends the reader to the wrong volume of a journal.
    ///
    /// ## Example
    /// Fires (the bibliography dates the telegram 24 June 1951):
    /// ```markdown
    /// [^16]: Ciphered Telegram, Filippov [Stalin] to Mao Zedong, dated 2 June 1951,
    ///     *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 62.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^16]: Ciphered Telegram, Filippov [Stalin] to Mao Zedong, dated 24 June 1951,
    ///     *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 62.
    /// ```
    pub struct CitationMismatch {
        name: "citation-mismatch",
        category: Citations,
        severity: Error,
    }
}

impl Rule for CitationMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        // The documents are compared in parallel; the findings are sorted after the rules run.
        let found: Vec<Vec<Diagnostic>> = ws
            .documents
            .par_iter()
            .enumerate()
            .map(|(d, doc)| {
                let mut out = Vec::new();
                for (c, r) in doc.note_citations.iter().zip(cx.resolved.of(d)) {
                    if r.status != Status::Matched || r.targets.len() != 1 {
                        continue;
                    }
                    let t = r.targets[0];
                    let cmp = Compare {
                        cx,
                        doc,
                        c,
                        t,
                        e: entry(ws, t),
                        r,
                    };
                    cmp.date(&mut out);
                    cmp.names(&mut out);
                    cmp.year(&mut out);
                    cmp.number("volume", c.volume(), &cmp.e.volume, &mut out);
                    cmp.number("issue", c.issue(), &cmp.e.issue, &mut out);
                    cmp.container(&mut out);
                }
                out
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

struct Compare<'a> {
    cx: &'a Context<'a>,
    doc: &'a Document,
    c: &'a NoteCitation,
    t: Target,
    e: &'a Entry,
    r: &'a Resolution,
}

impl<'a> Compare<'a> {
    fn report(
        &self,
        what: &str,
        note: Span,
        said: &str,
        field: Span,
        recorded: &str,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::new(
            CitationMismatch::META.name,
            format!(
                "{} gives the {what} as {said}; the bibliography entry `{}` has {recorded}",
                note_name(self.doc, self.c),
                id(self.cx.ws, self.t)
            ),
            Label::new(self.doc.source, note, format!("{what} in the note")),
        )
        .with_label(at_entry(
            self.cx.ws,
            self.t,
            field,
            format!("{what} in the bibliography"),
        ))
        .with_help(help.to_owned())
    }

    fn date(&self, out: &mut Vec<Diagnostic>) {
        let (Some(span), Some(issued)) = (self.c.date_span, &self.e.issued) else {
            return;
        };
        let days = days_of(&issued.value);
        if self.c.dates.is_empty()
            || days.is_empty()
            || self.c.dates.iter().any(|d| days.contains(d))
        {
            return;
        }
        let said = self
            .c
            .dates
            .iter()
            .map(|d| format_date(*d))
            .collect::<Vec<_>>()
            .join(" and ");
        let recorded = days
            .iter()
            .map(|d| format_date(*d))
            .collect::<Vec<_>>()
            .join(" to ");
        out.push(self.report(
            "date",
            span,
            &said,
            issued.span,
            &recorded,
            "check the date on the document itself, then correct the note or the entry's `issued`",
        ));
    }

    fn names(&self, out: &mut Vec<Diagnostic>) {
        for (what, written, names, field, agrees) in [
            (
                "sender",
                self.c.sender(),
                &self.e.author,
                "author",
                self.r.sender_agrees,
            ),
            (
                "recipient",
                self.c.recipient(),
                &self.e.recipient,
                "recipient",
                self.r.recipient_agrees,
            ),
        ] {
            let Some(written) = written else { continue };
            if names.is_empty() || agrees {
                continue;
            }
            let recorded: Vec<String> = names.iter().map(|n| n.value.display()).collect();
            let span = Span::new(names[0].span.start(), names[names.len() - 1].span.end());
            let help = format!(
                "correct the note, or the entry's `{field}`; if both name the same person, add the name to that person's `aliases:` under `people:`"
            );
            out.push(self.report(
                what,
                written.span,
                &format!("“{}”", written.value),
                span,
                &recorded.join(", "),
                &help,
            ));
        }
    }

    fn year(&self, out: &mut Vec<Diagnostic>) {
        let (Some(span), Some(issued)) = (self.c.year_span, &self.e.issued) else {
            return;
        };
        // A dated document's year is not the year of the journal it was printed in.
        if !days_of(&issued.value).is_empty() || self.c.years.is_empty() {
            return;
        }
        let years: Vec<i32> = issued.value.parts.iter().map(|p| p.year).collect();
        if years.is_empty() || self.c.years.iter().any(|y| years.contains(y)) {
            return;
        }
        let show = |ys: &[i32]| ys.iter().map(i32::to_string).collect::<Vec<_>>().join("/");
        out.push(self.report(
            "year",
            span,
            &show(&self.c.years),
            issued.span,
            &show(&years),
            "correct the year in the note or the entry's `issued`",
        ));
    }

    fn number(
        &self,
        what: &str,
        written: Option<Spanned<&str>>,
        field: &Option<Spanned<compact_str::CompactString>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let (Some(w), Some(f)) = (written, field) else {
            return;
        };
        if norm_number(w.value) == norm_number(&f.value) {
            return;
        }
        out.push(self.report(
            what,
            w.span,
            w.value,
            f.span,
            &f.value,
            &format!("correct the {what} in the note or in the bibliography"),
        ));
    }

    fn container(&self, out: &mut Vec<Diagnostic>) {
        let Some(written) = self.c.container() else {
            return;
        };
        let names: Vec<&Spanned<compact_str::CompactString>> =
            [&self.e.container_title, &self.e.container_title_short]
                .into_iter()
                .flatten()
                .collect();
        let Some(first) = names.first() else {
            return;
        };
        if names.iter().any(|n| norm(&n.value) == norm(written.value)) {
            return;
        }
        out.push(self.report(
            "journal or collection",
            written.span,
            &format!("*{}*", written.value),
            first.span,
            &format!("*{}*", first.value),
            "correct the note, or give the entry a `container-title-short` with the abbreviation the notes use",
        ));
    }
}

/// The days a CSL date names, when it is precise to the day.
fn days_of(date: &CslDate) -> Vec<Date> {
    let days: Vec<Date> = date
        .parts
        .iter()
        .filter_map(|p| Date::new(p.year as i16, p.month? as i8, p.day? as i8).ok())
        .collect();
    if days.len() == date.parts.len() {
        days
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = r#"people:
  - name: Joseph Stalin
    aliases: [Stalin, Filippov, "Filippov [Stalin]", "Filippov (Stalin)"]
references:
  - id: filippov1951-0624
    type: personal_communication
    genre: Ciphered telegram
    author: [{literal: "Filippov [Stalin]"}]
    recipient: [{family: Mao, given: Zedong}]
    container-title: Cold War International History Project Bulletin
    container-title-short: CWIHP Bulletin
    issue: 6-7
    page: 62
    issued: {date-parts: [[1951, 6, 24]]}
  - id: stueck1995
    type: book
    author: [{family: Stueck, given: William}]
    title: "The Korean War: An International History"
    volume: 1
    issued: 1995
"#;

    #[test]
    fn fires_on_each_field_that_disagrees() {
        let out = run(
            "citation-mismatch",
            "Text.[^1] More.[^2] Last.[^3]\n\n[^1]: Ciphered Telegram, Filippov [Stalin] to Mao Zedong, dated 2 June 1951, *CWIHP Bulletin*, Issues 8–9 (Winter 1995/96), p. 62.\n\n[^2]: Ciphered Telegram, Molotov to Mao Zedong, 24 June 1951, *Cold War Bulletin*, Issues 6–7, p. 62.\n\n[^3]: William Stueck, *The Korean War: An International History*, vol. 2 (Princeton, N.J.: Princeton University Press, 1997), p. 208.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_the_note_agrees_through_aliases() {
        let out = run(
            "citation-mismatch",
            "Text.[^1] More.[^2]\n\n[^1]: Ciphered Telegram, Filippov (Stalin) to Mao, dated 24 June 1951, in *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 62.\n\n[^2]: William Stueck, *The Korean War: An International History*, vol. 1 (Princeton, N.J.: Princeton University Press, 1995), p. 208.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
