//! `cite-lint.yaml`: paths, bibliographies, rule severities and options, style.
//!
//! Every key is checked: an unknown key, rule, option or severity is a located error, never
//! silently ignored. See `docs/config.md` for every key and its default.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::parse::yaml::{self, Node, NodeKind};
use crate::rules::{self, OptionKind, OptionValue};
use crate::settings::{Limits, MAX_FILE_SIZE, Settings, Style};
use crate::source::{SourceId, Span, Spanned};

/// The file cite-lint looks for, from the current folder up.
pub const FILE_NAME: &str = "cite-lint.yaml";
/// Name of the diagnostics about the configuration file.
pub const CONFIG_ERROR: &str = "config-error";

const TOP_KEYS: &[&str] = &["manuscript", "bibliography", "rules", "style", "limits"];
const LIMIT_KEYS: &[&str] = &["max-file-size", "max-nesting", "max-note-length"];
const STYLE_KEYS: &[&str] = &["infer-year"];
const SEVERITIES: &[&str] = &["off", "info", "warning", "error"];

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Paths to check when none are given on the command line, relative to the file.
    pub manuscript: Vec<Spanned<String>>,
    /// Bibliographies for manuscripts whose front matter names none, relative to the file.
    pub bibliography: Vec<Spanned<String>>,
    pub settings: Settings,
    pub style: Style,
    pub limits: Limits,
}

struct Reader {
    source: SourceId,
    errors: Vec<Diagnostic>,
}

impl Reader {
    fn error(&mut self, span: Span, message: String, help: impl Into<String>) {
        self.errors.push(
            Diagnostic::new(CONFIG_ERROR, message, Label::new(self.source, span, "here"))
                .with_help(help)
                .fatal(),
        );
    }

    fn unknown(&mut self, span: Span, message: String, name: &str, known: &[&str]) {
        let help = match rules::closest(name, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("choose one of: {}", known.join(", ")),
        };
        self.error(span, message, help);
    }

    /// The entries of a section that must be a mapping, or a located error.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        key: &str,
        help: &str,
    ) -> Option<&'n [(yaml::Key, Node)]> {
        let entries = node.as_mapping();
        if entries.is_none() {
            self.error(
                node.span,
                format!("`{key}` should be a mapping, not {}", node.describe()),
                help,
            );
        }
        entries
    }

    fn strings(&mut self, key: &str, node: &Node) -> Vec<Spanned<String>> {
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Sequence(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_str() {
                Some(text) if !item.is_null() => out.push(Spanned::new(text.to_owned(), item.span)),
                _ => self.error(
                    item.span,
                    format!(
                        "`{key}` should be a path or a list of paths, not {}",
                        item.describe()
                    ),
                    format!("write `{key}: path` or `{key}: [path, other-path]`"),
                ),
            }
        }
        out
    }

    fn severity(&mut self, node: &Node) -> Option<Severity> {
        let text = node.as_str().unwrap_or_default();
        let severity = match text {
            "off" => Severity::Off,
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => {
                self.unknown(
                    node.span,
                    format!("unknown severity `{text}`"),
                    text,
                    SEVERITIES,
                );
                return None;
            }
        };
        Some(severity)
    }

    fn rules(&mut self, node: &Node, settings: &mut Settings) {
        let Some(entries) = self.mapping(
            node,
            "rules",
            "write one rule per line: `rule-name: warning`",
        ) else {
            return;
        };
        let names: Vec<&str> = rules::REGISTRY.iter().map(|r| r.meta().name).collect();
        for (key, value) in entries {
            let Some(rule) = rules::find(&key.text) else {
                self.unknown(
                    key.span,
                    format!("unknown rule `{}`", key.text),
                    &key.text,
                    &names,
                );
                continue;
            };
            let meta = rule.meta();
            if let NodeKind::Scalar { .. } = value.kind {
                if let Some(s) = self.severity(value) {
                    settings.set(meta.name, s);
                }
                continue;
            }
            let Some(fields) = value.as_mapping() else {
                self.error(value.span, format!("`{}` should be a severity or a mapping, not {}", meta.name, value.describe()), "write `rule-name: warning`, or `rule-name: {severity: warning, option: value}`");
                continue;
            };
            for (field, v) in fields {
                if field.text == "severity" {
                    if let Some(s) = self.severity(v) {
                        settings.set(meta.name, s);
                    }
                    continue;
                }
                let Some(option) = meta.options.iter().find(|o| o.name == field.text) else {
                    let mut known: Vec<&str> = meta.options.iter().map(|o| o.name).collect();
                    known.push("severity");
                    self.unknown(
                        field.span,
                        format!("`{}` has no option `{}`", meta.name, field.text),
                        &field.text,
                        &known,
                    );
                    continue;
                };
                let value = match option.kind {
                    OptionKind::Integer => v
                        .as_str()
                        .filter(|_| !v.is_null())
                        .and_then(|t| t.trim().parse().ok())
                        .map(OptionValue::Integer),
                    OptionKind::Words => v.as_sequence().and_then(|items| {
                        items
                            .iter()
                            .map(|i| i.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                            .map(OptionValue::Words)
                    }),
                };
                match value {
                    Some(value) => settings.set_option(meta.name, option.name, value),
                    None => {
                        let expected = match option.kind {
                            OptionKind::Integer => "a whole number",
                            OptionKind::Words => "a list of words",
                        };
                        self.error(
                            v.span,
                            format!("`{}` of `{}` should be {expected}", option.name, meta.name),
                            format!("the default is `{}: {}`", option.name, option.default),
                        );
                    }
                }
            }
        }
    }

    fn style(&mut self, node: &Node, style: &mut Style) {
        let Some(entries) = self.mapping(
            node,
            "style",
            "write `style:` followed by indented `key: value` lines",
        ) else {
            return;
        };
        for (key, value) in entries {
            match key.text.as_str() {
                "infer-year" => match value.as_str() {
                    Some("true") => style.infer_year = true,
                    Some("false") => style.infer_year = false,
                    _ => self.error(
                        value.span,
                        "`infer-year` should be `true` or `false`".into(),
                        "the default is `infer-year: true`",
                    ),
                },
                other => self.unknown(
                    key.span,
                    format!("unknown style key `{other}`"),
                    other,
                    STYLE_KEYS,
                ),
            }
        }
    }
}

