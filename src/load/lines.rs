//! Line-level repairs of a YAML text: the indentation a line should
//! have, and the edits that reindent a line, quote a value or close what
//! a line opened. Used to write the fixes of syntax errors, whose tokens
//! the reader could not give.

use super::parse_error::At;
use crate::diagnostics::{Edit, Fix};

/// Number of characters of a line's leading spaces and tabs.
pub fn indent_width(line: &str) -> usize {
    line.chars().take_while(|c| matches!(c, ' ' | '\t')).count()
}

/// Column (0-based) where a line's content starts, after its indentation
/// and a list dash ("  - annee: 2024" → 4).
pub fn content_column(line: &str) -> usize {
    let indent = indent_width(line);
    let rest: String = line.chars().skip(indent).collect();
    match rest.strip_prefix('-') {
        Some(after) if after.starts_with([' ', '\t']) => {
            indent
                + 1
                + after
                    .chars()
                    .take_while(|c| matches!(c, ' ' | '\t'))
                    .count()
        }
        _ => indent,
    }
}

/// Whether a line opens a block on the next lines: a key without value,
/// a `|` or `>` text block, or a lone dash.
fn opens_block(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(':')
        || t.trim_start() == "-"
        || ["|", "|-", "|+", ">", ">-", ">+"]
            .iter()
            .any(|m| t.ends_with(&format!(": {m}")))
}

/// Whether a line holds data (not blank, not a comment).
fn significant(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The 1-based number of the last significant line before line `n`.
pub fn previous_significant(at: &At<'_>, n: u32) -> Option<u32> {
    (1..n).rev().find(|&k| significant(at.line(k)))
}

/// The indentation line `n` should have, from the line before it: one
/// level (2 spaces) deeper when that line opens a block, else the same
/// column as its content.
pub fn expected_indent(at: &At<'_>, n: u32) -> usize {
    match previous_significant(at, n) {
        Some(p) => {
            let prev = at.line(p);
            content_column(prev) + if opens_block(prev) { 2 } else { 0 }
        }
        None => 0,
    }
}

/// Replaces the leading spaces and tabs of line `n` by `indent` spaces.
pub fn reindent(at: &At<'_>, n: u32, indent: usize) -> Fix {
    let width = indent_width(at.line(n));
    Fix::edit(Edit::new(
        n,
        1,
        u32::try_from(width).unwrap_or(0),
        " ".repeat(indent),
    ))
}

/// The value of a `key: value` line: its 1-based column and its text
/// (trailing spaces removed).
pub fn value_of(line: &str) -> Option<(u32, &str)> {
    let start = content_column(line);
    let byte_start = line.char_indices().nth(start).map(|(i, _)| i)?;
    let rest = &line[byte_start..];
    let colon = rest.find(": ")?;
    let value_bytes = byte_start + colon + 2;
    let value = line[value_bytes..].trim_start();
    let value_bytes = line.len() - line[value_bytes..].trim_start().len();
    let column = line[..value_bytes].chars().count() + 1;
    let value = value.trim_end();
    (!value.is_empty()).then(|| (u32::try_from(column).unwrap_or(1), value))
}

/// `text` as a double-quoted YAML scalar.
pub fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Puts the value of line `n` between quotes, as written (single quotes
/// when it holds backslashes, which double quotes would read as escapes).
pub fn quote_value(at: &At<'_>, n: u32) -> Option<Fix> {
    let (column, value) = value_of(at.line(n))?;
    let inner = value
        .strip_prefix(['"', '\''])
        .and_then(|v| v.strip_suffix(['"', '\'']))
        .unwrap_or(value);
    let quoted = if inner.contains('\\') && !inner.contains('\'') {
        format!("'{inner}'")
    } else {
        double_quoted(inner)
    };
    Some(Fix::edit(Edit::new(
        n,
        column,
        u32::try_from(value.chars().count()).unwrap_or(0),
        quoted,
    )))
}

/// Appends `closing` at the end of line `n` (before trailing spaces).
pub fn close_line(at: &At<'_>, n: u32, closing: &str) -> Fix {
    let line = at.line(n);
    let end = line.trim_end().chars().count() + 1;
    Fix::edit(Edit::new(n, u32::try_from(end).unwrap_or(1), 0, closing))
}

/// How many `open` the line leaves open (outside quotes).
pub fn unclosed(line: &str, open: char, close: char) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, c) if c == open => depth += 1,
            (None, c) if c == close => depth -= 1,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_values() {
        assert_eq!(content_column("  - annee: 2024"), 4);
        assert_eq!(content_column("    achats:"), 4);
        assert_eq!(content_column("\tvaleur_bio: 1"), 1);
        assert_eq!(
            value_of("nom: Restaurant : école"),
            Some((6, "Restaurant : école"))
        );
        assert_eq!(value_of("  - annee:  2024  "), Some((13, "2024")));
        assert_eq!(value_of("achats:"), None);
        assert_eq!(double_quoted("a \"b\" \\"), "\"a \\\"b\\\" \\\\\"");
        assert_eq!(unclosed("secteurs: [a, b", '[', ']'), 1);
        assert_eq!(unclosed("nom: \"[\"", '[', ']'), 0);
        assert!(opens_block("presentation: |"));
        assert!(opens_block("  - achats:"));
        assert!(!opens_block("nom: Cantine"));
    }
}
