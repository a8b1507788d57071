//! End-to-end tests of the `cite-lint` binary: the sample chapter, edits to a copy of it, bad
//! input, exit codes and output formats.

mod common;

use common::*;
use std::fs;

#[test]
fn sample_chapter_end_to_end() {
    let out = cite_lint(&root(), &["manuscript/", "--color", "never"]);
    insta::assert_snapshot!(stdout(&out));
    let errors = findings(&root())
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(out.status.code(), Some(if errors > 0 { 1 } else { 0 }));
}

#[test]
fn deleting_a_note_definition_adds_one_undefined_note() {
    let dir = sample_copy();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        t.lines()
            .filter(|l| !l.starts_with("[^7]:"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let new = new_findings(&before, &findings(dir.path()));
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "undefined-note");
    assert_eq!(pointed_text(dir.path(), &new[0]), "[^7]");
}

#[test]
fn duplicating_a_note_definition_adds_one_duplicate_note() {
    let dir = sample_copy();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        let def = t
            .lines()
            .find(|l| l.starts_with("[^5]:"))
            .unwrap()
            .to_owned();
        format!("{t}\n{def}\n")
    });
    let new = new_findings(&before, &findings(dir.path()));
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "duplicate-note");
    assert_eq!(pointed_text(dir.path(), &new[0]), "[^5]:");
    let lines = fs::read_to_string(dir.path().join(CHAPTER))
        .unwrap()
        .lines()
        .count();
    assert_eq!(
        new[0]["line"].as_u64().unwrap() as usize,
        lines,
        "points at the copy, not the original"
    );
}

#[test]
fn citing_an_unknown_key_adds_one_unknown_citation_key() {
    let dir = sample_copy();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        t.replacen("Taiwan Strait", "Taiwan Strait [@nosuchkey]", 1)
    });
    let new = new_findings(&before, &findings(dir.path()));
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "unknown-citation-key");
    assert_eq!(pointed_text(dir.path(), &new[0]), "@nosuchkey");
}

#[test]
fn bibliography_syntax_error_is_located_and_exits_2() {
    let dir = sample_copy();
    edit(dir.path(), BIBLIOGRAPHY, |t| {
        t.replacen("    type: book\n", "    type: [book\n", 1)
    });
    let out = cite_lint(dir.path(), &["manuscript/", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("bibliography-syntax"), "{text}");
    assert!(text.contains("cannot read this bibliography"), "{text}");
    assert!(
        text.contains("╭─[bibliography/korean-war.yaml:"),
        "located in the file: {text}"
    );
}

#[test]
fn impossible_bibliography_date_is_located() {
    let dir = sample_copy();
    edit(dir.path(), BIBLIOGRAPHY, |t| {
        t.replacen("[[1951, 6, 24]]", "[[1951, 2, 30]]", 1)
    });
    let out = cite_lint(dir.path(), &["manuscript/", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let d = all
        .iter()
        .find(|d| d["rule"] == "invalid-entry")
        .expect("an invalid-entry finding");
    assert_eq!(d["path"], BIBLIOGRAPHY);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("30 February 1951 does not exist")
    );
    assert_eq!(pointed_text(dir.path(), d), "[[1951, 2, 30]]");
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("clean.md"), "Text.[^1]\n\n[^1]: Ibid.\n").unwrap();
    fs::write(d.join("broken.md"), "Text.[^1]\n").unwrap();
    assert_eq!(cite_lint(d, &["clean.md"]).status.code(), Some(0));
    assert_eq!(cite_lint(d, &["broken.md"]).status.code(), Some(1));
    assert_eq!(
        cite_lint(d, &["broken.md", "--format", "json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(cite_lint(d, &["missing.md"]).status.code(), Some(2));
    assert_eq!(cite_lint(d, &["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(
        cite_lint(d, &["--format", "xml", "clean.md"]).status.code(),
        Some(2)
    );
    assert_eq!(
        cite_lint(d, &["clean.md", "--bibliography", "none.yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cite_lint(d, &["explain", "no-such-rule"]).status.code(),
        Some(2)
    );
    assert_eq!(cite_lint(d, &["--version"]).status.code(), Some(0));
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "Text.\n\n[^1]: Never referenced.\n",
    )
    .unwrap();
    let out = cite_lint(dir.path(), &["a.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("1 warning"));
}

#[test]
fn front_matter_bibliography_that_does_not_exist_is_located() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.md"),
        "---\nbibliography: nowhere.yaml\n---\nSee [@x].\n",
    )
    .unwrap();
    let out = cite_lint(dir.path(), &["a.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 1, "no cascade of unknown keys: {all:#?}");
    assert_eq!(all[0]["rule"], "bibliography-not-found");
    assert_eq!(
        (all[0]["line"].as_u64(), all[0]["column"].as_u64()),
        (Some(2), Some(15))
    );
}

#[test]
fn bibliography_flag_overrides_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.md"),
        "---\nbibliography: nowhere.yaml\n---\nSee [@x] and [@y].\n",
    )
    .unwrap();
    fs::write(
        d.join("refs.yaml"),
        "references:\n  - id: x\n    type: book\n",
    )
    .unwrap();
    let out = cite_lint(
        d,
        &["a.md", "--bibliography", "refs.yaml", "--format", "json"],
    );
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["message"], "`@y` is not in the bibliography");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "“Quoted” text.[^1]\n").unwrap();
    let out = cite_lint(dir.path(), &["a.md", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    let d = &all[0];
    for field in [
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
    ] {
        assert!(d.get(field).is_some(), "missing {field}: {d}");
    }
    assert_eq!(d["severity"], "error");
    // Columns count characters: the curly quotes are one column each.
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(1), Some(15), Some(19))
    );
    assert_eq!(d["labels"][0]["message"], "this note has no text");
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.starts_with("Checked 1 file"),
        "summary goes to stderr with JSON: {summary}"
    );
}

#[test]
fn output_to_a_pipe_is_narrated_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "Text.[^1]\n").unwrap();
    let out = stdout(&cite_lint(dir.path(), &["a.md"]));
    assert!(!out.contains('\u{1b}'), "no escape codes: {out:?}");
    assert!(!out.contains('╭'), "no drawing: {out}");
    assert!(
        out.contains("note [^1] is referenced but never defined"),
        "{out}"
    );
    assert!(out.contains("snippet for a.md"), "{out}");
    assert!(
        out.contains("label at line 1, columns 6 to 9: this note has no text"),
        "{out}"
    );
}

#[test]
fn color_always_draws_in_colour() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "Text.[^1]\n").unwrap();
    let out = stdout(&cite_lint(dir.path(), &["a.md", "--color", "always"]));
    assert!(out.contains('\u{1b}'), "{out:?}");
}

#[test]
fn folders_are_walked_for_markdown_only_and_gitignore_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("book/drafts")).unwrap();
    fs::write(d.join("book/ch1.md"), "One.[^1]\n").unwrap();
    fs::write(d.join("book/notes.txt"), "Not markdown.[^1]\n").unwrap();
    fs::write(d.join("book/drafts/old.md"), "Old.[^1]\n").unwrap();
    fs::write(d.join("book/.gitignore"), "drafts/\n").unwrap();
    let out = cite_lint(d, &["book", "--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<_> = all
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["book/ch1.md"]);
}

