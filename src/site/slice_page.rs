//! The view of an aggregate page: the nation (home), a région, a
//! département, a sector or a category. Key figures of the published
//! campaign with their base, charts with their tables, and what the
//! campaigns in progress hold so far (content/methodologie.md, « Les
//! campagnes publiées », « Les petits effectifs »).

use super::campagne::{annee_publiee, notes_en_cours, valeur_ou_insuffisant};
use crate::aggregate::campagnes::Campagnes;
use crate::aggregate::{Dimension, Statistiques, StatsAnnee, publiable};
use crate::indicators::affiche_pourcentage;
use crate::render::charts::format::entier;
use crate::render::charts::{self, Barre, Barres, Figure, Histogramme, Repere};
use rust_decimal::Decimal;
use serde::Serialize;

/// One key figure: the value, what it is, and its base.
#[derive(Debug, Serialize)]
pub struct Chiffre {
    /// The value as shown.
    pub valeur: String,
    /// The value is « données insuffisantes (N bilans) », not a number.
    pub insuffisant: bool,
    /// What it is.
    pub libelle: String,
    /// Its base ("sur 1 234 bilans").
    pub base: String,
}

/// The aggregate part of a slice page.
#[derive(Debug, Default, Serialize)]
pub struct StatsVue {
    /// The published campaign (the headline year), if any.
    pub annee: Option<u16>,
    /// Key figures of that year (empty when the slice has no bilan of it).
    pub chiffres: Vec<Chiffre>,
    /// Why some charts are not drawn (too few bilans), if so.
    pub insuffisant: Option<String>,
    /// One sentence per campaign in progress: what it holds so far.
    pub en_cours: Vec<String>,
    /// Charts, in order.
    pub figures: Vec<Figure>,
    /// Sentence about aberrant bilans excluded, if any.
    pub exclusions: Option<String>,
}

fn s(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// A share of bilans reaching an objective, as a key figure: its value
/// (« données insuffisantes (N bilans) » under the minimum count) and its
/// base.
fn chiffre_proportion(p: &crate::aggregate::Proportion, libelle: &str) -> Chiffre {
    let (valeur, insuffisant) =
        valeur_ou_insuffisant(p.pct_publie().map(|v| format!("{v}\u{a0}%")), p.evalues);
    Chiffre {
        valeur,
        insuffisant,
        libelle: libelle.into(),
        base: format!(
            "{} sur {} bilan{} évalué{}",
            entier(p.atteints),
            entier(p.evalues),
            s(p.evalues),
            s(p.evalues)
        ),
    }
}

/// A percentage over `bilans` bilans (a median, a weighted share) as a
/// key figure; `base` words its base.
fn chiffre_pourcentage(pct: Option<Decimal>, bilans: u64, libelle: &str, base: String) -> Chiffre {
    let publie = pct.filter(|_| publiable(bilans)).map(affiche_pourcentage);
    let (valeur, insuffisant) = valeur_ou_insuffisant(publie, bilans);
    Chiffre {
        valeur,
        insuffisant,
        libelle: libelle.into(),
        base,
    }
}

fn chiffres(a: &StatsAnnee, cantines: u64) -> Vec<Chiffre> {
    let mut out = vec![Chiffre {
        valeur: entier(cantines),
        insuffisant: false,
        libelle: format!("cantine{} publiée{}", s(cantines), s(cantines)),
        base: format!("dont {} avec un bilan cette année", entier(a.bilans)),
    }];
    out.push(chiffre_proportion(
        &a.objectifs_atteints,
        "des bilans atteignent les objectifs EGalim (bio et durables)",
    ));
    let sur = |n: u64| format!("sur {} bilan{}", entier(n), s(n));
    if a.pct_bio.bilans > 0 {
        out.push(chiffre_pourcentage(
            a.pct_bio.mediane,
            a.pct_bio.bilans,
            "de bio dans les achats : valeur médiane",
            sur(a.pct_bio.bilans),
        ));
    }
    if a.pct_egalim.bilans > 0 {
        out.push(chiffre_pourcentage(
            a.pct_egalim.mediane,
            a.pct_egalim.bilans,
            "de produits durables et de qualité : valeur médiane",
            sur(a.pct_egalim.bilans),
        ));
    }
    let w = a.parts_ponderees.egalim;
    if w.bilans > 0 {
        out.push(chiffre_pourcentage(
            w.pct,
            w.bilans,
            "des montants d'achats sont durables et de qualité (part pondérée)",
            format!(
                "sur les {} bilan{} déclarant des montants",
                entier(w.bilans),
                s(w.bilans)
            ),
        ));
    }
    if a.objectif_viandes_poissons.evalues > 0 {
        out.push(chiffre_proportion(
            &a.objectif_viandes_poissons,
            "des bilans atteignent l'objectif viandes et poissons",
        ));
    }
    out
}

fn histo(
    id: &str,
    titre: &str,
    d: &crate::aggregate::Distribution,
    objectif: Option<(&str, Decimal)>,
) -> Figure {
    let dist = charts::Distribution {
        effectifs: d.histogramme,
        mediane: d.mediane,
    };
    charts::histogramme(&Histogramme {
        id,
        titre,
        unite: "bilans",
        distribution: &dist,
        objectif: objectif.map(|(libelle, valeur)| Repere { libelle, valeur }),
    })
}

/// A breakdown of a slice: the dimension of its parts, the column header
/// ("Région"), and the parts as (label, code).
pub type SousTranches<'a> = (Dimension, &'a str, &'a [(String, String)]);

/// The objectives of the slice's canteens for `annee`: its territory
/// group's where every canteen shares one (a région or a département),
/// the hexagone's otherwise, with the note the charts' titles carry.
fn seuils_de(
    dimension: Dimension,
    code: &str,
    annee: u16,
) -> (crate::indicators::Seuils, &'static str) {
    use crate::indicators::GroupeTerritorial;
    let groupe = GroupeTerritorial::de_region(region_of(dimension, code));
    match dimension {
        Dimension::Region | Dimension::Departement => {
            (crate::indicators::seuils(groupe, annee), "")
        }
        // The legend reads "Objectif : 20 %"; where canteens of several
        // territories mix (nation, sectors), the title says which
        // objective is drawn.
        _ => (
            crate::indicators::seuils(GroupeTerritorial::Hexagone, annee),
            " (objectif de l'Hexagone)",
        ),
    }
}

/// A bar of the share of bilans reaching the objectives: no value under
/// the minimum count (the chart says « données insuffisantes »).
fn barre<'a>(libelle: &'a str, a: &StatsAnnee) -> Barre<'a> {
    Barre {
        libelle,
        pct: a.objectifs_atteints.pct_publie().map(Decimal::from),
        effectif: a.objectifs_atteints.atteints,
        total: a.objectifs_atteints.evalues,
    }
}

