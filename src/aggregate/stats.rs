//! The published figures of one slice and data year (SPEC §4.6), and the
//! few rules that turn counts into them: truncation, median, weighted
//! share, mean. Every figure carries its base, the number of bilans (or
//! canteens) it is computed over; an unknown figure is `null`, never 0.

use crate::indicators::percent::serialise_decimal_opt;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Rounds half-even to 2 decimals, the rule of every exported percentage.
pub(crate) fn arrondi(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// `round_half_even(100 × numerateur / denominateur, 2)`; `None` when the
/// denominator is 0.
pub(crate) fn pct_de(numerateur: Decimal, denominateur: Decimal) -> Option<Decimal> {
    if denominateur.is_zero() {
        return None;
    }
    (numerateur * Decimal::ONE_HUNDRED)
        .checked_div(denominateur)
        .map(arrondi)
}

/// The fewest bilans a published aggregate is computed over
/// (content/methodologie.md, « Les petits effectifs »): a share, a median
/// or a mean computed over fewer is published as « données insuffisantes
/// (N bilans) » on the pages and as `null` in `statistiques.json`, never
/// as a number; the counts themselves are always published.
pub const EFFECTIF_MINIMUM: u64 = 10;

/// Whether a figure computed over `base` bilans (or canteens) is published.
pub fn publiable(base: u64) -> bool {
    base >= EFFECTIF_MINIMUM
}

/// How many bilans reach an objective, out of how many could be judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Proportion {
    /// Bilans that reach it.
    pub atteints: u64,
    /// Bilans judged (the base).
    pub evalues: u64,
    /// `100 × atteints / evalues` truncated to a whole percent, as the
    /// national platform publishes it (2 of 3 → 66); `null` without base.
    pub pct_tronque: Option<u64>,
}

impl Proportion {
    /// The proportion of `atteints` out of `evalues`.
    pub fn new(atteints: u64, evalues: u64) -> Self {
        Self {
            atteints,
            evalues,
            pct_tronque: (100 * atteints).checked_div(evalues),
        }
    }

    /// The share as published: `None` under [`EFFECTIF_MINIMUM`] bilans.
    pub fn pct_publie(&self) -> Option<u64> {
        self.pct_tronque.filter(|_| publiable(self.evalues))
    }

    fn publiee(self) -> Self {
        Self {
            pct_tronque: self.pct_publie(),
            ..self
        }
    }
}

/// Number of histogram bins: [0, 10), [10, 20), … [80, 90), [90, 100].
pub const CLASSES: usize = 10;

/// How a percentage is spread across bilans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Distribution {
    /// Bilans with this percentage known (the base).
    pub bilans: u64,
    /// Bilans per class of 10 points: [0, 10), [10, 20), … [80, 90), and
    /// [90, 100] (100 % falls in the last class).
    pub histogramme: [u64; CLASSES],
    /// The median of the 2-decimal percentages: the middle value for an odd
    /// count, the mean of the two middle values for an even count, rounded
    /// half-even to 2 decimals; `null` without base.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub mediane: Option<Decimal>,
}

impl Distribution {
    /// The distribution of percentages given in hundredths of a point
    /// (0..=10 000). Reorders `centiemes`: the middle values are found by
    /// selection, not by sorting them all (250 000 values nationally).
    pub fn de_centiemes(centiemes: &mut [u16]) -> Self {
        let n = centiemes.len();
        // The middle value (upper middle for an even count) in its place,
        // the smaller ones before it: the lower middle is their largest.
        let milieu = (n > 0).then(|| {
            let (avant, m, _) = centiemes.select_nth_unstable(n / 2);
            (avant.iter().max().copied(), *m)
        });
        let mut histogramme = [0u64; CLASSES];
        for &c in centiemes.iter() {
            let classe = usize::from(c / 1000).min(CLASSES - 1);
            if let Some(n) = histogramme.get_mut(classe) {
                *n += 1;
            }
        }
        let mediane = match milieu {
            None => None,
            Some((_, m)) if n % 2 == 1 => Some(Decimal::new(i64::from(m), 2)),
            Some((a, b)) => {
                a.map(|a| arrondi(Decimal::from(u32::from(a) + u32::from(b)) / Decimal::from(200)))
            }
        };
        Self {
            bilans: n as u64,
            histogramme,
            mediane,
        }
    }

