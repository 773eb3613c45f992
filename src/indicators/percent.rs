//! From exact shares to the percentages citizens read (SPEC §4.1).
//!
//! Two roundings, each applied once, in this order:
//! - **exports and judgements**: `round_half_even(100 × share, 2)`, the
//!   "2-decimal percentage" of the open-data files, on which the objectives
//!   are judged;
//! - **pages**: that 2-decimal percentage truncated to one decimal (19.94
//!   → "19,9 %"; "20 %" rather than "20,0 %"), and "< 0,1 %" for a
//!   percentage strictly between 0 and 0.1.
//!
//! Pages truncate the exported value, not the exact share, so that any
//! figure on a page can be recomputed from the downloadable files. They
//! truncate rather than round so that a shown value never contradicts its
//! verdict: every threshold of the law is a whole percent, so a 2-decimal
//! percentage reaches a threshold exactly when its truncation to one
//! decimal does (content/methodologie.md, « Les arrondis »).

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

/// How a share is shown on a page: its exported percentage ([`pct`])
/// truncated to one decimal ("19,9 %", "20 %"), or "< 0,1 %" when it lies
/// strictly between 0 and 0.1. The space before "%" is a no-break space.
pub fn pct_affiche(share: Decimal) -> String {
    affiche_pourcentage(pct(share))
}

/// How a percentage (already in percent, e.g. an exported 2-decimal value)
/// is shown on a page: see [`pct_affiche`]. The decimal is dropped when it
/// is 0; the decimal separator is a comma.
pub fn affiche_pourcentage(pourcentage: Decimal) -> String {
    let dixieme = Decimal::new(1, 1);
    if pourcentage > Decimal::ZERO && pourcentage < dixieme {
        return format!("<{ESPACE_INSECABLE}0,1{ESPACE_INSECABLE}%");
    }
    let tronque = pourcentage.round_dp_with_strategy(1, RoundingStrategy::ToZero);
    let texte = tronque.normalize().to_string().replace('.', ",");
    format!("{texte}{ESPACE_INSECABLE}%")
}

