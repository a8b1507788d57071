use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;
use similar::{Algorithm, DiffTag, capture_diff_slices};

declare_rule! {
    /// A quotation differs from the source's text recorded in the bibliography.
    ///
    /// An entry may record verified excerpts of its source under `quotes:`. Each quotation in the
    /// manuscript is compared with the excerpts that share most of its words; when one of them
    /// is clearly the quoted passage but the words differ, the differences are shown. Typographic
    /// quotes, dashes, spaces and capitals do not count. Editorial brackets (`[Y]ou`, or an
    /// insertion such as `[from Korea]`) and ellipses (`…`, `...`) mark changes and cuts the
    /// author made on purpose, and are not errors; a cut without an ellipsis is.
    ///
    /// ## Why this matters
    /// A misquotation put in a source's mouth is the error reviewers remember. Quotations are
    /// copied by hand from archives and translations, and a single changed word ("always" for
    /// "already") can change what a telegram says. A paraphrase in quotation marks presents the
    /// author's words as the source's.
    ///
    /// ## Example
    /// Fires (the entry's excerpt reads "You must already know from [Soviet ambassador to the
    /// UN Jacob] Malik's speech"):
    /// ```markdown
    /// Stalin wrote: “[Y]ou must always know from Malik's speech.”
    /// ```
    /// Does not fire:
    /// ```markdown
    /// Stalin wrote: “[Y]ou must already know from … Malik's speech.”
    /// ```
    pub struct QuotationMismatch {
        name: "quotation-mismatch",
        category: Quotations,
        severity: Error,
    }
}

/// Quotations shorter than this are not compared: too little to tell a source apart.
const MIN_WORDS: usize = 4;
/// Share of a quotation's words that must appear, in order, in an excerpt for it to be taken
/// as a quotation of that excerpt.
const MIN_SHARE: f64 = 0.5;

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Word(String, Span),
    /// An ellipsis or an editorial bracket: words may be missing here.
    Gap,
}

/// Words of a quotation or excerpt, lower-cased with typographic apostrophes made plain, each
/// with its span (relative to `text`, plus `base`).
fn tokenize(text: &str, base: usize) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut pieces = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let mut end = 0;
    let flush = |pieces: &mut Vec<Piece>, word: &mut String, start: usize, end: usize| {
        if !word.is_empty() {
            pieces.push(Piece::Word(
                std::mem::take(word),
                Span::new(base + start, base + end),
            ));
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let dots = chars[i..].iter().take_while(|(_, c)| *c == '.').count();
        if c == '…' || dots >= 3 {
            flush(&mut pieces, &mut word, start, end);
            pieces.push(Piece::Gap);
            i += if c == '…' { 1 } else { dots };
            continue;
        }
        if c == '['
            && let Some(close) = chars[i + 1..]
                .iter()
                .position(|(_, c)| *c == ']')
                .map(|p| i + 1 + p)
        {
            let before = i > 0 && chars[i - 1].1.is_alphanumeric();
            let after = chars
                .get(close + 1)
                .is_some_and(|(_, c)| c.is_alphanumeric());
            if before || after {
                // `[Y]ou`: the bracketed letters are part of the word.
                for &(k_at, k) in &chars[i + 1..close] {
                    if k.is_alphanumeric() {
                        if word.is_empty() {
                            start = k_at;
                        }
                        word.extend(k.to_lowercase());
                        end = k_at + k.len_utf8();
                    }
                }
            } else {
                flush(&mut pieces, &mut word, start, end);
                pieces.push(Piece::Gap);
            }
            i = close + 1;
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '-')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
            if word.is_empty() {
                start = at;
            }
            match c {
                '’' => word.push('\''),
                c => word.extend(c.to_lowercase()),
            }
            end = at + c.len_utf8();
        } else {
            flush(&mut pieces, &mut word, start, end);
        }
        i += 1;
    }
    flush(&mut pieces, &mut word, start, end);
    pieces
}

/// One way a quotation departs from its source.
#[derive(Debug)]
struct Difference {
    /// Quotation words (indices) that are not the source's; empty when words were left out.
    quoted: std::ops::Range<usize>,
    /// Source words (indices) in their place.
    source: std::ops::Range<usize>,
}

struct Comparison {
    share: f64,
    differences: Vec<Difference>,
}