    /// The median as published: `None` under [`EFFECTIF_MINIMUM`] bilans.
    pub fn mediane_publiee(&self) -> Option<Decimal> {
        self.mediane.filter(|_| publiable(self.bilans))
    }

    fn publiee(&self) -> Self {
        Self {
            mediane: self.mediane_publiee(),
            ..self.clone()
        }
    }
}

/// A value-weighted share: Σ numerators / Σ denominators over the bilans
/// where that share is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PartPonderee {
    /// Bilans summed (the base).
    pub bilans: u64,
    /// `round_half_even(100 × Σ numérateurs / Σ dénominateurs, 2)`; `null`
    /// without base.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct: Option<Decimal>,
}

impl PartPonderee {
    /// The share as published: `None` under [`EFFECTIF_MINIMUM`] bilans.
    pub fn pct_publie(&self) -> Option<Decimal> {
        self.pct.filter(|_| publiable(self.bilans))
    }

    fn publiee(self) -> Self {
        Self {
            pct: self.pct_publie(),
            ..self
        }
    }
}

/// The value-weighted shares, over bilans with € amounts only (the ratios
/// of the open data carry no weight).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PartsPonderees {
    /// Σ bio / Σ totale.
    pub bio: PartPonderee,
    /// Σ egalim / Σ totale.
    pub egalim: PartPonderee,
    /// Σ (egalim − bio) / Σ totale.
    pub egalim_hors_bio: PartPonderee,
    /// Σ viandes_volailles_egalim / Σ viandes_volailles.
    pub viandes_volailles_egalim: PartPonderee,
    /// Σ viandes_volailles_france / Σ viandes_volailles.
    pub viandes_volailles_france: PartPonderee,
    /// Σ produits_de_la_mer_egalim / Σ produits_de_la_mer.
    pub produits_de_la_mer_egalim: PartPonderee,
    /// Σ produits_de_la_mer_france / Σ produits_de_la_mer.
    pub produits_de_la_mer_france: PartPonderee,
    /// Σ (vv_egalim + pm_egalim) / Σ (vv + pm).
    pub viandes_poissons_egalim: PartPonderee,
}

/// Year over year: the same canteens, judged in year N and in N − 1.
///
/// The panel is the canteens of the slice with an evaluable bilan in both
/// years: own procurement figures (not the central kitchen's), not
/// aberrant, objectives known (so both percentages known). Shares and means
/// are exact until the final half-even rounding to 2 decimals; the changes
/// (`ecart_*`, in points, N minus N − 1) are computed from the exact
/// values, then rounded. Each year is judged with its own thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Evolution {
    /// N − 1.
    pub annee_precedente: u16,
    /// Canteens in the panel (the base).
    pub cantines: u64,
    /// Of which reach the objectives in N.
    pub atteints: u64,
    /// Of which reached the objectives in N − 1.
    pub atteints_precedente: u64,
    /// `100 × atteints / cantines`, 2 decimals.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_atteints: Option<Decimal>,
    /// `100 × atteints_precedente / cantines`, 2 decimals.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub pct_atteints_precedente: Option<Decimal>,
    /// Change in points.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub ecart_atteints_points: Option<Decimal>,
    /// Mean of `pct_bio` in N over the panel.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub moyenne_pct_bio: Option<Decimal>,
    /// Mean of `pct_bio` in N − 1 over the panel.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub moyenne_pct_bio_precedente: Option<Decimal>,
    /// Change of the mean, in points.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub ecart_pct_bio_points: Option<Decimal>,
    /// Mean of `pct_egalim` in N over the panel.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub moyenne_pct_egalim: Option<Decimal>,
    /// Mean of `pct_egalim` in N − 1 over the panel.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub moyenne_pct_egalim_precedente: Option<Decimal>,
    /// Change of the mean, in points.
    #[serde(serialize_with = "serialise_decimal_opt")]
    pub ecart_pct_egalim_points: Option<Decimal>,
}

