//! Whether a bilan reaches the law's objectives (SPEC §4.2).
//!
//! - Article L. 230-5-1 of the Code rural et de la pêche maritime (loi
//!   EGalim, 2018; loi Climat et résilience, 2021): at least 50 % of
//!   sustainable and quality products by value, of which at least 20 %
//!   organic, from 1 January 2022, with the overseas schedule of Décret
//!   n° 2021-1235 (see [`super::territory_group`]).
//! - Same article, as amended by the loi Climat et résilience: from
//!   1 January 2024, at least 60 % of meat, poultry and fish purchases are
//!   EGalim products, 100 % in State restaurants.
//!
//! Both are judged on the exported 2-decimal percentages, bounds included,
//! so that a reader of the open data reaches the same verdict.

use super::territory_group::Seuils;
use rust_decimal::Decimal;

/// First data year judged against the meat-and-fish objective.
pub const ANNEE_OBJECTIF_VIANDES_POISSONS: u16 = 2024;

/// The meat-and-fish objective, in percent.
pub const SEUIL_VIANDES_POISSONS: Decimal = Decimal::from_parts(60, 0, 0, false, 0);

/// The meat-and-fish objective of a State restaurant, in percent.
pub const SEUIL_VIANDES_POISSONS_ETAT: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

/// `pct_bio >= seuil_bio AND pct_egalim >= seuil_egalim`, on the 2-decimal
/// percentages; unknown when either percentage is unknown.
pub fn objectifs_atteints(
    pct_bio: Option<Decimal>,
    pct_egalim: Option<Decimal>,
    seuils: Seuils,
) -> Option<bool> {
    let (bio, egalim) = (pct_bio?, pct_egalim?);
    Some(bio >= seuils.bio && egalim >= seuils.egalim)
}

/// The meat-and-fish threshold for a data year, in percent: none before
/// 2024; 100 % for a State restaurant (a canteen with a line ministry,
/// SPEC §3.4); 60 % otherwise.
pub fn seuil_viandes_poissons(annee: u16, restaurant_de_l_etat: bool) -> Option<Decimal> {
    if annee < ANNEE_OBJECTIF_VIANDES_POISSONS {
        None
    } else if restaurant_de_l_etat {
        Some(SEUIL_VIANDES_POISSONS_ETAT)
    } else {
        Some(SEUIL_VIANDES_POISSONS)
    }
}

/// `pct_viandes_poissons_egalim >= seuil`; unknown when no threshold
/// applies (before 2024) or when there is no meat/fish data.
pub fn objectif_viandes_poissons(
    pct_viandes_poissons_egalim: Option<Decimal>,
    seuil: Option<Decimal>,
) -> Option<bool> {
    Some(pct_viandes_poissons_egalim? >= seuil?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::territory_group::{GroupeTerritorial, seuils};
    use std::str::FromStr;

    fn d(s: &str) -> Option<Decimal> {
        Decimal::from_str(s).ok()
    }

    #[test]
    fn both_thresholds_inclusive() {
        let hexagone = seuils(GroupeTerritorial::Hexagone, 2024);
        assert_eq!(objectifs_atteints(d("20"), d("50"), hexagone), Some(true));
        assert_eq!(
            objectifs_atteints(d("19.99"), d("80"), hexagone),
            Some(false)
        );
        assert_eq!(
            objectifs_atteints(d("40"), d("49.99"), hexagone),
            Some(false)
        );
    }

    #[test]
    fn unknown_when_either_share_is_unknown() {
        let hexagone = seuils(GroupeTerritorial::Hexagone, 2024);
        assert_eq!(objectifs_atteints(None, d("60"), hexagone), None);
        // Even a failing known share does not decide alone (SPEC §4.2).
        assert_eq!(objectifs_atteints(d("5"), None, hexagone), None);
    }

    #[test]
    fn each_territory_with_its_own_thresholds() {
        // 6 % organic, 25 % EGalim in 2025: enough in Guadeloupe, not in
        // Lyon; in 2026 the Guadeloupe targets rise to 10 / 35.
        let (bio, egalim) = (d("6"), d("25"));
        let g1 = GroupeTerritorial::Groupe1;
        assert_eq!(
            objectifs_atteints(bio, egalim, seuils(g1, 2025)),
            Some(true)
        );
        assert_eq!(
            objectifs_atteints(bio, egalim, seuils(g1, 2026)),
            Some(false)
        );
        let hexagone = seuils(GroupeTerritorial::Hexagone, 2025);
        assert_eq!(objectifs_atteints(bio, egalim, hexagone), Some(false));
        // Mayotte 2029: 5 / 15.
        let mayotte = seuils(GroupeTerritorial::Groupe2Mayotte, 2029);
        assert_eq!(objectifs_atteints(d("5"), d("15"), mayotte), Some(true));
    }

    #[test]
    fn meat_and_fish_from_2024() {
        assert_eq!(seuil_viandes_poissons(2023, false), None);
        assert_eq!(seuil_viandes_poissons(2024, false), d("60"));
        let seuil = seuil_viandes_poissons(2024, false);
        assert_eq!(objectif_viandes_poissons(d("60"), seuil), Some(true));
        assert_eq!(objectif_viandes_poissons(d("59.99"), seuil), Some(false));
        // Not judged before 2024, nor without meat/fish data.
        assert_eq!(
            objectif_viandes_poissons(d("90"), seuil_viandes_poissons(2023, false)),
            None
        );
        assert_eq!(objectif_viandes_poissons(None, seuil), None);
    }

    #[test]
    fn state_restaurants_must_reach_100_percent() {
        let seuil = seuil_viandes_poissons(2025, true);
        assert_eq!(seuil, d("100"));
        assert_eq!(objectif_viandes_poissons(d("99.99"), seuil), Some(false));
        assert_eq!(objectif_viandes_poissons(d("100"), seuil), Some(true));
        // The same 80 % reaches a municipal canteen's objective.
        assert_eq!(
            objectif_viandes_poissons(d("80"), seuil_viandes_poissons(2025, false)),
            Some(true)
        );
    }
}
