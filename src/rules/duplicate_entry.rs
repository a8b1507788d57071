use super::citing::{at_entry, at_id, id};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Entry, Name};
use crate::resolve::{Target, norm};
use std::hash::{DefaultHasher, Hash, Hasher};

declare_rule! {
    /// Two bibliography entries describe the same source, or give one document two dates.
    ///
    /// Two entries are the same source when they are the same document (the same sender,
    /// recipient and day, and no different genre) or the same work (the same authors, title and
    /// year). Two entries are one document with two dates when they share sender, recipient and
    /// number (a telegram's number), or title, journal and page, but not the day.
    ///
    /// ## Why this matters
    /// A source entered twice is listed twice, and notes split between the two ids. When the
    /// two copies disagree on the date, at least one of them is wrong, and every note that
    /// cites it carries the error.
    ///
    /// ## Example
    /// Fires:
    /// ```yaml
    /// - id: filippov1951-0624
    ///   author: [{literal: "Filippov [Stalin]"}]
    ///   recipient: [{family: Mao, given: Zedong}]
    ///   number: "3777"
    ///   issued: {date-parts: [[1951, 6, 24]]}
    /// - id: stalin1951-0602
    ///   author: [{literal: "Filippov [Stalin]"}]
    ///   recipient: [{family: Mao, given: Zedong}]
    ///   number: "3777"
    ///   issued: {date-parts: [[1951, 6, 2]]}
    /// ```
    /// Does not fire when the numbers differ.
    pub struct DuplicateEntry {
        name: "duplicate-entry",
        category: Bibliography,
        severity: Warning,
    }
}

fn names(list: &[crate::source::Spanned<Name>]) -> String {
    list.iter()
        .map(|n| norm(&n.value.display()))
        .collect::<Vec<_>>()
        .join(";")
}

fn value(f: &Option<crate::source::Spanned<compact_str::CompactString>>) -> String {
    f.as_ref().map(|v| norm(&v.value)).unwrap_or_default()
}

/// The day a document is dated, as "1951-06-24", if precise to the day.
fn day(e: &Entry) -> Option<String> {
    let p = e.issued.as_ref()?.value.parts.first()?;
    Some(format!("{}-{:02}-{:02}", p.year, p.month?, p.day?))
}

