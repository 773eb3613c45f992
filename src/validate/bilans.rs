//! The shape of each bilan: its year (unique, in range), amounts xor
//! open-data ratios, and the ratios themselves (SPEC §2, §6).

use super::finding::{Finding, nombre};
use super::{FileContext, PREMIERE_ANNEE};
use crate::model::{Bilan, Taux};
use rust_decimal::Decimal;

/// Runs the bilan rules.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let bilans = &ctx.decl.bilans;
    for (i, bilan) in bilans.iter().enumerate() {
        let at = format!("bilans[{i}]");
        check_annee(ctx, i, bilan, &at, out);
        check_form(bilan, &at, out);
        check_ratios(bilan, &at, out);
    }
}

fn check_annee(ctx: &FileContext<'_>, i: usize, bilan: &Bilan, at: &str, out: &mut Vec<Finding>) {
    let annee = bilan.annee;
    let last = ctx.options.current_year;
    if !(PREMIERE_ANNEE..=last).contains(&annee) {
        let finding = Finding::error(
            format!("{at}.annee"),
            "annee-hors-periode",
            format!("l'année {annee} est hors de la période acceptée ({PREMIERE_ANNEE} à {last})"),
        );
        // "24" for 2024: the year in two digits.
        let full = 2000 + annee;
        out.push(if annee < 100 && (PREMIERE_ANNEE..=last).contains(&full) {
            finding
                .help(format!(
                    "l'année s'écrit sur 4 chiffres : écrivez « annee: {full} »"
                ))
                .fix_value(format!("{at}.annee"), full.to_string())
        } else {
            finding.help("annee est l'année des données (les achats de 2024 se déclarent en 2025)")
        });
    }
    if let Some(first) = ctx.decl.bilans[..i].iter().position(|b| b.annee == annee) {
        out.push(
            Finding::error(
                format!("{at}.annee"),
                "annee-en-double",
                format!("l'année {annee} a déjà un bilan (bilans[{first}])"),
            )
            .help("un seul bilan par année : fusionnez les deux bilans ou corrigez l'année"),
        );
    }
}

