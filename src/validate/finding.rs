//! A problem found by a rule, addressed by its path in the document
//! (`bilans[0].achats.valeur_bio`), and its resolution into a positioned
//! [`Diagnostic`]. Rules never deal with line numbers: positions are
//! resolved once per file, and only for files that have findings.

use crate::diagnostics::{Diagnostic, Edit, Fix, Severity};
use crate::load::locate::SourceMap;
use rust_decimal::Decimal;

/// One problem, before its position is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// Path of the node in the document, e.g. `bilans[0].achats.valeur_bio`
    /// (`""` for the whole document). A missing node resolves to its nearest
    /// existing ancestor.
    pub path: String,
    /// Point at the key of the entry rather than at its value (unknown or
    /// forbidden keys, sections that should not be there).
    pub on_key: bool,
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code.
    pub code: &'static str,
    /// French message naming the offending value.
    pub message: String,
    /// French help saying how to fix it.
    pub help: Option<String>,
    /// The correction, addressed by paths like the finding itself.
    pub fix: Option<FindingFix>,
}

/// A correction before its positions are known: values to rewrite, by
/// path, and the place the file belongs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FindingFix {
    /// `(path, text)`: the value at `path` becomes `text` (as written in
    /// YAML, quotes included).
    pub values: Vec<(String, String)>,
    /// Where the file belongs, relative to the repository root.
    pub move_to: Option<String>,
}

impl Finding {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            path: path.into(),
            on_key: false,
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(path, code, message)
        }
    }

    /// Adds the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds to the fix: the value at `path` becomes `text`.
    pub fn fix_value(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        let fix = self.fix.get_or_insert_with(FindingFix::default);
        fix.values.push((path.into(), text.into()));
        self
    }

    /// Adds to the fix: the file belongs at `path`.
    pub fn fix_move(mut self, path: impl Into<String>) -> Self {
        self.fix.get_or_insert_with(FindingFix::default).move_to = Some(path.into());
        self
    }

    /// Points at the key of the entry instead of its value.
    pub fn on_key(mut self) -> Self {
        self.on_key = true;
        self
    }
}

/// Resolves the findings of one file into diagnostics with their position
/// and source line.
pub(crate) fn resolve(file: &str, text: &str, findings: Vec<Finding>) -> Vec<Diagnostic> {
    let map = SourceMap::new(text);
    let lines: Vec<&str> = text.lines().collect();
    findings
        .into_iter()
        .map(|f| {
            let location = map.find(&f.path);
            // A missing node is reported on its parent's key ("achats:"), which
            // is where the contributor has to add it.
            let on_key = f.on_key || !map.contains(&f.path);
            let position = if on_key {
                location.key.unwrap_or(location.value)
            } else {
                location.value
            };
            let source_line = lines
                .get(position.line.saturating_sub(1) as usize)
                .map(|l| (*l).to_string());
            let fix = f.fix.and_then(|fix| positioned(&map, fix));
            Diagnostic {
                file: file.to_string(),
                line: position.line.max(1),
                column: position.column.max(1),
                length: position.length.max(1),
                severity: f.severity,
                code: f.code,
                help: crate::diagnostics::spell_out(f.help, &f.message, fix.as_ref(), text),
                message: f.message,
                source_line,
                fix,
            }
        })
        .collect()
}

/// The fix with its positions; `None` when a value to rewrite is not in
/// the file (the help then says what to add).
fn positioned(map: &SourceMap, fix: FindingFix) -> Option<Fix> {
    let mut edits = Vec::with_capacity(fix.values.len());
    for (path, text) in fix.values {
        if !map.contains(&path) {
            return None;
        }
        let at = map.find(&path).value;
        edits.push(Edit::new(at.line, at.column, at.length, text));
    }
    Some(Fix {
        edits,
        move_to: fix.move_to,
    })
}

/// The non-breaking space used between thousands and before units, so that
/// "182 000,50 €" never wraps in the middle.
const NBSP: char = '\u{a0}';

/// Groups the digits of an integer part by three: "182000" → "182 000".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// A decimal's text ("-182000.50") written the French way ("-182 000,50").
fn french(text: &str) -> String {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    match unsigned.split_once('.') {
        Some((int, frac)) => format!("{sign}{},{frac}", group_thousands(int)),
        None => format!("{sign}{}", group_thousands(unsigned)),
    }
}

/// A number written the French way, without trailing zeros: "0,2665", "1,2".
pub(crate) fn nombre(value: Decimal) -> String {
    french(&value.normalize().to_string())
}

/// An amount in euros written the French way, with cents when it has any:
/// "182 000,50 €", "31 000 €" (an amount with too many decimals is shown
/// with all of them: "12,345 €").
pub(crate) fn euros(value: Decimal) -> String {
    let mut shown = value.normalize();
    if shown.scale() == 1 {
        // "182000.5" is read "182 000,50 €".
        shown.rescale(2);
    }
    format!("{}{NBSP}€", french(&shown.to_string()))
}

/// An integer written the French way: 17 000.
pub(crate) fn entier(value: u32) -> String {
    group_thousands(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn french_amounts() {
        assert_eq!(euros(d("182000.50")), "182\u{a0}000,50\u{a0}€");
        assert_eq!(euros(d("31000")), "31\u{a0}000\u{a0}€");
        assert_eq!(euros(d("1234567.89")), "1\u{a0}234\u{a0}567,89\u{a0}€");
        assert_eq!(euros(d("-12.5")), "-12,50\u{a0}€");
        assert_eq!(euros(d("12.345")), "12,345\u{a0}€");
        assert_eq!(euros(d("999")), "999\u{a0}€");
        assert_eq!(nombre(d("0.2665")), "0,2665");
        assert_eq!(entier(17000), "17\u{a0}000");
        assert_eq!(entier(420), "420");
    }

    #[test]
    fn resolves_values_keys_and_missing_nodes() {
        let text = "siret: \"21070017500016\"\nbilans:\n  - annee: 2024\n    achats:\n      valeur_bio: 12\n";
        let findings = vec![
            Finding::error("bilans[0].achats.valeur_bio", "a", "m"),
            Finding::error("bilans[0].achats", "b", "m").on_key(),
            Finding::warning("bilans[0].achats.valeur_totale", "c", "m"),
        ];
        let diags = resolve("f.yaml", text, findings);
        let at: Vec<(u32, u32, u32)> = diags.iter().map(|d| (d.line, d.column, d.length)).collect();
        // The value "12"; the key "achats"; a missing field on its parent's key.
        assert_eq!(at, vec![(5, 19, 2), (4, 5, 6), (4, 5, 6)]);
        assert_eq!(
            diags[0].source_line.as_deref(),
            Some("      valeur_bio: 12")
        );
        assert_eq!(diags[2].severity, Severity::Warning);
    }
}
