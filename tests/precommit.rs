//! The pre-commit hook end to end: the real `pre-commit` tool installs cite-lint from a copy of
//! this repository and runs it in a throwaway git repository. Skipped, with a message, only
//! where `pre-commit` is not installed (`.ci/run` installs it).

mod common;

use common::root;
use std::fs;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=cite-lint",
            "-c",
            "user.email=ci@cite-lint.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn pre_commit_hook_fails_on_a_bad_note_and_passes_on_a_good_one() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!(
            "SKIPPED: `pre-commit` is not installed (pip install pre-commit); the hook was not tested"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The hook's repository: this working tree as it is, committed in a copy.
    let hooks = tmp.path().join("cite-lint");
    for file in ["Cargo.toml", "Cargo.lock", ".pre-commit-hooks.yaml"] {
        fs::create_dir_all(&hooks).unwrap();
        fs::copy(root().join(file), hooks.join(file)).unwrap();
    }
    copy_tree(&root().join("src"), &hooks.join("src"));
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-q", "-m", "hook source"]);
    let rev = String::from_utf8(
        Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(&hooks)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();

    // A book's repository using the hook.
    let book = tmp.path().join("book");
    fs::create_dir_all(&book).unwrap();
    git(&book, &["init", "-q"]);
    fs::write(
        book.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: cite-lint\n",
            hooks.display(),
            rev.trim()
        ),
    )
    .unwrap();
    fs::write(
        book.join("refs.yaml"),
        "references:\n  - id: stueck1995\n    type: book\n    title: The Korean War\n",
    )
    .unwrap();
    let good =
        "---\nbibliography: refs.yaml\n---\nMalik spoke.[^1]\n\n[^1]: See [@stueck1995, p. 208].\n";
    fs::write(book.join("chapter.md"), good).unwrap();
    // An unstaged, broken draft: the hook only looks at what is committed.
    fs::write(book.join("draft.md"), "Unfinished.[^9]\n").unwrap();

    let run = || {
        Command::new("pre-commit")
            .args(["run", "--color", "never"])
            .current_dir(&book)
            .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home"))
            .env("CARGO_TARGET_DIR", root().join("target/pre-commit"))
            .output()
            .expect("pre-commit runs")
    };
    git(
        &book,
        &["add", ".pre-commit-config.yaml", "refs.yaml", "chapter.md"],
    );
    let passed = run();
    let text = String::from_utf8_lossy(&passed.stdout).into_owned()
        + &String::from_utf8_lossy(&passed.stderr);
    assert!(passed.status.success(), "a good note passes:\n{text}");
    assert!(
        text.contains("cite-lint") && text.contains("Passed"),
        "{text}"
    );

    // Break the note: its definition is gone.
    fs::write(book.join("chapter.md"), good.replace("[^1]: See", "See")).unwrap();
    git(&book, &["add", "chapter.md"]);
    let failed = run();
    let text = String::from_utf8_lossy(&failed.stdout).into_owned()
        + &String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "a bad note fails:\n{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(
        text.contains("note [^1] is referenced but never defined"),
        "{text}"
    );
    assert!(
        !text.contains("draft.md"),
        "unstaged files are not checked:\n{text}"
    );
}
