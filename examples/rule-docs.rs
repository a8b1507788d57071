//! Writes `docs/rules/<rule>.md` and `docs/rules/README.md` from the rules' doc comments.
//!
//! Run `cargo run --example rule-docs` after changing a rule's documentation; `tests/docs.rs`
//! fails while the files are stale.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::remove_file(path)?;
        }
    }
    for (name, text) in cite_lint::rules::doc_files() {
        std::fs::write(dir.join(name), text)?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}
