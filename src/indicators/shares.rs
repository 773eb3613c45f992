//! Shares of purchases (SPEC §4.1): organic, EGalim, meat and fish.
//!
//! Every share is an exact fraction of two € HT amounts, or, for a bilan
//! imported from the national open data, a published ratio. A share is
//! **unknown** (`None`), never 0, when it cannot be computed honestly:
//! denominator missing or 0, numerator missing, or numerator greater than
//! denominator (which `check` reports as an error anyway). A negative
//! amount (also an error for `check`) makes its share unknown too.

use crate::model::{Achats, Bilan, Euros, Taux};
use rust_decimal::Decimal;

/// A share as the two amounts it is computed from. The aggregates sum
/// numerators and denominators to get value-weighted shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// The part, € HT (0 ≤ numérateur ≤ dénominateur).
    pub numerateur: Decimal,
    /// The whole, € HT (> 0).
    pub denominateur: Decimal,
}

impl Fraction {
    /// `numerateur / denominateur` when the rules of §4.1 allow it:
    /// `None` when either is missing, the denominator is not positive, the
    /// numerator is negative or exceeds the denominator.
    pub fn new(numerateur: Option<Decimal>, denominateur: Option<Decimal>) -> Option<Self> {
        let (n, d) = (numerateur?, denominateur?);
        (d > Decimal::ZERO && n >= Decimal::ZERO && n <= d).then_some(Self {
            numerateur: n,
            denominateur: d,
        })
    }

    /// The exact share, in 0..=1.
    pub fn part(self) -> Decimal {
        // The denominator is positive by construction; `checked_div` only
        // guards against overflow, impossible for a quotient ≤ 1.
        self.numerateur
            .checked_div(self.denominateur)
            .unwrap_or(Decimal::ZERO)
    }
}

/// The shares of one bilan computed from its amounts, as fractions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fractions {
    /// `bio / totale`.
    pub bio: Option<Fraction>,
    /// `egalim / totale`, organic included.
    pub egalim: Option<Fraction>,
    /// `(egalim − bio) / totale`.
    pub egalim_hors_bio: Option<Fraction>,
    /// `viandes_volailles_egalim / viandes_volailles`.
    pub viandes_volailles_egalim: Option<Fraction>,
    /// `viandes_volailles_france / viandes_volailles`.
    pub viandes_volailles_france: Option<Fraction>,
    /// `produits_de_la_mer_egalim / produits_de_la_mer`.
    pub produits_de_la_mer_egalim: Option<Fraction>,
    /// `produits_de_la_mer_france / produits_de_la_mer`.
    pub produits_de_la_mer_france: Option<Fraction>,
    /// `(vv_egalim + pm_egalim) / (vv + pm)`: what the 60 % rule judges.
    pub viandes_poissons_egalim: Option<Fraction>,
}

/// The value of an optional amount.
fn v(e: Option<Euros>) -> Option<Decimal> {
    e.map(Euros::value)
}

/// The EGalim amount: `bio + siqo + externalites_performance +
/// egalim_autres`, missing terms counting as 0; unknown when all four are
/// missing.
pub fn valeur_egalim(a: &Achats) -> Option<Decimal> {
    somme_des_presents(&[
        v(a.valeur_bio),
        v(a.valeur_siqo),
        v(a.valeur_externalites_performance),
        v(a.valeur_egalim_autres),
    ])
}

/// The EGalim amount other than organic, `egalim − bio`: the three other
/// terms, missing ones counting as 0, as in the EGalim sum; unknown when
/// the EGalim sum is.
fn valeur_egalim_hors_bio(a: &Achats) -> Option<Decimal> {
    valeur_egalim(a)?;
    somme_des_presents(&[
        v(a.valeur_siqo),
        v(a.valeur_externalites_performance),
        v(a.valeur_egalim_autres),
    ])
    .or(Some(Decimal::ZERO))
}

/// Sum of the present terms; `None` when none is present.
fn somme_des_presents(termes: &[Option<Decimal>]) -> Option<Decimal> {
    termes.iter().flatten().copied().reduce(|a, b| a + b)
}

/// The combined meat-and-fish fraction `(vv_egalim + pm_egalim) / (vv +
/// pm)`, over the families actually bought:
/// - a family whose total is missing or 0 was not bought and adds nothing,
///   provided it declares no EGalim purchase (else the data contradicts
///   itself and the share is unknown);
/// - a family bought (total > 0) must have a valid share of its own (EGalim
///   value given, not above the total), else the share is unknown, since a
///   missing EGalim value is not a zero;
/// - with neither family bought, there is no meat/fish data: unknown.
fn fraction_viandes_poissons(a: &Achats) -> Option<Fraction> {
    let familles = [
        (
            v(a.valeur_viandes_volailles),
            v(a.valeur_viandes_volailles_egalim),
        ),
        (
            v(a.valeur_produits_de_la_mer),
            v(a.valeur_produits_de_la_mer_egalim),
        ),
    ];
    let (mut numerateur, mut denominateur) = (Decimal::ZERO, Decimal::ZERO);
    for (total, egalim) in familles {
        match total.filter(|t| *t != Decimal::ZERO) {
            None if egalim.is_some_and(|e| e != Decimal::ZERO) => return None,
            None => {}
            Some(_) => {
                let f = Fraction::new(egalim, total)?;
                numerateur += f.numerateur;
                denominateur += f.denominateur;
            }
        }
    }
    Fraction::new(Some(numerateur), Some(denominateur))
}

