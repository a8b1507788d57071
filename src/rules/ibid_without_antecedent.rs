use super::citing::{note_name, with_bibliography};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::resolve::{Status, Target};

declare_rule! {
    /// "Ibid." has no single source to refer to.
    ///
    /// "Ibid." repeats the source of the citation just before it: the one before it in the
    /// same note, or else the only source of the previous note. It has nothing to repeat in the
    /// first note of a file, after a note that cites several sources, or after a citation that
    /// matches no entry.
    ///
    /// ## Why this matters
    /// Notes move when a chapter is revised. An "Ibid." that followed a one-source note can end
    /// up after a note with three sources, and the reader can no longer tell which is meant.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// [^13]: Nieh, *Inside the Red Star*, p. 641; Rees, *Korea*, p. 225.
    /// [^14]: Ibid.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^13]: Nieh, *Inside the Red Star*, p. 641.
    /// [^14]: Ibid.
    /// ```
    pub struct IbidWithoutAntecedent {
        name: "ibid-without-antecedent",
        category: Citations,
        severity: Error,
    }
}

impl Rule for IbidWithoutAntecedent {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (d, doc) in with_bibliography(ws) {
            let resolved = cx.resolved.of(d);
            for (i, (c, r)) in doc.note_citations.iter().zip(resolved).enumerate() {
                if r.status != Status::NoAntecedent {
                    continue;
                }
                let here = Label::new(doc.source, c.span, "“Ibid.” of what?");
                let diagnostic = match i.checked_sub(1) {
                    None => Diagnostic::new(
                        Self::META.name,
                        format!(
                            "“Ibid.” in {} comes before any other citation in this file",
                            note_name(doc, c)
                        ),
                        here,
                    ),
                    Some(p) if doc.note_citations[p].note == c.note || !resolved[p].resolved() => {
                        let prev = &doc.note_citations[p];
                        Diagnostic::new(
                            Self::META.name,
                            format!("“Ibid.” in {} follows a citation that matches no bibliography entry", note_name(doc, c)),
                            here,
                        )
                        .with_label(Label::new(doc.source, prev.span, "this citation names no known source"))
                    }
                    Some(p) => {
                        let prev = &doc.note_citations[p];
                        let first = doc.note_citations[..=p]
                            .iter()
                            .rposition(|x| x.note != prev.note)
                            .map_or(0, |q| q + 1);
                        let mut sources: Vec<Target> = Vec::new();
                        for r in &resolved[first..=p] {
                            for t in &r.targets {
                                if !sources.contains(t) {
                                    sources.push(*t);
                                }
                            }
                        }
                        let mut diagnostic = Diagnostic::new(
                            Self::META.name,
                            format!(
                                "“Ibid.” in {} follows {}, which cites {} sources",
                                note_name(doc, c),
                                note_name(doc, prev),
                                sources.len()
                            ),
                            here,
                        );
                        for x in &doc.note_citations[first..=p] {
                            diagnostic = diagnostic.with_label(Label::new(
                                doc.source,
                                x.span,
                                "one of them",
                            ));
                        }
                        diagnostic
                    }
                };
                out.push(diagnostic.with_help("replace “Ibid.” with a short form of the source meant (author, short title, page)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: nie1988\n    type: book\n    author: [{family: Nieh, given: Jung-chen}]\n    title: Inside the Red Star\n  - id: rees1964\n    type: book\n    author: [{family: Rees, given: David}]\n    title: \"Korea: The Limited War\"\n";

    #[test]
    fn fires_after_a_note_with_two_sources_and_at_the_start() {
        let out = run(
            "ibid-without-antecedent",
            "A.[^1] B.[^2] C.[^3]\n\n[^1]: Ibid., p. 3.\n\n[^2]: Nieh, *Inside the Red Star*, p. 641; Rees, *Korea*, p. 225.\n\n[^3]: Ibid.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_after_a_single_source() {
        let out = run(
            "ibid-without-antecedent",
            "A.[^1] B.[^2] C.[^3]\n\n[^1]: Nieh, *Inside the Red Star*, p. 641.\n\n[^2]: Ibid.\n\n[^3]: Ibid., p. 642; and Rees, *Korea*, p. 225.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
