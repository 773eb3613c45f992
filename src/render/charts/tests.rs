//! Tests across the charts: a page holding every chart, as the site shows
//! them, has valid structure and unique ids. Set `CHARTS_DEMO=/path.html`
//! to also write that page, for a look in a browser.

use super::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
}

fn toutes_les_figures() -> Vec<Figure> {
    let mut figures = Vec::new();
    for (annee, bio, egalim, seuils) in [
        ("2024", "24.5", "55.4", ("20", "50")),
        ("2023", "4", "21", ("5", "20")),
        ("2022", "0.3", "8", ("2", "5")),
    ] {
        figures.push(barre_empilee(&BarreEmpilee {
            id: &format!("achats-{annee}"),
            titre: &format!("Achats alimentaires {annee}"),
            pct_bio: d(bio),
            pct_egalim: d(egalim),
            seuil_bio: d(seuils.0),
            seuil_egalim: d(seuils.1),
        }));
    }
    let dist = Distribution {
        effectifs: [1200, 3456, 2100, 800, 300, 120, 40, 10, 5, 2],
        mediane: Some(d("16.5")),
    };
    figures.push(histogramme(&Histogramme {
        id: "repartition-bio",
        titre: "Répartition des cantines selon leur part bio (2024)",
        unite: "cantines",
        distribution: &dist,
        objectif: Some(Repere {
            libelle: "Objectif bio",
            valeur: d("20"),
        }),
    }));
    let secteurs = [
        Barre {
            libelle: "Enseignement",
            pct: Some(d("31")),
            effectif: 3100,
            total: 10_000,
        },
        Barre {
            libelle: "Santé",
            pct: Some(d("12")),
            effectif: 120,
            total: 1000,
        },
        Barre {
            libelle: r#"Social & médico-social <"EHPAD">"#,
            pct: Some(d("0")),
            effectif: 0,
            total: 12,
        },
        Barre {
            libelle: "Restaurants administratifs des collectivités territoriales",
            pct: Some(d("45")),
            effectif: 45,
            total: 100,
        },
        Barre {
            libelle: "Armées",
            pct: None,
            effectif: 0,
            total: 0,
        },
    ];
    figures.push(barres_horizontales(&Barres {
        id: "categories",
        titre: "Part des bilans atteignant les objectifs par catégorie de secteur (2024)",
        entete: "Catégorie de secteur",
        indicateur: "Part des bilans atteignant les objectifs",
        barres: &secteurs,
    }));
    let annees = [
        Barre {
            libelle: "2021",
            pct: Some(d("8")),
            effectif: 800,
            total: 10_000,
        },
        Barre {
            libelle: "2022",
            pct: Some(d("13")),
            effectif: 1_430,
            total: 11_000,
        },
        Barre {
            libelle: "2023",
            pct: Some(d("19")),
            effectif: 2_280,
            total: 12_000,
        },
        Barre {
            libelle: "2024",
            pct: Some(d("24")),
            effectif: 3_120,
            total: 13_000,
        },
    ];
    figures.push(barres_annuelles(&Barres {
        id: "evolution",
        titre: "Part des bilans atteignant les objectifs, par année",
        entete: "Année",
        indicateur: "Part des bilans atteignant les objectifs",
        barres: &annees,
    }));
    let valeurs: BTreeMap<String, Option<Decimal>> = crate::model::territory::departements()
        .iter()
        .enumerate()
        .filter(|(_, dep)| dep.code.len() == 2 || dep.code.starts_with("97"))
        .map(|(i, dep)| {
            (
                dep.code.to_owned(),
                (i % 17 != 3).then(|| Decimal::from((i * 37 % 101) as u32)),
            )
        })
        .collect();
    figures.push(carte_departements(&Carte {
        id: "carte-france",
        titre: "Part des bilans atteignant les objectifs, par département (2024)",
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs: &valeurs,
        bases: &BTreeMap::new(),
        bornes: BORNES_PAR_DEFAUT,
        zoom: None,
        lien: None,
    }));
    let occitanie: BTreeSet<String> = crate::model::territory::departements()
        .iter()
        .filter(|dep| dep.region == "76")
        .map(|dep| dep.code.to_owned())
        .collect();
    figures.push(carte_departements(&Carte {
        id: "carte-occitanie",
        titre: "Occitanie : part des bilans atteignant les objectifs (2024)",
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs: &valeurs,
        bases: &BTreeMap::new(),
        bornes: BORNES_PAR_DEFAUT,
        zoom: Some(&occitanie),
        lien: None,
    }));
    figures
}

