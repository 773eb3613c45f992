use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
}
fn lisible(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// Codes of the 101 départements (metropole and DROM), from the reference.
fn departements_101() -> Vec<&'static str> {
    territory::departements()
        .iter()
        .map(|d| d.code)
        .filter(|c| c.len() == 2 || ["971", "972", "973", "974", "976"].contains(c))
        .collect()
}

/// Every département with a value derived from its position (deterministic).
fn toutes_valeurs() -> BTreeMap<String, Option<Decimal>> {
    departements_101()
        .iter()
        .enumerate()
        .map(|(i, c)| ((*c).to_owned(), Some(Decimal::from((i * 37 % 101) as u32))))
        .collect()
}

fn carte<'a>(
    valeurs: &'a BTreeMap<String, Option<Decimal>>,
    zoom: Option<&'a BTreeSet<String>>,
) -> Figure {
    carte_departements(&Carte {
        id: "carte",
        titre: "Part des bilans atteignant les objectifs, par département (2024)",
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs,
        bases: &BTreeMap::new(),
        bornes: BORNES_PAR_DEFAUT,
        zoom,
        lien: None,
    })
}

#[test]
fn every_departement_of_the_reference_has_a_shape() {
    let reference = departements_101();
    assert_eq!(reference.len(), 101);
    let carte = super::super::codes_cartographies();
    assert_eq!(carte, reference, "same codes, same (French) order");
    // The petite couronne is drawn twice: on the map and in its inset.
    let idf: Vec<&str> = geometrie()
        .traces
        .iter()
        .filter(|t| t.couche == Couche::Idf)
        .map(|t| t.code)
        .collect();
    assert_eq!(idf, ["75", "92", "93", "94"]);
}

#[test]
fn the_home_map_is_complete_and_under_300_kb() {
    let f = carte(&toutes_valeurs(), None);
    assert!(f.svg.len() < 300_000, "{} bytes", f.svg.len());
    assert_eq!(f.svg.matches("</title></path>").count(), 105);
    assert_eq!(f.tableau.lignes.len(), 101);
    for nom in [
        "Paris et petite couronne",
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ] {
        assert!(f.svg.contains(&format!(">{nom}</text>")), "{nom}");
    }
    // Names from the reference, not Natural Earth's "Seien-et-Marne".
    assert!(f.svg.contains("<title>Seine-et-Marne : "));
    assert!(!f.svg.contains("Seien"));
    assert_eq!(f, carte(&toutes_valeurs(), None), "same input, same bytes");
}

#[test]
fn values_are_classed_with_limits_in_the_upper_class() {
    assert_eq!(classe(d("19.99"), &BORNES_PAR_DEFAUT), 0);
    assert_eq!(classe(d("20"), &BORNES_PAR_DEFAUT), 1);
    assert_eq!(classe(d("80"), &BORNES_PAR_DEFAUT), 4);
    assert_eq!(classe(d("100"), &BORNES_PAR_DEFAUT), 4);
    let textes: Vec<String> = (0..5)
        .map(|i| lisible(&libelle_classe(i, &[d("10"), d("12.5"), d("20"), d("50")])))
        .collect();
    assert_eq!(
        textes,
        [
            "moins de 10 %",
            "10 à moins de 12,5 %",
            "12,5 à moins de 20 %",
            "20 à moins de 50 %",
            "50 % ou plus"
        ]
    );
}

