//! What the canteen does: its sectors (1 to 3, no duplicates), its meal
//! counts, and its line ministry (SPEC §3.1, §3.4, §6).

use super::FileContext;
use super::finding::{Finding, entier};
use crate::model::{Declaration, Ministere, ModeleEconomique};

/// Most sectors a canteen may declare.
pub(crate) const SECTEURS_MAX: usize = 3;
/// Fewest meals a day a canteen may declare.
pub(crate) const REPAS_JOUR_MIN: u32 = 3;
/// Fewest meals a year a canteen may declare.
pub(crate) const REPAS_AN_MIN: u32 = 420;

/// Runs the sector, meal and ministry rules.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    check_secteurs(ctx.decl, out);
    check_repas(ctx.decl, out);
    check_ministere(ctx.decl, out);
}

/// The sector that makes a line ministry required (SPEC §3.4: a public
/// canteen of one of the State sectors), if any.
pub(crate) fn secteur_exigeant_ministere(d: &Declaration) -> Option<crate::model::Secteur> {
    if d.modele_economique != Some(ModeleEconomique::Public) {
        return None;
    }
    d.secteurs
        .as_ref()?
        .iter()
        .copied()
        .find(|s| s.ministere_requis())
}

fn check_secteurs(d: &Declaration, out: &mut Vec<Finding>) {
    let Some(secteurs) = &d.secteurs else {
        return;
    };
    if secteurs.is_empty() {
        out.push(
            Finding::error(
                "secteurs",
                "secteurs-nombre",
                "la liste des secteurs est vide",
            )
            .help("indiquez de 1 à 3 secteurs, ex. « secteurs: [education_primaire] »"),
        );
    } else if secteurs.len() > SECTEURS_MAX {
        out.push(
            Finding::error(
                "secteurs",
                "secteurs-nombre",
                format!(
                    "{} secteurs sont indiqués : {SECTEURS_MAX} au plus",
                    secteurs.len()
                ),
            )
            .help("gardez les 3 secteurs qui décrivent le mieux les convives"),
        );
    }
    for (i, s) in secteurs.iter().enumerate() {
        if secteurs[..i].contains(s) {
            out.push(
                Finding::error(
                    format!("secteurs[{i}]"),
                    "secteur-en-double",
                    format!("le secteur « {} » est indiqué deux fois", s.slug()),
                )
                .help("retirez le doublon"),
            );
        }
    }
}

fn check_repas(d: &Declaration, out: &mut Vec<Finding>) {
    if let Some(jour) = d.nombre_repas_jour
        && jour < REPAS_JOUR_MIN
    {
        out.push(
            Finding::error(
                "nombre_repas_jour",
                "repas-jour",
                format!("nombre_repas_jour vaut {jour} : au moins {REPAS_JOUR_MIN} repas par jour sont attendus"),
            )
            .help("indiquez le nombre moyen de repas servis par jour de service"),
        );
    }
    if let Some(an) = d.nombre_repas_an
        && an < REPAS_AN_MIN
    {
        out.push(
            Finding::error(
                "nombre_repas_an",
                "repas-an",
                format!(
                    "nombre_repas_an vaut {an} : au moins {REPAS_AN_MIN} repas par an sont attendus"
                ),
            )
            .help("indiquez le nombre total de repas servis sur l'année"),
        );
    }
    if let (Some(jour), Some(an)) = (d.nombre_repas_jour, d.nombre_repas_an)
        && jour >= an
    {
        let help = if jour > an {
            "les deux valeurs semblent inversées : nombre_repas_jour est la moyenne d'un jour, \
             nombre_repas_an le total de l'année"
        } else {
            "nombre_repas_an est le total de l'année, soit environ le nombre de repas par jour \
             multiplié par le nombre de jours de service"
        };
        out.push(
            Finding::error(
                "nombre_repas_an",
                "repas-incoherents",
                format!(
                    "nombre_repas_an ({}) doit être supérieur à nombre_repas_jour ({})",
                    entier(an),
                    entier(jour)
                ),
            )
            .help(help),
        );
    }
}

