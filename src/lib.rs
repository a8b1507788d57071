//! cite-lint checks the notes, citations and sources of scholarly manuscripts.
//!
//! The library parses, models and checks; it does no I/O and prints nothing. The `cite-lint`
//! binary reads files, calls [`Workspace`] and renders what comes back. See `ARCHITECTURE.md`.

pub mod config;
pub mod diagnostic;
pub mod model;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

use settings::MAX_FILE_SIZE;
pub use settings::{Limits, Settings, Style};

use diagnostic::{Diagnostic, Label, Severity};
use model::{Bibliography, Document};
use rustc_hash::FxHashMap as HashMap;
use source::{SourceFile, SourceId, Span};

/// Name of the diagnostic given for a file that is not valid UTF-8.
pub const INVALID_UTF8: &str = "invalid-utf8";
/// Name of the diagnostic given for input over a [`Limits`] limit.
pub const LIMIT_EXCEEDED: &str = "limit-exceeded";
/// Name of the diagnostic given for a bibliography named in front matter that cannot be read.
pub const BIBLIOGRAPHY_NOT_FOUND: &str = "bibliography-not-found";

/// Problems reading input, reported like rule findings but not rules: they cannot be turned off.
pub const LOAD_PROBLEMS: &[(&str, &str)] = &[
    (INVALID_UTF8, "A file is not valid UTF-8 text."),
    (
        BIBLIOGRAPHY_NOT_FOUND,
        "A bibliography named in front matter cannot be read.",
    ),
    (
        parse::bibliography::SYNTAX,
        "A bibliography is not valid YAML or not CSL-YAML.",
    ),
    (
        parse::manuscript::FRONT_MATTER,
        "A manuscript's front matter is not valid YAML.",
    ),
    (config::CONFIG_ERROR, "The configuration file has an error."),
    (
        LIMIT_EXCEEDED,
        "A file is larger or more deeply nested than the configured limits.",
    ),
];

/// Everything one run checks: the files, what was parsed from them, and how they connect.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Vec<SourceFile>,
    pub documents: Vec<Document>,
    pub bibliographies: Vec<Bibliography>,
    /// For each document, the bibliographies its citations are checked against, or `None`
    /// when one of them could not be read (its keys are then not checked).
    pub links: Vec<Option<Vec<usize>>>,
    /// Problems found while reading files, reported with the rules' findings.
    pub load_diagnostics: Vec<Diagnostic>,
    /// For each bibliography, entry index by id.
    ids: Vec<HashMap<compact_str::CompactString, usize>>,
    /// Bibliographies that could not be read.
    unreadable: Vec<bool>,
    /// How manuscripts are read; set it before adding them.
    pub style: Style,
    /// The largest input read; set it before adding files.
    pub limits: Limits,
    /// What each note citation resolves to, computed on first use.
    resolved: std::sync::OnceLock<resolve::Resolutions>,
}

impl Workspace {
    fn add_source(&mut self, path: &str, bytes: &[u8]) -> (SourceId, Option<usize>) {
        let id = SourceId(self.sources.len() as u32);
        let (file, bad) = decode(path, bytes);
        self.sources.push(file);
        (id, bad)
    }

    fn invalid_utf8(&mut self, source: SourceId, at: usize) {
        let path = &self.sources[source.0 as usize].path;
        self.load_diagnostics.push(
            Diagnostic::new(
                INVALID_UTF8,
                format!("{path} is not valid UTF-8 text (first bad byte at offset {at}); it was not checked"),
                Label::new(source, Span::new(at, at), "invalid byte here"),
            )
            .with_help("save the file as UTF-8 (in Word or LibreOffice: Save As, Text Encoding: UTF-8)")
            .fatal(),
        );
    }

    /// Adds a Markdown manuscript file and returns its document index.
    pub fn add_manuscript(&mut self, path: &str, bytes: &[u8]) -> usize {
        self.add_manuscripts(vec![(path.to_owned(), bytes.to_vec())])[0]
    }

    /// Adds Markdown manuscript files, parsing them in parallel on the current rayon pool, and
    /// returns their document indices in the order given.
    pub fn add_manuscripts(&mut self, files: Vec<(String, Vec<u8>)>) -> Vec<usize> {
        self.resolved.take();
        use rayon::prelude::*;
        let first = self.sources.len();
        let (style, limits) = (self.style, self.limits);
        let parsed: Vec<_> = files
            .into_par_iter()
            .enumerate()
            .map(|(i, (path, bytes))| {
                let source = SourceId((first + i) as u32);
                let too_large = bytes.len() as u64 > limits.max_file_size.min(MAX_FILE_SIZE);
                let (file, bad) = decode_owned(&path, bytes);
                let parsed = match bad {
                    None if too_large => (
                        Document {
                            source,
                            ..Document::default()
                        },
                        vec![limit_exceeded(
                            source,
                            Span::new(0, 0),
                            format!(
                                "{path} is larger than the limit of {} bytes; it was not checked",
                                limits.max_file_size
                            ),
                        )],
                    ),
                    None => parse::manuscript::parse(source, &file.text, &style, &limits),
                    Some(_) => (
                        Document {
                            source,
                            ..Document::default()
                        },
                        Vec::new(),
                    ),
                };
                (file, bad, parsed)
            })
            .collect();
        let mut indices = Vec::with_capacity(parsed.len());
        for (file, bad, (doc, diagnostics)) in parsed {
            let source = doc.source;
            self.sources.push(file);
            let index = self.documents.len();
            indices.push(index);
            let readable = bad.is_none() && !diagnostics.iter().any(|d| d.fatal);
            self.links.push(readable.then(Vec::new));
            if let Some(at) = bad {
                self.invalid_utf8(source, at);
            }
            self.load_diagnostics.extend(diagnostics);
            self.documents.push(doc);
        }
        indices
    }

