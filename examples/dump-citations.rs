fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mut ws = cite_lint::Workspace::default();
    let bytes = std::fs::read(&path).unwrap();
    let d = ws.add_manuscript(&path, &bytes);
    if let Some(b) = std::env::args().nth(2) {
        let bb = std::fs::read(&b).unwrap();
        let bi = ws.add_bibliography(&b, &bb);
        ws.link(d, bi);
    }
    let doc = &ws.documents[d];
    let text = &ws.sources[doc.source.0 as usize].text;
    let res = ws.resolve();
    for (i, c) in doc.note_citations.iter().enumerate() {
        let r = &res.of(d)[i];
        let ids: Vec<_> = r
            .targets
            .iter()
            .chain(&r.candidates)
            .map(|t| {
                ws.bibliographies[t.bib].entries[t.entry]
                    .id
                    .as_ref()
                    .unwrap()
                    .value
                    .clone()
            })
            .collect();
        println!("=> {:?} {:?}", r.status, ids);
        let note = match c.note {
            cite_lint::model::Container::Note(i) => doc.note_defs[i as usize].label.to_string(),
            _ => "?".into(),
        };
        println!(
            "[{note}] {:?} {:?}\n    au={:?} ti={:?} co={:?}{} ge={:?} se={:?} re={:?} dates={:?} yrs={:?} vol={:?} iss={:?} pages={:?}",
            c.form,
            c.span.slice(text),
            c.authors().map(|a| a.value).collect::<Vec<_>>(),
            c.title().map(|t| t.value),
            c.container().map(|t| t.value),
            if c.container_ibid { " (ibid)" } else { "" },
            c.genre().map(|t| t.value),
            c.sender().map(|t| t.value),
            c.recipient().map(|t| t.value),
            c.dates,
            c.years,
            c.volume().map(|t| t.value),
            c.issue().map(|t| t.value),
            c.locators
                .iter()
                .map(|l| (l.start, l.end))
                .collect::<Vec<_>>()
        );
    }
}
