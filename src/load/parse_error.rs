//! Why a declaration could not be read, in French, at the offending
//! token, with a fix when one can be written.
//!
//! serde-saphyr reports structured errors (an enum of variants, the YAML
//! scanner's own error kinds); each family is translated here from its
//! variant, never from its English text, which never reaches a user: a
//! variant without a translation of its own gets the French fallback of
//! its family, at the position the reader gives. Syntax errors are in
//! `syntax_error.rs`, wrong values and keys in `value_error.rs`.

use super::locate::Position;
use super::outline::Outline;
use super::{syntax_error, value_error};
use crate::diagnostics::{Diagnostic, Fix, Severity};
use serde_saphyr::Error;
use serde_saphyr::budget::BudgetBreach;
use std::fmt;

/// A declaration that could not be read: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the offending token.
    pub line: u32,
    /// 1-based column of the offending token, in characters.
    pub column: u32,
    /// Characters to underline.
    pub length: u32,
    /// Stable code, e.g. `tabulation`.
    pub code: &'static str,
    /// French message.
    pub message: String,
    /// French help.
    pub help: Option<String>,
    /// The fix, when it can be written from the file alone.
    pub fix: Option<Fix>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ligne {}, colonne {} : {}",
            self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// An error at `position`.
    pub(super) fn new(position: Position, code: &'static str, message: impl Into<String>) -> Self {
        ParseError {
            line: position.line.max(1),
            column: position.column.max(1),
            length: position.length.max(1),
            code,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    /// Adds the help.
    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the fix, if any.
    pub(super) fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Translates an error of the YAML reader on `text`.
    pub fn from_reader(text: &str, err: &Error) -> Self {
        let err = innermost(err);
        let position = match err.location() {
            Some(loc) if loc.line() > 0 => Position {
                line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
                column: u32::try_from(loc.column().max(1)).unwrap_or(u32::MAX),
                length: u32::try_from(loc.span().len().max(1)).unwrap_or(1),
            },
            _ => Position {
                line: 1,
                column: 1,
                length: 1,
            },
        };
        let at = At {
            text,
            outline: Outline::new(text),
            position,
        };
        translate(&at, err)
    }

    /// The diagnostic of this error in `file`.
    pub fn into_diagnostic(self, file: &str, text: &str) -> Diagnostic {
        let source_line = text
            .lines()
            .nth(self.line.saturating_sub(1) as usize)
            .map(str::to_string);
        Diagnostic {
            file: file.to_string(),
            line: self.line,
            column: self.column,
            length: self.length,
            severity: Severity::Error,
            code: self.code,
            help: crate::diagnostics::spell_out(self.help, &self.message, self.fix.as_ref(), text),
            message: self.message,
            source_line,
            fix: self.fix,
        }
    }
}

/// Builds the diagnostic of a YAML reader error at its position.
pub fn diagnostic(file: &str, text: &str, err: &Error) -> Diagnostic {
    ParseError::from_reader(text, err).into_diagnostic(file, text)
}

/// Where an error is, with what is needed to explain it.
pub(super) struct At<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Its nodes, up to the error.
    pub outline: Outline,
    /// Where the reader stopped.
    pub position: Position,
}

