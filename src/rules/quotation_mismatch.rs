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
pub(crate) struct Excerpt {
    pub bibliography: usize,
    pub entry: usize,
    /// Which of the entry's `quotes:` it is.
    quote: usize,
    words: Vec<String>,
    /// Its words as [`Vocabulary`] symbols, sorted: what a quotation can share with it.
    symbols: Vec<u32>,
}

impl Excerpt {
    fn id<'w>(&self, ws: &'w crate::Workspace) -> &'w str {
        let entry = &ws.bibliographies[self.bibliography].entries[self.entry];
        entry.id.as_ref().map_or("(no id)", |i| i.value.as_str())
    }

    fn quote<'w>(&self, ws: &'w crate::Workspace) -> &'w crate::source::Spanned<String> {
        &ws.bibliographies[self.bibliography].entries[self.entry].quotes[self.quote]
    }
}

/// The words of every excerpt, each given a number, with the excerpts that hold it.
#[derive(Default)]
struct Vocabulary {
    symbols: HashMap<String, u32>,
    /// For each symbol, the excerpts holding it, each once, in order.
    holders: Vec<Vec<u32>>,
    /// For each symbol, whether the word has four letters or more.
    long: Vec<bool>,
}

impl Vocabulary {
    fn add(&mut self, word: &str, excerpt: u32) -> u32 {
        let next = self.symbols.len() as u32;
        let symbol = *self.symbols.entry(word.to_owned()).or_insert(next);
        if symbol == next {
            self.holders.push(Vec::new());
            self.long.push(word.chars().nth(3).is_some());
        }
        let holders = &mut self.holders[symbol as usize];
        if holders.last() != Some(&excerpt) {
            holders.push(excerpt);
        }
        symbol
    }

    /// The excerpts holding `symbol`; none for a word no excerpt has.
    fn holders(&self, symbol: u32) -> &[u32] {
        self.holders.get(symbol as usize).map_or(&[], Vec::as_slice)
    }
}

/// A quotation of the manuscript and the excerpt it quotes.
pub(crate) struct QuoteMatch {
    pub document: usize,
    pub quotation: usize,
    pub excerpt: usize,
    pieces: Vec<Piece>,
    comparison: Comparison,
}

/// Every recorded excerpt, and every quotation that quotes one (shares at least half its
/// words with it, in order) with the best such excerpt. Built once per run and shared by the
/// quotation rules.
pub(crate) struct QuoteMatches {
    pub excerpts: Vec<Excerpt>,
    pub matches: Vec<QuoteMatch>,
}

impl QuoteMatch {
    /// The (bibliography, entry) whose excerpt is quoted.
    pub(crate) fn target(&self, excerpts: &[Excerpt]) -> (usize, usize) {
        let excerpt = &excerpts[self.excerpt];
        (excerpt.bibliography, excerpt.entry)
    }
}

/// Finds what each quotation quotes; the documents in parallel when `parallel` is set (not
/// from inside a rule: see [`super::attribution::Attributions::new`]).
pub(crate) fn quote_matches(ws: &crate::Workspace, parallel: bool) -> QuoteMatches {
    use rayon::prelude::*;
    let quotes = ws.bibliographies.iter().enumerate().flat_map(|(b, bib)| {
        bib.entries.iter().enumerate().flat_map(move |(e, entry)| {
            (entry.quotes.iter().enumerate()).map(move |(q, quote)| (b, e, q, quote.value.as_str()))
        })
    });
    let (excerpts, vocabulary) = index_excerpts(quotes);
    if excerpts.is_empty() {
        return QuoteMatches {
            excerpts,
            matches: Vec::new(),
        };
    }
    // Which excerpts a quotation has looked at already, and how often it has each word: kept
    // clear between quotations, one pair for each thread.
    let scratch = || Scratch {
        seen: vec![false; excerpts.len()],
        counts: vec![0; vocabulary.holders.len()],
    };
    let read = |scratch: &mut Scratch, (d, doc): (usize, &crate::model::Document)| {
        let Some(linked) = &ws.links[d] else {
            return Vec::new();
        };
        let text = &ws.source(doc.source).text;
        let mut found = Vec::new();
        for (qi, q) in doc.quotations.iter().enumerate() {
            let pieces = tokenize(q.text.slice(text), q.text.start());
            let best = best_excerpt(&pieces, &excerpts, &vocabulary, linked, scratch);
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
        found
    };
    let matches: Vec<Vec<QuoteMatch>> = if parallel {
        let documents = ws.documents.par_iter().enumerate();
        documents.map_init(scratch, read).collect()
    } else {
        let mut one = scratch();
        let documents = ws.documents.iter().enumerate();
        documents.map(|d| read(&mut one, d)).collect()
    };
    QuoteMatches {
        excerpts,
        matches: matches.into_iter().flatten().collect(),
    }
}

/// Every recorded excerpt (bibliography, entry, which quote, text), tokenized once, and its
/// words numbered.
fn index_excerpts<'q>(
    quotes: impl Iterator<Item = (usize, usize, usize, &'q str)>,
) -> (Vec<Excerpt>, Vocabulary) {
    let mut excerpts = Vec::new();
    let mut vocabulary = Vocabulary::default();
    for (bibliography, entry, quote, text) in quotes {
        let words: Vec<String> = tokenize(text, 0)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Word(w, _) => Some(w),
                Piece::Gap => None,
            })
            .collect();
        let n = excerpts.len() as u32;
        let mut symbols: Vec<u32> = words.iter().map(|w| vocabulary.add(w, n)).collect();
        symbols.sort_unstable();
        excerpts.push(Excerpt {
            bibliography,
            entry,
            quote,
            words,
            symbols,
        });
    }
    (excerpts, vocabulary)
}

