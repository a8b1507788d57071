//! The rules: one file each, all listed in [`REGISTRY`].
//!
//! A rule looks at the [`Workspace`] and pushes [`Diagnostic`]s; it never fails and never
//! prints. Its doc comment is its documentation (`cite-lint explain RULE`, `docs/rules/`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::{Settings, Workspace};
use std::fmt;

mod ambiguous_citation;
mod attribution;
mod citation_mismatch;
mod citing;
mod document_before_event;
mod duplicate_entry;
mod duplicate_note;
mod event_date_mismatch;
mod ibid_without_antecedent;
mod impossible_date;
mod inconsistent_citation_form;
mod invalid_entry;
mod invalid_suppression;
mod note_sequence;
mod page_out_of_range;
mod quotation_date_mismatch;
mod quotation_mismatch;
mod quotation_speaker_mismatch;
mod relative_date_mismatch;
mod shared;
mod short_form_before_full;
mod uncited_entry;
mod uncited_quotation;
mod undefined_note;
mod unknown_citation_key;
mod unresolved_citation;
mod unused_note;
mod unused_suppression;
mod weekday_mismatch;

pub use ambiguous_citation::AmbiguousCitation;
pub use citation_mismatch::CitationMismatch;
pub use document_before_event::DocumentBeforeEvent;
pub use duplicate_entry::DuplicateEntry;
pub use duplicate_note::DuplicateNote;
pub use event_date_mismatch::EventDateMismatch;
pub use ibid_without_antecedent::IbidWithoutAntecedent;
pub use impossible_date::ImpossibleDate;
pub use inconsistent_citation_form::InconsistentCitationForm;
pub use invalid_entry::InvalidEntry;
pub use invalid_suppression::InvalidSuppression;
pub use note_sequence::NoteSequence;
pub use page_out_of_range::PageOutOfRange;
pub use quotation_date_mismatch::QuotationDateMismatch;
pub use quotation_mismatch::QuotationMismatch;
pub use quotation_speaker_mismatch::QuotationSpeakerMismatch;
pub use relative_date_mismatch::RelativeDateMismatch;
pub use short_form_before_full::ShortFormBeforeFull;
pub use uncited_entry::UncitedEntry;
pub use uncited_quotation::UncitedQuotation;
pub use undefined_note::UndefinedNote;
pub use unknown_citation_key::UnknownCitationKey;
pub use unresolved_citation::UnresolvedCitation;
pub use unused_note::UnusedNote;
pub use unused_suppression::UnusedSuppression;
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
    /// Quotations and the sources' words.
    Quotations,
    /// Inline `<!-- cite-lint-... -->` comments.
    Suppressions,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Notes => "notes",
            Category::Citations => "citations",
            Category::Bibliography => "bibliography",
            Category::Chronology => "chronology",
            Category::Quotations => "quotations",
            Category::Suppressions => "suppressions",
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
    /// Options it reads from the configuration file.
    pub options: &'static [RuleOption],
}

/// An option a rule accepts in `cite-lint.yaml`.
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, as it would be written in the configuration file.
    pub default: &'static str,
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Integer,
    Words,
}

/// A configured option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    Integer(i64),
    Words(Vec<String>),
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

/// A rule's declaration, implemented by the crate's `declare_rule!` macro.
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// What a rule sees: the files, the settings, and what the rules before it found.
pub struct Context<'a> {
    pub ws: &'a Workspace,
    pub settings: &'a Settings,
    /// Load problems, and for the rules listed last ([`AFTER_THE_OTHERS`]) the findings of
    /// all the rules before them.
    pub findings: &'a [Diagnostic],
    /// What each note citation was tied to.
    pub resolved: &'a crate::resolve::Resolutions,
    /// What several rules build from the files once per run.
    pub shared: &'a Shared,
}

/// Built on first use by the rules that need it, once per run.
#[derive(Default)]
pub struct Shared {
    events: std::sync::OnceLock<shared::EventPhrases>,
    quotes: std::sync::OnceLock<quotation_mismatch::QuoteMatches>,
    attributions: std::sync::OnceLock<attribution::Attributions>,
}

impl Shared {
    /// Builds, in parallel and before the rules run, what the enabled rules share.
    pub fn prepare(&self, ws: &Workspace, settings: &Settings) {
        let on = |m: &RuleMeta| settings.severity(m) != Severity::Off;
        let quoting = [
            QuotationDateMismatch::META,
            QuotationSpeakerMismatch::META,
            UncitedQuotation::META,
        ];
        if quoting.iter().any(on) || on(&QuotationMismatch::META) {
            let quotes = self
                .quotes
                .get_or_init(|| quotation_mismatch::quote_matches(ws, true));
            if quoting.iter().any(on) {
                let _ = self
                    .attributions
                    .set(attribution::Attributions::new(ws, true, quotes));
            }
        }
    }
}

impl Context<'_> {
    /// The lead-ins of the quotations, read for the quotation rules (by [`Shared::prepare`],
    /// or here on first use).
    pub(crate) fn attributions(&self) -> &attribution::Attributions {
        self.shared
            .attributions
            .get_or_init(|| attribution::Attributions::new(self.ws, false, self.quote_matches()))
    }

    /// What each quotation quotes of the excerpts recorded in the bibliographies (built by
    /// [`Shared::prepare`], or here on first use).
    pub(crate) fn quote_matches(&self) -> &quotation_mismatch::QuoteMatches {
        self.shared
            .quotes
            .get_or_init(|| quotation_mismatch::quote_matches(self.ws, false))
    }

    /// The compiled phrases that name the bibliographies' events.
    pub(crate) fn event_phrases(&self) -> &shared::EventPhrases {
        self.shared
            .events
            .get_or_init(|| shared::EventPhrases::new(self.ws))
    }
}

