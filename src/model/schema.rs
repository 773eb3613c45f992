//! The JSON Schema of a declaration file, committed as
//! `schema/cantine.schema.json` for contributors' editors: generated from
//! the types of `declaration.rs`, then given its French descriptions, the
//! forms YAML gives the codes, and the list of the rules `check` adds.
//!
//! An editor reads the file as YAML 1.2: a SIRET or an INSEE code written
//! without quotes is a number there. `check` accepts them when no zero is
//! lost (`load/style.rs`), so the schema accepts those numbers too.

use super::declaration::Declaration;
use serde_json::{Value, json};

/// The rules of `check` that a schema does not express, by code (the code
/// `check` reports), as the schema's description lists them.
pub const RULES_BEYOND_SCHEMA: &[(&str, &str)] = &[
    (
        "siret-cle",
        "la clé de contrôle du SIRET (algorithme de Luhn)",
    ),
    ("nom-fichier", "le nom du fichier, qui est le SIRET"),
    (
        "dossier-inconnu",
        "le dossier, qui est un code de département",
    ),
    (
        "dossier-departement",
        "le dossier, qui est le département de la commune",
    ),
    (
        "code-insee-inconnu",
        "la commune, qui figure au code officiel géographique",
    ),
    (
        "annee-hors-periode",
        "l'année d'un bilan, au plus l'année en cours",
    ),
    ("annee-en-double", "un seul bilan par année"),
    (
        "achats-depassement",
        "chaque montant au plus égal à valeur_totale",
    ),
    (
        "egalim-depassement",
        "les achats EGalim au plus égaux à valeur_totale",
    ),
    (
        "famille-depassement",
        "les viandes ou produits de la mer EGalim ou d'origine France au plus égaux à leur total",
    ),
    (
        "viandes-poissons-egalim",
        "les viandes et produits de la mer EGalim au plus égaux à la somme des achats EGalim",
    ),
    (
        "montants-en-pourcentages",
        "des montants saisis en pourcentages au lieu d'euros",
    ),
    (
        "achats-sans-total",
        "valeur_totale dès qu'un autre montant est donné",
    ),
    (
        "achats-et-taux",
        "des montants ou des taux dans un bilan, pas les deux",
    ),
    (
        "taux-incomplet",
        "taux_bio et taux_egalim_hors_bio donnés ensemble",
    ),
    (
        "taux-somme",
        "taux_bio et taux_egalim_hors_bio dont la somme ne dépasse pas 1",
    ),
    (
        "taux-sans-opendata",
        "des taux seulement dans un bilan importé des données ouvertes",
    ),
    (
        "opendata-sans-taux",
        "un bilan importé des données ouvertes qui donne ses taux",
    ),
    ("bilan-vide", "un bilan qui contient des données"),
    (
        "champ-obligatoire",
        "l'identité complète dès qu'un bilan est déclaré",
    ),
    (
        "repas-incoherents",
        "nombre_repas_an supérieur à nombre_repas_jour",
    ),
    (
        "ministere-interdit",
        "un ministère de tutelle seulement pour les secteurs qui en ont un",
    ),
    (
        "cuisine-centrale-elle-meme",
        "une cuisine centrale qui n'est pas la cantine elle-même",
    ),
    (
        "cuisine-centrale-absente",
        "une cuisine centrale déclarée dans le dépôt",
    ),
    (
        "cuisine-centrale-type",
        "une cuisine centrale dont la déclaration est celle d'une cuisine centrale",
    ),
    ("siret-en-double", "un seul fichier par SIRET"),
    (
        "ma-cantine-id-en-double",
        "un seul fichier par identifiant ma cantine",
    ),
];

/// The French description of each type of the schema.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("Achats", "Achats alimentaires de l'année, en euros HT."),
    (
        "ActionGaspillage",
        "Action contre le gaspillage alimentaire.",
    ),
    (
        "Bilan",
        "Les données d'une année (les achats de 2024 se déclarent en 2025).",
    ),
    (
        "Commentaires",
        "Commentaires par mesure (Markdown, 1000 caractères au plus chacun ; le HTML n'est pas rendu).",
    ),
    (
        "Diversification",
        "Diversification des sources de protéines.",
    ),
    ("Euros", "Montant en euros HT, au plus 2 décimales."),
    (
        "FrequenceInformation",
        "Fréquence de l'information des convives.",
    ),
    ("Gaspillage", "Mesures contre le gaspillage alimentaire."),
    ("Information", "Information des convives."),
    ("MenuVegetarien", "Fréquence du menu végétarien."),
    ("Ministere", "Ministère de tutelle."),
    ("ModeleEconomique", "Modèle économique."),
    ("Plastique", "Substitution des plastiques à usage unique."),
    ("Secteur", "Secteur d'activité."),
    ("Source", "Origine des chiffres d'un bilan."),
    (
        "SupportInformation",
        "Support de l'information des convives.",
    ),
    ("Taux", "Taux entre 0 et 1 (0.25 pour 25 %)."),
    ("TypeGestion", "Type de gestion."),
    ("TypeProduction", "Type de production."),
];

/// The schema's own description: what it checks and what `check` adds.
fn description() -> String {
    let rules: Vec<String> = RULES_BEYOND_SCHEMA
        .iter()
        .map(|(code, rule)| format!("{rule} ({code})"))
        .collect();
    format!(
        "Déclaration d'une cantine : son identité et un bilan par année de données. Ce schéma \
         vérifie la forme de chaque valeur ; « cantine check » vérifie en plus ce qu'un schéma \
         ne peut pas exprimer : {}.",
        rules.join(" ; ")
    )
}

/// A code of `digits` digits, as text or, when it does not start with 0,
/// as the number YAML reads from it without quotes.
fn code(text: &Value, digits: u32, nullable: bool) -> Value {
    let mut string = text.clone();
    string["type"] = json!("string");
    let mut forms = vec![
        string,
        json!({"type": "integer", "minimum": 10u64.pow(digits - 1), "maximum": 10u64.pow(digits) - 1}),
    ];
    if nullable {
        forms.push(json!({"type": "null"}));
    }
    let mut out = json!({ "anyOf": forms });
    if let Some(d) = text.get("description") {
        out["description"] = d.clone();
        out["anyOf"][0]
            .as_object_mut()
            .map(|o| o.remove("description"));
    }
    out
}

/// The JSON Schema of a declaration file, as committed.
pub fn json_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Declaration)).unwrap_or_default();
    schema["description"] = json!(description());
    for (name, text) in DESCRIPTIONS {
        if let Some(def) = schema["$defs"].get_mut(*name) {
            def["description"] = json!(text);
        }
    }
    let properties = &mut schema["properties"];
    for (key, digits, nullable) in [
        ("siret", 14, false),
        ("siret_cuisine_centrale", 14, true),
        ("code_insee", 5, true),
    ] {
        let replaced = code(&properties[key], digits, nullable);
        properties[key] = replaced;
    }
    properties["secteurs"]["uniqueItems"] = json!(true);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type has its French description: none of the doc comments,
    /// written for the program's maintainers, reaches an editor.
    #[test]
    fn every_type_is_described_in_french() {
        let schema: Value = serde_json::from_str(&json_schema()).unwrap_or_default();
        let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
        for name in defs.keys() {
            assert!(
                DESCRIPTIONS.iter().any(|(n, _)| n == name),
                "{name} has no French description in src/model/schema.rs"
            );
        }
        let text = json_schema();
        assert!(!text.contains("SPEC"), "a reference to the specification");
    }
}
