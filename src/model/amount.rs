//! Exact decimal values read from YAML: € amounts and 0..1 ratios.
//!
//! YAML numbers are read from their source text, never through `f64`, so
//! that `182000.50` is exactly 182000.50 and "at most 2 decimals" can be
//! checked exactly (SPEC §4: money is exact decimal arithmetic).

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Parses a YAML scalar as an exact decimal, with a French error message
/// whose example is the value, written so that it passes, when it can be
/// guessed ("98 450,75 €" → 98450.75).
fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let simple =
        !t.is_empty() && !t.contains(['e', 'E', ' ', ',']) && t.bytes().any(|b| b.is_ascii_digit());
    if simple && let Ok(d) = Decimal::from_str(t) {
        return Ok(d);
    }
    // "3.1e4", as a spreadsheet may write it: a number for the schema and
    // for editors, so a number here too (exactly 31000).
    let exponent = t.contains(['e', 'E']) && !t.contains([' ', ',']);
    if exponent && let Ok(d) = Decimal::from_scientific(t) {
        return Ok(d.normalize());
    }
    Err(match amount_suggestion(t) {
        Some(s) => format!("« {t} » n'est pas écrit comme un nombre : écrivez {s}"),
        None => format!("« {t} » n'est pas un nombre (ex. 1234.56)"),
    })
}

/// The characters that group digits or name the currency in an amount
/// written by hand ("98 450,75 €", "98'450.75 EUR HT").
fn strip_decorations(text: &str) -> Option<String> {
    let mut t = text.trim().to_lowercase();
    while let Some(rest) = ["€", "euros", "euro", "eur", "ht"]
        .iter()
        .find_map(|unit| t.trim_end().strip_suffix(unit))
    {
        t = rest.to_string();
    }
    let t: String = t
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' | '_'
            )
        })
        .collect();
    (!t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
    .then_some(t)
}

/// An amount written by hand, the French way or with decorations, as a
/// value that parses: "98 450,75 €" → "98450.75", "1.234,5" → "1234.5".
/// `None` when the text is not an amount (a percentage, words) or when its
/// separators are ambiguous (more than 2 decimals after a single comma).
pub fn amount_suggestion(text: &str) -> Option<String> {
    if text.contains('%') || text.to_lowercase().contains("ttc") {
        return None;
    }
    let t = strip_decorations(text)?;
    let Some(last_sep) = t.rfind(['.', ',']) else {
        return Some(t);
    };
    let (int, frac) = (&t[..last_sep], &t[last_sep + 1..]);
    let several = t.matches(['.', ',']).count() > 1;
    let mixed = t.contains('.') && t.contains(',');
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let out = if mixed || !several {
        // The last separator is the decimal one; the others group digits.
        if frac.len() > 2 && !mixed && t.contains(',') {
            return None;
        }
        format!("{}.{frac}", digits(int))
    } else {
        // "98.450.000", "1,234,567": thousands only.
        digits(&t)
    };
    let out = out.trim_start_matches('.').to_string();
    Decimal::from_str(&out)
        .ok()
        .filter(|d| !d.is_sign_negative())
        .map(|_| out)
}

/// A ratio written as a percentage or the French way, as a value between
/// 0 and 1 that parses: "26,65 %" → "0.2665", "0,25" → "0.25", "26.65" →
/// "0.2665".
pub fn ratio_suggestion(text: &str) -> Option<String> {
    let percent = text.contains('%');
    let number = amount_suggestion(&text.replace('%', ""))?;
    let mut v = Decimal::from_str(&number).ok()?;
    if percent || v > Decimal::ONE {
        v /= Decimal::ONE_HUNDRED;
    }
    (v <= Decimal::ONE).then(|| v.normalize().to_string())
}

macro_rules! decimal_newtype {
    ($(#[$meta:meta])* $name:ident, $expecting:literal, $schema:tt) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, borsh::BorshSerialize, borsh::BorshDeserialize)]
        pub struct $name(pub Decimal);

        impl $name {
            /// The exact value.
            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.normalize().fmt(f)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        parse_decimal(v).map($name).map_err(E::custom)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok($name(Decimal::from(v)))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name(Decimal::from(v)))
                    }
                }
                d.deserialize_str(V)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // Written as a YAML/JSON number with its exact digits.
                let text = self.0.normalize().to_string();
                match (text.parse::<i64>(), text.parse::<f64>()) {
                    (Ok(i), _) => s.serialize_i64(i),
                    (_, Ok(f)) if f.to_string() == text => s.serialize_f64(f),
                    _ => s.serialize_str(&text),
                }
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

decimal_newtype!(
    /// An amount in euros HT, exact, as declared (>= 0, at most 2 decimals
    /// once validated).
    Euros,
    "un montant en euros (ex. 1234.56)",
    {
        "type": "number",
        "minimum": 0,
        "multipleOf": 0.01,
        "description": "Montant en euros HT, au plus 2 décimales"
    }
);

decimal_newtype!(
    /// A ratio between 0 and 1, exact, as published by the national open data.
    Taux,
    "un taux entre 0 et 1 (ex. 0.2665)",
    {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "description": "Taux entre 0 et 1 (0.25 = 25 %)"
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_decimal("182000.50"), Ok(Decimal::new(18200050, 2)));
        assert_eq!(parse_decimal("0.1"), Ok(Decimal::new(1, 1)));
        assert_eq!(parse_decimal("1e5"), Ok(Decimal::from(100000)));
        assert_eq!(parse_decimal("3.1E4"), Ok(Decimal::from(31000)));
        assert!(parse_decimal("beaucoup").is_err());
        assert_eq!(parse_decimal("12"), Ok(Decimal::from(12)));
    }

    /// The example given for a mistyped amount is itself a valid amount.
    #[test]
    fn the_hint_for_a_hand_written_amount_passes() {
        assert_eq!(
            parse_decimal("98 450,75 €"),
            Err("« 98 450,75 € » n'est pas écrit comme un nombre : écrivez 98450.75".into())
        );
        for (typed, expected) in [
            ("98 450,75 €", Some("98450.75")),
            ("98\u{a0}450,75\u{a0}€", Some("98450.75")),
            ("12,50", Some("12.50")),
            ("1.234,5", Some("1234.5")),
            ("1,234.5", Some("1234.5")),
            ("98.450.000", Some("98450000")),
            ("98'450.75 EUR HT", Some("98450.75")),
            ("17 000", Some("17000")),
            ("12,345", None),
            ("24,7 %", None),
            ("1200 € TTC", None),
            ("environ 1000", None),
            ("-12,5", None),
        ] {
            let got = amount_suggestion(typed);
            assert_eq!(got.as_deref(), expected, "{typed}");
            if let Some(g) = got {
                assert!(parse_decimal(&g).is_ok(), "{typed} → {g}");
            }
        }
        assert_eq!(ratio_suggestion("26,65 %").as_deref(), Some("0.2665"));
        assert_eq!(ratio_suggestion("0,25").as_deref(), Some("0.25"));
        assert_eq!(ratio_suggestion("26.65").as_deref(), Some("0.2665"));
        assert_eq!(ratio_suggestion("250 %"), None);
    }
}
