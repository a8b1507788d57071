//! Which rules run, at what severity, with what options: defaults, then the configuration file,
//! then the command line.

use crate::diagnostic::Severity;
use crate::rules::{self, OptionValue, RuleMeta};
use std::collections::HashMap;

/// How the manuscript is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Dates written without a year ("23 June") take the year of the nearest earlier date in
    /// the same flow of text.
    pub infer_year: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style { infer_year: true }
    }
}

/// The largest `max-file-size` accepted: byte offsets into a text are kept in 32 bits.
pub const MAX_FILE_SIZE: u64 = u32::MAX as u64;

/// The largest input cite-lint reads. A file over a limit is reported and skipped; the rest of
/// the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_size: u64,
    /// Deepest nesting of block quotes, lists and notes in a manuscript.
    pub max_nesting: usize,
    /// Longest note, in characters.
    pub max_note_length: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 * 1024 * 1024,
            max_nesting: 100,
            max_note_length: 100_000,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Settings {
    severities: HashMap<&'static str, Severity>,
    options: HashMap<(&'static str, &'static str), OptionValue>,
    /// When set, only these rules run (`--select`).
    select: Option<Vec<&'static str>>,
    /// Rules selected by their own name, not by category: these run even when off by default.
    named: Vec<String>,
    /// These rules never run (`--ignore`).
    ignore: Vec<&'static str>,
}

/// Rule names matching `name`: a rule's own name, a category, or `all`.
pub fn expand(name: &str) -> Option<Vec<&'static str>> {
    let all = rules::REGISTRY.iter().map(|r| r.meta());
    let names: Vec<_> = match name {
        "all" => all.map(|m| m.name).collect(),
        _ => all
            .filter(|m| m.name == name || m.category.as_str() == name)
            .map(|m| m.name)
            .collect(),
    };
    (!names.is_empty()).then_some(names)
}

impl Settings {
    /// Only the named rule runs (at its default severity). For tests.
    pub fn only(rule: &str) -> Self {
        let mut s = Settings::default();
        s.select(&[rule]).expect("a known rule");
        s
    }

    /// Sets a rule's severity. Returns false for an unknown rule name.
    pub fn set(&mut self, rule: &str, severity: Severity) -> bool {
        match rules::find(rule) {
            Some(r) => {
                self.severities.insert(r.meta().name, severity);
                true
            }
            None => false,
        }
    }

    /// Sets a rule option; the caller has checked that the rule accepts it.
    pub fn set_option(&mut self, rule: &'static str, option: &'static str, value: OptionValue) {
        self.options.insert((rule, option), value);
    }

    /// Runs only these rules or categories. Returns the first unknown name.
    pub fn select(&mut self, names: &[&str]) -> Result<(), String> {
        let mut selected = Vec::new();
        for name in names {
            selected.extend(expand(name).ok_or_else(|| name.to_string())?);
            if crate::rules::find(name).is_some() {
                self.named.push(name.to_string());
            }
        }
        self.select = Some(selected);
        Ok(())
    }

    /// Never runs these rules or categories. Returns the first unknown name.
    pub fn ignore(&mut self, names: &[&str]) -> Result<(), String> {
        for name in names {
            self.ignore
                .extend(expand(name).ok_or_else(|| name.to_string())?);
        }
        Ok(())
    }

    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        if self.ignore.contains(&meta.name) {
            return Severity::Off;
        }
        let configured = self.severities.get(meta.name).copied();
        match &self.select {
            // A selected rule runs even if the configuration turned it off.
            // A rule off by default runs when selected by name, as a warning; a category
            // does not turn it on.
            Some(selected) if selected.contains(&meta.name) => match configured {
                Some(Severity::Off) | None => match meta.default_severity {
                    Severity::Off if self.named.iter().any(|n| n == meta.name) => Severity::Warning,
                    s => s,
                },
                Some(s) => s,
            },
            Some(_) => Severity::Off,
            None => configured.unwrap_or(meta.default_severity),
        }
    }

    fn option(&self, rule: &str, option: &str) -> Option<&OptionValue> {
        self.options
            .iter()
            .find(|((r, o), _)| *r == rule && *o == option)
            .map(|(_, v)| v)
    }

    pub fn integer(&self, rule: &str, option: &str) -> Option<i64> {
        match self.option(rule, option)? {
            OptionValue::Integer(n) => Some(*n),
            OptionValue::Words(_) => None,
        }
    }

    pub fn words(&self, rule: &str, option: &str) -> Option<&[String]> {
        match self.option(rule, option)? {
            OptionValue::Words(w) => Some(w),
            OptionValue::Integer(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_ignore_and_categories() {
        let meta = |name| rules::find(name).unwrap().meta();
        let mut s = Settings::default();
        s.select(&["chronology"]).unwrap();
        assert_eq!(s.severity(meta("undefined-note")), Severity::Off);
        assert_eq!(s.severity(meta("impossible-date")), Severity::Error);
        s.ignore(&["impossible-date"]).unwrap();
        assert_eq!(s.severity(meta("impossible-date")), Severity::Off);
        assert_eq!(s.select(&["no-such-rule"]), Err("no-such-rule".into()));
    }

    #[test]
    fn configured_severity_applies() {
        let mut s = Settings::default();
        assert!(s.set("unused-note", Severity::Error));
        assert!(!s.set("no-such-rule", Severity::Error));
        assert_eq!(
            s.severity(rules::find("unused-note").unwrap().meta()),
            Severity::Error
        );
    }
}
