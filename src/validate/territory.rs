//! Where the canteen is: the folder must be a département code (or
//! `inconnu`), `code_insee` must be a known commune, and the commune's
//! département must be the folder (SPEC §2, §3.5, §6).

use super::FileContext;
use super::finding::Finding;
use crate::model::territory;

/// Folder of canteens whose département is unknown.
pub(crate) const INCONNU: &str = "inconnu";

/// Runs the folder and commune rules.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let folder_ok = ctx.folder == INCONNU || territory::is_valid_departement_code(ctx.folder);
    if !folder_ok {
        out.push(unknown_folder(ctx));
    }
    let Some(code) = ctx.decl.code_insee.as_deref() else {
        return;
    };
    let Some(commune) = territory::commune(code) else {
        out.push(
            Finding::error(
                "code_insee",
                "code-insee-inconnu",
                format!("le code INSEE « {code} » ne correspond à aucune commune"),
            )
            .help(
                "le code INSEE de la commune (5 caractères, ex. « 07017 » pour Les Assions) \
                 n'est pas le code postal ; écrivez-le entre guillemets pour garder le zéro initial",
            ),
        );
        return;
    };
    // Compared only with a valid folder: a wrong folder is already reported.
    if folder_ok && commune.departement != ctx.folder {
        let dep = territory::departement(commune.departement)
            .map(|d| format!("{} ({})", d.nom_avec_de(), d.code))
            .unwrap_or_else(|| format!("du département {}", commune.departement));
        let message = if ctx.folder == INCONNU {
            format!(
                "la commune {} ({code}) est une commune {dep} : le fichier n'a plus sa place \
                 dans declarations/{INCONNU}/",
                commune.nom
            )
        } else {
            format!(
                "la commune {} ({code}) est une commune {dep}, mais le fichier est dans \
                 declarations/{}/",
                commune.nom, ctx.folder
            )
        };
        out.push(
            Finding::error("code_insee", "dossier-departement", message)
                .help(format!(
                    "déplacez le fichier dans declarations/{}/{}.yaml (ou corrigez code_insee)",
                    commune.departement, ctx.stem
                ))
                .fix_move(format!(
                    "declarations/{}/{}.yaml",
                    commune.departement, ctx.stem
                )),
        );
    }
}

fn unknown_folder(ctx: &FileContext<'_>) -> Finding {
    let from_commune = ctx
        .decl
        .code_insee
        .as_deref()
        .and_then(territory::commune)
        .map(|c| c.departement.to_string());
    // "7" for "07" is the likely slip when the commune does not tell.
    let padded = format!("0{}", ctx.folder);
    let from_padding =
        (ctx.folder.len() == 1 && territory::is_valid_departement_code(&padded)).then_some(padded);
    let target = from_commune
        .or(from_padding)
        .map(|dep| format!("declarations/{dep}/{}.yaml", ctx.stem));
    let help = match &target {
        Some(path) => format!("déplacez le fichier dans {path}"),
        None => format!(
            "les dossiers portent le code du département (01 à 95, 2A, 2B, 971 à 976…), ou \
             « {INCONNU} » quand il n'est pas connu"
        ),
    };
    let finding = Finding::error(
        "",
        "dossier-inconnu",
        format!(
            "le dossier « declarations/{}/ » n'est pas un code de département",
            ctx.folder
        ),
    )
    .help(help);
    match target {
        Some(path) => finding.fix_move(path),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run_in};

    const STEM: &str = "21070017500016";

    #[test]
    fn commune_in_its_departement_folder_passes() {
        assert!(run_in(check, "07", STEM, VALIDE).is_empty());
        // Corsica: 2A004 is Ajaccio, in 2A.
        assert!(run_in(check, "2A", STEM, &VALIDE.replace("07017", "2A004")).is_empty());
        // No code_insee in inconnu/: nothing to compare.
        let sans_insee = VALIDE.replace("code_insee: \"07017\"\n", "");
        assert!(run_in(check, INCONNU, STEM, &sans_insee).is_empty());
    }

    #[test]
    fn unknown_commune_is_an_error() {
        let found = run_in(check, "07", STEM, &VALIDE.replace("07017", "07999"));
        assert_eq!(
            codes(&found),
            vec![("code-insee-inconnu", "code_insee".into(), Severity::Error)]
        );
        assert!(found[0].message.contains("« 07999 »"));
    }

    #[test]
    fn commune_in_another_departement_names_the_right_folder() {
        let found = run_in(check, "26", STEM, VALIDE);
        assert_eq!(
            codes(&found),
            vec![("dossier-departement", "code_insee".into(), Severity::Error)]
        );
        assert_eq!(
            found[0].message,
            "la commune Les Assions (07017) est une commune de l'Ardèche (07), mais le fichier \
             est dans declarations/26/"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "déplacez le fichier dans declarations/07/21070017500016.yaml (ou corrigez code_insee)"
            )
        );
    }

    #[test]
    fn known_commune_in_inconnu_must_move() {
        let found = run_in(check, INCONNU, STEM, VALIDE);
        assert_eq!(
            codes(&found),
            vec![("dossier-departement", "code_insee".into(), Severity::Error)]
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("declarations/07/")
        );
    }

    #[test]
    fn folder_must_be_a_departement_code() {
        let found = run_in(check, "ardeche", STEM, VALIDE);
        assert_eq!(
            codes(&found),
            vec![("dossier-inconnu", String::new(), Severity::Error)]
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("declarations/07/")
        );
        // "7" without code_insee: the padded code is suggested.
        let sans_insee = VALIDE.replace("code_insee: \"07017\"\n", "");
        let found = run_in(check, "7", STEM, &sans_insee);
        assert_eq!(
            found[0].help.as_deref(),
            Some("déplacez le fichier dans declarations/07/21070017500016.yaml")
        );
    }
}
