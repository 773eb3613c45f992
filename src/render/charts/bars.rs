//! A share with its count beside it, per territory or sector
//! ([`barres_horizontales`]) or per year ([`barres_annuelles`]), e.g. the
//! share of bilans reaching the objectives (SPEC §4.6: "truncated to a
//! whole percent, with the count beside it"). Bars are drawn in the order
//! given, on a fixed 0–100 % scale.

use super::format::{C, couper, donnees_insuffisantes, ident, largeur, pourcent, sur};
use super::svg::{self, Ancre, BLEU, GRIS};
use super::{Figure, Tableau};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// One bar.
#[derive(Debug, Clone, Copy)]
pub struct Barre<'a> {
    /// Label: a région, a sector, a year (`"2024"`).
    pub libelle: &'a str,
    /// The share in percent, already rounded as the indicator requires
    /// (truncated for the objectives share); `None` when it is not
    /// published: « données insuffisantes (N bilans) » when `total` is
    /// above 0 (too few bilans), « pas de données » otherwise.
    pub pct: Option<Decimal>,
    /// How many reach it (the "n" of "n/N").
    pub effectif: u64,
    /// Out of how many (the "N").
    pub total: u64,
}

/// The data of a bar chart.
#[derive(Debug, Clone, Copy)]
pub struct Barres<'a> {
    /// Page-unique id.
    pub id: &'a str,
    /// Title.
    pub titre: &'a str,
    /// Header of the label column: `"Région"`, `"Catégorie de secteur"`, `"Année"`.
    pub entete: &'a str,
    /// Header of the value column, e.g. `"Part des bilans atteignant les objectifs"`.
    pub indicateur: &'a str,
    /// The bars, in display order.
    pub barres: &'a [Barre<'a>],
}

const LARGEUR: f64 = 420.0;
const POLICE: f64 = 16.0;
const SANS_DONNEES: &str = "pas de données";

/// "42 % (120/250)", "données insuffisantes (3 bilans)" or "pas de données".
fn valeur(b: &Barre) -> String {
    match b.pct {
        Some(p) => format!("{} ({})", pourcent(p), sur(b.effectif, b.total)),
        None => sans_valeur(b),
    }
}

/// What a bar without a published value shows.
fn sans_valeur(b: &Barre) -> String {
    if b.total > 0 {
        donnees_insuffisantes(b.total)
    } else {
        SANS_DONNEES.to_owned()
    }
}

fn en_unites(p: Decimal) -> f64 {
    p.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
        .to_f64()
        .unwrap_or(0.0)
        / 100.0
}

/// The table shared by both charts.
fn tableau(b: &Barres) -> Tableau {
    Tableau {
        legende: b.titre.to_owned(),
        entetes: vec![
            b.entete.to_owned(),
            b.indicateur.to_owned(),
            "Effectif".to_owned(),
        ],
        lignes: b
            .barres
            .iter()
            .map(|x| {
                let p = x.pct.map_or_else(|| sans_valeur(x), pourcent);
                vec![x.libelle.to_owned(), p, sur(x.effectif, x.total)]
            })
            .collect(),
        liens: Vec::new(),
    }
}

/// One label per line, one bar under each label, the value after the bar.
pub fn barres_horizontales(b: &Barres) -> Figure {
    let avec: Vec<&Barre> = b.barres.iter().filter(|x| x.pct.is_some()).collect();
    // The first of equal values wins, so the sentence follows the caller's order.
    let haut = avec
        .iter()
        .copied()
        .reduce(|m, x| if x.pct > m.pct { x } else { m });
    let bas = avec
        .iter()
        .copied()
        .reduce(|m, x| if x.pct < m.pct { x } else { m });
    let resume = match (haut, bas, avec.len()) {
        (Some(h), _, 1) => format!("{} : {}.", h.libelle, valeur(h)),
        (Some(h), Some(l), _) => format!(
            "La valeur la plus haute : {}, {} ; la plus basse : {}, {}.",
            h.libelle,
            valeur(h),
            l.libelle,
            valeur(l)
        ),
        _ => "Aucune donnée.".to_owned(),
    };

    let textes: Vec<String> = b.barres.iter().map(valeur).collect();
    let lignes: Vec<Vec<String>> = b.barres.iter().map(|x| couper(x.libelle, 44)).collect();
    let place = textes
        .iter()
        .map(|t| largeur(t, POLICE))
        .fold(0.0, f64::max)
        + 8.0;
    let longueur = (LARGEUR - 20.0 - place).max(100.0);
    let hauteur: f64 = lignes
        .iter()
        .map(|l| 20.0 * l.len() as f64 + 34.0)
        .sum::<f64>()
        + 4.0;

    let id = ident(b.id);
    let mut s = String::with_capacity(600 + 300 * b.barres.len());
    svg::ouvrir(
        &mut s,
        &id,
        LARGEUR,
        hauteur,
        b.titre,
        &resume,
        POLICE as u32,
    );
    let mut y = 4.0;
    for ((barre, texte), libelle) in b.barres.iter().zip(&textes).zip(&lignes) {
        for l in libelle {
            y += 20.0;
            svg::texte(&mut s, 10.0, y - 4.0, Ancre::Debut, "", l);
        }
        // A light track shows the 100 % the bar is measured against.
        svg::rect(&mut s, 10.0, y + 2.0, longueur, 18.0, "#eeeeee", "");
        let l = barre.pct.map_or(0.0, |p| en_unites(p) * longueur);
        if l > 0.0 {
            svg::rect(&mut s, 10.0, y + 2.0, l, 18.0, BLEU, "");
        }
        svg::texte(
            &mut s,
            10.0 + longueur + 6.0,
            y + 16.0,
            Ancre::Debut,
            "",
            texte,
        );
        y += 34.0;
    }
    svg::fermer(&mut s);
    Figure {
        id,
        titre: b.titre.to_owned(),
        resume,
        svg: s,
        tableau: tableau(b),
    }
}

