//! Errors about keys: given twice, unknown (a typo, or a key of another
//! block), or missing. Each names the key; a duplicate also names the line
//! of its first occurrence.

use super::fields::{Section, section_at, sections_with};
use super::locate::Position;
use super::outline::{Node, Shape};
use super::parse_error::{At, ParseError};
use super::suggest;
use crate::diagnostics::{Edit, Fix};

/// The node of the entry whose key starts where the reader stopped.
fn entry_at<'a>(at: &'a At<'_>) -> Option<&'a Node> {
    let p = at.position;
    at.outline
        .nodes
        .iter()
        .rev()
        .find(|n| {
            n.key
                .as_ref()
                .is_some_and(|(_, k)| (k.line, k.column) == (p.line, p.column))
        })
        .or_else(|| at.outline.at(p.line, p.column))
}

/// Whether the entry at `index` of the outline is empty (`[]`, `{}`, no
/// value) and on one line, so that removing its line loses nothing.
fn empty_one_liner(at: &At<'_>, index: usize) -> bool {
    let Some(node) = at.outline.nodes.get(index) else {
        return false;
    };
    let child = |n: &Node| {
        n.path.len() > node.path.len()
            && n.path.starts_with(&node.path)
            && matches!(n.path.as_bytes()[node.path.len()], b'.' | b'[')
    };
    let has_children = at.outline.nodes.get(index + 1).is_some_and(child);
    let empty = match &node.shape {
        Shape::Scalar(v, _) => v.is_empty() || v == "~" || v == "null",
        Shape::Map | Shape::Seq => !has_children,
        Shape::Other => false,
    };
    let key_line = node.key.as_ref().map_or(0, |(_, k)| k.line);
    let line = at.line(key_line);
    let alone = line
        .trim_start()
        .starts_with(node.key.as_ref().map_or("?", |(k, _)| k.as_str()));
    empty && key_line == node.value.line && alone
}

/// Whether the entries at `a` and `b` are the same one-line scalar: the
/// second is a copy, removing it loses nothing.
fn same_one_liner(at: &At<'_>, a: usize, b: usize) -> bool {
    let one_line = |i: usize| {
        let node = at.outline.nodes.get(i)?;
        let key_line = node.key.as_ref()?.1.line;
        match &node.shape {
            Shape::Scalar(v, w) if key_line == node.value.line => Some((v.clone(), *w)),
            _ => None,
        }
    };
    one_line(a).is_some_and(|x| one_line(b) == Some(x))
}

/// Removes line `n`, its line break included.
fn delete_line(at: &At<'_>, n: u32) -> Fix {
    let line = at.line(n);
    let has_break = at.text.split('\n').count() > n as usize;
    let length = line.chars().count() + usize::from(has_break);
    Fix::edit(Edit::new(n, 1, u32::try_from(length).unwrap_or(0), ""))
}

/// A key given twice in the same block.
pub(super) fn duplicate_key(at: &At<'_>, key: Option<&str>) -> ParseError {
    let second = entry_at(at);
    let name = key
        .map(str::to_string)
        .or_else(|| second.and_then(|n| n.key.as_ref().map(|(k, _)| k.clone())))
        .unwrap_or_else(|| "?".to_string());
    let path = second.map_or("", |n| n.path.as_str());
    let indexes: Vec<usize> = at
        .outline
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.path == path && n.key.is_some())
        .map(|(i, _)| i)
        .collect();
    let key_line = |i: usize| {
        at.outline.nodes[i]
            .key
            .as_ref()
            .map_or(at.position.line, |(_, k)| k.line)
    };
    let (first, dup) = match indexes.as_slice() {
        [a, .., b] => (key_line(*a), Some((*a, *b))),
        _ => (at.position.line, None),
    };
    let message = format!(
        "la clé « {name} » apparaît deux fois dans le même bloc : une première fois à la ligne \
         {first}, de nouveau à la ligne {}",
        at.position.line
    );
    let error = ParseError::new(at.position, "cle-en-double", message);
    match dup {
        Some((a, _)) if empty_one_liner(at, a) => error
            .help(format!(
                "la ligne {first} (« {} ») est vide et la ligne {} la remplace : supprimez la \
                 ligne {first}",
                at.line(first).trim(),
                at.position.line
            ))
            .fix(Some(delete_line(at, first))),
        Some((_, b)) if empty_one_liner(at, b) => error
            .help(format!(
                "la ligne {} (« {} ») est vide : supprimez-la",
                at.position.line,
                at.line(at.position.line).trim()
            ))
            .fix(Some(delete_line(at, at.position.line))),
        Some((a, b)) if same_one_liner(at, a, b) => error
            .help(format!(
                "la ligne {} répète la ligne {first} (« {} ») : supprimez la ligne {}",
                at.position.line,
                at.line(first).trim(),
                at.position.line
            ))
            .fix(Some(delete_line(at, at.position.line))),
        _ => error.help(format!(
            "gardez une seule clé « {name} » : réunissez ce qui suit les deux en un seul bloc, \
             ou supprimez celle qui est en trop"
        )),
    }
}

