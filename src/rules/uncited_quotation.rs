use super::attribution::for_each_quotation;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::Container;

declare_rule! {
    /// A quotation from a telegram, cable, letter or message has no note: nothing tells the
    /// reader where to find the document.
    ///
    /// The quotation is in the running text, its sentence names the kind of document ("in a
    /// telegram to Peng, Mao argued: “…”"), no note reference follows it in its paragraph, and
    /// its words match no excerpt recorded in the bibliography.
    ///
    /// ## Why this matters
    /// Archival documents are what a history book is judged on: a quoted telegram without a note
    /// cannot be checked, and reviewers will ask for the file, folio and date.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// In a telegram to Peng, Mao argued: “it would arouse all kinds of conjectures.”
    /// ```
    /// Does not fire:
    /// ```markdown
    /// In a telegram to Peng, Mao argued: “it would arouse all kinds of conjectures.”[^11]
    /// ```
    pub struct UncitedQuotation {
        name: "uncited-quotation",
        category: Quotations,
        severity: Warning,
    }
}

impl Rule for UncitedQuotation {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for_each_quotation(cx, |q| {
            if q.quotation.container != Container::Prose || q.source.is_some() {
                return;
            }
            let (Some(medium), None) = (q.attribution.medium, q.attribution.note) else {
                return;
            };
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!("this quotation from a {medium} has no note"),
                    Label::new(q.doc.source, q.quotation.span, "no note says where these words are from"),
                )
                .with_help(format!(
                    "add a note after the quotation citing the {medium}: sender, recipient, date and where it is kept or printed"
                )),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_quoted_telegram_without_a_note() {
        let out = run(
            "uncited-quotation",
            "In a telegram to Peng, Mao argued: “it would arouse all kinds of conjectures.”\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_with_a_note_or_without_a_document() {
        let text = "In a telegram to Peng, Mao argued: “it would arouse all kinds of conjectures.”[^1] Zakharov said: “How in the world can an army win?”\n\n[^1]: Ibid.\n";
        assert_eq!(run("uncited-quotation", text, None), "");
    }
}
