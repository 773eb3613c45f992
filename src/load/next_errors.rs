//! The mistakes after the first: serde-saphyr stops at the first error of
//! a file, so a contributor would fix one mistake per run. When that error
//! carries a fix of one line, the fix is applied to a copy of the text and
//! the copy read again; each error found so is reported at its place in
//! the file as written, its fix moved back to the same place. The chain
//! stops at an error without such a fix, at a file that reads, or after
//! [`MAX_ERRORS`].

use super::parse_error::ParseError;
use super::parse_saphyr;
use crate::diagnostics::{Edit, apply};

/// At most this many errors are reported for one file.
pub const MAX_ERRORS: usize = 20;

/// How one applied fix moved the text: a line's characters after a
/// replacement, or the lines after a removed one.
#[derive(Debug, Clone, Copy)]
enum Shift {
    /// On `line`, `new_len` characters from `column` replaced `old_len`.
    Columns {
        line: u32,
        column: u32,
        old_len: u32,
        new_len: u32,
    },
    /// Line `line` removed.
    LineRemoved { line: u32 },
}

impl Shift {
    /// The position, in the text before the fix, of `(line, column)` in
    /// the text after it; `None` inside the replaced characters.
    fn back(self, line: u32, column: u32) -> Option<(u32, u32)> {
        match self {
            Shift::Columns {
                line: l,
                column: c,
                old_len,
                new_len,
            } if line == l && column >= c => {
                if column < c + new_len {
                    None
                } else {
                    Some((line, column - new_len + old_len))
                }
            }
            Shift::LineRemoved { line: l } if line >= l => Some((line + 1, column)),
            _ => Some((line, column)),
        }
    }
}

/// The shift of `edit` on `text`, when it stays on one line or removes a
/// whole line.
fn shift_of(text: &str, edit: &Edit) -> Option<Shift> {
    let line = text.split('\n').nth(edit.line.checked_sub(1)? as usize)?;
    let chars = u32::try_from(line.trim_end_matches('\r').chars().count()).ok()?;
    let whole = u32::try_from(line.chars().count()).ok()? + 1;
    if edit.text.is_empty() && edit.column == 1 && edit.length == whole {
        return Some(Shift::LineRemoved { line: edit.line });
    }
    let stays = !edit.text.contains('\n') && edit.column + edit.length <= chars + 1;
    stays.then(|| Shift::Columns {
        line: edit.line,
        column: edit.column,
        old_len: edit.length,
        new_len: u32::try_from(edit.text.chars().count()).unwrap_or(u32::MAX),
    })
}

/// The position of `(line, column)` in the original text.
fn back_to_original(shifts: &[Shift], line: u32, column: u32) -> Option<(u32, u32)> {
    shifts
        .iter()
        .rev()
        .try_fold((line, column), |(l, c), s| s.back(l, c))
}

/// The error moved back to the original text, its fix with it.
fn moved_back(shifts: &[Shift], mut error: ParseError) -> Option<ParseError> {
    (error.line, error.column) = back_to_original(shifts, error.line, error.column)?;
    if let Some(fix) = &mut error.fix {
        for edit in &mut fix.edits {
            (edit.line, edit.column) = back_to_original(shifts, edit.line, edit.column)?;
        }
    }
    Some(error)
}

/// The errors of `text` after `first`, each at its place in `text`.
pub fn after(text: &str, first: &ParseError) -> Vec<ParseError> {
    let mut found = Vec::new();
    let mut shifts = Vec::new();
    let mut current = text.to_string();
    let mut last = first.clone();
    while found.len() + 1 < MAX_ERRORS {
        let Some([edit]) = last.fix.as_ref().map(|f| f.edits.as_slice()) else {
            break;
        };
        let (Some(shift), Some(next)) = (
            shift_of(&current, edit),
            apply(&current, std::slice::from_ref(edit)),
        ) else {
            break;
        };
        shifts.push(shift);
        current = next;
        let Err(e) = parse_saphyr(&current) else {
            break;
        };
        let error = ParseError::from_reader(&current, &e);
        let Some(original) = moved_back(&shifts, error.clone()) else {
            break;
        };
        // No progress: the fix did not remove the error.
        let previous = found.last().unwrap_or(first);
        if (original.line, original.column, original.code)
            == (previous.line, previous.column, previous.code)
        {
            break;
        }
        found.push(original);
        last = error;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(u32, u32, &'static str)> {
        let Err(e) = parse_saphyr(text) else {
            return Vec::new();
        };
        let first = ParseError::from_reader(text, &e);
        let next = after(text, &first);
        std::iter::once(first)
            .chain(next)
            .map(|e| (e.line, e.column, e.code))
            .collect()
    }

    /// Three mistakes, three errors, each at its place in the file as
    /// written: the line removed by the first fix does not shift the
    /// others, nor the shorter word the columns after it.
    #[test]
    fn every_mistake_of_a_file_at_its_place() {
        let text = "siret: \"21070017500016\"\nnom: Cantine\ntype_gestion: Directe\n\
                    bilans: []\nbilans:\n  - annee: 2024\n    gaspillage:\n      \
                    diagnostic: oui\n      plan_actions: true\n    achats:\n      \
                    valeur_bioo: 12\n";
        assert_eq!(
            errors(text),
            vec![
                (3, 15, "valeur-inconnue"),
                (5, 1, "cle-en-double"),
                (8, 19, "booleen-invalide"),
                (11, 7, "cle-inconnue"),
            ]
        );
    }

    /// All the fixes, applied together to the file as written, give a file
    /// that reads.
    #[test]
    fn the_fixes_apply_together() {
        let text = "siret: \"21070017500016\"\nnom: Cantine\ntype_gestion: Directe\n\
                    modele_economique: publique\nnombre_repas_an: 17 000\n";
        let Err(e) = parse_saphyr(text) else {
            panic!("reads");
        };
        let first = ParseError::from_reader(text, &e);
        let all: Vec<Edit> = std::iter::once(first.clone())
            .chain(after(text, &first))
            .flat_map(|e| e.fix.map(|f| f.edits).unwrap_or_default())
            .collect();
        assert_eq!(all.len(), 3);
        let fixed = apply(text, &all).unwrap_or_default();
        assert!(parse_saphyr(&fixed).is_ok(), "{fixed}");
    }

    #[test]
    fn a_mistake_without_a_fix_ends_the_chain() {
        // An unknown key with no close one: no fix, so one error only.
        let text = "siret: \"21070017500016\"\nnom: Cantine\nzzz: 1\ntype_gestion: Directe\n";
        assert_eq!(errors(text).len(), 1);
    }
}
