use super::{Context, Rule, declare_rule};
use crate::Workspace;
use crate::diagnostic::{Diagnostic, Label};
use rustc_hash::FxHashMap as HashMap;

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
        let mut indexes: HashMap<Vec<usize>, IdIndex> = HashMap::default();
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
                let ids = indexes
                    .entry(linked.clone())
                    .or_insert_with(|| IdIndex::new(ws, linked));
                let help = match super::closest(&cite.key.value, ids.near(&cite.key.value)) {
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

/// The ids of a set of bibliographies by their three-letter pieces, so that the ids close to an
/// unknown key are found without comparing it with every id.
struct IdIndex<'w> {
    ids: Vec<&'w str>,
    grams: HashMap<[char; 3], Vec<u32>>,
}

/// The ids sharing most pieces with a key are compared with it; this many at most.
const NEAR: usize = 64;

impl<'w> IdIndex<'w> {
    fn new(ws: &'w Workspace, bibliographies: &[usize]) -> Self {
        let ids: Vec<&str> = bibliographies
            .iter()
            .flat_map(|&b| ws.bibliographies[b].entries.iter())
            .filter_map(|e| e.id.as_ref().map(|i| i.value.as_str()))
            .collect();
        let mut grams: HashMap<[char; 3], Vec<u32>> = HashMap::default();
        for (i, id) in ids.iter().enumerate() {
            for g in trigrams(id) {
                let list = grams.entry(g).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        IdIndex { ids, grams }
    }

    /// The ids that share the most three-letter pieces with `key`.
    fn near(&self, key: &str) -> Vec<&'w str> {
        let pieces = trigrams(key);
        if pieces.is_empty() {
            return self.ids.clone();
        }
        let mut shared: HashMap<u32, u32> = HashMap::default();
        for g in pieces {
            for &i in self.grams.get(&g).map_or(&[][..], Vec::as_slice) {
                *shared.entry(i).or_default() += 1;
            }
        }
        let mut ranked: Vec<(u32, u32)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(NEAR)
            .map(|(i, _)| self.ids[i as usize])
            .collect()
    }
}

fn trigrams(s: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = s.chars().flat_map(char::to_lowercase).collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
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