/// Amounts xor ratios, and ratios only with `source: opendata`.
fn check_form(bilan: &Bilan, at: &str, out: &mut Vec<Finding>) {
    let annee = bilan.annee;
    let ratios: Vec<&str> = [
        bilan.taux_bio.map(|_| "taux_bio"),
        bilan.taux_egalim_hors_bio.map(|_| "taux_egalim_hors_bio"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let opendata = bilan.source.is_some();
    if bilan.achats.is_some() && !ratios.is_empty() {
        out.push(
            Finding::error(
                format!("{at}.achats"),
                "achats-et-taux",
                format!(
                    "le bilan {annee} donne à la fois des montants (achats) et des taux ({})",
                    ratios.join(", ")
                ),
            )
            .help(
                "un bilan déclaré donne ses montants dans achats ; les taux sont réservés aux \
                 bilans importés des données ouvertes (source: opendata) : retirez l'un des deux",
            )
            .on_key(),
        );
    } else if !opendata {
        for name in &ratios {
            out.push(
                Finding::error(
                    format!("{at}.{name}"),
                    "taux-sans-opendata",
                    format!(
                        "{name} n'est accepté que dans un bilan importé des données ouvertes \
                         (source: opendata)"
                    ),
                )
                .help("déclarez plutôt les montants en € HT dans achats (valeur_totale, valeur_bio, …)")
                .on_key(),
            );
        }
    }
    if !opendata {
        if bilan.achats.is_none()
            && ratios.is_empty()
            && bilan.gaspillage.is_none()
            && bilan.diversification.is_none()
            && bilan.plastique.is_none()
            && bilan.information.is_none()
            && bilan.commentaires.is_none()
        {
            out.push(
                Finding::warning(
                    format!("{at}.annee"),
                    "bilan-vide",
                    format!("le bilan {annee} ne contient aucune donnée"),
                )
                .help("ajoutez les achats ou les mesures de l'année, ou retirez ce bilan"),
            );
        }
        return;
    }
    match ratios.as_slice() {
        [] => out.push(
            Finding::error(
                format!("{at}.source"),
                "opendata-sans-taux",
                format!("le bilan {annee} est importé des données ouvertes (source: opendata) mais ne donne aucun taux"),
            )
            .help(
                "ajoutez taux_bio et taux_egalim_hors_bio ; si vous déclarez vous-même ce bilan, \
                 retirez « source: opendata »",
            ),
        ),
        [only] => {
            let other = if *only == "taux_bio" { "taux_egalim_hors_bio" } else { "taux_bio" };
            out.push(
                Finding::error(
                    format!("{at}.{only}"),
                    "taux-incomplet",
                    format!("le bilan {annee} donne {only} sans {other}"),
                )
                .help(format!("ajoutez {other} (0 s'il n'y a aucun achat de ce type)"))
                .on_key(),
            );
        }
        _ => {}
    }
}

/// Ratios in [0, 1] and `taux_bio + taux_egalim_hors_bio <= 1`.
fn check_ratios(bilan: &Bilan, at: &str, out: &mut Vec<Finding>) {
    let mut in_range = true;
    for (name, value) in [
        ("taux_bio", bilan.taux_bio),
        ("taux_egalim_hors_bio", bilan.taux_egalim_hors_bio),
    ] {
        let Some(Taux(v)) = value else { continue };
        if v < Decimal::ZERO || v > Decimal::ONE {
            in_range = false;
            let as_percent = v > Decimal::ONE && v <= Decimal::ONE_HUNDRED;
            let ratio = (v / Decimal::ONE_HUNDRED).normalize();
            let help = if as_percent {
                format!(
                    "un taux s'écrit entre 0 et 1 : {} % s'écrit {ratio}",
                    nombre(v)
                )
            } else {
                "un taux s'écrit entre 0 et 1 (0.25 pour 25 %)".to_string()
            };
            let finding = Finding::error(
                format!("{at}.{name}"),
                "taux-hors-bornes",
                format!(
                    "{name} vaut {} : un taux est compris entre 0 et 1",
                    v.normalize()
                ),
            )
            .help(help);
            out.push(if as_percent {
                finding.fix_value(format!("{at}.{name}"), ratio.to_string())
            } else {
                finding
            });
        }
    }
    if let (true, Some(Taux(bio)), Some(Taux(hors_bio))) =
        (in_range, bilan.taux_bio, bilan.taux_egalim_hors_bio)
        && bio + hors_bio > Decimal::ONE
    {
        out.push(
            Finding::error(
                format!("{at}.taux_egalim_hors_bio"),
                "taux-somme",
                format!(
                    "taux_bio + taux_egalim_hors_bio = {} + {} = {} dépasse 1 (100 % des achats)",
                    bio.normalize(),
                    hors_bio.normalize(),
                    (bio + hors_bio).normalize()
                ),
            )
            .help("taux_egalim_hors_bio ne compte pas le bio : vérifiez qu'il ne l'inclut pas"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run};

    fn with_bilans(bilans: &str) -> String {
        format!("{VALIDE}bilans:\n{bilans}")
    }

    const DECLARE: &str = "  - annee: 2024\n    achats:\n      valeur_totale: 1000\n";
    const OPENDATA: &str = "  - annee: 2023\n    source: opendata\n    taux_bio: 0.2665\n    taux_egalim_hors_bio: 0.1247\n";

    #[test]
    fn declared_and_opendata_bilans_pass() {
        assert!(run(check, &with_bilans(&format!("{DECLARE}{OPENDATA}"))).is_empty());
    }

    #[test]
    fn year_range_is_2019_to_the_current_year() {
        let limites =
            with_bilans("  - annee: 2019\n    plastique: {}\n  - annee: 2026\n    plastique: {}\n");
        assert!(run(check, &limites).is_empty());
        let avant = with_bilans("  - annee: 2018\n    plastique: {}\n");
        assert_eq!(
            codes(&run(check, &avant)),
            vec![(
                "annee-hors-periode",
                "bilans[0].annee".into(),
                Severity::Error
            )]
        );
        let futur = with_bilans("  - annee: 2027\n    plastique: {}\n");
        let found = run(check, &futur);
        assert_eq!(
            codes(&found),
            vec![(
                "annee-hors-periode",
                "bilans[0].annee".into(),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "l'année 2027 est hors de la période acceptée (2019 à 2026)"
        );
    }

    #[test]
    fn year_is_unique_in_the_file() {
        let double = with_bilans(&format!("{DECLARE}{}", DECLARE.replace("1000", "2000")));
        let found = run(check, &double);
        assert_eq!(
            codes(&found),
            vec![("annee-en-double", "bilans[1].annee".into(), Severity::Error)]
        );
        assert_eq!(found[0].message, "l'année 2024 a déjà un bilan (bilans[0])");
    }

    #[test]
    fn amounts_xor_ratios() {
        let les_deux = with_bilans(&format!(
            "{DECLARE}    taux_bio: 0.2\n    taux_egalim_hors_bio: 0.1\n"
        ));
        let found = run(check, &les_deux);
        assert_eq!(
            codes(&found),
            vec![("achats-et-taux", "bilans[0].achats".into(), Severity::Error)]
        );
        assert!(found[0].on_key);
    }

    #[test]
    fn ratios_only_with_source_opendata() {
        let sans_source = with_bilans(&OPENDATA.replace("    source: opendata\n", ""));
        assert_eq!(
            codes(&run(check, &sans_source)),
            vec![
                (
                    "taux-sans-opendata",
                    "bilans[0].taux_bio".into(),
                    Severity::Error
                ),
                (
                    "taux-sans-opendata",
                    "bilans[0].taux_egalim_hors_bio".into(),
                    Severity::Error
                ),
            ]
        );
    }

    #[test]
    fn opendata_needs_both_ratios() {
        let aucun = with_bilans("  - annee: 2023\n    source: opendata\n");
        assert_eq!(
            codes(&run(check, &aucun)),
            vec![(
                "opendata-sans-taux",
                "bilans[0].source".into(),
                Severity::Error
            )]
        );
        let un_seul = with_bilans("  - annee: 2023\n    source: opendata\n    taux_bio: 0.2\n");
        let found = run(check, &un_seul);
        assert_eq!(
            codes(&found),
            vec![(
                "taux-incomplet",
                "bilans[0].taux_bio".into(),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "le bilan 2023 donne taux_bio sans taux_egalim_hors_bio"
        );
    }

    #[test]
    fn ratios_between_0_and_1() {
        let pourcent = with_bilans(&OPENDATA.replace("0.2665", "26.65"));
        let found = run(check, &pourcent);
        assert_eq!(
            codes(&found),
            vec![(
                "taux-hors-bornes",
                "bilans[0].taux_bio".into(),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("un taux s'écrit entre 0 et 1 : 26,65 % s'écrit 0.2665")
        );
        let negatif = with_bilans(&OPENDATA.replace("0.1247", "-0.1"));
        assert_eq!(
            codes(&run(check, &negatif)),
            vec![(
                "taux-hors-bornes",
                "bilans[0].taux_egalim_hors_bio".into(),
                Severity::Error
            )]
        );
        let bornes = with_bilans(&OPENDATA.replace("0.2665", "1").replace("0.1247", "0"));
        assert!(run(check, &bornes).is_empty());
    }

    #[test]
    fn ratio_sum_at_most_1() {
        let trop = with_bilans(&OPENDATA.replace("0.2665", "0.7").replace("0.1247", "0.35"));
        let found = run(check, &trop);
        assert_eq!(
            codes(&found),
            vec![(
                "taux-somme",
                "bilans[0].taux_egalim_hors_bio".into(),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "taux_bio + taux_egalim_hors_bio = 0.7 + 0.35 = 1.05 dépasse 1 (100 % des achats)"
        );
        let pile = with_bilans(&OPENDATA.replace("0.2665", "0.65").replace("0.1247", "0.35"));
        assert!(run(check, &pile).is_empty());
    }

    #[test]
    fn empty_declared_bilan_is_a_warning() {
        let vide = with_bilans("  - annee: 2024\n");
        assert_eq!(
            codes(&run(check, &vide)),
            vec![("bilan-vide", "bilans[0].annee".into(), Severity::Warning)]
        );
    }
}
