//! Finding and reading the files of a run: configuration, manuscripts, bibliographies.

use super::Cli;
use cite_lint::config::{Config, FILE_NAME};
use cite_lint::{ParsedBibliography, Workspace};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Reads the configuration file: `--config`, else the first `cite-lint.yaml` from the first
/// path checked up, else from the current folder up. Returns it with the folder its paths are relative to.
pub fn load_config(
    ws: &mut Workspace,
    cli: &Cli,
    errors: &mut Vec<String>,
) -> Option<(Config, PathBuf)> {
    if cli.no_config {
        return None;
    }
    let path = match &cli.config {
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().ok()?;
            // The configuration closest to what is checked: up from the first path given
            // (`cite-lint ../book/` uses `../book/cite-lint.yaml`), then up from here.
            let first = cli.paths.first().map(|p| {
                let p = cwd.join(p);
                if p.is_dir() {
                    p
                } else {
                    p.parent().map(Path::to_path_buf).unwrap_or(p)
                }
            });
            let found = first
                .iter()
                .flat_map(|p| p.ancestors())
                .chain(cwd.ancestors())
                .map(|d| d.join(FILE_NAME))
                .find(|p| p.is_file())?;
            let found = normalize(&found);
            // Show it relative to the current folder when it is here or above.
            pathdiff(&found, &cwd)
        }
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let config = ws.add_config(&display(&path), &bytes);
            ws.style = config.style;
            ws.limits = config.limits;
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            Some((config, base))
        }
        Err(e) => {
            errors.push(format!(
                "cannot read the configuration {}: {e}",
                display(&path)
            ));
            None
        }
    }
}

