//! Stage 3, compute: one canteen's declaration to its indicators, bilan by
//! bilan (SPEC §4.1–§4.5). Pure: no I/O, same input, same output.

use super::badges::{Badges, badges};
use super::cost::{cout_repas, est_aberrant};
use super::objectives::{objectif_viandes_poissons, objectifs_atteints, seuil_viandes_poissons};
use super::percent::{pct_opt, serialise_decimal_opt};
use super::shares::Parts;
use super::territory_group::{GroupeTerritorial, Seuils, seuils};
use crate::model::territory::{departement, departement_of_insee};
use crate::model::{Bilan, Declaration, Ministere, Source, TypeProduction};
use rust_decimal::Decimal;
use serde::Serialize;

/// Where a bilan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceBilan {
    /// Written in the repository by the canteen or on its behalf.
    Declare,
    /// Imported from the national open data ("données ouvertes ma cantine").
    DonneesOuvertes,
}

impl SourceBilan {
    /// The French label, to which pages add the year.
    pub fn label(self) -> &'static str {
        match self {
            Self::Declare => "déclaré",
            Self::DonneesOuvertes => "données ouvertes ma cantine",
        }
    }
}

/// Where a bilan's procurement figures (the shares) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrigineAppro {
    /// The bilan's own € amounts (`achats`).
    Montants,
    /// The bilan's own ratios (`taux_bio`, `taux_egalim_hors_bio`).
    Taux,
    /// The central kitchen's bilan of the same year: a satellite without
    /// procurement figures of its own shows its kitchen's (SPEC §3.2).
    CuisineCentrale,
}

/// The exported percentages of a bilan: `round_half_even(100 × part, 2)`,
/// `None` when the share is unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pourcentages {
    /// Organic products.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_bio: Option<Decimal>,
    /// Sustainable and quality products, organic included.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_egalim: Option<Decimal>,
    /// Sustainable and quality products other than organic.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_egalim_hors_bio: Option<Decimal>,
    /// EGalim share of meat and poultry.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_viandes_volailles_egalim: Option<Decimal>,
    /// French-origin share of meat and poultry.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_viandes_volailles_france: Option<Decimal>,
    /// EGalim share of fish and seafood.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_produits_de_la_mer_egalim: Option<Decimal>,
    /// French-origin share of fish and seafood.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_produits_de_la_mer_france: Option<Decimal>,
    /// EGalim share of meat, poultry, fish and seafood together.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_viandes_poissons_egalim: Option<Decimal>,
}

impl Pourcentages {
    /// The exported percentages of exact shares.
    pub fn de(p: &Parts) -> Self {
        Self {
            pct_bio: pct_opt(p.bio),
            pct_egalim: pct_opt(p.egalim),
            pct_egalim_hors_bio: pct_opt(p.egalim_hors_bio),
            pct_viandes_volailles_egalim: pct_opt(p.viandes_volailles_egalim),
            pct_viandes_volailles_france: pct_opt(p.viandes_volailles_france),
            pct_produits_de_la_mer_egalim: pct_opt(p.produits_de_la_mer_egalim),
            pct_produits_de_la_mer_france: pct_opt(p.produits_de_la_mer_france),
            pct_viandes_poissons_egalim: pct_opt(p.viandes_poissons_egalim),
        }
    }
}

/// The indicators of one bilan. Serialised for the exports: no € amount
/// and no cost per meal is written (SPEC §2), only shares and verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanIndicateurs {
    /// Data year.
    pub annee: u16,
    /// Declared, or imported from the national open data.
    pub source: SourceBilan,
    /// Where the shares come from; `None` when there are no procurement
    /// figures at all.
    pub origine_appro: Option<OrigineAppro>,
    /// The shares are the central kitchen's, not the canteen's own.
    pub appro_de_la_cuisine_centrale: bool,
    /// The thresholds of the canteen's territory group for this data year.
    pub seuils: Seuils,
    /// Exported percentages.
    #[serde(flatten)]
    pub pct: Pourcentages,
    /// Organic and EGalim thresholds both reached; `None` when unknown.
    pub objectifs_atteints: Option<bool>,
    /// Meat-and-fish threshold in percent (from 2024; 100 for a State
    /// restaurant); `None` before 2024.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub seuil_viandes_poissons: Option<Decimal>,
    /// Meat-and-fish threshold reached; `None` when not judged or unknown.
    pub objectif_viandes_poissons: Option<bool>,
    /// Food cost per meal, € (2 decimals), from the canteen's own amounts.
    /// Used for the aberrant flag; never published (a € amount).
    #[serde(skip)]
    pub cout_repas: Option<Decimal>,
    /// The cost per meal is implausible (SPEC §4.4): excluded from aggregates.
    pub aberrant: bool,
    /// The five badges.
    pub badges: Badges,
}

