//! One pass over the canteens: what each bilan brings to the slices its
//! canteen belongs to ([`Apport`], computed once per bilan), and the
//! running totals of one slice and year ([`Cumul`]), turned into the
//! published figures at the end.

use super::stats::{
    Distribution, Evolution, PartPonderee, PartsPonderees, Proportion, StatsAnnee, pct_de,
};
use crate::indicators::shares::{Fraction, Fractions, fractions};
use crate::indicators::{BilanIndicateurs, CantineIndicateurs, OrigineAppro};
use crate::model::Declaration;
use borsh::{BorshDeserialize, BorshSerialize};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A 2-decimal percentage (0..=100) in hundredths of a point (0..=10 000),
/// so that a national distribution is a vector of small integers.
fn centiemes(pct: Option<Decimal>) -> Option<u16> {
    (pct? * Decimal::ONE_HUNDRED)
        .round()
        .to_u16()
        .filter(|c| *c <= 10_000)
}

/// A canteen's evaluable year, for the year-over-year panel.
#[derive(Debug, Clone, Copy)]
struct Evaluation {
    atteint: bool,
    bio: u16,
    egalim: u16,
}

/// What one bilan adds to each slice of its canteen.
#[derive(Debug, Clone)]
pub(crate) struct Apport {
    /// Data year.
    pub(crate) annee: u16,
    aberrant: bool,
    origine: Option<OrigineAppro>,
    objectifs: Option<bool>,
    objectif_viandes_poissons: Option<bool>,
    bio: Option<u16>,
    egalim: Option<u16>,
    /// The fractions of the bilan's own amounts.
    fractions: Option<Fractions>,
    /// This year and the year before, when both are evaluable.
    panel: Option<(Evaluation, Evaluation)>,
}

/// Whether the bilan's procurement figures are its own (counted), not its
/// central kitchen's (already counted with the kitchen).
fn propres(b: &BilanIndicateurs) -> bool {
    matches!(
        b.origine_appro,
        Some(OrigineAppro::Montants | OrigineAppro::Taux)
    )
}

/// The evaluation of a bilan for the panel: own figures, not aberrant,
/// objectives known.
fn evaluation(b: &BilanIndicateurs) -> Option<Evaluation> {
    if b.aberrant || !propres(b) {
        return None;
    }
    Some(Evaluation {
        atteint: b.objectifs_atteints?,
        bio: centiemes(b.pct.pct_bio)?,
        egalim: centiemes(b.pct.pct_egalim)?,
    })
}

/// The contributions of every bilan of one canteen.
pub(crate) fn apports(decl: &Declaration, ind: &CantineIndicateurs) -> Vec<Apport> {
    ind.bilans
        .iter()
        .map(|b| {
            let compte = propres(b) && !b.aberrant;
            let montants = (compte && b.origine_appro == Some(OrigineAppro::Montants))
                .then(|| decl.bilans.iter().find(|x| x.annee == b.annee))
                .flatten()
                .and_then(|x| x.achats.as_deref())
                .map(fractions);
            let precedente = b
                .annee
                .checked_sub(1)
                .and_then(|n| ind.bilan(n))
                .and_then(evaluation);
            Apport {
                annee: b.annee,
                aberrant: b.aberrant,
                origine: b.origine_appro,
                objectifs: b.objectifs_atteints.filter(|_| compte),
                objectif_viandes_poissons: b.objectif_viandes_poissons.filter(|_| compte),
                bio: centiemes(b.pct.pct_bio).filter(|_| compte),
                egalim: centiemes(b.pct.pct_egalim).filter(|_| compte),
                fractions: montants,
                panel: evaluation(b).zip(precedente),
            }
        })
        .collect()
}

/// Running Σ numerators, Σ denominators and count of one weighted share.
#[derive(Debug, Clone, Copy, Default, BorshSerialize, BorshDeserialize)]
struct Somme {
    bilans: u64,
    numerateur: Decimal,
    denominateur: Decimal,
}

