use super::attribution::{People, attribution, note_document};
use super::quotation_mismatch::quote_matches;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::format_date;

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
        let ws = cx.ws;
        let (excerpts, matches) = quote_matches(ws);
        let mut checked = std::collections::HashSet::<(usize, usize)>::new();
        for m in &matches {
            let doc = &ws.documents[m.document];
            let excerpt = &excerpts[m.excerpt];
            let (bib, entry) = m.entry(ws, &excerpts);
            let Some(issued) = &entry.issued else {
                continue;
            };
            checked.insert((m.document, m.quotation));
            let Some(part) = issued
                .value
                .parts
                .first()
                .filter(|_| issued.value.parts.len() == 1)
            else {
                continue;
            };
            let (Some(month), Some(day)) = (part.month, part.day) else {
                continue;
            };
            let Ok(dated) = jiff::civil::Date::new(part.year as i16, month as i8, day as i8) else {
                continue;
            };
            let q = &doc.quotations[m.quotation];
            let text = &ws.source(doc.source).text;
            let people = People::new(ws, ws.links[m.document].as_deref().unwrap_or_default());
            let Some((span, date)) = attribution(doc, text, q, &people).date else {
                continue;
            };
            if date == dated {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!(
                        "this quotation is put on {}, but `{}`, whose words it quotes, is dated {}",
                        format_date(date),
                        excerpt.id,
                        format_date(dated)
                    ),
                    Label::new(doc.source, q.span, format!("the words of `{}`", excerpt.id)),
                )
                .with_label(Label::new(doc.source, span, format!("= {}", format_date(date))))
                .with_label(Label::new(bib.source, issued.span, "the document's date"))
                .with_help(format!(
                    "give the quotation the document's date ({}), or check the bibliography's date against the source",
                    format_date(dated)
                )),
            );
        }
        // Quotations not tied to a recorded excerpt: the document their note cites. Only an
        // explicit date is compared here; a relative one is `relative-date-mismatch`'s.
        for (d, doc) in ws.documents.iter().enumerate() {
            let people = People::new(ws, ws.links[d].as_deref().unwrap_or_default());
            let text = &ws.source(doc.source).text;
            for (qi, q) in doc.quotations.iter().enumerate() {
                if checked.contains(&(d, qi)) {
                    continue;
                }
                let a = attribution(doc, text, q, &people);
                let Some((span, date)) = a.date else { continue };
                let explicit = doc
                    .dates_in(span)
                    .iter()
                    .any(|m| m.span == span && matches!(m.when, crate::model::When::Calendar(_)));
                let Some(cited) = note_document(doc, text, q, &a) else {
                    continue;
                };
                if !explicit || cited.date == date {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "this quotation is put on {}, but the document its note cites is dated {}",
                            format_date(date),
                            format_date(cited.date)
                        ),
                        Label::new(doc.source, q.span, "quoted here"),
                    )
                    .with_label(Label::new(doc.source, span, format!("= {}", format_date(date))))
                    .with_label(Label::new(doc.source, cited.date_span, "the cited document's date"))
                    .with_help("give the quotation the date of the document it quotes, or correct the citation"),
                );
            }
        }
    }
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
