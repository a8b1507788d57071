//! A YAML tree that remembers where every node came from.
//!
//! `serde_yaml` forgets positions once a document parses, and the diagnostics of cite-lint must
//! point at the exact field of a bibliography entry. This module builds a small tree from the
//! events of `saphyr-parser`, with a byte span on every node. It refuses what a bibliography
//! never needs and an attacker could abuse: aliases (the "billion laughs"), nesting deeper than
//! [`MAX_DEPTH`], duplicate keys and more than one document.

use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};

/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar's text; `quoted` is true for single- or double-quoted and block scalars, which
    /// YAML never reads as numbers, booleans or null.
    Scalar {
        text: String,
        quoted: bool,
    },
    Sequence(Vec<Node>),
    Mapping(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// True for an unquoted `~`, `null`, `Null`, `NULL` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, quoted: false }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a mapping, with the key itself.
    pub fn get(&self, key: &str) -> Option<(&Key, &Node)> {
        self.as_mapping()?
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(k, v)| (k, v))
    }

    /// What kind of node this is, in words, for error messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => "an empty value",
            NodeKind::Scalar { .. } => "a single value",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
        }
    }
}

/// Why a YAML text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// Parses the first YAML document of `text`. `Ok(None)` for a text with no document.
pub fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    parse_streaming(text, None)
}

/// Like [`parse`], but each item of the top-level list, or of the list under a top-level
/// `references:` key, goes to `entry` as soon as it is read instead of into the tree, whose list
/// is left empty. A bibliography of 100,000 entries is then never held whole as a tree.
pub fn parse_entries(text: &str, entry: &mut dyn FnMut(Node)) -> Result<Option<Node>, YamlError> {
    parse_streaming(text, Some(entry))
}

fn parse_streaming(
    text: &str,
    entry: Option<&mut dyn FnMut(Node)>,
) -> Result<Option<Node>, YamlError> {
    let offsets = Offsets::new(text);
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        root: None,
        entry,
    };
    let mut documents = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            let at = offsets.byte(e.marker().line(), e.marker().col());
            let message = if e.info().contains("recursion limit") {
                format!("YAML nested more than {MAX_DEPTH} levels deep")
            } else {
                format!("YAML syntax error: {}", e.info())
            };
            YamlError {
                message,
                span: Span::new(at, at),
            }
        })?;
        let span = Span::new(
            offsets.byte(span.start.line(), span.start.col()),
            offsets.byte(span.end.line(), span.end.col()),
        );
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message: "this file holds more than one YAML document; only one is allowed"
                            .into(),
                        span,
                    });
                }
            }
            Event::Alias(_) => {
                return Err(YamlError {
                    message: "YAML aliases (`*name`) are not accepted here; write the value out"
                        .into(),
                    span,
                });
            }
            Event::Scalar(text, style, _, _) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                builder.value(Node {
                    kind: NodeKind::Scalar {
                        text: text.into_owned(),
                        quoted,
                    },
                    span,
                })?;
            }
            Event::SequenceStart(..) => builder.open(span, false)?,
            Event::MappingStart(..) => builder.open(span, true)?,
            Event::SequenceEnd | Event::MappingEnd => builder.close(span)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(builder.root)
}

enum Open {
    Sequence(Span, Vec<Node>),
    Mapping(Span, Vec<(Key, Node)>, Option<Key>),
}

struct Builder<'t, 'e> {
    text: &'t str,
    stack: Vec<Open>,
    root: Option<Node>,
    entry: Option<&'e mut dyn FnMut(Node)>,
}