impl Somme {
    fn ajouter(&mut self, f: Option<Fraction>) {
        if let Some(f) = f {
            self.bilans += 1;
            self.numerateur += f.numerateur;
            self.denominateur += f.denominateur;
        }
    }

    fn part(self) -> PartPonderee {
        PartPonderee {
            bilans: self.bilans,
            pct: pct_de(self.numerateur, self.denominateur),
        }
    }
}

/// The fractions in the order of [`Cumul::sommes`].
fn dans_l_ordre(f: &Fractions) -> [Option<Fraction>; 8] {
    [
        f.bio,
        f.egalim,
        f.egalim_hors_bio,
        f.viandes_volailles_egalim,
        f.viandes_volailles_france,
        f.produits_de_la_mer_egalim,
        f.produits_de_la_mer_france,
        f.viandes_poissons_egalim,
    ]
}

/// Running totals of the year-over-year panel.
#[derive(Debug, Clone, Copy, Default, BorshSerialize, BorshDeserialize)]
struct Panel {
    cantines: u64,
    atteints: u64,
    atteints_precedente: u64,
    bio: u64,
    bio_precedente: u64,
    egalim: u64,
    egalim_precedente: u64,
}

impl Panel {
    fn plus(&mut self, a: Panel) {
        self.cantines += a.cantines;
        self.atteints += a.atteints;
        self.atteints_precedente += a.atteints_precedente;
        self.bio += a.bio;
        self.bio_precedente += a.bio_precedente;
        self.egalim += a.egalim;
        self.egalim_precedente += a.egalim_precedente;
    }
}

/// Running totals of one slice for one data year (kept between builds by
/// [`super::memoire`]).
#[derive(Debug, Clone, Default, BorshSerialize, BorshDeserialize)]
pub(crate) struct Cumul {
    bilans: u64,
    aberrants: u64,
    avec_appro: u64,
    avec_montants: u64,
    appro_cuisine_centrale: u64,
    atteints: u64,
    evalues: u64,
    vp_atteints: u64,
    vp_evalues: u64,
    bio: Vec<u16>,
    egalim: Vec<u16>,
    sommes: [Somme; 8],
    panel: Panel,
}

impl Cumul {
    /// Adds one bilan.
    pub(crate) fn ajouter(&mut self, a: &Apport) {
        self.bilans += 1;
        if a.aberrant {
            self.aberrants += 1;
            return;
        }
        match a.origine {
            Some(OrigineAppro::Montants) => {
                self.avec_appro += 1;
                self.avec_montants += 1;
            }
            Some(OrigineAppro::Taux) => self.avec_appro += 1,
            Some(OrigineAppro::CuisineCentrale) => self.appro_cuisine_centrale += 1,
            None => {}
        }
        if let Some(atteint) = a.objectifs {
            self.evalues += 1;
            self.atteints += u64::from(atteint);
        }
        if let Some(atteint) = a.objectif_viandes_poissons {
            self.vp_evalues += 1;
            self.vp_atteints += u64::from(atteint);
        }
        self.bio.extend(a.bio);
        self.egalim.extend(a.egalim);
        if let Some(f) = &a.fractions {
            for (somme, fraction) in self.sommes.iter_mut().zip(dans_l_ordre(f)) {
                somme.ajouter(fraction);
            }
        }
        if let Some((n, p)) = a.panel {
            self.panel.plus(Panel {
                cantines: 1,
                atteints: u64::from(n.atteint),
                atteints_precedente: u64::from(p.atteint),
                bio: u64::from(n.bio),
                bio_precedente: u64::from(p.bio),
                egalim: u64::from(n.egalim),
                egalim_precedente: u64::from(p.egalim),
            });
        }
    }

