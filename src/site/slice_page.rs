//! The view of an aggregate page: the nation (home), a région, a
//! département, a sector or a category (SPEC §4.6, §5). Key figures of the
//! latest year with their base, charts with their tables, and links.

use crate::aggregate::{Dimension, Statistiques, StatsAnnee, Tranche};
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
    /// What it is.
    pub libelle: String,
    /// Its base ("sur 1 234 bilans").
    pub base: String,
}

/// The aggregate part of a slice page.
#[derive(Debug, Default, Serialize)]
pub struct StatsVue {
    /// Latest data year with bilans, if any.
    pub annee: Option<u16>,
    /// Key figures of that year.
    pub chiffres: Vec<Chiffre>,
    /// Charts, in order.
    pub figures: Vec<Figure>,
    /// Sentence about aberrant bilans excluded, if any.
    pub exclusions: Option<String>,
}

fn s(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The latest year of a slice with at least one bilan.
pub fn derniere_annee(t: &Tranche) -> Option<u16> {
    t.annees
        .iter()
        .rev()
        .find(|(_, a)| a.bilans > 0)
        .map(|(y, _)| *y)
}

fn chiffres(a: &StatsAnnee, cantines: u64) -> Vec<Chiffre> {
    let mut out = vec![Chiffre {
        valeur: entier(cantines),
        libelle: format!("cantine{} publiée{}", s(cantines), s(cantines)),
        base: format!("dont {} avec un bilan cette année", entier(a.bilans)),
    }];
    let p = a.objectifs_atteints;
    out.push(Chiffre {
        valeur: p
            .pct_tronque
            .map(|v| format!("{v}\u{a0}%"))
            .unwrap_or_else(|| "—".into()),
        libelle: "des bilans atteignent les objectifs EGalim (bio et durables)".into(),
        base: format!(
            "{} sur {} bilan{} évalué{}",
            entier(p.atteints),
            entier(p.evalues),
            s(p.evalues),
            s(p.evalues)
        ),
    });
    if let Some(m) = a.pct_bio.mediane {
        out.push(Chiffre {
            valeur: affiche_pourcentage(m),
            libelle: "de bio dans les achats : valeur médiane".into(),
            base: format!(
                "sur {} bilan{}",
                entier(a.pct_bio.bilans),
                s(a.pct_bio.bilans)
            ),
        });
    }
    if let Some(m) = a.pct_egalim.mediane {
        out.push(Chiffre {
            valeur: affiche_pourcentage(m),
            libelle: "de produits durables et de qualité : valeur médiane".into(),
            base: format!(
                "sur {} bilan{}",
                entier(a.pct_egalim.bilans),
                s(a.pct_egalim.bilans)
            ),
        });
    }
    let w = a.parts_ponderees.egalim;
    if let Some(pct) = w.pct {
        out.push(Chiffre {
            valeur: affiche_pourcentage(pct),
            libelle: "des montants d'achats sont durables et de qualité (part pondérée)".into(),
            base: format!(
                "sur les {} bilan{} déclarant des montants",
                entier(w.bilans),
                s(w.bilans)
            ),
        });
    }
    if a.objectif_viandes_poissons.evalues > 0 {
        let p = a.objectif_viandes_poissons;
        out.push(Chiffre {
            valeur: p
                .pct_tronque
                .map(|v| format!("{v}\u{a0}%"))
                .unwrap_or_else(|| "—".into()),
            libelle: "des bilans atteignent l'objectif viandes et poissons".into(),
            base: format!(
                "{} sur {} bilan{} évalué{}",
                entier(p.atteints),
                entier(p.evalues),
                s(p.evalues),
                s(p.evalues)
            ),
        });
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

/// Figures and charts of a slice. `nom` names the slice in titles
/// ("en Bretagne", "en France"); `sous_tranches` gives an optional
/// breakdown (label, code) in `dimension_sous`, drawn as bars.
pub fn stats_vue(
    stats: &Statistiques,
    dimension: Dimension,
    code: &str,
    nom: &str,
    sous_tranches: Option<SousTranches<'_>>,
) -> StatsVue {
    let Some(t) = stats.tranche(dimension, code) else {
        return StatsVue::default();
    };
    let Some(annee) = derniere_annee(t) else {
        return StatsVue::default();
    };
    let Some(a) = t.annees.get(&annee) else {
        return StatsVue::default();
    };
    let mut figures = Vec::new();
    // Thresholds differ overseas: the histogram line shows the hexagone
    // objective only where every canteen of the slice shares it.
    let hexagone = crate::indicators::seuils(crate::indicators::GroupeTerritorial::Hexagone, annee);
    let outre_mer = matches!(dimension, Dimension::Region | Dimension::Departement)
        && crate::indicators::GroupeTerritorial::de_region(region_of(dimension, code))
            != crate::indicators::GroupeTerritorial::Hexagone;
    let seuils = if outre_mer {
        crate::indicators::seuils(
            crate::indicators::GroupeTerritorial::de_region(region_of(dimension, code)),
            annee,
        )
    } else {
        hexagone
    };
    let mixte = dimension != Dimension::Region && dimension != Dimension::Departement;
    // The legend reads "Objectif : 20 %"; where canteens of several
    // territories mix (nation, sectors), the title says which objective is drawn.
    let note = if mixte {
        " (objectif de l'Hexagone)"
    } else {
        ""
    };
    let (obj_bio, obj_egalim) = ("Objectif".to_string(), "Objectif".to_string());
    figures.push(histo(
        "repartition-bio",
        &format!("Répartition des bilans {annee} selon leur part de bio, {nom}{note}"),
        &a.pct_bio,
        Some((&obj_bio, seuils.bio)),
    ));
    figures.push(histo(
        "repartition-egalim",
        &format!("Répartition des bilans {annee} selon leur part de produits durables et de qualité, {nom}{note}"),
        &a.pct_egalim,
        Some((&obj_egalim, seuils.egalim)),
    ));
    let libelles: Vec<String> = t.annees.keys().map(|y| y.to_string()).collect();
    let barres: Vec<Barre<'_>> = t
        .annees
        .values()
        .zip(&libelles)
        .map(|(x, l)| Barre {
            libelle: l,
            pct: x.objectifs_atteints.pct_tronque.map(Decimal::from),
            effectif: x.objectifs_atteints.atteints,
            total: x.objectifs_atteints.evalues,
        })
        .collect();
    figures.push(charts::barres_annuelles(&Barres {
        id: "objectifs-par-annee",
        titre: &format!("Part des bilans atteignant les objectifs, par année, {nom}"),
        entete: "Année",
        indicateur: "Part des bilans atteignant les objectifs",
        barres: &barres,
    }));
    if let Some((dim, entete, items)) = sous_tranches {
        let valeurs: Vec<(&str, Option<&StatsAnnee>)> = items
            .iter()
            .map(|(label, c)| (label.as_str(), stats.annee(dim, c, annee)))
            .collect();
        let barres: Vec<Barre<'_>> = valeurs
            .iter()
            .filter_map(|(l, a)| {
                a.map(|a| Barre {
                    libelle: l,
                    pct: a.objectifs_atteints.pct_tronque.map(Decimal::from),
                    effectif: a.objectifs_atteints.atteints,
                    total: a.objectifs_atteints.evalues,
                })
            })
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
    let exclusions = (a.bilans_aberrants_exclus > 0).then(|| {
        format!(
            "{} bilan{} au coût par repas aberrant {} exclu{} de ces chiffres.",
            entier(a.bilans_aberrants_exclus),
            s(a.bilans_aberrants_exclus),
            if a.bilans_aberrants_exclus > 1 {
                "sont"
            } else {
                "est"
            },
            s(a.bilans_aberrants_exclus)
        )
    });
    StatsVue {
        annee: Some(annee),
        chiffres: chiffres(a, t.cantines),
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
