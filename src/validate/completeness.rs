//! Required identity fields (SPEC §2, "Incomplete canteens from open data").
//!
//! A file holding a declared bilan must give its whole identity: each
//! missing field is an error. A file whose bilans all come from the open
//! data may lack them: one warning per file lists what is missing (one per
//! field would drown `check` on the 12 699 imported files).

use super::FileContext;
use super::activity::secteur_exigeant_ministere;
use super::finding::Finding;
use crate::model::{Declaration, Ministere};

/// A missing required field and how to fill it in.
struct Missing {
    field: &'static str,
    help: String,
}

/// The required identity fields the declaration lacks, in file order.
fn missing_fields(d: &Declaration) -> Vec<Missing> {
    let mut out = Vec::new();
    let mut need = |absent: bool, field: &'static str, help: &str| {
        if absent {
            out.push(Missing {
                field,
                help: help.to_string(),
            });
        }
    };
    need(
        d.code_insee.is_none(),
        "code_insee",
        "ajoutez le code INSEE de la commune entre guillemets, ex. « code_insee: \"07017\" »",
    );
    need(
        d.secteurs.is_none(),
        "secteurs",
        "ajoutez de 1 à 3 secteurs, ex. « secteurs: [education_primaire] »",
    );
    need(
        d.type_production.is_none(),
        "type_production",
        "ajoutez « type_production: » suivi de site, site_cooked_elsewhere, central ou central_serving",
    );
    need(
        d.type_gestion.is_none(),
        "type_gestion",
        "ajoutez « type_gestion: direct » (gestion directe) ou « type_gestion: conceded » (concédée)",
    );
    need(
        d.modele_economique.is_none(),
        "modele_economique",
        "ajoutez « modele_economique: public » ou « modele_economique: private »",
    );
    need(
        d.nombre_repas_jour.is_none(),
        "nombre_repas_jour",
        "ajoutez le nombre moyen de repas servis par jour (au moins 3), ex. « nombre_repas_jour: 120 »",
    );
    need(
        d.nombre_repas_an.is_none(),
        "nombre_repas_an",
        "ajoutez le nombre de repas servis sur l'année (au moins 420), ex. « nombre_repas_an: 17000 »",
    );
    if d.ministere_tutelle.is_none()
        && let Some(secteur) = secteur_exigeant_ministere(d)
    {
        let slugs: Vec<&str> = Ministere::ALL
            .iter()
            .filter(|m| **m != Ministere::Armee)
            .map(|m| m.slug())
            .collect();
        out.push(Missing {
            field: "ministere_tutelle",
            help: format!(
                "une cantine publique du secteur « {} » indique son ministère de tutelle : {}",
                secteur.slug(),
                slugs.join(", ")
            ),
        });
    }
    out
}

/// Runs the completeness rule.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let missing = missing_fields(ctx.decl);
    if missing.is_empty() {
        return;
    }
    let declared = ctx.decl.bilans.iter().find(|b| b.est_declare());
    match declared {
        Some(bilan) => {
            for m in missing {
                out.push(
                    Finding::error(
                        m.field,
                        "champ-obligatoire",
                        format!(
                            "le champ « {} » est obligatoire : le fichier contient un bilan déclaré ({})",
                            m.field, bilan.annee
                        ),
                    )
                    .help(m.help),
                );
            }
        }
        None => {
            let fields: Vec<&str> = missing.iter().map(|m| m.field).collect();
            let (noun, adjective) = if fields.len() > 1 {
                ("champs", "renseignés")
            } else {
                ("champ", "renseigné")
            };
            out.push(
                Finding::warning(
                    "",
                    "identite-incomplete",
                    format!(
                        "identité incomplète, {noun} non {adjective} : {} ; les pages afficheront « non renseigné »",
                        fields.join(", ")
                    ),
                )
                .help(
                    "complétez ces champs quand vous les connaissez ; ils deviennent obligatoires dès \
                     que le fichier contient un bilan déclaré (achats ou mesures)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run};

    const OPENDATA_SEUL: &str = "\
siret: \"21070017500016\"
nom: Cantine des Assions
bilans:
  - annee: 2023
    source: opendata
    taux_bio: 0.2665
    taux_egalim_hors_bio: 0.1247
";

    #[test]
    fn complete_identity_passes() {
        assert!(run(check, VALIDE).is_empty());
        let avec_bilan =
            format!("{VALIDE}bilans:\n  - annee: 2024\n    achats:\n      valeur_totale: 1000\n");
        assert!(run(check, &avec_bilan).is_empty());
    }

    #[test]
    fn opendata_only_file_gets_one_warning_listing_the_fields() {
        let found = run(check, OPENDATA_SEUL);
        assert_eq!(
            codes(&found),
            vec![("identite-incomplete", String::new(), Severity::Warning)]
        );
        assert_eq!(
            found[0].message,
            "identité incomplète, champs non renseignés : code_insee, secteurs, type_production, \
             type_gestion, modele_economique, nombre_repas_jour, nombre_repas_an ; les pages \
             afficheront « non renseigné »"
        );
    }

    #[test]
    fn declared_bilan_makes_each_missing_field_an_error() {
        let declare =
            format!("{OPENDATA_SEUL}  - annee: 2024\n    plastique:\n      bouteilles: true\n");
        let found = run(check, &declare);
        assert_eq!(found.len(), 7);
        assert!(
            found
                .iter()
                .all(|f| f.severity == Severity::Error && f.code == "champ-obligatoire")
        );
        assert_eq!(found[0].path, "code_insee");
        assert_eq!(
            found[0].message,
            "le champ « code_insee » est obligatoire : le fichier contient un bilan déclaré (2024)"
        );
    }

    #[test]
    fn one_missing_field_in_an_opendata_file() {
        let presque = VALIDE.replace("nombre_repas_an: 17000\n", "")
            + "bilans:\n  - annee: 2023\n    source: opendata\n    taux_bio: 0.2\n    taux_egalim_hors_bio: 0.1\n";
        let found = run(check, &presque);
        assert_eq!(
            codes(&found),
            vec![("identite-incomplete", String::new(), Severity::Warning)]
        );
        assert!(
            found[0]
                .message
                .starts_with("identité incomplète, champ non renseigné : nombre_repas_an ;")
        );
    }

    #[test]
    fn ministry_required_for_a_public_state_canteen() {
        let prison = VALIDE.replace("education_primaire", "administration_prison")
            + "bilans:\n  - annee: 2024\n    information:\n      qualite: true\n";
        let found = run(check, &prison);
        assert_eq!(
            codes(&found),
            vec![(
                "champ-obligatoire",
                "ministere_tutelle".into(),
                Severity::Error
            )]
        );
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("« administration_prison »") && help.contains("justice"));
        // The armed forces are never a valid answer.
        assert!(!help.contains("armee"));
        // Without any declared bilan, it joins the single warning.
        let opendata = VALIDE.replace("education_primaire", "administration_prison");
        let found = run(check, &opendata);
        assert_eq!(
            codes(&found),
            vec![("identite-incomplete", String::new(), Severity::Warning)]
        );
        assert!(found[0].message.contains("ministere_tutelle"));
    }
}