fn compare(quoted: &[Piece], source: &[String]) -> Option<Comparison> {
    let mut words = Vec::new();
    let mut gaps = Vec::new(); // word indices before which the quotation marks a gap
    for p in quoted {
        match p {
            Piece::Word(w, _) => words.push(w.clone()),
            Piece::Gap => gaps.push(words.len()),
        }
    }
    if words.len() < MIN_WORDS {
        return None;
    }
    let ops = capture_diff_slices(Algorithm::Patience, source, &words);
    let tags: Vec<_> = ops.iter().map(|o| o.as_tag_tuple()).collect();
    let first = tags.iter().position(|(t, _, _)| *t == DiffTag::Equal)?;
    let last = tags.iter().rposition(|(t, _, _)| *t == DiffTag::Equal)?;
    let same: usize = tags
        .iter()
        .filter(|(t, _, _)| *t == DiffTag::Equal)
        .map(|(_, _, n)| n.len())
        .sum();
    let mut differences = Vec::new();
    for (i, (tag, old, new)) in tags.into_iter().enumerate() {
        let outside = i < first || i > last;
        match tag {
            DiffTag::Equal => {}
            // The quotation is a part of the excerpt: what it leaves out before or after is fine.
            DiffTag::Delete if outside => {}
            DiffTag::Delete if gaps.contains(&new.start) => {}
            // Quoted words beyond the matched passage are not the source's.
            DiffTag::Replace if outside => differences.push(Difference {
                quoted: new,
                source: old.start..old.start,
            }),
            _ => differences.push(Difference {
                quoted: new,
                source: old,
            }),
        }
    }
    Some(Comparison {
        share: same as f64 / words.len() as f64,
        differences,
    })
}

fn phrase(words: &[String]) -> String {
    format!("“{}”", words.join(" "))
}

/// A recorded excerpt of a source, tokenized.
pub(crate) struct Excerpt<'a> {
    pub bibliography: usize,
    pub entry: usize,
    pub id: &'a str,
    pub quote: &'a crate::source::Spanned<String>,
    words: Vec<String>,
}

/// A quotation of the manuscript and the excerpt it quotes.
pub(crate) struct QuoteMatch {
    pub document: usize,
    pub quotation: usize,
    pub excerpt: usize,
    pieces: Vec<Piece>,
    comparison: Comparison,
}

/// Every quotation that quotes a recorded excerpt (shares at least half its words with it, in
/// order), with the best such excerpt.
pub(crate) fn quote_matches(ws: &crate::Workspace) -> (Vec<Excerpt<'_>>, Vec<QuoteMatch>) {
    // Every recorded excerpt, tokenized once, and an index from its longer words to it.
    let mut excerpts = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::default();
    for (b, bib) in ws.bibliographies.iter().enumerate() {
        for (e, entry) in bib.entries.iter().enumerate() {
            for quote in &entry.quotes {
                let words: Vec<String> = tokenize(&quote.value, 0)
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Word(w, _) => Some(w),
                        Piece::Gap => None,
                    })
                    .collect();
                let n = excerpts.len();
                for w in words.iter().filter(|w| w.chars().count() >= 4) {
                    let list = index.entry(w.clone()).or_default();
                    if list.last() != Some(&n) {
                        list.push(n);
                    }
                }
                let id = entry.id.as_ref().map_or("(no id)", |i| i.value.as_str());
                excerpts.push(Excerpt {
                    bibliography: b,
                    entry: e,
                    id,
                    quote,
                    words,
                });
            }
        }
    }
    let mut found = Vec::new();
    if excerpts.is_empty() {
        return (excerpts, found);
    }
    for (d, doc) in ws.documents.iter().enumerate() {
        let Some(linked) = &ws.links[d] else { continue };
        let text = &ws.source(doc.source).text;
        for (qi, q) in doc.quotations.iter().enumerate() {
            let pieces = tokenize(q.text.slice(text), q.text.start());
            let mut hits: HashMap<usize, usize> = HashMap::default();
            for p in &pieces {
                if let Piece::Word(w, _) = p {
                    for &e in index.get(w).into_iter().flatten() {
                        *hits.entry(e).or_default() += 1;
                    }
                }
            }
            let best = hits
                .into_iter()
                .filter(|(e, n)| *n >= 2 && linked.contains(&excerpts[*e].bibliography))
                .filter_map(|(e, _)| Some((e, compare(&pieces, &excerpts[e].words)?)))
                .filter(|(_, c)| c.share >= MIN_SHARE)
                .max_by(|a, b| {
                    a.1.share
                        .total_cmp(&b.1.share)
                        .then(b.1.differences.len().cmp(&a.1.differences.len()))
                        .then(b.0.cmp(&a.0))
                });
            if let Some((e, comparison)) = best {
                found.push(QuoteMatch {
                    document: d,
                    quotation: qi,
                    excerpt: e,
                    pieces,
                    comparison,
                });
            }
        }
    }
    (excerpts, found)
}

impl QuoteMatch {
    /// The bibliography and entry whose excerpt this quotation reproduces.
    /// The (bibliography, entry) whose excerpt is quoted.
    pub(crate) fn target(&self, excerpts: &[Excerpt]) -> (usize, usize) {
        let excerpt = &excerpts[self.excerpt];
        (excerpt.bibliography, excerpt.entry)
    }
}

impl Rule for QuotationMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let (excerpts, matches) = quote_matches(ws);
        for m in matches
            .iter()
            .filter(|m| !m.comparison.differences.is_empty())
        {
            let doc = &ws.documents[m.document];
            let q = &doc.quotations[m.quotation];
            out.push(report(
                ws,
                doc.source,
                q,
                &m.pieces,
                &excerpts[m.excerpt],
                &m.comparison,
            ));
        }
    }
}