    /// Reads a configuration file (`cite-lint.yaml`); its problems are reported with the run.
    pub fn add_config(&mut self, path: &str, bytes: &[u8]) -> config::Config {
        let (source, bad) = self.add_source(path, bytes);
        if let Some(at) = bad {
            self.invalid_utf8(source, at);
            return config::Config::default();
        }
        let (config, diagnostics) = config::parse(source, &self.sources[source.0 as usize].text);
        self.load_diagnostics.extend(diagnostics);
        config
    }

    /// Records a file that was not read (too large, not a regular file): it is reported at its
    /// first byte and the run goes on.
    pub fn skip_file(&mut self, path: &str, message: String) {
        let source = SourceId(self.sources.len() as u32);
        self.sources.push(SourceFile::new(path, ""));
        self.load_diagnostics
            .push(limit_exceeded(source, Span::new(0, 0), message));
    }

    /// Adds a bibliography file and returns its index: CSL-YAML or CSL-JSON, or BibTeX and
    /// BibLaTeX when the name ends in `.bib`.
    pub fn add_bibliography(&mut self, path: &str, bytes: &[u8]) -> usize {
        let parsed = ParsedBibliography::parse(&self.limits, path, bytes.to_vec());
        self.add_parsed_bibliography(parsed)
    }

    /// Adds a bibliography read with [`ParsedBibliography::parse`] and returns its index.
    pub fn add_parsed_bibliography(&mut self, parsed: ParsedBibliography) -> usize {
        self.resolved.take();
        let ParsedBibliography {
            file,
            bad,
            too_large,
            mut bib,
            mut diagnostics,
        } = parsed;
        let source = SourceId(self.sources.len() as u32);
        self.sources.push(file);
        bib.source = source;
        for d in &mut diagnostics {
            for label in std::iter::once(&mut d.primary).chain(&mut d.labels) {
                if label.source == ParsedBibliography::UNFILED {
                    label.source = source;
                }
            }
        }
        if let Some(at) = bad.filter(|_| !too_large) {
            self.invalid_utf8(source, at);
        }
        let index = self.bibliographies.len();
        self.unreadable
            .push(bad.is_some() || diagnostics.iter().any(|d| d.fatal));
        self.load_diagnostics.extend(diagnostics);
        let mut ids = HashMap::with_capacity_and_hasher(bib.entries.len(), Default::default());
        for (i, entry) in bib.entries.iter().enumerate() {
            if let Some(id) = &entry.id {
                ids.entry(id.value.clone()).or_insert(i);
            }
        }
        self.ids.push(ids);
        self.bibliographies.push(bib);
        index
    }

    /// Checks the citations of `document` against `bibliography`.
    pub fn link(&mut self, document: usize, bibliography: usize) {
        self.resolved.take();
        let readable = !self.unreadable[bibliography];
        if let Some(slot) = self.links.get_mut(document) {
            match slot {
                Some(list) if readable => {
                    if !list.contains(&bibliography) {
                        list.push(bibliography)
                    }
                }
                _ => *slot = None,
            }
        }
    }

    /// Records that a bibliography named in `document`'s front matter could not be read.
    pub fn bibliography_missing(&mut self, document: usize, path: &str, reason: &str) {
        self.resolved.take();
        self.links[document] = None;
        let doc = &self.documents[document];
        let Some(named) = doc
            .front_matter
            .iter()
            .flat_map(|fm| &fm.bibliography)
            .find(|b| b.value == path)
        else {
            return;
        };
        self.load_diagnostics.push(
            Diagnostic::new(
                BIBLIOGRAPHY_NOT_FOUND,
                format!("cannot read the bibliography `{path}`: {reason}"),
                Label::new(doc.source, named.span, "named here"),
            )
            .with_help(
                "correct the path (it is read relative to this file), or pass --bibliography FILE",
            )
            .fatal(),
        );
    }

    /// The entry with `id` in the bibliographies linked to `document`: (bibliography, entry).
    pub fn lookup(&self, document: usize, id: &str) -> Option<(usize, usize)> {
        self.links[document]
            .as_ref()?
            .iter()
            .find_map(|&b| self.ids[b].get(id).map(|&e| (b, e)))
    }

    /// Ties every note citation to the entries it names. Computed once and kept until a file
    /// or link is added.
    pub fn resolve(&self) -> &resolve::Resolutions {
        self.resolved.get_or_init(|| resolve::resolve(self))
    }