/// The histograms of the bio and EGalim shares of `annee`, when they rest
/// on enough bilans.
fn histogrammes(
    figures: &mut Vec<Figure>,
    a: &StatsAnnee,
    (annee, nom, dimension, code): (u16, &str, Dimension, &str),
) -> Option<String> {
    let (seuils, note) = seuils_de(dimension, code, annee);
    let objectif = "Objectif".to_string();
    let mut trop_peu = false;
    for (id, quoi, d, seuil) in [
        (
            "repartition-bio",
            "leur part de bio",
            &a.pct_bio,
            seuils.bio,
        ),
        (
            "repartition-egalim",
            "leur part de produits durables et de qualité",
            &a.pct_egalim,
            seuils.egalim,
        ),
    ] {
        if publiable(d.bilans) {
            figures.push(histo(
                id,
                &format!("Répartition des bilans {annee} selon {quoi}, {nom}{note}"),
                d,
                Some((&objectif, seuil)),
            ));
        } else if d.bilans > 0 {
            trop_peu = true;
        }
    }
    trop_peu.then(|| {
        format!(
            "La répartition des parts de bio et de produits durables n'est pas représentée : il faut au moins {} bilans pour la publier.",
            crate::aggregate::EFFECTIF_MINIMUM
        )
    })
}

/// Figures and charts of a slice. `nom` names the slice in titles
/// ("en Bretagne", "en France"); `sous_tranches` gives an optional
/// breakdown (label, code) in `dimension_sous`, drawn as bars. The year
/// is the published campaign's; the campaigns in progress are told in
/// sentences, never as figures.
pub fn stats_vue(
    stats: &Statistiques,
    campagnes: &Campagnes,
    dimension: Dimension,
    code: &str,
    nom: &str,
    sous_tranches: Option<SousTranches<'_>>,
) -> StatsVue {
    let en_cours = notes_en_cours(stats, campagnes, dimension, code);
    let Some(annee) = annee_publiee(campagnes) else {
        return StatsVue {
            en_cours,
            ..StatsVue::default()
        };
    };
    let t = stats.tranche(dimension, code);
    let mut figures = Vec::new();
    let mut insuffisant = None;
    let courante = t.and_then(|t| t.annees.get(&annee));
    if let Some(a) = courante {
        insuffisant = histogrammes(&mut figures, a, (annee, nom, dimension, code));
    }
    // The published years only: a campaign in progress is no result.
    let publiees: Vec<(String, &StatsAnnee)> = t
        .into_iter()
        .flat_map(|t| t.annees.iter())
        .filter(|(y, _)| campagnes.est_publiee(**y))
        .map(|(y, a)| (y.to_string(), a))
        .collect();
    if !publiees.is_empty() {
        let barres: Vec<Barre<'_>> = publiees.iter().map(|(l, a)| barre(l, a)).collect();
        figures.push(charts::barres_annuelles(&Barres {
            id: "objectifs-par-annee",
            titre: &format!("Part des bilans atteignant les objectifs, par année, {nom}"),
            entete: "Année",
            indicateur: "Part des bilans atteignant les objectifs",
            barres: &barres,
        }));
    }
    if let (Some(_), Some((dim, entete, items))) = (courante, sous_tranches) {
        let barres: Vec<Barre<'_>> = items
            .iter()
            .filter_map(|(label, c)| stats.annee(dim, c, annee).map(|a| barre(label, a)))
            .collect();
        if !barres.is_empty() {
            figures.push(charts::barres_horizontales(&Barres {
                id: "objectifs-par-tranche",
                titre: &format!(
                    "Part des bilans {annee} atteignant les objectifs, par {}",
                    entete.to_lowercase()
                ),
                entete,
                indicateur: "Part des bilans atteignant les objectifs",
                barres: &barres,
            }));
        }
    }
    let exclusions = courante
        .map(|a| a.bilans_aberrants_exclus)
        .filter(|n| *n > 0)
        .map(|n| {
            format!(
                "{} bilan{} au coût par repas aberrant {} exclu{} de ces chiffres.",
                entier(n),
                s(n),
                if n > 1 { "sont" } else { "est" },
                s(n)
            )
        });
    StatsVue {
        annee: Some(annee),
        chiffres: courante
            .zip(t)
            .map(|(a, t)| chiffres(a, t.cantines))
            .unwrap_or_default(),
        insuffisant,
        en_cours,
        figures,
        exclusions,
    }
}

fn region_of(dimension: Dimension, code: &str) -> Option<&'static str> {
    match dimension {
        Dimension::Region => crate::model::territory::region(code).map(|r| r.code),
        Dimension::Departement => crate::model::territory::departement(code).map(|d| d.region),
        _ => None,
    }
}
