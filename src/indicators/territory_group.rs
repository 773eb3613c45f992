//! Territory groups and the thresholds of the decree (SPEC §4.3).
//!
//! Article L. 230-5-1 of the Code rural et de la pêche maritime sets the
//! targets (50 % of sustainable and quality products, of which 20 % organic);
//! **Décret n° 2021-1235 du 24 septembre 2021** (article R. 230-30-1 of the
//! same code) sets lower, rising targets for the overseas territories. The
//! targets are judged by **data year**: a 2026 bilan is held to the 2026
//! targets, whatever the year it was declared in.

use rust_decimal::Decimal;
use serde::Serialize;

/// The territory group whose thresholds apply to a canteen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupeTerritorial {
    /// Metropolitan France, and any territory the decree does not name
    /// (Saint-Barthélemy 977, the Pacific 984, 986–989) or that is unknown.
    Hexagone,
    /// Guadeloupe (01), Martinique (02), Guyane (03), La Réunion (04),
    /// Saint-Martin (978).
    #[serde(rename = "groupe_1")]
    Groupe1,
    /// Mayotte (06).
    #[serde(rename = "groupe_2")]
    Groupe2Mayotte,
    /// Saint-Pierre-et-Miquelon (975).
    #[serde(rename = "groupe_3")]
    Groupe3SaintPierreEtMiquelon,
}

impl GroupeTerritorial {
    /// The group of a région code (INSEE; a collectivité d'outre-mer is its
    /// own région). An unknown or absent région falls in the hexagone group:
    /// its thresholds are the law's general ones, the most demanding.
    pub fn de_region(code_region: Option<&str>) -> Self {
        match code_region {
            Some("01" | "02" | "03" | "04" | "978") => Self::Groupe1,
            Some("06") => Self::Groupe2Mayotte,
            Some("975") => Self::Groupe3SaintPierreEtMiquelon,
            _ => Self::Hexagone,
        }
    }

    /// The French label shown beside the thresholds.
    pub fn label(self) -> &'static str {
        match self {
            Self::Hexagone => "Hexagone et Corse",
            Self::Groupe1 => "Guadeloupe, Martinique, Guyane, La Réunion, Saint-Martin",
            Self::Groupe2Mayotte => "Mayotte",
            Self::Groupe3SaintPierreEtMiquelon => "Saint-Pierre-et-Miquelon",
        }
    }
}

/// The two thresholds a bilan is judged against, in percent of purchases by
/// value (€ HT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Seuils {
    /// Minimum share of organic products, in percent.
    #[serde(serialize_with = "super::percent::serialise_decimal")]
    pub bio: Decimal,
    /// Minimum share of sustainable and quality products (organic included),
    /// in percent.
    #[serde(serialize_with = "super::percent::serialise_decimal")]
    pub egalim: Decimal,
}

/// A whole number of percent as an exact decimal (usable in constants).
const fn pc(n: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, 0)
}

/// Builds a threshold pair (bio %, EGalim %).
const fn s(bio: u32, egalim: u32) -> Seuils {
    Seuils {
        bio: pc(bio),
        egalim: pc(egalim),
    }
}

/// The thresholds of Décret n° 2021-1235 for a group, for the four periods
/// of data years (up to 2025, 2026–2029, 2030–2034, from 2035):
///
/// | groupe      | ≤ 2025  | 2026–2029 | 2030–2034 | ≥ 2035  |
/// |-------------|---------|-----------|-----------|---------|
/// | hexagone    | 20 / 50 | 20 / 50   | 20 / 50   | 20 / 50 |
/// | groupe 1    |  5 / 20 | 10 / 35   | 20 / 50   | 20 / 50 |
/// | groupe 2    |  2 / 5  |  5 / 15   | 10 / 30   | 20 / 50 |
/// | groupe 3    | 10 / 30 | 10 / 30   | 20 / 50   | 20 / 50 |
const fn calendrier(groupe: GroupeTerritorial) -> [Seuils; 4] {
    match groupe {
        GroupeTerritorial::Hexagone => [s(20, 50), s(20, 50), s(20, 50), s(20, 50)],
        GroupeTerritorial::Groupe1 => [s(5, 20), s(10, 35), s(20, 50), s(20, 50)],
        GroupeTerritorial::Groupe2Mayotte => [s(2, 5), s(5, 15), s(10, 30), s(20, 50)],
        GroupeTerritorial::Groupe3SaintPierreEtMiquelon => {
            [s(10, 30), s(10, 30), s(20, 50), s(20, 50)]
        }
    }
}

