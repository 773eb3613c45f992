//! Fast path for reading declaration files in their canonical layout.
//!
//! # Why it exists
//!
//! `cantine check` on 100 000 canteens spent about 80 % of its CPU time in
//! `serde_saphyr::from_str_with_options`, at ~27 MB/s on one core; even the
//! bare event stream of its YAML parser runs at only ~30 MB/s, because
//! general YAML scanning (simple-key lookahead, comment events, spans,
//! budgets) costs far more than our files need. Almost every file is
//! written by `cantine::import::to_yaml` (`src/import/write_yaml.rs`) or
//! edited by hand in the same shape: block mappings indented by two spaces,
//! a block sequence of mappings for `bilans`, flow sequences of slugs,
//! plain, double-quoted and single-quoted one-line scalars, `#` comment
//! lines and `|` / `|-` / `|+` literal blocks. This module reads exactly
//! that subset, line by line, into a small tree ([`Node`]), which
//! `fast_de.rs` then feeds to the same derived `Deserialize` impls of
//! [`Declaration`] that serde-saphyr drives.
//!
//! # Why it cannot change results
//!
//! The fast path only ever answers "here is the declaration" or "not
//! handled"; it never produces an error. [`super::parse`] calls serde-saphyr
//! whenever it declines, so every error message and every file outside the
//! subset are exactly what they were. The fast path declines on anything it
//! is not sure about: any character YAML treats specially (tabs, CR, BOM,
//! controls, Unicode line separators), any indentation other than two
//! spaces per level, anchors, aliases, tags, directives, document markers,
//! flow mappings other than `{}`, comments after values, multi-line plain
//! or quoted scalars, escapes it does not decode, keys that are not plain
//! lowercase identifiers, too many nodes or comments, deep nesting, and any
//! deserialization error at all (type mismatch, unknown or duplicate field,
//! out-of-range number). Scalars reach the visitors exactly as serde-saphyr
//! hands them over (see `fast_de.rs`): strings and `Euros`/`Taux` get the
//! scalar's text, plain `~`/`null`/empty are `None`, integers are only
//! plain decimal digits without a leading zero, booleans only `true` and
//! `false`, enum variants only plain slugs. The differential tests in
//! `fast_tests.rs` compare both parsers on every real file, on synthetic
//! files and on edge cases.

use super::MAX_DEPTH;
use super::fields::{Kind, Section};
use super::outline::Written;
use crate::model::Declaration;
use std::borrow::Cow;

/// Most nodes (scalars and collections) the fast path builds: a real file
/// has about a hundred, serde-saphyr's budget allows 250 000.
const MAX_NODES: usize = 10_000;

/// Most comment lines the fast path reads (serde-saphyr buffers comments).
const MAX_COMMENTS: usize = 16;

/// Longest key accepted (YAML limits simple keys to 1024 characters).
const MAX_KEY: usize = 64;

/// How a scalar was written, as far as type resolution cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Plain: `~`, `null` and the empty scalar mean null.
    Plain,
    /// Quoted or literal block: always a string.
    Quoted,
}

