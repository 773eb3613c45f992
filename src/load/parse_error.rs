//! Turns a YAML/serde error into a French diagnostic with a fix.

use crate::diagnostics::{Diagnostic, Severity, suggest};
use crate::model::{Ministere, Secteur};

/// French message, code and help for an error reported by the YAML reader.
pub struct Translated {
    /// Stable code.
    pub code: &'static str,
    /// French message.
    pub message: String,
    /// French help.
    pub help: Option<String>,
}

/// Extracts the text between the first pair of backticks after `prefix`.
fn quoted_after<'a>(msg: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &msg[msg.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(&rest[..rest.find('`')?])
}

/// The candidates listed after "expected one of".
fn expected_list(msg: &str) -> Vec<&str> {
    match msg.find("expected one of ") {
        Some(i) => msg[i + "expected one of ".len()..]
            .split(", ")
            .map(|s| s.trim().trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect(),
        None => match msg.find("expected `") {
            Some(i) => msg[i + "expected ".len()..]
                .split(" or ")
                .map(|s| s.trim().trim_matches('`'))
                .collect(),
            None => Vec::new(),
        },
    }
}

/// Translates the message of a YAML reader error.
pub fn translate(msg: &str) -> Translated {
    if let Some(field) = quoted_after(msg, "unknown field ") {
        let expected = expected_list(msg);
        let help = match suggest(field, expected.iter().copied()) {
            Some(s) => format!(
                "vouliez-vous dire « {s} » ? Clés possibles ici : {}",
                expected.join(", ")
            ),
            None if expected.is_empty() => "supprimez cette clé".to_string(),
            None => format!("clés possibles ici : {}", expected.join(", ")),
        };
        return Translated {
            code: "cle-inconnue",
            message: format!("clé inconnue « {field} »"),
            help: Some(help),
        };
    }
    if let Some(value) = quoted_after(msg, "unknown variant ") {
        let expected = expected_list(msg);
        let help = if let Some(s) = Secteur::from_label(value) {
            Some(format!(
                "« {value} » est le libellé d'un secteur : écrivez son identifiant « {} »",
                s.slug()
            ))
        } else if let Some(m) = Ministere::from_label(value) {
            Some(format!(
                "« {value} » est le libellé d'un ministère : écrivez son identifiant « {} »",
                m.slug()
            ))
        } else {
            suggest(value, expected.iter().copied())
                .map(|s| format!("vouliez-vous dire « {s} » ?"))
                .or_else(|| Some(format!("valeurs possibles : {}", expected.join(", "))))
        };
        return Translated {
            code: "valeur-inconnue",
            message: format!("valeur inconnue « {value} »"),
            help,
        };
    }
    if let Some(field) = quoted_after(msg, "missing field ") {
        return Translated {
            code: "champ-manquant",
            message: format!("le champ obligatoire « {field} » est absent"),
            help: Some(format!("ajoutez « {field}: … » à cet endroit")),
        };
    }
    if let Some(field) = quoted_after(msg, "duplicate field ") {
        return Translated {
            code: "cle-en-double",
            message: format!("la clé « {field} » apparaît deux fois"),
            help: Some("gardez une seule occurrence".to_string()),
        };
    }
    if msg.contains("duplicate") && msg.contains("key") {
        return Translated {
            code: "cle-en-double",
            message: "une clé apparaît deux fois dans le même bloc".to_string(),
            help: Some("gardez une seule occurrence".to_string()),
        };
    }
    if msg.starts_with("invalid u") || msg.starts_with("invalid i") {
        return Translated {
            code: "type-invalide",
            message: "un nombre entier positif est attendu ici".to_string(),
            help: Some("écrivez un entier sans espace ni décimale, ex. 120".to_string()),
        };
    }
    if msg.contains("invalid bool") || msg.contains("expected a boolean") || msg.contains("boolean")
    {
        return Translated {
            code: "type-invalide",
            message: "une valeur vrai/faux est attendue ici".to_string(),
            help: Some("écrivez true ou false".to_string()),
        };
    }
    if msg.contains("invalid type")
        || msg.starts_with("expected ")
        || msg.contains("expected string")
    {
        return Translated {
            code: "type-invalide",
            message: format!("type de valeur inattendu ({})", english_hint(msg)),
            help: Some(
                "vérifiez l'indentation et la forme attendue (texte, nombre, liste « - … » ou bloc de clés)"
                    .to_string(),
            ),
        };
    }
    if msg.contains("recursion limit") || msg.contains("depth") || msg.contains("nesting") {
        return Translated {
            code: "yaml-trop-profond",
            message: "le fichier imbrique trop de niveaux (listes ou blocs les uns dans les autres)".to_string(),
            help: Some("une déclaration n'a que quelques niveaux : vérifiez les crochets [ ] et accolades { }".to_string()),
        };
    }
    if msg.contains("budget") || msg.contains("limit") {
        return Translated {
            code: "yaml-trop-gros",
            message: format!("le fichier dépasse les limites de lecture ({})", english_hint(msg)),
            help: Some("une déclaration fait quelques kilo-octets ; supprimez les ancres et alias YAML (& et *) répétés".to_string()),
        };
    }
    // Our own French messages (amounts) pass through unchanged.
    if msg.contains('«') {
        return Translated {
            code: "type-invalide",
            message: msg.to_string(),
            help: None,
        };
    }
    Translated {
        code: "yaml-syntaxe",
        message: format!("le fichier n'est pas du YAML valide ({})", english_hint(msg)),
        help: Some("vérifiez l'indentation (espaces, pas de tabulation), les deux-points et les guillemets".to_string()),
    }
}

fn english_hint(msg: &str) -> String {
    msg.lines().next().unwrap_or(msg).trim().to_string()
}

/// Builds the diagnostic of a YAML reader error at its position.
pub fn diagnostic(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    let msg = strip_location_prefix(&raw);
    let t = translate(msg);
    let (line, column, length) = match err.location() {
        Some(loc) if loc.line() > 0 => (
            u32::try_from(loc.line()).unwrap_or(u32::MAX),
            u32::try_from(loc.column().max(1)).unwrap_or(u32::MAX),
            u32::try_from(loc.span().len().max(1)).unwrap_or(1),
        ),
        _ => (1, 1, 1),
    };
    let source_line = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .map(str::to_string);
    Diagnostic {
        file: file.to_string(),
        line,
        column,
        length,
        severity: Severity::Error,
        code: t.code,
        message: t.message,
        help: t.help,
        source_line,
    }
}

/// Removes "error: line 4 column 1: " from the reader's message.
fn strip_location_prefix(raw: &str) -> &str {
    let first = raw.lines().next().unwrap_or(raw);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    if first.starts_with("line ")
        && let Some(i) = first.find(": ")
    {
        return &first[i + 2..];
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_the_nearest_key() {
        let t =
            translate("unknown field `valeur_bioo`, expected one of `valeur_totale`, `valeur_bio`");
        assert_eq!(t.code, "cle-inconnue");
        assert!(
            t.help
                .unwrap_or_default()
                .starts_with("vouliez-vous dire « valeur_bio »")
        );
    }

    #[test]
    fn sector_label_gets_its_slug() {
        let t = translate(
            "unknown variant `Cliniques`, expected one of `administration_prison`, `sante_clinique`",
        );
        assert!(t.help.unwrap_or_default().contains("« sante_clinique »"));
    }
}
