//! Which campaign the site publishes as its national result
//! (content/methodologie.md, « Les campagnes publiées »).
//!
//! Bilans of year N are declared during the year N + 1: the first
//! declarations of a new campaign must not become the site's headline. A
//! data year is **published** when it is at most the campaign named by
//! `campagne_publiee` in `site.toml`, or, where that is unset, at most the
//! latest year chosen by the coverage rule of [`par_couverture`]. Later
//! years are **in progress**: their bilans appear on the canteens' pages and
//! in the exports, labelled as such, never as national, regional or sector
//! results.

use super::{Dimension, FRANCE, Statistiques};
use serde::Serialize;
use std::collections::BTreeMap;

/// How the published campaign was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// `campagne_publiee` in `site.toml`.
    Reglage,
    /// The coverage rule ([`par_couverture`]).
    Couverture,
}

/// The status of one data year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    /// Its campaign is published: its figures are national results.
    Publiee,
    /// Its campaign is in progress.
    EnCours,
}

impl Statut {
    /// The value written in the exports.
    pub fn code(self) -> &'static str {
        match self {
            Statut::Publiee => "publiee",
            Statut::EnCours => "en_cours",
        }
    }
}

/// One data year as `statistiques.json` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Campagne {
    /// Bilans of that year in the whole repository (published canteens).
    pub bilans: u64,
    /// Published or in progress.
    pub statut: Statut,
}

/// The campaigns of the site: the published one and every year's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campagnes {
    /// The latest published data year (`None`: none is published yet).
    pub publiee: Option<u16>,
    /// How it was chosen.
    pub decision: Decision,
    /// Every data year with bilans, with its national count and status.
    pub annees: BTreeMap<u16, Campagne>,
}

/// The latest data year that the coverage rule publishes: among the years
/// before `annee_courante` (a year's bilans are declared the year after),
/// the latest whose bilans number at least half of those of the previous
/// year with bilans; the first year with bilans qualifies whatever its
/// count. `bilans`: the national count of each data year.
pub fn par_couverture(bilans: &BTreeMap<u16, u64>, annee_courante: u16) -> Option<u16> {
    let mut precedent: Option<u64> = None;
    let mut publiee = None;
    for (&annee, &n) in bilans.iter().filter(|(_, n)| **n > 0) {
        let couvre = precedent.is_none_or(|p| 2 * n >= p);
        if couvre && annee < annee_courante {
            publiee = Some(annee);
        }
        precedent = Some(n);
    }
    publiee
}

impl Campagnes {
    /// Decides the campaigns from the national counts of `stats`:
    /// `reglage` (`campagne_publiee` in `site.toml`) when given, else the
    /// coverage rule.
    pub fn decider(stats: &Statistiques, reglage: Option<u16>, annee_courante: u16) -> Self {
        let bilans: BTreeMap<u16, u64> = stats
            .tranche(Dimension::National, FRANCE)
            .map(|t| {
                t.annees
                    .iter()
                    .filter(|(_, a)| a.bilans > 0)
                    .map(|(y, a)| (*y, a.bilans))
                    .collect()
            })
            .unwrap_or_default();
        Self::de_comptes(bilans, reglage, annee_courante)
    }

    /// The campaigns of these national counts (see [`Campagnes::decider`]).
    pub fn de_comptes(
        bilans: BTreeMap<u16, u64>,
        reglage: Option<u16>,
        annee_courante: u16,
    ) -> Self {
        let (publiee, decision) = match reglage {
            Some(annee) => (Some(annee), Decision::Reglage),
            None => (
                par_couverture(&bilans, annee_courante),
                Decision::Couverture,
            ),
        };
        let annees = bilans
            .into_iter()
            .map(|(annee, bilans)| {
                let statut = if publiee.is_some_and(|p| annee <= p) {
                    Statut::Publiee
                } else {
                    Statut::EnCours
                };
                (annee, Campagne { bilans, statut })
            })
            .collect();
        Campagnes {
            publiee,
            decision,
            annees,
        }
    }

