//! miette rendering. A diagnostic's labels in its primary file are drawn together; labels in
//! another file (a bibliography) are drawn beneath, as related reports on that file.

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{SourceFile, SourceId};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// How human-readable output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HumanStyle {
    /// Boxes and arrows pointing at the words, optionally coloured, wrapped at `width`.
    Graphical { color: bool, width: usize },
    /// Plain sentences, for screen readers, logs and pipes.
    Narrated,
}

/// Graphical, without colour, 100 columns: what tests snapshot.
pub fn render_plain(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    render_human(
        ws,
        diagnostics,
        HumanStyle::Graphical {
            color: false,
            width: 100,
        },
    )
}

pub fn render_human(ws: &Workspace, diagnostics: &[Diagnostic], style: HumanStyle) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let view = View::new(ws, d);
        let result = match style {
            HumanStyle::Graphical { color, width } => {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                GraphicalReportHandler::new_themed(theme)
                    .with_width(width)
                    .with_links(false)
                    .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .render_report(&mut out, &view)
            }
            HumanStyle::Narrated => NarratableReportHandler::new().render_report(&mut out, &view),
        };
        if result.is_err() {
            out.push_str(&format!("{}: {}\n", d.rule, d.message));
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    out
}

/// A file as miette reads it, named by its path.
struct File<'a>(&'a SourceFile);

impl SourceCode for File<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // miette counts the lines from the start of the text for every label, a pass over the
        // whole file each time. Give it the text from a line start just above the context
        // instead, and add back the lines and bytes left out.
        let (skip, lines) = self.0.context_start(span.offset(), before + 1);
        let rest = &self.0.text.as_bytes()[skip..];
        let inner = rest.read_span(
            &SourceSpan::new((span.offset() - skip).into(), span.len()),
            before,
            after,
        )?;
        let read = inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.path.clone(),
            inner.data(),
            SourceSpan::new((read.offset() + skip).into(), read.len()),
            inner.line() + lines,
            inner.column(),
            inner.line_count() + lines,
        )))
    }
}

/// One diagnostic (or the part of it in one file) as a miette diagnostic.
struct View<'a> {
    message: String,
    rule: Option<&'static str>,
    severity: miette::Severity,
    help: Option<&'a str>,
    file: File<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<View<'a>>,
}

impl<'a> View<'a> {
    fn new(ws: &'a Workspace, d: &'a Diagnostic) -> Self {
        let primary = d.primary.source;
        let labeled = |l: &Label, is_primary: bool| {
            let span = SourceSpan::from(l.span.start()..l.span.end());
            if is_primary {
                LabeledSpan::new_primary_with_span(l.message.clone(), span)
            } else {
                LabeledSpan::new_with_span(l.message.clone(), span)
            }
        };
        let mut labels = vec![labeled(&d.primary, true)];
        let mut others: Vec<(SourceId, Vec<LabeledSpan>, String)> = Vec::new();
        for l in &d.labels {
            if l.source == primary {
                labels.push(labeled(l, false));
            } else if let Some(group) = others.iter_mut().find(|(s, _, _)| *s == l.source) {
                group.1.push(labeled(l, false));
            } else {
                let message = l.message.clone().unwrap_or_default();
                others.push((l.source, vec![labeled(l, false)], message));
            }
        }
        let related = others
            .into_iter()
            .map(|(source, labels, message)| View {
                message,
                rule: None,
                severity: miette::Severity::Advice,
                help: None,
                file: File(ws.source(source)),
                labels,
                related: Vec::new(),
            })
            .collect();
        View {
            message: d.message.clone(),
            rule: Some(d.rule),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info | Severity::Off => miette::Severity::Advice,
            },
            help: d.help.as_deref(),
            file: File(ws.source(primary)),
            labels,
            related,
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.rule.map(|r| Box::new(r) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (String, usize, usize, usize, usize, usize);

    fn parts(c: &dyn SpanContents<'_>) -> Read {
        let data = String::from_utf8_lossy(c.data()).into_owned();
        let span = c.span();
        (
            data,
            span.offset(),
            span.len(),
            c.line(),
            c.column(),
            c.line_count(),
        )
    }

    #[test]
    fn context_read_from_near_the_span_is_what_miette_reads_from_the_start() {
        let mut texts: Vec<String> = [
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\n",
            "one\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix\r\n",
            "one\rtwo\rthree\nfour\nfive\r\nsix\nseven",
            "a\n\n\nb “quoted” c\n\nd\ne",
            "no line break at all",
        ]
        .map(String::from)
        .into();
        // And texts of random pieces: words, each kind of line end, characters of 2 and 3 bytes.
        let pieces = ["ab", " ", "\n", "\r\n", "\r", "é", "—", "\n\n"];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                text.push_str(pieces[seed as usize % pieces.len()]);
            }
            texts.push(text);
        }
        for text in &texts {
            let text = text.as_str();
            let file = SourceFile::new("a.md", text);
            let file = File(&file);
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                for len in [0, 1, 3]
                    .into_iter()
                    .filter(|len| start + len <= text.len())
                {
                    let span = SourceSpan::new(start.into(), len);
                    for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                        let near = file.read_span(&span, before, after).unwrap();
                        // miette's own reading, which counts lines from the start of the text.
                        let whole = text.read_span(&span, before, after).unwrap();
                        assert_eq!(
                            parts(&*near),
                            parts(&*whole),
                            "{text:?} {start}+{len} {before}/{after}"
                        );
                    }
                }
            }
        }
    }
}
