//! The rules: one file each, all listed in [`REGISTRY`].
//!
//! A rule looks at the [`Workspace`] and pushes [`Diagnostic`]s; it never fails and never
//! prints. Its doc comment is its documentation (`cite-lint explain RULE`, `docs/rules/`).

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Severity};
use std::fmt;

mod duplicate_note;
mod impossible_date;
mod invalid_entry;
mod note_sequence;
mod relative_date_mismatch;
mod undefined_note;
mod unknown_citation_key;
mod unused_note;
mod weekday_mismatch;

pub use duplicate_note::DuplicateNote;
pub use impossible_date::ImpossibleDate;
pub use invalid_entry::InvalidEntry;
pub use note_sequence::NoteSequence;
pub use relative_date_mismatch::RelativeDateMismatch;
pub use undefined_note::UndefinedNote;
pub use unknown_citation_key::UnknownCitationKey;
pub use unused_note::UnusedNote;
pub use weekday_mismatch::WeekdayMismatch;

/// What part of a manuscript a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Notes and note references.
    Notes,
    /// Citations and the sources they name.
    Citations,
    /// The bibliography file itself.
    Bibliography,
    /// Dates and the order of events.
    Chronology,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Notes => "notes",
            Category::Citations => "citations",
            Category::Bibliography => "bibliography",
            Category::Chronology => "chronology",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case name, used in config, suppressions and output.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// The rule's doc comment, as written (each line keeps its leading space).
    pub raw_doc: &'static str,
}

impl RuleMeta {
    /// The documentation in Markdown.
    pub fn doc(&self) -> String {
        self.raw_doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first paragraph of the documentation, on one line.
    pub fn summary(&self) -> String {
        self.raw_doc
            .lines()
            .map(str::trim)
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A rule's declaration, implemented by [`declare_rule!`].
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

pub trait Rule: Declared + Send + Sync {
    fn check(&self, ws: &Workspace, out: &mut Vec<Diagnostic>);
}

/// Every rule, in the order `cite-lint rules` lists them.
pub static REGISTRY: &[&dyn Rule] = &[
    &UndefinedNote,
    &UnusedNote,
    &DuplicateNote,
    &NoteSequence,
    &UnknownCitationKey,
    &InvalidEntry,
    &RelativeDateMismatch,
    &ImpossibleDate,
    &WeekdayMismatch,
];

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().name == name)
}

/// Declares a rule: a unit struct whose doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $ty;

        impl $ty {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                name: $name,
                category: $crate::rules::Category::$category,
                default_severity: $crate::diagnostic::Severity::$severity,
                raw_doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::rules::Declared for $ty {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_rule;

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Renders what one rule finds in small fixtures, for snapshots.
    use crate::report::render_plain;
    use crate::{Settings, Workspace};

    /// Checks a manuscript (and optional bibliography) with only `rule` enabled and renders
    /// the findings as a user would see them, without colour, 100 columns wide.
    pub fn run(rule: &str, manuscript: &str, bibliography: Option<&str>) -> String {
        let mut ws = Workspace::default();
        let doc = ws.add_manuscript("chapter.md", manuscript.as_bytes());
        if let Some(bib) = bibliography {
            let b = ws.add_bibliography("refs.yaml", bib.as_bytes());
            ws.link(doc, b);
        }
        let settings = Settings::only(rule);
        let diagnostics = ws.check(&settings);
        render_plain(&ws, &diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut names: Vec<_> = REGISTRY.iter().map(|r| r.meta().name).collect();
        for r in REGISTRY {
            let m = r.meta();
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
            assert!(!m.summary().is_empty(), "{} has no summary", m.name);
            assert!(
                m.doc().contains("## Why"),
                "{} doc lacks a Why section",
                m.name
            );
            assert!(
                m.doc().contains("## Example"),
                "{} doc lacks an Example",
                m.name
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["stueck1995", "stueck2002", "foot1990"];
        assert_eq!(closest("stuek1995", keys), Some("stueck1995"));
        assert_eq!(closest("nosuchkey", keys), None);
    }
}
