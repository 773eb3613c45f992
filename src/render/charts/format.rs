//! French number formatting, XML escaping, identifiers and coordinates for
//! the charts.
//!
//! Every number a chart shows goes through this file, so that the SVG, its
//! summary and its table print the same digits.

use rust_decimal::Decimal;
use std::fmt::{self, Write};

/// No-break space, before "%" (French typography: "%" never starts a line).
pub const INSECABLE: char = '\u{a0}';
/// Narrow no-break space, the French thousands separator ("12 345").
pub const FINE: char = '\u{202f}';

/// A percentage as pages show it (content/methodologie.md, « Les
/// arrondis »): truncated to one decimal, "< 0,1 %" strictly between 0
/// and 0.1, a no-break space before "%" — the one rule of [`crate::indicators::percent::affiche_pourcentage`],
/// so that charts and pages print the same digits.
pub fn pourcent(pct: Decimal) -> String {
    crate::indicators::percent::affiche_pourcentage(pct)
}

/// An exact value as a percentage, all its digits kept ("2,5 %", "20 %"):
/// for thresholds and class limits, which are legal or chosen values, never
/// rounded.
pub fn pourcent_exact(pct: Decimal) -> String {
    format!("{}{INSECABLE}%", nombre(pct))
}

/// An exact decimal in French: decimal comma, narrow no-break space between
/// thousands, trailing zeros dropped ("1 234,5").
pub fn nombre(v: Decimal) -> String {
    let text = v.normalize().to_string();
    let (signe, reste) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text.as_str()),
    };
    let (entiere, decimales) = match reste.split_once('.') {
        Some((e, d)) => (e, Some(d)),
        None => (reste, None),
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(signe);
    out.push_str(&milliers(entiere));
    if let Some(d) = decimales {
        out.push(',');
        out.push_str(d);
    }
    out
}

/// A count in French ("12 345").
pub fn entier(n: u64) -> String {
    milliers(&n.to_string())
}

/// Groups ASCII digits by three from the right with a narrow no-break space.
fn milliers(chiffres: &str) -> String {
    let n = chiffres.len();
    let mut out = String::with_capacity(n + n / 3 * 3);
    for (i, c) in chiffres.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(FINE);
        }
        out.push(c);
    }
    out
}

/// What a chart or a page shows instead of a figure computed over too few
/// bilans (content/methodologie.md, « Les petits effectifs »): « données
/// insuffisantes (3 bilans) ».
pub fn donnees_insuffisantes(bilans: u64) -> String {
    format!(
        "données insuffisantes ({} bilan{})",
        entier(bilans),
        if bilans > 1 { "s" } else { "" }
    )
}

/// "n/N" as the charts print a count out of a total ("120/1 250").
pub fn sur(n: u64, total: u64) -> String {
    format!("{}/{}", entier(n), entier(total))
}

/// Text escaped for XML/HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc_into(&mut out, s);
    out
}

/// Appends `s` escaped as [`esc`] does, without a string of its own: the
/// escaping of the Tera templates, so that charts and pages agree.
pub use crate::render::theme::escape_html_into as esc_into;

/// A caller's figure id made safe for `id` attributes and unique-per-page
/// suffixes: lowercase ASCII letters, digits and `-`; anything else becomes
/// `-`; an id that does not start with a letter gets `fig-` in front (ids
/// beginning with a digit are awkward in CSS selectors).
pub fn ident(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "fig-");
    }
    out
}

/// A map or chart coordinate rounded to one decimal, written compactly
/// ("12", "12.5", "-0.5" as "-.5"). Rounding goes through integer tenths so
/// that the output is the same on every platform.
#[derive(Clone, Copy)]
pub struct C(pub f64);

impl fmt::Display for C {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        dixiemes(f, (self.0 * 10.0).round() as i64)
    }
}

/// Appends `C(v)`: charts write about 40 coordinates per bar and 400 000
/// bars per national build, so this goes straight into the page's buffer.
pub fn push_c(out: &mut String, v: f64) {
    // Writing to a `String` cannot fail.
    let _ = dixiemes(out, (v * 10.0).round() as i64);
}

/// Writes a number of tenths the way [`C`] does, without `write!`
/// (`core::fmt` took most of the charts' time, benches/README.md, session 5).
pub fn dixiemes<W: Write>(w: &mut W, t: i64) -> fmt::Result {
    if t < 0 {
        w.write_char('-')?;
    }
    let a = t.unsigned_abs();
    let (ent, dec) = (a / 10, a % 10);
    if ent != 0 || dec == 0 {
        w.write_str(itoa::Buffer::new().format(ent))?;
    }
    if dec != 0 {
        w.write_char('.')?;
        w.write_char(char::from(b'0' + dec as u8))?;
    }
    Ok(())
}

/// Estimated width of a line of text in SVG units, for layout decisions
/// only (labels inside or beside a bar, wrapping): 0.6 em per character
/// covers the widest common system sans-serif (DejaVu Sans digits are
/// 0.64 em, its lowercase about 0.5 em).
pub fn largeur(texte: &str, taille: f64) -> f64 {
    texte.chars().count() as f64 * 0.6 * taille
}