#[test]
fn tooltips_table_and_summary_agree() {
    let mut v = BTreeMap::new();
    v.insert("01".to_owned(), Some(d("42.4")));
    v.insert("32".to_owned(), Some(d("67")));
    v.insert("976".to_owned(), Some(d("3")));
    v.insert("75".to_owned(), None);
    v.insert("975".to_owned(), Some(d("50"))); // a COM: not on the map
    let f = carte(&v, None);
    let svg = lisible(&f.svg);
    assert!(svg.contains("<title>Ain : 42,4 %</title>"));
    assert!(svg.contains("<title>Paris : pas de données</title>"));
    assert_eq!(svg.matches("<title>Paris : ").count(), 2, "map and inset");
    assert_eq!(
        lisible(&f.resume),
        "Part des bilans atteignant les objectifs par département : de 3 % (Mayotte) à 67 % (Gers), médiane 42,4 % ; 98 départements sans données."
    );
    let ain: Vec<String> = f.tableau.lignes[0].iter().map(|c| lisible(c)).collect();
    assert_eq!(ain, ["Ain (01)", "42,4 %"]);
    assert!(f.tableau.lignes.iter().all(|l| !l[0].contains("975")));
    // Départements without data are hatched, and the legend says so.
    assert!(
        f.svg
            .contains(r##"<g fill="url(#carte-nd)" stroke="#666666"><path"##)
    );
    assert!(f.svg.contains(">Sans données publiées</text>"));
}

#[test]
fn a_departement_with_too_few_bilans_says_so_instead_of_a_value() {
    let mut v = BTreeMap::new();
    v.insert("01".to_owned(), Some(d("42.4")));
    v.insert("976".to_owned(), None);
    v.insert("75".to_owned(), None);
    let bases = BTreeMap::from([("01".to_owned(), 50), ("976".to_owned(), 3)]);
    let f = carte_departements(&Carte {
        id: "carte",
        titre: "Part des bilans atteignant les objectifs, par département (2023)",
        indicateur: "Part des bilans atteignant les objectifs",
        valeurs: &v,
        bases: &bases,
        bornes: BORNES_PAR_DEFAUT,
        zoom: None,
        lien: Some("/sous/departements/"),
    });
    let svg = lisible(&f.svg);
    assert!(svg.contains("<title>Mayotte : données insuffisantes (3 bilans)</title>"));
    // Every row of the table links to its département's page.
    let n = f.tableau.lignes.len();
    assert_eq!(f.tableau.liens.len(), n);
    assert!(
        f.tableau
            .liens
            .contains(&"/sous/departements/976/".to_string())
    );
    assert!(
        crate::render::charts::figure_html(&f).contains(
            "<th scope=\"row\"><a href=\"/sous/departements/976/\">Mayotte (976)</a></th>"
        )
    );
    assert!(svg.contains("<title>Paris : pas de données</title>"));
    let mayotte = f
        .tableau
        .lignes
        .iter()
        .find(|l| l[0] == "Mayotte (976)")
        .map(|l| lisible(&l[1]));
    assert_eq!(mayotte.as_deref(), Some("données insuffisantes (3 bilans)"));
}

#[test]
fn a_region_page_zooms_on_its_departements() {
    let bretagne: BTreeSet<String> = ["22", "29", "35", "56"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let f = carte(&toutes_valeurs(), Some(&bretagne));
    assert_eq!(f.svg.matches("</title></path>").count(), 4);
    let noms: Vec<&str> = f.tableau.lignes.iter().map(|l| l[0].as_str()).collect();
    assert_eq!(
        noms,
        [
            "Côtes-d'Armor (22)",
            "Finistère (29)",
            "Ille-et-Vilaine (35)",
            "Morbihan (56)"
        ]
    );
    assert!(!f.svg.contains("Paris et petite couronne"));
    // Enlarged: Finistère's path is rescaled, not the national one.
    let national = geometrie()
        .traces
        .iter()
        .find(|t| t.code == "29")
        .map(|t| t.d)
        .unwrap_or_default();
    assert!(!national.is_empty() && !f.svg.contains(national));
    // Guadeloupe alone (a région of one département) also works.
    let gp: BTreeSet<String> = ["971".to_owned()].into();
    let g = carte(&toutes_valeurs(), Some(&gp));
    assert_eq!(g.tableau.lignes.len(), 1);
    // A COM has no shape: the national map is drawn instead of nothing.
    let spm: BTreeSet<String> = ["975".to_owned()].into();
    assert_eq!(
        carte(&toutes_valeurs(), Some(&spm)).tableau.lignes.len(),
        101
    );
}
