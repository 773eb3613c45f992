//! The distribution of a percentage (bio or EGalim share) across canteens,
//! in ten 10-point classes, with the objective and the median (SPEC §4.6).
//!
//! The classes are drawn as horizontal bars, one per row, so that every
//! label and count is horizontal text at a readable size on a phone; the
//! percentage scale runs down the rows, and the objective and the median
//! are lines across it at their exact position, named in a legend below.

use super::format::{C, entier, ident, largeur, mediane, pourcent, pourcent_exact};
use super::svg::{self, Ancre, BLEU, GRIS, ROUGE, TEXTE};
use super::{Figure, Tableau};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::fmt::Write;

/// Number of classes: [0, 10), [10, 20), … [80, 90), [90, 100].
pub const CLASSES_HISTOGRAMME: usize = 10;

/// Counts per class and the median, as the aggregate stage keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Distribution {
    /// Number of values in each class.
    pub effectifs: [u64; CLASSES_HISTOGRAMME],
    /// Median of the values, in percent; `None` without values.
    pub mediane: Option<Decimal>,
}

impl Distribution {
    /// The distribution of percentages (0 to 100).
    pub fn depuis_pourcentages(valeurs: &[Decimal]) -> Self {
        let mut effectifs = [0; CLASSES_HISTOGRAMME];
        for v in valeurs {
            if let Some(e) = effectifs.get_mut(classe(*v)) {
                *e += 1;
            }
        }
        Distribution {
            effectifs,
            mediane: mediane(valeurs),
        }
    }

    /// Number of values.
    pub fn total(&self) -> u64 {
        self.effectifs.iter().sum()
    }
}

/// The class of a percentage: `floor(pct / 10)`, so 10 is in [10, 20);
/// 100 (and anything above) is in the last class, anything below 0 in the
/// first.
pub fn classe(pct: Decimal) -> usize {
    let dix = Decimal::TEN;
    let i = (pct / dix).floor().to_i64().unwrap_or(0);
    i.clamp(0, CLASSES_HISTOGRAMME as i64 - 1) as usize
}

/// A labelled value on the percentage scale, e.g. the objective.
#[derive(Debug, Clone, Copy)]
pub struct Repere<'a> {
    /// Label, e.g. `"Objectif bio"`.
    pub libelle: &'a str,
    /// Value in percent, e.g. 20.
    pub valeur: Decimal,
}

/// The data of a histogram.
#[derive(Debug, Clone, Copy)]
pub struct Histogramme<'a> {
    /// Page-unique id.
    pub id: &'a str,
    /// Title, e.g. `"Répartition des cantines selon leur part bio (2024)"`.
    pub titre: &'a str,
    /// What is counted, plural, lowercase: `"cantines"`.
    pub unite: &'a str,
    /// The counts and the median.
    pub distribution: &'a Distribution,
    /// The objective line, if any.
    pub objectif: Option<Repere<'a>>,
}

const LARGEUR: f64 = 420.0;
const POLICE: f64 = 16.0;
const HAUT: f64 = 8.0;
const PAS: f64 = 26.0;
const X_AXE: f64 = 92.0;

/// Label of class `i` on the chart ("10–20 %") and in the table.
fn tranche(i: usize, long: bool) -> String {
    let (a, b) = (i * 10, i * 10 + 10);
    match (long, i + 1 == CLASSES_HISTOGRAMME) {
        (false, _) => format!("{a}–{b}\u{a0}%"),
        (true, false) => format!("de {a} à moins de {b}\u{a0}%"),
        (true, true) => format!("de {a} à {b}\u{a0}%"),
    }
}

