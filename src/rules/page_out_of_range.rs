use super::citing::{at_entry, entry, note_name};
use super::{Context, Rule, declare_rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::resolve::{in_ranges, page_ranges};

declare_rule! {
    /// A note cites a page outside the pages of its source.
    ///
    /// The pages of an article, a chapter or a document are its `page` range in the
    /// bibliography; a book's last page is its `number-of-pages`. A page cited through "Ibid."
    /// is checked against the source "Ibid." refers to. Abbreviated ranges are read in full:
    /// "pp. 237–42" is pages 237 to 242.
    ///
    /// ## Why this matters
    /// A page outside the source is a typo in the note or in the bibliography, or a note that
    /// cites the wrong source. Either way the reader who checks it finds nothing.
    ///
    /// ## Example
    /// Fires (the article fills pages 94–119):
    /// ```markdown
    /// [^5]: Mansourov, “Stalin, Mao, Kim, and China’s Decision,” p. 194.
    /// ```
    /// Does not fire:
    /// ```markdown
    /// [^5]: Mansourov, “Stalin, Mao, Kim, and China’s Decision,” p. 104.
    /// ```
    pub struct PageOutOfRange {
        name: "page-out-of-range",
        category: Citations,
        severity: Error,
    }
}

impl Rule for PageOutOfRange {
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ws = cx.ws;
        for (d, doc) in ws.documents.iter().enumerate() {
            for (c, r) in doc.note_citations.iter().zip(cx.resolved.of(d)) {
                // Only a page the note gives can be out of range: the entries' pages are read
                // for the citations that give one.
                if !r.resolved()
                    || r.targets.is_empty()
                    || !c.pages().any(|l| l.start.is_some() && l.end.is_some())
                {
                    continue;
                }
                // The page ranges of all the entries cited, with the field that gives them.
                let mut ranges = Vec::new();
                let mut fields = Vec::new();
                let mut last_page: Option<(u32, _, _)> = None;
                for &t in &r.targets {
                    let e = entry(ws, t);
                    if let Some(page) = &e.page {
                        let found = page_ranges(&page.value);
                        if !found.is_empty() {
                            ranges.extend(found);
                            fields.push((t, page));
                        }
                    } else if let Some(n) = &e.number_of_pages
                        && let Ok(total) = n.value.trim().parse::<u32>()
                    {
                        last_page = Some((total, t, n));
                    }
                }
                for loc in c.pages() {
                    let (Some(start), Some(end)) = (loc.start, loc.end) else {
                        continue;
                    };
                    let written = loc.span.slice(&ws.source(doc.source).text);
                    if !fields.is_empty() && !in_ranges((start, end), &ranges) {
                        let given: Vec<&str> =
                            fields.iter().map(|(_, p)| p.value.as_str()).collect();
                        let mut diagnostic = Diagnostic::new(
                            Self::META.name,
                            format!(
                                "{} cites {} {written}, outside the pages of its source ({})",
                                note_name(doc, c),
                                if start == end { "page" } else { "pages" },
                                given.join(", ")
                            ),
                            Label::new(doc.source, loc.span, "cited page"),
                        )
                        .with_help("correct the page in the note, or the `page` range in the bibliography if it is the one that is wrong");
                        for (t, p) in &fields {
                            diagnostic = diagnostic.with_label(at_entry(
                                ws,
                                *t,
                                p.span,
                                "the source's pages",
                            ));
                        }
                        out.push(diagnostic);
                    } else if fields.is_empty()
                        && let Some((total, t, n)) = &last_page
                        && end > *total
                    {
                        out.push(
                            Diagnostic::new(
                                Self::META.name,
                                format!(
                                    "{} cites {} {written}, but the book has {total} pages",
                                    note_name(doc, c),
                                    if start == end { "page" } else { "pages" },
                                ),
                                Label::new(doc.source, loc.span, "cited page"),
                            )
                            .with_label(at_entry(ws, *t, n.span, "the book's length"))
                            .with_help("correct the page in the note, or `number-of-pages` in the bibliography"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::run;

    const BIB: &str = "references:\n  - id: mansourov1995\n    type: article-journal\n    author: [{family: Mansourov}]\n    title: \"Stalin, Mao, Kim, and China's Decision\"\n    container-title: CWIHP Bulletin\n    page: 94-119\n  - id: foot1990\n    type: book\n    author: [{family: Foot, given: Rosemary}]\n    title: A Substitute for Victory\n    number-of-pages: 273\n";

    #[test]
    fn fires_on_pages_past_the_range_or_the_book() {
        let out = run(
            "page-out-of-range",
            "Text.[^1] More.[^2]\n\n[^1]: Mansourov, “Stalin, Mao, Kim, and China’s Decision,” pp. 118–21.\n\n[^2]: Foot, *A Substitute for Victory*, p. 30; ibid., p. 730.\n",
            Some(BIB),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn quiet_inside_the_range_with_abbreviated_ends() {
        let out = run(
            "page-out-of-range",
            "Text.[^1] More.[^2]\n\n[^1]: Mansourov, “Stalin, Mao, Kim, and China’s Decision,” pp. 104–19.\n\n[^2]: Foot, *A Substitute for Victory*, pp. 30, 272–73.\n",
            Some(BIB),
        );
        assert_eq!(out, "");
    }
}
