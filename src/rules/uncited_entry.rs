use super::citing::at_id;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::resolve::Target;
use std::collections::{BTreeSet, HashSet};

declare_rule! {
    /// A bibliography entry is cited by no note and no Pandoc key.
    ///
    /// Every file checked together counts: run cite-lint on the whole book to check the
    /// bibliography of the whole book. The rule is off by default, because a single chapter
    /// cites only part of a book's bibliography; turn it on in the book's `cite-lint.yaml`.
    ///
    /// ## Why this matters
    /// A list of works cited should hold the works cited. An entry no note cites is left over
    /// from a cut passage, or is cited under a form that matches no entry.
    ///
    /// ## Example
    /// Fires on `rees1964` when no note cites Rees:
    /// ```yaml
    /// references:
    ///   - id: rees1964
    ///     title: "Korea: The Limited War"
    /// ```
    /// Does not fire once a note cites "Rees, *Korea*, p. 225."
    pub struct UncitedEntry {
        name: "uncited-entry",
        category: Bibliography,
        severity: Off,
    }
}

impl Rule for UncitedEntry {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let mut cited: HashSet<Target> = HashSet::default();
        let mut linked: BTreeSet<usize> = BTreeSet::new();
        for (d, doc) in ws.documents.iter().enumerate() {
            let Some(links) = &ws.links[d] else {
                // A document that could not be read may cite anything.
                return;
            };
            linked.extend(links);
            for r in cx.resolved.of(d) {
                cited.extend(r.targets.iter().copied());
            }
            for k in &doc.citations {
                if let Some((bib, entry)) = ws.lookup(d, &k.key.value) {
                    cited.insert(Target { bib, entry });
                }
            }
        }
        for bib in linked {
            for entry in 0..ws.bibliographies[bib].entries.len() {
                let t = Target { bib, entry };
                if cited.contains(&t) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("`{}` is in the bibliography, but no note cites it", super::citing::id(ws, t)),
                        at_id(ws, t, "never cited"),
                    )
                    .with_help("remove the entry, or check the notes that should cite it: their form may match no entry"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: nie1988\n    type: book\n    author: [{family: Nieh}]\n    title: Inside the Red Star\n  - id: rees1964\n    type: book\n    author: [{family: Rees}]\n    title: \"Korea: The Limited War\"\n  - id: foot1990\n    type: book\n";

    #[test]
    fn fires_on_entries_no_note_cites() {
        let out = run(
            "uncited-entry",
            "A.[^1]\n\n[^1]: Nieh, *Inside the Red Star*, p. 641.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_notes_and_keys_cite_everything() {
        let out = run(
            "uncited-entry",
            "A.[^1] B [@foot1990].\n\n[^1]: Nieh, *Inside the Red Star*, p. 641; Rees, *Korea*, p. 225.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
