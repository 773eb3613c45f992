//! Choropleth of the départements (SPEC §5, home page): five classes and a
//! hatched "no data" class, the five DROM and Paris + petite couronne as
//! labelled insets, a `<title>` tooltip per département. The map is a plain
//! image; the table (one row per département) carries the data, and the
//! caller may list links below it.
//!
//! With `zoom`, only the given départements are drawn, enlarged to the
//! map's width (a région's page), without insets.

use super::format::{C, couper, esc, ident, mediane, pourcent, pourcent_exact};
use super::map_data::{Couche, Trace, geometrie, transformer};
use super::svg::{self, Ancre, CLASSES, GRIS, TEXTE};
use super::{Figure, Tableau};
use crate::model::territory;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Class limits 20, 40, 60, 80 %: classes [0, 20), [20, 40), … [80, 100].
pub const BORNES_PAR_DEFAUT: [Decimal; 4] = [
    Decimal::from_parts(20, 0, 0, false, 0),
    Decimal::from_parts(40, 0, 0, false, 0),
    Decimal::from_parts(60, 0, 0, false, 0),
    Decimal::from_parts(80, 0, 0, false, 0),
];

/// The data of a map.
#[derive(Debug, Clone, Copy)]
pub struct Carte<'a> {
    /// Page-unique id.
    pub id: &'a str,
    /// Title.
    pub titre: &'a str,
    /// What the colours show, e.g. `"Part des bilans atteignant les objectifs"`
    /// (legend title and table header).
    pub indicateur: &'a str,
    /// Value in percent per département code; a missing code or `None` is
    /// "no data". Codes without a shape (the COM) are ignored.
    pub valeurs: &'a BTreeMap<String, Option<Decimal>>,
    /// The number of bilans behind each value: a département without a
    /// value but with bilans has too few of them to publish one, and says
    /// « données insuffisantes (N bilans) » (a missing code: none).
    pub bases: &'a BTreeMap<String, u64>,
    /// Four increasing class limits; a value equal to a limit belongs to
    /// the class above it.
    pub bornes: [Decimal; 4],
    /// Draw only these départements, enlarged (a région's page).
    pub zoom: Option<&'a BTreeSet<String>>,
    /// The path of the départements' pages (`/departements/`): each row
    /// of the table links to `{lien}{code}/`; `None`: no links.
    pub lien: Option<&'a str>,
}

const POLICE: f64 = 22.0;
const SANS_DONNEES: &str = "pas de données";

/// What a département without a published value shows.
fn sans_valeur(c: &Carte, code: &str) -> String {
    match c.bases.get(code).copied().unwrap_or(0) {
        0 => SANS_DONNEES.to_owned(),
        n => super::format::donnees_insuffisantes(n),
    }
}

/// Index of the class of `v` (0 to 4).
fn classe(v: Decimal, bornes: &[Decimal; 4]) -> usize {
    bornes.iter().filter(|b| v >= **b).count()
}

/// Legend text of class `i`.
fn libelle_classe(i: usize, b: &[Decimal; 4]) -> String {
    let n = |i: usize| {
        b.get(i)
            .map(|v| super::format::nombre(*v))
            .unwrap_or_default()
    };
    let p = |i: usize| b.get(i).map(|v| pourcent_exact(*v)).unwrap_or_default();
    match i {
        0 => format!("moins de {}", p(0)),
        4 => format!("{} ou plus", p(3)),
        _ => format!("{} à moins de {}", n(i - 1), p(i)),
    }
}

fn nom(code: &str) -> &str {
    territory::departement(code).map_or(code, |d| d.nom)
}

