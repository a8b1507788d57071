//! Command-line interface. Everything here is I/O and presentation; the checking is in the library.

mod files;

use cite_lint::diagnostic::Severity;
use cite_lint::report::{self, HumanStyle};
use cite_lint::rules::REGISTRY;
use cite_lint::{Settings, Workspace};
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
    after_help = "Exit status: 0 no errors, 1 errors found, 2 usage or input problem.\n\
Examples:\n  cite-lint manuscript/\n  cite-lint chapter.md --bibliography refs.yaml --format json\n  cite-lint explain undefined-note"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Markdown files or folders to check (folders are searched for .md files, honouring .gitignore).
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// CSL-YAML bibliography to check citations against (repeatable). Overrides the
    /// `bibliography:` field of each file's front matter.
    #[arg(long, short = 'b', value_name = "FILE")]
    bibliography: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Colour and drawing: `auto` draws in colour on a terminal and writes plain sentences to a
    /// pipe or file; `never` draws without colour; `always` draws in colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Print the findings only, without the summary line.
    #[arg(long, short)]
    quiet: bool,
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
    /// A JSON array of diagnostics, for scripts and editors.
    Json,
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
        None => check(&cli),
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
            let m = rule.meta();
            println!(
                "# {}\n\nCategory: {}. Default severity: {}.\n\n{}",
                m.name,
                m.category,
                m.default_severity,
                m.doc()
            );
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
    let io_errors = files::load(&mut ws, &cli.paths, &cli.bibliography);
    for e in &io_errors {
        eprintln!("error: {e}");
    }
    let settings = Settings::default();
    let diagnostics = ws.check(&settings);
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (text, summary_to_stderr) = match cli.format {
        Format::Json => (report::render_json(&ws, &diagnostics), true),
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
            (report::render_human(&ws, &diagnostics, style), false)
        }
    };
    let mut out = stdout.lock();
    let _ = out.write_all(text.as_bytes());
    if !cli.quiet {
        let summary = report::summary(&ws, &diagnostics);
        if summary_to_stderr {
            eprintln!("{summary}");
        } else {
            let _ = writeln!(out, "{summary}");
        }
    }
    let _ = out.flush();
    if !io_errors.is_empty() || diagnostics.iter().any(|d| d.fatal) {
        EXIT_USAGE
    } else if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// Width to wrap drawn diagnostics at: `COLUMNS` if set, else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
