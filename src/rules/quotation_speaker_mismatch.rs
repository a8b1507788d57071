use super::attribution::{NoteDocument, for_each_quotation};
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
        for_each_quotation(cx, |q| {
            let Some((span, speaker)) = &q.attribution.speaker else {
                return;
            };
            let source = q.doc.source;
            let given = span.slice(q.text);
            // Through the bibliography: the author of the entry whose excerpt it reproduces.
            if let Some((id, bib, entry)) = q.source.filter(|(_, _, e)| !e.author.is_empty()) {
                let authors: Vec<String> = entry
                    .author
                    .iter()
                    .flat_map(|a| {
                        [
                            a.value.display(),
                            a.value.family.as_deref().unwrap_or_default().to_owned(),
                        ]
                    })
                    .filter(|n| !n.is_empty())
                    .map(|n| q.people.canonical(&n))
                    .collect();
                if !authors.contains(speaker) {
                    let by = entry
                        .author
                        .iter()
                        .map(|a| a.value.display())
                        .collect::<Vec<_>>()
                        .join(" and ");
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!("this quotation is given to {given}, but `{id}`, whose words it quotes, is by {by}"),
                            Label::new(source, q.quotation.span, format!("the words of {by}")),
                        )
                        .with_label(Label::new(source, *span, format!("given to {speaker}")))
                        .with_label(Label::new(bib.source, entry.author[0].span, "the document's author"))
                        .with_help("give the quotation to its author, or check that the right document is quoted"),
                    );
                }
                return;
            }
            // Through the note: the senders its citation names.
            let Some(NoteDocument { senders, .. }) = q.note_document() else {
                return;
            };
            let Some((sender_span, sender)) = senders.first() else {
                return;
            };
            if senders
                .iter()
                .any(|(_, s)| q.people.canonical(s) == *speaker)
            {
                return;
            }
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!("this quotation is given to {given}, but the document its note cites is from {sender}"),
                    Label::new(source, q.quotation.span, "quoted here"),
                )
                .with_label(Label::new(source, *span, format!("given to {speaker}")))
                .with_label(Label::new(source, *sender_span, "the cited document's sender"))
                .with_help("give the quotation to the document's sender, or check that the note cites the right document"),
            );
        });
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
