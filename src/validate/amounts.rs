//! Purchase amounts of a bilan (SPEC §2, §4.1, §6): each >= 0 with at most
//! 2 decimals, each part <= the total, the EGalim sum <= the total. Meat
//! and fish have their own file, `meat_fish.rs`.

use super::FileContext;
use super::finding::{Finding, euros};
use super::percentages::parts;
use crate::model::{Achats, Euros};
use rust_decimal::{Decimal, RoundingStrategy};

/// Every amount of `achats`, by field name, in file order.
fn all(a: &Achats) -> impl Iterator<Item = (&'static str, Option<Euros>)> {
    std::iter::once(("valeur_totale", a.valeur_totale)).chain(parts(a))
}

/// The four terms of the EGalim sum (SPEC §4.1).
fn egalim_terms(a: &Achats) -> [Option<Euros>; 4] {
    [
        a.valeur_bio,
        a.valeur_siqo,
        a.valeur_externalites_performance,
        a.valeur_egalim_autres,
    ]
}

/// The EGalim sum: missing terms count as 0; unknown when all are missing.
pub(crate) fn egalim(a: &Achats) -> Option<Decimal> {
    let terms = egalim_terms(a);
    terms
        .iter()
        .any(Option::is_some)
        .then(|| terms.iter().flatten().map(|e| e.0).sum())
}

/// Runs the amount rules on every bilan with `achats`.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, bilan) in ctx.decl.bilans.iter().enumerate() {
        if let Some(achats) = &bilan.achats {
            let at = format!("bilans[{i}].achats");
            check_each(achats, &at, out);
            check_totals(achats, bilan.annee, &at, out);
        }
    }
}

/// Each amount: >= 0, at most 2 decimals.
fn check_each(a: &Achats, at: &str, out: &mut Vec<Finding>) {
    for (name, value) in all(a) {
        let Some(Euros(v)) = value else { continue };
        if v.is_sign_negative() && !v.is_zero() {
            out.push(
                Finding::error(
                    format!("{at}.{name}"),
                    "montant-negatif",
                    format!(
                        "{name} est négatif ({}) : un montant d'achats est positif ou nul",
                        euros(v)
                    ),
                )
                .help(
                    "écrivez le montant sans signe moins (0 s'il n'y a eu aucun achat de ce type)",
                )
                .fix_value(format!("{at}.{name}"), v.abs().to_string()),
            );
        }
        if v.normalize().scale() > 2 {
            let rounded = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            out.push(
                Finding::error(
                    format!("{at}.{name}"),
                    "montant-decimales",
                    format!(
                        "{name} a plus de 2 décimales ({}) : les montants s'écrivent au centime",
                        v.normalize()
                    ),
                )
                .help(format!("arrondissez au centime : {rounded}"))
                .fix_value(format!("{at}.{name}"), rounded.to_string()),
            );
        }
    }
}

