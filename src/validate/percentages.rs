//! Amounts typed as percentages (content/methodologie.md, « Les contrôles
//! des déclarations »). A contributor who reads « 24,7 % de bio » on an
//! invoice summary may type `valeur_bio: 24.7` beside a real total; the
//! shares computed from such amounts are near 0 % and would be published
//! as true. Two shapes are errors:
//!
//! - **parts in percentages**: `valeur_totale` above 100 €, every other
//!   amount at most 100, at least one above 0, all of them together less
//!   than 1 % of `valeur_totale` and, when `nombre_repas_an` is known,
//!   less than one cent per meal;
//! - **everything in percentages**: `valeur_totale` at most 100 €, at
//!   least one other amount above 0, and either `valeur_totale` is exactly
//!   100 or its cost per meal is below 0,10 € (the lowest plausible cost,
//!   see « Bilans incohérents »).
//!
//! "All the parts together" adds the four EGalim amounts and, for meat
//! and fish, the largest amount given for each family (its EGalim and
//! France amounts are within its total).

use super::FileContext;
use super::finding::{Finding, euros, nombre};
use crate::model::{Achats, Euros};
use rust_decimal::{Decimal, RoundingStrategy};

/// Largest amount that still reads as a percentage.
const PERCENT_MAX: Decimal = Decimal::ONE_HUNDRED;
/// The parts together must stay under this share of the total (1 %).
const TOTAL_SHARE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
/// The parts together must stay under this amount per meal (1 cent).
const PER_MEAL: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
/// A yearly total under this cost per meal is not a total in euros (10 cents).
const COST_MIN: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// The amounts other than the total, by field name, in file order.
pub(crate) fn parts(a: &Achats) -> [(&'static str, Option<Euros>); 10] {
    [
        ("valeur_bio", a.valeur_bio),
        ("valeur_siqo", a.valeur_siqo),
        (
            "valeur_externalites_performance",
            a.valeur_externalites_performance,
        ),
        ("valeur_egalim_autres", a.valeur_egalim_autres),
        ("valeur_viandes_volailles", a.valeur_viandes_volailles),
        (
            "valeur_viandes_volailles_egalim",
            a.valeur_viandes_volailles_egalim,
        ),
        (
            "valeur_viandes_volailles_france",
            a.valeur_viandes_volailles_france,
        ),
        ("valeur_produits_de_la_mer", a.valeur_produits_de_la_mer),
        (
            "valeur_produits_de_la_mer_egalim",
            a.valeur_produits_de_la_mer_egalim,
        ),
        (
            "valeur_produits_de_la_mer_france",
            a.valeur_produits_de_la_mer_france,
        ),
    ]
}

/// All the parts together: the four EGalim amounts, plus the largest
/// amount of each family (meat, fish).
fn together(a: &Achats) -> Decimal {
    let v = |e: Option<Euros>| e.map_or(Decimal::ZERO, |e| e.0);
    let family = |xs: [Option<Euros>; 3]| xs.into_iter().map(v).max().unwrap_or_default();
    v(a.valeur_bio)
        + v(a.valeur_siqo)
        + v(a.valeur_externalites_performance)
        + v(a.valeur_egalim_autres)
        + family([
            a.valeur_viandes_volailles,
            a.valeur_viandes_volailles_egalim,
            a.valeur_viandes_volailles_france,
        ])
        + family([
            a.valeur_produits_de_la_mer,
            a.valeur_produits_de_la_mer_egalim,
            a.valeur_produits_de_la_mer_france,
        ])
}

/// The parts above 0, in file order.
fn nonzero(a: &Achats) -> Vec<(&'static str, Decimal)> {
    parts(a)
        .into_iter()
        .filter_map(|(name, v)| v.map(|e| (name, e.0)))
        .filter(|(_, v)| *v > Decimal::ZERO)
        .collect()
}

/// Whether the parts are percentages beside a real total.
pub(crate) fn parts_in_percent(a: &Achats, repas_an: Option<u32>) -> bool {
    let Some(Euros(total)) = a.valeur_totale else {
        return false;
    };
    let all_small = parts(a)
        .iter()
        .all(|(_, v)| v.is_none_or(|e| e.0 <= PERCENT_MAX));
    let sum = together(a);
    total > PERCENT_MAX
        && all_small
        && !nonzero(a).is_empty()
        && sum < total * TOTAL_SHARE
        && repas_an.is_none_or(|n| sum < Decimal::from(n) * PER_MEAL)
}

/// Whether every amount, the total included, is a percentage.
pub(crate) fn all_in_percent(a: &Achats, repas_an: Option<u32>) -> bool {
    let Some(Euros(total)) = a.valeur_totale else {
        return false;
    };
    let cheap = repas_an.is_some_and(|n| n > 0 && total < Decimal::from(n) * COST_MIN);
    total <= PERCENT_MAX && !nonzero(a).is_empty() && (total == PERCENT_MAX || cheap)
}

/// `percent` % of `total`, rounded to the cent (halves away from zero).
fn share_of(percent: Decimal, total: Decimal) -> Decimal {
    (percent * total / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// "24,7 %".
fn percent(v: Decimal) -> String {
    format!("{}\u{a0}%", nombre(v))
}

fn parts_finding(a: &Achats, total: Decimal, at: &str) -> Option<Finding> {
    let nonzero = nonzero(a);
    let (first, value) = *nonzero.first()?;
    let mut message = format!(
        "{first} vaut {} alors que valeur_totale vaut {} : c'est probablement un pourcentage \
         ({}) saisi à la place d'un montant en euros HT",
        value.normalize(),
        euros(total),
        percent(value)
    );
    if nonzero.len() > 1 {
        let others: Vec<String> = nonzero[1..]
            .iter()
            .map(|(name, v)| format!("{name} ({})", nombre(*v)))
            .collect();
        message.push_str(&format!(", de même que {}", others.join(", ")));
    }
    let conversions: Vec<String> = nonzero
        .iter()
        .map(|(name, v)| {
            let e = share_of(*v, total);
            format!(
                "{} de {} = {} → « {name}: {} »",
                percent(*v),
                euros(total),
                euros(e),
                e.normalize()
            )
        })
        .collect();
    let help = format!(
        "indiquez les montants en euros HT : {} (vérifiez-les sur vos factures)",
        conversions.join(" ; ")
    );
    let mut finding =
        Finding::error(format!("{at}.{first}"), "montants-en-pourcentages", message).help(help);
    for (name, v) in nonzero {
        let e = share_of(v, total);
        finding = finding.fix_value(format!("{at}.{name}"), e.normalize().to_string());
    }
    Some(finding)
}

fn all_finding(a: &Achats, total: Decimal, at: &str) -> Finding {
    let shown: Vec<String> = nonzero(a)
        .iter()
        .map(|(name, v)| format!("{name} : {}", nombre(*v)))
        .collect();
    Finding::error(
        format!("{at}.valeur_totale"),
        "montants-en-pourcentages",
        format!(
            "valeur_totale vaut {} et les autres montants sont du même ordre ({}) : tous les \
             montants semblent être des pourcentages, alors que achats attend les montants en \
             euros HT de l'année",
            total.normalize(),
            shown.join(", ")
        ),
    )
    .help(
        "indiquez dans valeur_totale le total des achats alimentaires de l'année en € HT \
         (ex. « valeur_totale: 98450.75 »), puis chaque montant en € HT (ex. pour 24,7 % de \
         bio : 24,7 % de 98 450,75 € = 24 317,34 € → « valeur_bio: 24317.34 »)",
    )
}

/// Runs the rule on every bilan with purchases.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let repas_an = ctx.decl.nombre_repas_an;
    for (i, bilan) in ctx.decl.bilans.iter().enumerate() {
        let Some(a) = bilan.achats.as_deref() else {
            continue;
        };
        let Some(Euros(total)) = a.valeur_totale else {
            continue;
        };
        let at = format!("bilans[{i}].achats");
        if parts_in_percent(a, repas_an) {
            out.extend(parts_finding(a, total, &at));
        } else if all_in_percent(a, repas_an) {
            out.push(all_finding(a, total, &at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run};

    const AT: &str = "bilans[0].achats";

    /// [`VALIDE`] (17 000 meals a year) with `repas` meals and these amounts.
    fn bilan(repas: Option<u32>, achats: &str) -> String {
        let identite = match repas {
            Some(n) => VALIDE.replace("nombre_repas_an: 17000", &format!("nombre_repas_an: {n}")),
            None => VALIDE.replace("nombre_repas_an: 17000\n", ""),
        };
        let lignes: String = achats
            .split(", ")
            .map(|kv| format!("      {kv}\n"))
            .collect();
        format!("{identite}bilans:\n  - annee: 2024\n    achats:\n{lignes}")
    }

    const ISSUE: &str = "valeur_totale: 98450.75, valeur_bio: 24.7, valeur_siqo: 11.4, \
                         valeur_egalim_autres: 8.3";

    #[test]
    fn the_issue_example_is_an_error_with_the_euro_amounts() {
        let found = run(check, &bilan(Some(17000), ISSUE));
        assert_eq!(
            codes(&found),
            vec![(
                "montants-en-pourcentages",
                format!("{AT}.valeur_bio"),
                Severity::Error
            )]
        );
        assert_eq!(
            found[0].message,
            "valeur_bio vaut 24.7 alors que valeur_totale vaut 98\u{a0}450,75\u{a0}€ : c'est \
             probablement un pourcentage (24,7\u{a0}%) saisi à la place d'un montant en euros HT, \
             de même que valeur_siqo (11,4), valeur_egalim_autres (8,3)"
        );
        let help = found[0].help.clone().unwrap_or_default();
        assert!(
            help.contains(
                "24,7\u{a0}% de 98\u{a0}450,75\u{a0}€ = 24\u{a0}317,34\u{a0}€ → « valeur_bio: 24317.34 »"
            ),
            "{help}"
        );
        // 11,4 % of 98 450,75 € = 11 223,3855 €; 8,3 % = 8 171,41225 €.
        let fixes: Vec<(String, String)> =
            found[0].fix.iter().flat_map(|f| f.values.clone()).collect();
        assert_eq!(
            fixes,
            vec![
                (format!("{AT}.valeur_bio"), "24317.34".into()),
                (format!("{AT}.valeur_siqo"), "11223.39".into()),
                (format!("{AT}.valeur_egalim_autres"), "8171.41".into()),
            ]
        );
    }

    #[test]
    fn real_amounts_pass() {
        let euros = "valeur_totale: 98450.75, valeur_bio: 24317.34, valeur_siqo: 11223.39";
        assert!(run(check, &bilan(Some(17000), euros)).is_empty());
        let zeros = "valeur_totale: 98450.75, valeur_bio: 0, valeur_siqo: 0";
        assert!(run(check, &bilan(Some(17000), zeros)).is_empty());
        assert!(run(check, &bilan(Some(17000), "valeur_totale: 98450.75")).is_empty());
    }

    #[test]
    fn each_part_at_most_100() {
        let at = |bio: &str| {
            let achats = format!("valeur_totale: 98450.75, valeur_bio: {bio}");
            !run(check, &bilan(None, &achats)).is_empty()
        };
        assert!(at("100"));
        assert!(!at("100.01"));
        // Meat counts too: 101 € of meat is not a percentage.
        let viande = "valeur_totale: 98450.75, valeur_bio: 20, valeur_viandes_volailles: 101";
        assert!(run(check, &bilan(None, viande)).is_empty());
        let viande = "valeur_totale: 98450.75, valeur_bio: 20, valeur_viandes_volailles: 30";
        assert!(!run(check, &bilan(None, viande)).is_empty());
    }

    #[test]
    fn parts_under_1_percent_of_the_total() {
        // 24.7 + 11.4 + 8.3 = 44.4 € : 1 % of 4 440 €.
        let at = |total: &str| {
            let achats = format!(
                "valeur_totale: {total}, valeur_bio: 24.7, valeur_siqo: 11.4, \
                 valeur_egalim_autres: 8.3"
            );
            !run(check, &bilan(None, &achats)).is_empty()
        };
        assert!(!at("4440"));
        assert!(at("4440.01"));
    }

    #[test]
    fn parts_under_one_cent_per_meal() {
        // 44.4 € are one cent per meal for 4 440 meals.
        let at = |repas: u32| !run(check, &bilan(Some(repas), ISSUE)).is_empty();
        assert!(!at(4440));
        assert!(at(4441));
        // Unknown meal count: the other conditions decide.
        assert!(!run(check, &bilan(None, ISSUE)).is_empty());
    }

    #[test]
    fn everything_in_percentages() {
        let tout = "valeur_totale: 100, valeur_bio: 24.7, valeur_siqo: 11.4";
        let found = run(check, &bilan(Some(17000), tout));
        assert_eq!(
            codes(&found),
            vec![(
                "montants-en-pourcentages",
                format!("{AT}.valeur_totale"),
                Severity::Error
            )]
        );
        assert!(found[0].message.starts_with(
            "valeur_totale vaut 100 et les autres montants sont du même ordre (valeur_bio : \
             24,7, valeur_siqo : 11,4) : tous les montants semblent être des pourcentages"
        ));
        // Exactly 100: an error whatever the meal count.
        assert!(!run(check, &bilan(Some(420), tout)).is_empty());
        assert!(!run(check, &bilan(None, tout)).is_empty());
        // Under 100: when its cost per meal is under 0,10 €.
        let at = |repas: Option<u32>| {
            let achats = "valeur_totale: 99, valeur_bio: 24.7";
            !run(check, &bilan(repas, achats)).is_empty()
        };
        assert!(!at(Some(990)));
        assert!(at(Some(991)));
        assert!(!at(None));
        // No part above 0: nothing to say (the cost rule warns).
        assert!(
            run(
                check,
                &bilan(Some(17000), "valeur_totale: 100, valeur_bio: 0")
            )
            .is_empty()
        );
    }
}
