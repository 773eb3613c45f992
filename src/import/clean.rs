//! Cleaning of single open-data values: ratios, INSEE codes, sector lists.
//! Pure functions, each returning what it fixed or refused so that the
//! import can report it.

use crate::model::territory;
use crate::model::{Secteur, Taux};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Most sectors a canteen may have (SPEC §2).
pub const MAX_SECTEURS: usize = 3;

/// A ratio cell read as an exact decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ratio {
    /// The published value.
    Value(Taux),
    /// An empty cell: the export writes 0 as nothing (README quirk).
    EmptyAsZero,
}

impl Ratio {
    /// The value to write.
    pub fn taux(self) -> Taux {
        match self {
            Ratio::Value(t) => t,
            Ratio::EmptyAsZero => Taux(Decimal::ZERO),
        }
    }
}

/// Reads a ratio cell exactly, from its text (never through `f64`).
pub fn parse_ratio(text: &str) -> Result<Ratio, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Ratio::EmptyAsZero);
    }
    if t.contains(['e', 'E']) {
        return Err(format!("« {t} » n'est pas un nombre décimal simple"));
    }
    let value = Decimal::from_str(t).map_err(|_| format!("« {t} » n'est pas un nombre"))?;
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(format!("{t} n'est pas compris entre 0 et 1"));
    }
    Ok(Ratio::Value(Taux(value)))
}

/// What became of an INSEE code cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insee {
    /// Empty cell.
    Empty,
    /// A known commune code, as published.
    Valid(String),
    /// A known commune once its lost leading zeros are restored.
    Padded {
        /// As published.
        from: String,
        /// Fixed.
        to: String,
    },
    /// No such commune (postal code, typo, school UAI…).
    Unknown(String),
}

/// Checks an INSEE code against the reference, restoring leading zeros that
/// a spreadsheet dropped (`7019` → `07019`) when that gives a real commune.
pub fn clean_insee(text: &str) -> Insee {
    let t = text.trim();
    if t.is_empty() {
        return Insee::Empty;
    }
    if territory::commune(t).is_some() {
        return Insee::Valid(t.to_string());
    }
    if t.len() < 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        let padded = format!("{t:0>5}");
        if territory::commune(&padded).is_some() {
            return Insee::Padded {
                from: t.to_string(),
                to: padded,
            };
        }
    }
    Insee::Unknown(t.to_string())
}

/// A sector list cell, mapped to slugs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sectors {
    /// The first [`MAX_SECTEURS`] distinct known sectors, in the file's order.
    pub kept: Vec<Secteur>,
    /// Labels that map to no sector.
    pub unknown: Vec<String>,
    /// Known sectors beyond the first three (as labels, as published).
    pub dropped: Vec<String>,
}

