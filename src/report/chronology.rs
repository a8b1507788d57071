//! `--dates`: the timeline the text implies, in date order, each date with where it is written
//! and the note that supports it.

use crate::Workspace;
use crate::model::chronology::{format_date, month_name};
use crate::model::{Container, DateMention, Document, MonthPart, Season, When};

/// Sort key (year, month, day) and how the date reads.
fn describe(doc: &Document, m: &DateMention) -> Option<((i32, u8, u8), String)> {
    match &m.when {
        When::Calendar(c) => {
            let year = c.year?;
            let inferred = if c.year_inferred {
                " (year inferred)"
            } else {
                ""
            };
            let text = match (c.day, c.day_end, c.part) {
                (Some(d), Some(e), _) => {
                    format!("{d}–{e} {} {year}{inferred}", month_name(c.month))
                }
                (Some(d), None, _) => {
                    let time = c
                        .time
                        .map_or(String::new(), |(h, min, _)| format!("{h:02}:{min:02}, "));
                    format!("{time}{d} {} {year}{inferred}", month_name(c.month))
                }
                (None, _, part) => {
                    let part = match part {
                        Some(MonthPart::Early) => "early ",
                        Some(MonthPart::Mid) => "mid-",
                        Some(MonthPart::Late) => "late ",
                        None => "",
                    };
                    format!("{part}{} {year}{inferred}", month_name(c.month))
                }
            };
            Some(((year, c.month, c.day.unwrap_or(0)), text))
        }
        When::Relative { resolved, .. } => {
            let r = resolved.as_ref()?;
            let anchor = &doc.dates[r.anchor];
            let from = match &anchor.when {
                When::Calendar(c) => c.last_day().map(format_date).unwrap_or_default(),
                _ => String::new(),
            };
            let date = r.date;
            Some((
                (i32::from(date.year()), date.month() as u8, date.day() as u8),
                format!("{} (counted from {from})", format_date(date)),
            ))
        }
        When::Season {
            season,
            year,
            year_end,
        } => {
            let name = match season {
                Season::Spring => "spring",
                Season::Summer => "summer",
                Season::Autumn => "autumn",
                Season::Winter => "winter",
            };
            let month = match season {
                Season::Spring => 3,
                Season::Summer => 6,
                Season::Autumn => 9,
                Season::Winter => 12,
            };
            let years = year_end.map_or(year.to_string(), |e| format!("{year}/{e}"));
            Some(((*year, month, 0), format!("{name} {years}")))
        }
    }
}

/// The note that supports a date: the note it is in, or the next note reference in its
/// paragraph.
fn note_for(doc: &Document, m: &DateMention) -> Option<String> {
    match m.container {
        Container::Note(i) => Some(format!("in note {}", doc.note_defs[i as usize].label)),
        Container::InlineNote(_) => Some("in an inline note".into()),
        Container::Prose => {
            let block = doc.block_at(m.span)?;
            doc.next_note_ref(m.span.end(), block.span.end())
                .map(|r| format!("note {}", r.label))
        }
    }
}

pub fn render_chronology(ws: &Workspace) -> String {
    let mut dated = Vec::new();
    let mut undated = Vec::new();
    for doc in &ws.documents {
        let file = ws.source(doc.source);
        for m in &doc.dates {
            let at = file.line_col(m.span.start());
            let place = format!("{}:{}", file.path, at);
            let written = m
                .span
                .slice(&file.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let note = note_for(doc, m).map_or(String::new(), |n| format!("  [{n}]"));
            match describe(doc, m) {
                Some((key, text)) => {
                    dated.push((key, format!("{text}  “{written}”  {place}{note}")))
                }
                None => undated.push(format!("“{written}”  {place}{note}")),
            }
        }
    }
    dated.sort_by_key(|(key, _)| *key);
    let mut out = String::new();
    for (_, line) in &dated {
        out.push_str(line);
        out.push('\n');
    }
    if !undated.is_empty() {
        out.push_str("\nNot placed on the calendar (no year, or nothing to count from):\n");
        for line in &undated {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
