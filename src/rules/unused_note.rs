use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// A note is defined with `[^N]: ...` but nothing in the text refers to it.
    ///
    /// ## Why this matters
    /// Pandoc silently drops a note that is never referenced, so its citation disappears from
    /// the printed book. Usually the reference was deleted while editing the sentence, or
    /// carries a different label.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// Stalin agreed.
    ///
    /// [^19]: Ciphered Telegram, Filippov (Stalin) to Razuvaev, 1 July 1951.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Stalin agreed.[^19]
    ///
    /// [^19]: Ciphered Telegram, Filippov (Stalin) to Razuvaev, 1 July 1951.
    /// ```
    pub struct UnusedNote {
        name: "unused-note",
        category: Notes,
        severity: Warning,
    }
}

impl Rule for UnusedNote {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            let used: HashSet<&str> = doc.note_refs.iter().map(|r| r.label.as_str()).collect();
            let mut reported = HashSet::default();
            for def in &doc.note_defs {
                if used.contains(def.label.as_str()) || !reported.insert(def.label.as_str()) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("note [^{}] is defined but never referenced", def.label),
                        Label::new(
                            doc.source,
                            def.label_span,
                            "no reference points to this note",
                        ),
                    )
                    .with_help(format!(
                        "put [^{}] in the text where the note belongs, or delete the note",
                        def.label
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_definition_without_reference() {
        let out = run(
            "unused-note",
            "Stalin agreed.[^18]\n\n[^18]: Ciphered Telegram, 30 June 1951.\n[^19]: Ciphered Telegram, Filippov (Stalin) to Razuvaev, 1 July 1951.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_when_every_note_is_used() {
        let out = run("unused-note", "Agreed.[^a]\n\n[^a]: Ibid.\n", None);
        assert_eq!(out, "");
    }
}