/// Draws the histogram.
pub fn histogramme(h: &Histogramme) -> Figure {
    let dist = h.distribution;
    let total = dist.total();
    let unite = h.unite;
    let t_med = dist.mediane.map(pourcent);
    let mode = dist
        .effectifs
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.cmp(b).then(j.cmp(i)))
        .map(|(i, n)| (i, *n));
    let mut resume = match (total, &t_med, mode) {
        (0, _, _) => "Aucune donnée.".to_owned(),
        (_, Some(m), Some((i, n))) => format!(
            "{} {unite}, médiane {m} ; tranche la plus fréquente : {} ({} {unite})",
            entier(total),
            tranche(i, true),
            entier(n)
        ),
        _ => format!("{} {unite}", entier(total)),
    };
    if let Some(o) = h.objectif.filter(|_| total > 0) {
        let _ = write!(
            resume,
            " ; {} : {}.",
            o.libelle.to_lowercase(),
            pourcent_exact(o.valeur)
        );
    } else if total > 0 {
        resume.push('.');
    }

    let id = ident(h.id);
    let a_legende = total > 0 && (h.objectif.is_some() || t_med.is_some());
    let bas = HAUT + PAS * CLASSES_HISTOGRAMME as f64;
    let hauteur = if a_legende { bas + 38.0 } else { bas + 8.0 };
    let mut s = String::with_capacity(3000);
    svg::ouvrir(
        &mut s,
        &id,
        LARGEUR,
        hauteur,
        h.titre,
        &resume,
        POLICE as u32,
    );

    // Bars scaled so that the longest count still fits after its bar.
    let textes: Vec<String> = dist.effectifs.iter().map(|n| entier(*n)).collect();
    let place = textes
        .iter()
        .map(|t| largeur(t, POLICE))
        .fold(0.0, f64::max)
        + 10.0;
    let longueur_max = LARGEUR - X_AXE - place;
    let max = dist.effectifs.iter().copied().max().unwrap_or(0).max(1) as f64;
    // Counts are written last, over the objective and median lines, on a
    // white box when a line crosses their row, so that no line strikes
    // them out (a glyph halo leaves the line visible between digits).
    let mut comptes = Vec::with_capacity(CLASSES_HISTOGRAMME);
    for (i, (n, texte)) in dist.effectifs.iter().zip(&textes).enumerate() {
        let y = HAUT + PAS * i as f64;
        svg::texte(
            &mut s,
            X_AXE - 6.0,
            y + 18.0,
            Ancre::Fin,
            "",
            &tranche(i, false),
        );
        let l = *n as f64 / max * longueur_max;
        if *n > 0 {
            svg::rect(&mut s, X_AXE, y + 4.0, l.max(1.0), 18.0, BLEU, "");
        }
        comptes.push((X_AXE + l.max(1.0) + 5.0, y, texte));
    }
    let _ = write!(
        s,
        r#"<path d="M{x} {HAUT}V{}" stroke="{GRIS}"/>"#,
        C(bas),
        x = C(X_AXE)
    );

    // Lines at the exact value: y runs from 0 % (top) to 100 % (bottom).
    let y_de = |v: Decimal| {
        HAUT + v
            .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            .to_f64()
            .unwrap_or(0.0)
            / 10.0
            * PAS
    };
    let mut x_legende = 10.0;
    let y_legende = bas + 28.0;
    let mut legende = |s: &mut String, couleur: &str, pointilles: bool, libelle: String| {
        svg::ligne_repere(
            s,
            &format!("M{} {}h30", C(x_legende), C(y_legende - 5.0)),
            couleur,
            pointilles,
        );
        svg::texte(s, x_legende + 36.0, y_legende, Ancre::Debut, "", &libelle);
        x_legende += 36.0 + largeur(&libelle, POLICE) + 16.0;
    };
    let mut lignes_y = Vec::with_capacity(2);
    if total > 0 {
        if let Some(o) = h.objectif {
            lignes_y.push(y_de(o.valeur));
            let d = format!(
                "M{} {}H{}",
                C(X_AXE - 4.0),
                C(y_de(o.valeur)),
                C(LARGEUR - 4.0)
            );
            svg::ligne_repere(&mut s, &d, ROUGE, true);
            legende(
                &mut s,
                ROUGE,
                true,
                format!("{} : {}", o.libelle, pourcent_exact(o.valeur)),
            );
        }
        if let (Some(m), Some(t)) = (dist.mediane, &t_med) {
            lignes_y.push(y_de(m));
            let d = format!("M{} {}H{}", C(X_AXE - 4.0), C(y_de(m)), C(LARGEUR - 4.0));
            svg::ligne_repere(&mut s, &d, TEXTE, false);
            legende(&mut s, TEXTE, false, format!("Médiane : {t}"));
        }
    }
    for (x, y, texte) in comptes {
        if lignes_y.iter().any(|l| (y + 2.0..=y + 24.0).contains(l)) {
            svg::rect(
                &mut s,
                x - 3.0,
                y + 3.0,
                largeur(texte, POLICE) + 6.0,
                20.0,
                "#fff",
                "",
            );
        }
        svg::texte(&mut s, x, y + 18.0, Ancre::Debut, "", texte);
    }
    svg::fermer(&mut s);

    let mut legende_tableau = h.titre.to_owned();
    let mut precisions = Vec::new();
    if let Some(m) = &t_med {
        precisions.push(format!("médiane : {m}"));
    }
    if let Some(o) = h.objectif {
        precisions.push(format!(
            "{} : {}",
            o.libelle.to_lowercase(),
            pourcent_exact(o.valeur)
        ));
    }
    if !precisions.is_empty() {
        let _ = write!(legende_tableau, " ({})", precisions.join(" ; "));
    }
    let tableau = Tableau {
        legende: legende_tableau,
        entetes: vec!["Tranche".into(), format!("Nombre de {unite}")],
        lignes: textes
            .into_iter()
            .enumerate()
            .map(|(i, t)| vec![tranche(i, true), t])
            .collect(),
        liens: Vec::new(),
    };
    Figure {
        id,
        titre: h.titre.to_owned(),
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
    fn lisible(s: &str) -> String {
        s.replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn class_boundaries_belong_to_the_upper_class_except_100() {
        assert_eq!(classe(d("0")), 0);
        assert_eq!(classe(d("9.99")), 0);
        assert_eq!(classe(d("10")), 1);
        assert_eq!(classe(d("19.99")), 1);
        assert_eq!(classe(d("90")), 9);
        assert_eq!(classe(d("100")), 9);
        assert_eq!(classe(d("-1")), 0);
        assert_eq!(classe(d("250")), 9);
    }

    #[test]
    fn counts_and_median_from_values() {
        let v: Vec<Decimal> = ["10", "12.5", "19.99", "20", "100", "3"]
            .iter()
            .map(|s| d(s))
            .collect();
        let dist = Distribution::depuis_pourcentages(&v);
        assert_eq!(dist.effectifs, [1, 3, 1, 0, 0, 0, 0, 0, 0, 1]);
        // Sorted: 3, 10, 12.5, 19.99, 20, 100 → (12.5 + 19.99) / 2.
        assert_eq!(dist.mediane, Some(d("16.245")));
        assert_eq!(dist.total(), 6);
    }

    fn exemple(effectifs: [u64; 10], mediane: &str) -> Figure {
        let dist = Distribution {
            effectifs,
            mediane: Some(d(mediane)),
        };
        histogramme(&Histogramme {
            id: "bio-2024",
            titre: "Répartition des cantines selon leur part bio",
            unite: "cantines",
            distribution: &dist,
            objectif: Some(Repere {
                libelle: "Objectif bio",
                valeur: d("20"),
            }),
        })
    }

    #[test]
    fn summary_table_and_chart_give_the_same_numbers() {
        let f = exemple([1200, 3456, 2100, 800, 300, 120, 40, 10, 5, 2], "16.5");
        assert_eq!(
            lisible(&f.resume),
            "8 033 cantines, médiane 16,5 % ; tranche la plus fréquente : de 10 à moins de 20 % (3 456 cantines) ; objectif bio : 20 %."
        );
        assert_eq!(f.tableau.entetes, ["Tranche", "Nombre de cantines"]);
        assert_eq!(lisible(&f.tableau.lignes[1][0]), "de 10 à moins de 20 %");
        assert_eq!(lisible(&f.tableau.lignes[9][0]), "de 90 à 100 %");
        assert_eq!(
            lisible(&f.tableau.legende),
            "Répartition des cantines selon leur part bio (médiane : 16,5 % ; objectif bio : 20 %)"
        );
        let svg = lisible(&f.svg);
        for (ligne, n) in f.tableau.lignes.iter().zip([
            "1 200", "3 456", "2 100", "800", "300", "120", "40", "10", "5", "2",
        ]) {
            assert_eq!(lisible(&ligne[1]), n);
            assert!(svg.contains(&format!(">{n}</text>")), "{n}");
        }
        assert!(svg.contains(">Objectif bio : 20 %</text>"));
        assert!(svg.contains(">Médiane : 16,5 %</text>"));
    }

    #[test]
    fn lines_sit_at_their_exact_value() {
        let f = exemple([0, 1, 0, 0, 0, 0, 0, 0, 0, 0], "16.5");
        // 20 % is 8 + 2 rows × 26 = 60; 16.5 % is 8 + 1.65 × 26 = 50.9.
        assert!(f.svg.contains(r#"d="M88 60H416""#));
        assert!(f.svg.contains(r#"d="M88 50.9H416""#));
    }

    #[test]
    fn no_data_draws_an_empty_scale_and_says_so() {
        let dist = Distribution::depuis_pourcentages(&[]);
        let f = histogramme(&Histogramme {
            id: "vide",
            titre: "Vide",
            unite: "cantines",
            distribution: &dist,
            objectif: Some(Repere {
                libelle: "Objectif bio",
                valeur: d("20"),
            }),
        });
        assert_eq!(f.resume, "Aucune donnée.");
        assert!(!f.svg.contains("Médiane"));
        assert_eq!(
            f,
            histogramme(&Histogramme {
                id: "vide",
                titre: "Vide",
                unite: "cantines",
                distribution: &dist,
                objectif: Some(Repere {
                    libelle: "Objectif bio",
                    valeur: d("20")
                })
            })
        );
    }
}
