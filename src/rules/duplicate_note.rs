use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use rustc_hash::FxHashMap as HashMap;

declare_rule! {
    /// The same note label is defined twice, so one of the two notes is lost.
    ///
    /// ## Why this matters
    /// Pandoc keeps only one definition of a label and drops the other without warning: one
    /// citation vanishes from the book. This happens when notes are pasted from another chapter
    /// or renumbered by hand.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// [^13]: Jung-chen Nieh, Inside the Red Star, p. 641.
    /// [^13]: Ibid.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^13]: Jung-chen Nieh, Inside the Red Star, p. 641.
    /// [^14]: Ibid.
    /// ```
    pub struct DuplicateNote {
        name: "duplicate-note",
        category: Notes,
        severity: Error,
    }
}

impl Rule for DuplicateNote {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            let mut first = HashMap::default();
            for def in &doc.note_defs {
                let Some(original) = first.get(def.label.as_str()) else {
                    first.insert(def.label.as_str(), def);
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("note [^{}] is defined twice", def.label),
                        Label::new(doc.source, def.label_span, "defined again here"),
                    )
                    .with_label(Label::new(
                        doc.source,
                        original.label_span,
                        "first defined here",
                    ))
                    .with_help(
                        "keep one of the two notes, or give the second its own label and reference",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_the_second_definition() {
        let out = run(
            "duplicate-note",
            "Nie recalled.[^13]\n\n[^13]: Jung-chen Nieh, Inside the Red Star, p. 641.\n\n[^13]: Ibid.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_distinct_labels() {
        let out = run(
            "duplicate-note",
            "A.[^1] B.[^2]\n\n[^1]: X.\n\n[^2]: Ibid.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