/// Splits a label into lines of at most `max` characters at spaces (a word
/// longer than `max` stays whole on its own line).
pub fn couper(texte: &str, max: usize) -> Vec<String> {
    let mut lignes: Vec<String> = Vec::new();
    let mut courante = String::new();
    for mot in texte.split_whitespace() {
        let n = courante.chars().count();
        if n > 0 && n + 1 + mot.chars().count() > max {
            lignes.push(std::mem::take(&mut courante));
        }
        if !courante.is_empty() {
            courante.push(' ');
        }
        courante.push_str(mot);
    }
    if !courante.is_empty() || lignes.is_empty() {
        lignes.push(courante);
    }
    lignes
}

/// The median of exact values (the mean of the two middle ones for an even
/// count), or `None` for no value. Sorts a copy.
pub fn mediane(valeurs: &[Decimal]) -> Option<Decimal> {
    let mut v = valeurs.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => v.get(n / 2).copied(),
        _ => Some((*v.get(n / 2 - 1)? + *v.get(n / 2)?) / Decimal::TWO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
    }
    fn lisible(s: String) -> String {
        s.replace([INSECABLE, FINE], " ")
    }

    #[test]
    fn percentages_are_truncated_to_one_decimal_with_no_break_space() {
        assert_eq!(pourcent(d("24.5")), "24,5\u{a0}%");
        assert_eq!(lisible(pourcent(d("24.49"))), "24,4 %");
        assert_eq!(lisible(pourcent(d("19.99"))), "19,9 %");
        assert_eq!(lisible(pourcent(d("0.4"))), "0,4 %");
        assert_eq!(lisible(pourcent(d("0.04"))), "< 0,1 %");
        assert_eq!(lisible(pourcent(d("0"))), "0 %");
        assert_eq!(lisible(pourcent(d("100.00"))), "100 %");
        assert_eq!(lisible(pourcent_exact(d("2.50"))), "2,5 %");
        assert_eq!(lisible(pourcent_exact(d("20"))), "20 %");
    }

    #[test]
    fn numbers_use_a_decimal_comma_and_narrow_thousands_spaces() {
        assert_eq!(nombre(d("1234567.80")), "1\u{202f}234\u{202f}567,8");
        assert_eq!(lisible(nombre(d("-1234.5"))), "-1 234,5");
        assert_eq!(lisible(nombre(d("999"))), "999");
        assert_eq!(lisible(entier(100_000)), "100 000");
        assert_eq!(lisible(sur(1250, 12500)), "1 250/12 500");
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            esc(r#"Cuisine <"A" & l'autre>"#),
            "Cuisine &lt;&quot;A&quot; &amp; l&#39;autre&gt;"
        );
    }

    #[test]
    fn ids_are_safe_and_start_with_a_letter() {
        assert_eq!(ident("barre-2024"), "barre-2024");
        assert_eq!(ident("Carte Île/France"), "carte--le-france");
        assert_eq!(ident("2024"), "fig-2024");
        assert_eq!(ident(""), "fig-");
    }

    #[test]
    fn coordinates_round_to_one_decimal() {
        let s = |v: f64| C(v).to_string();
        assert_eq!(s(12.0), "12");
        assert_eq!(s(12.34), "12.3");
        assert_eq!(s(12.36), "12.4");
        assert_eq!(s(-0.46), "-.5");
        assert_eq!(s(0.04), "0");
    }

    #[test]
    fn appended_coordinates_and_escapes_are_the_formatted_ones() {
        // The former writer of tenths, through `write!`.
        let ancien = |t: i64| {
            let signe = if t < 0 { "-" } else { "" };
            let (e, d) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
            match (e, d) {
                (e, 0) => format!("{signe}{e}"),
                (0, d) => format!("{signe}.{d}"),
                (e, d) => format!("{signe}{e}.{d}"),
            }
        };
        for t in -20_000..20_000 {
            let v = f64::from(t) / 37.0;
            let mut out = String::from("x");
            push_c(&mut out, v);
            let attendu = ancien((v * 10.0).round() as i64);
            assert_eq!(out, format!("x{attendu}"), "{v}");
            assert_eq!(C(v).to_string(), attendu, "{v}");
        }
        for texte in [
            "",
            "&",
            "a<b>c",
            r#"Cuisine <"A" & l'autre>"#,
            "Île d'Yeu ≥ 2 €",
            "\"fin",
        ] {
            let mut out = String::from("é");
            esc_into(&mut out, texte);
            assert_eq!(out, format!("é{}", esc(texte)));
        }
        // The old writer, char by char, on every escaped and some multibyte characters.
        let ancien = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let texte = "«&»<é>\"'ü€&&x";
        assert_eq!(esc(texte), ancien(texte));
    }

    #[test]
    fn long_labels_wrap_at_spaces() {
        assert_eq!(
            couper(
                "Restaurants administratifs des collectivités territoriales",
                30
            ),
            vec![
                "Restaurants administratifs des",
                "collectivités territoriales"
            ]
        );
        assert_eq!(couper("Court", 30), vec!["Court"]);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(mediane(&[d("30"), d("10"), d("20")]), Some(d("20")));
        assert_eq!(
            mediane(&[d("10"), d("25"), d("20"), d("30")]),
            Some(d("22.5"))
        );
        assert_eq!(mediane(&[]), None);
    }
}