/// A YAML node of the subset.
#[derive(Debug)]
pub(crate) enum Node<'a> {
    Scalar(Cow<'a, str>, Style),
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

/// The fast path declined: the caller falls back to serde-saphyr.
#[derive(Debug)]
pub(crate) struct Declined;

type R<T> = Result<T, Declined>;

/// Parses a declaration in the canonical subset, or `None` if the text is
/// outside it or does not deserialize (the caller then uses serde-saphyr).
pub(crate) fn parse_fast(text: &str) -> Option<Declaration> {
    let node = parse_tree(text).ok()?;
    if !well_written(&node, Kind::Bloc(Section::Racine)) {
        return None;
    }
    super::fast_de::to_declaration(node).ok()
}

/// Whether every scalar is written as `style.rs` wants: the fast path
/// declines the others, so that reading them again reports their quoting.
fn well_written(node: &Node<'_>, kind: Kind) -> bool {
    match node {
        Node::Scalar(text, style) => {
            let written = match style {
                Style::Plain => Written::Plain,
                Style::Quoted => Written::Quoted,
            };
            super::style::problem(kind, text, written).is_none()
        }
        Node::Seq(items) => {
            let item = match kind {
                Kind::Bilans => Kind::Bloc(Section::Bilan),
                Kind::Liste(c) => Kind::Choix(c),
                // Not a list in the model: deserializing fails anyway.
                _ => return true,
            };
            items.iter().all(|n| well_written(n, item))
        }
        Node::Map(entries) => match kind {
            Kind::Bloc(section) => entries
                .iter()
                .all(|(key, value)| section.kind(key).is_none_or(|k| well_written(value, k))),
            _ => true,
        },
    }
}

/// Parses the text into a tree, or declines.
pub(crate) fn parse_tree(text: &str) -> R<Node<'_>> {
    if !allowed_text(text.as_bytes()) {
        return Err(Declined);
    }
    let mut p = Parser {
        lines: split_lines(text),
        pos: 0,
        nodes: 0,
        comments: 0,
    };
    p.skip_insignificant()?;
    match p.lines.get(p.pos) {
        Some(l) if l.indent == 0 => {}
        _ => return Err(Declined),
    }
    let root = p.mapping(0, 1)?;
    p.skip_insignificant()?;
    if p.pos != p.lines.len() {
        return Err(Declined);
    }
    Ok(root)
}

