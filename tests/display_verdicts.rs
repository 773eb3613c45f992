//! A share shown on a canteen's page never contradicts its verdict
//! (content/methodologie.md, « Les arrondis »): no value is shown at or
//! above its threshold beside « non atteint », nor below it beside
//! « atteint », for the organic, EGalim and meat-and-fish objectives, in
//! every territory group.
//!
//! Checked on every canteen page of the real national site, and of a
//! synthetic site of 10 000 canteens (`examples/synth`) to which worked
//! examples are added: canteens at a hundredth of a point on each side of
//! every threshold that applies to data years up to 2026 (hexagone,
//! groupe 1, Mayotte, Saint-Pierre-et-Miquelon; 60 % and 100 % for meat
//! and fish), and at the half-even rounding ties.

#[allow(dead_code)]
#[path = "../examples/synth/bilan.rs"]
mod bilan;
#[allow(dead_code)]
#[path = "../examples/synth/canteen.rs"]
mod canteen;
#[allow(dead_code)]
#[path = "../examples/synth/pools.rs"]
mod pools;
#[allow(dead_code)]
#[path = "../examples/synth/repo.rs"]
mod repo;
#[allow(dead_code)]
#[path = "../examples/synth/rng.rs"]
mod rng;
#[allow(dead_code)]
#[path = "../examples/synth/text.rs"]
mod text;

use cantine::indicators::{GroupeTerritorial, seuils};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// The year the builds are made in: the latest data year a bilan may have.
const ANNEE_COURANTE: u16 = 2026;

fn build(root: &Path, out: &Path) {
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some("https://exemple.fr/".into()),
        theme: "default".into(),
        current_year: ANNEE_COURANTE,
        cache: None,
    })
    .unwrap_or_else(|e| match e {
        cantine::build::BuildError::Invalid(d) => {
            let premiers: Vec<String> = d
                .iter()
                .filter(|x| x.severity == cantine::diagnostics::Severity::Error)
                .take(3)
                .map(|x| format!("{}:{}: {} ({:?})", x.file, x.line, x.message, x.help))
                .collect();
            panic!("{}: {premiers:#?}", root.display())
        }
        e => panic!("{}: {e}", root.display()),
    });
}

/// A SIRET starting with `debut` (13 digits) whose last digit makes its
/// Luhn key right.
fn siret(debut: u64) -> String {
    (0..10)
        .map(|k| format!("{debut:013}{k}"))
        .find(|s| cantine::model::siret::check(s).is_ok())
        .unwrap_or_default()
}

/// Euros of a 100 000 € total that make `pct` percent (2 decimals at most
/// after the point of the euros: `pct` may have 3 decimals).
fn euros(pct: Decimal) -> Decimal {
    pct * Decimal::from(1000)
}

/// One worked example: a canteen of commune `insee` whose single bilan
/// of `annee` has these organic, EGalim and meat-and-fish percentages
/// (meat and fish from 2024; `etat`: a State restaurant, judged at 100 %).
fn exemple(
    n: u64,
    insee: &str,
    annee: u16,
    parts: (Decimal, Decimal, Decimal),
    etat: bool,
) -> (String, String) {
    let (bio, egalim, viandes) = parts;
    let siret = siret(9_900_000_000_000 + n);
    let (secteur, ministere) = if etat {
        ("administration_administratif", "justice")
    } else {
        ("education_primaire", "null")
    };
    let viandes_egalim = (viandes * Decimal::from(1000)).normalize();
    let lignes = [
        format!("siret: \"{siret}\""),
        format!("nom: Exemple {n}"),
        format!("code_insee: \"{insee}\""),
        format!("secteurs: [{secteur}]"),
        "type_production: site".into(),
        "type_gestion: direct".into(),
        "modele_economique: public".into(),
        format!("ministere_tutelle: {ministere}"),
        "nombre_repas_jour: 200".into(),
        "nombre_repas_an: 30000".into(),
        "bilans:".into(),
        format!("  - annee: {annee}"),
        "    achats:".into(),
        "      valeur_totale: 100000".into(),
        format!("      valeur_bio: {}", euros(bio).normalize()),
        format!("      valeur_siqo: {}", euros(egalim - bio).normalize()),
        "      valeur_viandes_volailles: 1000".into(),
        format!("      valeur_viandes_volailles_egalim: {viandes_egalim}"),
    ];
    let texte: String = lignes.iter().map(|l| format!("{l}\n")).collect();
    (siret, texte)
}

