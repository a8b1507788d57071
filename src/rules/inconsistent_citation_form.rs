use super::citing::note_name;
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::resolve::norm;
use crate::source::{SourceId, Span, Spanned};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

declare_rule! {
    /// The same name, title, journal or issue is written in different forms across the notes.
    ///
    /// Parts of citations that say the same thing are compared across every note of every file
    /// checked together: the names of authors, senders and recipients; titles; journals; issue
    /// numbers and the season and year of an issue. Forms that differ only in punctuation,
    /// brackets, capitals or abbreviated years ("Winter 1995/1996" and "Winter 1995/96";
    /// "Filippov [Stalin]" and "Filippov (Stalin)") are reported where they depart from the
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
    Regex::new(r"\b(?P<c>[0-9]{2})(?P<y>[0-9]{2})\s*/\s*(?P<z>[0-9]{2})\b").expect("valid regex")
});

struct Occurrence {
    source: SourceId,
    span: Span,
    written: String,
    note: String,
}

impl Rule for InconsistentCitationForm {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        // (kind, normalised form) -> where it is written, in file order.
        let mut groups: BTreeMap<(&str, String), Vec<Occurrence>> = BTreeMap::new();
        for doc in &ws.documents {
            for c in &doc.note_citations {
                let mut parts: Vec<(&str, &Spanned<String>)> = Vec::new();
                parts.extend(c.authors.iter().map(|a| ("name", a)));
                parts.extend(c.sender.iter().map(|a| ("name", a)));
                parts.extend(c.recipient.iter().map(|a| ("name", a)));
                parts.extend(c.title.iter().map(|a| ("title", a)));
                parts.extend(c.container.iter().map(|a| ("journal", a)));
                parts.extend(c.issue.iter().map(|a| ("issue", a)));
                parts.extend(c.issue_date.iter().map(|a| ("issue date", a)));
                parts.extend(c.genre.iter().map(|a| ("genre", a)));
                for (kind, part) in parts {
                    let key = norm(&SHORT_YEAR.replace_all(&part.value, "$c$y/$c$z"));
                    let list = groups.entry((kind, key)).or_default();
                    // Documents listed together share one written date and source.
                    if list
                        .iter()
                        .any(|o| o.source == doc.source && o.span == part.span)
                    {
                        continue;
                    }
                    list.push(Occurrence {
                        source: doc.source,
                        span: part.span,
                        written: part.value.clone(),
                        note: note_name(doc, c),
                    });
                }
            }
        }
        for ((kind, _), list) in &groups {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for o in list {
                match counts.iter_mut().find(|(w, _)| *w == o.written) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((&o.written, 1)),
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
                .find(|o| o.written == preferred)
                .expect("counted");
            for o in list.iter().filter(|o| o.written != preferred) {
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
                            o.note, o.written
                        ),
                        Label::new(o.source, o.span, "this form"),
                    )
                    .with_label(Label::new(
                        example.source,
                        example.span,
                        format!("the common form, in {}", example.note),
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
