#![no_main]
//! The whole check: the input is a manuscript and a bibliography separated by a NUL byte,
//! checked with every rule and rendered in every format.
use cite_lint::report;
use cite_lint::{Settings, Workspace};
use libfuzzer_sys::fuzz_target;

fn run(manuscript: &[u8], bibliography: &[u8]) -> Vec<String> {
    let mut ws = Workspace::default();
    let doc = ws.add_manuscript("chapter.md", manuscript);
    let bib = ws.add_bibliography("refs.yaml", bibliography);
    ws.link(doc, bib);
    let diags = ws.check(&Settings::default());
    for d in &diags {
        let file = ws.source(d.primary.source);
        cite_lint_fuzz::assert_span(&file.text, d.primary.span, d.rule);
        for l in &d.labels {
            cite_lint_fuzz::assert_span(&ws.source(l.source).text, l.span, "label");
        }
    }
    vec![
        report::render_plain(&ws, &diags),
        report::render_human(&ws, &diags, report::HumanStyle::Narrated),
        report::render_json(&ws, &diags),
        report::render_sarif(&ws, &diags),
        report::render_short(&ws, &diags),
        report::render_github(&ws, &diags),
    ]
}

fuzz_target!(|data: &[u8]| {
    let (manuscript, bibliography) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let first = run(manuscript, bibliography);
    assert_eq!(first, run(manuscript, bibliography));
});
