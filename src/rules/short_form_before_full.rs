use super::citing::{describe, note_name};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::Form;
use crate::resolve::{Status, Target};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// A source is first cited in a file by a short form.
    ///
    /// Chicago gives a source in full (author, title, place, publisher, year) the first time a
    /// chapter cites it, and in short form after. This rule reports a short form ("Stueck, *The
    /// Korean War*, p. 208") that comes before any full citation of the same entry in the same
    /// file. It is off by default, because a chapter of a book may rely on the full form given
    /// in an earlier chapter; turn it on for articles and for books whose chapters each stand
    /// alone.
    ///
    /// ## Why this matters
    /// A reader who opens a chapter at its start meets a bare surname and a short title and has
    /// to hunt for the rest.
    ///
    /// ## Example
    /// Fires on note 1 (the full form comes only in note 2):
    /// ```markdown
    /// [^1]: Stueck, *The Korean War*, p. 208.
    /// [^2]: William Stueck, *The Korean War: An International History* (Princeton, N.J.:
    ///     Princeton University Press, 1995), p. 209.
    /// ```
    /// Does not fire when the two notes are the other way round.
    pub struct ShortFormBeforeFull {
        name: "short-form-before-full",
        category: Citations,
        severity: Off,
    }
}

impl Rule for ShortFormBeforeFull {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (d, doc) in ws.documents.iter().enumerate() {
            let mut seen: HashSet<Target> = HashSet::default();
            for (c, r) in doc.note_citations.iter().zip(cx.resolved.of(d)) {
                if r.status != Status::Matched {
                    continue;
                }
                if c.form == Form::Short && r.targets.iter().any(|t| !seen.contains(t)) {
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!(
                                "{} cites {} in short form before any full citation of it in this file",
                                note_name(doc, c),
                                describe(ws, r.targets[0])
                            ),
                            Label::new(doc.source, c.span, "first citation of this source"),
                        )
                        .with_help("give the full form here (author, full title, place, publisher and year), and the short form after"),
                    );
                }
                seen.extend(r.targets.iter().copied());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: stueck1995\n    type: book\n    author: [{family: Stueck, given: William}]\n    title: \"The Korean War: An International History\"\n    issued: 1995\n";
    const FULL: &str = "William Stueck, *The Korean War: An International History* (Princeton, N.J.: Princeton University Press, 1995), p. 209.";
    const SHORT: &str = "Stueck, *The Korean War*, p. 208.";

    #[test]
    fn fires_on_a_short_form_first() {
        let text = format!("A.[^1] B.[^2]\n\n[^1]: {SHORT}\n\n[^2]: {FULL}\n");
        insta::assert_snapshot!(run("short-form-before-full", &text, Some(BIB)));
    }

    #[test]
    fn quiet_when_the_full_form_comes_first() {
        let text = format!("A.[^1] B.[^2]\n\n[^1]: {FULL}\n\n[^2]: {SHORT}\n");
        assert_eq!(run("short-form-before-full", &text, Some(BIB)), "");
    }
}