/// Maps a comma-separated list of sector labels to at most 3 distinct slugs.
pub fn parse_sectors(text: &str) -> Sectors {
    let mut out = Sectors::default();
    // No current or legacy label contains a comma, so splitting is safe.
    for label in text.split(',').map(str::trim).filter(|l| !l.is_empty()) {
        match Secteur::from_label(label) {
            None => out.unknown.push(label.to_string()),
            Some(s) if out.kept.contains(&s) => {}
            Some(s) if out.kept.len() < MAX_SECTEURS => out.kept.push(s),
            Some(_) => out.dropped.push(label.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_exact_and_empty_means_zero() {
        assert_eq!(
            parse_ratio("0.2665"),
            Ok(Ratio::Value(Taux(Decimal::new(2665, 4))))
        );
        assert_eq!(
            parse_ratio("0.1000").map(|r| r.taux().0.to_string()),
            Ok("0.1000".into())
        );
        assert_eq!(parse_ratio("1"), Ok(Ratio::Value(Taux(Decimal::ONE))));
        assert_eq!(parse_ratio(""), Ok(Ratio::EmptyAsZero));
        assert_eq!(parse_ratio("  ").map(Ratio::taux), Ok(Taux(Decimal::ZERO)));
        assert!(parse_ratio("1.0001").unwrap_err().contains("entre 0 et 1"));
        assert!(parse_ratio("-0.1").is_err());
        assert!(parse_ratio("1e-2").is_err());
        assert!(parse_ratio("0,25").is_err());
        assert!(parse_ratio("NaN").is_err());
    }

    #[test]
    fn insee_codes_get_their_leading_zero_back() {
        assert_eq!(clean_insee("07017"), Insee::Valid("07017".into()));
        assert_eq!(clean_insee("2A004"), Insee::Valid("2A004".into()));
        // Real rows of 2023: Lycée (07019), Korian Château des Ollières (06088).
        assert_eq!(
            clean_insee("7019"),
            Insee::Padded {
                from: "7019".into(),
                to: "07019".into()
            }
        );
        assert_eq!(
            clean_insee("6088"),
            Insee::Padded {
                from: "6088".into(),
                to: "06088".into()
            }
        );
        assert_eq!(clean_insee(""), Insee::Empty);
        // Postal code of Toulouse, not a commune code (that is 31555).
        assert_eq!(clean_insee("31000"), Insee::Unknown("31000".into()));
        // A school UAI and an 8-digit number seen in 2022.
        assert_eq!(clean_insee("0811191E"), Insee::Unknown("0811191E".into()));
        assert_eq!(clean_insee("10546414"), Insee::Unknown("10546414".into()));
        // Padding that lands on no commune is not a fix.
        assert_eq!(clean_insee("9999"), Insee::Unknown("9999".into()));
    }

    #[test]
    fn sectors_keep_the_first_three_distinct() {
        let s = parse_sectors(
            "Crèche,Ecole primaire (maternelle et élémentaire),Crèche,Secondaire collège,Hôpitaux,Cliniques",
        );
        assert_eq!(
            s.kept,
            vec![
                Secteur::SocialCreche,
                Secteur::EducationPrimaire,
                Secteur::EducationCollege
            ]
        );
        assert_eq!(
            s.dropped,
            vec!["Hôpitaux".to_string(), "Cliniques".to_string()]
        );
        assert!(s.unknown.is_empty());
        let s = parse_sectors("Boulangerie,IME/ITEP");
        assert_eq!(s.kept, vec![Secteur::SocialIme]);
        assert_eq!(s.unknown, vec!["Boulangerie".to_string()]);
        assert_eq!(parse_sectors(""), Sectors::default());
    }

    /// Every distinct label of the 2021–2023 files (34 spellings), as
    /// published, with the slug it must map to.
    #[test]
    fn every_label_of_the_three_files_maps() {
        use Secteur::*;
        let labels = [
            (
                "Autres etablissements du secteur public",
                AdministrationEtablissementPublic,
            ),
            ("Autres etablissements non listés", AutresAutre),
            ("Autres structures d’enseignement", EducationAutre),
            ("Autres établissements de loisirs", LoisirAutre),
            ("Autres établissements de soins", SanteAutre),
            (
                "Autres établissements du secteur public",
                AdministrationEtablissementPublic,
            ),
            ("Autres établissements non listés", AutresAutre),
            (
                "Autres établissements sociaux et médicaux sociaux",
                SocialAutre,
            ),
            ("Centre de vacances / sportif", LoisirCentreVacances),
            ("Centre de vacances/sportif", LoisirCentreVacances),
            ("Cliniques", SanteClinique),
            ("Crèche", SocialCreche),
            (
                "EHPAD / maisons de retraite / foyers de personnes âgées",
                SocialEhpad,
            ),
            (
                "EHPAD/ maisons de retraite / foyers de personnes âgées",
                SocialEhpad,
            ),
            ("ESAT / Etablissements spécialisés", SocialEsat),
            ("ESAT/établissements spécialisés", SocialEsat),
            (
                "Ecole primaire (maternelle et élémentaire)",
                EducationPrimaire,
            ),
            (
                "Etablissements publics d’Etat (EPA ou EPIC)",
                AdministrationEtablissementPublic,
            ),
            ("Hôpitaux", SanteHopital),
            ("IME / ITEP", SocialIme),
            ("IME/ITEP", SocialIme),
            (
                "Restaurants administratifs des collectivités territoriales",
                AdministrationCollectivites,
            ),
            (
                "Restaurants administratifs d’Etat (RA)",
                AdministrationAdministratif,
            ),
            (
                "Restaurants des armées / police / gendarmerie",
                AdministrationArmee,
            ),
            (
                "Restaurants des armées/police/gendarmerie",
                AdministrationArmee,
            ),
            ("Restaurants des prisons", AdministrationPrison),
            ("Restaurants d’entreprises", EntrepriseEntreprise),
            (
                "Restaurants inter-administratifs d’Etat (RIA)",
                AdministrationInterAdministratif,
            ),
            ("Restaurants inter-entreprises", EntrepriseInterEntreprise),
            ("Secondaire Lycée agricole", EducationAgricole),
            ("Secondaire collège", EducationCollege),
            ("Secondaire lycée (hors agricole)", EducationLycee),
            ("Secondaire lycée agricole", EducationAgricole),
            ("Supérieur et Universitaire", EducationSuperieur),
        ];
        for (label, slug) in labels {
            assert_eq!(Secteur::from_label(label), Some(slug), "{label}");
        }
    }

    /// Reads the real files when they are present and checks that no label
    /// of any row is unknown (guards against a label missed above).
    #[test]
    fn no_unknown_label_in_the_real_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/ma-cantine-opendata");
        let mut seen = 0;
        for year in [2021, 2022, 2023] {
            let path = dir.join(format!("campagne_td_{year}.csv"));
            if !path.exists() {
                continue;
            }
            for row in crate::import::rows::read_file(&path).unwrap() {
                let s = parse_sectors(&row.sectors);
                assert!(
                    s.unknown.is_empty(),
                    "{}:{} {:?}",
                    row.fichier,
                    row.ligne,
                    s.unknown
                );
                seen += s.kept.len();
            }
        }
        if dir.exists() {
            assert!(seen > 15_000, "{seen}");
        }
    }
}
