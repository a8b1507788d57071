//! The parse-only floor for benchmarks: reads every Markdown file under the given folders and
//! parses it with pulldown-cmark, with the options cite-lint uses (`src/parse/manuscript.rs`),
//! consuming every event: on one thread, or with `-j N` on N threads, a file to each as
//! cite-lint does. Nothing is checked, so cite-lint cannot be faster than this on the same
//! files with as many threads.
//!
//! ```text
//! cargo run --release --example parse-floor -- [-j N] DIR...
//! ```
//!
//! Prints one line: `files=N bytes=B events=E checksum=C seconds=S mb_per_s=R`.

use pulldown_cmark::{Event, Options, Parser};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The allocator of the `cite-lint` binary (src/main.rs), so that figures compare like with like.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The options of `inline_runs` in `src/parse/manuscript.rs`.
fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn walk(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        if is_markdown(path) {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let file_type = std::fs::symlink_metadata(&entry)?.file_type();
        if file_type.is_dir() {
            walk(&entry, out)?;
        } else if file_type.is_file() && is_markdown(&entry) {
            out.push(entry);
        }
    }
    Ok(())
}

/// Reads and parses one file: its bytes, events and a checksum of the events.
fn parse_file(file: &Path, options: Options) -> std::io::Result<(u64, u64, u64)> {
    let text = std::fs::read_to_string(file)?;
    let (mut events, mut checksum) = (0u64, 0u64);
    // Offsets as cite-lint asks for them; fold every event in so none is skipped.
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        events += 1;
        let weight = match &event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::Html(t) => t.len(),
            Event::FootnoteReference(label) => label.len() + 1,
            _ => 1,
        };
        checksum = checksum
            .rotate_left(5)
            .wrapping_add(range.start as u64 ^ weight as u64);
    }
    Ok((text.len() as u64, events, checksum))
}

fn usage() -> ! {
    eprintln!("usage: parse-floor [-j N] DIR...");
    std::process::exit(2);
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1).peekable();
    let mut jobs = 1usize;
    if args.peek().is_some_and(|a| a == "-j") {
        args.next();
        jobs = match args.next().and_then(|n| n.to_str()?.parse().ok()) {
            Some(n) if n > 0 => n,
            _ => usage(),
        };
    }
    let roots: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if roots.is_empty() {
        usage();
    }
    let started = Instant::now();
    let mut files = Vec::new();
    for root in &roots {
        walk(root, &mut files)?;
    }
    files.sort();
    files.dedup();
    let options = options();
    let parsed: Vec<(u64, u64, u64)> = if jobs == 1 {
        files
            .iter()
            .map(|f| parse_file(f, options))
            .collect::<Result<_, _>>()?
    } else {
        use rayon::prelude::*;
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(std::io::Error::other)?
            .install(|| {
                files
                    .par_iter()
                    .map(|f| parse_file(f, options))
                    .collect::<Result<_, _>>()
            })?
    };
    let (mut bytes, mut events, mut checksum) = (0u64, 0u64, 0u64);
    for (b, e, c) in parsed {
        bytes += b;
        events += e;
        checksum = checksum.rotate_left(7) ^ c;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "files={} bytes={bytes} events={events} checksum={checksum:016x} seconds={seconds:.3} mb_per_s={:.1}",
        files.len(),
        bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    Ok(())
}