#[test]
fn invalid_utf8_is_located_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.md"), b"Good text\n\xff\xfe bad\n").unwrap();
    fs::write(d.join("b.md"), "Text.[^1]\n").unwrap();
    let out = cite_lint(d, &[".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all[0]["rule"], "invalid-utf8");
    assert!(
        all[0]["message"].as_str().unwrap().contains("offset 10"),
        "{}",
        all[0]
    );
    assert_eq!(all[1]["rule"], "undefined-note");
    assert_eq!(all[1]["path"], "b.md");
}

#[test]
fn rules_lists_every_rule() {
    let out = stdout(&cite_lint(&root(), &["rules"]));
    insta::assert_snapshot!(out);
}

#[test]
fn explain_prints_the_rule_documentation() {
    let out = cite_lint(&root(), &["explain", "undefined-note"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("# undefined-note\n\nCategory: notes. Default severity: error."),
        "{text}"
    );
    assert!(text.contains("## Why this matters"));
}

#[test]
fn readme_lists_every_rule() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    for rule in cite_lint::rules::REGISTRY {
        let m = rule.meta();
        let row = format!("| `{}` | {} | {} |", m.name, m.category, m.default_severity);
        assert!(readme.contains(&row), "README lacks the row starting {row}");
    }
}

#[test]
fn readme_excerpt_is_real_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## What it finds in the sample chapter")
        .nth(1)
        .unwrap();
    let block = |n: usize| {
        section
            .split("```text\n")
            .nth(n)
            .unwrap()
            .split("\n```")
            .next()
            .unwrap()
    };
    let short = stdout(&cite_lint(&root(), &["manuscript/", "--format", "short"]));
    assert_eq!(
        format!("{}\n", block(1)),
        short,
        "README's list is not what `--format short` prints"
    );
    let out = stdout(&cite_lint(&root(), &["manuscript/", "--color", "never"]));
    assert!(
        out.contains(block(2)),
        "README's excerpt is not what `cite-lint manuscript/` prints:\n{out}"
    );
}

#[test]
fn the_configuration_beside_the_folder_checked_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    fs::write(
        book.join("cite-lint.yaml"),
        "manuscript: [.]\nbibliography: refs.yaml\n",
    )
    .unwrap();
    fs::write(
        book.join("refs.yaml"),
        "references:\n  - id: foot1990\n    type: book\n    title: A Substitute for Victory\n",
    )
    .unwrap();
    fs::write(
        book.join("chapter.md"),
        "As Foot argues [@foot1990, p. 30].\n",
    )
    .unwrap();
    // Run from the folder above: the book's own configuration names its bibliography.
    let out = cite_lint(dir.path(), &["book/", "--format", "short"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("names no bibliography"));
}

/// The bibliographies named in the configuration are read while the chapters are: their
/// findings must still point into the right file, and one that no chapter uses is not read.
#[test]
fn configured_bibliographies_are_located_and_read_only_when_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_files(
        d,
        &[
            (
                "cite-lint.yaml",
                "manuscript: [.]\nbibliography: refs.yaml\n",
            ),
            (
                "refs.yaml",
                "references:\n  - id: foot1990\n    type: book\n    issued: {date-parts: [[1990, 2, 30]]}\n",
            ),
            ("a.md", "As Foot argues [@foot1990].\n"),
            ("b.md", "And again [@foot1990].\n"),
        ],
    );
    let out = cite_lint(d, &["--format", "json"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let bad: Vec<_> = all
        .iter()
        .filter(|f| f["rule"] == "invalid-entry")
        .collect();
    assert_eq!(bad.len(), 1, "{all:#?}");
    assert_eq!(bad[0]["path"], "refs.yaml");
    assert_eq!(pointed_text(d, bad[0]), "[[1990, 2, 30]]");

    // Every chapter names its own bibliography: the configured one is not read at all.
    for chapter in ["a.md", "b.md"] {
        edit(d, chapter, |t| {
            format!("---\nbibliography: own.yaml\n---\n{t}")
        });
    }
    write_files(
        d,
        &[(
            "own.yaml",
            "references:\n  - id: foot1990\n    type: book\n",
        )],
    );
    let out = cite_lint(d, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out).trim(), "[]");
}
