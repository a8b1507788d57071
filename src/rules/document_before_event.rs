use super::event_date_mismatch::{event_and_date, sources};
use super::shared::{DOCUMENT_WORDS, document_date_after, event_mentions};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::Container;
use crate::model::chronology::format_date;
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// A note cites a document dated before the event that the note says it refers to.
    ///
    /// In a note that names a recorded event (see `events:` in the bibliography) and then cites
    /// a dated document ("See Ciphered Telegram, …, 2 June 1951"), the document cannot be older
    /// than the event it speaks of.
    ///
    /// ## Why this matters
    /// A telegram that mentions Malik's speech of 23 June 1951 cannot have been sent on 2 June:
    /// the citation's date is wrong (here, a dropped digit), and readers who look the document
    /// up under that date will not find it.
    ///
    /// ## Example
    /// Fires (the bibliography records Malik's broadcast on 23 June 1951):
    /// ```markdown
    /// [^16]: Stalin wrote: “You must already know from Malik's speech …” See Ciphered
    ///     Telegram, Filippov [Stalin] to Mao Zedong, 2 June 1951.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^16]: Stalin wrote: “You must already know from Malik's speech …” See Ciphered
    ///     Telegram, Filippov [Stalin] to Mao Zedong, 24 June 1951.
    /// ```
    pub struct DocumentBeforeEvent {
        name: "document-before-event",
        category: Chronology,
        severity: Error,
    }
}

impl Rule for DocumentBeforeEvent {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let words: Vec<String> = DOCUMENT_WORDS.iter().map(|w| w.to_string()).collect();
        let phrases = cx.event_phrases();
        for (d, doc) in ws.documents.iter().enumerate() {
            let Some(linked) = &ws.links[d] else { continue };
            let text = &ws.source(doc.source).text;
            let mentions = event_mentions(doc, text, ws, linked, phrases);
            let mut reported = HashSet::default();
            // Later mentions first, so the one reported is the closest before the document.
            for m in mentions.iter().rev() {
                if m.container == Container::Prose {
                    continue;
                }
                let Some((cited, date, genre)) =
                    document_date_after(doc, text, m.container, m.span.end(), &words)
                else {
                    continue;
                };
                if date >= m.event.start || !reported.insert(cited) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "the {genre} cited is dated {}, before {} that it refers to",
                            format_date(date),
                            event_and_date(m.event)
                        ),
                        Label::new(
                            doc.source,
                            cited,
                            format!("the {genre} is dated {}", format_date(date)),
                        ),
                    )
                    .with_label(Label::new(
                        doc.source,
                        m.span,
                        format!("refers to an event of {}", format_date(m.event.start)),
                    ))
                    .with_label(Label::new(
                        m.bibliography.source,
                        m.event.date_span,
                        "the recorded date",
                    ))
                    .with_help(format!(
                        "check the {genre}'s date in the source; the event is dated by {}",
                        sources(m.bibliography, m.event)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::event_date_mismatch::tests::BIB;
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_telegram_older_than_the_speech_it_mentions() {
        let out = run(
            "document-before-event",
            "Stalin replied.[^16]\n\n[^16]: Stalin wrote: “You must already know from Malik’s speech.” See Ciphered\n    Telegram, Filippov [Stalin] to Mao Zedong, 2 June 1951, p. 62.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_the_document_is_later() {
        let out = run(
            "document-before-event",
            "Stalin replied.[^16]\n\n[^16]: Editorial Note, “Malik’s Radio Address,” 23 June 1951. “You must already know from Malik’s speech.” See Ciphered Telegram, Filippov [Stalin] to Mao Zedong, 24 June 1951.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