    pub fn source(&self, id: SourceId) -> &SourceFile {
        &self.sources[id.0 as usize]
    }

    /// Runs the enabled rules and returns every diagnostic, load problems included, in a
    /// stable order: by file path, then position, then rule.
    pub fn check(&self, settings: &Settings) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        let resolved = self.resolve();
        let shared = rules::Shared::default();
        shared.prepare(self, settings);
        let run = |rule: &&dyn rules::Rule, findings: &[Diagnostic]| {
            let severity = settings.severity(rule.meta());
            let mut found = Vec::new();
            if severity != Severity::Off {
                let cx = rules::Context {
                    ws: self,
                    settings,
                    findings,
                    resolved,
                    shared: &shared,
                };
                rule.check(&cx, &mut found);
                for d in &mut found {
                    d.severity = severity;
                }
            }
            found
        };
        // The rules read the files, never each other's findings, and run in parallel; the
        // suppression rules, listed last, look at what the others found and run after them.
        let (independent, last) =
            rules::REGISTRY.split_at(rules::REGISTRY.len() - rules::AFTER_THE_OTHERS);
        let mut out = self.load_diagnostics.clone();
        let found: Vec<Vec<Diagnostic>> = independent
            .par_iter()
            .map(|rule| run(rule, &self.load_diagnostics))
            .collect();
        out.extend(found.into_iter().flatten());
        for rule in last {
            let found = run(rule, &out);
            out.extend(found);
        }
        let regions = suppress::regions(self);
        out.retain(|d| !regions.iter().any(|r| r.silences(d)));
        out.sort_by(|a, b| {
            let pa = &self.source(a.primary.source).path;
            let pb = &self.source(b.primary.source).path;
            pa.cmp(pb).then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        out.dedup();
        out
    }

    /// Counts for the summary line.
    pub fn counts(&self) -> Counts {
        Counts {
            files: self.documents.len(),
            notes: self.documents.iter().map(Document::note_count).sum(),
            sources: self.bibliographies.iter().map(|b| b.entries.len()).sum(),
        }
    }
}

/// A bibliography file read and parsed but not yet added to a [`Workspace`], so that it can be
/// parsed while the manuscripts are. Its diagnostics point at a placeholder source until
/// [`Workspace::add_parsed_bibliography`] files it.
#[derive(Debug)]
pub struct ParsedBibliography {
    file: SourceFile,
    bad: Option<usize>,
    too_large: bool,
    bib: Bibliography,
    diagnostics: Vec<Diagnostic>,
}

impl ParsedBibliography {
    const UNFILED: SourceId = SourceId(u32::MAX);

    /// Reads a bibliography: CSL-YAML or CSL-JSON, or BibTeX and BibLaTeX when the name ends
    /// in `.bib`.
    pub fn parse(limits: &Limits, path: &str, bytes: Vec<u8>) -> Self {
        let source = Self::UNFILED;
        let too_large = bytes.len() as u64 > limits.max_file_size.min(MAX_FILE_SIZE);
        // Valid UTF-8 becomes the text without a copy: a large bibliography is tens of MB.
        let (file, bad) = decode_owned(path, bytes);
        let empty = Bibliography {
            source,
            ..Bibliography::default()
        };
        let (bib, diagnostics) = if too_large {
            let message = format!(
                "{path} is larger than the limit of {} bytes; it was not read",
                limits.max_file_size
            );
            (
                empty,
                vec![limit_exceeded(source, Span::new(0, 0), message)],
            )
        } else if bad.is_some() {
            (empty, Vec::new())
        } else if is_bibtex(path) {
            parse::biblatex::parse(source, &file.text)
        } else {
            parse::bibliography::parse(source, &file.text)
        };
        ParsedBibliography {
            file,
            bad,
            too_large,
            bib,
            diagnostics,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub notes: usize,
    pub sources: usize,
}

/// A file's text, and the offset of its first invalid byte if it is not UTF-8 (the text is then
/// decoded lossily, so the error can still be shown in place).
fn decode(path: &str, bytes: &[u8]) -> (SourceFile, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(path, text), None),
        Err(e) => (
            SourceFile::new(path, String::from_utf8_lossy(bytes)),
            Some(e.valid_up_to()),
        ),
    }
}

/// Like [`decode`], taking the bytes: valid UTF-8 becomes the text without a copy.
fn decode_owned(path: &str, bytes: Vec<u8>) -> (SourceFile, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(path, text), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (SourceFile::new(path, text), Some(at))
        }
    }
}

/// Whether a bibliography file is BibTeX or BibLaTeX, by its extension.
pub fn is_bibtex(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            ["bib", "bibtex", "biblatex"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        })
}

/// A fatal diagnostic for input over a limit.
pub fn limit_exceeded(source: SourceId, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(
        LIMIT_EXCEEDED,
        message,
        Label::new(source, span, "limit reached here"),
    )
    .with_help("raise the limit under `limits:` in cite-lint.yaml if this input is genuine")
    .fatal()
}
