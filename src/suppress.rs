//! Which findings inline `<!-- cite-lint-... -->` comments silence.

use crate::Workspace;
use crate::diagnostic::Diagnostic;
use crate::model::SuppressionKind;
use crate::source::{SourceId, Span};

/// Names of the rules that report on suppressions themselves; they cannot be silenced.
pub const META_RULES: &[&str] = &["unused-suppression", "invalid-suppression"];

/// The stretch of a file one rule name of one comment silences.
#[derive(Debug, Clone)]
pub struct Region {
    pub source: SourceId,
    pub covers: Span,
    /// The rule silenced, or `None` for every rule.
    pub rule: Option<String>,
    /// Where the rule is named (or the whole comment), for reporting.
    pub named: Span,
    pub document: usize,
}

/// Every region silenced by the suppression comments of every document.
pub fn regions(ws: &Workspace) -> Vec<Region> {
    let mut out = Vec::new();
    for (index, doc) in ws.documents.iter().enumerate() {
        let file = ws.source(doc.source);
        for (i, s) in doc.suppressions.iter().enumerate() {
            let covers = match s.kind {
                SuppressionKind::NextLine => {
                    let line = file.line_col(s.span.end()).line + 1;
                    Span::new(file.line_start(line), file.line_start(line + 1))
                }
                SuppressionKind::Disable => {
                    let end = doc.suppressions[i + 1..]
                        .iter()
                        .find(|e| {
                            e.kind == SuppressionKind::Enable
                                && (e.rules.is_empty()
                                    || s.rules.is_empty()
                                    || e.rules
                                        .iter()
                                        .any(|r| s.rules.iter().any(|d| d.value == r.value)))
                        })
                        .map_or(file.text.len(), |e| e.span.start());
                    Span::new(s.span.end(), end)
                }
                SuppressionKind::Enable | SuppressionKind::Unknown => continue,
            };
            let named: Vec<(Option<String>, Span)> = if s.rules.is_empty() {
                vec![(None, s.span)]
            } else {
                s.rules
                    .iter()
                    .map(|r| (Some(r.value.clone()), r.span))
                    .collect()
            };
            for (rule, span) in named {
                out.push(Region {
                    source: doc.source,
                    covers,
                    rule,
                    named: span,
                    document: index,
                });
            }
        }
    }
    out
}

impl Region {
    /// Whether this region silences `d`.
    pub fn silences(&self, d: &Diagnostic) -> bool {
        !d.fatal
            && !META_RULES.contains(&d.rule)
            && d.primary.source == self.source
            && self.covers.start() <= d.primary.span.start()
            && d.primary.span.start() < self.covers.end()
            && self.rule.as_deref().is_none_or(|r| r == d.rule)
    }
}
