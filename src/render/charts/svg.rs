//! What every chart's SVG shares: the root element with its accessible name
//! and description, the colours, and small writers for text and rectangles.
//!
//! Colours are checked by a test: every graphical colour has a contrast of
//! at least 3:1 against white (WCAG 1.4.11) and every text colour 4.5:1
//! (WCAG 1.4.3). Fonts are inherited from the page (no `font-family`), and
//! sizes are in viewBox units chosen per chart so that text stays at 12 px
//! or more on a 328 px wide phone column.

use super::format::{esc_into, push_c};
use std::fmt::Write;

/// Text, axes and threshold lines (18:1 on white).
pub const TEXTE: &str = "#161616";
/// Frames and bar outlines (5.7:1 on white).
pub const GRIS: &str = "#666666";
/// Light fill of the "other purchases" part of a bar; the bar's dark
/// outline carries the contrast (this fill is not required to read it).
pub const GRIS_CLAIR: &str = "#e5e5e5";
/// Organic purchases (5.8:1 on white).
pub const VERT: &str = "#18753c";
/// Other EGalim purchases, and the bars of single-series charts (15:1).
pub const BLEU: &str = "#000091";
/// Objective lines and their labels (5.8:1 on white).
pub const ROUGE: &str = "#ce0500";

/// The five classes of the map, from the lowest values to the highest,
/// each at least 3:1 against white (yellow-green to navy, readable by the
/// common colour-vision deficiencies as a lightness ramp).
pub const CLASSES: [&str; 5] = ["#7a9a3a", "#167b7a", "#205f8f", "#1d3f7a", "#0f1f4d"];