    /// Adds the bilans of `autre` (another part of the canteens): every
    /// total is a count, an exact decimal sum or a multiset of values read
    /// at the end, so the order of the parts does not change any figure.
    pub(crate) fn fusionner(&mut self, autre: Cumul) {
        self.bilans += autre.bilans;
        self.aberrants += autre.aberrants;
        self.avec_appro += autre.avec_appro;
        self.avec_montants += autre.avec_montants;
        self.appro_cuisine_centrale += autre.appro_cuisine_centrale;
        self.atteints += autre.atteints;
        self.evalues += autre.evalues;
        self.vp_atteints += autre.vp_atteints;
        self.vp_evalues += autre.vp_evalues;
        // A multiset: the smaller list copied into the larger.
        for (a, mut b) in [(&mut self.bio, autre.bio), (&mut self.egalim, autre.egalim)] {
            if a.len() < b.len() {
                std::mem::swap(a, &mut b);
            }
            a.extend(b);
        }
        for (s, a) in self.sommes.iter_mut().zip(autre.sommes) {
            s.bilans += a.bilans;
            s.numerateur += a.numerateur;
            s.denominateur += a.denominateur;
        }
        self.panel.plus(autre.panel);
    }

    /// The published figures of data year `annee`.
    pub(crate) fn finir(mut self, annee: u16) -> StatsAnnee {
        let [
            bio,
            egalim,
            egalim_hors_bio,
            vv_egalim,
            vv_france,
            pm_egalim,
            pm_france,
            vp_egalim,
        ] = self.sommes.map(Somme::part);
        StatsAnnee {
            bilans: self.bilans,
            bilans_aberrants_exclus: self.aberrants,
            bilans_avec_appro: self.avec_appro,
            bilans_avec_montants: self.avec_montants,
            bilans_appro_cuisine_centrale: self.appro_cuisine_centrale,
            objectifs_atteints: Proportion::new(self.atteints, self.evalues),
            objectif_viandes_poissons: Proportion::new(self.vp_atteints, self.vp_evalues),
            pct_bio: Distribution::de_centiemes(&mut self.bio),
            pct_egalim: Distribution::de_centiemes(&mut self.egalim),
            parts_ponderees: PartsPonderees {
                bio,
                egalim,
                egalim_hors_bio,
                viandes_volailles_egalim: vv_egalim,
                viandes_volailles_france: vv_france,
                produits_de_la_mer_egalim: pm_egalim,
                produits_de_la_mer_france: pm_france,
                viandes_poissons_egalim: vp_egalim,
            },
            evolution: evolution(&self.panel, annee),
        }
    }
}

/// The year-over-year figures of a panel (see [`Evolution`]).
fn evolution(t: &Panel, annee: u16) -> Evolution {
    let n = Decimal::from(t.cantines);
    // Shares of the panel's canteens, in percent, and their change in points.
    let ecart = |a: u64, b: u64| pct_de(Decimal::from(a) - Decimal::from(b), n);
    let part = |x: u64| ecart(x, 0);
    // Means of percentages summed in hundredths of a point:
    // Σ centièmes / (100 n) = 100 × Σ centièmes / (10 000 n).
    let dix_mille_n = n * Decimal::from(10_000);
    let ecart_moyennes = |a: u64, b: u64| pct_de(Decimal::from(a) - Decimal::from(b), dix_mille_n);
    let moyenne = |x: u64| ecart_moyennes(x, 0);
    Evolution {
        annee_precedente: annee.saturating_sub(1),
        cantines: t.cantines,
        atteints: t.atteints,
        atteints_precedente: t.atteints_precedente,
        pct_atteints: part(t.atteints),
        pct_atteints_precedente: part(t.atteints_precedente),
        ecart_atteints_points: ecart(t.atteints, t.atteints_precedente),
        moyenne_pct_bio: moyenne(t.bio),
        moyenne_pct_bio_precedente: moyenne(t.bio_precedente),
        ecart_pct_bio_points: ecart_moyennes(t.bio, t.bio_precedente),
        moyenne_pct_egalim: moyenne(t.egalim),
        moyenne_pct_egalim_precedente: moyenne(t.egalim_precedente),
        ecart_pct_egalim_points: ecart_moyennes(t.egalim, t.egalim_precedente),
    }
}