/// The fractions of SPEC §4.1 from a bilan's amounts.
pub fn fractions(a: &Achats) -> Fractions {
    let totale = v(a.valeur_totale);
    let vv = v(a.valeur_viandes_volailles);
    let pm = v(a.valeur_produits_de_la_mer);
    Fractions {
        bio: Fraction::new(v(a.valeur_bio), totale),
        egalim: Fraction::new(valeur_egalim(a), totale),
        egalim_hors_bio: Fraction::new(valeur_egalim_hors_bio(a), totale),
        viandes_volailles_egalim: Fraction::new(v(a.valeur_viandes_volailles_egalim), vv),
        viandes_volailles_france: Fraction::new(v(a.valeur_viandes_volailles_france), vv),
        produits_de_la_mer_egalim: Fraction::new(v(a.valeur_produits_de_la_mer_egalim), pm),
        produits_de_la_mer_france: Fraction::new(v(a.valeur_produits_de_la_mer_france), pm),
        viandes_poissons_egalim: fraction_viandes_poissons(a),
    }
}

/// The exact shares of one bilan, each in 0..=1 or unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// Organic products.
    pub bio: Option<Decimal>,
    /// Sustainable and quality products, organic included.
    pub egalim: Option<Decimal>,
    /// Sustainable and quality products other than organic.
    pub egalim_hors_bio: Option<Decimal>,
    /// EGalim share of meat and poultry purchases.
    pub viandes_volailles_egalim: Option<Decimal>,
    /// French-origin share of meat and poultry purchases.
    pub viandes_volailles_france: Option<Decimal>,
    /// EGalim share of fish and seafood purchases.
    pub produits_de_la_mer_egalim: Option<Decimal>,
    /// French-origin share of fish and seafood purchases.
    pub produits_de_la_mer_france: Option<Decimal>,
    /// EGalim share of meat, poultry, fish and seafood together.
    pub viandes_poissons_egalim: Option<Decimal>,
}

impl Parts {
    /// The shares computed from amounts.
    pub fn depuis_achats(a: &Achats) -> Self {
        let f = fractions(a);
        let p = |x: Option<Fraction>| x.map(Fraction::part);
        Self {
            bio: p(f.bio),
            egalim: p(f.egalim),
            egalim_hors_bio: p(f.egalim_hors_bio),
            viandes_volailles_egalim: p(f.viandes_volailles_egalim),
            viandes_volailles_france: p(f.viandes_volailles_france),
            produits_de_la_mer_egalim: p(f.produits_de_la_mer_egalim),
            produits_de_la_mer_france: p(f.produits_de_la_mer_france),
            viandes_poissons_egalim: p(f.viandes_poissons_egalim),
        }
    }

    /// The shares of the open-data form: `part_bio = taux_bio`,
    /// `part_egalim = taux_bio + taux_egalim_hors_bio`. A ratio outside
    /// 0..=1 is unknown, and so is an EGalim sum above 1. The open data has
    /// no meat or fish figures.
    pub fn depuis_taux(taux_bio: Option<Taux>, taux_egalim_hors_bio: Option<Taux>) -> Self {
        let ratio = |t: Option<Taux>| {
            t.map(Taux::value)
                .filter(|x| *x >= Decimal::ZERO && *x <= Decimal::ONE)
        };
        let bio = ratio(taux_bio);
        let hors_bio = ratio(taux_egalim_hors_bio);
        let egalim = bio
            .zip(hors_bio)
            .map(|(b, h)| b + h)
            .filter(|e| *e <= Decimal::ONE);
        Self {
            bio,
            egalim,
            egalim_hors_bio: hors_bio,
            ..Self::default()
        }
    }

    /// The shares of a bilan from its own procurement data: its amounts when
    /// it has `achats` (the primary data, should a file wrongly hold both
    /// forms), else its ratios; `None` when it has neither.
    pub fn du_bilan(bilan: &Bilan) -> Option<Self> {
        if let Some(a) = &bilan.achats {
            Some(Self::depuis_achats(a))
        } else if bilan.taux_bio.is_some() || bilan.taux_egalim_hors_bio.is_some() {
            Some(Self::depuis_taux(
                bilan.taux_bio,
                bilan.taux_egalim_hors_bio,
            ))
        } else {
            None
        }
    }

    /// [`Parts::du_bilan`] with only the organic and EGalim shares (the
    /// others unknown): the two that the objectives read, without the
    /// divisions of the six others.
    pub fn bio_egalim_du_bilan(bilan: &Bilan) -> Option<Self> {
        match &bilan.achats {
            Some(a) => {
                let f = fractions(a);
                Some(Self {
                    bio: f.bio.map(Fraction::part),
                    egalim: f.egalim.map(Fraction::part),
                    ..Self::default()
                })
            }
            None => Self::du_bilan(bilan),
        }
    }
}

#[cfg(test)]
#[path = "shares_tests.rs"]
mod tests;
