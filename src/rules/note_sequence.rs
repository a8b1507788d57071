use super::{Context, OptionKind, Rule, RuleOption, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use rustc_hash::FxHashSet as HashSet;

declare_rule! {
    /// Numbered notes do not run 1, 2, 3 … in the order they are referenced.
    ///
    /// Only labels that are whole numbers are checked, in the order of their first reference.
    /// A number that is skipped (1, 2, 4) and a number that comes too early (1, 3, 2) are each
    /// reported once.
    ///
    /// ## Why this matters
    /// Pandoc numbers notes itself, so the printed book is fine, but numbered labels that jump
    /// or run backwards mean a note was lost, moved or renumbered by hand. Copyeditors and
    /// indexers who work from the manuscript's numbers will then cite the wrong note.
    ///
    /// ## Example
    /// Fires:
    /// ```markdown
    /// First.[^1] Second.[^2] Third.[^4]
    /// ```
    /// Does not fire:
    /// ```markdown
    /// First.[^1] Second.[^2] Third.[^3]
    /// ```
    pub struct NoteSequence {
        name: "note-sequence",
        category: Notes,
        severity: Warning,
        options: [RuleOption {
            name: "first",
            kind: OptionKind::Integer,
            default: "1",
            doc: "The number the first note of each file should have; set it when a book numbers notes continuously across chapter files.",
        }],
    }
}

impl Rule for NoteSequence {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for doc in &ws.documents {
            let mut seen = HashSet::default();
            let order: Vec<(u64, &crate::model::NoteRef)> = doc
                .note_refs
                .iter()
                .filter(|r| seen.insert(r.label.as_str()))
                .filter_map(|r| Some((r.label.parse::<u64>().ok()?, r)))
                .collect();
            let numbers: HashSet<u64> = order.iter().map(|(n, _)| *n).collect();
            let first = cx
                .settings
                .integer(Self::META.name, "first")
                .unwrap_or(1)
                .max(0) as u64;
            let mut expected = first;
            let mut previous: Option<&crate::model::NoteRef> = None;
            let mut excused = HashSet::default();
            for (i, &(n, r)) in order.iter().enumerate() {
                if n == expected {
                    expected += 1;
                } else if n > expected {
                    let later = order[i + 1..].iter().find(|(m, _)| *m == expected);
                    let (message, help) = match later {
                        Some(_) => (
                            format!("note [^{n}] comes before note [^{expected}]"),
                            format!(
                                "notes should be numbered in the order they appear; renumber from [^{expected}] on"
                            ),
                        ),
                        None if !numbers.contains(&expected) && expected == first => (
                            format!("the first note is numbered {n}: {}", missing(expected, n)),
                            "number the notes of each file from 1, as Pandoc will print them"
                                .to_string(),
                        ),
                        None if !numbers.contains(&expected) => (
                            format!(
                                "note numbers jump from {} to {n}: {}",
                                expected - 1,
                                missing(expected, n)
                            ),
                            "restore the missing note, or renumber the notes that follow"
                                .to_string(),
                        ),
                        None => continue,
                    };
                    let mut d = Diagnostic::new(
                        Self::META.name,
                        message,
                        Label::new(doc.source, r.span, "out of sequence"),
                    )
                    .with_help(help);
                    if let Some(p) = previous {
                        d = d.with_label(Label::new(doc.source, p.span, "the note before it"));
                    }
                    out.push(d);
                    excused.extend(expected..n);
                    expected = n + 1;
                } else if !excused.contains(&n) {
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!("note [^{n}] comes after note [^{}]", expected - 1),
                            Label::new(doc.source, r.span, "out of sequence"),
                        )
                        .with_help(
                            "notes should be numbered in the order they appear; renumber them",
                        ),
                    );
                }
                previous = Some(r);
            }
        }
    }
}

fn missing(from: u64, to: u64) -> String {
    if to - from == 1 {
        format!("note {from} is missing")
    } else {
        format!("notes {from} to {} are missing", to - 1)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_a_gap() {
        let out = run(
            "note-sequence",
            "First.[^1] Second.[^2] Third.[^4]\n\n[^1]: A.\n[^2]: B.\n[^4]: C.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn fires_once_on_a_swap() {
        let out = run(
            "note-sequence",
            "A.[^1] B.[^3] C.[^2] D.[^4]\n\n[^1]: A.\n[^2]: B.\n[^3]: C.\n[^4]: D.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_a_clean_sequence_and_named_labels() {
        let out = run(
            "note-sequence",
            "A.[^1] B.[^2] again[^1] named.[^intro] C.[^3]\n\n[^1]: A.\n[^2]: B.\n[^3]: C.\n[^intro]: D.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
