//! `--format sarif`: SARIF 2.1.0, for code-scanning uploads. Columns count Unicode code points
//! (`columnKind: unicodeCodePoints`), like the other formats.

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::rules::REGISTRY;
use serde_json::{Value, json};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::Off => "none",
    }
}

fn location(ws: &Workspace, label: &Label) -> Value {
    let file = ws.source(label.source);
    let (start, end) = (
        file.line_col(label.span.start()),
        file.line_col(label.span.end()),
    );
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file.path.replace('\\', "/") },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    })
}

pub fn render_sarif(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let mut rules: Vec<Value> = REGISTRY
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.name,
                "shortDescription": { "text": m.summary() },
                "fullDescription": { "text": m.summary() },
                "help": { "text": m.doc(), "markdown": m.doc() },
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": { "category": m.category.as_str() },
            })
        })
        .collect();
    for (name, description) in crate::LOAD_PROBLEMS {
        rules.push(json!({
            "id": name,
            "shortDescription": { "text": description },
            "defaultConfiguration": { "level": "error" },
            "properties": { "category": "input" },
        }));
    }
    let index = |rule: &str| rules.iter().position(|r| r["id"] == rule);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(ws, l);
                    loc["id"] = json!(i);
                    if let Some(m) = &l.message {
                        loc["message"] = json!({ "text": m });
                    }
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location(ws, &d.primary)],
            });
            if let Some(i) = index(d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cite-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
