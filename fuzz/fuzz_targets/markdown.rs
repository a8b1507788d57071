#![no_main]
use cite_lint::parse::manuscript::parse;
use cite_lint::source::SourceId;
use cite_lint::{Limits, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (doc, diags) = parse(SourceId(0), text, &Style::default(), &Limits::default());
    cite_lint_fuzz::assert_document_spans(text, &doc);
    diags.iter().for_each(|d| cite_lint_fuzz::assert_span(text, d.primary.span, "diagnostic"));
    let (again, diags_again) = parse(SourceId(0), text, &Style::default(), &Limits::default());
    assert_eq!(format!("{doc:?}"), format!("{again:?}"));
    assert_eq!(diags, diags_again);
});