/// The block whose keys are `expected` (the reader lists them).
fn section_with_keys(expected: &[&str]) -> Option<Section> {
    let mut wanted: Vec<&str> = expected.to_vec();
    wanted.sort_unstable();
    Section::ALL.into_iter().find(|s| {
        let mut keys: Vec<&str> = s.keys().iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys == wanted
    })
}

/// A key the block does not know: a typo, or a key of another block.
pub(super) fn unknown_key(at: &At<'_>, field: &str, expected: &[&str]) -> ParseError {
    let section = section_with_keys(expected);
    let keys: Vec<&str> = match section {
        Some(s) => s.keys().iter().map(|(k, _)| *k).collect(),
        None => expected.to_vec(),
    };
    let position = Position {
        length: u32::try_from(field.chars().count().max(1)).unwrap_or(1),
        ..at.position
    };
    let within = section.map_or(String::new(), |s| format!(" dans {}", s.name()));
    let error = ParseError::new(
        position,
        "cle-inconnue",
        format!("clé inconnue « {field} »{within}"),
    );
    let elsewhere: Vec<Section> = sections_with(field)
        .into_iter()
        .filter(|s| Some(*s) != section)
        .collect();
    if let Some(s) = elsewhere.first() {
        return error.help(format!(
            "« {field} » est une clé de la rubrique {} : placez cette ligne sous « {}: », \
             indentée de 2 espaces de plus (les clés possibles ici sont : {})",
            s.name(),
            s.name(),
            keys.join(", ")
        ));
    }
    match suggest::key(field, keys.iter().copied()) {
        Some(k) => error
            .help(format!(
                "vouliez-vous dire « {k} » ? Clés possibles ici : {}",
                keys.join(", ")
            ))
            .fix(Some(Fix::edit(Edit::new(
                position.line,
                position.column,
                position.length,
                k,
            )))),
        None => error.help(format!(
            "supprimez cette clé ou corrigez-la ; clés possibles ici : {}",
            keys.join(", ")
        )),
    }
}

/// What to write for a required field.
fn example(field: &str) -> String {
    match field {
        "siret" => "« siret: \"<SIRET à 14 chiffres>\" » en tête du fichier".to_string(),
        "nom" => "« nom: <nom de la cantine> » après le siret".to_string(),
        "annee" => "« annee: <année des données> » en tête du bilan, juste après le tiret \
                    (ex. « - annee: 2024 »)"
            .to_string(),
        other => format!("« {other}: … »"),
    }
}

/// A required field that is absent.
pub(super) fn missing_field(at: &At<'_>, field: &str) -> ParseError {
    let p = at.position;
    let block =
        at.outline.nodes.iter().find(|n| {
            n.shape == Shape::Map && (n.value.line, n.value.column) == (p.line, p.column)
        });
    let whose = match block.map_or(Some(Section::Racine), |n| section_at(&n.path)) {
        Some(Section::Bilan) => "de ce bilan",
        Some(Section::Racine) | None => "du fichier",
        Some(_) => "de ce bloc",
    };
    ParseError::new(
        at.position,
        "champ-manquant",
        format!("le champ obligatoire « {field} » est absent {whose}"),
    )
    .help(format!("ajoutez la ligne {}", example(field)))
}