pub trait Rule: Declared + Send + Sync {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>);
}

/// How many rules at the end of [`REGISTRY`] read the findings of the rules before them.
pub const AFTER_THE_OTHERS: usize = 2;

/// Every rule, in the order `cite-lint rules` lists them.
pub static REGISTRY: &[&dyn Rule] = &[
    &UndefinedNote,
    &UnusedNote,
    &DuplicateNote,
    &NoteSequence,
    &UnknownCitationKey,
    &UnresolvedCitation,
    &AmbiguousCitation,
    &IbidWithoutAntecedent,
    &PageOutOfRange,
    &CitationMismatch,
    &InconsistentCitationForm,
    &ShortFormBeforeFull,
    &InvalidEntry,
    &DuplicateEntry,
    &UncitedEntry,
    &RelativeDateMismatch,
    &DocumentBeforeEvent,
    &EventDateMismatch,
    &ImpossibleDate,
    &WeekdayMismatch,
    &QuotationMismatch,
    &QuotationDateMismatch,
    &QuotationSpeakerMismatch,
    &UncitedQuotation,
    // These two look at what the rules above found: keep them last.
    &InvalidSuppression,
    &UnusedSuppression,
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
            severity: $severity:ident
            $(, options: [$($option:expr),* $(,)?])? $(,)?
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
                options: &[$($($option),*)?],
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
        run_with(&[rule], manuscript, bibliography)
    }

    /// Like [`run`], with several rules enabled.
    pub fn run_with(rules: &[&str], manuscript: &str, bibliography: Option<&str>) -> String {
        let mut ws = Workspace::default();
        let doc = ws.add_manuscript("chapter.md", manuscript.as_bytes());
        if let Some(bib) = bibliography {
            let b = ws.add_bibliography("refs.yaml", bib.as_bytes());
            ws.link(doc, b);
        }
        let mut settings = Settings::default();
        settings.select(rules).expect("known rules");
        let diagnostics = ws.check(&settings);
        render_plain(&ws, &diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotation rules read the lead-ins once, prepared in parallel before the rules run,
    /// or on first use: both ways give the same findings on the sample chapter.
    #[test]
    fn prepared_and_lazy_attributions_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ws = Workspace::default();
        let bib = std::fs::read(root.join("bibliography/korean-war.yaml")).expect("readable");
        let b = ws.add_bibliography("korean-war.yaml", &bib);
        for entry in std::fs::read_dir(root.join("manuscript")).expect("the sample") {
            let path = entry.expect("a file").path();
            let text = std::fs::read(&path).expect("readable");
            let d = ws.add_manuscript(&path.display().to_string(), &text);
            ws.link(d, b);
        }
        let settings = Settings::default();
        let run = |shared: &Shared| -> Vec<Diagnostic> {
            let cx = Context {
                ws: &ws,
                settings: &settings,
                findings: &[],
                resolved: ws.resolve(),
                shared,
            };
            let mut out = Vec::new();
            for rule in [
                &QuotationDateMismatch as &dyn Rule,
                &QuotationSpeakerMismatch,
                &UncitedQuotation,
            ] {
                rule.check(&cx, &mut out);
            }
            out
        };
        let prepared = Shared::default();
        prepared.prepare(&ws, &settings);
        let found = run(&prepared);
        assert!(!found.is_empty());
        assert_eq!(found, run(&Shared::default()));
    }

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

/// A rule's documentation page in Markdown: what `cite-lint explain` prints and what
/// `docs/rules/<rule>.md` holds.
pub fn doc_page(m: &RuleMeta) -> String {
    let mut page = format!(
        "# {}\n\nCategory: {}. Default severity: {}.\n\n{}\n",
        m.name,
        m.category,
        m.default_severity,
        m.doc().trim_end()
    );
    if !m.options.is_empty() {
        page.push_str("\n## Options\n\n| option | default | meaning |\n| --- | --- | --- |\n");
        for o in m.options {
            page.push_str(&format!("| `{}` | `{}` | {} |\n", o.name, o.default, o.doc));
        }
    }
    page.push_str(&format!(
        "\n## Configuration\n\nIn `cite-lint.yaml`:\n\n```yaml\nrules:\n  {}: {}   # off | info | warning | error\n```\n\nTo silence one place: `<!-- cite-lint-disable-next-line {} -- reason -->` on the line before.\n",
        m.name, m.default_severity, m.name
    ));
    page
}

/// The files of `docs/rules/`: one page per rule and an index, as (file name, contents).
pub fn doc_files() -> Vec<(String, String)> {
    let mut index = String::from(
        "# Rules\n\nGenerated from the rules' documentation by `cargo run --example rule-docs`; do not edit.\n\n| rule | category | default | what it catches |\n| --- | --- | --- | --- |\n",
    );
    let mut files = Vec::new();
    for rule in REGISTRY {
        let m = rule.meta();
        index.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} |\n",
            m.name,
            m.category,
            m.default_severity,
            m.summary()
        ));
        files.push((format!("{}.md", m.name), doc_page(m)));
    }
    files.push(("README.md".to_string(), index));
    files
}