/// The worked examples, by (folder, SIRET, text): each territory group
/// and data year whose thresholds differ, each threshold approached from
/// below and reached, and the ties of the half-even rounding (x.995 %
/// rounds to the threshold, x.985 % does not).
fn exemples() -> Vec<(String, String, String)> {
    let cas = [
        ("07017", "07", 2024),
        ("97101", "971", 2024),
        ("97101", "971", 2026),
        ("97611", "976", 2024),
        ("97611", "976", 2026),
        ("97502", "975", 2024),
    ];
    let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
    let ecarts = [d("-0.01"), d("0"), d("0.01"), d("-0.005"), d("-0.015")];
    let mut out = Vec::new();
    let mut n = 0;
    for (insee, dossier, annee) in cas {
        let region = cantine::model::territory::departement(dossier).map(|x| x.region);
        let s = seuils(GroupeTerritorial::de_region(region), annee);
        for (i, e) in ecarts.iter().enumerate() {
            for (j, f) in ecarts.iter().enumerate() {
                // Meat and fish near 60 %, and near 100 % for a State restaurant.
                let etat = (i + j) % 2 == 1;
                let viandes = if etat {
                    d("1") + (*e).min(Decimal::ZERO) / d("100")
                } else {
                    d("0.6") + *f / d("100")
                };
                n += 1;
                let (siret, texte) =
                    exemple(n, insee, annee, (s.bio + e, s.egalim + f, viandes), etat);
                out.push((dossier.to_string(), siret, texte));
            }
        }
    }
    out
}

/// A percentage as the page shows it ("19,9 %", "< 0,1 %", "20 %").
fn montre(texte: &str) -> Option<Decimal> {
    let t = texte.replace(['\u{a0}', '\u{202f}'], " ");
    let t = t.trim().trim_end_matches('%').trim();
    if let Some(sous) = t.strip_prefix("&lt; ") {
        // Strictly below: half of the bound stands for it.
        return Decimal::from_str(&sous.replace(',', "."))
            .ok()
            .map(|b| b / Decimal::TWO);
    }
    Decimal::from_str(&t.replace(',', ".")).ok()
}

/// The text between `debut` and `fin`, each occurrence, in order.
fn entre<'a>(s: &'a str, debut: &str, fin: &str) -> Vec<&'a str> {
    s.match_indices(debut)
        .filter_map(|(i, _)| {
            let reste = s.get(i + debut.len()..)?;
            reste.find(fin).and_then(|j| reste.get(..j))
        })
        .collect()
}

/// What the checks saw: (objective, threshold as shown, verdict) → count,
/// and the values shown within half a point below their threshold (which
/// a whole-percent rounding showed at the threshold).
#[derive(Default)]
struct Vu {
    verdicts: BTreeMap<(&'static str, String, bool), u64>,
    sous_le_seuil: u64,
}

impl Vu {
    /// Checks one shown value against its threshold and verdict.
    fn verifier(
        &mut self,
        page: &str,
        quoi: &'static str,
        valeur: &str,
        seuil: &str,
        verdict: &str,
    ) {
        let (Some(v), Some(s)) = (montre(valeur), montre(seuil)) else {
            panic!("{page}: {quoi} « {valeur} » / « {seuil} » unreadable");
        };
        let atteint = match verdict {
            "atteint" => true,
            "non atteint" => false,
            autre => panic!("{page}: {quoi}: verdict « {autre} »"),
        };
        assert_eq!(
            v >= s,
            atteint,
            "{page}: {quoi} shown {valeur} beside « objectif {seuil}, {verdict} »"
        );
        if !atteint && s - v <= Decimal::new(5, 1) {
            self.sous_le_seuil += 1;
        }
        *self
            .verdicts
            .entry((quoi, seuil.replace('\u{a0}', " "), atteint))
            .or_default() += 1;
    }

