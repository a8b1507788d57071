use super::attribution::{NoteDocument, People, attribution, note_document};
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
        let mut checked = std::collections::HashSet::<(usize, usize)>::new();
        for m in &matches {
            let doc = &ws.documents[m.document];
            let excerpt = &excerpts[m.excerpt];
            let (bib, entry) = m.entry(ws, &excerpts);
            if entry.author.is_empty() {
                continue;
            }
            checked.insert((m.document, m.quotation));
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
        // Quotations not tied to a recorded excerpt: the sender their note's citation names.
        for (d, doc) in ws.documents.iter().enumerate() {
            let people = People::new(ws, ws.links[d].as_deref().unwrap_or_default());
            let text = &ws.source(doc.source).text;
            for (qi, q) in doc.quotations.iter().enumerate() {
                if checked.contains(&(d, qi)) {
                    continue;
                }
                let a = attribution(doc, text, q, &people);
                let Some((span, speaker)) = &a.speaker else {
                    continue;
                };
                let Some(NoteDocument { senders, .. }) = note_document(doc, text, q, &a) else {
                    continue;
                };
                let Some((sender_span, sender)) = senders.first().cloned() else {
                    continue;
                };
                if senders.iter().any(|(_, s)| people.canonical(s) == *speaker) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "this quotation is given to {}, but the document its note cites is from {sender}",
                            span.slice(text)
                        ),
                        Label::new(doc.source, q.span, "quoted here"),
                    )
                    .with_label(Label::new(doc.source, *span, format!("given to {speaker}")))
                    .with_label(Label::new(doc.source, sender_span, "the cited document's sender"))
                    .with_help("give the quotation to the document's sender, or check that the note cites the right document"),
                );
            }
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
    fn fires_through_the_note_when_no_excerpt_is_recorded() {
        let out = run(
            "quotation-speaker-mismatch",
            "Kim wrote: “Malik’s statement guarantees our initiative.”[^18]\n\n[^18]: Ciphered Telegram, Mao Zedong to Filippov (Stalin), 30 June 1951, p. 64.\n",
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