/// What two entries must share to describe the same source: a document's writer (or title),
/// recipients and day, or a work's authors, title and year.
type SameKey = (&'static str, String, String, String);
/// What makes two dated entries one document: writer, recipients and number, or title, journal
/// and page.
type DocumentKey = (String, String, String);

fn keys(e: &Entry) -> (Option<SameKey>, Option<DocumentKey>) {
    let (authors, recipients) = (names(&e.author), names(&e.recipient));
    match day(e) {
        Some(day) => {
            let who = if authors.is_empty() {
                value(&e.title)
            } else {
                authors.clone()
            };
            let same = ("document", who, recipients.clone(), day);
            let document = if e.number.is_some() && !authors.is_empty() {
                Some((authors, recipients, value(&e.number)))
            } else if e.page.is_some() && e.title.is_some() && e.container_title.is_some() {
                Some((value(&e.title), value(&e.container_title), value(&e.page)))
            } else {
                None
            };
            (Some(same), document)
        }
        None if !authors.is_empty() && e.title.is_some() => {
            let year = e
                .issued
                .as_ref()
                .and_then(|d| d.value.parts.first())
                .map(|p| p.year.to_string())
                .unwrap_or_default();
            (Some(("work", authors, value(&e.title), year)), None)
        }
        None => (None, None),
    }
}

fn hash(key: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The entries whose keys are equal, in groups of two or more, each in bibliography order.
/// `entries` holds (hash of the key, entry), sorted; entries whose hashes collide are told
/// apart by their keys, read again.
fn groups<K: Eq>(entries: &[(u64, Target)], key: impl Fn(Target) -> Option<K>) -> Vec<Vec<Target>> {
    let mut out = Vec::new();
    for same_hash in entries.chunk_by(|a, b| a.0 == b.0) {
        if same_hash.len() < 2 {
            continue;
        }
        let mut rest: Vec<(K, Target)> = same_hash
            .iter()
            .filter_map(|&(_, t)| Some((key(t)?, t)))
            .collect();
        while !rest.is_empty() {
            let (key, first) = rest.remove(0);
            let mut list = vec![first];
            let mut others = Vec::new();
            for (k, t) in rest {
                if k == key {
                    list.push(t);
                } else {
                    others.push((k, t));
                }
            }
            rest = others;
            if list.len() > 1 {
                out.push(list);
            }
        }
    }
    out
}

impl Rule for DuplicateEntry {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        // Each entry's keys are hashed (the entries of a large bibliography are too many to
        // keep every key as strings); equal hashes are then checked key by key.
        let mut same_hashed: Vec<(u64, Target)> = Vec::new();
        let mut document_hashed: Vec<(u64, Target)> = Vec::new();
        for (bib, b) in ws.bibliographies.iter().enumerate() {
            for (entry, e) in b.entries.iter().enumerate() {
                let t = Target { bib, entry };
                let (same, document) = keys(e);
                if let Some(k) = same {
                    same_hashed.push((hash(&k), t));
                }
                if let Some(k) = document {
                    document_hashed.push((hash(&k), t));
                }
            }
        }
        same_hashed.sort_unstable();
        document_hashed.sort_unstable();
        let entry_keys = |t: Target| keys(super::citing::entry(ws, t));
        let same = groups(&same_hashed, |t| entry_keys(t).0);
        let one_document = groups(&document_hashed, |t| entry_keys(t).1);
        for list in &same {
            let genres: Vec<String> = list
                .iter()
                .map(|&t| value(&super::citing::entry(ws, t).genre))
                .filter(|g| !g.is_empty())
                .collect();
            if list.len() < 2 || genres.windows(2).any(|w| w[0] != w[1]) {
                continue;
            }
            let mut d = Diagnostic::new(
                Self::META.name,
                format!(
                    "`{}` and `{}` describe the same source",
                    id(ws, list[0]),
                    id(ws, list[1])
                ),
                at_id(ws, list[1], "this entry"),
            )
            .with_label(at_id(ws, list[0], "repeats this one"))
            .with_help("keep one entry and change the notes and keys that cite the other");
            for &t in &list[2..] {
                d = d.with_label(at_id(ws, t, "and this one"));
            }
            out.push(d);
        }
        for list in &one_document {
            let days: Vec<Option<String>> = list
                .iter()
                .map(|&t| day(super::citing::entry(ws, t)))
                .collect();
            if list.len() < 2 || days.windows(2).all(|w| w[0] == w[1]) {
                continue;
            }
            let date_label = |t: Target, message: &str| {
                let e = super::citing::entry(ws, t);
                match &e.issued {
                    Some(i) => at_entry(ws, t, i.span, message.to_owned()),
                    None => at_id(ws, t, message.to_owned()),
                }
            };
            out.push(
                Diagnostic::new(
                    Self::META.name,
                    format!(
                        "`{}` and `{}` are one document with two dates",
                        id(ws, list[0]),
                        id(ws, list[1])
                    ),
                    date_label(list[1], "one date"),
                )
                .with_label(date_label(list[0], "the other date"))
                .with_help(
                    "check the date on the document, correct the wrong entry and merge the two",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: a\n    type: personal_communication\n    author: [{literal: \"Filippov [Stalin]\"}]\n    recipient: [{family: Mao, given: Zedong}]\n    number: \"3777\"\n    issued: {date-parts: [[1951, 6, 24]]}\n  - id: b\n    type: personal_communication\n    author: [{literal: \"Filippov [Stalin]\"}]\n    recipient: [{family: Mao, given: Zedong}]\n    number: \"3777\"\n    issued: {date-parts: [[1951, 6, 2]]}\n  - id: c\n    type: book\n    author: [{family: Foot, given: Rosemary}]\n    title: A Substitute for Victory\n    issued: 1990\n  - id: d\n    type: book\n    author: [{family: Foot, given: Rosemary}]\n    title: A substitute for victory\n    issued: 1990\n";

    #[test]
    fn fires_on_a_repeated_work_and_a_document_with_two_dates() {
        insta::assert_snapshot!(run("duplicate-entry", "Text.\n", Some(BIB)));
    }

    #[test]
    fn entries_whose_hashes_collide_are_told_apart_by_their_keys() {
        use crate::resolve::Target;
        let t = |entry| Target { bib: 0, entry };
        let hashed = [(7, t(0)), (7, t(1)), (7, t(2)), (7, t(3)), (9, t(4))];
        let key = |t: Target| Some(["a", "b", "a", "b", "a"][t.entry]);
        let found = super::groups(&hashed, key);
        assert_eq!(found, [vec![t(0), t(2)], vec![t(1), t(3)]]);
    }

    #[test]
    fn quiet_for_different_documents_of_one_day() {
        let bib = "references:\n  - id: a\n    type: personal_communication\n    author: [{family: Mao}]\n    recipient: [{literal: Filippov}]\n    issued: {date-parts: [[1951, 6, 30]]}\n  - id: b\n    type: personal_communication\n    author: [{literal: Filippov}]\n    recipient: [{family: Mao}]\n    issued: {date-parts: [[1951, 6, 30]]}\n";
        assert_eq!(run("duplicate-entry", "Text.\n", Some(bib)), "");
    }
}
