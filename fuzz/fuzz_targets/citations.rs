#![no_main]
use cite_lint::parse::citation::scan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let found = scan(text);
    for f in &found {
        cite_lint_fuzz::assert_span(text, f.key_span, "key");
        cite_lint_fuzz::assert_span(text, f.group, "group");
        if let Some((_, s)) = &f.locator {
            cite_lint_fuzz::assert_span(text, *s, "locator");
        }
    }
    assert_eq!(found, scan(text));
});
