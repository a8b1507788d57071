use super::citing::note_name;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::model::NoteCitation;
use crate::resolve::{each_word, norm};
use crate::source::Spanned;
use rayon::prelude::*;
use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

declare_rule! {
    /// The same name, title, journal or issue is written in different forms across the notes.
    ///
    /// Parts of citations that say the same thing are compared across every note of every file
    /// checked together: the names of authors, senders and recipients; titles; journals; issue
    /// numbers and the season and year of an issue. Forms that differ only in punctuation,
    /// brackets, capitals or abbreviated years (`Winter 1995/1996` and `Winter 1995/96`;
    /// `Filippov [Stalin]` and `Filippov (Stalin)`) are reported where they depart from the
    /// form most notes use.
    ///
    /// ## Why this matters
    /// House style and Chicago both ask that a source be cited the same way each time. Variant
    /// forms are what a copyeditor marks by hand, one by one, and they make a reader wonder
    /// whether two notes cite two different things.
    ///
    /// ## Example
    /// Fires on the second note:
    /// ```markdown
    /// [^10]: Ciphered Telegram, Roshchin to USSR Foreign Ministry, 13 January 1951,
    ///     in *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 54.
    /// [^11]: Ciphered Telegram, Filippov (Stalin) to Mao Zedong, 30 June 1951,
    ///     in *CWIHP Bulletin*, Issues 6–7 (Winter 1995/1996), p. 64.
    /// ```
    /// Does not fire when both write "Winter 1995/96".
    pub struct InconsistentCitationForm {
        name: "inconsistent-citation-form",
        category: Citations,
        severity: Warning,
    }
}

/// "1995/96" as "1995/1996", so that the two forms of a year compare equal.
static SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<c>[0-9]{2})(?P<y>[0-9]{2})\s*/\s*(?P<z>[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});

/// A part of a citation: the hash of its kind and normalised form, the hash of its words as
/// written (in two halves, so that the tuple packs into 20 bytes), the citation's number across
/// the documents, and the part's number in it.
type Hashed = (u32, u32, u32, u32, u32);

/// Where one part of a citation is written: the document, the citation, and the part.
struct Occurrence<'w> {
    doc: usize,
    citation: usize,
    part: Spanned<&'w str>,
}

/// The parts of a citation that should be written the same way everywhere, with their kind.
fn parts(c: &NoteCitation) -> impl Iterator<Item = (&'static str, Spanned<&str>)> {
    c.authors()
        .chain(c.sender())
        .chain(c.recipient())
        .map(|p| ("name", p))
        .chain(c.title().map(|p| ("title", p)))
        .chain(c.container().map(|p| ("journal", p)))
        .chain(c.issue().map(|p| ("issue", p)))
        .chain(c.issue_date().map(|p| ("issue date", p)))
        .chain(c.genre().map(|p| ("genre", p)))
}

/// A part's written form, normalised: "1995/96" and "1995/1996" are one form.
fn key(part: Spanned<&str>) -> String {
    if part.value.contains('/') {
        norm(&SHORT_YEAR.replace_all(part.value, "$c$y/$c$z"))
    } else {
        norm(part.value)
    }
}

/// A hash of a part's kind and normalised form ([`key`]), from its words as they are read:
/// equal forms have equal words, so equal hashes.
fn hash(kind: &str, part: Spanned<&str>) -> u64 {
    let mut h = FxHasher::default();
    kind.hash(&mut h);
    let mut feed = |word: &str| {
        h.write(word.as_bytes());
        h.write_u8(0xff);
    };
    if part.value.contains('/') {
        each_word(&SHORT_YEAR.replace_all(part.value, "$c$y/$c$z"), &mut feed);
    } else {
        each_word(part.value, &mut feed);
    }
    h.finish()
}

