//! Charts shared by several pages: the national map of départements and
//! the bars by sector category.

use super::campagne::annee_publiee;
use crate::aggregate::campagnes::Campagnes;
use crate::aggregate::{Dimension, Statistiques};
use crate::model::territory;
use crate::render::charts::{self, BORNES_PAR_DEFAUT, Barre, Barres, Carte, Figure};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Choropleth of the share of bilans reaching the objectives, by
/// département, for the published campaign (no value under the minimum
/// count: see `bases`).
/// `root`: the site's path, for the table's links to the départements.
pub fn carte_nationale(stats: &Statistiques, campagnes: &Campagnes, root: &str) -> Option<Figure> {
    let annee = annee_publiee(campagnes)?;
    let mut valeurs: BTreeMap<String, Option<Decimal>> = BTreeMap::new();
    let mut bases: BTreeMap<String, u64> = BTreeMap::new();
    for d in territory::departements() {
        let p = stats
            .annee(Dimension::Departement, d.code, annee)
            .map(|a| a.objectifs_atteints)
            .unwrap_or_default();
        valeurs.insert(d.code.to_string(), p.pct_publie().map(Decimal::from));
        bases.insert(d.code.to_string(), p.evalues);
    }
    let titre = format!("Part des bilans {annee} atteignant les objectifs, par département");
    Some(charts::carte_departements(&Carte {
        id: "carte-departements",
        titre: &titre,
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs: &valeurs,
        bases: &bases,
        bornes: BORNES_PAR_DEFAUT,
        zoom: None,
        lien: Some(&format!("{root}departements/")),
    }))
}

/// Bars of the share of bilans reaching the objectives by sector
/// category, for the published campaign.
pub fn barres_categories(
    stats: &Statistiques,
    campagnes: &Campagnes,
    categories: &[(String, String)],
) -> Option<Figure> {
    let annee = annee_publiee(campagnes)?;
    let barres: Vec<Barre<'_>> = categories
        .iter()
        .filter_map(|(label, code)| {
            stats
                .annee(Dimension::Categorie, code, annee)
                .map(|a| Barre {
                    libelle: label,
                    pct: a.objectifs_atteints.pct_publie().map(Decimal::from),
                    effectif: a.objectifs_atteints.atteints,
                    total: a.objectifs_atteints.evalues,
                })
        })
        .collect();
    let titre =
        format!("Part des bilans {annee} atteignant les objectifs, par catégorie de secteur");
    Some(charts::barres_horizontales(&Barres {
        id: "objectifs-par-categorie",
        titre: &titre,
        entete: "Catégorie de secteur",
        indicateur: "Part des bilans atteignant les objectifs",
        barres: &barres,
    }))
}
