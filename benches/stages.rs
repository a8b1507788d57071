//! Times each stage of the pipeline on a corpus written by `examples/gen-corpus.rs`, on one
//! thread: parse the manuscripts, load the bibliography, resolve the note citations, run the
//! rules, render the findings. Prints the median of several runs of each.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --chapters 100 --entries 20000 --seed 1 --out target/bench/c100
//! cargo bench --bench stages -- target/bench/c100 [RUNS]
//! ```
//!
//! With no corpus given it prints how to make one and exits.

use cite_lint::{Settings, Workspace};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The allocator of the `cite-lint` binary (src/main.rs), so that figures compare like with like.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo bench --bench stages -- CORPUS_DIR [RUNS]\n(make a corpus with: cargo run --release --example gen-corpus -- --chapters 100 --entries 20000 --seed 1 --out target/bench/c100)"
        );
        return;
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    pool.install(|| bench(&dir, runs));
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn bench(dir: &Path, runs: usize) {
    let mut paths = Vec::new();
    markdown_files(&dir.join("manuscript"), &mut paths);
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).expect("readable")))
        .collect();
    let bib_path = dir.join("bibliography.yaml");
    let bib = std::fs::read(&bib_path).expect("bibliography.yaml in the corpus");
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let mut stages: Vec<(&str, Vec<Duration>)> = vec![
        ("parse manuscripts", Vec::new()),
        ("load bibliography", Vec::new()),
        ("resolve citations", Vec::new()),
        ("run all rules", Vec::new()),
        ("render json", Vec::new()),
        ("render human", Vec::new()),
    ];
    let mut notes = 0;
    let mut entries = 0;
    let mut findings = 0;
    for _ in 0..runs {
        let mut ws = Workspace::default();
        let t = Instant::now();
        let docs = ws.add_manuscripts(files.clone());
        stages[0].1.push(t.elapsed());
        let t = Instant::now();
        let b = ws.add_bibliography(&bib_path.display().to_string(), &bib);
        stages[1].1.push(t.elapsed());
        for d in docs {
            ws.link(d, b);
        }
        let t = Instant::now();
        let resolved = ws.resolve();
        stages[2].1.push(t.elapsed());
        std::hint::black_box(&resolved);
        let t = Instant::now();
        let diagnostics = ws.check(&Settings::default());
        stages[3].1.push(t.elapsed());
        let t = Instant::now();
        let json = cite_lint::report::render_json(&ws, &diagnostics);
        stages[4].1.push(t.elapsed());
        std::hint::black_box(json);
        let t = Instant::now();
        let human = cite_lint::report::render_plain(&ws, &diagnostics);
        stages[5].1.push(t.elapsed());
        std::hint::black_box(human);
        notes = ws.counts().notes;
        entries = ws.counts().sources;
        findings = diagnostics.len();
    }
    println!(
        "corpus {}: {} files, {:.1} MB, {notes} notes, {entries} entries, {findings} findings; one thread, median of {runs}",
        dir.display(),
        files.len(),
        bytes as f64 / 1e6
    );
    println!("| stage | median | per note |");
    println!("| --- | ---: | ---: |");
    for (name, times) in stages {
        let m = median(times);
        println!(
            "| {name} | {:.1} ms | {:.2} µs |",
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() * 1e6 / notes.max(1) as f64
        );
    }
    println!(
        "(\"run all rules\" reuses the stage before's resolution: a workspace resolves once.)"
    );
}