/// Vertical bars with the years (or other short labels) on the x axis,
/// the percentage above each bar and "n/N" under its year when it fits.
/// The scale is 0–25 %, 0–50 % or 0–100 %, the smallest that holds every
/// value, with its two ends labelled on the y axis: shares of a few percent
/// stay visible, and the axis says the scale.
pub fn barres_annuelles(b: &Barres) -> Figure {
    let mut resume = String::new();
    for (i, x) in b.barres.iter().enumerate() {
        let sep = if i == 0 { "" } else { " ; " };
        let _ = write!(resume, "{sep}{} : {}", x.libelle, valeur(x));
    }
    resume.push_str(if resume.is_empty() {
        "Aucune donnée."
    } else {
        "."
    });

    let max = b
        .barres
        .iter()
        .filter_map(|x| x.pct)
        .max()
        .unwrap_or(Decimal::ZERO);
    let echelle = [25_u32, 50]
        .into_iter()
        .find(|e| max <= Decimal::from(*e))
        .unwrap_or(100);
    let (gauche, droite) = (52.0, LARGEUR - 10.0);
    let n = b.barres.len().max(1) as f64;
    let fente = (droite - gauche) / n;
    let large = (fente * 0.6).min(56.0);
    let comptes: Vec<String> = b.barres.iter().map(|x| sur(x.effectif, x.total)).collect();
    let avec_comptes = comptes.iter().all(|c| largeur(c, POLICE) <= fente - 4.0);
    let (haut, base) = (30.0, 200.0);
    let hauteur = if avec_comptes { 254.0 } else { 232.0 };

    let id = ident(b.id);
    let mut s = String::with_capacity(800 + 300 * b.barres.len());
    svg::ouvrir(
        &mut s,
        &id,
        LARGEUR,
        hauteur,
        b.titre,
        &resume,
        POLICE as u32,
    );
    let _ = write!(
        s,
        r#"<path d="M{g} {h}H{d}" stroke="{GRIS}" stroke-dasharray="2 3"/><path d="M{g} {b}H{d}" stroke="{GRIS}"/>"#,
        g = C(gauche),
        d = C(droite),
        h = C(haut),
        b = C(base)
    );
    svg::texte(
        &mut s,
        gauche - 6.0,
        haut + 5.0,
        Ancre::Fin,
        "",
        &format!("{echelle}\u{a0}%"),
    );
    svg::texte(&mut s, gauche - 6.0, base + 5.0, Ancre::Fin, "", "0\u{a0}%");
    let par_point = (base - haut) / f64::from(echelle);
    for (i, (barre, compte)) in b.barres.iter().zip(&comptes).enumerate() {
        let centre = gauche + fente * (i as f64 + 0.5);
        let h = barre.pct.map_or(0.0, |p| en_unites(p) * 100.0 * par_point);
        if h > 0.0 {
            svg::rect(&mut s, centre - large / 2.0, base - h, large, h, BLEU, "");
        }
        let etiquette = barre.pct.map_or_else(|| "n.d.".to_owned(), pourcent);
        // A value near the top of the scale is written over the dotted
        // line: on a white box, so the line does not cross it.
        let y = base - h - 6.0;
        if (y - 14.0..=y + 4.0).contains(&haut) {
            let l = largeur(&etiquette, POLICE) + 6.0;
            svg::rect(&mut s, centre - l / 2.0, y - 15.0, l, 19.0, "#fff", "");
        }
        svg::texte(
            &mut s,
            centre,
            base - h - 6.0,
            Ancre::Milieu,
            "",
            &etiquette,
        );
        svg::texte(
            &mut s,
            centre,
            base + 22.0,
            Ancre::Milieu,
            "",
            barre.libelle,
        );
        if avec_comptes {
            svg::texte(&mut s, centre, base + 44.0, Ancre::Milieu, "", compte);
        }
    }
    svg::fermer(&mut s);
    Figure {
        id,
        titre: b.titre.to_owned(),
        resume,
        svg: s,
        tableau: tableau(b),
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
    fn barre<'a>(libelle: &'a str, pct: Option<&str>, n: u64, total: u64) -> Barre<'a> {
        Barre {
            libelle,
            pct: pct.map(d),
            effectif: n,
            total,
        }
    }

    #[test]
    fn regions_sorted_as_given_with_their_counts() {
        let barres = [
            barre("Bretagne", Some("48"), 120, 250),
            barre("Corse", Some("12"), 3, 25),
            barre("Mayotte", None, 0, 0),
            barre("Île-de-France", Some("48"), 1200, 2500),
        ];
        let f = barres_horizontales(&Barres {
            id: "regions",
            titre: "Part des bilans atteignant les objectifs par région",
            entete: "Région",
            indicateur: "Part des bilans atteignant les objectifs",
            barres: &barres,
        });
        assert_eq!(
            lisible(&f.resume),
            "La valeur la plus haute : Bretagne, 48 % (120/250) ; la plus basse : Corse, 12 % (3/25)."
        );
        let t: Vec<Vec<String>> = f
            .tableau
            .lignes
            .iter()
            .map(|l| l.iter().map(|c| lisible(c)).collect())
            .collect();
        assert_eq!(t[0], ["Bretagne", "48 %", "120/250"]);
        assert_eq!(t[2], ["Mayotte", "pas de données", "0/0"]);
        assert_eq!(t[3], ["Île-de-France", "48 %", "1 200/2 500"]);
        let svg = lisible(&f.svg);
        let positions: Vec<usize> = ["Bretagne", "Corse", "Mayotte", "Île-de-France"]
            .iter()
            .filter_map(|l| svg.find(&format!(">{l}<")))
            .collect();
        assert_eq!(positions.len(), 4);
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "order kept");
        assert!(svg.contains(">48 % (1 200/2 500)</text>"));
        assert!(svg.contains(">pas de données</text>"));
    }

    #[test]
    fn labels_are_escaped_and_long_ones_wrap() {
        let barres = [barre(
            r#"Cuisine <"centrale"> & l'école, restaurants administratifs territoriaux"#,
            Some("50"),
            1,
            2,
        )];
        let f = barres_horizontales(&Barres {
            id: "s",
            titre: "T",
            entete: "Secteur",
            indicateur: "Part",
            barres: &barres,
        });
        assert!(
            f.svg.contains(
                ">Cuisine &lt;&quot;centrale&quot;&gt; &amp; l&#39;école, restaurants</text>"
            ),
            "{}",
            f.svg
        );
        assert!(f.svg.contains(">administratifs territoriaux</text>"));
        assert!(!f.svg.contains("<\"centrale"));
    }

    #[test]
    fn years_on_the_axis_with_values_above() {
        let barres = [
            barre("2021", Some("12"), 10, 80),
            barre("2022", Some("18"), 18, 100),
            barre("2023", None, 0, 0),
        ];
        let f = barres_annuelles(&Barres {
            id: "annees",
            titre: "Évolution",
            entete: "Année",
            indicateur: "Part des bilans atteignant les objectifs",
            barres: &barres,
        });
        assert_eq!(
            lisible(&f.resume),
            "2021 : 12 % (10/80) ; 2022 : 18 % (18/100) ; 2023 : pas de données."
        );
        // Scale 0–25 % (the highest value is 18 %); 3 slots of 119.3 units
        // from x = 52; 12 % is 12/25 of 170 units = 81.6 high.
        assert!(
            f.svg.contains(
                r##"<rect x="83.7" y="118.4" width="56" height="81.6" fill="#000091"/>"##
            ),
            "{}",
            f.svg
        );
        assert!(lisible(&f.svg).contains(">10/80</text>"));
        assert!(
            lisible(&f.svg).contains(">25 %</text>"),
            "the axis names its scale"
        );
        assert_eq!(
            f,
            barres_annuelles(&Barres {
                id: "annees",
                titre: "Évolution",
                entete: "Année",
                indicateur: "Part des bilans atteignant les objectifs",
                barres: &barres
            })
        );
    }
}
