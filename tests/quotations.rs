//! Quotations and dates end to end, on copies of the sample chapter with note 16 corrected and
//! then changed one way at a time.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// A copy of the sample with note 16 as the record has it: "already", dated 24 June 1951.
fn corrected() -> tempfile::TempDir {
    let dir = sample_copy();
    edit(dir.path(), CHAPTER, |t| {
        t.replacen(
            "“[Y]ou must\n    always know",
            "“[Y]ou must\n    already know",
            1,
        )
        .replacen("dated 2 June 1951", "dated 24 June 1951", 1)
    });
    dir
}

/// (line, column) of the first `needle` in the chapter, 1-based, columns in characters.
fn position(dir: &Path, needle: &str) -> (u64, u64) {
    let text = fs::read_to_string(dir.join(CHAPTER)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the chapter"));
    let line = text[..at].matches('\n').count() as u64 + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, column)
}

fn located(d: &serde_json::Value) -> (String, u64, u64) {
    (
        d["rule"].as_str().unwrap().to_owned(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
    )
}

#[test]
fn the_corrected_note_16_is_clean() {
    let dir = corrected();
    let rules: Vec<String> = findings(dir.path())
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    for gone in ["relative-date-mismatch", "document-before-event"] {
        assert!(
            !rules.iter().any(|r| r == gone),
            "{gone} still reported: {rules:?}"
        );
    }
    let quotation_errors = findings(dir.path())
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("filippov1951-0624"))
        .count();
    assert_eq!(quotation_errors, 0);
}

#[test]
fn a_quotation_changed_by_one_word() {
    let dir = corrected();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        t.replacen("know from Malik’s speech", "know from Malik’s address", 1)
    });
    let new = new_findings(&before, &findings(dir.path()));
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "quotation-mismatch");
    assert_eq!(pointed_text(dir.path(), &new[0]), "address");
    assert!(
        new[0]["message"]
            .as_str()
            .unwrap()
            .contains("“address” where the source has “speech”")
    );
}

#[test]
fn a_quotation_moved_to_another_day() {
    let dir = corrected();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        t.replacen(
            "Stalin wrote to Mao the next day:",
            "Stalin wrote to Mao two days later:",
            1,
        )
    });
    let new: Vec<_> = new_findings(&before, &findings(dir.path()))
        .iter()
        .map(located)
        .collect();
    let (line, column) = position(dir.path(), "“[Y]ou must");
    let (phrase_line, phrase_column) = position(dir.path(), "two days later");
    assert_eq!(
        new,
        [
            (
                "relative-date-mismatch".to_owned(),
                phrase_line,
                phrase_column
            ),
            ("quotation-date-mismatch".to_owned(), line, column),
        ],
        "one finding at the quotation (and the relative date itself no longer agrees with the cited telegram)"
    );
}

#[test]
fn a_quotation_given_to_another_sender() {
    let dir = corrected();
    let before = findings(dir.path());
    edit(dir.path(), CHAPTER, |t| {
        t.replacen(
            "Stalin wrote to Mao the next day:",
            "Zhou wrote to Mao the next day:",
            1,
        )
    });
    let new = new_findings(&before, &findings(dir.path()));
    let (line, column) = position(dir.path(), "“[Y]ou must");
    assert_eq!(
        new.iter().map(located).collect::<Vec<_>>(),
        [("quotation-speaker-mismatch".to_owned(), line, column)]
    );
    assert!(
        new[0]["message"]
            .as_str()
            .unwrap()
            .contains("given to Zhou")
    );
}

#[test]
fn the_chapters_contradicted_event_dates_are_reported_with_their_sources() {
    let all = findings(&root());
    let events: Vec<(String, String)> = all
        .iter()
        .filter(|d| d["rule"] == "event-date-mismatch")
        .map(|d| {
            (
                pointed_text(&root(), d),
                d["help"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(events.len(), 3, "{events:#?}");
    assert_eq!(events[0].0, "5 December 1950");
    assert!(
        events[0].1.contains("frus1950-chou-1222"),
        "{}",
        events[0].1
    );
    assert_eq!(events[1].0, "11 January 1951");
    assert_eq!(events[2].0, "25 June");
    assert!(
        events[2].1.contains("frus1951-kirk-0627"),
        "{}",
        events[2].1
    );
}

#[test]
fn dates_prints_the_timeline_in_order() {
    let out = cite_lint(&root(), &["manuscript/", "--dates"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}
