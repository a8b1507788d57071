//! `--format short`: `path:line:col: severity[rule]: message`, one line each, for editors'
//! quickfix lists and grep.

use crate::Workspace;
use crate::diagnostic::Diagnostic;

pub fn render_short(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = ws.source(d.primary.source);
        let at = file.line_col(d.primary.span.start());
        let message = d.message.replace('\n', " ");
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {message}\n",
            file.path, at.line, at.column, d.severity, d.rule
        ));
    }
    out
}
