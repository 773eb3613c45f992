//! Cost of food per meal and the "aberrant" flag (SPEC §4.4).

use rust_decimal::{Decimal, RoundingStrategy};

/// Above this cost per meal (€), a bilan whose total also exceeds
/// [`ABERRANT_TOTAL_EUROS`] is flagged as aberrant.
pub const ABERRANT_COUT_MAX_EUROS: Decimal = Decimal::from_parts(20, 0, 0, false, 0);
/// Total purchases (€) above which a high cost per meal is aberrant.
pub const ABERRANT_TOTAL_EUROS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Below this cost per meal (€ 0.10) a bilan is aberrant.
pub const ABERRANT_COUT_MIN_EUROS: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// `cout_repas = totale / nombre_repas_an`, rounded half-even to 2
/// decimals. Unknown when either is missing or the meal count is 0.
pub fn cout_repas(totale: Option<Decimal>, repas_an: Option<u32>) -> Option<Decimal> {
    let repas = Decimal::from(repas_an.filter(|n| *n > 0)?);
    let cout = totale?.checked_div(repas)?;
    Some(cout.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven))
}

/// A bilan is aberrant when `cout_repas > 20 € and totale > 1 000 000 €`,
/// or `cout_repas < 0.10 €` (SPEC §4.4).
pub fn est_aberrant(cout_repas: Decimal, totale: Decimal) -> bool {
    (cout_repas > ABERRANT_COUT_MAX_EUROS && totale > ABERRANT_TOTAL_EUROS)
        || cout_repas < ABERRANT_COUT_MIN_EUROS
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn cost_per_meal() {
        // 182 000.50 € for 17 000 meals: 10.7059… → 10.71 €.
        assert_eq!(
            cout_repas(Some(d("182000.50")), Some(17000)),
            Some(d("10.71"))
        );
        assert_eq!(cout_repas(Some(d("100")), Some(0)), None);
        assert_eq!(cout_repas(None, Some(100)), None);
    }

    #[test]
    fn aberrant_rules() {
        // 25 € per meal over 2 M€: aberrant.
        assert!(est_aberrant(d("25"), d("2000000")));
        // 25 € per meal but a small total: plausible (e.g. a clinic).
        assert!(!est_aberrant(d("25"), d("500000")));
        // Exactly 20 € is not above 20 €.
        assert!(!est_aberrant(d("20"), d("2000000")));
        // 9 cents a meal: aberrant; 10 cents: not.
        assert!(est_aberrant(d("0.09"), d("1000")));
        assert!(!est_aberrant(d("0.10"), d("1000")));
    }
}
