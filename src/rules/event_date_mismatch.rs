use super::shared::{block_of, event_mentions, full_date};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::chronology::format_date;
use crate::model::{Bibliography, Event};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// A date given for a known event disagrees with the date the record gives it.
    ///
    /// The bibliography may list dated events under `events:`, each with the phrases that name
    /// it ("set up a ceasefire group", "met US Ambassador Alan Kirk") and the entries that
    /// document it. Where the text names an event, the full date in the same sentence is
    /// compared with the recorded one.
    ///
    /// ## Why this matters
    /// A wrong date for a well-known event is the error a reviewer checks first, and it spreads:
    /// later writers cite the book, not the record. The check needs the date only once, in the
    /// bibliography, with its source.
    ///
    /// ## Example
    /// Fires (the bibliography records the Cease-Fire Group as set up on 14 December 1950):
    /// ```markdown
    /// On 5 December 1950, the United Nations set up a ceasefire group.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// On 14 December 1950, the United Nations set up a ceasefire group.
    /// ```
    pub struct EventDateMismatch {
        name: "event-date-mismatch",
        category: Chronology,
        severity: Error,
    }
}

/// The event's date, or its first and last days.
fn when(event: &Event) -> String {
    if event.start == event.end {
        format_date(event.start)
    } else {
        format!("{} to {}", format_date(event.start), format_date(event.end))
    }
}

/// How a message names the event: its `name`, else its id.
fn name(event: &Event) -> String {
    event
        .name
        .clone()
        .unwrap_or_else(|| format!("the event `{}`", event.id.value))
}

/// "Malik's radio broadcast (23 June 1951)".
pub(crate) fn event_and_date(event: &Event) -> String {
    format!("{} ({})", name(event), when(event))
}

/// What the record cites for an event: its sources' ids and titles.
pub(crate) fn sources(bib: &Bibliography, event: &Event) -> String {
    let list: Vec<String> = event
        .sources
        .iter()
        .map(
            |s| match bib.entry(&s.value).and_then(|e| e.title.as_ref()) {
                Some(title) => format!("`{}` ({})", s.value, title.value),
                None => format!("`{}`", s.value),
            },
        )
        .collect();
    if list.is_empty() {
        "the bibliography's `events:`".into()
    } else {
        list.join("; ")
    }
}

impl Rule for EventDateMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let phrases = cx.event_phrases();
        for (d, doc) in ws.documents.iter().enumerate() {
            let Some(linked) = &ws.links[d] else { continue };
            let text = &ws.source(doc.source).text;
            let mut reported = HashSet::default();
            for m in event_mentions(doc, text, ws, linked, phrases) {
                let Some(block) = block_of(doc, m.span) else {
                    continue;
                };
                // The closest full date in the same sentence.
                let attached = doc
                    .dates
                    .iter()
                    .filter(|x| {
                        x.container == m.container
                            && block.start() <= x.span.start()
                            && x.span.end() <= block.end()
                    })
                    .filter_map(|x| Some((x, full_date(x)?)))
                    .filter(|(x, _)| {
                        let (a, b) = if x.span.end() <= m.span.start() {
                            (x.span.end(), m.span.start())
                        } else {
                            (m.span.end(), x.span.start())
                        };
                        text.get(a..b)
                            .is_some_and(|between| !between.contains(". "))
                    })
                    .min_by_key(|(x, _)| x.span.start().abs_diff(m.span.start()));
                let Some((date_mention, date)) = attached else {
                    continue;
                };
                let event = m.event;
                if (event.start..=event.end).contains(&date) || !reported.insert(date_mention.span)
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "the record dates {} to {}, not {}",
                            name(event),
                            when(event),
                            format_date(date)
                        ),
                        Label::new(
                            doc.source,
                            date_mention.span,
                            format!("{} here", format_date(date)),
                        ),
                    )
                    .with_label(Label::new(doc.source, m.span, "names this event"))
                    .with_label(Label::new(
                        m.bibliography.source,
                        event.date_span,
                        "the recorded date",
                    ))
                    .with_help(format!(
                        "check the date against {}; correct it, or the event it is given for",
                        sources(m.bibliography, event)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::rules::testing::run;

    pub const BIB: &str = "events:\n  - id: ceasefire-group\n    name: the setting up of the UN Cease-Fire Group\n    date: 1950-12-14\n    phrases: [set up a ceasefire group]\n    sources: [chou1950]\n  - id: malik-broadcast\n    name: Malik's radio broadcast\n    date: 1951-06-23\n    phrases: [Malik's speech, Malik's radio address]\nreferences:\n  - id: chou1950\n    type: document\n    title: Statement by Chou En-lai, 22 December 1950\n";

    #[test]
    fn fires_on_a_date_the_record_contradicts() {
        let out = run(
            "event-date-mismatch",
            "On 5 December 1950, the United Nations set up a\nceasefire group to handle the Korean question.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_the_date_agrees_or_is_in_another_sentence() {
        let text = "On 14 December 1950, the United Nations set up a ceasefire group. On 5 December 1950 nothing happened. Malik’s speech came on 23 June 1951.\n";
        assert_eq!(run("event-date-mismatch", text, Some(BIB)), "");
    }
}
