//! Diagnostics of user input: collected, never thrown one at a time, sorted
//! by file and line, rendered for people (French, with the source line),
//! for GitHub workflow annotations, or as JSON. A diagnostic may carry a
//! [`Fix`]: the change of the file that corrects it, for tools.

use serde::Serialize;
use std::fmt::Write as _;

mod fix;
pub use fix::{Edit, Fix, apply, spell_out};

/// How bad a problem is: errors fail `check` and `build`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed.
    Error,
    /// Worth a look; does not fail the build.
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the repository root, with `/` separators.
    pub file: String,
    /// 1-based line (1 when the problem concerns the whole file).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Characters to underline.
    #[serde(skip)]
    pub length: u32,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `siret-checksum`.
    pub code: &'static str,
    /// What is wrong, in French, naming the offending value.
    pub message: String,
    /// How to fix it, in French.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source line, for display.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The change that corrects the problem, when it can be written
    /// without knowing more than the file (a value to rewrite, a line to
    /// remove, a file to move).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A problem about a whole file (line 1, column 1).
    pub fn file_level(
        file: &str,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: 1,
            column: 1,
            length: 1,
            severity,
            code,
            message: message.into(),
            help,
            source_line: None,
            fix: None,
        }
    }

    /// Adds the fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    fn sort_key(&self) -> (&str, u32, u32, Severity, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

/// Sorts diagnostics by file, line, column, then code, and removes exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Counts errors and warnings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// Output formats of `cantine check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// French, with the source line and the span underlined.
    #[default]
    Human,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// A JSON array.
    Json,
}

/// Renders diagnostics in the given format. The human format ends with a summary line.
pub fn render(diagnostics: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Human => render_human(diagnostics),
        Format::Github => render_github(diagnostics),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
    }
}

fn render_human(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let label = match d.severity {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        };
        let _ = writeln!(out, "{label}[{}]: {}", d.code, d.message);
        let width = d.line.to_string().len();
        let pad = " ".repeat(width);
        let _ = writeln!(out, "{pad}--> {}:{}:{}", d.file, d.line, d.column);
        if let Some(src) = &d.source_line {
            let shown: String = src.chars().take(200).collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", d.line, shown);
            let col = d.column.saturating_sub(1) as usize;
            let len =
                (d.length.max(1) as usize).min(shown.chars().count().saturating_sub(col).max(1));
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col), "^".repeat(len));
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{pad} = aide : {help}");
        }
        out.push('\n');
    }
    out
}

/// The closing line of the human format, counting every diagnostic
/// (including those not shown), e.g. "2 erreurs, 1 avertissement dans 2 fichiers."
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = count(diagnostics);
    let mut files: Vec<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let files = files.len();
    format!(
        "{} erreur{}, {} avertissement{} dans {} fichier{}.\n",
        errors,
        plural(errors),
        warnings,
        plural(warnings),
        files,
        plural(files)
    )
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// Escapes a value for a GitHub workflow command.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nAide : ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            gh_escape(&d.file, true),
            d.line,
            d.column,
            gh_escape(d.code, true),
            gh_escape(&message, false)
        );
    }
    out
}

/// Closest candidate to `word` among `candidates`, if close enough to be a
/// plausible typo ("did you mean").
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: u32, severity: Severity) -> Diagnostic {
        Diagnostic {
            file: "declarations/07/21070017500016.yaml".into(),
            line,
            column: 17,
            length: 6,
            severity,
            code: "achats-depassement",
            message: "valeur_bio (200000) dépasse valeur_totale (182000.50)".into(),
            help: Some("corrigez l'un des deux montants".into()),
            source_line: Some("      valeur_bio: 200000".into()),
            fix: None,
        }
    }

    #[test]
    fn human_format_shows_the_span() {
        let out = render(&[diag(12, Severity::Error)], Format::Human);
        assert!(out.contains("erreur[achats-depassement]: valeur_bio"));
        assert!(out.contains("  --> declarations/07/21070017500016.yaml:12:17"));
        assert!(out.contains("12 |       valeur_bio: 200000\n   |                 ^^^^^^\n"));
        assert!(out.contains("= aide : corrigez"));
        assert_eq!(
            summary(&[diag(12, Severity::Error)]),
            "1 erreur, 0 avertissement dans 1 fichier.\n"
        );
    }

    #[test]
    fn github_format_escapes() {
        let out = render(&[diag(3, Severity::Warning)], Format::Github);
        assert!(out.starts_with(
            "::warning file=declarations/07/21070017500016.yaml,line=3,col=17,title=achats-depassement::"
        ));
        assert!(out.contains("%0AAide : "));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("valeur_bioo", ["valeur_bio", "valeur_siqo"]),
            Some("valeur_bio")
        );
        assert_eq!(suggest("zzz", ["valeur_bio"]), None);
    }
}
