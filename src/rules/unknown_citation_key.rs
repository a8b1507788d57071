use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};

declare_rule! {
    /// A Pandoc citation `[@key]` names a key that is not in the bibliography.
    ///
    /// When a key in the bibliography is close to the one written, it is offered as the likely
    /// intended one.
    ///
    /// ## Why this matters
    /// Pandoc prints an unknown key as `(key?)` in bold and leaves the reference list without the
    /// source: the note points nowhere. The cause is usually a typo, or an entry that was never
    /// exported from Zotero.
    ///
    /// ## Example
    /// Fires (the bibliography has `stueck1995`):
    /// ```markdown
    /// Stalin agreed [@stuek1995, p. 208].
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Stalin agreed [@stueck1995, p. 208].
    /// ```
    pub struct UnknownCitationKey {
        name: "unknown-citation-key",
        category: Citations,
        severity: Error,
    }
}

impl Rule for UnknownCitationKey {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (index, doc) in ws.documents.iter().enumerate() {
            // A bibliography that could not be read has been reported already.
            let Some(linked) = &ws.links[index] else {
                continue;
            };
            if linked.is_empty() {
                if let Some(first) = doc.citations.first() {
                    out.push(
                        Diagnostic::new(
                            Self::META.name,
                            format!(
                                "this file cites sources by key ({} citations) but names no bibliography",
                                doc.citations.len()
                            ),
                            Label::new(doc.source, first.key.span, "first citation"),
                        )
                        .with_help("add `bibliography: path/to/references.yaml` to the front matter, or pass --bibliography FILE"),
                    );
                }
                continue;
            }
            for cite in &doc.citations {
                if ws.lookup(index, &cite.key.value).is_some() {
                    continue;
                }
                let ids = linked
                    .iter()
                    .flat_map(|&b| ws.bibliographies[b].entries.iter())
                    .filter_map(|e| e.id.as_ref().map(|i| i.value.as_str()));
                let help = match super::closest(&cite.key.value, ids) {
                    Some(near) => format!("did you mean `@{near}`?"),
                    None => "add an entry with this id to the bibliography, or correct the key"
                        .to_string(),
                };
                out.push(
                    Diagnostic::new(
                        Self::META.name,
                        format!("`@{}` is not in the bibliography", cite.key.value),
                        Label::new(doc.source, cite.key.span, "unknown key"),
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

    const BIB: &str = "references:\n  - id: stueck1995\n    type: book\n    title: The Korean War\n  - id: foot1990\n    type: book\n";

    #[test]
    fn fires_with_a_suggestion_for_a_typo() {
        let out = run(
            "unknown-citation-key",
            "Stalin agreed [@stuek1995, p. 208; @foot1990, p. 30] and @nosuchkey [p. 3] too.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn fires_once_when_no_bibliography_is_named() {
        let out = run(
            "unknown-citation-key",
            "See [@stueck1995] and [@foot1990].\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_known_keys_and_editorial_brackets() {
        let out = run(
            "unknown-citation-key",
            "“[Y]ou must know,” wrote Filippov [Stalin] [@stueck1995, p. 208]; mail me@example.org.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
