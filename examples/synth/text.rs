//! Plausible French names, presentations and comments. The texts are
//! assembled from small banks of phrases so that pages have realistic
//! lengths and Markdown (paragraphs, lists, emphasis, links).

use crate::rng::Rng;
use cantine::model::{Categorie, Secteur, TypeProduction};

const PERSONNES: &[&str] = &[
    "Jules Ferry",
    "Victor Hugo",
    "Jean Jaurès",
    "Louise Michel",
    "Marie Curie",
    "Jean Moulin",
    "Simone Veil",
    "Jacques Prévert",
    "Paul Langevin",
    "Pierre et Marie Curie",
    "George Sand",
    "Albert Camus",
    "Jean de La Fontaine",
    "Émile Zola",
    "Olympe de Gouges",
    "Antoine de Saint-Exupéry",
    "Condorcet",
    "Gustave Eiffel",
    "Colette",
    "Louis Pasteur",
];

const LIEUX_DITS: &[&str] = &[
    "Les Tilleuls",
    "Les Érables",
    "Le Clos fleuri",
    "Les Charmilles",
    "La Roseraie",
    "Les Jardins",
    "Le Moulin",
    "Les Peupliers",
    "Bellevue",
    "Les Hirondelles",
    "Le Parc",
    "Les Lilas",
    "La Source",
    "Les Marronniers",
    "Le Verger",
];

/// A canteen's name from its sector, production type and commune.
pub fn nom(
    rng: &mut Rng,
    secteurs: Option<&[Secteur]>,
    tp: Option<TypeProduction>,
    commune: &str,
) -> String {
    let personne = rng.pick(PERSONNES).copied().unwrap_or("Jules Ferry");
    let lieu = rng.pick(LIEUX_DITS).copied().unwrap_or("Les Tilleuls");
    if matches!(tp, Some(TypeProduction::Centrale)) {
        return format!("Cuisine centrale de {commune}");
    }
    let Some(first) = secteurs.and_then(|s| s.first()).copied() else {
        return format!("Restaurant {lieu} - {commune}");
    };
    match first {
        Secteur::EducationPrimaire => match rng.below(3) {
            0 => format!("École {personne}"),
            1 => format!("Restaurant scolaire de {commune}"),
            _ => format!("Groupe scolaire {personne} - {commune}"),
        },
        Secteur::EducationCollege => format!("Collège {personne}"),
        Secteur::EducationLycee => format!("Lycée {personne}"),
        Secteur::EducationAgricole => format!("Lycée agricole de {commune}"),
        Secteur::SocialEhpad => format!("EHPAD {lieu}"),
        Secteur::SocialCreche => format!("Crèche {lieu}"),
        Secteur::SanteHopital => format!("Centre hospitalier de {commune}"),
        Secteur::SanteClinique => format!("Clinique {lieu}"),
        _ => match first.categorie() {
            Categorie::Administration => format!("Restaurant administratif de {commune}"),
            Categorie::Entreprise => format!("Restaurant d'entreprise {lieu}"),
            Categorie::Loisirs => format!("Centre de loisirs {lieu}"),
            _ => format!("Restaurant {lieu} - {commune}"),
        },
    }
}

const OUVERTURES: &[&str] = &[
    "Notre équipe prépare chaque jour des repas **faits maison** à partir de produits frais.",
    "La cuisine travaille en lien étroit avec les producteurs du territoire.",
    "Le restaurant accueille les convives dans une salle rénovée, au calme.",
    "Les menus sont élaborés avec une diététicienne et validés en commission.",
    "Nous servons des repas équilibrés, de saison, et limitons le gaspillage.",
];

const ENGAGEMENTS: &[&str] = &[
    "pain bio livré par la boulangerie du village",
    "viande de boucherie d'origine France",
    "légumes de saison d'un maraîcher voisin",
    "produits laitiers sous label AOP",
    "un menu végétarien chaque semaine",
    "pesée des restes une semaine par trimestre",
    "compostage des déchets de préparation",
    "eau du robinet en carafe",
    "poisson issu de la pêche durable",
    "fruits de saison en dessert",
];

const CONCLUSIONS: &[&str] = &[
    "Les menus de la semaine sont affichés à l'entrée et publiés en ligne.",
    "*Les parents d'élèves sont invités à une visite de la cuisine chaque printemps.*",
    "Vos suggestions sont les bienvenues auprès du chef ou de la direction.",
    "Nous visons l'objectif des 50 % de produits durables dès cette année.",
];

/// A contributor presentation in Markdown (at most 2000 characters).
pub fn presentation(rng: &mut Rng, siret: &str) -> String {
    let mut text = String::new();
    text.push_str(rng.pick(OUVERTURES).copied().unwrap_or_default());
    text.push_str("\n\nNos engagements :\n\n");
    let n = rng.range(2, 5);
    let start = rng.below(ENGAGEMENTS.len() as u64);
    for k in 0..n {
        let i = ((start + k) % ENGAGEMENTS.len() as u64) as usize;
        text.push_str("- ");
        text.push_str(ENGAGEMENTS[i]);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(rng.pick(CONCLUSIONS).copied().unwrap_or_default());
    if rng.chance(40) {
        text.push_str(&format!(
            " Consultez [les menus](https://www.example.org/cantines/{siret}/menus)."
        ));
    }
    text.push('\n');
    text
}

const COMMENTAIRES: &[&str] = &[
    "Nous travaillons avec les producteurs du plateau.",
    "Le marché public a été renouvelé avec un lot dédié aux produits bio.",
    "Les pesées montrent une baisse des restes de 20 % en deux ans.",
    "Un second menu végétarien est proposé en option chaque jour.",
    "Les barquettes plastiques ont été remplacées par de l'inox.",
    "Les menus sont affichés et envoyés aux familles chaque semaine.",
];

/// A short comment on a measure.
pub fn commentaire(rng: &mut Rng) -> String {
    rng.pick(COMMENTAIRES)
        .copied()
        .unwrap_or_default()
        .to_string()
}
