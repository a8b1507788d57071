#![no_main]
use cite_lint::parse::{csl_date, prose_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let found = prose_date::scan(text);
    for (span, _) in &found {
        cite_lint_fuzz::assert_span(text, *span, "date");
    }
    assert_eq!(found, prose_date::scan(text));
    let _ = csl_date::parse_edtf(text);
});
