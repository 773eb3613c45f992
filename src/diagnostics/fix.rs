//! The change of a file that corrects a diagnostic: text replacements at
//! line:column positions, and the place the file should move to. Written
//! by `check --format json` for tools (an editor, a bot), and
//! applied by the tests to prove that each fix corrects its problem.

use borsh::{BorshDeserialize, BorshSerialize};
use serde::Serialize;

/// How to correct a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, BorshSerialize, BorshDeserialize)]
pub struct Fix {
    /// Replacements in the file, not overlapping (possibly none, when the
    /// fix is only a move).
    pub edits: Vec<Edit>,
    /// Where the file belongs, relative to the repository root, when it is
    /// in the wrong folder or has the wrong name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub move_to: Option<String>,
}

impl Fix {
    /// One replacement.
    pub fn edit(edit: Edit) -> Self {
        Fix {
            edits: vec![edit],
            move_to: None,
        }
    }

    /// Several replacements.
    pub fn edits(edits: Vec<Edit>) -> Self {
        Fix {
            edits,
            move_to: None,
        }
    }

    /// Moving the file to `path`.
    pub fn move_to(path: impl Into<String>) -> Self {
        Fix {
            edits: Vec::new(),
            move_to: Some(path.into()),
        }
    }
}

/// One replacement: `length` characters from `line`:`column` become `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, BorshSerialize, BorshDeserialize)]
pub struct Edit {
    /// 1-based line of the first replaced character.
    pub line: u32,
    /// 1-based column of the first replaced character, in characters
    /// (Unicode scalar values), as the diagnostics' columns.
    pub column: u32,
    /// How many characters are replaced; 0 inserts `text`. May run over
    /// line breaks (a line break counts as one character).
    pub length: u32,
    /// The new text.
    pub text: String,
}

impl Edit {
    /// Replaces `length` characters at `line`:`column` with `text`.
    pub fn new(line: u32, column: u32, length: u32, text: impl Into<String>) -> Self {
        Edit {
            line,
            column,
            length,
            text: text.into(),
        }
    }
}

/// The byte offset of `line`:`column` (1-based, in characters) in `text`;
/// the end of a line (its line break) and the end of the text are valid.
fn offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let col = usize::try_from(column.checked_sub(1)?).ok()?;
    let within = line_text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line_text.len()))
        .nth(col)?;
    Some(start + within)
}

/// The byte offset `length` characters after byte offset `from`.
fn advance(text: &str, from: usize, length: u32) -> Option<usize> {
    let n = usize::try_from(length).ok()?;
    text[from..]
        .char_indices()
        .map(|(i, _)| from + i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

/// Applies `edits` to `text`; `None` if one is outside the text or two
/// overlap.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut spans = Vec::with_capacity(edits.len());
    for e in edits {
        let start = offset(text, e.line, e.column)?;
        let end = advance(text, start, e.length)?;
        spans.push((start, end, e.text.as_str()));
    }
    spans.sort_by_key(|&(start, end, _)| (start, end));
    if spans.windows(2).any(|w| w[0].1 > w[1].0) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in spans {
        out.push_str(&text[at..start]);
        out.push_str(new);
        at = end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The help, completed with the line the fix writes when neither the help
/// nor the message already shows what to write: the contributor reads
/// the fix a tool applies.
pub fn spell_out(
    help: Option<String>,
    message: &str,
    fix: Option<&Fix>,
    text: &str,
) -> Option<String> {
    let Some(fix) = fix else {
        return help;
    };
    let said = |t: &str| help.as_deref().is_some_and(|h| h.contains(t)) || message.contains(t);
    let written: Vec<&str> = fix
        .edits
        .iter()
        .map(|e| e.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if written.iter().all(|t| said(t)) {
        return help;
    }
    let line = fix.edits.first()?.line;
    if fix
        .edits
        .iter()
        .any(|e| e.line != line || e.text.contains('\n'))
    {
        return help;
    }
    let fixed = apply(text, &fix.edits)?;
    let shown = fixed
        .split('\n')
        .nth(line.saturating_sub(1) as usize)?
        .trim();
    Some(match help {
        Some(h) => format!("{h} : écrivez « {shown} »"),
        None => format!("écrivez « {shown} »"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_inserts_and_deletes_by_character_positions() {
        let text = "nom: Cantine é\nbilans: []\nbilans:\n  - annee: \"2024\"\n";
        let edits = [
            // "é" is one character: the column after it is 15.
            Edit::new(1, 15, 0, "cole"),
            // The whole second line, its line break included.
            Edit::new(2, 1, 11, ""),
            Edit::new(4, 12, 6, "2024"),
        ];
        assert_eq!(
            apply(text, &edits).as_deref(),
            Some("nom: Cantine école\nbilans:\n  - annee: 2024\n")
        );
    }

    #[test]
    fn the_help_shows_the_line_the_fix_writes() {
        let text = "nom: @Cantine\n";
        let fix = Fix::edit(Edit::new(1, 6, 8, "\"@Cantine\""));
        assert_eq!(
            spell_out(
                Some("mettez-la entre guillemets".into()),
                "m",
                Some(&fix),
                text
            )
            .as_deref(),
            Some("mettez-la entre guillemets : écrivez « nom: \"@Cantine\" »")
        );
        let said = Some("écrivez \"@Cantine\"".to_string());
        assert_eq!(spell_out(said.clone(), "m", Some(&fix), text), said);
        assert_eq!(spell_out(None, "m", None, text), None);
    }

    #[test]
    fn refuses_edits_outside_the_text_or_overlapping() {
        let text = "a: 1\n";
        assert_eq!(apply(text, &[Edit::new(3, 1, 0, "x")]), None);
        assert_eq!(apply(text, &[Edit::new(1, 7, 0, "x")]), None);
        assert_eq!(apply(text, &[Edit::new(1, 1, 9, "x")]), None);
        let overlapping = [Edit::new(1, 1, 3, "x"), Edit::new(1, 2, 1, "y")];
        assert_eq!(apply(text, &overlapping), None);
        // The end of the text is a valid place to insert.
        assert_eq!(
            apply(text, &[Edit::new(2, 1, 0, "b: 2\n")]).as_deref(),
            Some("a: 1\nb: 2\n")
        );
    }
}