impl Reader {
    fn limits(&mut self, node: &Node, limits: &mut Limits) {
        let Some(entries) = self.mapping(
            node,
            "limits",
            "write `limits:` followed by indented `key: number` lines",
        ) else {
            return;
        };
        for (key, value) in entries {
            if !LIMIT_KEYS.contains(&key.text.as_str()) {
                self.unknown(
                    key.span,
                    format!("unknown limit `{}`", key.text),
                    &key.text,
                    LIMIT_KEYS,
                );
                continue;
            }
            let Some(n) = value
                .as_str()
                .and_then(|t| t.trim().parse::<u64>().ok())
                .filter(|&n| n > 0 && (key.text != "max-file-size" || n <= MAX_FILE_SIZE))
            else {
                let bound = if key.text == "max-file-size" {
                    format!(" and at most {MAX_FILE_SIZE} (4 GiB)")
                } else {
                    String::new()
                };
                self.error(
                    value.span,
                    format!("`{}` should be a whole number above 0{bound}", key.text),
                    "see docs/config.md for the defaults",
                );
                continue;
            };
            match key.text.as_str() {
                "max-file-size" => limits.max_file_size = n,
                "max-nesting" => limits.max_nesting = n as usize,
                _ => limits.max_note_length = n as usize,
            }
        }
    }
}

/// Reads a configuration file. Problems are fatal, located diagnostics.
pub fn parse(source: SourceId, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = Config::default();
    let mut r = Reader {
        source,
        errors: Vec::new(),
    };
    let root = match yaml::parse(text) {
        Ok(Some(root)) => root,
        Ok(None) => return (config, r.errors),
        Err(e) => {
            r.error(
                e.span,
                format!("cannot read the configuration: {}", e.message),
                "fix the YAML at this point",
            );
            return (config, r.errors);
        }
    };
    let Some(entries) = root.as_mapping() else {
        r.error(
            root.span,
            format!(
                "the configuration should be a mapping of keys, not {}",
                root.describe()
            ),
            "see docs/config.md for the keys",
        );
        return (config, r.errors);
    };
    for (key, value) in entries {
        match key.text.as_str() {
            "manuscript" => config.manuscript = r.strings("manuscript", value),
            "bibliography" => config.bibliography = r.strings("bibliography", value),
            "rules" => r.rules(value, &mut config.settings),
            "style" => r.style(value, &mut config.style),
            "limits" => r.limits(value, &mut config.limits),
            other => r.unknown(key.span, format!("unknown key `{other}`"), other, TOP_KEYS),
        }
    }
    (config, r.errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Config, Vec<Diagnostic>) {
        parse(SourceId(0), text)
    }

    #[test]
    fn file_size_limit_is_at_most_four_gigabytes() {
        let (config, errors) = read("limits: {max-file-size: 4294967295}\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.limits.max_file_size, u32::MAX as u64);
        let (_, errors) = read("limits: {max-file-size: 4294967296}\n");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("at most 4294967295"),
            "{errors:?}"
        );
    }

    #[test]
    fn reads_every_key() {
        let text = "manuscript: [chapters/]\nbibliography: refs.yaml\nrules:\n  unused-note: error\n  note-sequence: {severity: info, first: 5}\nstyle:\n  infer-year: false\nlimits: {max-nesting: 20}\n";
        let (config, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.manuscript[0].value, "chapters/");
        assert_eq!(config.bibliography[0].value, "refs.yaml");
        let meta = |n| rules::find(n).unwrap().meta();
        assert_eq!(
            config.settings.severity(meta("unused-note")),
            Severity::Error
        );
        assert_eq!(
            config.settings.severity(meta("note-sequence")),
            Severity::Info
        );
        assert_eq!(config.settings.integer("note-sequence", "first"), Some(5));
        assert!(!config.style.infer_year);
        assert_eq!(config.limits.max_nesting, 20);
        assert_eq!(
            config.limits.max_note_length,
            Limits::default().max_note_length
        );
    }

    #[test]
    fn unknown_names_are_located_errors_with_suggestions() {
        let text = "bibliografy: refs.yaml\nrules:\n  unused-notes: off\n  note-sequence: {frist: 2}\n  undefined-note: loud\n";
        let (_, errors) = read(text);
        let got: Vec<_> = errors
            .iter()
            .map(|e| {
                (
                    e.primary.span.slice(text),
                    e.message.as_str(),
                    e.help.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "bibliografy",
                    "unknown key `bibliografy`",
                    "did you mean `bibliography`?"
                ),
                (
                    "unused-notes",
                    "unknown rule `unused-notes`",
                    "did you mean `unused-note`?"
                ),
                (
                    "frist",
                    "`note-sequence` has no option `frist`",
                    "did you mean `first`?"
                ),
                (
                    "loud",
                    "unknown severity `loud`",
                    "choose one of: off, info, warning, error"
                ),
            ]
        );
        assert!(errors.iter().all(|e| e.fatal));
    }
}