/// Draws the map.
pub fn carte_departements(c: &Carte) -> Figure {
    let g = geometrie();
    let valeur = |code: &str| c.valeurs.get(code).copied().flatten();
    let zoom: Option<Vec<&Trace>> = c.zoom.and_then(|z| {
        let t: Vec<&Trace> = g
            .traces
            .iter()
            .filter(|t| t.couche != Couche::Idf && z.contains(t.code))
            .collect();
        (!t.is_empty()).then_some(t)
    });
    // The départements of the table and the summary, in French order.
    let montres: Vec<&str> = match &zoom {
        Some(t) => t.iter().map(|t| t.code).collect(),
        None => g
            .traces
            .iter()
            .filter(|t| t.couche != Couche::Idf)
            .map(|t| t.code)
            .collect(),
    };

    let avec: Vec<(&str, Decimal)> = montres
        .iter()
        .filter_map(|code| Some((*code, valeur(code)?)))
        .collect();
    let resume = match (
        avec.iter().reduce(|m, x| if x.1 > m.1 { x } else { m }),
        avec.iter().reduce(|m, x| if x.1 < m.1 { x } else { m }),
    ) {
        (Some(h), Some(b)) => {
            let valeurs: Vec<Decimal> = avec.iter().map(|x| x.1).collect();
            let med = mediane(&valeurs).map(pourcent).unwrap_or_default();
            let sans = montres.len() - avec.len();
            let mut r = format!(
                "{} par département : de {} ({}) à {} ({}), médiane {med}",
                c.indicateur,
                pourcent(b.1),
                nom(b.0),
                pourcent(h.1),
                nom(h.0)
            );
            match sans {
                0 => r.push('.'),
                1 => r.push_str(" ; 1 département sans données."),
                n => {
                    let _ = write!(r, " ; {n} départements sans données.");
                }
            }
            r
        }
        _ => format!("{} par département : aucune donnée.", c.indicateur),
    };

    let id = ident(c.id);
    let largeur = g.largeur;
    let (k, tx, ty, hauteur_carte) = match &zoom {
        Some(t) => {
            let [x0, y0, x1, y1] =
                t.iter()
                    .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, t| {
                        [
                            b[0].min(t.boite[0]),
                            b[1].min(t.boite[1]),
                            b[2].max(t.boite[2]),
                            b[3].max(t.boite[3]),
                        ]
                    });
            let k = ((largeur - 20.0) / (x1 - x0).max(1.0)).min(560.0 / (y1 - y0).max(1.0));
            let tx = 10.0 + ((largeur - 20.0) - (x1 - x0) * k) / 2.0 - x0 * k;
            (k, tx, 10.0 - y0 * k, (y1 - y0) * k + 20.0)
        }
        None => (1.0, 0.0, 0.0, g.hauteur),
    };
    let titre_legende = couper(c.indicateur, 46);
    let y_legende = hauteur_carte + 12.0;
    let hauteur = y_legende + 30.0 * titre_legende.len() as f64 + 3.0 * 34.0 + 8.0;

    let mut s = String::with_capacity(if zoom.is_some() { 40_000 } else { 90_000 });
    svg::ouvrir(
        &mut s,
        &id,
        largeur,
        hauteur,
        c.titre,
        &resume,
        POLICE as u32,
    );
    let motif = format!("{id}-nd");
    let _ = write!(
        s,
        r##"<defs><pattern id="{motif}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/><path d="M0 0V8" stroke="{GRIS}" stroke-width="3"/></pattern></defs>"##
    );

    if zoom.is_none() {
        encarts(&mut s, g);
    }

    // One group per class so that each fill is written once; within a
    // group, départements in file (French) order.
    let traces: Vec<&Trace> = match &zoom {
        Some(t) => t.clone(),
        None => g.traces.iter().collect(),
    };
    let mut par_classe: [Vec<&Trace>; 6] = Default::default();
    for t in traces {
        let i = valeur(t.code).map_or(5, |v| classe(v, &c.bornes));
        if let Some(v) = par_classe.get_mut(i) {
            v.push(t);
        }
    }
    let _ = write!(
        s,
        r##"<g stroke="#fff" stroke-width=".6" stroke-linejoin="round" fill-rule="evenodd">"##
    );
    for (i, groupe) in par_classe.iter().enumerate().filter(|(_, g)| !g.is_empty()) {
        match CLASSES.get(i) {
            Some(couleur) => {
                let _ = write!(s, r#"<g fill="{couleur}">"#);
            }
            None => {
                let _ = write!(s, r#"<g fill="url(#{motif})" stroke="{GRIS}">"#);
            }
        }
        for t in groupe {
            let v = valeur(t.code).map_or_else(|| sans_valeur(c, t.code), pourcent);
            let d = if zoom.is_some() {
                transformer(t.d, k, tx, ty)
            } else {
                t.d.to_owned()
            };
            let _ = write!(
                s,
                r#"<path d="{d}"><title>{} : {}</title></path>"#,
                esc(nom(t.code)),
                esc(&v)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");

    // Legend: its title, then three rows of two classes.
    let mut y = y_legende;
    for l in &titre_legende {
        y += 30.0;
        svg::texte(
            &mut s,
            10.0,
            y - 6.0,
            Ancre::Debut,
            r#"font-weight="bold""#,
            l,
        );
    }
    for i in 0..6 {
        let (x, yl) = (
            10.0 + 300.0 * (i % 2) as f64,
            y + 34.0 * (i / 2) as f64 + 4.0,
        );
        let (fill, texte) = match CLASSES.get(i) {
            Some(couleur) => ((*couleur).to_owned(), libelle_classe(i, &c.bornes)),
            None => (format!("url(#{motif})"), "Sans données publiées".to_owned()),
        };
        svg::rect(
            &mut s,
            x,
            yl,
            34.0,
            24.0,
            &fill,
            &format!(r#"stroke="{GRIS}""#),
        );
        svg::texte(&mut s, x + 42.0, yl + 19.0, Ancre::Debut, "", &texte);
    }
    svg::fermer(&mut s);

    let tableau = Tableau {
        legende: c.titre.to_owned(),
        entetes: vec!["Département".to_owned(), c.indicateur.to_owned()],
        lignes: montres
            .iter()
            .map(|code| {
                let v = valeur(code).map_or_else(|| sans_valeur(c, code), pourcent);
                vec![format!("{} ({code})", nom(code)), v]
            })
            .collect(),
        liens: c.lien.map_or_else(Vec::new, |base| {
            montres
                .iter()
                .map(|code| format!("{base}{code}/"))
                .collect()
        }),
    };
    Figure {
        id,
        titre: c.titre.to_owned(),
        resume,
        svg: s,
        tableau,
    }
}

/// Frames and labels of the insets, and a frame on the metropolitan map
/// around the area the Paris inset enlarges.
fn encarts(s: &mut String, g: &super::map_data::Geometrie) {
    let pc: Vec<&Trace> = g
        .traces
        .iter()
        .filter(|t| t.couche == Couche::Metro && ["75", "92", "93", "94"].contains(&t.code))
        .collect();
    if let Some(b) = pc.iter().map(|t| t.boite).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    }) {
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{TEXTE}"/>"#,
            C(b[0] - 2.0),
            C(b[1] - 2.0),
            C(b[2] - b[0] + 4.0),
            C(b[3] - b[1] + 4.0)
        );
    }
    for cadre in &g.cadres {
        svg::rect(
            s,
            cadre.x + 0.5,
            cadre.y + 0.5,
            cadre.l - 1.0,
            cadre.h - 1.0,
            "none",
            &format!(r#"stroke="{GRIS}""#),
        );
        let libelle = if cadre.id == "idf" {
            "Paris et petite couronne"
        } else {
            nom(cadre.id)
        };
        svg::texte(s, cadre.x + 8.0, cadre.y + 24.0, Ancre::Debut, "", libelle);
    }
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
