//! Turning diagnostics into text: miette's graphical and narrated reports, short lines, JSON,
//! SARIF, GitHub workflow commands, and the summary line.
//!
//! Rendering is pure: it returns strings, and the CLI decides where they go.

mod chronology;
mod github;
mod human;
mod json;
mod sarif;
mod short;

pub use chronology::render_chronology;
pub use github::render_github;
pub use human::{HumanStyle, render_human, render_plain};
pub use json::render_json;
pub use sarif::render_sarif;
pub use short::render_short;

use crate::Workspace;
use crate::diagnostic::{Diagnostic, Severity};

/// The one-line summary printed after the diagnostics.
pub fn summary(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let counts = ws.counts();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut findings = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        findings.push(plural(infos, "note"));
    }
    format!(
        "Checked {}, {}, {}: {}.",
        plural(counts.files, "file"),
        plural(counts.notes, "note"),
        plural(counts.sources, "source"),
        findings.join(", ")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