fn check_ministere(d: &Declaration, out: &mut Vec<Finding>) {
    let Some(ministere) = d.ministere_tutelle else {
        // A missing required ministry is reported with the other required fields.
        return;
    };
    if ministere == Ministere::Armee {
        out.push(
            Finding::error(
                "ministere_tutelle",
                "ministere-armee",
                "les cantines sous tutelle du ministère des Armées ne sont jamais publiées \
                 (confidentialité des données des forces armées)",
            )
            .help(
                "supprimez ce fichier du dépôt : le dépôt est public, et rien de ces cantines ne \
                 doit apparaître sur le site, dans ses statistiques ni dans ses exports",
            ),
        );
        return;
    }
    let forbidden_reason = match (&d.modele_economique, &d.secteurs) {
        (Some(ModeleEconomique::Prive), _) => {
            Some("une cantine privée n'a pas de ministère de tutelle".to_string())
        }
        (_, Some(secteurs))
            if !secteurs.is_empty() && !secteurs.iter().any(|s| s.ministere_requis()) =>
        {
            let mut liste: Vec<&str> = secteurs.iter().map(|s| s.slug()).collect();
            liste.dedup();
            Some(format!(
                "le ministère de tutelle n'est demandé pour aucun des secteurs indiqués ({})",
                liste.join(", ")
            ))
        }
        // Public (or unknown model) with a State sector, or sectors unknown:
        // the ministry may be right.
        _ => None,
    };
    if let Some(reason) = forbidden_reason {
        out.push(
            Finding::error(
                "ministere_tutelle",
                "ministere-interdit",
                format!(
                    "ministere_tutelle « {} » est interdit ici : {reason}",
                    ministere.slug()
                ),
            )
            .help(
                "retirez la ligne ministere_tutelle ; elle n'est demandée qu'aux cantines \
                 publiques des secteurs de l'État (prisons, restaurants administratifs d'État, \
                 armées/police/gendarmerie, établissements publics d'État, RIA, universités, PJJ)",
            )
            .on_key(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, decl, run};

    fn public_prison(ministere: Option<&str>) -> String {
        let base = VALIDE.replace("education_primaire", "administration_prison");
        match ministere {
            Some(m) => format!("{base}ministere_tutelle: {m}\n"),
            None => base,
        }
    }

    #[test]
    fn one_to_three_distinct_sectors_pass() {
        assert!(run(check, VALIDE).is_empty());
        let trois = VALIDE.replace(
            "[education_primaire]",
            "[education_primaire, social_creche, loisir_autre]",
        );
        assert!(run(check, &trois).is_empty());
    }

    #[test]
    fn sector_count_is_checked() {
        let vide = VALIDE.replace("[education_primaire]", "[]");
        assert_eq!(
            codes(&run(check, &vide)),
            vec![("secteurs-nombre", "secteurs".into(), Severity::Error)]
        );
        let quatre = VALIDE.replace(
            "[education_primaire]",
            "[education_primaire, social_creche, loisir_autre, sante_autre]",
        );
        let found = run(check, &quatre);
        assert_eq!(
            codes(&found),
            vec![("secteurs-nombre", "secteurs".into(), Severity::Error)]
        );
        assert!(found[0].message.starts_with("4 secteurs"));
    }

    #[test]
    fn duplicate_sector_points_at_the_second_one() {
        let double = VALIDE.replace(
            "[education_primaire]",
            "[education_primaire, social_creche, education_primaire]",
        );
        assert_eq!(
            codes(&run(check, &double)),
            vec![("secteur-en-double", "secteurs[2]".into(), Severity::Error)]
        );
    }

    #[test]
    fn meal_counts() {
        let peu = VALIDE.replace("nombre_repas_jour: 120", "nombre_repas_jour: 2");
        assert_eq!(
            codes(&run(check, &peu)),
            vec![("repas-jour", "nombre_repas_jour".into(), Severity::Error)]
        );
        let an = VALIDE.replace("nombre_repas_an: 17000", "nombre_repas_an: 419");
        assert_eq!(
            codes(&run(check, &an)),
            vec![("repas-an", "nombre_repas_an".into(), Severity::Error)]
        );
        // Limits are inclusive: 3 a day and 420 a year pass.
        let limites = VALIDE
            .replace("nombre_repas_jour: 120", "nombre_repas_jour: 3")
            .replace("nombre_repas_an: 17000", "nombre_repas_an: 420");
        assert!(run(check, &limites).is_empty());
    }

    #[test]
    fn meals_a_day_below_meals_a_year() {
        let inverse = VALIDE
            .replace("nombre_repas_jour: 120", "nombre_repas_jour: 17000")
            .replace("nombre_repas_an: 17000", "nombre_repas_an: 1200");
        let found = run(check, &inverse);
        assert_eq!(
            codes(&found),
            vec![(
                "repas-incoherents",
                "nombre_repas_an".into(),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "nombre_repas_an (1\u{a0}200) doit être supérieur à nombre_repas_jour (17\u{a0}000)"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("inversées")
        );
        // As many meals a year as a day: not inverted, but still inconsistent.
        let egal = VALIDE
            .replace("nombre_repas_an: 17000", "nombre_repas_an: 420")
            .replace("nombre_repas_jour: 120", "nombre_repas_jour: 420");
        let found = run(check, &egal);
        assert_eq!(
            codes(&found),
            vec![(
                "repas-incoherents",
                "nombre_repas_an".into(),
                Severity::Error
            )]
        );
        assert!(
            !found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("inversées")
        );
    }

    #[test]
    fn ministry_required_sector_with_ministry_passes() {
        assert!(run(check, &public_prison(Some("justice"))).is_empty());
        assert_eq!(
            secteur_exigeant_ministere(&decl(&public_prison(None))),
            Some(crate::model::Secteur::AdministrationPrison)
        );
        // A private canteen of the same sector needs none.
        let prive =
            public_prison(None).replace("modele_economique: public", "modele_economique: private");
        assert_eq!(secteur_exigeant_ministere(&decl(&prive)), None);
        assert_eq!(secteur_exigeant_ministere(&decl(VALIDE)), None);
    }

    #[test]
    fn ministry_forbidden_for_a_school_or_a_private_canteen() {
        let ecole = format!("{VALIDE}ministere_tutelle: jeunesse\n");
        let found = run(check, &ecole);
        assert_eq!(
            codes(&found),
            vec![(
                "ministere-interdit",
                "ministere_tutelle".into(),
                Severity::Error
            )]
        );
        assert!(found[0].on_key);
        assert!(found[0].message.contains("education_primaire"));
        let prive = public_prison(Some("justice"))
            .replace("modele_economique: public", "modele_economique: private");
        let found = run(check, &prive);
        assert_eq!(
            codes(&found),
            vec![(
                "ministere-interdit",
                "ministere_tutelle".into(),
                Severity::Error
            )]
        );
        assert!(found[0].message.contains("privée"));
    }

    #[test]
    fn armed_forces_ministry_is_rejected_with_an_explanation() {
        let armee =
            public_prison(Some("armee")).replace("administration_prison", "administration_armee");
        let found = run(check, &armee);
        assert_eq!(
            codes(&found),
            vec![(
                "ministere-armee",
                "ministere_tutelle".into(),
                Severity::Error
            )]
        );
        assert!(found[0].message.contains("jamais publiées"));
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .starts_with("supprimez ce fichier")
        );
    }
}