fn page(figures: &[Figure]) -> String {
    let corps: String = figures.iter().map(figure_html).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Graphiques</title><link rel=\"stylesheet\" href=\"charts-demo.css\"></head><body><main><h1>Graphiques</h1>{corps}</main></body></html>\n"
    )
}

/// Every `id="…"` of a document.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn a_page_with_every_chart_has_unique_ids_and_no_inline_style() {
    let figures = toutes_les_figures();
    let html = page(&figures);
    let mut tous = ids(&html);
    let n = tous.len();
    tous.sort_unstable();
    tous.dedup();
    assert_eq!(tous.len(), n, "duplicate ids");
    // Each SVG names itself by ids that exist in it.
    for f in &figures {
        assert!(
            f.svg
                .contains(&format!(r#"aria-labelledby="{0}-titre {0}-desc""#, f.id))
        );
        assert!(f.svg.contains(&format!(r#"<title id="{}-titre">"#, f.id)));
        assert!(f.svg.contains(&format!(r#"<desc id="{}-desc">"#, f.id)));
        assert!(!f.svg.contains("style="), "{}", f.id);
        assert!(!f.svg.contains("font-family"), "{}", f.id);
        // Every row of the table has one cell per header.
        assert!(
            f.tableau
                .lignes
                .iter()
                .all(|l| l.len() == f.tableau.entetes.len()),
            "{}",
            f.id
        );
    }
    if let Ok(chemin) = std::env::var("CHARTS_DEMO") {
        let css = "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;margin:0 auto;padding:1rem;max-width:48rem;color:#161616}\
figure{margin:2rem 0}figcaption{font-weight:bold;margin-bottom:.5rem}svg.graphique{display:block;height:auto}\
svg.graphique-etroit{max-width:26.25rem}svg.graphique-large{max-width:37.5rem}\
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}";
        let dossier = std::path::Path::new(&chemin)
            .parent()
            .map(|p| p.join("charts-demo.css"));
        if let Some(c) = dossier {
            std::fs::write(c, css).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&chemin, &html).unwrap_or_else(|e| panic!("{chemin}: {e}"));
    }
}

#[test]
fn figure_html_escapes_text_and_heads_rows() {
    let f = Figure {
        id: "f".into(),
        titre: "A < B".into(),
        resume: "x & y".into(),
        svg: "<svg></svg>".into(),
        tableau: Tableau {
            legende: "L \"1\"".into(),
            entetes: vec!["Secteur".into(), "Part".into()],
            lignes: vec![vec!["Santé <b>".into(), "12\u{a0}%".into()]],
            liens: Vec::new(),
        },
    };
    assert_eq!(
        figure_html(&f),
        "<figure class=\"figure-graphique\" id=\"f\"><figcaption>A &lt; B</figcaption><svg></svg><p>x &amp; y</p>\
<details><summary>Données du graphique</summary><table><caption>L &quot;1&quot;</caption><thead><tr>\
<th scope=\"col\">Secteur</th><th scope=\"col\">Part</th></tr></thead><tbody><tr><th scope=\"row\">Santé &lt;b&gt;</th>\
<td>12\u{a0}%</td></tr></tbody></table></details></figure>"
    );
}