impl Rule for InconsistentCitationForm {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        // Citations are numbered across the documents: document d's come from first[d] on.
        let first: Vec<u32> = ws
            .documents
            .iter()
            .scan(0u32, |n, doc| {
                let at = *n;
                *n += doc.note_citations.len() as u32;
                Some(at)
            })
            .collect();
        // For each part: a 32-bit hash of its kind and normalised form, a hash of the words as
        // written, the citation's number and the part's, computed for the documents in
        // parallel. Sorted, the parts with one form are together, and a group whose first and
        // last parts are written alike has only one way of writing. Parts whose form hashes
        // collide are told apart by their forms below.
        // One slot per part, each document filling its own run of them: no list is grown or
        // joined, so the largest buffer of the rule is allocated once at its final size.
        let counts: Vec<usize> = ws
            .documents
            .par_iter()
            .map(|doc| doc.note_citations.iter().map(|c| parts(c).count()).sum())
            .collect();
        let mut hashed: Vec<Hashed> = vec![(0, 0, 0, 0, 0); counts.iter().sum()];
        let mut runs = Vec::with_capacity(counts.len());
        let mut rest = hashed.as_mut_slice();
        for &n in &counts {
            let (run, tail) = rest.split_at_mut(n);
            runs.push(run);
            rest = tail;
        }
        // Most parts repeat (the same names, titles and journals in note after note): each
        // task hashes a written form once.
        type Seen<'w> = HashMap<(&'static str, &'w str), (u64, u64)>;
        runs.into_par_iter()
            .zip(&ws.documents)
            .zip(&first)
            .for_each_init(Seen::default, |seen, ((run, doc), &first)| {
                let mut slots = run.iter_mut();
                for (i, c) in doc.note_citations.iter().enumerate() {
                    for (n, (kind, part)) in parts(c).enumerate() {
                        let (h, w) = *seen.entry((kind, part.value)).or_insert_with(|| {
                            // SipHash here: two writings whose hashes collide would hide a
                            // finding.
                            let mut written = DefaultHasher::new();
                            part.value.hash(&mut written);
                            (hash(kind, part), written.finish())
                        });
                        if let Some(slot) = slots.next() {
                            *slot = (
                                (h ^ (h >> 32)) as u32,
                                (w >> 32) as u32,
                                w as u32,
                                first + i as u32,
                                n as u32,
                            );
                        }
                    }
                }
            });
        // Only a form written two ways can be reported: keep the parts whose hash of the
        // normalised form goes with more than one hash of the written form, and sort those
        // alone (on a backlist there are few or none).
        let mut written: HashMap<u32, (u32, u32, bool)> =
            HashMap::with_capacity_and_hasher(hashed.len() / 4, Default::default());
        for &(h, w1, w2, _, _) in &hashed {
            let seen = written.entry(h).or_insert((w1, w2, false));
            seen.2 |= (seen.0, seen.1) != (w1, w2);
        }
        hashed.retain(|(h, ..)| written.get(h).is_some_and(|w| w.2));
        drop(written);
        hashed.par_sort_unstable();
        let occurrence = |&(_, _, _, number, n): &Hashed| {
            let d = first.partition_point(|&f| f <= number) - 1;
            let i = (number - first[d]) as usize;
            let c = &ws.documents[d].note_citations[i];
            let (kind, part) = parts(c).nth(n as usize).expect("counted");
            let o = Occurrence {
                doc: d,
                citation: i,
                part,
            };
            (kind, o)
        };
        let mut groups: Vec<((&str, String), Vec<Occurrence>)> = Vec::new();
        for same_hash in hashed.chunk_by(|a, b| a.0 == b.0) {
            let mut in_order = same_hash.to_vec();
            in_order.sort_unstable_by_key(|&(_, _, _, number, n)| (number, n));
            let mut all: Vec<(&str, Occurrence)> = in_order.iter().map(occurrence).collect();
            // Different forms with one hash: group them by the forms themselves.
            while !all.is_empty() {
                let first = (all[0].0, key(all[0].1.part));
                let (same, others): (Vec<_>, Vec<_>) = all
                    .into_iter()
                    .partition(|(kind, o)| *kind == first.0 && key(o.part) == first.1);
                all = others;
                let mut list: Vec<Occurrence> = Vec::new();
                for (_, o) in same {
                    // Documents listed together share one written date and source: the same
                    // words, met twice in a row.
                    if list
                        .last()
                        .is_some_and(|p| p.doc == o.doc && p.part.span == o.part.span)
                    {
                        continue;
                    }
                    list.push(o);
                }
                if list.len() > 1 {
                    groups.push((first, list));
                }
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let name = |o: &Occurrence| {
            let doc = &ws.documents[o.doc];
            note_name(doc, &doc.note_citations[o.citation])
        };
        let label = |o: &Occurrence, message: String| {
            Label::new(ws.documents[o.doc].source, o.part.span, message)
        };
        for ((kind, _), list) in &groups {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for o in list {
                match counts.iter_mut().find(|(w, _)| *w == o.part.value) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((o.part.value, 1)),
                }
            }
            if counts.len() < 2 {
                continue;
            }
            // The most common form; the first written wins a tie.
            let (preferred, n) = counts
                .iter()
                .copied()
                .fold(counts[0], |best, c| if c.1 > best.1 { c } else { best });
            let example = list
                .iter()
                .find(|o| o.part.value == preferred)
                .expect("counted");
            for o in list.iter().filter(|o| o.part.value != preferred) {
                let places = if n == 1 {
                    "one other place".to_owned()
                } else {
                    format!("{n} other places")
                };
                out.push(
                    Diagnostic::new(
                        InconsistentCitationForm::META.name,
                        format!(
                            "{} writes the {kind} “{}”; {places} write it “{preferred}”",
                            name(o),
                            o.part.value
                        ),
                        label(o, "this form".to_owned()),
                    )
                    .with_label(label(
                        example,
                        format!("the common form, in {}", name(example)),
                    ))
                    .with_help(format!("write “{preferred}” here, as the other notes do")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    #[test]
    fn fires_on_bracket_and_year_variants() {
        let out = run(
            "inconsistent-citation-form",
            "A.[^1] B.[^2] C.[^3]\n\n[^1]: Ciphered Telegram, Filippov [Stalin] to Mao Zedong, 24 June 1951, *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 62.\n\n[^2]: Ciphered Telegram, Filippov (Stalin) to Mao Zedong, 30 June 1951, *CWIHP Bulletin*, Issues 6–7 (Winter 1995/96), p. 64.\n\n[^3]: Ciphered Telegram, Filippov (Stalin) to Razuvaev, 1 July 1951, *CWIHP Bulletin*, Issues 6–7 (Winter 1995/1996), p. 65.\n",
            None,
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_short_and_full_forms() {
        let out = run(
            "inconsistent-citation-form",
            "A.[^1] B.[^2]\n\n[^1]: William Stueck, *The Korean War: An International History* (Princeton, N.J.: Princeton University Press, 1995), p. 3.\n\n[^2]: Stueck, *The Korean War*, p. 208.\n",
            None,
        );
        assert_eq!(out, "");
    }
}
