//! Output formats, configuration, suppression, rule selection and threads, end to end.

mod common;

use common::*;
use std::fs;

fn run_format(format: &str) -> (String, Option<i32>) {
    let out = cite_lint(&root(), &["manuscript/", "--format", format, "--no-config"]);
    (stdout(&out), out.status.code())
}

#[test]
fn every_format_on_the_sample_chapter() {
    for format in ["human", "short", "json", "sarif", "github"] {
        let (text, code) = run_format(format);
        assert_eq!(code, Some(1), "{format}: the sample has one error");
        insta::assert_snapshot!(format!("sample_{format}"), text);
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let mut schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    // The published rtm.5 schema's `run.language` pattern has a stray `]` that the draft-04
    // meta-schema rejects as a regex; later copies of the schema (SchemaStore) correct it to
    // this. The file on disk stays as published; cite-lint never sets `language`.
    assert_eq!(
        fix_language_patterns(&mut schema),
        2,
        "the two `language` patterns of rtm.5"
    );
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let (text, _) = run_format("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema must be able to fail: a result without a message is invalid.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "relative-date-mismatch"
            && r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Why this matters")
    }));
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        result["ruleId"]
    );
}

fn fix_language_patterns(v: &mut serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut fixed = 0;
            if map.get("pattern").and_then(|p| p.as_str())
                == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
            {
                map.insert(
                    "pattern".into(),
                    serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"),
                );
                fixed += 1;
            }
            fixed + map.values_mut().map(fix_language_patterns).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn exit_codes_are_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("clean.md"), "Text.[^1]\n\n[^1]: Ibid.\n").unwrap();
    fs::write(d.join("broken.md"), "Text.[^1]\n").unwrap();
    for format in ["human", "short", "json", "sarif", "github"] {
        assert_eq!(
            cite_lint(d, &["clean.md", "--format", format])
                .status
                .code(),
            Some(0),
            "{format}"
        );
        assert_eq!(
            cite_lint(d, &["broken.md", "--format", format])
                .status
                .code(),
            Some(1),
            "{format}"
        );
        assert_eq!(
            cite_lint(d, &["missing.md", "--format", format])
                .status
                .code(),
            Some(2),
            "{format}"
        );
    }
}

