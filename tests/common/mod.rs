//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn cite_lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cite-lint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Writes `files` (name, text) into `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
}

/// A copy of the sample manuscript and bibliography in a temporary folder.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["manuscript", "bibliography"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in fs::read_dir(root().join(sub)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
        }
    }
    dir
}

pub const CHAPTER: &str = "manuscript/shen-korean-war.md";
pub const BIBLIOGRAPHY: &str = "bibliography/korean-war.yaml";

pub fn edit(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let new = f(text.clone());
    assert_ne!(new, text, "the edit changed nothing");
    fs::write(path, new).unwrap();
}

/// Diagnostics of a JSON run as (rule, message, line, column) tuples.
pub fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let out = cite_lint(dir, &["manuscript/", "--format", "json"]);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("valid JSON")
}

/// What `after` reports that `before` did not, compared by rule and message.
pub fn new_findings(
    before: &[serde_json::Value],
    after: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    let mut old: Vec<(String, String)> = before
        .iter()
        .map(|d| (d["rule"].to_string(), d["message"].to_string()))
        .collect();
    after
        .iter()
        .filter(|d| {
            let key = (d["rule"].to_string(), d["message"].to_string());
            match old.iter().position(|k| *k == key) {
                Some(i) => {
                    old.remove(i);
                    false
                }
                None => true,
            }
        })
        .cloned()
        .collect()
}

/// The text a finding's primary span covers.
pub fn pointed_text(dir: &Path, d: &serde_json::Value) -> String {
    let text = fs::read_to_string(dir.join(d["path"].as_str().unwrap())).unwrap();
    let line = text
        .lines()
        .nth(d["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert_eq!(d["end_line"], d["line"], "single-line span expected");
    let (start, end) = (
        d["column"].as_u64().unwrap() as usize - 1,
        d["end_column"].as_u64().unwrap() as usize - 1,
    );
    line.chars().skip(start).take(end - start).collect()
}
