//! Aberrant cost of food per meal (SPEC §4.4): a warning, since such a
//! bilan is then left out of the aggregates.

use super::FileContext;
use super::finding::{Finding, entier, euros};
use crate::indicators::cost::{cout_repas, est_aberrant};

/// Runs the cost-per-meal rule on every bilan with a total.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let Some(repas_an) = ctx.decl.nombre_repas_an else {
        return;
    };
    for (i, bilan) in ctx.decl.bilans.iter().enumerate() {
        let Some(achats) = bilan.achats.as_deref() else {
            continue;
        };
        let Some(totale) = achats.valeur_totale else {
            continue;
        };
        // Amounts all typed as percentages are an error of their own
        // (`percentages.rs`), which says more than an aberrant cost.
        if super::percentages::all_in_percent(achats, Some(repas_an)) {
            continue;
        }
        let Some(cout) = cout_repas(Some(totale.0), Some(repas_an)) else {
            continue;
        };
        if est_aberrant(cout, totale.0) {
            out.push(
                Finding::warning(
                    format!("bilans[{i}].achats.valeur_totale"),
                    "cout-repas-aberrant",
                    format!(
                        "coût des denrées aberrant en {} : {} par repas ({} d'achats pour {} repas par an)",
                        bilan.annee,
                        euros(cout),
                        euros(totale.0),
                        entier(repas_an)
                    ),
                )
                .help(
                    "vérifiez valeur_totale (achats alimentaires de l'année, en € HT) et \
                     nombre_repas_an ; tant qu'il est aberrant, ce bilan est exclu des statistiques",
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

    fn with_total(totale: &str) -> String {
        format!("{VALIDE}bilans:\n  - annee: 2024\n    achats:\n      valeur_totale: {totale}\n")
    }

    #[test]
    fn plausible_cost_passes() {
        // 182 000,50 € for 17 000 meals: 10,71 € a meal.
        assert!(run(check, &with_total("182000.50")).is_empty());
        // 0,10 € a meal is the lowest plausible cost.
        assert!(run(check, &with_total("1700")).is_empty());
    }

    #[test]
    fn too_cheap_a_meal_is_a_warning() {
        // 850 € for 17 000 meals: 0,05 € a meal (a total typed in thousands?).
        let found = run(check, &with_total("850"));
        assert_eq!(
            codes(&found),
            vec![(
                "cout-repas-aberrant",
                "bilans[0].achats.valeur_totale".into(),
                Severity::Warning
            )]
        );
        assert_eq!(
            found[0].message,
            "coût des denrées aberrant en 2024 : 0,05\u{a0}€ par repas (850\u{a0}€ d'achats pour \
             17\u{a0}000 repas par an)"
        );
    }

    #[test]
    fn too_expensive_a_meal_over_a_million_is_a_warning() {
        // 2 000 000 € for 17 000 meals: 117,65 € a meal.
        let found = run(check, &with_total("2000000"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "cout-repas-aberrant");
    }

    #[test]
    fn unknown_without_meal_count() {
        let sans_repas = with_total("850").replace("nombre_repas_an: 17000\n", "");
        assert!(run(check, &sans_repas).is_empty());
    }
}
