//! Stage 4, aggregate: the statistics of SPEC §4.6, for the nation and for
//! each région, département, sector category, sector, management type,
//! production type and economic model, per data year.
//!
//! Rules (the methodology page states them for citizens):
//! - armed-forces canteens (`ministere_tutelle: armee`) are left out
//!   entirely, even though `check` already rejects them;
//! - aberrant bilans (SPEC §4.4) are counted, then left out of every figure;
//! - a satellite showing its central kitchen's figures is not counted a
//!   second time in the procurement figures;
//! - a canteen with several sectors counts once in each of its sectors and
//!   once in each distinct category of those sectors, so sector figures do
//!   not add up to the national ones; every other dimension partitions;
//! - a canteen whose value is unknown for a dimension is counted in that
//!   dimension's slice [`INCONNU`], so slices always add up;
//! - every figure carries its base.
//!
//! One pass over the canteens, in parallel parts merged in order; each
//! slice accumulates its bilans; the medians select the middle of each
//! slice's collected values once at the end. The build adds the canteens
//! up by département, and a département whose canteens did not change
//! since the previous build takes its totals from the cache
//! ([`memoire`]).

mod accumulate;
pub mod campagnes;
pub mod memoire;
pub mod stats;

pub use stats::{
    Distribution, EFFECTIF_MINIMUM, Evolution, PartPonderee, PartsPonderees, Proportion,
    StatsAnnee, Tranche, publiable,
};

use crate::indicators::CantineIndicateurs;
use crate::model::{Declaration, Ministere};
use accumulate::{Cumul, apports};
use borsh::{BorshDeserialize, BorshSerialize};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The one slice of the [`Dimension::National`] dimension.
pub const FRANCE: &str = "france";

/// The slice of canteens whose value is unknown for a dimension.
pub const INCONNU: &str = "inconnu";

/// A way of slicing the canteens. Slice codes are INSEE codes for
/// territories and the YAML slugs otherwise.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "snake_case")]
#[borsh(use_discriminant = false)]
pub enum Dimension {
    /// All canteens: one slice, [`FRANCE`].
    National,
    /// By région code (`"84"`; a COM is its own région, `"975"`).
    Region,
    /// By département code (`"07"`, `"2A"`, `"974"`).
    Departement,
    /// By sector category slug (`"education"`).
    Categorie,
    /// By sector slug (`"education_primaire"`).
    Secteur,
    /// By management type (`"direct"`, `"conceded"`).
    Gestion,
    /// By production type (`"site"`, `"site_cooked_elsewhere"`…).
    Production,
    /// By economic model (`"public"`, `"private"`).
    Modele,
}

impl Dimension {
    /// Every dimension, in publication order.
    pub const ALL: [Dimension; 8] = [
        Dimension::National,
        Dimension::Region,
        Dimension::Departement,
        Dimension::Categorie,
        Dimension::Secteur,
        Dimension::Gestion,
        Dimension::Production,
        Dimension::Modele,
    ];
}

/// Every figure, by dimension, slice code and data year. Serialised as
/// `{ "region": { "84": { "cantines": …, "annees": { "2024": … } } } }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Statistiques(pub BTreeMap<Dimension, BTreeMap<&'static str, Tranche>>);

impl Statistiques {
    /// The figures of one slice.
    pub fn tranche(&self, dimension: Dimension, code: &str) -> Option<&Tranche> {
        self.0.get(&dimension)?.get(code)
    }

    /// The figures of one slice for one data year.
    pub fn annee(&self, dimension: Dimension, code: &str, annee: u16) -> Option<&StatsAnnee> {
        self.tranche(dimension, code)?.annees.get(&annee)
    }

    /// Every figure as published (`statistiques.json`): the shares,
    /// medians and means computed over too few bilans are unknown (see
    /// [`EFFECTIF_MINIMUM`]).
    pub fn publiees(&self) -> Statistiques {
        let mut out = self.clone();
        for tranche in out.0.values_mut().flat_map(BTreeMap::values_mut) {
            for a in tranche.annees.values_mut() {
                *a = a.publiee();
            }
        }
        out
    }
}