fn report(
    ws: &crate::Workspace,
    source: crate::source::SourceId,
    q: &crate::model::Quotation,
    pieces: &[Piece],
    excerpt: &Excerpt,
    comparison: &Comparison,
) -> Diagnostic {
    let Excerpt {
        bibliography: b,
        id,
        quote,
        words,
        ..
    } = excerpt;
    let quoted: Vec<(String, Span)> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w, s) => Some((w.clone(), *s)),
            Piece::Gap => None,
        })
        .collect();
    let describe = |d: &Difference| {
        let ours: Vec<String> = quoted[d.quoted.clone()]
            .iter()
            .map(|(w, _)| w.clone())
            .collect();
        let theirs = &words[d.source.clone()];
        match (ours.is_empty(), theirs.is_empty()) {
            (false, false) => format!("{} where the source has {}", phrase(&ours), phrase(theirs)),
            (false, true) => format!("{} is not in the source", phrase(&ours)),
            _ => format!("{} is left out without an ellipsis", phrase(theirs)),
        }
    };
    let place = |d: &Difference| -> Span {
        match (quoted.get(d.quoted.start), d.quoted.is_empty()) {
            (Some(first), false) => Span::new(first.1.start(), quoted[d.quoted.end - 1].1.end()),
            (Some(next), true) => Span::new(next.1.start(), next.1.start()),
            (None, _) => Span::new(q.text.end(), q.text.end()),
        }
    };
    let paraphrase = comparison.differences.len() > 3 || comparison.share < 0.8;
    let first = &comparison.differences[0];
    let message = if paraphrase {
        format!(
            "this quotation does not follow the text recorded for `{id}` ({} differences): it reads as a paraphrase",
            comparison.differences.len()
        )
    } else {
        let all: Vec<String> = comparison.differences.iter().map(describe).collect();
        format!(
            "this quotation differs from the text recorded for `{id}`: {}",
            all.join("; ")
        )
    };
    let label_for = |d: &Difference| {
        let theirs = &words[d.source.clone()];
        if theirs.is_empty() {
            "not in the source".to_string()
        } else {
            format!("the source has {}", phrase(theirs))
        }
    };
    let mut diag = Diagnostic::new(
        QuotationMismatch::META.name,
        message,
        Label::new(source, place(first), label_for(first)),
    );
    for d in comparison.differences.iter().skip(1).take(4) {
        diag = diag.with_label(Label::new(source, place(d), label_for(d)));
    }
    let bib_source = ws.bibliographies[*b].source;
    diag = diag.with_label(Label::new(
        bib_source,
        quote.span,
        format!("the text recorded for `{id}`"),
    ));
    let help = if paraphrase {
        "quote the source word for word, or take away the quotation marks and paraphrase it"
    } else {
        "quote the source word for word; mark your changes with [brackets] and your cuts with an ellipsis (…)"
    };
    diag.with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: filippov1951-0624\n    type: personal_communication\n    quotes:\n      - \"You must already know from [Soviet ambassador to the UN Jacob] Malik's speech that our promise about raising the question of an armistice has already been fulfilled by us.\"\n  - id: frus1951-malik\n    type: document\n    quotes:\n      - \"The Soviet peoples believe that as a first step discussions should be started between the belligerents for a cease-fire and an armistice providing for the mutual withdrawal of forces from the thirty-eighth parallel.\"\n";

    #[test]
    fn fires_on_a_changed_word() {
        let out = run(
            "quotation-mismatch",
            "Stalin wrote to Mao: “[Y]ou must always know from Malik’s speech that our promise about raising the question of an armistice has already been fulfilled by us.”\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn fires_on_a_paraphrase_in_quotation_marks() {
        let out = run(
            "quotation-mismatch",
            "Malik said: “As a first step, discussions should begin among the parties to negotiate a ceasefire and an armistice that would provide for the mutual withdrawal of all forces from the 38th parallel.”\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_for_exact_quotations_with_brackets_and_ellipses() {
        let text = "“[Y]ou must already know from … Malik’s speech that our promise … has already been fulfilled by us.” He added “discussions should be started between the belligerents [of Korea]”. Unrelated: “we will try our best to provide air cover.”\n";
        assert_eq!(run("quotation-mismatch", text, Some(BIB)), "");
    }

    #[test]
    fn tokens_ignore_typography_and_keep_spans() {
        let text = "[Y]ou must… Malik’s “speech”";
        let pieces = tokenize(text, 0);
        let words: Vec<_> = pieces
            .iter()
            .map(|p| match p {
                Piece::Word(w, s) => format!("{w}@{}", s.slice(text)),
                Piece::Gap => "…".into(),
            })
            .collect();
        assert_eq!(
            words,
            [
                "you@Y]ou",
                "must@must",
                "…",
                "malik's@Malik’s",
                "speech@speech"
            ]
        );
    }
}
