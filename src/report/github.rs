//! `--format github`: GitHub Actions workflow commands, so findings appear on the lines of a
//! pull request. <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Severity};

pub fn render_github(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = ws.source(d.primary.source);
        let (start, end) = (
            file.line_col(d.primary.span.start()),
            file.line_col(d.primary.span.end()),
        );
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Off => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("cite-lint {}", d.rule)),
            data(&message),
        ));
    }
    out
}

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_workflow_commands_reserve() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
