//! One canteen's purchases for one year as a 100 % bar: bio, EGalim hors
//! bio, other purchases; the objectives of its territory for that year as
//! labelled lines (SPEC §4.3, §5 "a stacked bar and threshold markers").
//!
//! Drawn for every canteen and year (up to 400 000 bars per build), so it is
//! one pass of appends into a pre-sized string, about 1.5 KB of SVG.

use super::format::{ident, largeur, pourcent, pourcent_exact, push_c};
use super::svg::{self, Ancre, BLEU, GRIS_CLAIR, TEXTE, VERT};
use super::{Figure, Tableau};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The data of one bar. Percentages are the 2-decimal percentages of the
/// exports (0 to 100), thresholds the legal values (SPEC §4.3).
#[derive(Debug, Clone, Copy)]
pub struct BarreEmpilee<'a> {
    /// Page-unique id, e.g. `"achats-2024"`.
    pub id: &'a str,
    /// Title, e.g. `"Achats alimentaires 2024"`.
    pub titre: &'a str,
    /// Share of organic purchases, in percent.
    pub pct_bio: Decimal,
    /// Share of EGalim purchases, organic included, in percent.
    pub pct_egalim: Decimal,
    /// Organic objective that applies to this canteen and year, in percent.
    pub seuil_bio: Decimal,
    /// EGalim objective that applies to this canteen and year, in percent.
    pub seuil_egalim: Decimal,
}

const LARGEUR: f64 = 420.0;
const HAUTEUR: f64 = 142.0;
const X0: f64 = 10.0;
/// SVG units per percent: the bar is 400 units long.
const ECHELLE: f64 = 4.0;
const POLICE: f64 = 16.0;
const BARRE_HAUT: f64 = 24.0;
const BARRE_H: f64 = 36.0;
/// The outline of the whole bar and of the light legend swatch ([`svg::GRIS`]).
const CONTOUR_GRIS: &str = r##"stroke="#666666""##;

