//! How values are written: the published schema (`schema/cantine.schema.json`)
//! reads a file as YAML 1.2 does, so a number between quotes is text there
//! and a code written without quotes is a number (`07017` is 7017, its
//! zero lost). `check` reports both as errors, so that it and the schema
//! agree: numbers and `true`/`false` are written without quotes, texts
//! that look like numbers between quotes. A SIRET of 14 digits or an INSEE
//! code of 5 digits that does not start with 0 may go without quotes:
//! YAML reads the same number back, which the schema accepts.
//!
//! Only files outside the canonical layout are looked at: the fast path
//! (`fast.rs`) declines any file these rules would report on.

use super::fields::{Kind, kind_at};
use super::locate::Position;
use super::outline::{Node, Outline, Shape, Written};
use crate::diagnostics::{Diagnostic, Edit, Fix, Severity};

/// How YAML 1.2 (core schema) reads a plain scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Core {
    /// `~`, `null`, or nothing.
    Null,
    /// `true`, `false` (any of their three cases).
    Bool,
    /// An integer (decimal, `0o` octal, `0x` hexadecimal).
    Int,
    /// A decimal or exponent number, `.inf`, `.nan`.
    Float,
    /// Anything else.
    Text,
}

fn digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

/// The type YAML 1.2's core schema gives a plain scalar.
pub fn core_type(text: &str) -> Core {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Core::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Core::Bool,
        ".nan" | ".NaN" | ".NAN" => return Core::Float,
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned, 10)
        || text.strip_prefix("0o").is_some_and(|d| digits(d, 8))
        || text.strip_prefix("0x").is_some_and(|d| digits(d, 16))
    {
        return Core::Int;
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Core::Float;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() && digits(frac, 10))
                || (digits(int, 10) && (frac.is_empty() || digits(frac, 10)))
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    if mantissa_ok && exponent_ok {
        Core::Float
    } else {
        Core::Text
    }
}

/// A quoting problem of a scalar of `kind` holding `value`, written so:
/// its code, message and the value to write instead.
pub fn problem(
    kind: Kind,
    value: &str,
    written: Written,
) -> Option<(&'static str, String, String)> {
    match written {
        Written::Quoted if kind.is_number_or_bool() => {
            let bare = value.trim().to_string();
            let what = if kind == Kind::Booleen {
                "une réponse true ou false"
            } else {
                "un nombre"
            };
            Some((
                "guillemets-en-trop",
                format!(
                    "« {bare} » est {what} : il s'écrit sans guillemets (entre guillemets, c'est un texte)"
                ),
                bare,
            ))
        }
        Written::Plain if kind.is_text() => {
            let core = core_type(value);
            let leading_zero = core == Core::Int && value.starts_with('0');
            let message = match (kind, core) {
                (Kind::Siret | Kind::Insee, Core::Int) if leading_zero => format!(
                    "{value} commence par 0 : sans guillemets, YAML le lit comme un nombre et \
                     perd ce zéro"
                ),
                (Kind::Siret | Kind::Insee, _) => return None,
                (_, Core::Int | Core::Float | Core::Bool) => format!(
                    "« {value} » est lu par YAML comme un nombre ou une réponse true/false, pas \
                     comme un texte"
                ),
                _ => return None,
            };
            Some((
                "guillemets-manquants",
                message,
                super::lines::double_quoted(value),
            ))
        }
        Written::Plain if kind.is_number_or_bool() && core_type(value) == Core::Text => {
            // "17_000": read as 17000 here, as a text by YAML 1.2 editors.
            let bare = value.replace('_', "");
            if core_type(&bare) == Core::Text {
                return None;
            }
            let code = match kind {
                Kind::Annee => "annee-invalide",
                Kind::Montant => "montant-invalide",
                Kind::Taux => "taux-invalide",
                _ => "nombre-invalide",
            };
            Some((
                code,
                format!(
                    "« {value} » n'est pas un nombre pour les éditeurs qui lisent le schéma :                      les chiffres s'écrivent sans « _ »"
                ),
                bare,
            ))
        }
        _ => None,
    }
}

fn diagnostic(file: &str, text: &str, node: &Node, kind: Kind) -> Option<Diagnostic> {
    let Shape::Scalar(value, written) = &node.shape else {
        return None;
    };
    let (code, message, replacement) = problem(kind, value, *written)?;
    let key = node.path.rsplit('.').next().unwrap_or("");
    let key = key.split('[').next().unwrap_or(key);
    let Position {
        line,
        column,
        length,
    } = node.value;
    let source_line = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .map(str::to_string);
    Some(Diagnostic {
        file: file.to_string(),
        line,
        column,
        length,
        severity: Severity::Error,
        code,
        message: format!("{key} : {message}"),
        help: Some(format!("écrivez « {key}: {replacement} »")),
        source_line,
        fix: Some(Fix::edit(Edit::new(line, column, length, replacement))),
    })
}

/// The quoting problems of a file that was read (its nodes all known).
pub fn check(file: &str, text: &str) -> Vec<Diagnostic> {
    Outline::new(text)
        .nodes
        .iter()
        .filter_map(|n| diagnostic(file, text, n, kind_at(&n.path)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_12_core_types() {
        for (text, core) in [
            ("", Core::Null),
            ("~", Core::Null),
            ("True", Core::Bool),
            ("yes", Core::Text),
            ("07017", Core::Int),
            ("-12", Core::Int),
            ("0x1F", Core::Int),
            ("0o17", Core::Int),
            ("12.5", Core::Float),
            (".5", Core::Float),
            ("1e3", Core::Float),
            ("12.", Core::Float),
            ("-.inf", Core::Float),
            ("2A004", Core::Text),
            ("1_000", Core::Text),
            ("12,5", Core::Text),
            ("2024-01-01", Core::Text),
        ] {
            assert_eq!(core_type(text), core, "{text}");
        }
    }

    #[test]
    fn quoted_numbers_and_unquoted_codes() {
        let p = |kind, value, written| problem(kind, value, written).map(|(c, _, r)| (c, r));
        assert_eq!(
            p(Kind::Annee, "2024", Written::Quoted),
            Some(("guillemets-en-trop", "2024".into()))
        );
        assert_eq!(p(Kind::Annee, "2024", Written::Plain), None);
        assert_eq!(
            p(Kind::Insee, "07017", Written::Plain),
            Some(("guillemets-manquants", "\"07017\"".into()))
        );
        assert_eq!(p(Kind::Insee, "26198", Written::Plain), None);
        assert_eq!(p(Kind::Insee, "2A004", Written::Plain), None);
        assert_eq!(p(Kind::Siret, "21070017500016", Written::Plain), None);
        assert_eq!(
            p(Kind::Siret, "01234567800012", Written::Plain),
            Some(("guillemets-manquants", "\"01234567800012\"".into()))
        );
        assert_eq!(
            p(Kind::Texte, "1789", Written::Plain),
            Some(("guillemets-manquants", "\"1789\"".into()))
        );
        assert_eq!(p(Kind::Texte, "Cantine", Written::Plain), None);
        assert_eq!(
            p(Kind::Repas, "17_000", Written::Plain),
            Some(("nombre-invalide", "17000".into()))
        );
    }
}