/// Appends `value.normalize().to_string()` to `out` without allocating:
/// trailing zeros of the fraction dropped, no sign on zero, no exponent.
pub fn ecrire_decimal(out: &mut Vec<u8>, value: Decimal) {
    let mut m = value.mantissa();
    let mut scale = value.scale() as usize;
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    if m == 0 {
        out.push(b'0');
        return;
    }
    if m < 0 {
        out.push(b'-');
    }
    // At most 29 digits (a 96-bit mantissa).
    let mut digits = [0u8; 40];
    let mut n = m.unsigned_abs();
    let mut start = digits.len();
    while n > 0 {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let digits = &digits[start..];
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (entier, fraction) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(entier);
        out.push(b'.');
        out.extend_from_slice(fraction);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

/// The normalised mantissa and scale of `value` when [`serialise_decimal`]
/// writes it as a JSON number whose text is the decimal's own: an integer
/// that fits an `i64` (scale 0), or at most 15 significant digits and 1 to
/// 4 decimals, which a binary float holds exactly enough for both Rust's
/// and JSON's shortest renderings to give back the same digits, without
/// an exponent.
fn nombre_json(value: Decimal) -> Option<(i128, u32)> {
    let mut m = value.mantissa();
    let mut scale = value.scale();
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    if scale == 0 {
        i64::try_from(m).ok()?;
        return Some((m, 0));
    }
    (scale <= 4 && m.unsigned_abs() < 1_000_000_000_000_000).then_some((m, scale))
}

/// Powers of ten for [`nombre_json`]'s scales (exact in a binary float).
const PUISSANCES_DIX: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];

/// Appends the JSON that [`serialise_decimal`] writes for `value` through
/// `serde_json`, without `serde_json`: the same bytes.
pub fn ecrire_decimal_json(out: &mut Vec<u8>, value: Decimal) {
    match nombre_json(value) {
        // The number's text is the normalised decimal (see `nombre_json`).
        Some(_) => ecrire_decimal(out, value),
        None => {
            let json = serde_json::to_vec(&Exact(value)).unwrap_or_default();
            out.extend_from_slice(&json);
        }
    }
}

/// [`ecrire_decimal_json`] of an optional value: unknown is `null`.
pub fn ecrire_decimal_json_opt(out: &mut Vec<u8>, value: Option<Decimal>) {
    match value {
        Some(v) => ecrire_decimal_json(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

/// A decimal serialised by [`serialise_decimal`].
struct Exact(Decimal);

impl serde::Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialise_decimal(&self.0, s)
    }
}

/// Writes an exact decimal as a JSON number when a binary float renders it
/// with the same digits (always the case for 2-decimal percentages), and as
/// a string otherwise, so that no digit is ever changed on the way out.
pub fn serialise_decimal<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    // The common case without text: an integer, or a few decimals that the
    // float `m / 10^scale` (correctly rounded) renders with the same digits.
    match nombre_json(*value) {
        Some((m, 0)) => {
            if let Ok(i) = i64::try_from(m) {
                return s.serialize_i64(i);
            }
        }
        Some((m, scale)) => {
            if let Some(p) = PUISSANCES_DIX.get(scale as usize) {
                // |m| < 10^15 < 2^53: exact as a float.
                return s.serialize_f64(m as f64 / p);
            }
        }
        None => {}
    }
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
    fn pages_show_one_decimal_truncated() {
        assert_eq!(shown("19.94"), "19,9 %");
        assert_eq!(shown("19.99"), "19,9 %");
        assert_eq!(shown("20"), "20 %");
        assert_eq!(shown("20.00"), "20 %");
        assert_eq!(shown("20.09"), "20 %");
        assert_eq!(shown("20.1"), "20,1 %");
        assert_eq!(shown("2.5"), "2,5 %");
        assert_eq!(shown("0.09"), "< 0,1 %");
        assert_eq!(shown("0.01"), "< 0,1 %");
        assert_eq!(shown("0.1"), "0,1 %");
        assert_eq!(shown("0"), "0 %");
        assert_eq!(shown("99.99"), "99,9 %");
        assert_eq!(shown("100"), "100 %");
        assert_eq!(shown("1234.5"), "1234,5 %");
    }

    #[test]
    fn a_shown_value_reaches_a_whole_threshold_exactly_when_the_exported_one_does() {
        // Every hundredth of a point from 0 to 100, against every whole
        // threshold: the shown digits never contradict the verdict.
        for centiemes in 0..=10_000i64 {
            let p = Decimal::new(centiemes, 2);
            let texte = shown(&p.to_string());
            let montre = texte
                .trim_end_matches(" %")
                .trim_start_matches("< ")
                .replace(',', ".");
            let montre = d(&montre);
            for seuil in 1..=100i64 {
                let seuil = Decimal::from(seuil);
                assert_eq!(
                    montre >= seuil,
                    p >= seuil,
                    "{p} shown {texte}, seuil {seuil}"
                );
            }
        }
    }

    #[test]
    fn pages_truncate_the_exported_value() {
        // 0.199951 → exported 20.00 (half-even) → shown 20 %, as a citizen
        // recomputes it from the export, and judged reached, as the export.
        assert_eq!(pct(d("0.199951")), d("20.00"));
        assert_eq!(
            pct_affiche(d("0.199951")).replace(ESPACE_INSECABLE, " "),
            "20 %"
        );
        // 0.19994 → exported 19.99 → shown 19,9 %.
        assert_eq!(
            pct_affiche(d("0.19994")).replace(ESPACE_INSECABLE, " "),
            "19,9 %"
        );
        // 0.0004 → 0.04 % → "< 0,1 %"; 0.00004 → 0.00 % → "0 %".
        assert_eq!(
            pct_affiche(d("0.0004")).replace(ESPACE_INSECABLE, " "),
            "< 0,1 %"
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

    /// The former [`serialise_decimal`], all through text: the reference.
    fn serialise_ancien<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let text = value.normalize().to_string();
        match (text.parse::<i64>(), text.parse::<f64>()) {
            (Ok(i), _) => s.serialize_i64(i),
            (_, Ok(f)) if f.to_string() == text => s.serialize_f64(f),
            _ => s.serialize_str(&text),
        }
    }

    #[derive(serde::Serialize)]
    struct Ancien(#[serde(serialize_with = "serialise_ancien")] Decimal);

    #[derive(serde::Serialize)]
    struct Nouveau(#[serde(serialize_with = "serialise_decimal")] Decimal);

    /// Every way of writing `v` gives the former bytes.
    fn compare(v: Decimal) {
        let attendu = serde_json::to_string(&Ancien(v)).unwrap_or_default();
        assert_eq!(
            serde_json::to_string(&Nouveau(v)).unwrap_or_default(),
            attendu,
            "{v:?}"
        );
        let mut json = Vec::new();
        ecrire_decimal_json(&mut json, v);
        assert_eq!(String::from_utf8_lossy(&json), attendu, "{v:?}");
        let mut texte = Vec::new();
        ecrire_decimal(&mut texte, v);
        assert_eq!(
            String::from_utf8_lossy(&texte),
            v.normalize().to_string(),
            "{v:?}"
        );
    }

    #[test]
    fn fast_decimal_writing_gives_the_former_bytes() {
        for s in [
            "0",
            "-0",
            "0.00",
            "-0.000",
            "1",
            "-1",
            "10",
            "100.00",
            "12.30",
            "-12.30",
            "0.5",
            "0.05",
            "0.005",
            "0.0005",
            "0.00005",
            "0.000005",
            "0.0000001",
            "99.99",
            "33.33",
            "66.67",
            "50.005",
            "1234567.89",
            "-0.01",
            "0.1234567890123456789",
            "999999999999999.9",
            "99999999999999.9",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "100000000000000000000",
            "1e-4",
            "123456789012345.6",
            "12345678901234.56",
            "0.1",
            "0.2",
            "0.3",
            "1.1",
            "2.675",
            "1.005",
        ] {
            let v = Decimal::from_scientific(s)
                .or_else(|_| Decimal::from_str(s))
                .unwrap_or_else(|_| panic!("{s}"));
            compare(v);
            compare(-v);
        }
        // Every 2-decimal percentage from -100 to 200 %, with and without
        // trailing zeros, and rounded shares as `pct` makes them.
        for n in -10_000i64..=20_000 {
            compare(Decimal::new(n, 2));
            compare(Decimal::new(n * 10, 3));
            compare(Decimal::new(n, 0));
            compare(pct(Decimal::new(n * 7 + 3, 5)));
        }
        // Mantissas of every size at every scale (a deterministic sweep).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let chiffres = (x % 20) as u32;
            let m = i64::try_from((x >> 8) % 10u64.pow(chiffres).max(1)).unwrap_or(0);
            let scale = ((x >> 40) % 29) as u32;
            let signe = if x & 1 == 0 { 1 } else { -1 };
            compare(Decimal::new(signe * m, scale));
        }
    }
}
