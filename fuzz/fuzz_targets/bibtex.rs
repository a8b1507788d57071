#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cite_lint_fuzz::check_bibliography_reader(data, cite_lint::parse::biblatex::parse);
});