/// The indicators of one canteen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CantineIndicateurs {
    /// The canteen's SIRET.
    pub siret: String,
    /// Its département code, from its commune; `None` when unknown.
    pub departement: Option<&'static str>,
    /// Its région code (a COM is its own région); `None` when unknown.
    pub region: Option<&'static str>,
    /// Its territory group (hexagone when the région is unknown).
    pub groupe: GroupeTerritorial,
    /// A State restaurant (line ministry set): 100 % meat-and-fish target.
    pub restaurant_de_l_etat: bool,
    /// One entry per bilan, latest data year first.
    pub bilans: Vec<BilanIndicateurs>,
}

impl CantineIndicateurs {
    /// The indicators of the bilan of a data year.
    pub fn bilan(&self, annee: u16) -> Option<&BilanIndicateurs> {
        self.bilans.iter().find(|b| b.annee == annee)
    }
}

/// The central kitchen whose figures a satellite may show: only when the
/// canteen is a satellite naming this very kitchen (not itself), and never
/// an armed-forces kitchen, whose data must not reach the site.
fn cuisine_centrale_applicable<'a>(
    decl: &Declaration,
    central: Option<&'a Declaration>,
) -> Option<&'a Declaration> {
    let siret = decl.siret_cuisine_centrale.as_deref()?;
    let central = central?;
    (decl.type_production == Some(TypeProduction::Satellite)
        && central.siret == siret
        && siret != decl.siret
        && central.ministere_tutelle != Some(Ministere::Armee))
    .then_some(central)
}

/// Computes every indicator of one canteen. `central` is the declaration of
/// the central kitchen named by `siret_cuisine_centrale`, if published: a
/// satellite bilan without procurement figures takes the kitchen's
/// same-year shares, marked as such, judged with the satellite's own
/// thresholds.
pub fn compute(decl: &Declaration, central: Option<&Declaration>) -> CantineIndicateurs {
    compute_dans(decl, central, None)
}

/// [`compute`] for a canteen whose file sits in `declarations/<dossier>/`:
/// without a commune, the folder's département places the canteen (an
/// open-data canteen may have a département but no INSEE code), so that an
/// overseas canteen is judged with its territory's thresholds.
pub fn compute_dans(
    decl: &Declaration,
    central: Option<&Declaration>,
    dossier: Option<&str>,
) -> CantineIndicateurs {
    let lieu = Lieu::de(decl, central, dossier);
    let mut bilans: Vec<BilanIndicateurs> =
        decl.bilans.iter().map(|b| lieu.bilan(decl, b)).collect();
    // Latest year first; stable, so duplicate years keep the file's order.
    bilans.sort_by_key(|b| std::cmp::Reverse(b.annee));
    CantineIndicateurs {
        siret: decl.siret.clone(),
        departement: lieu.departement,
        region: lieu.region,
        groupe: lieu.groupe,
        restaurant_de_l_etat: lieu.restaurant_de_l_etat,
        bilans,
    }
}

/// Whether the latest bilan meets the organic and EGalim objectives: the
/// `objectifs_atteints` of the first of [`compute_dans`]'s `bilans`
/// (latest data year, first in the file among bilans of that year),
/// computed from that bilan's organic and EGalim shares alone. `None`:
/// unknown, or no bilan.
pub fn objectifs_du_dernier(
    decl: &Declaration,
    central: Option<&Declaration>,
    dossier: Option<&str>,
) -> Option<bool> {
    let mut dernier: Option<&Bilan> = None;
    for b in &decl.bilans {
        if dernier.is_none_or(|d| b.annee > d.annee) {
            dernier = Some(b);
        }
    }
    let b = dernier?;
    let lieu = Lieu::de(decl, central, dossier);
    let (parts, _) = parts_de(b, lieu.central, Parts::bio_egalim_du_bilan);
    objectifs_atteints(
        pct_opt(parts.bio),
        pct_opt(parts.egalim),
        seuils(lieu.groupe, b.annee),
    )
}

