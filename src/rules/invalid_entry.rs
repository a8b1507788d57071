use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

/// The item types of CSL 1.0.2.
pub const CSL_TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

declare_rule! {
    /// A bibliography entry is malformed: no `id`, a missing or unknown `type`, an id used
    /// twice, an impossible date such as 30 February, or a field of the wrong shape.
    ///
    /// ## Why this matters
    /// Pandoc and Zotero skip or misprint such entries: an entry without an id cannot be cited,
    /// an unknown type is formatted as a generic item, and an impossible date is printed as
    /// given, in a book whose readers will check it. When two entries share an id, only the
    /// first is ever cited.
    ///
    /// ## Example
    /// Fires:
    /// ```yaml
    /// references:
    ///   - id: filippov1951-0624
    ///     type: telegram
    ///     issued: {date-parts: [[1951, 6, 31]]}
    /// ```
    /// Does not fire:
    /// ```yaml
    /// references:
    ///   - id: filippov1951-0624
    ///     type: personal_communication
    ///     genre: Ciphered telegram
    ///     issued: {date-parts: [[1951, 6, 24]]}
    /// ```
    pub struct InvalidEntry {
        name: "invalid-entry",
        category: Bibliography,
        severity: Error,
    }
}

/// A problem found while reading the bibliography, as a finding of this rule.
fn problem(source: crate::source::SourceId, p: &crate::model::EntryProblem) -> Diagnostic {
    let d = Diagnostic::new(
        InvalidEntry::META.name,
        p.message.clone(),
        Label::new(source, p.span, "here"),
    );
    match &p.help {
        Some(help) => d.with_help(help.clone()),
        None => d,
    }
}

impl Rule for InvalidEntry {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for bib in &ws.bibliographies {
            let source = bib.source;
            out.extend(bib.problems.iter().map(|p| problem(source, p)));
            let mut first_id: HashMap<&str, Span> = HashMap::default();
            for entry in &bib.entries {
                let head = entry
                    .keys
                    .first()
                    .copied()
                    .unwrap_or(Span::new(entry.span.start(), entry.span.start()));
                let report = |message: String, label: Label, help: String| {
                    Diagnostic::new(Self::META.name, message, label).with_help(help)
                };
                match &entry.id {
                    None => out.push(report(
                        "this bibliography entry has no `id`".into(),
                        Label::new(source, head, "entry without an id"),
                        "add `id: ...` (a short key such as `stueck1995`) so the entry can be cited".into(),
                    )),
                    Some(id) => {
                        if let Some(&first) = first_id.get(id.value.as_str()) {
                            out.push(
                                report(
                                    format!("the id `{}` is used by two entries", id.value),
                                    Label::new(source, id.span, "used again here"),
                                    "give each entry its own id; citations of this key only ever reach the first".into(),
                                )
                                .with_label(Label::new(source, first, "first used here")),
                            );
                        } else {
                            first_id.insert(&id.value, id.span);
                        }
                    }
                }
                match &entry.kind {
                    None if entry.id.is_some() || !entry.keys.is_empty() => out.push(report(
                        "this bibliography entry has no `type`".into(),
                        Label::new(source, head, "entry without a type"),
                        "add a CSL type such as `type: book`, `type: article-journal` or `type: personal_communication`".into(),
                    )),
                    Some(kind) if !CSL_TYPES.contains(&kind.value.as_str()) => {
                        let document = ["telegram", "cable", "letter", "memo", "memorandum", "email", "wire"];
                        let help = match super::closest(&kind.value, CSL_TYPES.iter().copied()) {
                            _ if document.contains(&kind.value.to_lowercase().as_str()) => format!(
                                "CSL has no `{}` type: write `type: personal_communication` with `genre: {}`",
                                kind.value, kind.value
                            ),
                            Some(near) => format!("did you mean `{near}`?"),
                            None => "use a CSL type: `book`, `chapter`, `article-journal`, `document`, `personal_communication` (letters, telegrams), `interview`, …".into(),
                        };
                        out.push(report(
                            format!("`{}` is not a CSL item type", kind.value),
                            Label::new(source, kind.span, "unknown type"),
                            help,
                        ));
                    }
                    _ => {}
                }
                out.extend(entry.problems.iter().map(|p| problem(source, p)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_each_kind_of_fault() {
        let bib = "references:\n  - type: book\n    title: No id\n  - id: a\n    type: telegram\n  - id: b\n    type: book\n    issued: {date-parts: [[1951, 2, 30]]}\n  - id: c\n    type: book\n    issued: 1951-06-31\n  - id: a\n    type: book\n  - id: d\n    title: No type\n";
        let out = run("invalid-entry", "Text.\n", Some(bib));
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_valid_entries() {
        let bib = "references:\n  - id: a\n    type: personal_communication\n    issued: {date-parts: [[1951, 6, 24]]}\n  - id: b\n    type: interview\n    issued: {date-parts: [[2001, 6], [2001, 9]]}\n  - id: c\n    type: book\n    issued: 1952-02-29\n";
        let out = run("invalid-entry", "Text.\n", Some(bib));
        assert_eq!(out, "");
    }
}