/// The excerpt a quotation quotes: of those in a bibliography of its document that hold two of
/// its words of four letters or more, the one that shares the largest part of its words in
/// order (at least [`MIN_SHARE`]), then the one with fewer differences, then the first.
///
/// Sharing words in order needs holding them, and only excerpts that hold at least `need` of
/// the quotation's `n` words can share enough. Such an excerpt misses at most `n - need` of
/// them, so it holds one of any `n - need + 1`: only the excerpts holding one of the
/// quotation's `n - need + 1` rarest words are looked at (prefix filtering, as in similarity
/// joins). Those that hold enough are compared word by word (a diff) from the most words held
/// down, and only while they could still beat the best share found. A quotation is not diffed
/// against every excerpt that holds two common words, and the answer is the same.
fn best_excerpt(
    pieces: &[Piece],
    excerpts: &[Excerpt],
    vocabulary: &Vocabulary,
    linked: &[usize],
    scratch: &mut Scratch,
) -> Option<(usize, Comparison)> {
    let Scratch { seen, counts } = scratch;
    let words: Vec<u32> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Word(w, _) => Some(vocabulary.symbols.get(w).copied().unwrap_or(u32::MAX)),
            Piece::Gap => None,
        })
        .collect();
    let n = words.len();
    if n < MIN_WORDS {
        return None;
    }
    let need = (1..=n).find(|&k| k as f64 / n as f64 >= MIN_SHARE)?;
    let mut rarest = words.clone();
    rarest.sort_unstable_by_key(|&w| (vocabulary.holders(w).len(), w));
    let mut looked: Vec<u32> = Vec::new();
    for &w in &rarest[..n - need + 1] {
        for &e in vocabulary.holders(w) {
            if !std::mem::replace(&mut seen[e as usize], true) {
                looked.push(e);
            }
        }
    }
    // How often the quotation has each word, by symbol.
    for &w in &words {
        if let Some(c) = counts.get_mut(w as usize) {
            *c = c.saturating_add(1);
        }
    }
    let long: Vec<u32> = words
        .iter()
        .copied()
        .filter(|&w| vocabulary.long.get(w as usize) == Some(&true))
        .collect();
    let mut candidates: Vec<(usize, usize)> = Vec::new(); // (words held, excerpt)
    for &e in &looked {
        seen[e as usize] = false;
        let excerpt = &excerpts[e as usize];
        if !linked.contains(&excerpt.bibliography) {
            continue;
        }
        let held = held(counts, &excerpt.symbols);
        if held < need {
            continue;
        }
        let hits = long
            .iter()
            .filter(|w| excerpt.symbols.binary_search(w).is_ok())
            .count();
        if hits >= 2 {
            candidates.push((held, e as usize));
        }
    }
    for &w in &words {
        if let Some(c) = counts.get_mut(w as usize) {
            *c = 0;
        }
    }
    candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut best: Option<(usize, Comparison)> = None;
    for (held, e) in candidates {
        let bound = held as f64 / n as f64;
        if best.as_ref().is_some_and(|(_, b)| bound < b.share) {
            break;
        }
        let Some(c) = compare(pieces, &excerpts[e].words).filter(|c| c.share >= MIN_SHARE) else {
            continue;
        };
        let better = best.as_ref().is_none_or(|(b_e, b)| {
            c.share
                .total_cmp(&b.share)
                .then(b.differences.len().cmp(&c.differences.len()))
                .then(b_e.cmp(&e))
                .is_gt()
        });
        if better {
            best = Some((e, c));
        }
    }
    best
}

