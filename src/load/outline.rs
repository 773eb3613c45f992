//! Every node of a YAML document in file order, with its path, the
//! position of its key and value, and for scalars how they were written
//! (plain or quoted). Read only for files that need it: files the reader
//! refused (to explain the error at its place) and files outside the
//! canonical layout (for the quoting rules, `style.rs`).

use super::locate::Position;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Without quotes: YAML decides whether it is a number, a boolean or text.
    Plain,
    /// Between quotes, or as a `|` / `>` block: always text.
    Quoted,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A scalar: its value (quotes and escapes removed) and how it was written.
    Scalar(String, Written),
    /// A mapping (a block of keys).
    Map,
    /// A sequence (a list).
    Seq,
    /// An alias (`*name`) or anything else.
    Other,
}

/// One node.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its path, e.g. `bilans[0].achats.valeur_bio` (`""` for the document).
    pub path: String,
    /// Its key and the key's position, for an entry of a mapping.
    pub key: Option<(String, Position)>,
    /// Where its value starts (for a quoted scalar, at the opening quote).
    pub value: Position,
    /// What it is.
    pub shape: Shape,
}

/// The nodes of a document, in file order (a key given twice appears twice).
#[derive(Debug, Default)]
pub struct Outline {
    /// Every node read before the end of the document or its first syntax error.
    pub nodes: Vec<Node>,
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
    /// A key that is itself a collection: skipped.
    Opaque,
}

fn position(span: &Span) -> Position {
    let start = span.start;
    let len = span.end.index().saturating_sub(start.index()).max(1);
    Position {
        line: u32::try_from(start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(start.col() + 1).unwrap_or(u32::MAX),
        length: u32::try_from(len).unwrap_or(u32::MAX),
    }
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Most events read (the loader has already refused huge or deep files).
const MAX_EVENTS: usize = 200_000;

impl Outline {
    /// Reads the nodes of `text` up to its end or its first syntax error.
    pub fn new(text: &str) -> Self {
        let mut nodes = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        let mut budget = MAX_EVENTS;
        while let Some(Ok((event, span))) = parser.next_event() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            let pos = position(&span);
            let shape = match &event {
                Event::Scalar(v, style, ..) => {
                    let written = match style {
                        ScalarStyle::Plain => Written::Plain,
                        _ => Written::Quoted,
                    };
                    Shape::Scalar(v.to_string(), written)
                }
                Event::MappingStart(..) => Shape::Map,
                Event::SequenceStart(..) => Shape::Seq,
                Event::Alias(_) => Shape::Other,
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    continue;
                }
                _ => continue,
            };
            let is_collection = matches!(shape, Shape::Map | Shape::Seq);
            if matches!(stack.last(), Some(Frame::Opaque)) {
                if is_collection {
                    stack.push(Frame::Opaque);
                }
                continue;
            }
            // A key of the enclosing mapping?
            if let Some(Frame::Map { key, .. }) = stack.last_mut()
                && key.is_none()
            {
                let name = match &shape {
                    Shape::Scalar(v, _) => v.clone(),
                    _ => String::from("?"),
                };
                *key = Some((name, pos));
                if is_collection {
                    stack.push(Frame::Opaque);
                }
                continue;
            }
            let (path, key) = match stack.last_mut() {
                Some(Frame::Map { path, key }) => {
                    let key = key.take();
                    let name = key.as_ref().map_or("?", |(k, _)| k.as_str());
                    (join_key(path, name), key)
                }
                Some(Frame::Seq { path, index }) => {
                    let p = format!("{path}[{index}]");
                    *index += 1;
                    (p, None)
                }
                _ => (String::new(), None),
            };
            match shape {
                Shape::Map => stack.push(Frame::Map {
                    path: path.clone(),
                    key: None,
                }),
                Shape::Seq => stack.push(Frame::Seq {
                    path: path.clone(),
                    index: 0,
                }),
                _ => {}
            }
            nodes.push(Node {
                path,
                key,
                value: pos,
                shape,
            });
        }
        Outline { nodes }
    }

    /// The node at `line`:`column`: the one whose value starts there,
    /// else whose key starts there, else the last one starting before it.
    pub fn at(&self, line: u32, column: u32) -> Option<&Node> {
        let here = |p: &Position| p.line == line && p.column == column;
        let before = |p: &Position| (p.line, p.column) <= (line, column);
        let nodes = || self.nodes.iter().rev();
        nodes()
            .find(|n| here(&n.value))
            .or_else(|| nodes().find(|n| n.key.as_ref().is_some_and(|(_, k)| here(k))))
            .or_else(|| {
                nodes().find(|n| before(&n.value) || n.key.as_ref().is_some_and(|(_, k)| before(k)))
            })
    }

    /// The entries at exactly `path`, in file order (more than one when a
    /// key is given twice).
    pub fn entries<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |n| n.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_with_paths_positions_and_styles() {
        let text = "siret: \"21070017500016\"\nbilans: []\nbilans:\n  - annee: 2024\n    achats:\n      valeur_bio: 12\n";
        let o = Outline::new(text);
        let paths: Vec<&str> = o.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "",
                "siret",
                "bilans",
                "bilans",
                "bilans[0]",
                "bilans[0].annee",
                "bilans[0].achats",
                "bilans[0].achats.valeur_bio"
            ]
        );
        let siret = &o.nodes[1];
        assert_eq!(
            siret.shape,
            Shape::Scalar("21070017500016".into(), Written::Quoted)
        );
        // A quoted scalar starts at its opening quote and spans its quotes.
        assert_eq!(
            (siret.value.line, siret.value.column, siret.value.length),
            (1, 8, 16)
        );
        let twice: Vec<u32> = o
            .entries("bilans")
            .filter_map(|n| n.key.as_ref().map(|(_, k)| k.line))
            .collect();
        assert_eq!(twice, vec![2, 3]);
        let bio = o.at(6, 19).map(|n| n.path.as_str());
        assert_eq!(bio, Some("bilans[0].achats.valeur_bio"));
        // A position inside a line falls on the node that starts before it.
        assert_eq!(o.at(6, 30).map(|n| n.path.as_str()), bio);
    }
}