#[test]
fn config_file_is_found_from_a_subfolder_and_sets_severities_and_options() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("book/chapters")).unwrap();
    fs::write(
        d.join("book/cite-lint.yaml"),
        "manuscript: [chapters/]\nrules:\n  undefined-note: warning\n  note-sequence: {severity: error, first: 10}\n",
    )
    .unwrap();
    fs::write(
        d.join("book/chapters/ch2.md"),
        "A.[^10] B.[^12]\n\n[^10]: X.\n[^12]: Y.\n[^13]: Z.\n",
    )
    .unwrap();
    // Run from a folder below the configuration, with no paths: the configured ones are used.
    let out = cite_lint(&d.join("book/chapters"), &["--format", "short", "--quiet"]);
    let text = stdout(&out);
    assert_eq!(
        text,
        "chapters/ch2.md:1:11: error[note-sequence]: note numbers jump from 10 to 12: note 11 is missing\n\
         chapters/ch2.md:5:1: warning[unused-note]: note [^13] is defined but never referenced\n"
            .replace("chapters/", "../chapters/"),
        "paths are relative to the configuration file's folder"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn config_errors_are_located_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("cite-lint.yaml"),
        "rules:\n  unused-notes: off\nbibliografy: refs.yaml\n",
    )
    .unwrap();
    fs::write(d.join("a.md"), "Text.\n").unwrap();
    let out = cite_lint(d, &["a.md", "--format", "short"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out).lines().take(2).collect::<Vec<_>>(),
        [
            "cite-lint.yaml:2:3: error[config-error]: unknown rule `unused-notes`",
            "cite-lint.yaml:3:1: error[config-error]: unknown key `bibliografy`",
        ]
    );
    // --no-config ignores it.
    assert_eq!(
        cite_lint(d, &["a.md", "--no-config"]).status.code(),
        Some(0)
    );
    // --config names another file.
    fs::write(d.join("other.yaml"), "style: {infer-year: false}\n").unwrap();
    assert_eq!(
        cite_lint(d, &["a.md", "--config", "other.yaml"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        cite_lint(d, &["a.md", "--config", "missing.yaml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn config_bibliography_is_used_when_front_matter_names_none() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("cite-lint.yaml"), "bibliography: refs.yaml\n").unwrap();
    fs::write(
        d.join("refs.yaml"),
        "references:\n  - id: known\n    type: book\n",
    )
    .unwrap();
    fs::write(d.join("a.md"), "See [@known] and [@unknown].\n").unwrap();
    let out = cite_lint(d, &["a.md", "--format", "short", "--quiet"]);
    assert_eq!(
        stdout(&out),
        "a.md:1:19: error[unknown-citation-key]: `@unknown` is not in the bibliography\n"
    );
}

#[test]
fn select_and_ignore_rules_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.md"), "On 31 June 1951.[^1]\n\n[^2]: Spare.\n").unwrap();
    let rules = |args: &[&str]| {
        let mut all = vec!["a.md", "--format", "json", "--quiet"];
        all.extend_from_slice(args);
        let out = cite_lint(d, &all);
        let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        v.iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules(&[]),
        ["impossible-date", "undefined-note", "unused-note"]
    );
    assert_eq!(rules(&["--select", "chronology"]), ["impossible-date"]);
    assert_eq!(
        rules(&["--select", "undefined-note,unused-note"]),
        ["undefined-note", "unused-note"]
    );
    assert_eq!(rules(&["--ignore", "notes"]), ["impossible-date"]);
    assert_eq!(
        cite_lint(d, &["a.md", "--select", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn inline_suppression_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("a.md"),
        "<!-- cite-lint-disable-next-line undefined-note -- restored in proofs -->\nText.[^1]\n\n<!-- cite-lint-disable-next-line impossible-date -->\nFine.\n<!-- cite-lint-disable-next-line undefind-note -->\n",
    )
    .unwrap();
    let out = cite_lint(d, &["a.md", "--format", "short", "--quiet"]);
    assert_eq!(
        stdout(&out),
        "a.md:4:34: warning[unused-suppression]: this suppression of `impossible-date` silences nothing\n\
         a.md:6:34: error[invalid-suppression]: there is no rule named `undefind-note`\n"
    );
}

#[test]
fn output_is_identical_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..40 {
        let body = if i % 3 == 0 {
            "Text.[^1] On 31 June 1951.\n"
        } else {
            "Text.[^1]\n\n[^1]: Ibid.\n[^2]: Spare.\n"
        };
        fs::write(d.join(format!("ch{i:02}.md")), body).unwrap();
    }
    let one = cite_lint(d, &[".", "--jobs", "1", "--format", "json"]);
    for jobs in ["2", "8"] {
        let many = cite_lint(d, &[".", "--jobs", jobs, "--format", "json"]);
        assert_eq!(one.stdout, many.stdout, "--jobs {jobs}");
    }
    assert!(stdout(&one).matches("\"rule\"").count() >= 40);
}

#[test]
fn csl_yaml_paths_are_checked_as_bibliographies_and_other_yaml_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("refs.yaml"),
        "references:\n  - id: a\n    type: telegram\n",
    )
    .unwrap();
    fs::write(d.join("workflow.yml"), "on: push\njobs: {}\n").unwrap();
    let out = cite_lint(
        d,
        &["refs.yaml", "workflow.yml", "--format", "short", "--quiet"],
    );
    assert_eq!(
        stdout(&out),
        "refs.yaml:3:11: error[invalid-entry]: `telegram` is not a CSL item type\n"
    );
    assert_eq!(out.status.code(), Some(1));
}
