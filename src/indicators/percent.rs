//! From exact shares to the percentages citizens read (SPEC §4.1).
//!
//! Two roundings, each applied once, in this order:
//! - **exports and judgements**: `round_half_even(100 × share, 2)`, the
//!   "2-decimal percentage" of the open-data files, on which the objectives
//!   are judged;
//! - **pages**: that 2-decimal percentage rounded half-up to a whole
//!   percent, and "< 1 %" for a percentage strictly between 0 and 0.5.
//!
//! Pages round the exported value, not the exact share, so that any figure
//! on a page can be recomputed from the downloadable files.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serializer;

/// No-break space, between a number and "%" in French typography, so that
/// "%" never starts a line.
pub const ESPACE_INSECABLE: char = '\u{a0}';

/// The exported percentage of a share: `round_half_even(100 × share, 2)`.
pub fn pct(share: Decimal) -> Decimal {
    (share * Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// [`pct`] of an optional share: unknown stays unknown.
pub fn pct_opt(share: Option<Decimal>) -> Option<Decimal> {
    share.map(pct)
}

/// How a share is shown on a page: its exported percentage ([`pct`]) as a
/// whole percent rounded half-up ("3 %"), or "< 1 %" when it lies strictly
/// between 0 and 0.5. The space before "%" is a no-break space.
pub fn pct_affiche(share: Decimal) -> String {
    affiche_pourcentage(pct(share))
}

/// How a percentage (already in percent, e.g. an exported 2-decimal value)
/// is shown on a page: see [`pct_affiche`].
pub fn affiche_pourcentage(pourcentage: Decimal) -> String {
    let demi = Decimal::new(5, 1);
    if pourcentage > Decimal::ZERO && pourcentage < demi {
        return format!("<{ESPACE_INSECABLE}1{ESPACE_INSECABLE}%");
    }
    let entier = pourcentage.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    match rust_decimal::prelude::ToPrimitive::to_i64(&entier) {
        Some(n) => format!("{n}{ESPACE_INSECABLE}%"),
        None => format!("{}{ESPACE_INSECABLE}%", entier.normalize()),
    }
}

/// Writes an exact decimal as a JSON number when a binary float renders it
/// with the same digits (always the case for 2-decimal percentages), and as
/// a string otherwise, so that no digit is ever changed on the way out.
pub fn serialise_decimal<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let text = value.normalize().to_string();
    match (text.parse::<i64>(), text.parse::<f64>()) {
        (Ok(i), _) => s.serialize_i64(i),
        (_, Ok(f)) if f.to_string() == text => s.serialize_f64(f),
        _ => s.serialize_str(&text),
    }
}

/// [`serialise_decimal`] for an optional value: unknown is `null`.
pub fn serialise_decimal_opt<S: Serializer>(
    value: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialise_decimal(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
    }

    fn shown(pourcentage: &str) -> String {
        affiche_pourcentage(d(pourcentage)).replace(ESPACE_INSECABLE, " ")
    }

    #[test]
    fn exported_percentages_round_half_even() {
        // 0.12345 → 12.345 % → 12.34 (the 4 is even); 0.12355 → 12.36.
        assert_eq!(pct(d("0.12345")), d("12.34"));
        assert_eq!(pct(d("0.12355")), d("12.36"));
        // Not a tie: ordinary rounding.
        assert_eq!(pct(d("0.123451")), d("12.35"));
        // 31 000 / 182 000.50 = 0.170329…
        assert_eq!(pct(d("31000") / d("182000.50")), d("17.03"));
        assert_eq!(pct(Decimal::ONE), d("100"));
        assert_eq!(pct_opt(None), None);
    }

    #[test]
    fn pages_show_whole_percents_half_up() {
        assert_eq!(shown("2.5"), "3 %");
        assert_eq!(shown("3.5"), "4 %");
        assert_eq!(shown("2.49"), "2 %");
        assert_eq!(shown("0.4"), "< 1 %");
        assert_eq!(shown("0.01"), "< 1 %");
        assert_eq!(shown("0.5"), "1 %");
        assert_eq!(shown("0"), "0 %");
        assert_eq!(shown("100"), "100 %");
        assert_eq!(shown("99.5"), "100 %");
    }

    #[test]
    fn pages_round_the_exported_value() {
        // 0.024951 → exported 2.50 → shown 3 %, as a citizen recomputes it
        // from the export (rounding the exact 2.4951 would give 2 %).
        assert_eq!(pct(d("0.024951")), d("2.50"));
        assert_eq!(
            pct_affiche(d("0.024951")).replace(ESPACE_INSECABLE, " "),
            "3 %"
        );
        // 0.004 → 0.40 % → "< 1 %"; 0.00004 → 0.00 % → "0 %".
        assert_eq!(
            pct_affiche(d("0.004")).replace(ESPACE_INSECABLE, " "),
            "< 1 %"
        );
        assert_eq!(
            pct_affiche(d("0.00004")).replace(ESPACE_INSECABLE, " "),
            "0 %"
        );
    }

    #[test]
    fn decimals_are_written_with_their_exact_digits() {
        #[derive(serde::Serialize)]
        struct T {
            #[serde(serialize_with = "serialise_decimal")]
            a: Decimal,
            #[serde(serialize_with = "serialise_decimal_opt")]
            b: Option<Decimal>,
            #[serde(serialize_with = "serialise_decimal_opt")]
            c: Option<Decimal>,
            #[serde(serialize_with = "serialise_decimal")]
            e: Decimal,
        }
        let t = T {
            a: d("12.30"),
            b: None,
            c: Some(d("50")),
            e: d("0.1234567890123456789"),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap_or_default(),
            r#"{"a":12.3,"b":null,"c":50,"e":"0.1234567890123456789"}"#
        );
    }
}
