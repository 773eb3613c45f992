//! Meat and fish purchases (SPEC §4.1, §6): `_egalim` and `_france` within
//! their family total, and the EGalim meat and fish within the EGalim sum
//! (they are part of it).

use super::FileContext;
use super::amounts::egalim;
use super::finding::{Finding, euros};
use crate::model::{Achats, Euros};
use rust_decimal::Decimal;

/// Runs the meat and fish rules on every bilan with `achats`.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, bilan) in ctx.decl.bilans.iter().enumerate() {
        // A negative amount is an error of its own (`amounts.rs`); sums
        // with it would only repeat it.
        if let Some(achats) = &bilan.achats
            && !super::percentages::parts(achats)
                .iter()
                .any(|(_, v)| v.is_some_and(|e| e.0.is_sign_negative()))
        {
            check_families(achats, &format!("bilans[{i}].achats"), out);
        }
    }
}

/// Meat and fish: `_egalim` and `_france` <= their family total, and
/// `vv_egalim + pm_egalim` <= the EGalim sum.
fn check_families(a: &Achats, at: &str, out: &mut Vec<Finding>) {
    let families = [
        (
            "valeur_viandes_volailles",
            a.valeur_viandes_volailles,
            [
                (
                    "valeur_viandes_volailles_egalim",
                    a.valeur_viandes_volailles_egalim,
                ),
                (
                    "valeur_viandes_volailles_france",
                    a.valeur_viandes_volailles_france,
                ),
            ],
        ),
        (
            "valeur_produits_de_la_mer",
            a.valeur_produits_de_la_mer,
            [
                (
                    "valeur_produits_de_la_mer_egalim",
                    a.valeur_produits_de_la_mer_egalim,
                ),
                (
                    "valeur_produits_de_la_mer_france",
                    a.valeur_produits_de_la_mer_france,
                ),
            ],
        ),
    ];
    for (family, total, subs) in families {
        let Some(Euros(total)) = total else { continue };
        for (name, value) in subs {
            let Some(Euros(v)) = value else { continue };
            if v > total {
                out.push(
                    Finding::error(
                        format!("{at}.{name}"),
                        "famille-depassement",
                        format!("{name} ({}) dépasse {family} ({})", euros(v), euros(total)),
                    )
                    .help(format!(
                        "{name} est une partie de {family} : corrigez l'un des deux montants"
                    )),
                );
            }
        }
    }
    let vv = a.valeur_viandes_volailles_egalim;
    let pm = a.valeur_produits_de_la_mer_egalim;
    if let Some(sum) = egalim(a)
        && (vv.is_some() || pm.is_some())
    {
        let meat_fish: Decimal = [vv, pm].iter().flatten().map(|e| e.0).sum();
        if meat_fish > sum {
            let path = if vv.is_some() {
                "valeur_viandes_volailles_egalim"
            } else {
                "valeur_produits_de_la_mer_egalim"
            };
            out.push(
                Finding::error(
                    format!("{at}.{path}"),
                    "viandes-poissons-egalim",
                    format!(
                        "les viandes et poissons EGalim (valeur_viandes_volailles_egalim + \
                         valeur_produits_de_la_mer_egalim = {}) dépassent la somme des achats \
                         EGalim ({})",
                        euros(meat_fish),
                        euros(sum)
                    ),
                )
                .help(
                    "les viandes et poissons EGalim font partie des achats EGalim : comptez-les \
                     aussi dans valeur_bio, valeur_siqo, valeur_externalites_performance ou \
                     valeur_egalim_autres",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{ACHATS, codes, run, set_amount as set, with_achats};

    const AT: &str = "bilans[0].achats";

    #[test]
    fn example_purchases_pass() {
        assert!(run(check, &with_achats(ACHATS)).is_empty());
        // A part equal to its family total is allowed.
        assert!(run(check, &set("valeur_viandes_volailles_france", "40000")).is_empty());
    }

    #[test]
    fn meat_and_fish_within_their_family() {
        for (family_part, value) in [
            ("valeur_viandes_volailles_egalim", "40000.01"),
            ("valeur_viandes_volailles_france", "41000"),
            ("valeur_produits_de_la_mer_france", "8001"),
        ] {
            let found = run(check, &set(family_part, value));
            assert_eq!(
                codes(&found),
                vec![(
                    "famille-depassement",
                    format!("{AT}.{family_part}"),
                    Severity::Error
                )]
            );
        }
        let found = run(check, &set("valeur_produits_de_la_mer_egalim", "9000"));
        assert_eq!(
            codes(&found),
            vec![(
                "famille-depassement",
                format!("{AT}.valeur_produits_de_la_mer_egalim"),
                Severity::Error
            )]
        );
    }

    #[test]
    fn meat_and_fish_egalim_within_the_egalim_sum() {
        // EGalim sum 10 + 0 + 0 + 0 = 10 000; meat 15 000 + fish 3 000 = 18 000.
        let peu = with_achats(
            &ACHATS
                .replace("31000", "10000")
                .replace("12000", "0")
                .replace("9000", "0"),
        );
        let found = run(check, &peu);
        assert_eq!(
            codes(&found),
            vec![(
                "viandes-poissons-egalim",
                format!("{AT}.valeur_viandes_volailles_egalim"),
                Severity::Error
            )]
        );
        assert!(found[0].message.contains(
            "= 18\u{a0}000\u{a0}€) dépassent la somme des achats EGalim (10\u{a0}000\u{a0}€)"
        ));
    }
}
