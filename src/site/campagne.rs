//! How pages word the campaigns and the small counts
//! (content/methodologie.md, « Les campagnes publiées », « Les petits
//! effectifs »): the published campaign is the headline; a campaign in
//! progress is a count of bilans declared so far, never a result; a figure
//! over too few bilans is « données insuffisantes (N bilans) ».

use crate::aggregate::campagnes::Campagnes;
use crate::aggregate::{Dimension, FRANCE, Statistiques};
use crate::render::charts::format::{donnees_insuffisantes, entier};

/// The headline year of every aggregate page: the published campaign.
pub fn annee_publiee(campagnes: &Campagnes) -> Option<u16> {
    campagnes.publiee
}

fn pluriel(n: u64) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// "1 bilan déclaré", "12 bilans déclarés".
fn bilans_declares(n: u64) -> String {
    format!("{} bilan{} déclaré{}", entier(n), pluriel(n), pluriel(n))
}

/// The label of a bilan of a campaign in progress, as the canteen pages,
/// the lists and the feed show it: « campagne 2024 en cours : 12 bilans
/// déclarés à ce jour ». `None` for a published year.
pub fn libelle_en_cours(campagnes: &Campagnes, annee: u16) -> Option<String> {
    let n = campagnes.en_cours(annee)?;
    Some(format!(
        "campagne {annee} en cours : {} à ce jour",
        bilans_declares(n)
    ))
}

/// One sentence per campaign in progress for an aggregate page: what the
/// slice holds so far, and the nation (the home page says it once).
pub fn notes_en_cours(
    stats: &Statistiques,
    campagnes: &Campagnes,
    dimension: Dimension,
    code: &str,
) -> Vec<String> {
    campagnes
        .annees_en_cours()
        .map(|(annee, national)| {
            let ici = stats.annee(dimension, code, annee).map_or(0, |a| a.bilans);
            let compte = if dimension == Dimension::National {
                format!("{} à ce jour", bilans_declares(national))
            } else if ici == 0 {
                format!(
                    "aucun bilan déclaré à ce jour ici ({} en France)",
                    entier(national)
                )
            } else {
                format!(
                    "{} à ce jour ici ({} en France)",
                    bilans_declares(ici),
                    entier(national)
                )
            };
            format!(
                "Campagne {annee} en cours : {compte}. Ses chiffres seront publiés à sa clôture ; d'ici là, ces bilans figurent sur les pages des cantines et dans les fichiers téléchargeables."
            )
        })
        .collect()
}

/// A value for a key figure or a list: the figure when published, else
/// « données insuffisantes (N bilans) » when some bilans exist, else
/// « pas de données »; and whether it is not a number.
pub fn valeur_ou_insuffisant(publie: Option<String>, base: u64) -> (String, bool) {
    match publie {
        Some(v) => (v, false),
        None if base > 0 => (donnees_insuffisantes(base), true),
        None => ("pas de données".to_string(), true),
    }
}

/// The share of bilans reaching the objectives in a slice for the
/// published campaign, as the lists of régions, départements and sectors
/// show it: « 42 % (120/250 en 2023) », « données insuffisantes (3
/// bilans) », or « — » without a bilan that year.
pub fn objectifs_de_tranche(
    stats: &Statistiques,
    campagnes: &Campagnes,
    dimension: Dimension,
    code: &str,
) -> String {
    let Some(annee) = annee_publiee(campagnes) else {
        return "—".to_string();
    };
    match stats.annee(dimension, code, annee) {
        Some(a) if a.objectifs_atteints.evalues > 0 => {
            let p = a.objectifs_atteints;
            match p.pct_publie() {
                Some(v) => format!(
                    "{v}\u{a0}% ({}/{} en {annee})",
                    entier(p.atteints),
                    entier(p.evalues)
                ),
                None => format!("{} en {annee}", donnees_insuffisantes(p.evalues)),
            }
        }
        _ => "—".to_string(),
    }
}

/// The national count of bilans of the published campaign (for sentences
/// such as the home page's).
pub fn bilans_nationaux(stats: &Statistiques, campagnes: &Campagnes) -> u64 {
    annee_publiee(campagnes)
        .and_then(|y| stats.annee(Dimension::National, FRANCE, y))
        .map_or(0, |a| a.bilans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_campaign_in_progress_is_a_count_of_bilans_declared_so_far() {
        let c = Campagnes::de_comptes(BTreeMap::from([(2023, 10_317), (2024, 1)]), None, 2026);
        assert_eq!(
            libelle_en_cours(&c, 2024).as_deref(),
            Some("campagne 2024 en cours : 1 bilan déclaré à ce jour")
        );
        assert_eq!(libelle_en_cours(&c, 2023), None);
        let c = Campagnes::de_comptes(BTreeMap::from([(2023, 10_317), (2024, 12)]), None, 2026);
        assert_eq!(
            libelle_en_cours(&c, 2024).as_deref(),
            Some("campagne 2024 en cours : 12 bilans déclarés à ce jour")
        );
    }

    #[test]
    fn a_figure_without_enough_bilans_says_so() {
        assert_eq!(
            valeur_ou_insuffisant(None, 3),
            ("données insuffisantes (3 bilans)".to_string(), true)
        );
        assert_eq!(
            valeur_ou_insuffisant(None, 1),
            ("données insuffisantes (1 bilan)".to_string(), true)
        );
        assert_eq!(
            valeur_ou_insuffisant(None, 0),
            ("pas de données".to_string(), true)
        );
        assert_eq!(
            valeur_ou_insuffisant(Some("12 %".into()), 30),
            ("12 %".to_string(), false)
        );
    }
}
