//! Who the canteen is: its SIRET (format and checksum), the file name that
//! must equal it, and its name (SPEC §2, §6).

use super::FileContext;
use super::finding::Finding;
use crate::model::siret::{self, SiretError};

/// Longest accepted `nom`, in characters.
pub(crate) const NOM_MAX: usize = 200;

/// Runs the identity rules.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    check_siret(ctx, out);
    check_file_name(ctx, out);
    check_nom(ctx, out);
}

/// Explains why `value` (read at `path`) is not a valid SIRET, if it is not.
pub(crate) fn siret_finding(path: &str, field: &str, value: &str) -> Option<Finding> {
    let error = siret::check(value).err()?;
    let finding = match error {
        SiretError::Format => {
            let normalized = siret::normalize(value);
            let fixable = normalized != value && siret::check(&normalized).is_ok();
            let help = if fixable {
                format!("écrivez-le sans espaces : « {normalized} »")
            } else {
                "un SIRET compte exactement 14 chiffres, sans espaces ni lettres ; \
                 il figure sur annuaire-entreprises.data.gouv.fr"
                    .to_string()
            };
            let finding = Finding::error(
                path,
                "siret-format",
                format!("{field} « {value} » n'est pas un SIRET : il faut exactement 14 chiffres"),
            )
            .help(help);
            if fixable {
                finding.fix_value(path, format!("\"{normalized}\""))
            } else {
                finding
            }
        }
        SiretError::Checksum => Finding::error(
            path,
            "siret-cle",
            format!(
                "{field} « {value} » est invalide : sa clé de contrôle (algorithme de Luhn) ne \
                 correspond pas"
            ),
        )
        .help(
            "un chiffre est probablement mal recopié : vérifiez le SIRET sur \
             annuaire-entreprises.data.gouv.fr",
        ),
    };
    Some(finding)
}

fn check_siret(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    out.extend(siret_finding("siret", "le siret", &ctx.decl.siret));
}

fn check_file_name(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let declared = &ctx.decl.siret;
    if *declared == ctx.stem {
        return;
    }
    let valid = siret::check(declared).is_ok();
    if !valid && siret::normalize(declared) == ctx.stem {
        // "210 700 175 00016" in 21070017500016.yaml: siret-format already says
        // to remove the spaces; a second error would say the same.
        return;
    }
    let help = if valid {
        format!("le nom du fichier est le SIRET : renommez-le « {declared}.yaml »")
    } else {
        "le nom du fichier est le SIRET : corrigez le siret, puis renommez le fichier en \
         « <siret>.yaml »"
            .to_string()
    };
    let finding = Finding::error(
        "siret",
        "nom-fichier",
        format!(
            "le fichier s'appelle « {}.yaml » mais son siret est « {declared} »",
            ctx.stem
        ),
    )
    .help(help);
    out.push(if valid {
        finding.fix_move(format!("declarations/{}/{declared}.yaml", ctx.folder))
    } else {
        finding
    });
}

fn check_nom(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let nom = &ctx.decl.nom;
    if nom.trim().is_empty() {
        out.push(
            Finding::error("nom", "nom-vide", "le nom de la cantine est vide")
                .help("écrivez le nom sous lequel les convives connaissent la cantine"),
        );
        return;
    }
    let count = nom.chars().count();
    if count > NOM_MAX {
        out.push(
            Finding::error(
                "nom",
                "nom-trop-long",
                format!("le nom compte {count} caractères : {NOM_MAX} au plus"),
            )
            .help("raccourcissez-le ; la présentation détaillée va dans « presentation »"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run, run_in};

    fn with_siret(siret: &str) -> String {
        VALIDE.replace("\"21070017500016\"", &format!("\"{siret}\""))
    }

    #[test]
    fn valid_identity_passes() {
        assert!(run(check, VALIDE).is_empty());
    }

    #[test]
    fn siret_must_have_14_digits() {
        let found = run_in(check, "07", "2107001750001", &with_siret("2107001750001"));
        assert_eq!(
            codes(&found),
            vec![("siret-format", "siret".into(), Severity::Error)]
        );
        assert!(found[0].message.contains("« 2107001750001 »"));
    }

    #[test]
    fn siret_with_spaces_gets_the_written_fix_and_no_file_name_error() {
        let found = run(check, &with_siret("210 700 175 00016"));
        assert_eq!(
            codes(&found),
            vec![("siret-format", "siret".into(), Severity::Error)]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("écrivez-le sans espaces : « 21070017500016 »")
        );
    }

    #[test]
    fn siret_checksum_is_luhn() {
        let found = run_in(check, "07", "21070017500017", &with_siret("21070017500017"));
        assert_eq!(
            codes(&found),
            vec![("siret-cle", "siret".into(), Severity::Error)]
        );
    }

    #[test]
    fn la_poste_siret_is_valid_despite_luhn() {
        // 35600000000010 fails Luhn, but La Poste's digit sum (15) is divisible by 5.
        assert!(run_in(check, "07", "35600000000010", &with_siret("35600000000010")).is_empty());
        let found = run_in(check, "07", "35600000000011", &with_siret("35600000000011"));
        assert_eq!(
            codes(&found),
            vec![("siret-cle", "siret".into(), Severity::Error)]
        );
    }

    #[test]
    fn file_name_must_be_the_siret() {
        let found = run_in(check, "07", "cantine-des-assions", VALIDE);
        assert_eq!(
            codes(&found),
            vec![("nom-fichier", "siret".into(), Severity::Error)]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("le nom du fichier est le SIRET : renommez-le « 21070017500016.yaml »")
        );
    }

    #[test]
    fn nom_must_not_be_blank() {
        let found = run(check, &VALIDE.replace("Cantine des Assions", "\"   \""));
        assert_eq!(
            codes(&found),
            vec![("nom-vide", "nom".into(), Severity::Error)]
        );
    }

    #[test]
    fn nom_is_at_most_200_characters() {
        // 200 accented characters are 400 bytes but only 200 characters: accepted.
        let ok = "é".repeat(200);
        assert!(run(check, &VALIDE.replace("Cantine des Assions", &ok)).is_empty());
        let long = "é".repeat(201);
        let found = run(check, &VALIDE.replace("Cantine des Assions", &long));
        assert_eq!(
            codes(&found),
            vec![("nom-trop-long", "nom".into(), Severity::Error)]
        );
        assert!(found[0].message.contains("201 caractères"));
    }
}