    /// Every figure of one year's section of a canteen page.
    fn section(&mut self, page: &str, s: &str) {
        let mut verdicts = Vec::new();
        for (quoi, debut) in [
            ("bio", "Bio : <strong>"),
            ("egalim", "Durables et de qualité, bio compris : <strong>"),
        ] {
            for m in entre(s, debut, ").") {
                // "19,9 %</strong> des achats (objectif 20 %, non atteint"
                let (valeur, reste) = m.split_once("</strong>").unwrap_or_default();
                let Some((seuil, verdict)) = reste
                    .split_once("(objectif ")
                    .and_then(|(_, r)| r.split_once(", "))
                else {
                    continue; // unknown share: no verdict shown
                };
                self.verifier(page, quoi, valeur, seuil, verdict);
                verdicts.push(verdict == "atteint");
            }
        }
        // The chart's summary says the same.
        // (The page's own sentence starts with "<p>Bio : <strong>".)
        for resume in entre(s, "<p>Bio : ", "</p>")
            .into_iter()
            .filter(|r| !r.starts_with("<strong>"))
        {
            for (quoi, partie) in ["bio", "egalim"].into_iter().zip(resume.split(" ; ")) {
                let partie = partie.trim_start_matches("EGalim, bio compris : ");
                let (valeur, reste) = partie.split_once(" (objectif ").unwrap_or_default();
                let (seuil, verdict) = reste
                    .trim_end_matches(')')
                    .split_once(", ")
                    .unwrap_or_default();
                self.verifier(page, quoi, valeur, seuil, verdict);
            }
        }
        if verdicts.len() == 2 {
            let tous = verdicts.iter().all(|v| *v);
            let affiche =
                s.contains("<span class=\"objectif objectif--atteint\">Objectifs atteints</span>");
            assert_eq!(affiche, tous, "{page}: overall verdict");
        }
        let viandes = entre(
            s,
            "<li>Viandes, volailles et produits de la mer EGalim : ",
            "</li>",
        );
        for o in entre(s, "<p>Objectif de ", ".</p>") {
            // "60 % de viandes et poissons EGalim non atteint"
            let Some((seuil, verdict)) = o.split_once(" de viandes et poissons EGalim ") else {
                continue;
            };
            if verdict.starts_with(':') {
                continue; // not judged: no data
            }
            let valeur = viandes
                .first()
                .copied()
                .unwrap_or_else(|| panic!("{page}: no meat share"));
            self.verifier(page, "viandes_poissons", valeur, seuil, verdict);
        }
    }

    /// Every canteen page of a built site.
    fn site(&mut self, out: &Path) -> usize {
        let mut pages = 0;
        for e in std::fs::read_dir(out.join("cantines")).unwrap_or_else(|e| panic!("{e}")) {
            let dir = e.unwrap_or_else(|e| panic!("{e}")).path();
            let page = dir.join("index.html");
            let html = std::fs::read_to_string(&page)
                .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
            let nom = page.display().to_string();
            for s in html.split("<section class=\"annee\"").skip(1) {
                self.section(&nom, s);
            }
            pages += 1;
        }
        pages
    }

    fn vus(&self, quoi: &str, seuil: &str, atteint: bool) -> u64 {
        self.verdicts
            .get(&(quoi, format!("{seuil} %"), atteint))
            .copied()
            .unwrap_or(0)
    }
}

#[test]
fn no_shown_share_contradicts_its_verdict_on_the_real_and_synthetic_sites() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let racine = Path::new(env!("CARGO_MANIFEST_DIR"));

    // The real national site.
    let reel = tmp.path().join("reel");
    build(racine, &reel);
    let mut vu = Vu::default();
    let pages = vu.site(&reel);
    assert!(pages > 12_000, "{pages} canteen pages");
    assert!(vu.vus("bio", "20", false) > 1_000 && vu.vus("bio", "20", true) > 1_000);
    assert!(vu.vus("egalim", "50", true) > 100);
    // Overseas thresholds of the open data (groupe 1).
    assert!(vu.vus("bio", "5", true) > 0 && vu.vus("egalim", "20", false) > 0);
    // Values a whole-percent rounding showed at their threshold beside
    // « non atteint » (19,94 % as « 20 % »): present, and now consistent.
    assert!(vu.sous_le_seuil > 100, "{}", vu.sous_le_seuil);

    // 10 000 synthetic canteens (amounts, meat and fish, State
    // restaurants), and the worked examples at every threshold.
    let synth = tmp.path().join("synth");
    repo::ecrire(racine, &synth, 10_000, 42).unwrap_or_else(|e| panic!("{e}"));
    for (dossier, siret, texte) in exemples() {
        let dir = synth.join("declarations").join(dossier);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join(format!("{siret}.yaml")), texte).unwrap_or_else(|e| panic!("{e}"));
    }
    let site = tmp.path().join("synth-public");
    build(&synth, &site);
    let mut vu = Vu::default();
    let pages = vu.site(&site);
    assert!(pages > 10_000, "{pages} canteen pages");
    for (quoi, seuils) in [
        ("bio", &["20", "5", "10", "2"][..]),
        ("egalim", &["50", "20", "35", "5", "15", "30"][..]),
        ("viandes_poissons", &["60", "100"][..]),
    ] {
        for s in seuils {
            for atteint in [true, false] {
                assert!(
                    vu.vus(quoi, s, atteint) > 0,
                    "{quoi} at {s} % {} never checked",
                    if atteint { "reached" } else { "missed" }
                );
            }
        }
    }
}
