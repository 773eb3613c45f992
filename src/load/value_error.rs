//! Errors about values: a value of the wrong form for its key (an amount
//! written "98 450,75 €", a year written as a date, « oui » for true, a
//! label instead of a slug, a word where a list is expected), explained
//! with what the key holds (`fields.rs`) and fixed with a value that
//! passes when it can be guessed (`suggest.rs`).

use super::fields::{Choices, Kind, Section, kind_at, listed};
use super::lines::content_column;
use super::locate::Position;
use super::outline::{Node, Shape};
use super::parse_error::{At, ParseError, generic};
use super::suggest;
use super::syntax_error::indentation;
use crate::diagnostics::{Edit, Fix};
use crate::model::amount::{amount_suggestion, ratio_suggestion};

pub(super) use super::key_error::{duplicate_key, missing_field, unknown_key};

/// The last key of a path (`bilans[0].achats.valeur_bio` → `valeur_bio`).
fn key_name(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// Replaces the value of `node` (its whole token, quotes included) by `text`.
fn replace(node: &Node, text: impl Into<String>) -> Fix {
    let v = node.value;
    Fix::edit(Edit::new(v.line, v.column, v.length, text))
}

/// A value of a closed list that is not one of its slugs.
pub(super) fn unknown_value(at: &At<'_>, variant: &str) -> ParseError {
    let node = at.outline.at(at.position.line, at.position.column);
    let path = node.map_or("", |n| n.path.as_str());
    let key = key_name(path);
    let Some(Kind::Choix(c)) = kind_at(path) else {
        return ParseError::new(
            at.position,
            "valeur-inconnue",
            format!("valeur inconnue « {variant} »"),
        );
    };
    let error = ParseError::new(
        at.position,
        "valeur-inconnue",
        format!("valeur inconnue « {variant} » pour {key}"),
    );
    let all = format!("Valeurs possibles : {}", listed(c));
    match (suggest::choice(c, variant), node) {
        (Some(slug), Some(n)) => {
            let label = c
                .values()
                .into_iter()
                .find(|(s, _)| *s == slug)
                .map(|(_, l)| l);
            let why = if label.is_some_and(|l| {
                crate::model::normalize_label(l)
                    .starts_with(&crate::model::normalize_label(variant))
            }) {
                format!(
                    "« {variant} » est le libellé de « {slug} », le fichier attend l'identifiant : \
                     écrivez « {slug} »"
                )
            } else {
                format!("vouliez-vous dire « {slug} » ? Écrivez « {slug} »")
            };
            error
                .help(format!("{why}. {all}"))
                .fix(Some(replace(n, slug)))
        }
        _ => error.help(all),
    }
}

/// A value of the wrong form for its key.
pub(super) fn wrong_value(at: &At<'_>, message: Option<&str>) -> ParseError {
    let node = at.outline.at(at.position.line, at.position.column);
    if let Some(e) = node.and_then(|n| key_under_value(at, n)) {
        return e;
    }
    let (Some(node), Some(kind)) = (node, node.and_then(|n| kind_at(&n.path))) else {
        return match message {
            // The model's own messages (amounts) are French.
            Some(m) if m.contains('«') => ParseError::new(at.position, "type-invalide", m),
            _ => generic(at),
        };
    };
    let key = key_name(&node.path);
    if node.path.is_empty() {
        return ParseError::new(
            node.value,
            "fichier-invalide",
            "le fichier doit être un bloc de clés : « siret: … », « nom: … », chacune en début de ligne",
        )
        .help("une déclaration commence par « siret: \"<SIRET à 14 chiffres>\" » puis « nom: <nom de la cantine> » ; « cantine new » crée un fichier complet à remplir");
    }
    match (&node.shape, kind) {
        (Shape::Scalar(v, _), _) if v.is_empty() || v == "~" || v == "null" => {
            ParseError::new(node.value, "valeur-vide", format!("{key} est vide"))
                .help(format!("écrivez après « {key}: » {}", kind.expected()))
        }
        (Shape::Scalar(v, _), Kind::Montant) => amount(node, key, v),
        (Shape::Scalar(v, _), Kind::Taux) => scalar_error(
            node,
            "taux-invalide",
            format!("{key} vaut « {v} », qui n'est pas un taux écrit comme un nombre"),
            kind,
            ratio_suggestion(v),
        ),
        (Shape::Scalar(v, _), Kind::Annee) => scalar_error(
            node,
            "annee-invalide",
            format!("annee vaut « {v} », qui n'est pas une année"),
            kind,
            suggest::year(v),
        ),
        (Shape::Scalar(v, _), Kind::Repas | Kind::Identifiant) => {
            let guess = suggest::count(v);
            let message = if v.chars().all(|c| c.is_ascii_digit()) {
                format!("{key} vaut {v} : ce nombre est trop grand")
            } else {
                format!("{key} vaut « {v} », qui n'est pas un nombre entier")
            };
            scalar_error(node, "nombre-invalide", message, kind, guess)
        }
        (Shape::Scalar(v, _), Kind::Booleen) => scalar_error(
            node,
            "booleen-invalide",
            format!("{key} vaut « {v} » : la réponse s'écrit true (oui) ou false (non)"),
            kind,
            suggest::boolean(v).map(|b| b.to_string()),
        ),
        (Shape::Scalar(v, _), Kind::Liste(c)) => not_a_list(node, key, v, c),
        (Shape::Scalar(v, _), Kind::Bloc(section)) => not_a_block(node, key, v, section),
        (Shape::Map, Kind::Bilans) => bilans_not_a_list(at, node),
        _ => ParseError::new(
            node.value,
            "type-invalide",
            format!(
                "{key} n'a pas la forme attendue : {} est attendu",
                kind.expected()
            ),
        )
        .help("vérifiez l'indentation de cette ligne et des suivantes"),
    }
}

/// A scalar that cannot be read as `kind`, with the guessed value as fix.
fn scalar_error(
    node: &Node,
    code: &'static str,
    message: String,
    kind: Kind,
    guess: Option<String>,
) -> ParseError {
    let key = key_name(&node.path);
    let error = ParseError::new(node.value, code, message);
    match guess {
        Some(g) => error
            .help(format!("écrivez « {key}: {g} » ({})", kind.expected()))
            .fix(Some(replace(node, g))),
        None => error.help(format!(
            "{key} attend {}, ex. « {key}: {} »",
            kind.expected(),
            kind.example()
        )),
    }
}

/// An amount written by hand ("98 450,75 €") or as a percentage.
fn amount(node: &Node, key: &str, v: &str) -> ParseError {
    if v.contains('%') {
        return ParseError::new(
            node.value,
            "montant-invalide",
            format!("{key} vaut « {v} », un pourcentage : achats attend des montants en euros HT"),
        )
        .help(format!(
            "indiquez le montant des achats de l'année en € HT (le pourcentage de valeur_totale), \
             ex. « {key}: 24317.34 » pour 24,7 % de 98 450,75 €"
        ));
    }
    scalar_error(
        node,
        "montant-invalide",
        format!("{key} vaut « {v} », qui n'est pas un montant écrit comme un nombre"),
        Kind::Montant,
        amount_suggestion(v),
    )
}

/// A single value where a list is expected: `secteurs: education_primaire`.
fn not_a_list(node: &Node, key: &str, v: &str, c: Choices) -> ParseError {
    let items: Vec<String> = v
        .split(',')
        .map(|item| {
            let item = item.trim();
            suggest::choice(c, item).map_or_else(|| item.to_string(), str::to_string)
        })
        .collect();
    let known = items
        .iter()
        .all(|i| c.values().iter().any(|(slug, _)| slug == i));
    let list = format!("[{}]", items.join(", "));
    let help = if known {
        format!("écrivez « {key}: {list} »")
    } else {
        format!(
            "écrivez « {key}: {list} » avec {}",
            Kind::Liste(c).expected()
        )
    };
    ParseError::new(
        node.value,
        "liste-attendue",
        format!("{key} est une liste : sa valeur s'écrit entre crochets"),
    )
    .help(help)
    .fix(Some(replace(node, list)))
}

/// A single value where a block of keys is expected; `- annee 2024` is
/// a key without its colon.
fn not_a_block(node: &Node, key: &str, v: &str, section: Section) -> ParseError {
    let first = v.split(' ').next().unwrap_or("");
    if v.contains(' ') && section.kind(first).is_some() {
        let column = node.value.column + u32::try_from(first.chars().count()).unwrap_or(0);
        return ParseError::new(
            Position {
                length: u32::try_from(first.chars().count()).unwrap_or(1),
                ..node.value
            },
            "deux-points-manquant",
            format!("il manque « : » après la clé « {first} »"),
        )
        .help(format!(
            "écrivez « {first}: » suivi d'une espace puis de la valeur"
        ))
        .fix(Some(Fix::edit(Edit::new(node.value.line, column, 0, ":"))));
    }
    let what = match section {
        Section::Bilan => "un bilan".to_string(),
        _ => format!("« {key} »"),
    };
    ParseError::new(
        node.value,
        "bloc-attendu",
        format!("{what} est un bloc de clés, pas une valeur sur une ligne"),
    )
    .help(format!(
        "écrivez « {key}: » seul sur sa ligne, puis {}",
        Kind::Bloc(section).expected()
    ))
}

/// `bilans:` followed by keys instead of a list of bilans: a forgotten
/// dash, or a dash without its space (`-annee: 2024`).
fn bilans_not_a_list(at: &At<'_>, node: &Node) -> ParseError {
    let line = at.line(node.value.line);
    let start = content_column(line);
    let content: String = line.chars().skip(start).collect();
    let error = ParseError::new(
        node.value,
        "liste-attendue",
        "bilans est une liste : chaque bilan commence par un tiret et une espace, « - annee: … »",
    );
    if content.starts_with('-') && !content.starts_with("- ") {
        let column = u32::try_from(start + 2).unwrap_or(1);
        return error
            .help("ajoutez une espace après le tiret : « - annee: 2024 »")
            .fix(Some(Fix::edit(Edit::new(node.value.line, column, 0, " "))));
    }
    error.help(
        "écrivez chaque bilan sous « bilans: » comme « - annee: 2024 », puis ses rubriques \
         (achats, gaspillage…) indentées de 2 espaces de plus que le tiret",
    )
}

/// A value whose next line, indented deeper, looks like a key: that line
/// was meant as a sibling (`valeur_totale: 1000` then `  valeur_bio: 10`
/// indented too far is read as the rest of « 1000 »).
fn key_under_value(at: &At<'_>, node: &Node) -> Option<ParseError> {
    let Shape::Scalar(v, super::outline::Written::Plain) = &node.shape else {
        return None;
    };
    let n = node.value.line;
    let next = at.line(n + 1).trim();
    let word = next.split(':').next().unwrap_or("");
    let first_word = v.split(' ').nth(1).unwrap_or("");
    let looks_like_key = next.contains(": ") && !word.contains(' ') && word == first_word;
    looks_like_key.then(|| indentation(at, n + 1))
}
