use super::shared::{DOCUMENT_WORDS, cited_for};
use super::{Context, OptionKind, Rule, RuleOption, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::When;
use crate::model::chronology::format_date;

declare_rule! {
    /// A relative date ("the next day", "two days later") does not agree with the date of the
    /// document cited for the same event.
    ///
    /// The relative phrase is counted from the last full date before it in the same note or
    /// paragraph. The document date it is compared with is the next full date in the same note
    /// that follows a citation ("See Ciphered Telegram, …"), or, for a phrase in the running
    /// text, the date of the document in the note that ends its sentence. A phrase with no date
    /// to count from is left alone, never guessed.
    ///
    /// ## Why this matters
    /// A document dated before the event it answers is the kind of error readers and reviewers
    /// catch first, and it usually hides a typing slip in the citation ("2 June" for "24 June").
    /// Either the document's date or the relative phrase is wrong, and only the source can say
    /// which.
    ///
    /// ## Example
    /// Fires (the next day after 23 June 1951 is 24 June, not 2 June):
    /// ```markdown
    /// [^16]: Editorial Note, 23 June 1951, FRUS, 1951, vol. 7, p. 547. The next day Stalin
    ///     wrote to Mao. See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, 2 June 1951.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^16]: Editorial Note, 23 June 1951, FRUS, 1951, vol. 7, p. 547. The next day Stalin
    ///     wrote to Mao. See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, 24 June 1951.
    /// ```
    pub struct RelativeDateMismatch {
        name: "relative-date-mismatch",
        category: Chronology,
        severity: Error,
        options: [RuleOption {
            name: "document-words",
            kind: OptionKind::Words,
            default: "[telegram, cable, letter, memorandum, message]",
            doc: "Words that show a note cites a dated document (besides \"see\"); the word found names the document in the message.",
        }],
    }
}

impl Rule for RelativeDateMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let configured = cx.settings.words(Self::META.name, "document-words");
        let words: Vec<String> = match configured {
            Some(words) => words.iter().map(|w| w.to_lowercase()).collect(),
            None => DOCUMENT_WORDS.iter().map(|w| w.to_string()).collect(),
        };
        for doc in &ws.documents {
            let text = &ws.source(doc.source).text;
            for (i, mention) in doc.dates.iter().enumerate() {
                let When::Relative {
                    resolved: Some(resolved),
                    ..
                } = mention.when
                else {
                    continue;
                };
                let (anchor, anchor_date, implied) = (
                    &doc.dates[resolved.anchor],
                    super::shared::full_date(&doc.dates[resolved.anchor]).unwrap_or(resolved.date),
                    resolved.date,
                );
                let Some((cited, cited_date, genre)) = cited_for(doc, text, i, &words) else {
                    continue;
                };
                if cited_date == implied {
                    continue;
                }
                let phrase = mention.span.slice(text);
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "“{phrase}” after {} is {}, but the {genre} cited for it is dated {}",
                            format_date(anchor_date),
                            format_date(implied),
                            format_date(cited_date)
                        ),
                        Label::new(doc.source, mention.span, format!("“{phrase}” = {}", format_date(implied))),
                    )
                    .with_label(Label::new(doc.source, anchor.span, "counted from this date"))
                    .with_label(Label::new(doc.source, cited, format!("the {genre} is dated {}", format_date(cited_date))))
                    .with_help(format!(
                        "check the {genre}'s date in the source: if it is {}, correct the citation; if it really is {}, “{phrase}” is wrong",
                        format_date(implied),
                        format_date(cited_date)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_note_16_of_the_sample_chapter() {
        let out = run(
            "relative-date-mismatch",
            "Malik spoke.[^16]\n\n[^16]: Editorial Note, “Malik’s Radio Address on Korean Ceasefire,” 23 June 1951, in FRUS, 1951, vol. 7, p. 547. Stalin wrote to Mao the next day: “[Y]ou must always know from Malik’s speech.” See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, dated 2 June 1951, CWIHP Bulletin, Issues 6–7 (Winter 1995/96), p. 62.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn fires_on_prose_whose_note_cites_another_date() {
        let out = run(
            "relative-date-mismatch",
            "On 30 June 1951, Ridgway proposed a ceasefire. Two days later, Mao cabled Stalin.[^18]\n\n[^18]: Ciphered Telegram, Mao Zedong to Filippov (Stalin), 30 June 1951.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_the_dates_agree_or_cannot_be_resolved() {
        let ok = "Malik spoke.[^16] On 30 June Ridgway spoke. On the same day, Mao cabled Stalin.[^18] The next day, nothing.\n\n[^16]: Editorial Note, 23 June 1951. The next day Stalin wrote. See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, 24 June 1951.\n[^18]: Ciphered Telegram, Mao Zedong to Filippov (Stalin), 30 June 1951.\n";
        assert_eq!(run("relative-date-mismatch", ok, None), "");
    }

    #[test]
    fn quiet_when_the_note_belongs_to_a_sentence_after_a_line_break() {
        // "The next day, nothing." ends its sentence at the end of a line: the note two lines on
        // is the next sentence's, not its own.
        let text = "On 30 June 1951, Ridgway spoke. The next day, nothing happened.\nMao cabled Stalin on 30 June.[^18]\n\n[^18]: Ciphered Telegram, Mao Zedong to Filippov (Stalin), 30 June 1951.\n";
        assert_eq!(run("relative-date-mismatch", text, None), "");
    }
}
