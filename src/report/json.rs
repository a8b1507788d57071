//! `--format json`: a JSON array, one object per diagnostic. Lines and columns are 1-based,
//! columns count characters, and `end_*` points just past the last character.

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Label};
use serde::Serialize;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: Option<&'a str>,
}

fn label<'a>(ws: &'a Workspace, l: &'a Label) -> JsonLabel<'a> {
    let file = ws.source(l.source);
    let (start, end) = (file.line_col(l.span.start()), file.line_col(l.span.end()));
    JsonLabel {
        path: &file.path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: l.message.as_deref(),
    }
}

pub fn render_json(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| {
            let primary = label(ws, &d.primary);
            JsonDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                path: primary.path,
                line: primary.line,
                column: primary.column,
                end_line: primary.end_line,
                end_column: primary.end_column,
                labels: std::iter::once(&d.primary)
                    .chain(&d.labels)
                    .map(|l| label(ws, l))
                    .collect(),
                help: d.help.as_deref(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