impl Builder<'_, '_> {
    fn open(&mut self, span: Span, mapping: bool) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("YAML nested more than {MAX_DEPTH} levels deep"),
                span,
            });
        }
        if let Some(Open::Mapping(_, _, None)) = self.stack.last() {
            return Err(YamlError {
                message: "a mapping key must be a single value, not a list or mapping".into(),
                span,
            });
        }
        self.stack.push(if mapping {
            Open::Mapping(span, Vec::new(), None)
        } else {
            Open::Sequence(span, Vec::new())
        });
        Ok(())
    }

    fn close(&mut self, end: Span) -> Result<(), YamlError> {
        // A block collection ends where the next token starts: leave out the blank space.
        let span = |start: Span| {
            let end = end.end().max(start.end());
            let covered = self.text.get(start.start()..end).unwrap_or_default();
            Span::new(start.start(), start.start() + covered.trim_end().len())
        };
        let node = match self.stack.pop() {
            Some(Open::Sequence(start, items)) => Node {
                kind: NodeKind::Sequence(items),
                span: span(start),
            },
            Some(Open::Mapping(start, entries, _)) => Node {
                kind: NodeKind::Mapping(entries),
                span: span(start),
            },
            None => return Ok(()),
        };
        self.value(node)
    }

    /// Whether the innermost open collection is the list of entries.
    fn in_entry_list(&self) -> bool {
        match self.stack.as_slice() {
            [Open::Sequence(..)] => true,
            [Open::Mapping(_, _, Some(key)), Open::Sequence(..)] => key.text == "references",
            _ => false,
        }
    }

    fn value(&mut self, node: Node) -> Result<(), YamlError> {
        if self.entry.is_some() && self.in_entry_list() {
            if let Some(entry) = self.entry.as_mut() {
                entry(node);
            }
            return Ok(());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Sequence(_, items)) => items.push(node),
            Some(Open::Mapping(_, entries, pending)) => match pending.take() {
                None => {
                    let span = node.span;
                    let text = match node.kind {
                        NodeKind::Scalar { text, .. } => text,
                        _ => String::new(),
                    };
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.text == text) {
                        return Err(YamlError {
                            message: format!(
                                "the key `{text}` appears twice in this mapping (first at byte {})",
                                first.span.start()
                            ),
                            span,
                        });
                    }
                    *pending = Some(Key { text, span });
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

/// Converts the parser's (line, character column) markers into byte offsets.
struct Offsets<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Offsets<'a> {
    /// Lines as the YAML parser counts them: a line ends at a line feed, a carriage return, or
    /// both together (a CR alone ends a line in YAML, as in old Mac files).
    fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                memchr::memchr2_iter(b'\r', b'\n', b)
                    // The LF of a CRLF ends no line of its own.
                    .filter(|&i| !(b[i] == b'\n' && i > 0 && b[i - 1] == b'\r'))
                    .map(|i| {
                        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                            i + 2
                        } else {
                            i + 1
                        }
                    }),
            )
            .collect();
        Offsets { text, line_starts }
    }

    fn byte(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        // The column counts characters: in ASCII, bytes.
        match rest.as_bytes().get(..col) {
            Some(before) if before.is_ascii() => start + col,
            _ => start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_values_after_any_line_break() {
        // LF, CRLF and a lone CR each end a line for the YAML parser, and so for the spans.
        for text in [
            "a: 1\nb: xy\n",
            "a: 1\r\nb: xy\r\n",
            "a: 1\rb: xy\r",
            "a: 1\r\rb: xy\n",
        ] {
            let root = parse(text).unwrap().unwrap();
            let (key, b) = root.get("b").unwrap();
            assert_eq!(key.span.slice(text), "b", "{text:?}");
            assert_eq!(b.span.slice(text), "xy", "{text:?}");
        }
    }

    #[test]
    fn spans_point_at_values() {
        let text = "a: 1\nb:\n  - “x”\n  - y\n";
        let root = parse(text).unwrap().unwrap();
        let (key, b) = root.get("b").unwrap();
        assert_eq!(key.span.slice(text), "b");
        let items = b.as_sequence().unwrap();
        assert_eq!(items[0].span.slice(text), "“x”");
        assert_eq!(items[1].as_str(), Some("y"));
        assert_eq!(items[1].span.slice(text), "y");
    }

    #[test]
    fn entries_are_handed_over_as_they_are_read() {
        for text in [
            "- id: a\n- id: b\n",
            "people: []\nreferences:\n  - id: a\n  - id: b\n",
        ] {
            let mut ids = Vec::new();
            let root = parse_entries(text, &mut |node| {
                let (_, id) = node.get("id").expect("an id");
                ids.push((
                    id.as_str().unwrap().to_owned(),
                    id.span.slice(text).to_owned(),
                ));
            })
            .unwrap()
            .unwrap();
            assert_eq!(ids, [("a".into(), "a".into()), ("b".into(), "b".into())]);
            // The list is left empty in the tree, and everything else is kept.
            let list = root.get("references").map_or(&root, |(_, v)| v);
            assert_eq!(list.as_sequence().map(<[Node]>::len), Some(0), "{text}");
            assert_eq!(parse(text).unwrap().unwrap().span, root.span);
        }
    }

    #[test]
    fn only_the_top_level_list_is_handed_over() {
        let text = "events:\n  - id: e\n    sources: [a, b]\nother:\n  references: [x]\n";
        let mut handed = 0;
        let root = parse_entries(text, &mut |_| handed += 1).unwrap().unwrap();
        assert_eq!(handed, 0);
        assert_eq!(root, parse(text).unwrap().unwrap());
    }

    #[test]
    fn aliases_are_refused() {
        let err = parse("a: &x [1]\nb: *x\n").unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let text = "id: a\nid: b\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.span.start(), 6);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000);
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nested"), "{err:?}");
    }

    #[test]
    fn syntax_error_is_located() {
        let text = "a: 1\nb: [unclosed\nc: 2\n";
        let err = parse(text).unwrap_err();
        assert!(err.span.start() >= 5, "{err:?}");
    }

    #[test]
    fn empty_text_has_no_document() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# only a comment\n").unwrap(), None);
    }
}