/// Each part <= valeur_totale; EGalim sum <= valeur_totale.
fn check_totals(a: &Achats, annee: u16, at: &str, out: &mut Vec<Finding>) {
    let Some(Euros(totale)) = a.valeur_totale else {
        let has_parts = parts(a).iter().any(|(_, v)| v.is_some());
        if has_parts {
            out.push(
                Finding::warning(
                    format!("{at}.valeur_totale"),
                    "achats-sans-total",
                    format!("valeur_totale est absent : aucune part (bio, EGalim) ne peut être calculée pour {annee}"),
                )
                .help("ajoutez valeur_totale, le total des achats alimentaires de l'année en € HT"),
            );
        }
        return;
    };
    let parts = [
        ("valeur_bio", a.valeur_bio),
        ("valeur_siqo", a.valeur_siqo),
        (
            "valeur_externalites_performance",
            a.valeur_externalites_performance,
        ),
        ("valeur_egalim_autres", a.valeur_egalim_autres),
        ("valeur_viandes_volailles", a.valeur_viandes_volailles),
        ("valeur_produits_de_la_mer", a.valeur_produits_de_la_mer),
    ];
    let mut part_exceeds = false;
    for (name, value) in parts {
        let Some(Euros(v)) = value else { continue };
        if v > totale {
            part_exceeds = true;
            out.push(
                Finding::error(
                    format!("{at}.{name}"),
                    "achats-depassement",
                    format!("{name} ({}) dépasse valeur_totale ({})", euros(v), euros(totale)),
                )
                .help("valeur_totale est le total de tous les achats alimentaires : corrigez l'un des deux montants"),
            );
        }
    }
    // When one part alone exceeds the total, the sum does too: say it once.
    if let Some(sum) = egalim(a)
        && sum > totale
        && !part_exceeds
    {
        out.push(
            Finding::error(
                format!("{at}.valeur_totale"),
                "egalim-depassement",
                format!(
                    "la somme des achats EGalim (bio + siqo + externalités + autres = {}) dépasse \
                     valeur_totale ({})",
                    euros(sum),
                    euros(totale)
                ),
            )
            .help(
                "chaque produit ne se compte qu'une fois : valeur_siqo exclut le bio, \
                 valeur_egalim_autres exclut le bio et les SIQO",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::ACHATS;
    use crate::validate::test_support::{codes, run, set_amount as set, with_achats};

    const AT: &str = "bilans[0].achats";

    #[test]
    fn consistent_amounts_pass() {
        assert!(run(check, &with_achats(ACHATS)).is_empty());
        // Equal to the total is allowed.
        assert!(run(check, &set("valeur_viandes_volailles", "182000.5")).is_empty());
    }

    #[test]
    fn amounts_are_not_negative() {
        let found = run(check, &set("valeur_siqo", "-12.5"));
        assert_eq!(
            codes(&found),
            vec![(
                "montant-negatif",
                format!("{AT}.valeur_siqo"),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "valeur_siqo est négatif (-12,50\u{a0}€) : un montant d'achats est positif ou nul"
        );
        assert!(run(check, &set("valeur_siqo", "-0")).is_empty());
    }

    #[test]
    fn at_most_two_decimals() {
        let found = run(check, &set("valeur_bio", "31000.125"));
        assert_eq!(
            codes(&found),
            vec![(
                "montant-decimales",
                format!("{AT}.valeur_bio"),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("arrondissez au centime : 31000.13")
        );
        // Trailing zeros are not decimals.
        assert!(run(check, &set("valeur_bio", "31000.500")).is_empty());
    }

    #[test]
    fn each_part_at_most_the_total() {
        for field in [
            "valeur_bio",
            "valeur_siqo",
            "valeur_externalites_performance",
            "valeur_egalim_autres",
            "valeur_viandes_volailles",
            "valeur_produits_de_la_mer",
        ] {
            let found = run(check, &set(field, "200000"));
            let c = codes(&found);
            assert_eq!(
                c[0],
                (
                    "achats-depassement",
                    format!("{AT}.{field}"),
                    Severity::Error
                ),
                "{field}"
            );
            assert_eq!(
                found[0].message,
                format!(
                    "{field} (200\u{a0}000\u{a0}€) dépasse valeur_totale (182\u{a0}000,50\u{a0}€)"
                )
            );
            // The EGalim sum is then not reported a second time.
            assert!(
                !c.iter().any(|(code, ..)| *code == "egalim-depassement"),
                "{field}"
            );
        }
    }

    #[test]
    fn egalim_sum_at_most_the_total() {
        // 100 000 + 50 000 + 0 + 40 000 = 190 000 > 182 000,50, each part below.
        let trop = with_achats(
            &ACHATS
                .replace("31000", "100000")
                .replace("12000", "50000")
                .replace("9000", "40000"),
        );
        let found = run(check, &trop);
        assert_eq!(
            codes(&found),
            vec![(
                "egalim-depassement",
                format!("{AT}.valeur_totale"),
                Severity::Error
            )]
        );
        assert!(
            found[0]
                .message
                .contains("= 190\u{a0}000\u{a0}€) dépasse valeur_totale (182\u{a0}000,50\u{a0}€)")
        );
    }

    #[test]
    fn missing_total_is_a_warning() {
        let sans_total = with_achats("      valeur_bio: 100\n");
        assert_eq!(
            codes(&run(check, &sans_total)),
            vec![(
                "achats-sans-total",
                format!("{AT}.valeur_totale"),
                Severity::Warning
            )]
        );
    }
}
