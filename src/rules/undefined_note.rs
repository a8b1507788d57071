use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// A note reference `[^N]` has no definition, so the note will be missing from the book.
    ///
    /// ## Why this matters
    /// Pandoc prints an undefined reference as the literal text `[^N]`. The reader sees a stray
    /// bracket where a note number should be, and the source the author meant to cite is lost.
    /// This usually happens when a note is deleted or renumbered by hand.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// Malik spoke on 23 June.[^16]
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Malik spoke on 23 June.[^16]
    ///
    /// [^16]: Editorial Note, FRUS, 1951, vol. 7, p. 547.
    /// ```
    pub struct UndefinedNote {
        name: "undefined-note",
        category: Notes,
        severity: Error,
    }
}

impl Rule for UndefinedNote {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            let defined: HashSet<&str> = doc.note_defs.iter().map(|d| d.label.as_str()).collect();
            for r in doc
                .note_refs
                .iter()
                .filter(|r| !defined.contains(r.label.as_str()))
            {
                let mut d = Diagnostic::new(
                    Self::META.name,
                    format!("note [^{}] is referenced but never defined", r.label),
                    Label::new(doc.source, r.span, "this note has no text"),
                );
                d = match super::closest(&r.label, defined.iter().copied()) {
                    Some(near) if !near.chars().all(|c| c.is_ascii_digit()) => d.with_help(format!(
                        "did you mean [^{near}]? Otherwise add the note's text as `[^{}]: ...`",
                        r.label
                    )),
                    _ => d.with_help(format!(
                        "add the note's text as `[^{}]: ...` at the end of the chapter, or remove the reference",
                        r.label
                    )),
                };
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_reference_without_definition() {
        let out = run(
            "undefined-note",
            "Malik spoke on 23 June.[^16] Stalin replied.[^17]\n\n[^17]: Ibid.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_every_reference_is_defined() {
        let out = run(
            "undefined-note",
            "Malik spoke.[^1] A bracket [Y]ou and \\[^2] is text.\n\n[^1]: FRUS, 1951, vol. 7, p. 547.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
