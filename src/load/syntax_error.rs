//! Syntax errors of the YAML scanner (tabs, indentation, missing colon,
//! unclosed quotes and brackets, reserved characters), in French, at the
//! offending character, with the line-level fix when it is certain.

use super::lines::{
    close_line, content_column, expected_indent, indent_width, previous_significant, quote_value,
    reindent, unclosed, value_of,
};
use super::locate::Position;
use super::parse_error::{At, ParseError, generic, too_deep};
use crate::diagnostics::{Edit, Fix};
use serde_saphyr::granit_parser::{ErrorKind, ScanError};

/// Translates an error of the YAML scanner.
pub(super) fn translate(at: &At<'_>, scan: &ScanError) -> ParseError {
    use ErrorKind as K;
    if let Some(e) = no_space_after_colon(at) {
        return e;
    }
    match scan.kind() {
        K::TabNotAllowed
        | K::TabInBlockIndentation
        | K::TabAtBlockScalarStart
        | K::TabInIndentation
        | K::TabInPlainScalar => tab(at),
        K::ExpectedBlockMappingKey
        | K::ExpectedBlockSequenceEntry
        | K::InvalidIndentation
        | K::BlockSequenceEntryNotAllowed => indentation(at, at.position.line),
        K::SimpleKeyExpected | K::InvalidSimpleKey => missing_colon(at),
        K::MappingValueNotAllowed | K::InvalidColonPlacement | K::InvalidMappingValueWhitespace => {
            colon_in_value(at)
        }
        K::UnclosedQuotedScalar => unclosed_quote(at),
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => {
            text_after_quote(at)
        }
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidUnicodeEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate => backslash(at),
        K::UnclosedFlowCollection { .. }
        | K::MismatchedFlowCollectionEnd { .. }
        | K::MisplacedFlowCollectionEnd
        | K::UnexpectedEofFlowSequence
        | K::UnexpectedEofFlowMapping
        | K::UnexpectedEofImplicitFlowMapping
        | K::ExpectedFlowSequenceSeparator
        | K::ExpectedFlowMappingSeparator => bracket(at).unwrap_or_else(|| generic(at)),
        K::UnexpectedCharacter { character } => reserved_character(at, *character),
        K::MissingAnchorOrAliasName | K::UnknownAnchor => {
            let c = first_value_char(at).unwrap_or('*');
            reserved_character(at, c)
        }
        K::RecursionLimitExceeded => too_deep(at),
        K::BomInsideDocument => ParseError::new(
            at.position,
            "caractere-invisible",
            "le fichier contient un caractère invisible (marque d'ordre des octets, U+FEFF) au milieu du texte",
        )
        .help("supprimez ce caractère, souvent collé depuis un traitement de texte"),
        _ => bracket(at).unwrap_or_else(|| generic(at)),
    }
}

/// The first character of the value on the error's line.
fn first_value_char(at: &At<'_>) -> Option<char> {
    value_of(at.line(at.position.line)).and_then(|(_, v)| v.chars().next())
}

/// A tab, reported at its own line and column (the scanner may stop
/// before it, at the start of the value it was reading).
fn tab(at: &At<'_>) -> ParseError {
    let from = at.position.line.max(1);
    let lines = at.text.split('\n').count();
    let line_count = u32::try_from(lines).unwrap_or(u32::MAX);
    let found = (from..=line_count).chain((1..from).rev()).find_map(|n| {
        at.line(n)
            .chars()
            .position(|c| c == '\t')
            .map(|col| (n, col))
    });
    let Some((n, col)) = found else {
        return generic(at);
    };
    let line = at.line(n);
    let run = line.chars().skip(col).take_while(|c| *c == '\t').count();
    let position = Position {
        line: n,
        column: u32::try_from(col + 1).unwrap_or(1),
        length: u32::try_from(run).unwrap_or(1),
    };
    let in_indentation = col < indent_width(line);
    let (help, fix) = if in_indentation {
        let indent = expected_indent(at, n);
        (
            format!(
                "YAML n'accepte que des espaces pour indenter : remplacez le début de la ligne \
                 par {indent} espaces (réglez votre éditeur pour insérer des espaces avec la touche de tabulation)"
            ),
            reindent(at, n, indent),
        )
    } else {
        (
            "remplacez la tabulation par une espace".to_string(),
            Fix::edit(Edit::new(n, position.column, position.length, " ")),
        )
    };
    ParseError::new(
        position,
        "tabulation",
        format!(
            "tabulation à la ligne {n}, colonne {} : YAML refuse les tabulations ici",
            position.column
        ),
    )
    .help(help)
    .fix(Some(fix))
}

