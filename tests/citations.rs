//! Citations written in notes: every note of the sample chapter resolves to the right entry,
//! with the bibliography in CSL-YAML, CSL-JSON and BibLaTeX, and a changed fact in a note is
//! reported once, at the note and at the entry.

mod common;

use cite_lint::diagnostic::Diagnostic;
use cite_lint::model::Container;
use cite_lint::{Settings, Workspace};
use common::{BIBLIOGRAPHY, CHAPTER, cite_lint, root, stdout};
use std::fs;

/// The entries each note of the sample chapter cites, in the order it cites them.
const EXPECTED: &[(&str, &[&str])] = &[
    ("1", &["shen2012"]),
    ("2", &["mansourov1995"]),
    ("3", &["shenxia2015"]),
    ("4", &["mansourov1995", "shen1996"]),
    ("5", &["mansourov1995"]),
    ("6", &["zhou1989ci"]),
    ("7", &["nie1988"]),
    ("8", &["xia2006"]),
    ("9", &["frus1951-ceasefire-report", "stueck1995"]),
    ("10", &["roshchin1951-0113"]),
    ("11", &["frus1951-chou-owen", "foot1990"]),
    ("12", &["rees1964"]),
    ("13", &["nie1988"]),
    ("14", &["nie1988"]),
    ("15", &["stueck2002"]),
    (
        "16",
        &[
            "frus1951-malik",
            "kaufman1986",
            "stueck1995",
            "filippov1951-0624",
        ],
    ),
    (
        "17",
        &[
            "frus1951-acheson-0625",
            "frus1951-kirk-0626",
            "frus1951-kirk-0627",
            "stueck1995",
            "foot1990",
        ],
    ),
    ("18", &["mao1951-0630", "filippov1951-0630"]),
    ("19", &["filippov1951-0701"]),
    ("20", &["wang2001interview"]),
    ("21", &["shenxia2015"]),
    ("22", &["shenxia2015"]),
];

/// The sample chapter checked against `bibliographies` (paths under the repository root).
fn workspace(chapter: &str, bibliographies: &[&str]) -> Workspace {
    let mut ws = Workspace::default();
    let d = ws.add_manuscript(CHAPTER, chapter.as_bytes());
    for path in bibliographies {
        let bytes = fs::read(root().join(path)).unwrap();
        let b = ws.add_bibliography(path, &bytes);
        ws.link(d, b);
    }
    ws
}

fn sample() -> String {
    fs::read_to_string(root().join(CHAPTER)).unwrap()
}