/// Whether every character is one the subset allows: printable, no tab,
/// no CR, no BOM, no C1 control, no Unicode line or paragraph separator.
/// Works on the UTF-8 bytes of a `str`, so the encodings of the refused
/// non-ASCII characters are enough: U+0080..U+009F (`C2 80..9F`),
/// U+2028/2029 (`E2 80 A8/A9`), U+FEFF (`EF BB BF`), U+FFFE/FFFF
/// (`EF BF BE/BF`).
fn allowed_text(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let ok = match b {
            b'\n' | b' '..=0x7e => true,
            0xC2 => !(0x80..=0x9F).contains(&next(1)),
            0xE2 => !(next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9)),
            0xEF => !matches!((next(1), next(2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
            0x80.. => true,
            _ => false,
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// One source line: leading spaces counted, the rest kept.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    rest: &'a str,
    /// Whether a line break ends the line (false only for a last line
    /// without final newline).
    newline: bool,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.rest.is_empty()
    }
    fn is_comment(&self) -> bool {
        self.rest.starts_with('#')
    }
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let (line, newline) = match rest.find('\n') {
            Some(i) => {
                let l = &rest[..i];
                rest = &rest[i + 1..];
                (l, true)
            }
            None => {
                let l = rest;
                rest = "";
                (l, false)
            }
        };
        let content = line.trim_start_matches(' ');
        lines.push(Line {
            indent: line.len() - content.len(),
            rest: content,
            newline,
        });
    }
    lines
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    nodes: usize,
    comments: usize,
}

impl<'a> Parser<'a> {
    fn count_node(&mut self) -> R<()> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Declined);
        }
        Ok(())
    }

    /// Skips blank and comment lines between entries.
    fn skip_insignificant(&mut self) -> R<()> {
        while let Some(l) = self.lines.get(self.pos) {
            if l.is_comment() {
                self.comments += 1;
                if self.comments > MAX_COMMENTS {
                    return Err(Declined);
                }
            } else if !l.is_blank() {
                break;
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// A block mapping whose keys are at `indent`; the current line is its
    /// first entry.
    fn mapping(&mut self, indent: usize, depth: usize) -> R<Node<'a>> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        self.count_node()?;
        let mut entries = Vec::new();
        loop {
            self.skip_insignificant()?;
            let Some(line) = self.lines.get(self.pos).copied() else {
                break;
            };
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return Err(Declined);
            }
            let (key, value) = split_key(line.rest)?;
            self.pos += 1;
            let node = self.value(indent, value, depth)?;
            entries.push((key, node));
        }
        Ok(Node::Map(entries))
    }

    /// The value of a key at `indent`, whose text after `key:` is `value`
    /// (already stripped of leading spaces).
    fn value(&mut self, indent: usize, value: &'a str, depth: usize) -> R<Node<'a>> {
        if value.is_empty() {
            return self.nested(indent, depth);
        }
        match value {
            "|" | "|-" | "|+" => return self.literal(indent, value),
            "{}" => {
                self.count_node()?;
                return Ok(Node::Map(Vec::new()));
            }
            _ => {}
        }
        self.count_node()?;
        let first = value.as_bytes()[0];
        match first {
            b'"' => double_quoted(value).map(|s| Node::Scalar(s, Style::Quoted)),
            b'\'' => single_quoted(value).map(|s| Node::Scalar(s, Style::Quoted)),
            b'[' => self.flow_sequence(value),
            _ => plain(value).map(|s| Node::Scalar(Cow::Borrowed(s), Style::Plain)),
        }
    }

    /// The value of `key:` with nothing after it: a nested block mapping or
    /// sequence two spaces deeper, or an empty (null) scalar.
    fn nested(&mut self, indent: usize, depth: usize) -> R<Node<'a>> {
        self.skip_insignificant()?;
        let Some(line) = self.lines.get(self.pos).copied() else {
            self.count_node()?;
            return Ok(Node::Scalar(Cow::Borrowed(""), Style::Plain));
        };
        if line.indent < indent || (line.indent == indent && !line.rest.starts_with('-')) {
            self.count_node()?;
            return Ok(Node::Scalar(Cow::Borrowed(""), Style::Plain));
        }
        if line.indent != indent + 2 {
            return Err(Declined);
        }
        if line.rest.starts_with('-') {
            self.sequence(indent + 2, depth + 1)
        } else {
            self.mapping(indent + 2, depth + 1)
        }
    }

    /// A block sequence of mappings whose dashes are at `indent`:
    /// `- key: value` then the other keys two spaces deeper than the dash.
    fn sequence(&mut self, indent: usize, depth: usize) -> R<Node<'a>> {
        if depth > MAX_DEPTH {
            return Err(Declined);
        }
        self.count_node()?;
        let mut items = Vec::new();
        loop {
            self.skip_insignificant()?;
            let Some(line) = self.lines.get(self.pos).copied() else {
                break;
            };
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return Err(Declined);
            }
            let Some(item) = line.rest.strip_prefix("- ") else {
                return Err(Declined);
            };
            // The item's first key shares the dash's line.
            if item.is_empty() || !item.as_bytes()[0].is_ascii_lowercase() {
                return Err(Declined);
            }
            if let Some(l) = self.lines.get_mut(self.pos) {
                l.indent = indent + 2;
                l.rest = item;
            }
            items.push(self.mapping(indent + 2, depth + 1)?);
        }
        Ok(Node::Seq(items))
    }

    /// A flow sequence of plain slugs on one line: `[a, b]` or `[]`.
    fn flow_sequence(&mut self, value: &'a str) -> R<Node<'a>> {
        let inner = value
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .ok_or(Declined)?;
        let mut items = Vec::new();
        if !inner.trim_matches(' ').is_empty() {
            for item in inner.split(',') {
                let word = item.trim_matches(' ');
                let slug = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
                if word.is_empty() || !word.bytes().all(slug) {
                    return Err(Declined);
                }
                // A slug must not read as null, a number or a boolean.
                if !word.as_bytes()[0].is_ascii_alphabetic() || is_reserved(word) {
                    return Err(Declined);
                }
                self.count_node()?;
                items.push(Node::Scalar(Cow::Borrowed(word), Style::Plain));
            }
        }
        Ok(Node::Seq(items))
    }

    /// A literal block scalar of a key at `indent`, its content exactly two
    /// spaces deeper. `header` is `|`, `|-` or `|+`.
    fn literal(&mut self, indent: usize, header: &str) -> R<Node<'a>> {
        self.count_node()?;
        let content_indent = indent + 2;
        let mut out = String::new();
        let mut pending_blank = 0usize;
        let mut any = false;
        while let Some(line) = self.lines.get(self.pos).copied() {
            if line.is_blank() {
                // Empty lines only: a line of spaces has subtle rules.
                if line.indent != 0 {
                    return Err(Declined);
                }
                if !any {
                    return Err(Declined);
                }
                pending_blank += 1;
                self.pos += 1;
                continue;
            }
            if line.indent < content_indent {
                if !any && line.indent > indent {
                    return Err(Declined);
                }
                break;
            }
            if !any && line.indent != content_indent {
                return Err(Declined);
            }
            if !line.newline {
                return Err(Declined);
            }
            if any {
                out.push('\n');
            }
            for _ in 0..pending_blank {
                out.push('\n');
            }
            pending_blank = 0;
            out.extend(std::iter::repeat_n(' ', line.indent - content_indent));
            out.push_str(line.rest);
            any = true;
            self.pos += 1;
        }
        if !any {
            return Err(Declined);
        }
        match header {
            "|-" => {}
            "|" => out.push('\n'),
            _ => {
                // Keep: the final line break and every trailing empty line,
                // unless they run to the end of the file, where blank-line
                // handling is subtler; decline that case.
                if self.pos >= self.lines.len() {
                    return Err(Declined);
                }
                out.push('\n');
                for _ in 0..pending_blank {
                    out.push('\n');
                }
            }
        }
        Ok(Node::Scalar(Cow::Owned(out), Style::Quoted))
    }
}