/// Reads the manuscripts and the bibliographies they need into `ws`. Problems with no place in
/// a file to point at go to `errors`.
pub fn load(
    ws: &mut Workspace,
    cli: &Cli,
    config: Option<&(Config, PathBuf)>,
    errors: &mut Vec<String>,
) {
    let paths: Vec<PathBuf> = match (&cli.paths[..], config) {
        ([], Some((c, base))) if !c.manuscript.is_empty() => c
            .manuscript
            .iter()
            .map(|p| normalize(&base.join(&p.value)))
            .collect(),
        ([], _) => vec![PathBuf::from(".")],
        (given, _) => given.to_vec(),
    };
    let mut manuscripts = Vec::new();
    let mut yaml = Vec::new();
    for path in &paths {
        collect(path, &mut manuscripts, &mut yaml, errors);
    }
    manuscripts.sort();
    manuscripts.dedup();
    let limit = ws.limits.max_file_size;
    let read: Vec<_> = manuscripts
        .par_iter()
        .map(|file| (file, read_file(file, limit)))
        .collect();
    let mut contents = Vec::new();
    for (file, result) in read {
        match result {
            Ok(bytes) => contents.push((display(file), bytes)),
            Err(Unread::Skipped(message)) => ws.skip_file(&display(file), message),
            Err(Unread::Failed(e)) => errors.push(format!("cannot read {}: {e}", display(file))),
        }
    }
    // The bibliographies named on the command line and in the configuration are parsed while
    // the manuscripts are; each is added to the run only if it is asked for below.
    let known: Vec<PathBuf> = yaml
        .iter()
        .cloned()
        .chain(cli.bibliography.iter().cloned())
        .chain(config.iter().flat_map(|(c, base)| {
            c.bibliography
                .iter()
                .map(move |b| normalize(&base.join(&b.value)))
        }))
        .collect();
    let limits = ws.limits;
    let (_, mut parsed) = rayon::join(
        || ws.add_manuscripts(contents),
        || {
            known
                .par_iter()
                .filter_map(|path| {
                    let bytes = read_file(path, limits.max_file_size).ok()?;
                    let parsed = ParsedBibliography::parse(&limits, &display(path), bytes);
                    Some((canonical(path), parsed))
                })
                .collect::<HashMap<PathBuf, ParsedBibliography>>()
        },
    );

    let mut loaded: HashMap<PathBuf, Result<usize, String>> = HashMap::new();
    let mut load_bib = |ws: &mut Workspace, path: &Path| -> Result<usize, String> {
        let key = canonical(path);
        let limit = ws.limits.max_file_size;
        if let Some(ready) = parsed.remove(&key) {
            return loaded
                .entry(key)
                .or_insert_with(|| Ok(ws.add_parsed_bibliography(ready)))
                .clone();
        }
        loaded
            .entry(key)
            .or_insert_with(|| match read_file(path, limit) {
                Ok(bytes) => Ok(ws.add_parsed_bibliography(ParsedBibliography::parse(
                    &ws.limits,
                    &display(path),
                    bytes,
                ))),
                Err(Unread::Skipped(message) | Unread::Failed(message)) => Err(message),
            })
            .clone()
    };
    // Bibliographies named as paths (a hook passes changed files): check them as they are.
    for path in yaml {
        if let Err(e) = load_bib(ws, &path) {
            errors.push(format!("cannot read {}: {e}", display(&path)));
        }
    }
    let documents = ws.documents.len();
    if !cli.bibliography.is_empty() {
        for path in &cli.bibliography {
            match load_bib(ws, path) {
                Ok(b) => (0..documents).for_each(|d| ws.link(d, b)),
                Err(e) => errors.push(format!(
                    "cannot read the bibliography {}: {e}",
                    display(path)
                )),
            }
        }
        return;
    }
    for d in 0..documents {
        let doc_dir = Path::new(&ws.source(ws.documents[d].source).path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let named: Vec<String> = ws.documents[d]
            .front_matter
            .iter()
            .flat_map(|fm| fm.bibliography.iter().map(|b| b.value.clone()))
            .collect();
        if named.is_empty() {
            // No front matter bibliography: use the configuration's.
            for b in config
                .iter()
                .flat_map(|(c, base)| c.bibliography.iter().map(move |b| base.join(&b.value)))
            {
                match load_bib(ws, &normalize(&b)) {
                    Ok(b) => ws.link(d, b),
                    Err(e) => errors.push(format!(
                        "cannot read the bibliography {} named in the configuration: {e}",
                        display(&b)
                    )),
                }
            }
            continue;
        }
        for name in named {
            let beside = normalize(&doc_dir.join(&name));
            let path = if beside.exists()
                || Path::new(&name).is_absolute()
                || !Path::new(&name).exists()
            {
                beside
            } else {
                PathBuf::from(&name)
            };
            match load_bib(ws, &path) {
                Ok(b) => ws.link(d, b),
                Err(e) => ws.bibliography_missing(d, &name, &e),
            }
        }
    }
}

/// The key a file is known by, whichever way its path is written.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

enum Unread {
    /// Not read on purpose (too large, not a regular file): reported in place.
    Skipped(String),
    Failed(String),
}

/// Reads a regular file of at most `limit` bytes.
fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, Unread> {
    let meta = std::fs::metadata(path).map_err(|e| Unread::Failed(e.to_string()))?;
    if !meta.is_file() {
        return Err(Unread::Skipped(format!(
            "{} is not a regular file; it was not read",
            display(path)
        )));
    }
    if meta.len() > limit {
        return Err(Unread::Skipped(format!(
            "{} is {} bytes, over the limit of {limit}; it was not checked",
            display(path),
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| Unread::Failed(e.to_string()))
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn collect(
    path: &Path,
    files: &mut Vec<PathBuf>,
    yaml: &mut Vec<PathBuf>,
    errors: &mut Vec<String>,
) {
    if !path.exists() {
        errors.push(format!("{}: no such file or folder", display(path)));
        return;
    }
    if !path.is_dir() {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let yaml_or_json = ["yaml", "yml", "json"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e));
        if yaml_or_json {
            // Only CSL-YAML and CSL-JSON are ours; other files (CI, configuration, package
            // manifests) are passed over.
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if cite_lint::parse::bibliography::looks_like_csl(&text) {
                yaml.push(normalize(path));
            }
        } else if cite_lint::is_bibtex(&path.to_string_lossy()) {
            yaml.push(normalize(path));
        } else {
            files.push(normalize(path));
        }
        return;
    }
    let walker = ignore::WalkBuilder::new(path)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if is_markdown(entry.path()) && entry.file_type().is_some_and(|t| t.is_file()) {
                    files.push(normalize(entry.path()));
                }
            }
            Err(e) => errors.push(format!("while searching {}: {e}", display(path))),
        }
    }
}

/// `path` relative to `base` when it lies in `base` or above it (as `../..`), else as it is.
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    for (ups, ancestor) in base.ancestors().enumerate() {
        if let Ok(rest) = path.strip_prefix(ancestor) {
            let mut out = PathBuf::new();
            for _ in 0..ups {
                out.push("..");
            }
            return out.join(rest);
        }
    }
    path.to_path_buf()
}

/// Removes `.` and `name/..` from a path without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
