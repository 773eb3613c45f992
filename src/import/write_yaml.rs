//! Canonical YAML writer for declaration files.
//!
//! Hand-written rather than serde-driven: the schema is small and fixed, and
//! we want one stable layout that humans edit happily — fields in the order
//! of SPEC §2's example, bilans newest first, SIRETs and INSEE codes always
//! double-quoted (so that `07017` never becomes a number), Markdown as `|`
//! block scalars. The same declaration always gives the same bytes.

use crate::model::{
    Achats, Bilan, Commentaires, Declaration, Diversification, Gaspillage, Information, Plastique,
};
use std::fmt::Write as _;

/// First line of every file: points editors to the JSON Schema.
pub const SCHEMA_HEADER: &str = "# yaml-language-server: $schema=../../schema/cantine.schema.json";

/// Renders a declaration as the canonical text of its YAML file.
pub fn to_yaml(d: &Declaration) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(SCHEMA_HEADER);
    out.push('\n');
    let w = &mut out;
    line(w, 0, "siret", &double_quoted(&d.siret));
    line(w, 0, "nom", &string(&d.nom));
    opt(
        w,
        0,
        "code_insee",
        d.code_insee.as_deref().map(double_quoted),
    );
    opt(
        w,
        0,
        "secteurs",
        d.secteurs
            .as_ref()
            .map(|s| flow(s.iter().map(|x| x.slug()))),
    );
    opt(
        w,
        0,
        "type_production",
        d.type_production.map(|x| x.slug().to_string()),
    );
    opt(
        w,
        0,
        "type_gestion",
        d.type_gestion.map(|x| x.slug().to_string()),
    );
    opt(
        w,
        0,
        "modele_economique",
        d.modele_economique.map(|x| x.slug().to_string()),
    );
    opt(
        w,
        0,
        "ministere_tutelle",
        d.ministere_tutelle.map(|x| x.slug().to_string()),
    );
    opt(
        w,
        0,
        "nombre_repas_jour",
        d.nombre_repas_jour.map(|x| x.to_string()),
    );
    opt(
        w,
        0,
        "nombre_repas_an",
        d.nombre_repas_an.map(|x| x.to_string()),
    );
    opt(
        w,
        0,
        "siret_cuisine_centrale",
        d.siret_cuisine_centrale.as_deref().map(double_quoted),
    );
    opt(
        w,
        0,
        "ma_cantine_id",
        d.ma_cantine_id.map(|x| x.to_string()),
    );
    if let Some(p) = &d.presentation {
        markdown(w, 0, "presentation", p);
    }
    if d.bilans.is_empty() {
        line(w, 0, "bilans", "[]");
    } else {
        w.push_str("bilans:\n");
        let mut bilans: Vec<&Bilan> = d.bilans.iter().collect();
        // Stable: two bilans of the same year (an error `check` reports)
        // keep their relative order.
        bilans.sort_by_key(|b| std::cmp::Reverse(b.annee));
        for b in bilans {
            bilan(w, b);
        }
    }
    out
}

fn bilan(w: &mut String, b: &Bilan) {
    // The first key shares the line of the list dash.
    let _ = writeln!(w, "  - annee: {}", b.annee);
    let i = 4;
    opt(w, i, "source", b.source.map(|x| x.slug().to_string()));
    opt(w, i, "taux_bio", b.taux_bio.map(|x| x.0.to_string()));
    opt(
        w,
        i,
        "taux_egalim_hors_bio",
        b.taux_egalim_hors_bio.map(|x| x.0.to_string()),
    );
    if let Some(a) = &b.achats {
        achats(w, i, a);
    }
    if let Some(g) = &b.gaspillage {
        gaspillage(w, i, g);
    }
    if let Some(d) = &b.diversification {
        diversification(w, i, d);
    }
    if let Some(p) = &b.plastique {
        plastique(w, i, p);
    }
    if let Some(x) = &b.information {
        information(w, i, x);
    }
    if let Some(c) = &b.commentaires {
        commentaires(w, i, c);
    }
}

/// Opens a nested mapping; an empty one is written `{}` so that it reads
/// back as present-but-empty, not absent.
fn section(w: &mut String, indent: usize, key: &str, fields: Vec<(&str, Option<String>)>) {
    if fields.iter().all(|(_, v)| v.is_none()) {
        line(w, indent, key, "{}");
        return;
    }
    key_only(w, indent, key);
    for (k, v) in fields {
        opt(w, indent + 2, k, v);
    }
}

fn achats(w: &mut String, i: usize, a: &Achats) {
    let e = |x: Option<crate::model::Euros>| x.map(|v| v.0.to_string());
    section(
        w,
        i,
        "achats",
        vec![
            ("valeur_totale", e(a.valeur_totale)),
            ("valeur_bio", e(a.valeur_bio)),
            ("valeur_siqo", e(a.valeur_siqo)),
            (
                "valeur_externalites_performance",
                e(a.valeur_externalites_performance),
            ),
            ("valeur_egalim_autres", e(a.valeur_egalim_autres)),
            ("valeur_viandes_volailles", e(a.valeur_viandes_volailles)),
            (
                "valeur_viandes_volailles_egalim",
                e(a.valeur_viandes_volailles_egalim),
            ),
            (
                "valeur_viandes_volailles_france",
                e(a.valeur_viandes_volailles_france),
            ),
            ("valeur_produits_de_la_mer", e(a.valeur_produits_de_la_mer)),
            (
                "valeur_produits_de_la_mer_egalim",
                e(a.valeur_produits_de_la_mer_egalim),
            ),
            (
                "valeur_produits_de_la_mer_france",
                e(a.valeur_produits_de_la_mer_france),
            ),
        ],
    );
}