/// A line whose indentation matches none of the blocks above it.
pub(super) fn indentation(at: &At<'_>, n: u32) -> ParseError {
    let line = at.line(n);
    let indent = expected_indent(at, n);
    let width = indent_width(line);
    let position = Position {
        line: n,
        column: u32::try_from(width + 1).unwrap_or(1),
        length: u32::try_from(line.trim().chars().count().max(1)).unwrap_or(1),
    };
    let key = line.trim().split(':').next().unwrap_or("").trim();
    ParseError::new(
        position,
        "indentation",
        format!(
            "la ligne {n} (« {key} ») est indentée de {width} espaces, ce qui ne correspond à aucun \
             bloc au-dessus"
        ),
    )
    .help(format!(
        "alignez-la sur la ligne précédente : {indent} espaces avant « {key} » (chaque niveau \
         ajoute 2 espaces)"
    ))
    .fix(Some(reindent(at, n, indent)))
}

/// `code_insee "07017"`: a key without its colon.
fn missing_colon(at: &At<'_>) -> ParseError {
    let n = at.position.line;
    let line = at.line(n);
    let start = content_column(line);
    let content: String = line.chars().skip(start).collect();
    let key: String = content
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let after = content[key.len()..].chars().next();
    if key.is_empty() || after != Some(' ') || !known_key(&key) {
        return generic(at);
    }
    let column = u32::try_from(start + key.chars().count() + 1).unwrap_or(1);
    ParseError::new(
        Position {
            line: n,
            column: u32::try_from(start + 1).unwrap_or(1),
            length: u32::try_from(key.chars().count()).unwrap_or(1),
        },
        "deux-points-manquant",
        format!("il manque « : » après la clé « {key} »"),
    )
    .help(format!(
        "écrivez « {key}: » suivi d'une espace puis de la valeur"
    ))
    .fix(Some(Fix::edit(Edit::new(n, column, 0, ":"))))
}

/// `valeur_bio:31000`: a known key glued to its value, which YAML reads as
/// one text; looked for on the error's line and the line above.
fn no_space_after_colon(at: &At<'_>) -> Option<ParseError> {
    let n = at.position.line;
    [Some(n), previous_significant(at, n)]
        .into_iter()
        .flatten()
        .find_map(|n| {
            let line = at.line(n);
            let start = content_column(line);
            let content: String = line.chars().skip(start).collect();
            let content = content.strip_prefix("- ").unwrap_or(&content);
            let dash = line.chars().count() - start - content.chars().count();
            let (key, rest) = content.split_once(':')?;
            let glued = rest.chars().next().is_some_and(|c| !c.is_whitespace());
            if !glued || !known_key(key) {
                return None;
            }
            let column = u32::try_from(start + dash + 1).unwrap_or(1);
            let colon = column + u32::try_from(key.chars().count()).unwrap_or(0);
            Some(
                ParseError::new(
                    Position {
                        line: n,
                        column,
                        length: u32::try_from(key.chars().count() + 1).unwrap_or(1),
                    },
                    "deux-points-sans-espace",
                    format!(
                        "il manque une espace après « {key}: » : YAML lit « {key}:{rest} » comme                          un seul texte"
                    ),
                )
                .help(format!("écrivez « {key}: {rest} »"))
                .fix(Some(Fix::edit(Edit::new(n, colon + 1, 0, " ")))),
            )
        })
}

/// Whether `key` is a key of some block of a declaration.
fn known_key(key: &str) -> bool {
    !super::fields::sections_with(key).is_empty()
}

/// « : » inside a value (`nom: Restaurant scolaire : école`), or a line
/// indented under a value as if it were a block.
fn colon_in_value(at: &At<'_>) -> ParseError {
    let n = at.position.line;
    if let Some(e) = bracket(at) {
        return e;
    }
    let line = at.line(n);
    if let Some(p) = previous_significant(at, n)
        && indent_width(line) > content_column(at.line(p))
        && value_of(at.line(p)).is_some()
    {
        // "valeur_totale: 1000" then "    valeur_bio: 10" indented deeper.
        return indentation(at, n);
    }
    let Some((column, value)) = value_of(line) else {
        return generic(at);
    };
    // The offending token: the first « : » followed by a space.
    let colon = value
        .char_indices()
        .find(|&(i, c)| c == ':' && value[i + 1..].starts_with([' ', '\t']))
        .map_or(0, |(i, _)| value[..i].chars().count());
    ParseError::new(
        Position {
            line: n,
            column: column + u32::try_from(colon).unwrap_or(0),
            length: 1,
        },
        "deux-points-dans-valeur",
        "la valeur contient « : » suivi d'une espace, que YAML lit comme une nouvelle clé",
    )
    .help(format!(
        "mettez la valeur entre guillemets : {}",
        super::lines::double_quoted(value)
    ))
    .fix(quote_value(at, n))
}

