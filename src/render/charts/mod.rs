//! Build-time SVG charts (SPEC §5: "Every chart is inline SVG made at build
//! time, with a title, a text summary and the same numbers as an accessible
//! table").
//!
//! Each chart is a pure function from plain data to a [`Figure`]: the SVG
//! (written by hand, so that its accessibility, validity and bytes are
//! ours), a one-sentence French summary, and the table of the same numbers.
//! Templates render a `<figure>` from it; [`figure_html`] is the reference
//! rendering.
//!
//! - [`barre_empilee`]: one canteen's purchases for one year (bio / EGalim
//!   hors bio / autres) with the objectives as labelled lines;
//! - [`histogramme`]: the distribution of a percentage across canteens in
//!   ten 10-point classes, with the objective and the median;
//! - [`barres_horizontales`] and [`barres_annuelles`]: a share with its
//!   count "n/N" per territory or sector, or per year;
//! - [`carte_departements`]: the choropleth of the 101 départements, with
//!   the five DROM and Paris + petite couronne as insets.
//!
//! Floating point is used only to place shapes; every printed number is
//! formatted from the caller's exact decimals by [`format`]. Output is
//! deterministic: inputs are slices in the caller's order or `BTreeMap`s.

mod bars;
pub mod format;
mod histogram;
mod map;
mod map_data;
mod stacked_bar;
mod svg;

pub use bars::{Barre, Barres, barres_annuelles, barres_horizontales};
pub use histogram::{CLASSES_HISTOGRAMME, Distribution, Histogramme, Repere, classe, histogramme};
pub use map::{BORNES_PAR_DEFAUT, Carte, carte_departements};
pub use map_data::{GEOMETRIE_SOURCE, codes_cartographies};
pub use stacked_bar::{BarreEmpilee, barre_empilee};

use format::esc;
use serde::Serialize;
use std::fmt::Write;

/// A chart ready for a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// Page-unique id (already made safe); the SVG's inner ids start with it.
    pub id: String,
    /// Title, for the `<figcaption>` (plain text: templates escape it).
    pub titre: String,
    /// One French sentence summarising the key numbers (plain text).
    pub resume: String,
    /// The inline SVG (markup: templates insert it unescaped).
    pub svg: String,
    /// The same numbers as a table.
    pub tableau: Tableau,
}

/// The data of a chart as a table (plain text cells: templates escape them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tableau {
    /// The table's `<caption>`.
    pub legende: String,
    /// Column headers.
    pub entetes: Vec<String>,
    /// Rows, each as long as `entetes`; the first cell heads its row.
    pub lignes: Vec<Vec<String>>,
    /// Where each row's heading links to (a page of the site, its path
    /// from the server's root), in the rows' order; empty: no links.
    pub liens: Vec<String>,
}

/// The reference HTML of a figure, which templates should reproduce: the
/// title as `<figcaption>`, the SVG, the summary as a paragraph, then the
/// table in a `<details>` (closed by default, so it does not lengthen the
/// page, yet reachable by keyboard and screen readers).
pub fn figure_html(f: &Figure) -> String {
    let mut h = String::with_capacity(f.svg.len() + 512);
    let _ = write!(
        h,
        r#"<figure class="figure-graphique" id="{}"><figcaption>{}</figcaption>{}<p>{}</p><details><summary>Données du graphique</summary><table><caption>{}</caption><thead><tr>"#,
        esc(&f.id),
        esc(&f.titre),
        f.svg,
        esc(&f.resume),
        esc(&f.tableau.legende)
    );
    for e in &f.tableau.entetes {
        let _ = write!(h, r#"<th scope="col">{}</th>"#, esc(e));
    }
    h.push_str("</tr></thead><tbody>");
    for (n, ligne) in f.tableau.lignes.iter().enumerate() {
        h.push_str("<tr>");
        for (i, cellule) in ligne.iter().enumerate() {
            if i == 0 {
                match f.tableau.liens.get(n) {
                    Some(url) => {
                        let _ = write!(
                            h,
                            r#"<th scope="row"><a href="{}">{}</a></th>"#,
                            esc(url),
                            esc(cellule)
                        );
                    }
                    None => {
                        let _ = write!(h, r#"<th scope="row">{}</th>"#, esc(cellule));
                    }
                }
            } else {
                let _ = write!(h, "<td>{}</td>", esc(cellule));
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></details></figure>");
    h
}

#[cfg(test)]
mod tests;