fn boolean(x: Option<bool>) -> Option<String> {
    x.map(|b| b.to_string())
}

fn gaspillage(w: &mut String, i: usize, g: &Gaspillage) {
    section(
        w,
        i,
        "gaspillage",
        vec![
            ("diagnostic", boolean(g.diagnostic)),
            ("plan_actions", boolean(g.plan_actions)),
            (
                "actions",
                g.actions.as_ref().map(|a| flow(a.iter().map(|x| x.slug()))),
            ),
            ("convention_dons", boolean(g.convention_dons)),
        ],
    );
}

fn diversification(w: &mut String, i: usize, d: &Diversification) {
    section(
        w,
        i,
        "diversification",
        vec![
            ("plan", boolean(d.plan)),
            (
                "menu_vegetarien",
                d.menu_vegetarien.map(|x| x.slug().to_string()),
            ),
        ],
    );
}

fn plastique(w: &mut String, i: usize, p: &Plastique) {
    section(
        w,
        i,
        "plastique",
        vec![
            ("contenants_cuisson", boolean(p.contenants_cuisson)),
            ("contenants_service", boolean(p.contenants_service)),
            ("bouteilles", boolean(p.bouteilles)),
            ("ustensiles", boolean(p.ustensiles)),
        ],
    );
}

fn information(w: &mut String, i: usize, x: &Information) {
    section(
        w,
        i,
        "information",
        vec![
            ("qualite", boolean(x.qualite)),
            ("frequence", x.frequence.map(|f| f.slug().to_string())),
            (
                "supports",
                x.supports
                    .as_ref()
                    .map(|s| flow(s.iter().map(|v| v.slug()))),
            ),
            ("lien", x.lien.as_deref().map(string)),
        ],
    );
}

fn commentaires(w: &mut String, i: usize, c: &Commentaires) {
    let fields = [
        ("qualite", &c.qualite),
        ("gaspillage", &c.gaspillage),
        ("diversification", &c.diversification),
        ("plastique", &c.plastique),
        ("information", &c.information),
    ];
    if fields.iter().all(|(_, v)| v.is_none()) {
        line(w, i, "commentaires", "{}");
        return;
    }
    key_only(w, i, "commentaires");
    for (k, v) in fields {
        if let Some(text) = v {
            markdown(w, i + 2, k, text);
        }
    }
}

fn line(w: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(w, "{:indent$}{key}: {value}", "");
}

fn key_only(w: &mut String, indent: usize, key: &str) {
    let _ = writeln!(w, "{:indent$}{key}:", "");
}

fn opt(w: &mut String, indent: usize, key: &str, value: Option<String>) {
    if let Some(v) = value {
        line(w, indent, key, &v);
    }
}

/// A flow sequence of slugs: `[a, b]` (slugs never need quoting).
fn flow<'a>(items: impl Iterator<Item = &'a str>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// A Markdown field: a literal block scalar when the text allows it,
/// otherwise a double-quoted string (which can hold anything).
fn markdown(w: &mut String, indent: usize, key: &str, text: &str) {
    if !block_friendly(text) {
        line(w, indent, key, &double_quoted(text));
        return;
    }
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    // Chomping indicator: keep exactly as many final newlines as the text has.
    let chomp = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    line(w, indent, key, chomp);
    let pad = indent + 2;
    for l in body.split('\n') {
        if l.is_empty() {
            w.push('\n');
        } else {
            let _ = writeln!(w, "{:pad$}{l}", "");
        }
    }
    for _ in 1..trailing {
        w.push('\n');
    }
}

/// Whether a text can be written as a literal block scalar and read back
/// identical. Leading whitespace would change the detected indentation,
/// whitespace-only lines blur with chomping, and characters YAML cannot
/// hold raw (or that some tools treat as line breaks) need escapes.
fn block_friendly(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    !first.is_whitespace()
        && text
            .trim_end_matches('\n')
            .split('\n')
            .all(|l| l.is_empty() || !l.trim().is_empty())
        && !text.chars().any(|c| c != '\n' && needs_escape(c))
}

/// Characters written as escapes in double-quoted strings.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A YAML double-quoted string; escapes everything that is not printable.
pub(crate) fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A one-line string: plain when that is unambiguous, double-quoted otherwise.
fn string(text: &str) -> String {
    if plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Conservative test for a plain scalar that reads back as this same
/// string: starts with a letter, holds no YAML indicator that matters in
/// block context (`:`, `#`), no quote or backslash, no control character,
/// no surrounding space, and is not a word YAML 1.1 or 1.2 reads as a
/// boolean or null.
fn plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    const RESERVED: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    first.is_alphabetic()
        && text.trim() == text
        && !text
            .chars()
            .any(|c| matches!(c, ':' | '#' | '"' | '\\' | '\t') || needs_escape(c))
        && !RESERVED.contains(&text.to_lowercase().as_str())
}

#[cfg(test)]
#[path = "write_yaml_tests.rs"]
mod tests;
