use super::attribution::for_each_quotation;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::format_date;
use crate::model::{CslDate, When};

declare_rule! {
    /// A quotation is dated, in the sentence that leads to it, to another day than the document
    /// whose words it quotes.
    ///
    /// The document is found through the bibliography: the entry whose recorded excerpt
    /// (`quotes:`) the quotation reproduces. The date is the full date, or the resolved relative
    /// date ("the next day"), in the quotation's sentence before it.
    ///
    /// ## Why this matters
    /// Telegrams of the same correspondence follow each other by days, and their order is the
    /// argument. A quotation put on the wrong day puts a reply before its question.
    ///
    /// ## Example
    /// Fires (the telegram whose words are quoted is dated 24 June 1951):
    /// ```markdown
    /// On 23 June 1951, Stalin wrote to Mao: “You must already know from Malik's speech …”
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Malik spoke on 23 June 1951. The next day Stalin wrote to Mao: “You must already know
    /// from Malik's speech …”
    /// ```
    pub struct QuotationDateMismatch {
        name: "quotation-date-mismatch",
        category: Quotations,
        severity: Error,
    }
}

impl Rule for QuotationDateMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for_each_quotation(cx, |q| {
            let Some((span, date)) = q.attribution.date else {
                return;
            };
            let source = q.doc.source;
            // Through the bibliography: the entry whose excerpt the quotation reproduces.
            if let Some((id, bib, issued, dated)) = q.source.and_then(|(id, bib, entry)| {
                let issued = entry.issued.as_ref()?;
                Some((id, bib, issued, day_of(&issued.value)?))
            }) {
                if date != dated {
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!(
                                "this quotation is put on {}, but `{id}`, whose words it quotes, is dated {}",
                                format_date(date),
                                format_date(dated)
                            ),
                            Label::new(source, q.quotation.span, format!("the words of `{id}`")),
                        )
                        .with_label(Label::new(source, span, format!("= {}", format_date(date))))
                        .with_label(Label::new(bib.source, issued.span, "the document's date"))
                        .with_help(format!(
                            "give the quotation the document's date ({}), or check the bibliography's date against the source",
                            format_date(dated)
                        )),
                    );
                }
                return;
            }
            // Through the note: only an explicit date is compared here; a relative one is
            // `relative-date-mismatch`'s.
            let explicit = q
                .doc
                .dates_in(span)
                .iter()
                .any(|m| m.span == span && matches!(m.when, When::Calendar(_)));
            let Some(cited) = q.note_document() else {
                return;
            };
            if !explicit || cited.date == date {
                return;
            }
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!(
                        "this quotation is put on {}, but the document its note cites is dated {}",
                        format_date(date),
                        format_date(cited.date)
                    ),
                    Label::new(source, q.quotation.span, "quoted here"),
                )
                .with_label(Label::new(source, span, format!("= {}", format_date(date))))
                .with_label(Label::new(source, cited.date_span, "the cited document's date"))
                .with_help("give the quotation the date of the document it quotes, or correct the citation"),
            );
        });
    }
}

/// The day a CSL date names, when it names exactly one day.
fn day_of(date: &CslDate) -> Option<jiff::civil::Date> {
    let [part] = date.parts.as_slice() else {
        return None;
    };
    jiff::civil::Date::new(
        i16::try_from(part.year).ok()?,
        part.month? as i8,
        part.day? as i8,
    )
    .ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::rules::testing::run;

    pub const BIB: &str = "people:\n  - name: Joseph Stalin\n    aliases: [Stalin, Filippov, \"Filippov [Stalin]\"]\n  - name: Mao Zedong\n    aliases: [Mao]\nreferences:\n  - id: filippov1951-0624\n    type: personal_communication\n    author:\n      - literal: \"Filippov [Stalin]\"\n    issued: {date-parts: [[1951, 6, 24]]}\n    quotes:\n      - \"You must already know from [Soviet ambassador to the UN Jacob] Malik's speech that our promise about raising the question of an armistice has already been fulfilled by us.\"\n";

    #[test]
    fn fires_on_a_quotation_put_on_another_day() {
        let out = run(
            "quotation-date-mismatch",
            "Malik spoke on 23 June 1951. Two days later, Stalin wrote to Mao: “[Y]ou must already know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.”\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn fires_through_the_note_when_no_excerpt_is_recorded() {
        let out = run(
            "quotation-date-mismatch",
            "On 29 June 1951, Mao telegraphed Stalin: “Malik’s statement guarantees our initiative.”[^18]\n\n[^18]: Ciphered Telegram, Mao Zedong to Filippov (Stalin), 30 June 1951, p. 64.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_on_the_right_day_or_without_a_date() {
        let ok = "Malik spoke on 23 June 1951. The next day, Stalin wrote to Mao: “[Y]ou must already know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.” Stalin also wrote: “You must already know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.”\n";
        assert_eq!(run("quotation-date-mismatch", ok, Some(BIB)), "");
    }
}