/// For each note label, the ids its citations resolve to.
fn mapping(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let doc = &ws.documents[0];
    let resolved = ws.resolve();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (c, r) in doc.note_citations.iter().zip(resolved.of(0)) {
        let Container::Note(i) = c.note else {
            continue;
        };
        let label = doc.note_defs[i as usize].label.to_string();
        if out.last().is_none_or(|(l, _)| *l != label) {
            out.push((label.clone(), Vec::new()));
        }
        let ids = &mut out.last_mut().unwrap().1;
        for t in &r.targets {
            let id = ws.bibliographies[t.bib].entries[t.entry]
                .id
                .as_ref()
                .unwrap()
                .value
                .to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    out
}

fn assert_expected(ws: &Workspace) {
    let got = mapping(ws);
    let expected: Vec<(String, Vec<String>)> = EXPECTED
        .iter()
        .map(|(l, ids)| (l.to_string(), ids.iter().map(|s| s.to_string()).collect()))
        .collect();
    for (want, have) in expected.iter().zip(&got) {
        assert_eq!(want, have, "note {} resolves wrongly", want.0);
    }
    assert_eq!(got.len(), expected.len(), "{got:?}");
}

const CITATION_RULES: &[&str] = &[
    "unresolved-citation",
    "ambiguous-citation",
    "ibid-without-antecedent",
    "page-out-of-range",
    "citation-mismatch",
    "inconsistent-citation-form",
    "duplicate-entry",
];

fn findings(ws: &Workspace, rules: &[&str]) -> Vec<Diagnostic> {
    let mut settings = Settings::default();
    settings.select(rules).unwrap();
    ws.check(&settings)
}

/// A finding as rule, message and the places it points at (file path left out, so that the
/// three bibliography formats compare equal).
fn summary(d: &Diagnostic) -> String {
    format!("{}: {}", d.rule, d.message)
}

#[test]
fn every_note_of_the_sample_resolves_to_its_entry() {
    assert_expected(&workspace(&sample(), &[BIBLIOGRAPHY]));
}

#[test]
fn the_sample_chapters_citation_problems_are_found() {
    let ws = workspace(&sample(), &[BIBLIOGRAPHY]);
    let found: Vec<String> = findings(&ws, CITATION_RULES).iter().map(summary).collect();
    assert_eq!(
        found,
        [
            "inconsistent-citation-form: note 2 writes the issue date “Winter 1995/1996”; 3 other places write it “Winter 1995/96”",
            "inconsistent-citation-form: note 16 writes the name “Filippov [Stalin]”; 3 other places write it “Filippov (Stalin)”",
            "citation-mismatch: note 16 gives the date as 2 June 1951; the bibliography entry `filippov1951-0624` has 24 June 1951",
        ]
    );
}

#[test]
fn csl_json_and_biblatex_give_the_same_results() {
    let yaml = workspace(&sample(), &[BIBLIOGRAPHY]);
    let expected: Vec<String> = findings(&yaml, CITATION_RULES)
        .iter()
        .map(summary)
        .collect();
    for converted in [
        "tests/fixtures/korean-war.json",
        "tests/fixtures/korean-war.bib",
    ] {
        let ws = workspace(
            &sample(),
            &[converted, "tests/fixtures/korean-war-people.yaml"],
        );
        assert!(
            ws.load_diagnostics.is_empty(),
            "{converted}: {:?}",
            ws.load_diagnostics
        );
        assert_eq!(ws.bibliographies[0].entries.len(), 27, "{converted}");
        assert_expected(&ws);
        let found: Vec<String> = findings(&ws, CITATION_RULES).iter().map(summary).collect();
        assert_eq!(found, expected, "{converted}");
    }
}

#[test]
fn the_cli_reads_a_biblatex_file() {
    let out = cite_lint(
        &root(),
        &[
            "manuscript/",
            "-b",
            "tests/fixtures/korean-war.bib",
            "-b",
            "tests/fixtures/korean-war-people.yaml",
            "--select",
            "citation-mismatch",
            "--format",
            "short",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("error[citation-mismatch]: note 16 gives the date as 2 June 1951"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// Note 10 as the sample has it, and what each edit turns it into.
const NOTE_10: &str = "Ciphered Telegram, Roshchin to USSR Foreign Ministry, dated 13 January 1951,\n    in *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 54.";

#[test]
fn one_changed_fact_gives_one_finding_at_the_note_and_the_entry() {
    let text = sample();
    assert!(text.contains(NOTE_10));
    let baseline = findings(
        &workspace(&text, &[BIBLIOGRAPHY]),
        &["citations", "bibliography"],
    );
    for (what, from, to, rule) in [
        ("page", "p. 54.", "p. 57.", "page-out-of-range"),
        ("date", "13 January", "14 January", "citation-mismatch"),
        ("sender", "Roshchin to", "Vyshinsky to", "citation-mismatch"),
        ("issue", "Issues 6–7", "Issues 8–9", "citation-mismatch"),
    ] {
        let changed = text.replace(NOTE_10, &NOTE_10.replace(from, to));
        let ws = workspace(&changed, &[BIBLIOGRAPHY]);
        let after = findings(&ws, &["citations", "bibliography"]);
        let new: Vec<&Diagnostic> = after
            .iter()
            .filter(|d| !baseline.iter().any(|b| b.message == d.message))
            .collect();
        assert_eq!(new.len(), 1, "changing the {what}: {new:#?}");
        let d = new[0];
        assert_eq!(d.rule, rule, "changing the {what}");
        let files: Vec<&str> = std::iter::once(&d.primary)
            .chain(&d.labels)
            .map(|l| ws.source(l.source).path.as_str())
            .collect();
        assert_eq!(files, [CHAPTER, BIBLIOGRAPHY], "changing the {what}");
        let at = d.primary.span.slice(&ws.source(d.primary.source).text);
        assert!(
            to.contains(at) || at.contains(to.split(' ').next().unwrap()),
            "changing the {what}: label on {at:?}"
        );
    }
}
