//! Command-line interface. Everything here is I/O and presentation; the checking is in the library.

mod files;

use cite_lint::Workspace;
use cite_lint::diagnostic::Severity;
use cite_lint::report::{self, HumanStyle};
use cite_lint::rules::REGISTRY;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Exit code for findings at error level.
const EXIT_FINDINGS: i32 = 1;
/// Exit code for usage, configuration and I/O errors.
const EXIT_USAGE: i32 = 2;
/// Exit code when cite-lint itself fails (a bug).
const EXIT_BUG: i32 = 70;

/// Check the notes, citations and sources of a Pandoc Markdown manuscript.
#[derive(Parser, Debug)]
#[command(name = "cite-lint", version, args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Exit status: 0 no errors, 1 errors found, 2 usage, configuration or input problem.\n\
Examples:\n  cite-lint manuscript/\n  cite-lint chapter.md --bibliography refs.yaml --format json\n  cite-lint explain undefined-note"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Markdown files or folders to check (folders are searched for .md files, honouring
    /// .gitignore). CSL-YAML files given here are checked as bibliographies. Default: the
    /// configuration's `manuscript`, else the current folder.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// CSL-YAML bibliography to check citations against (repeatable). Overrides the
    /// `bibliography:` field of each file's front matter and the configuration.
    #[arg(long, short = 'b', value_name = "FILE")]
    bibliography: Vec<PathBuf>,

    /// Configuration file. Default: the first cite-lint.yaml in the current folder or above.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Ignore any cite-lint.yaml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Run only these rules or categories (comma-separated or repeated; `all` for every rule).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Vec<String>,

    /// Never run these rules or categories (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Colour and drawing: `auto` draws in colour on a terminal and writes plain sentences to a
    /// pipe or file; `never` draws without colour; `always` draws in colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Print the timeline the text implies (every date, in date order, with where it is
    /// written and the note that supports it) instead of checking.
    #[arg(long)]
    dates: bool,

    /// Print the findings only, without the summary line.
    #[arg(long, short)]
    quiet: bool,

    /// Number of threads for reading and parsing files (default: one per core). Output is the
    /// same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List every rule with its category, default severity and what it catches.
    Rules,
    /// Show the full documentation of a rule.
    Explain {
        /// The rule's name, e.g. `undefined-note`.
        rule: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics drawn with the words they point at (miette).
    Human,
    /// One line each: `path:line:col: severity[rule]: message`.
    Short,
    /// A JSON array of diagnostics, for scripts and editors.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "cite-lint {} crashed: {info}\n\
             This is a bug in cite-lint, not in your manuscript. Please report it with the \
             command you ran and, if you can, the file that caused it.",
            env!("CARGO_PKG_VERSION")
        );
        std::process::exit(EXIT_BUG);
    }));
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    match &cli.command {
        Some(Command::Rules) => print_rules(),
        Some(Command::Explain { rule }) => explain(rule),
        None => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(cli.jobs.unwrap_or(0))
                .build();
            match pool {
                Ok(pool) => pool.install(|| check(&cli)),
                Err(e) => {
                    eprintln!("error: cannot start {} threads: {e}", cli.jobs.unwrap_or(0));
                    EXIT_USAGE
                }
            }
        }
    }
}

fn print_rules() -> i32 {
    let mut out = String::new();
    let width = REGISTRY
        .iter()
        .map(|r| r.meta().name.len())
        .max()
        .unwrap_or(0);
    for rule in REGISTRY {
        let m = rule.meta();
        out.push_str(&format!(
            "{:width$}  {:12}  {:7}  {}\n",
            m.name,
            m.category.as_str(),
            m.default_severity.as_str(),
            m.summary()
        ));
    }
    print!("{out}");
    0
}

fn explain(name: &str) -> i32 {
    match cite_lint::rules::find(name) {
        Some(rule) => {
            print!("{}", cite_lint::rules::doc_page(rule.meta()));
            0
        }
        None => {
            let names = REGISTRY.iter().map(|r| r.meta().name).collect::<Vec<_>>();
            eprintln!(
                "error: there is no rule named `{name}`. Rules: {}",
                names.join(", ")
            );
            EXIT_USAGE
        }
    }
}

fn check(cli: &Cli) -> i32 {
    let mut ws = Workspace::default();
    let mut errors = Vec::new();
    let config = files::load_config(&mut ws, cli, &mut errors);
    let mut settings = config
        .as_ref()
        .map(|(c, _)| c.settings.clone())
        .unwrap_or_default();
    if !cli.select.is_empty() {
        let names: Vec<&str> = cli.select.iter().map(String::as_str).collect();
        if let Err(name) = settings.select(&names) {
            eprintln!(
                "error: --select: there is no rule or category named `{name}` (see `cite-lint rules`)"
            );
            return EXIT_USAGE;
        }
    }
    let names: Vec<&str> = cli.ignore.iter().map(String::as_str).collect();
    if let Err(name) = settings.ignore(&names) {
        eprintln!(
            "error: --ignore: there is no rule or category named `{name}` (see `cite-lint rules`)"
        );
        return EXIT_USAGE;
    }
    files::load(&mut ws, cli, config.as_ref(), &mut errors);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if cli.dates {
        print!("{}", report::render_chronology(&ws));
        return if errors.is_empty() { 0 } else { EXIT_USAGE };
    }
    let diagnostics = ws.check(&settings);
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let text = match cli.format {
        Format::Json => report::render_json(&ws, &diagnostics),
        Format::Short => report::render_short(&ws, &diagnostics),
        Format::Sarif => report::render_sarif(&ws, &diagnostics),
        Format::Github => report::render_github(&ws, &diagnostics),
        Format::Human => {
            let style = match cli.color {
                Color::Always => HumanStyle::Graphical {
                    color: true,
                    width: width(),
                },
                Color::Never => HumanStyle::Graphical {
                    color: false,
                    width: width(),
                },
                Color::Auto if !terminal => HumanStyle::Narrated,
                Color::Auto => HumanStyle::Graphical {
                    color: !no_color,
                    width: width(),
                },
            };
            report::render_human(&ws, &diagnostics, style)
        }
    };
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    if !cli.quiet {
        let summary = report::summary(&ws, &diagnostics);
        // Machine-readable formats keep standard output for themselves.
        if cli.format == Format::Human || cli.format == Format::Short {
            let _ = writeln!(out, "{summary}");
        } else {
            eprintln!("{summary}");
        }
    }
    let _ = out.flush();
    let code = if !errors.is_empty() || diagnostics.iter().any(|d| d.fatal) {
        EXIT_USAGE
    } else if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        0
    };
    // The process ends here: freeing every parsed file, entry and index one by one would only
    // cost time (a tenth of a large run), so the memory goes back to the system at exit.
    std::mem::forget(diagnostics);
    std::mem::forget(ws);
    code
}

/// Width to wrap drawn diagnostics at: `COLUMNS` if set, else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