impl PartsPonderees {
    fn publiees(self) -> Self {
        Self {
            bio: self.bio.publiee(),
            egalim: self.egalim.publiee(),
            egalim_hors_bio: self.egalim_hors_bio.publiee(),
            viandes_volailles_egalim: self.viandes_volailles_egalim.publiee(),
            viandes_volailles_france: self.viandes_volailles_france.publiee(),
            produits_de_la_mer_egalim: self.produits_de_la_mer_egalim.publiee(),
            produits_de_la_mer_france: self.produits_de_la_mer_france.publiee(),
            viandes_poissons_egalim: self.viandes_poissons_egalim.publiee(),
        }
    }
}

impl Evolution {
    /// The comparison as published: its shares and means `None` when the
    /// panel has fewer than [`EFFECTIF_MINIMUM`] canteens.
    fn publiee(self) -> Self {
        if publiable(self.cantines) {
            return self;
        }
        Self {
            pct_atteints: None,
            pct_atteints_precedente: None,
            ecart_atteints_points: None,
            moyenne_pct_bio: None,
            moyenne_pct_bio_precedente: None,
            ecart_pct_bio_points: None,
            moyenne_pct_egalim: None,
            moyenne_pct_egalim_precedente: None,
            ecart_pct_egalim_points: None,
            ..self
        }
    }
}

/// The figures of one slice for one data year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatsAnnee {
    /// Bilans of the year, aberrant ones included.
    pub bilans: u64,
    /// Aberrant bilans (SPEC §4.4), left out of every figure below.
    pub bilans_aberrants_exclus: u64,
    /// Bilans with procurement figures of their own (amounts or ratios),
    /// aberrant ones excluded.
    pub bilans_avec_appro: u64,
    /// Of which with € amounts: the base of the weighted shares.
    pub bilans_avec_montants: u64,
    /// Satellite bilans showing their central kitchen's figures: left out
    /// of the procurement figures, which count the kitchen once.
    pub bilans_appro_cuisine_centrale: u64,
    /// Bilans reaching the organic and EGalim objectives, each judged with
    /// its own territory's thresholds for the year.
    pub objectifs_atteints: Proportion,
    /// Bilans reaching the meat-and-fish objective (from 2024).
    pub objectif_viandes_poissons: Proportion,
    /// Spread of `pct_bio`.
    pub pct_bio: Distribution,
    /// Spread of `pct_egalim`.
    pub pct_egalim: Distribution,
    /// Value-weighted shares over bilans with amounts.
    pub parts_ponderees: PartsPonderees,
    /// The same canteens compared with the year before.
    pub evolution: Evolution,
}

impl StatsAnnee {
    /// The figures as published: every share, median and mean computed
    /// over fewer than [`EFFECTIF_MINIMUM`] bilans is `None`; the counts
    /// are kept.
    pub fn publiee(&self) -> Self {
        Self {
            objectifs_atteints: self.objectifs_atteints.publiee(),
            objectif_viandes_poissons: self.objectif_viandes_poissons.publiee(),
            pct_bio: self.pct_bio.publiee(),
            pct_egalim: self.pct_egalim.publiee(),
            parts_ponderees: self.parts_ponderees.publiees(),
            evolution: self.evolution.publiee(),
            ..self.clone()
        }
    }
}

/// The figures of one slice (a région, a sector…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tranche {
    /// Canteens published in the slice, with or without bilans.
    pub cantines: u64,
    /// Figures per data year.
    pub annees: std::collections::BTreeMap<u16, StatsAnnee>,
}
