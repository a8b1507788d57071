//! Diagnostics as data: what a rule found, independent of how it is rendered.

use crate::source::{SourceId, Span};
use serde::Serialize;
use std::fmt;

/// How serious a finding is. `Off` disables a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A located piece of a diagnostic: the words it points at and what to say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub source: SourceId,
    pub span: Span,
    pub message: Option<String>,
}

impl Label {
    pub fn new(source: SourceId, span: Span, message: impl Into<String>) -> Self {
        Label {
            source,
            span,
            message: Some(message.into()),
        }
    }

    pub fn bare(source: SourceId, span: Span) -> Self {
        Label {
            source,
            span,
            message: None,
        }
    }
}

/// One finding. The first label is the primary one: the words the finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable kebab-case name of the rule (or of the loading step) that found it.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    /// Secondary labels, in the same source or another one.
    pub labels: Vec<Label>,
    /// How to fix it, in an editor's words.
    pub help: Option<String>,
    /// Problems that stop the run from being complete (unreadable input, a bibliography that
    /// cannot be parsed) make the process exit with code 2.
    pub fatal: bool,
}

impl Diagnostic {
    pub fn new(rule: &'static str, message: impl Into<String>, primary: Label) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            primary,
            labels: Vec::new(),
            help: None,
            fatal: false,
        }
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn fatal(mut self) -> Self {
        self.fatal = true;
        self
    }

    /// Key that puts diagnostics in a stable order: by file, position, rule and message.
    pub fn sort_key(&self) -> (SourceId, usize, usize, &'static str, &str) {
        (
            self.primary.source,
            self.primary.span.start(),
            self.primary.span.end(),
            self.rule,
            &self.message,
        )
    }
}
