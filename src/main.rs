//! The `cite-lint` command: reads files, runs the library, prints, exits.
//!
//! Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, configuration or
//! I/O error (including a bibliography or front matter that cannot be read), 70 internal error
//! (a panic, reported as a bug by the panic hook).

mod cli;

/// jemalloc is about 10% faster than the system allocator on a large manuscript, where
/// parsing makes and frees many small lists (docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    cli::install_panic_hook();
    // Lets the tests check what a crash looks like to a user.
    if std::env::var_os("CITE_LINT_CRASH_TEST").is_some() {
        panic!("crash requested by CITE_LINT_CRASH_TEST");
    }
    std::process::exit(cli::run());
}