/// A quote opened and never closed (the scanner points at the opening one).
fn unclosed_quote(at: &At<'_>) -> ParseError {
    let n = at.position.line;
    let opening = at
        .line(n)
        .chars()
        .nth(at.position.column.saturating_sub(1) as usize)
        .filter(|c| matches!(c, '"' | '\''))
        .unwrap_or('"');
    ParseError::new(
        at.position,
        "guillemet-non-ferme",
        format!("le guillemet « {opening} » ouvert ici n'est pas refermé sur la ligne"),
    )
    .help(format!("ajoutez « {opening} » à la fin de la valeur"))
    .fix(Some(close_line(at, n, &opening.to_string())))
}

/// Text after the closing quote (`'L'école'`): a quote inside the value
/// closed it too early.
fn text_after_quote(at: &At<'_>) -> ParseError {
    ParseError::new(
        at.position,
        "guillemets",
        "du texte suit le guillemet fermant : une apostrophe ou un guillemet à l'intérieur de la \
         valeur la referme trop tôt",
    )
    .help("entourez la valeur de guillemets doubles « \" » : une apostrophe y est alors permise")
    .fix(quote_value(at, at.position.line))
}

/// A backslash inside double quotes (`"C:\dossier"`), read as an escape.
fn backslash(at: &At<'_>) -> ParseError {
    // The scanner points at the opening quote: the error is the backslash.
    let line = at.line(at.position.line);
    let from = at.position.column.saturating_sub(1) as usize;
    let position = line
        .chars()
        .enumerate()
        .skip(from)
        .find(|(_, c)| *c == '\\')
        .map_or(at.position, |(i, _)| Position {
            line: at.position.line,
            column: u32::try_from(i + 1).unwrap_or(1),
            length: 2,
        });
    ParseError::new(
        position,
        "barre-oblique-inverse",
        "entre guillemets doubles, une barre oblique inverse « \\ » annonce un caractère spécial",
    )
    .help("entourez plutôt la valeur d'apostrophes « ' », où « \\ » s'écrit tel quel")
    .fix(quote_value(at, at.position.line))
}

/// An unclosed `[` or `{` on the error's line or above.
fn bracket(at: &At<'_>) -> Option<ParseError> {
    let n = at.position.line;
    let (line_no, open, close) = (1..=n).rev().find_map(|k| {
        let line = at.line(k);
        [('[', ']'), ('{', '}')]
            .into_iter()
            .find(|(o, c)| unclosed(line, *o, *c) > 0)
            .map(|(o, c)| (k, o, c))
    })?;
    let line = at.line(line_no);
    let column = line.chars().position(|c| c == open).map_or(1, |c| c + 1);
    Some(
        ParseError::new(
            Position {
                line: line_no,
                column: u32::try_from(column).unwrap_or(1),
                length: 1,
            },
            "crochet-non-ferme",
            format!("« {open} » ouvert à la ligne {line_no} n'est pas refermé"),
        )
        .help(format!("ajoutez « {close} » à la fin de la liste"))
        .fix(Some(close_line(at, line_no, &close.to_string()))),
    )
}

/// A value starting with a character YAML reserves (`*`, `&`, `@`, `` ` ``, `%`…).
pub(super) fn reserved_character(at: &At<'_>, c: char) -> ParseError {
    let n = at.position.line;
    let meaning = match c {
        '*' => "annonce un alias",
        '&' => "annonce une ancre",
        '!' => "annonce une étiquette de type",
        '%' => "annonce une directive",
        '|' | '>' => "annonce un bloc de texte",
        _ => "est réservé",
    };
    ParseError::new(
        at.position,
        "caractere-reserve",
        format!("« {c} » en début de valeur {meaning} en YAML"),
    )
    .help("mettez la valeur entre guillemets pour qu'elle soit lue comme du texte")
    .fix(quote_value(at, n))
}