impl At<'_> {
    /// The text of 1-based line `n` (empty past the end).
    pub fn line(&self, n: u32) -> &str {
        self.text
            .split('\n')
            .nth(n.saturating_sub(1) as usize)
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// The error itself, out of the wrappers that add a snippet or an alias.
fn innermost(mut err: &Error) -> &Error {
    loop {
        match err {
            Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => err = error,
            other => return other,
        }
    }
}

fn translate(at: &At<'_>, err: &Error) -> ParseError {
    use serde_saphyr::ExternalMessageSource as Source;
    match err {
        Error::ExternalMessage { source, .. } => match &**source {
            Source::Parser(scan) => syntax_error::translate(at, scan),
            _ => generic(at),
        },
        Error::DuplicateMappingKey { key, .. } => value_error::duplicate_key(at, key.as_deref()),
        Error::SerdeUnknownField {
            field, expected, ..
        } => value_error::unknown_key(at, field, expected),
        Error::SerdeUnknownVariant { variant, .. } => value_error::unknown_value(at, variant),
        Error::SerdeMissingField { field, .. } => value_error::missing_field(at, field),
        Error::Message { msg, .. } => value_error::wrong_value(at, Some(msg)),
        Error::InvalidScalar { .. }
        | Error::InvalidBooleanStrict { .. }
        | Error::SerdeInvalidType { .. }
        | Error::SerdeInvalidValue { .. }
        | Error::SerdeInvalidLength { .. }
        | Error::Unexpected { .. }
        | Error::NullIntoString { .. }
        | Error::UnexpectedValueForUnitEnumVariant { .. }
        | Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. } => {
            value_error::wrong_value(at, None)
        }
        Error::Eof { .. } => end_of_file(at),
        Error::Budget { breach, .. } => budget(at, breach),
        Error::MultipleDocuments { .. } => ParseError::new(
            at.position,
            "plusieurs-documents",
            "le fichier contient plusieurs documents YAML (séparés par une ligne « --- »)",
        )
        .help("une déclaration est un seul document : retirez la ligne « --- » et ce qui la suit en double"),
        Error::UnknownAnchor { .. } => syntax_error::reserved_character(at, '*'),
        Error::InvalidUtf8Input => ParseError::new(
            at.position,
            "encodage",
            "le fichier n'est pas encodé en UTF-8",
        )
        .help("enregistrez le fichier en UTF-8 (et non en Latin-1 / Windows-1252)"),
        _ => generic(at),
    }
}

/// An empty file, or one that stops in the middle of a block.
fn end_of_file(at: &At<'_>) -> ParseError {
    let blank = at
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return ParseError::new(
            at.position,
            "fichier-vide",
            "le fichier ne contient aucune donnée",
        )
        .help(
            "une déclaration donne au moins « siret: \"<SIRET à 14 chiffres>\" » et \
                 « nom: <nom de la cantine> » ; « cantine new » crée un fichier complet à remplir",
        );
    }
    ParseError::new(
        at.position,
        "fin-inattendue",
        "le fichier s'arrête au milieu d'un bloc",
    )
    .help("vérifiez que chaque crochet [ et accolade { ouverts sont refermés, et chaque guillemet")
}

fn budget(at: &At<'_>, breach: &BudgetBreach) -> ParseError {
    if matches!(breach, BudgetBreach::Depth { .. }) {
        return too_deep(at);
    }
    ParseError::new(
        at.position,
        "yaml-trop-gros",
        "le fichier dépasse les limites de lecture d'une déclaration (trop d'éléments, d'ancres ou d'alias)",
    )
    .help(
        "une déclaration fait quelques kilo-octets ; supprimez les ancres et alias YAML (& et *) \
         répétés",
    )
}

/// Lists or blocks nested beyond any declaration's needs.
pub(super) fn too_deep(at: &At<'_>) -> ParseError {
    ParseError::new(
        at.position,
        "yaml-trop-profond",
        "le fichier imbrique trop de niveaux (listes ou blocs les uns dans les autres)",
    )
    .help("une déclaration n'a que quelques niveaux : vérifiez les crochets [ ] et accolades { }")
}

/// The French fallback: the reader refused the text here, for a reason
/// without a translation of its own.
pub(super) fn generic(at: &At<'_>) -> ParseError {
    ParseError::new(
        at.position,
        "yaml-syntaxe",
        format!(
            "le fichier n'est pas du YAML valide à partir de la ligne {}, colonne {}",
            at.position.line, at.position.column
        ),
    )
    .help(
        "vérifiez cette ligne et la précédente : l'indentation (des espaces, pas de tabulation), \
         les deux-points après chaque clé, les guillemets et les crochets refermés",
    )
}
