use super::citing::{describe, note_name, with_bibliography};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::Form;
use crate::resolve::Status;

declare_rule! {
    /// A citation in a note matches no entry in the bibliography.
    ///
    /// cite-lint reads each citation in a note (author and title, journal, the sender,
    /// recipient and date of a document) and looks for the entry it names. When no entry shares
    /// enough with it, the citation points nowhere. The entries that come closest are offered.
    /// Pandoc keys are checked by `unknown-citation-key` instead.
    ///
    /// ## Why this matters
    /// A source missing from the bibliography is missing from the book's list of works cited,
    /// and a reader cannot find it. More often the note misspells the author or changes the
    /// title, and the bibliography and the note no longer agree on what was read.
    ///
    /// ## Example
    /// Fires (the bibliography has Stueck's *The Korean War*, not this title):
    /// ```markdown
    /// [^3]: Stueck, *The Korean Conflict*, p. 208.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^3]: Stueck, *The Korean War*, p. 208.
    /// ```
    pub struct UnresolvedCitation {
        name: "unresolved-citation",
        category: Citations,
        severity: Error,
    }
}

impl Rule for UnresolvedCitation {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (d, doc) in with_bibliography(ws) {
            for (c, r) in doc.note_citations.iter().zip(cx.resolved.of(d)) {
                if r.status != Status::Unresolved || c.form == Form::Key {
                    continue;
                }
                let help = match r.candidates.as_slice() {
                    [] => "add the source to the bibliography, or correct the author and title in the note".to_owned(),
                    [one] => format!("the closest entry is {}; correct the note, or add the source to the bibliography", describe(ws, *one)),
                    many => format!(
                        "the closest entries are {}; correct the note, or add the source to the bibliography",
                        many.iter().map(|&t| describe(ws, t)).collect::<Vec<_>>().join(", ")
                    ),
                };
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!(
                            "this citation in {} matches no entry in the bibliography",
                            note_name(doc, c)
                        ),
                        Label::new(doc.source, c.span, "no bibliography entry for this source"),
                    )
                    .with_help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: stueck1995\n    type: book\n    author: [{family: Stueck, given: William}]\n    title: \"The Korean War: An International History\"\n    issued: 1995\n";

    #[test]
    fn fires_on_a_title_no_entry_has() {
        let out = run(
            "unresolved-citation",
            "Text.[^1]\n\n[^1]: On this, see Stueck, *The Korean Conflict*, p. 208; Rees, *Korea: The Limited War*, p. 3.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_full_and_short_forms_of_an_entry() {
        let out = run(
            "unresolved-citation",
            "Text.[^1] More.[^2]\n\n[^1]: William Stueck, *The Korean War: An International History* (Princeton, N.J.: Princeton University Press, 1995), p. 3.\n\n[^2]: Stueck, *The Korean War*, p. 208.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