/// The slices a canteen belongs to: one per dimension, except sectors and
/// categories (one per distinct value). One allocation: this runs for
/// every canteen of every build.
fn tranches(decl: &Declaration, ind: &CantineIndicateurs) -> Vec<(Dimension, &'static str)> {
    let secteurs = decl.secteurs.as_deref().unwrap_or_default();
    let mut out = Vec::with_capacity(6 + 2 * secteurs.len().max(1));
    out.extend([
        (Dimension::National, FRANCE),
        (Dimension::Region, ind.region.unwrap_or(INCONNU)),
        (Dimension::Departement, ind.departement.unwrap_or(INCONNU)),
        (
            Dimension::Gestion,
            decl.type_gestion.map_or(INCONNU, |x| x.slug()),
        ),
        (
            Dimension::Production,
            decl.type_production.map_or(INCONNU, |x| x.slug()),
        ),
        (
            Dimension::Modele,
            decl.modele_economique.map_or(INCONNU, |x| x.slug()),
        ),
    ]);
    if secteurs.is_empty() {
        out.push((Dimension::Secteur, INCONNU));
        out.push((Dimension::Categorie, INCONNU));
        return out;
    }
    let debut = out.len();
    out.extend(secteurs.iter().map(|s| (Dimension::Secteur, s.slug())));
    out.extend(
        secteurs
            .iter()
            .map(|s| (Dimension::Categorie, s.categorie().slug())),
    );
    // Each distinct sector and category once (a slug names one value).
    if let Some(variable) = out.get_mut(debut..) {
        variable.sort_unstable();
    }
    out.dedup();
    out
}

/// Running totals of one slice.
#[derive(Default, BorshSerialize, BorshDeserialize)]
struct CumulTranche {
    cantines: u64,
    annees: BTreeMap<u16, Cumul>,
}

/// Computes every statistic of SPEC §4.6 from the published canteens and
/// their indicators (as computed by [`crate::indicators::compute`]).
pub fn agreger<'a, I>(cantines: I) -> Statistiques
where
    I: IntoIterator<Item = (&'a Declaration, &'a CantineIndicateurs)>,
{
    let cantines: Vec<(&Declaration, &CantineIndicateurs)> = cantines.into_iter().collect();
    // Parts of fixed size accumulated in parallel, then merged in order
    // (every total is order-free: see `Cumul::fusionner`).
    let parts: Vec<Cumuls> = cantines.par_chunks(PART).map(accumuler_tout).collect();
    finir(fusionner(parts))
}

/// Canteens per part of the parallel accumulation.
const PART: usize = 4096;

type Cumuls = BTreeMap<(Dimension, &'static str), CumulTranche>;

/// The running totals of `cantines`.
fn accumuler_tout(cantines: &[(&Declaration, &CantineIndicateurs)]) -> Cumuls {
    let mut cumuls = Cumuls::new();
    for &(decl, ind) in cantines {
        accumuler(&mut cumuls, decl, ind);
    }
    cumuls
}

/// The totals of several parts of the canteens, merged.
fn fusionner(parts: Vec<Cumuls>) -> Cumuls {
    // In pairs, in parallel: the totals are order-free (see
    // `Cumul::fusionner`), so the tree the pairs form does not change them.
    parts.into_par_iter().reduce(Cumuls::new, |a, b| {
        // The smaller merged into the larger.
        let (mut grand, petit) = if a.len() >= b.len() { (a, b) } else { (b, a) };
        for (cle, t) in petit {
            let tranche = grand.entry(cle).or_default();
            tranche.cantines += t.cantines;
            for (annee, c) in t.annees {
                tranche.annees.entry(annee).or_default().fusionner(c);
            }
        }
        grand
    })
}

/// The published figures of every slice (medians select their middle values), in
/// parallel.
fn finir(cumuls: Cumuls) -> Statistiques {
    let finies: Vec<((Dimension, &'static str), Tranche)> = cumuls
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(cle, t)| {
            let tranche = Tranche {
                cantines: t.cantines,
                annees: t
                    .annees
                    .into_iter()
                    .map(|(annee, c)| (annee, c.finir(annee)))
                    .collect(),
            };
            (cle, tranche)
        })
        .collect();
    let mut stats = Statistiques::default();
    for ((dimension, code), tranche) in finies {
        stats.0.entry(dimension).or_default().insert(code, tranche);
    }
    stats
}

/// Adds one canteen to the slices it belongs to.
fn accumuler(cumuls: &mut Cumuls, decl: &Declaration, ind: &CantineIndicateurs) {
    if decl.ministere_tutelle == Some(Ministere::Armee) {
        return;
    }
    let apports = apports(decl, ind);
    for cle in tranches(decl, ind) {
        let tranche = cumuls.entry(cle).or_default();
        tranche.cantines += 1;
        for a in &apports {
            tranche.annees.entry(a.annee).or_default().ajouter(a);
        }
    }
}

#[cfg(test)]
mod tests;
