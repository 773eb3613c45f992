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

/// Parses a YAML scalar as an exact decimal, with a French error message.
fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.contains(',') && !t.contains('.') {
        return Err(format!(
            "« {t} » n'est pas un nombre : utilisez un point comme séparateur décimal (ex. {})",
            t.replace(',', ".")
        ));
    }
    if t.contains(['e', 'E']) || t.contains(' ') || t.is_empty() {
        return Err(format!(
            "« {t} » n'est pas un nombre décimal simple (ex. 1234.56)"
        ));
    }
    Decimal::from_str(t).map_err(|_| format!("« {t} » n'est pas un nombre (ex. 1234.56)"))
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
        assert!(parse_decimal("12,50").unwrap_err().contains("12.50"));
        assert!(parse_decimal("1e5").is_err());
        assert!(parse_decimal("beaucoup").is_err());
    }
}
