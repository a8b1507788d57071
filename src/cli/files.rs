//! Finding and reading the files of a run.

use cite_lint::Workspace;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Reads the manuscripts under `paths` and the bibliographies they need into `ws`.
/// Returns the I/O problems that have no place in a file to point at.
pub fn load(ws: &mut Workspace, paths: &[PathBuf], bibliographies: &[PathBuf]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files, &mut errors);
    }
    files.sort();
    files.dedup();
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) => {
                ws.add_manuscript(&display(file), &bytes);
            }
            Err(e) => errors.push(format!("cannot read {}: {e}", display(file))),
        }
    }
    let mut loaded: HashMap<PathBuf, Result<usize, String>> = HashMap::new();
    let mut load_bib = |ws: &mut Workspace, path: &Path| -> Result<usize, String> {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        loaded
            .entry(key)
            .or_insert_with(|| match std::fs::read(path) {
                Ok(bytes) => Ok(ws.add_bibliography(&display(path), &bytes)),
                Err(e) => Err(e.to_string()),
            })
            .clone()
    };
    let documents = ws.documents.len();
    if !bibliographies.is_empty() {
        for path in bibliographies {
            match load_bib(ws, path) {
                Ok(b) => (0..documents).for_each(|d| ws.link(d, b)),
                Err(e) => errors.push(format!(
                    "cannot read the bibliography {}: {e}",
                    display(path)
                )),
            }
        }
        return errors;
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
        for name in named {
            let beside = normalize(&doc_dir.join(&name));
            let path = if beside.exists() || Path::new(&name).is_absolute() {
                beside
            } else if Path::new(&name).exists() {
                PathBuf::from(&name)
            } else {
                beside
            };
            match load_bib(ws, &path) {
                Ok(b) => ws.link(d, b),
                Err(e) => ws.bibliography_missing(d, &name, &e),
            }
        }
    }
    errors
}

fn collect(path: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    if !path.exists() {
        errors.push(format!("{}: no such file or folder", display(path)));
        return;
    }
    if !path.is_dir() {
        files.push(normalize(path));
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
                let p = entry.path();
                let markdown = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
                });
                if markdown && entry.file_type().is_some_and(|t| t.is_file()) {
                    files.push(normalize(p));
                }
            }
            Err(e) => errors.push(format!("while searching {}: {e}", display(path))),
        }
    }
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