/// What the indicators of every bilan of a canteen share: where it is,
/// whether it is a State restaurant, the central kitchen it may show.
struct Lieu<'c> {
    departement: Option<&'static str>,
    region: Option<&'static str>,
    groupe: GroupeTerritorial,
    restaurant_de_l_etat: bool,
    central: Option<&'c Declaration>,
}

impl<'c> Lieu<'c> {
    fn de(decl: &Declaration, central: Option<&'c Declaration>, dossier: Option<&str>) -> Self {
        let code = decl
            .code_insee
            .as_deref()
            .and_then(departement_of_insee)
            .or_else(|| dossier.and_then(departement).map(|d| d.code));
        let region = code.and_then(departement).map(|d| d.region);
        Lieu {
            departement: code,
            region,
            groupe: GroupeTerritorial::de_region(region),
            restaurant_de_l_etat: decl.ministere_tutelle.is_some(),
            central: cuisine_centrale_applicable(decl, central),
        }
    }

    fn bilan(&self, decl: &Declaration, b: &Bilan) -> BilanIndicateurs {
        bilan(
            decl,
            b,
            self.central,
            self.groupe,
            self.restaurant_de_l_etat,
        )
    }
}

/// The shares of bilan `b` (read by `du_bilan`) and where they come from:
/// its own figures, else its central kitchen's of the same year.
fn parts_de(
    b: &Bilan,
    central: Option<&Declaration>,
    du_bilan: fn(&Bilan) -> Option<Parts>,
) -> (Parts, Option<OrigineAppro>) {
    let propres = du_bilan(b).map(|p| {
        let origine = if b.achats.is_some() {
            OrigineAppro::Montants
        } else {
            OrigineAppro::Taux
        };
        (p, origine)
    });
    let heritees = || {
        central?
            .bilans
            .iter()
            .find(|k| k.annee == b.annee)
            .and_then(du_bilan)
            .map(|p| (p, OrigineAppro::CuisineCentrale))
    };
    match propres.or_else(heritees) {
        Some((p, o)) => (p, Some(o)),
        None => (Parts::default(), None),
    }
}

/// The indicators of one bilan.
fn bilan(
    decl: &Declaration,
    b: &Bilan,
    central: Option<&Declaration>,
    groupe: GroupeTerritorial,
    restaurant_de_l_etat: bool,
) -> BilanIndicateurs {
    let (parts, origine_appro) = parts_de(b, central, Parts::du_bilan);
    let seuils_annee: Seuils = seuils(groupe, b.annee);
    let pct = Pourcentages::de(&parts);
    let objectifs = objectifs_atteints(pct.pct_bio, pct.pct_egalim, seuils_annee);
    let seuil_vp = seuil_viandes_poissons(b.annee, restaurant_de_l_etat);
    let totale = b
        .achats
        .as_ref()
        .and_then(|a| a.valeur_totale)
        .map(|t| t.value());
    let cout = cout_repas(totale, decl.nombre_repas_an);
    let aberrant = cout.zip(totale).is_some_and(|(c, t)| est_aberrant(c, t));
    BilanIndicateurs {
        annee: b.annee,
        source: match b.source {
            Some(Source::Opendata) => SourceBilan::DonneesOuvertes,
            None => SourceBilan::Declare,
        },
        origine_appro,
        appro_de_la_cuisine_centrale: origine_appro == Some(OrigineAppro::CuisineCentrale),
        seuils: seuils_annee,
        pct,
        objectifs_atteints: objectifs,
        seuil_viandes_poissons: seuil_vp,
        objectif_viandes_poissons: objectif_viandes_poissons(
            pct.pct_viandes_poissons_egalim,
            seuil_vp,
        ),
        cout_repas: cout,
        aberrant,
        badges: badges(decl, b, objectifs),
    }
}

#[cfg(test)]
#[path = "canteen_tests.rs"]
mod tests;