/// How many of the quotation's words (`counts`: how often it has each symbol) the sorted
/// symbols of an excerpt hold, each as often as both have it.
fn held(counts: &[u32], source: &[u32]) -> usize {
    source
        .chunk_by(|a, b| a == b)
        .map(|run| (counts[run[0] as usize] as usize).min(run.len()))
        .sum()
}

/// What [`best_excerpt`] marks and counts for a quotation, and clears before it returns.
struct Scratch {
    /// By excerpt: looked at for this quotation.
    seen: Vec<bool>,
    /// By symbol: how often the quotation has the word.
    counts: Vec<u32>,
}

impl Rule for QuotationMismatch {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        let QuoteMatches { excerpts, matches } = cx.quote_matches();
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
    let (b, words) = (&excerpt.bibliography, &excerpt.words);
    let (id, quote) = (excerpt.id(ws), excerpt.quote(ws));
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

    /// Every excerpt that holds two of the quotation's words of four letters or more compared
    /// word by word: what [`best_excerpt`] must choose without comparing them all.
    fn best_by_comparing_all(
        pieces: &[Piece],
        excerpts: &[Excerpt],
        linked: &[usize],
    ) -> Option<(usize, f64, usize)> {
        let long: Vec<&String> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Word(w, _) if w.chars().count() >= 4 => Some(w),
                _ => None,
            })
            .collect();
        excerpts
            .iter()
            .enumerate()
            .filter(|(_, x)| linked.contains(&x.bibliography))
            .filter(|(_, x)| long.iter().filter(|w| x.words.contains(w)).count() >= 2)
            .filter_map(|(e, x)| Some((e, compare(pieces, &x.words)?)))
            .filter(|(_, c)| c.share >= MIN_SHARE)
            .max_by(|a, b| {
                a.1.share
                    .total_cmp(&b.1.share)
                    .then(b.1.differences.len().cmp(&a.1.differences.len()))
                    .then(b.0.cmp(&a.0))
            })
            .map(|(e, c)| (e, c.share, c.differences.len()))
    }

    #[test]
    fn an_excerpt_holding_half_the_words_is_found_through_the_rarest_of_them() {
        // Two words no excerpt has are the rarest; of four words, three are looked up, so
        // the excerpt holding the other two (half, enough) is still found.
        let texts = ["alpha beta gamma delta", "beta alpha", "alpha beta epsilon"];
        let (excerpts, vocab) = index_excerpts(texts.iter().map(|t| (0, 0, 0, *t)));
        let mut scratch = Scratch {
            seen: vec![false; excerpts.len()],
            counts: vec![0; vocab.holders.len()],
        };
        let pieces = tokenize("alpha beta zzzz yyyy", 0);
        let found = best_excerpt(&pieces, &excerpts, &vocab, &[0], &mut scratch);
        assert_eq!(found.map(|(e, c)| (e, c.share)), Some((0, 0.5)));
    }

    #[test]
    fn the_excerpts_passed_over_could_not_have_been_chosen() {
        // Sentences of a few words from a small vocabulary, so that most of them share many
        // words: the case where looking only at the rarest words must still find the best.
        let vocabulary = [
            "the", "army", "must", "not", "discuss", "border", "defences", "we", "our", "friends",
            "at", "any", "price", "signal", "corps", "will", "keep", "front", "holds", "…",
            "[the]",
        ];
        let mut seed = 0x9e37_79b9_u32;
        let mut next = |n: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % n
        };
        let mut sentence = |len: u32| -> String {
            (0..len)
                .map(|_| vocabulary[next(vocabulary.len() as u32) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let texts: Vec<String> = (0..300).map(|i| sentence(3 + i % 14)).collect();
        let quotes = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i % 3, i, 0, t.as_str()));
        let (excerpts, vocab) = index_excerpts(quotes);
        let mut scratch = Scratch {
            seen: vec![false; excerpts.len()],
            counts: vec![0; vocab.holders.len()],
        };
        let mut chosen = 0;
        for i in 0..600 {
            let quotation = sentence(2 + i % 16);
            let pieces = tokenize(&quotation, 0);
            let linked: &[usize] = if i % 5 == 0 { &[0, 2] } else { &[0, 1, 2] };
            let fast = best_excerpt(&pieces, &excerpts, &vocab, linked, &mut scratch)
                .map(|(e, c)| (e, c.share, c.differences.len()));
            assert_eq!(
                fast,
                best_by_comparing_all(&pieces, &excerpts, linked),
                "{quotation}"
            );
            chosen += usize::from(fast.is_some());
            assert!(scratch.seen.iter().all(|s| !s) && scratch.counts.iter().all(|&c| c == 0));
        }
        // Most quotations quote something here: the comparison above is not between two Nones.
        assert!(chosen > 300, "{chosen}");
    }

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