    /// The status of a data year.
    pub fn statut(&self, annee: u16) -> Statut {
        if self.publiee.is_some_and(|p| annee <= p) {
            Statut::Publiee
        } else {
            Statut::EnCours
        }
    }

    /// Whether a data year's figures are national results.
    pub fn est_publiee(&self, annee: u16) -> bool {
        self.statut(annee) == Statut::Publiee
    }

    /// The national count of bilans of a year in progress (`None` for a
    /// published year).
    pub fn en_cours(&self, annee: u16) -> Option<u64> {
        (!self.est_publiee(annee)).then(|| self.annees.get(&annee).map_or(0, |c| c.bilans))
    }

    /// The years in progress with their national counts, oldest first.
    pub fn annees_en_cours(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        self.annees
            .iter()
            .filter(|(_, c)| c.statut == Statut::EnCours)
            .map(|(y, c)| (*y, c.bilans))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comptes(v: &[(u16, u64)]) -> BTreeMap<u16, u64> {
        v.iter().copied().collect()
    }

    #[test]
    fn the_first_declarations_of_a_new_campaign_do_not_make_it_the_headline() {
        // The real repository: 2021–2023, then one canteen declares 2024.
        let reel = comptes(&[(2021, 3066), (2022, 5081), (2023, 10317), (2024, 1)]);
        assert_eq!(par_couverture(&reel, 2026), Some(2023));
        // Half of the previous year's count is enough: 5 159 of 10 317.
        let moitie = comptes(&[(2022, 5081), (2023, 10317), (2024, 5159)]);
        assert_eq!(par_couverture(&moitie, 2026), Some(2024));
        let presque = comptes(&[(2022, 5081), (2023, 10317), (2024, 5158)]);
        assert_eq!(par_couverture(&presque, 2026), Some(2023));
    }

    #[test]
    fn the_current_year_is_never_published_by_the_rule() {
        // 2026 data are declared in 2027: in 2026 that campaign is open.
        let c = comptes(&[(2025, 100), (2026, 120)]);
        assert_eq!(par_couverture(&c, 2026), Some(2025));
        assert_eq!(par_couverture(&c, 2027), Some(2026));
        assert_eq!(par_couverture(&comptes(&[(2026, 5)]), 2026), None);
    }

    #[test]
    fn the_first_year_qualifies_whatever_its_count_and_a_dip_does_not_hide_a_later_year() {
        assert_eq!(par_couverture(&comptes(&[(2023, 3)]), 2026), Some(2023));
        // 2022 is below half of 2021, 2023 is above half of 2022.
        let c = comptes(&[(2021, 1000), (2022, 400), (2023, 300)]);
        assert_eq!(par_couverture(&c, 2026), Some(2023));
        assert_eq!(par_couverture(&BTreeMap::new(), 2026), None);
    }

    #[test]
    fn the_setting_decides_and_later_years_are_in_progress_with_their_count() {
        let c = Campagnes::de_comptes(
            comptes(&[(2022, 5081), (2023, 10317), (2024, 9000)]),
            Some(2023),
            2026,
        );
        assert_eq!((c.publiee, c.decision), (Some(2023), Decision::Reglage));
        assert!(c.est_publiee(2021) && c.est_publiee(2023) && !c.est_publiee(2024));
        assert_eq!(c.en_cours(2024), Some(9000));
        assert_eq!(c.en_cours(2023), None);
        assert_eq!(c.annees_en_cours().collect::<Vec<_>>(), vec![(2024, 9000)]);
        // Nothing published: every year is in progress.
        let rien = Campagnes::de_comptes(comptes(&[(2026, 4)]), None, 2026);
        assert_eq!(rien.publiee, None);
        assert_eq!(rien.statut(2026), Statut::EnCours);
    }
}