/// Opens an `<svg>`: responsive (width 100 %, the height follows the
/// viewBox), an image whose accessible name is its `<title>` and whose
/// description is its `<desc>`, both with ids derived from `id` (already
/// made safe by [`super::format::ident`]).
///
/// The class says the chart's natural width, for the theme's CSS to cap it
/// so that text is drawn at its nominal size on wide screens rather than
/// enlarged: `graphique-etroit` (420 units, 16-unit text: `max-width:
/// 26.25rem`) and `graphique-large` (600 units, 22-unit text: `max-width:
/// 37.5rem`), with `svg.graphique { display: block; height: auto }`.
pub fn ouvrir(
    out: &mut String,
    id: &str,
    largeur: f64,
    hauteur: f64,
    titre: &str,
    resume: &str,
    taille_police: u32,
) {
    out.push_str(r#"<svg class="graphique graphique-"#);
    out.push_str(if largeur <= 420.0 { "etroit" } else { "large" });
    out.push_str(r#"" width="100%" viewBox="0 0 "#);
    push_c(out, largeur);
    out.push(' ');
    push_c(out, hauteur);
    for morceau in [
        r#"" role="img" aria-labelledby=""#,
        id,
        "-titre ",
        id,
        r#"-desc" font-size=""#,
        itoa::Buffer::new().format(taille_police),
        r#"" fill=""#,
        TEXTE,
        r#""><title id=""#,
        id,
        r#"-titre">"#,
    ] {
        out.push_str(morceau);
    }
    esc_into(out, titre);
    for morceau in [r#"</title><desc id=""#, id, r#"-desc">"#] {
        out.push_str(morceau);
    }
    esc_into(out, resume);
    out.push_str("</desc>");
}

/// Closes the `<svg>`.
pub fn fermer(out: &mut String) {
    out.push_str("</svg>");
}

/// Where a text is anchored on its x coordinate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ancre {
    /// Text starts at x.
    Debut,
    /// Text is centred on x.
    Milieu,
    /// Text ends at x.
    Fin,
}

/// Writes `<text>`, escaped; `attrs` are extra presentation attributes
/// (e.g. `fill="#fff"`), written as given.
pub fn texte(out: &mut String, x: f64, y: f64, ancre: Ancre, attrs: &str, contenu: &str) {
    texte_morceaux(out, x, y, ancre, attrs, &[contenu]);
}

/// [`texte`] whose content is `morceaux` end to end, each escaped: a label
/// such as "Bio : 20 %" without a `String` of its own.
pub fn texte_morceaux(
    out: &mut String,
    x: f64,
    y: f64,
    ancre: Ancre,
    attrs: &str,
    morceaux: &[&str],
) {
    let ancre = match ancre {
        Ancre::Debut => "",
        Ancre::Milieu => r#" text-anchor="middle""#,
        Ancre::Fin => r#" text-anchor="end""#,
    };
    out.push_str(r#"<text x=""#);
    push_c(out, x);
    out.push_str(r#"" y=""#);
    push_c(out, y);
    out.push('"');
    out.push_str(ancre);
    if !attrs.is_empty() {
        out.push(' ');
        out.push_str(attrs);
    }
    out.push('>');
    for m in morceaux {
        esc_into(out, m);
    }
    out.push_str("</text>");
}

/// Writes `<rect>` with a fill and extra attributes.
pub fn rect(out: &mut String, x: f64, y: f64, l: f64, h: f64, fill: &str, attrs: &str) {
    out.push_str(r#"<rect x=""#);
    push_c(out, x);
    out.push_str(r#"" y=""#);
    push_c(out, y);
    out.push_str(r#"" width=""#);
    push_c(out, l);
    out.push_str(r#"" height=""#);
    push_c(out, h);
    out.push_str(r#"" fill=""#);
    out.push_str(fill);
    out.push('"');
    if !attrs.is_empty() {
        out.push(' ');
        out.push_str(attrs);
    }
    out.push_str("/>");
}

/// A line that stays visible over any fill: a white halo under a
/// coloured stroke. `d` is path data; `pointilles` dashes the stroke.
pub fn ligne_repere(out: &mut String, d: &str, couleur: &str, pointilles: bool) {
    let dash = if pointilles {
        r#" stroke-dasharray="6 3""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r##"<path d="{d}" stroke="#fff" stroke-width="5"/><path d="{d}" stroke="{couleur}" stroke-width="2"{dash}/>"##
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of "#rrggbb".
    fn luminance(hex: &str) -> f64 {
        let canal = |i: usize| {
            let v =
                f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
                    / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * canal(1) + 0.7152 * canal(3) + 0.0722 * canal(5)
    }
    fn contraste_sur_blanc(hex: &str) -> f64 {
        1.05 / (luminance(hex) + 0.05)
    }

    #[test]
    fn colours_meet_wcag_contrast_on_white() {
        for c in [TEXTE, GRIS, VERT, BLEU, ROUGE] {
            assert!(
                contraste_sur_blanc(c) >= 4.5,
                "{c}: {}",
                contraste_sur_blanc(c)
            );
        }
        for c in CLASSES {
            assert!(
                contraste_sur_blanc(c) >= 3.0,
                "{c}: {}",
                contraste_sur_blanc(c)
            );
        }
        // White text printed inside bio and EGalim segments.
        assert!(1.05 / (luminance(VERT) + 0.05) >= 4.5);
        assert!(1.05 / (luminance(BLEU) + 0.05) >= 4.5);
        // Dark text printed inside the light "other purchases" segment.
        assert!((luminance(GRIS_CLAIR) + 0.05) / (luminance(TEXTE) + 0.05) >= 4.5);
    }

    #[test]
    fn map_classes_get_darker_from_low_to_high() {
        let l: Vec<f64> = CLASSES.iter().map(|c| luminance(c)).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1] * 1.3), "{l:?}");
    }

    #[test]
    fn the_root_names_the_image_by_its_title_and_desc() {
        let mut s = String::new();
        ouvrir(&mut s, "fig", 420.0, 100.0, "Achats <2024>", "Bio & co", 16);
        fermer(&mut s);
        assert!(s.starts_with(r#"<svg class="graphique graphique-etroit" width="100%" viewBox="0 0 420 100" role="img" aria-labelledby="fig-titre fig-desc""#));
        assert!(s.contains(r#"<title id="fig-titre">Achats &lt;2024&gt;</title><desc id="fig-desc">Bio &amp; co</desc>"#));
        assert!(!s.contains("style="));
    }
}
