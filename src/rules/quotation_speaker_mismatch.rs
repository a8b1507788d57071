use super::attribution::{People, attribution};
use super::quotation_mismatch::quote_matches;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// A quotation is given to someone who is not the author of the document whose words it
    /// quotes.
    ///
    /// The speaker is the first person named in the quotation's sentence before it; people known
    /// under several names (`people:` in the bibliography: Filippov is Stalin) count as one. The
    /// document is the entry whose recorded excerpt (`quotes:`) the quotation reproduces.
    ///
    /// ## Why this matters
    /// In a correspondence between Stalin, Mao and Kim, words given to the wrong sender turn an
    /// order into a request. The cipher names of the archives (Filippov, Krasovsky) make the slip
    /// easy, which is why aliases are resolved first.
    ///
    /// ## Example
    /// Fires (the telegram's author is Filippov, that is, Stalin):
    /// ```markdown
    /// Mao wrote to Stalin: “You must already know from Malik's speech …”
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Filippov wrote to Mao: “You must already know from Malik's speech …”
    /// ```
    pub struct QuotationSpeakerMismatch {
        name: "quotation-speaker-mismatch",
        category: Quotations,
        severity: Error,
    }
}

impl Rule for QuotationSpeakerMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let (excerpts, matches) = quote_matches(ws);
        for m in &matches {
            let doc = &ws.documents[m.document];
            let excerpt = &excerpts[m.excerpt];
            let bib = &ws.bibliographies[excerpt.bibliography];
            let entry = &bib.entries[excerpt.entry];
            if entry.author.is_empty() {
                continue;
            }
            let people = People::new(ws, ws.links[m.document].as_deref().unwrap_or_default());
            let q = &doc.quotations[m.quotation];
            let text = &ws.source(doc.source).text;
            let Some((span, speaker)) = attribution(doc, text, q, &people).speaker else {
                continue;
            };
            let authors: Vec<String> = entry
                .author
                .iter()
                .flat_map(|a| {
                    [
                        a.value.display(),
                        a.value.family.clone().unwrap_or_default(),
                    ]
                })
                .filter(|n| !n.is_empty())
                .map(|n| people.canonical(&n))
                .collect();
            if authors.contains(&speaker) {
                continue;
            }
            let by: Vec<String> = entry.author.iter().map(|a| a.value.display()).collect();
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!(
                        "this quotation is given to {}, but `{}`, whose words it quotes, is by {}",
                        span.slice(text),
                        excerpt.id,
                        by.join(" and ")
                    ),
                    Label::new(
                        doc.source,
                        q.span,
                        format!("the words of {}", by.join(" and ")),
                    ),
                )
                .with_label(Label::new(doc.source, span, format!("given to {speaker}")))
                .with_label(Label::new(
                    bib.source,
                    entry.author[0].span,
                    "the document's author",
                ))
                .with_help(
                    "give the quotation to its author, or check that the right document is quoted",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::quotation_date_mismatch::tests::BIB;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_words_given_to_another_sender() {
        let out = run(
            "quotation-speaker-mismatch",
            "Mao wrote to Stalin: “[Y]ou must already know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.”\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_the_author_under_any_of_his_names() {
        for who in ["Stalin", "Filippov", "Filippov [Stalin]", "Joseph Stalin"] {
            let text = format!(
                "{who} wrote to Mao: “[Y]ou must already know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.”\n"
            );
            assert_eq!(
                run("quotation-speaker-mismatch", &text, Some(BIB)),
                "",
                "{who}"
            );
        }
    }
}