/// Index of the decree's period a data year falls in. Years before 2022
/// (when the targets came into force) are held to the first period's
/// values, as the national platform does for its 2021 campaign.
fn periode(annee: u16) -> usize {
    match annee {
        ..=2025 => 0,
        2026..=2029 => 1,
        2030..=2034 => 2,
        _ => 3,
    }
}

/// The thresholds that apply to a bilan of data year `annee` in `groupe`.
pub fn seuils(groupe: GroupeTerritorial, annee: u16) -> Seuils {
    calendrier(groupe)[periode(annee)]
}

#[cfg(test)]
mod tests {
    use super::GroupeTerritorial::*;
    use super::*;

    fn check(groupe: GroupeTerritorial, annee: u16, bio: u32, egalim: u32) {
        assert_eq!(seuils(groupe, annee), s(bio, egalim), "{groupe:?} {annee}");
    }

    #[test]
    fn regions_fall_in_the_decree_groups() {
        for code in ["01", "02", "03", "04", "978"] {
            assert_eq!(GroupeTerritorial::de_region(Some(code)), Groupe1, "{code}");
        }
        assert_eq!(GroupeTerritorial::de_region(Some("06")), Groupe2Mayotte);
        assert_eq!(
            GroupeTerritorial::de_region(Some("975")),
            Groupe3SaintPierreEtMiquelon
        );
        // Metropolitan régions, Corse, the territories the decree does not
        // name, and an unknown région: the general thresholds.
        for code in [
            "11", "84", "94", "977", "984", "986", "987", "988", "989", "99",
        ] {
            assert_eq!(GroupeTerritorial::de_region(Some(code)), Hexagone, "{code}");
        }
        assert_eq!(GroupeTerritorial::de_region(None), Hexagone);
    }

    #[test]
    fn hexagone_is_20_50_every_year() {
        for annee in [2019, 2021, 2025, 2026, 2029, 2030, 2034, 2035, 2050] {
            check(Hexagone, annee, 20, 50);
        }
    }

    #[test]
    fn groupe_1_rises_in_2026_and_2030() {
        check(Groupe1, 2021, 5, 20);
        check(Groupe1, 2025, 5, 20);
        check(Groupe1, 2026, 10, 35);
        check(Groupe1, 2029, 10, 35);
        check(Groupe1, 2030, 20, 50);
        check(Groupe1, 2034, 20, 50);
        check(Groupe1, 2035, 20, 50);
    }

    #[test]
    fn mayotte_rises_in_2026_2030_and_2035() {
        check(Groupe2Mayotte, 2020, 2, 5);
        check(Groupe2Mayotte, 2025, 2, 5);
        check(Groupe2Mayotte, 2026, 5, 15);
        check(Groupe2Mayotte, 2029, 5, 15);
        check(Groupe2Mayotte, 2030, 10, 30);
        check(Groupe2Mayotte, 2034, 10, 30);
        check(Groupe2Mayotte, 2035, 20, 50);
    }

    #[test]
    fn saint_pierre_et_miquelon_rises_in_2030() {
        check(Groupe3SaintPierreEtMiquelon, 2025, 10, 30);
        check(Groupe3SaintPierreEtMiquelon, 2026, 10, 30);
        check(Groupe3SaintPierreEtMiquelon, 2029, 10, 30);
        check(Groupe3SaintPierreEtMiquelon, 2030, 20, 50);
        check(Groupe3SaintPierreEtMiquelon, 2034, 20, 50);
        check(Groupe3SaintPierreEtMiquelon, 2035, 20, 50);
    }
}
