#![no_main]
use cite_lint::parse::biblatex::parse;
use cite_lint::source::SourceId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (bib, diags) = parse(SourceId(0), text);
    cite_lint_fuzz::assert_bibliography_spans(text, &bib);
    diags.iter().for_each(|d| cite_lint_fuzz::assert_span(text, d.primary.span, "diagnostic"));
    let (again, diags_again) = parse(SourceId(0), text);
    assert_eq!(format!("{bib:?}"), format!("{again:?}"));
    assert_eq!(diags, diags_again);
});
