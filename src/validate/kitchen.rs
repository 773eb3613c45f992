//! The link from a satellite to its central kitchen, within one file
//! (SPEC §3.2, §6). Whether the kitchen exists in the repository is a
//! cross-file rule (see `repository.rs`).

use super::FileContext;
use super::finding::Finding;
use super::identity::siret_finding;
use crate::model::TypeProduction;

/// Runs the central-kitchen rules of one file.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let d = ctx.decl;
    let satellite = d.type_production == Some(TypeProduction::Satellite);
    let Some(kitchen) = d.siret_cuisine_centrale.as_deref() else {
        if satellite {
            out.push(
                Finding::warning(
                    "type_production",
                    "cuisine-centrale-manquante",
                    "restaurant satellite sans siret_cuisine_centrale : sa page ne pourra pas \
                     renvoyer vers la cuisine qui prépare ses repas",
                )
                .help("ajoutez « siret_cuisine_centrale: \"<SIRET de la cuisine centrale>\" »"),
            );
        }
        return;
    };
    if let Some(f) = siret_finding("siret_cuisine_centrale", "siret_cuisine_centrale", kitchen) {
        out.push(f);
        return;
    }
    if kitchen == d.siret {
        out.push(
            Finding::error(
                "siret_cuisine_centrale",
                "cuisine-centrale-elle-meme",
                format!(
                    "siret_cuisine_centrale « {kitchen} » est le SIRET de la cantine elle-même"
                ),
            )
            .help(
                "indiquez le SIRET de la cuisine centrale qui livre les repas ; une cantine qui \
                 cuisine sur place retire cette ligne",
            ),
        );
        return;
    }
    if let Some(tp) = d.type_production
        && !satellite
    {
        out.push(
            Finding::warning(
                "siret_cuisine_centrale",
                "cuisine-centrale-inutile",
                format!(
                    "siret_cuisine_centrale n'est lu que pour un restaurant satellite, or \
                     type_production vaut « {} » ({})",
                    tp.slug(),
                    tp.label()
                ),
            )
            .help(
                "si les repas sont livrés par une cuisine centrale, écrivez « type_production: \
                 site_cooked_elsewhere » ; sinon retirez siret_cuisine_centrale",
            )
            .on_key(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run};

    fn satellite(kitchen: Option<&str>) -> String {
        let base = VALIDE.replace(
            "type_production: site",
            "type_production: site_cooked_elsewhere",
        );
        match kitchen {
            Some(k) => format!("{base}siret_cuisine_centrale: \"{k}\"\n"),
            None => base,
        }
    }

    #[test]
    fn satellite_with_a_valid_kitchen_passes() {
        assert!(run(check, &satellite(Some("21070017500024"))).is_empty());
        assert!(run(check, VALIDE).is_empty());
    }

    #[test]
    fn satellite_without_kitchen_is_a_warning() {
        let found = run(check, &satellite(None));
        assert_eq!(
            codes(&found),
            vec![(
                "cuisine-centrale-manquante",
                "type_production".into(),
                Severity::Warning
            )]
        );
    }

    #[test]
    fn kitchen_siret_must_be_valid() {
        let found = run(check, &satellite(Some("21070017500025")));
        assert_eq!(
            codes(&found),
            vec![(
                "siret-cle",
                "siret_cuisine_centrale".into(),
                Severity::Error
            )]
        );
        assert!(
            found[0]
                .message
                .starts_with("siret_cuisine_centrale « 21070017500025 »")
        );
        let found = run(check, &satellite(Some("2107001750")));
        assert_eq!(
            codes(&found),
            vec![(
                "siret-format",
                "siret_cuisine_centrale".into(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn kitchen_is_not_the_canteen_itself() {
        let found = run(check, &satellite(Some("21070017500016")));
        assert_eq!(
            codes(&found),
            vec![(
                "cuisine-centrale-elle-meme",
                "siret_cuisine_centrale".into(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn kitchen_on_a_canteen_that_cooks_is_a_warning() {
        let found = run(
            check,
            &format!("{VALIDE}siret_cuisine_centrale: \"21070017500024\"\n"),
        );
        assert_eq!(
            codes(&found),
            vec![(
                "cuisine-centrale-inutile",
                "siret_cuisine_centrale".into(),
                Severity::Warning
            )]
        );
    }
}