/// Draws the bar. Out-of-range inputs (which `check` reports) are clamped
/// to 0 ≤ bio ≤ EGalim ≤ 100 so the drawing stays a 100 % bar.
pub fn barre_empilee(b: &BarreEmpilee) -> Figure {
    let cent = Decimal::ONE_HUNDRED;
    let bio = b.pct_bio.clamp(Decimal::ZERO, cent);
    let egalim = b.pct_egalim.clamp(bio, cent);
    let hors_bio = egalim - bio;
    let autres = cent - egalim;
    let (t_bio, t_egalim, t_hors, t_autres) = (
        pourcent(bio),
        pourcent(egalim),
        pourcent(hors_bio),
        pourcent(autres),
    );
    let (s_bio, s_egalim) = (pourcent_exact(b.seuil_bio), pourcent_exact(b.seuil_egalim));
    let verdict = |v: Decimal, s: Decimal| if v >= s { "atteint" } else { "non atteint" };
    let resume = format!(
        "Bio : {t_bio} (objectif {s_bio}, {}) ; EGalim, bio compris : {t_egalim} (objectif {s_egalim}, {}) ; autres achats : {t_autres}.",
        verdict(bio, b.seuil_bio),
        verdict(egalim, b.seuil_egalim),
    );

    let id = ident(b.id);
    let mut s = String::with_capacity(1800);
    svg::ouvrir(
        &mut s,
        &id,
        LARGEUR,
        HAUTEUR,
        b.titre,
        &resume,
        POLICE as u32,
    );
    let x = |pct: Decimal| X0 + pct.to_f64().unwrap_or(0.0) * ECHELLE;
    let (x_bio, x_egalim, x_fin) = (x(bio), x(egalim), x(cent));

    // Segments, then one outline around the whole bar so that its extent
    // is visible whatever the fill of its last segment.
    let segments = [
        (X0, x_bio, VERT, r##"fill="#fff""##, &t_bio),
        (x_bio, x_egalim, BLEU, r##"fill="#fff""##, &t_hors),
        (x_egalim, x_fin, GRIS_CLAIR, "", &t_autres),
    ];
    for (debut, fin, couleur, attrs, etiquette) in segments {
        if fin > debut {
            svg::rect(&mut s, debut, BARRE_HAUT, fin - debut, BARRE_H, couleur, "");
            // The value inside its segment when it fits; the legend always has it.
            if fin - debut >= largeur(etiquette, POLICE) + 6.0 {
                svg::texte(
                    &mut s,
                    (debut + fin) / 2.0,
                    BARRE_HAUT + 24.0,
                    Ancre::Milieu,
                    attrs,
                    etiquette,
                );
            }
        }
    }
    svg::rect(
        &mut s,
        X0,
        BARRE_HAUT,
        x_fin - X0,
        BARRE_H,
        "none",
        CONTOUR_GRIS,
    );

    // Objectives: a line ending in a triangle that points at the bar, bio
    // above it and EGalim below, each label on the side that has room. The
    // lines stop at the bar's edge: a line across the dark segments would
    // need a white halo, which reads as one more segment boundary.
    let repere = |s: &mut String, seuil: Decimal, haut: bool, libelle: [&str; 2]| {
        let xs = x(seuil.clamp(Decimal::ZERO, cent));
        let (debut, milieu, y_texte) = if haut {
            (" 2V17M", " 16h12l-6 7z", 16.0)
        } else {
            (" 84V67M", " 68h12l-6-7z", 80.0)
        };
        s.push_str(r#"<path d="M"#);
        push_c(s, xs);
        s.push_str(debut);
        push_c(s, xs - 6.0);
        s.push_str(milieu);
        s.push_str(r#"" stroke=""#);
        s.push_str(TEXTE);
        s.push_str(r#"" stroke-width="2" stroke-linejoin="round"/>"#);
        if xs <= LARGEUR / 2.0 {
            svg::texte_morceaux(s, xs + 9.0, y_texte, Ancre::Debut, "", &libelle);
        } else {
            svg::texte_morceaux(s, xs - 9.0, y_texte, Ancre::Fin, "", &libelle);
        }
    };
    repere(&mut s, b.seuil_bio, true, ["Objectif bio ", &s_bio]);
    repere(
        &mut s,
        b.seuil_egalim,
        false,
        ["Objectif EGalim ", &s_egalim],
    );

    // Legend: two columns, two rows; every value in words beside its swatch.
    let legende = [
        (X0, 104.0, Some(VERT), ["Bio : ", &t_bio]),
        (200.0, 104.0, Some(BLEU), ["EGalim hors bio : ", &t_hors]),
        (X0, 130.0, Some(GRIS_CLAIR), ["Autres : ", &t_autres]),
        (200.0, 130.0, None, ["Total EGalim : ", &t_egalim]),
    ];
    for (xl, yl, couleur, libelle) in legende {
        if let Some(c) = couleur {
            let contour = if c == GRIS_CLAIR { CONTOUR_GRIS } else { "" };
            svg::rect(&mut s, xl, yl - 12.5, 14.0, 14.0, c, contour);
        }
        svg::texte_morceaux(&mut s, xl + 20.0, yl, Ancre::Debut, "", &libelle);
    }
    svg::fermer(&mut s);

    let tableau = Tableau {
        legende: b.titre.to_owned(),
        entetes: vec![
            "Catégorie d'achats".into(),
            "Part des achats".into(),
            "Objectif".into(),
        ],
        lignes: vec![
            vec!["Bio".into(), t_bio, s_bio],
            vec!["EGalim hors bio".into(), t_hors, String::new()],
            vec!["EGalim, bio compris".into(), t_egalim, s_egalim],
            vec!["Autres achats".into(), t_autres, String::new()],
        ],
        liens: Vec::new(),
    };
    Figure {
        id,
        titre: b.titre.to_owned(),
        resume,
        svg: s,
        tableau,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
    }
    fn exemple(bio: &str, egalim: &str, seuils: (&str, &str)) -> Figure {
        barre_empilee(&BarreEmpilee {
            id: "achats-2024",
            titre: "Achats alimentaires 2024",
            pct_bio: d(bio),
            pct_egalim: d(egalim),
            seuil_bio: d(seuils.0),
            seuil_egalim: d(seuils.1),
        })
    }
    fn lisible(s: &str) -> String {
        s.replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn a_canteen_at_25_and_55_percent_meets_both_objectives() {
        let f = exemple("24.50", "55.40", ("20", "50"));
        assert_eq!(
            lisible(&f.resume),
            "Bio : 24,5 % (objectif 20 %, atteint) ; EGalim, bio compris : 55,4 % (objectif 50 %, atteint) ; autres achats : 44,6 %."
        );
        let t: Vec<Vec<String>> = f
            .tableau
            .lignes
            .iter()
            .map(|l| l.iter().map(|c| lisible(c)).collect())
            .collect();
        assert_eq!(t[0], ["Bio", "24,5 %", "20 %"]);
        assert_eq!(t[1], ["EGalim hors bio", "30,9 %", ""]);
        assert_eq!(t[2], ["EGalim, bio compris", "55,4 %", "50 %"]);
        assert_eq!(t[3], ["Autres achats", "44,6 %", ""]);
        // The chart prints the same numbers as the table.
        let svg = lisible(&f.svg);
        for texte in [
            "Bio : 24,5 %",
            "EGalim hors bio : 30,9 %",
            "Autres : 44,6 %",
            "Total EGalim : 55,4 %",
            "Objectif bio 20 %",
            "Objectif EGalim 50 %",
        ] {
            assert!(svg.contains(texte), "{texte} missing in {svg}");
        }
        // Bio ends at 10 + 24.5 × 4 = 108 units, EGalim at 10 + 55.4 × 4 = 231.6.
        assert!(
            f.svg
                .contains(r##"<rect x="10" y="24" width="98" height="36" fill="#18753c"/>"##)
        );
        assert!(
            f.svg
                .contains(r##"<rect x="108" y="24" width="123.6" height="36" fill="#000091"/>"##)
        );
    }

    #[test]
    fn overseas_thresholds_are_drawn_where_they_apply() {
        // Groupe 1 in 2024: 5 % bio, 20 % EGalim; 4 % bio misses it.
        let f = exemple("4", "21", ("5", "20"));
        assert!(lisible(&f.resume).contains("Bio : 4 % (objectif 5 %, non atteint)"));
        assert!(lisible(&f.resume).contains("EGalim, bio compris : 21 % (objectif 20 %, atteint)"));
        // Lines at 10 + 5 × 4 = 30 and 10 + 20 × 4 = 90.
        assert!(f.svg.contains(r#"d="M30 2V17M24 16h12l-6 7z""#));
        assert!(f.svg.contains(r#"d="M90 84V67M84 68h12l-6-7z""#));
        // The objective is judged on the exact value, inclusive.
        assert!(
            lisible(&exemple("4.99", "30", ("5", "20")).resume)
                .contains("objectif 5 %, non atteint")
        );
        assert!(
            lisible(&exemple("5.00", "30", ("5", "20")).resume).contains("objectif 5 %, atteint")
        );
    }

    #[test]
    fn same_input_same_bytes_and_small_output() {
        let a = exemple("24.5", "55.4", ("20", "50"));
        assert_eq!(a, exemple("24.5", "55.4", ("20", "50")));
        assert!(a.svg.len() < 2000, "{} bytes", a.svg.len());
    }

    #[test]
    fn inconsistent_inputs_are_clamped_not_panicking() {
        let f = exemple("60", "40", ("20", "50"));
        assert!(lisible(&f.resume).contains("EGalim, bio compris : 60 %"));
        assert_eq!(lisible(&f.tableau.lignes[1][1]), "0 %");
        let g = exemple("-3", "140", ("20", "50"));
        assert!(lisible(&g.resume).contains("Bio : 0 %"));
        assert!(lisible(&g.resume).contains("autres achats : 0 %"));
    }

    #[test]
    fn tiny_segments_keep_their_value_in_the_legend_only() {
        let f = exemple("0.04", "2", ("20", "50"));
        assert!(lisible(&f.svg).contains("Bio : &lt; 0,1 %"));
        // No "< 0,1 %" squeezed inside a 0.16-unit wide segment.
        assert!(!lisible(&f.svg).contains(">&lt; 0,1 %</text>"));
    }
}
