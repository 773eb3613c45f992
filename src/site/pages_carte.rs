//! Charts shared by several pages: the national map of départements and
//! the bars by sector category.

use super::slice_page::derniere_annee;
use crate::aggregate::{Dimension, FRANCE, Statistiques};
use crate::model::territory;
use crate::render::charts::{self, BORNES_PAR_DEFAUT, Barre, Barres, Carte, Figure};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The latest national data year.
fn annee(stats: &Statistiques) -> Option<u16> {
    stats
        .tranche(Dimension::National, FRANCE)
        .and_then(derniere_annee)
}

/// Choropleth of the share of bilans reaching the objectives, by département, latest year.
pub fn carte_nationale(stats: &Statistiques) -> Option<Figure> {
    let annee = annee(stats)?;
    let valeurs: BTreeMap<String, Option<Decimal>> = territory::departements()
        .iter()
        .map(|d| {
            let v = stats
                .annee(Dimension::Departement, d.code, annee)
                .and_then(|a| a.objectifs_atteints.pct_tronque)
                .map(Decimal::from);
            (d.code.to_string(), v)
        })
        .collect();
    let titre = format!("Part des bilans {annee} atteignant les objectifs, par département");
    Some(charts::carte_departements(&Carte {
        id: "carte-departements",
        titre: &titre,
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs: &valeurs,
        bornes: BORNES_PAR_DEFAUT,
        zoom: None,
    }))
}

/// Bars of the share of bilans reaching the objectives by sector category, latest year.
pub fn barres_categories(stats: &Statistiques, categories: &[(String, String)]) -> Option<Figure> {
    let annee = annee(stats)?;
    let barres: Vec<Barre<'_>> = categories
        .iter()
        .filter_map(|(label, code)| {
            stats
                .annee(Dimension::Categorie, code, annee)
                .map(|a| Barre {
                    libelle: label,
                    pct: a.objectifs_atteints.pct_tronque.map(Decimal::from),
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
