//! The `cite-lint` command: reads files, runs the library, prints, exits.
//!
//! Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, configuration or
//! I/O error (including a bibliography or front matter that cannot be read), 70 internal error.

mod cli;

fn main() {
    cli::install_panic_hook();
    std::process::exit(cli::run());
}