fn is_slug_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}

/// Words YAML 1.1 or 1.2 may read as something else than a string.
fn is_reserved(word: &str) -> bool {
    const RESERVED: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Splits `key: value` / `key:` into the key and the value text.
fn split_key(rest: &str) -> R<(&str, &str)> {
    let end = rest
        .bytes()
        .position(|b| !is_slug_byte(b))
        .ok_or(Declined)?;
    if end == 0 || end > MAX_KEY || !rest.as_bytes()[0].is_ascii_lowercase() {
        return Err(Declined);
    }
    let (key, after) = rest.split_at(end);
    let after = after.strip_prefix(':').ok_or(Declined)?;
    if after.is_empty() {
        return Ok((key, ""));
    }
    if !after.starts_with(' ') {
        return Err(Declined);
    }
    Ok((key, after.trim_start_matches(' ')))
}

/// A one-line plain scalar, refused if anything in it could be YAML syntax.
fn plain(value: &str) -> R<&str> {
    let first = value.as_bytes()[0];
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        return Err(Declined);
    }
    if value.ends_with(' ')
        || value.ends_with(':')
        || value.contains(": ")
        || value.contains(['#', '"', '\\', '[', ']', '{', '}'])
    {
        return Err(Declined);
    }
    Ok(value)
}

/// A double-quoted scalar closed on its line, with nothing after it.
fn double_quoted(value: &str) -> R<Cow<'_, str>> {
    let body = &value[1..];
    let mut out = String::new();
    let mut chars = body.char_indices();
    let mut start = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                if i + 1 != body.len() {
                    return Err(Declined);
                }
                if out.is_empty() && start == 0 {
                    return Ok(Cow::Borrowed(&body[..i]));
                }
                out.push_str(&body[start..i]);
                return Ok(Cow::Owned(out));
            }
            '\\' => {
                out.push_str(&body[start..i]);
                let (_, e) = chars.next().ok_or(Declined)?;
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' => {
                        let mut code = 0u32;
                        for _ in 0..4 {
                            let (_, h) = chars.next().ok_or(Declined)?;
                            code = code * 16 + h.to_digit(16).ok_or(Declined)?;
                        }
                        out.push(char::from_u32(code).ok_or(Declined)?);
                    }
                    _ => return Err(Declined),
                }
                start = chars.offset();
            }
            _ => {}
        }
    }
    Err(Declined)
}

/// A single-quoted scalar closed on its line, with nothing after it.
fn single_quoted(value: &str) -> R<Cow<'_, str>> {
    let body = &value[1..];
    let mut out = String::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                out.push_str(&body[start..=i]);
                i += 2;
                start = i;
                continue;
            }
            if i + 1 != bytes.len() {
                return Err(Declined);
            }
            if start == 0 {
                return Ok(Cow::Borrowed(&body[..i]));
            }
            out.push_str(&body[start..i]);
            return Ok(Cow::Owned(out));
        }
        i += 1;
    }
    Err(Declined)
}
