use super::citing::{at_id, list_ids, note_name};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::resolve::Status;

declare_rule! {
    /// A citation in a note fits several bibliography entries equally well.
    ///
    /// Two entries by the same author with titles that begin alike, or two telegrams between
    /// the same people on the same day, can both answer a short citation. cite-lint then cannot
    /// tell which source the note means, and neither can a reader.
    ///
    /// ## Why this matters
    /// A short title must name one work. When it names two, the reader follows the note to the
    /// wrong book or the wrong telegram.
    ///
    /// ## Example
    /// Fires (the bibliography has two books by Stueck called "The Korean War", with different
    /// subtitles):
    /// ```markdown
    /// [^3]: Stueck, *The Korean War*, p. 208.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^3]: Stueck, *The Korean War: An International History*, p. 208.
    /// ```
    pub struct AmbiguousCitation {
        name: "ambiguous-citation",
        category: Citations,
        severity: Warning,
    }
}

impl Rule for AmbiguousCitation {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (d, doc) in ws.documents.iter().enumerate() {
            for (c, r) in doc.note_citations.iter().zip(cx.resolved.of(d)) {
                if r.status != Status::Ambiguous {
                    continue;
                }
                let mut diagnostic = Diagnostic::new(
                    Self::META.name,
                    format!(
                        "this citation in {} fits {} entries equally well: {}",
                        note_name(doc, c),
                        r.candidates.len(),
                        list_ids(ws, &r.candidates)
                    ),
                    Label::new(doc.source, c.span, "which source is this?"),
                )
                .with_help("make the note name one source: a longer title, the date or the page; or merge the entries if they are the same source");
                for &t in &r.candidates {
                    diagnostic = diagnostic.with_label(at_id(ws, t, "one candidate"));
                }
                out.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: stueck1995\n    type: book\n    author: [{family: Stueck, given: William}]\n    title: \"The Korean War: An International History\"\n  - id: stueck1996\n    type: book\n    author: [{family: Stueck, given: William}]\n    title: \"The Korean War: A Short History\"\n";

    #[test]
    fn fires_when_a_short_title_fits_two_entries() {
        let out = run(
            "ambiguous-citation",
            "Text.[^1]\n\n[^1]: Stueck, *The Korean War*, p. 208.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_the_title_settles_it() {
        let out = run(
            "ambiguous-citation",
            "Text.[^1]\n\n[^1]: Stueck, *The Korean War: A Short History*, p. 208.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
