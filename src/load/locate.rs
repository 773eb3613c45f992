//! Maps a path inside a YAML document (`bilans[0].achats.valeur_bio`) to
//! its line and column, so that semantic diagnostics point at the value a
//! contributor must fix. Built only for files that have diagnostics.

use serde_saphyr::granit_parser::{Event, Parser};
use std::collections::HashMap;

/// A position in a source file: 1-based line and column, length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
    /// Length of the span to underline, in characters (at least 1).
    pub length: u32,
}

/// Where a node is: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeLocation {
    /// The key of the mapping entry, if the node is one.
    pub key: Option<Position>,
    /// The value.
    pub value: Position,
}

/// Every node of a YAML document, by path.
#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<String, NodeLocation>,
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Position)>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

fn position(span: &serde_saphyr::granit_parser::Span) -> Position {
    let start = span.start;
    let len = span.end.index().saturating_sub(start.index()).max(1);
    Position {
        line: u32::try_from(start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(start.col() + 1).unwrap_or(u32::MAX),
        length: u32::try_from(len).unwrap_or(u32::MAX),
    }
}

impl SourceMap {
    /// Indexes a document. A syntax error stops indexing; what was seen
    /// before it stays available.
    pub fn new(text: &str) -> Self {
        let mut nodes = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        // Guards against pathological documents: the loader has already
        // refused deep or huge files, this is a second line of defence.
        let mut budget = 1_000_000usize;
        while let Some(Ok((event, span))) = parser.next_event() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            let pos = position(&span);
            let is_node = matches!(
                event,
                Event::Scalar(..)
                    | Event::MappingStart(..)
                    | Event::SequenceStart(..)
                    | Event::Alias(_)
            );
            if is_node {
                // Is this node a key of the enclosing mapping?
                if let Some(Frame::Map { key, .. }) = stack.last_mut()
                    && key.is_none()
                {
                    let name = match &event {
                        Event::Scalar(v, ..) => v.to_string(),
                        _ => String::from("?"),
                    };
                    *key = Some((name, pos));
                    if let Event::MappingStart(..) | Event::SequenceStart(..) = event {
                        // A complex key: skip it as an opaque node.
                        stack.push(Frame::Seq {
                            path: String::from("?"),
                            index: 0,
                        });
                    }
                    continue;
                }
                let (path, key_pos) = match stack.last_mut() {
                    None => (String::new(), None),
                    Some(Frame::Map { path, key }) => {
                        let (name, kpos) = key.take().unwrap_or_default();
                        (join_key(path, &name), Some(kpos))
                    }
                    Some(Frame::Seq { path, index }) => {
                        let p = format!("{path}[{index}]");
                        *index += 1;
                        (p, None)
                    }
                };
                nodes.entry(path.clone()).or_insert(NodeLocation {
                    key: key_pos,
                    value: pos,
                });
                match event {
                    Event::MappingStart(..) => stack.push(Frame::Map { path, key: None }),
                    Event::SequenceStart(..) => stack.push(Frame::Seq { path, index: 0 }),
                    _ => {}
                }
            } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
            }
        }
        SourceMap { nodes }
    }

    /// The location of the node at `path`, or of its nearest existing
    /// ancestor (a missing field is reported where its parent is).
    pub fn find(&self, path: &str) -> NodeLocation {
        let mut p = path;
        loop {
            if let Some(loc) = self.nodes.get(p) {
                return *loc;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => {
                    return self.nodes.get("").copied().unwrap_or(NodeLocation {
                        key: None,
                        value: Position {
                            line: 1,
                            column: 1,
                            length: 1,
                        },
                    });
                }
            }
        }
    }

    /// Whether a node exists at exactly `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_keys() {
        let text = "siret: \"1\"\nbilans:\n  - annee: 2024\n    achats:\n      valeur_bio: 12\n  - annee: 2023\n";
        let map = SourceMap::new(text);
        let loc = map.find("bilans[0].achats.valeur_bio");
        assert_eq!(
            (loc.value.line, loc.value.column, loc.value.length),
            (5, 19, 2)
        );
        let key = loc.key.unwrap_or_default();
        assert_eq!((key.line, key.column), (5, 7));
        assert_eq!(map.find("bilans[1].annee").value.line, 6);
        // A missing field is reported on its parent.
        assert_eq!(map.find("bilans[1].achats").value.line, 6);
        assert_eq!(map.find("nom").value.line, 1);
    }
}
