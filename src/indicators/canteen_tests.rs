//! Worked examples: whole canteens through `compute`.

use super::*;
use crate::indicators::badges::Badge;
use crate::model::{Achats, Diversification, Euros, Information, MenuVegetarien, Secteur, Taux};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
}

fn e(s: &str) -> Option<Euros> {
    Some(Euros(d(s)))
}

pub(crate) fn bilan_vide(annee: u16) -> Bilan {
    Bilan {
        annee,
        source: None,
        taux_bio: None,
        taux_egalim_hors_bio: None,
        achats: None,
        gaspillage: None,
        diversification: None,
        plastique: None,
        information: None,
        commentaires: None,
    }
}

pub(crate) fn bilan_taux(annee: u16, bio: &str, hors_bio: &str) -> Bilan {
    Bilan {
        source: Some(Source::Opendata),
        taux_bio: Some(Taux(d(bio))),
        taux_egalim_hors_bio: Some(Taux(d(hors_bio))),
        ..bilan_vide(annee)
    }
}

pub(crate) fn bilan_achats(annee: u16, totale: &str, bio: &str, egalim_autres: &str) -> Bilan {
    Bilan {
        achats: Some(Box::new(Achats {
            valeur_totale: e(totale),
            valeur_bio: e(bio),
            valeur_egalim_autres: e(egalim_autres),
            ..Achats::default()
        })),
        ..bilan_vide(annee)
    }
}

pub(crate) fn cantine(siret: &str, code_insee: &str, bilans: Vec<Bilan>) -> Declaration {
    Declaration {
        siret: siret.into(),
        nom: format!("Cantine {siret}"),
        code_insee: Some(code_insee.into()),
        secteurs: Some(vec![Secteur::EducationPrimaire]),
        type_production: Some(TypeProduction::Site),
        type_gestion: None,
        modele_economique: None,
        ministere_tutelle: None,
        nombre_repas_jour: Some(120),
        nombre_repas_an: Some(17000),
        siret_cuisine_centrale: None,
        ma_cantine_id: None,
        presentation: None,
        bilans: bilans.into(),
    }
}

/// The example of SPEC §2, Cantine des Assions (Ardèche).
fn assions() -> Declaration {
    let mut b2024 = bilan_vide(2024);
    b2024.achats = Some(Box::new(Achats {
        valeur_totale: e("182000.50"),
        valeur_bio: e("31000"),
        valeur_siqo: e("12000"),
        valeur_externalites_performance: e("0"),
        valeur_egalim_autres: e("9000"),
        valeur_viandes_volailles: e("40000"),
        valeur_viandes_volailles_egalim: e("15000"),
        valeur_viandes_volailles_france: e("30000"),
        valeur_produits_de_la_mer: e("8000"),
        valeur_produits_de_la_mer_egalim: e("3000"),
        valeur_produits_de_la_mer_france: e("1000"),
    }));
    b2024.diversification = Some(Box::new(Diversification {
        plan: Some(true),
        menu_vegetarien: Some(MenuVegetarien::Hebdomadaire),
    }));
    b2024.information = Some(Box::new(Information {
        qualite: Some(true),
        ..Information::default()
    }));
    cantine(
        "21070017500016",
        "07017",
        vec![bilan_taux(2023, "0.2665", "0.1247"), b2024],
    )
}

#[test]
fn the_spec_example_bilan_by_bilan() {
    let c = compute(&assions(), None);
    assert_eq!((c.departement, c.region), (Some("07"), Some("84")));
    assert_eq!(c.groupe, GroupeTerritorial::Hexagone);
    // Latest year first.
    assert_eq!(
        c.bilans.iter().map(|b| b.annee).collect::<Vec<_>>(),
        [2024, 2023]
    );

    let b = &c.bilans[0];
    assert_eq!(
        (b.source, b.origine_appro),
        (SourceBilan::Declare, Some(OrigineAppro::Montants))
    );
    // 31 000 / 182 000.50 = 17.0329…%; 52 000 / 182 000.50 = 28.5713…%.
    assert_eq!(b.pct.pct_bio, Some(d("17.03")));
    assert_eq!(b.pct.pct_egalim, Some(d("28.57")));
    assert_eq!(b.pct.pct_egalim_hors_bio, Some(d("11.54")));
    assert_eq!(b.seuils.bio, d("20"));
    assert_eq!(b.objectifs_atteints, Some(false));
    // Meat and fish: 18 000 / 48 000 = 37.5 % < 60 %.
    assert_eq!(b.pct.pct_viandes_poissons_egalim, Some(d("37.50")));
    assert_eq!(b.seuil_viandes_poissons, Some(d("60")));
    assert_eq!(b.objectif_viandes_poissons, Some(false));
    assert_eq!(b.cout_repas, Some(d("10.71")));
    assert!(!b.aberrant);
    assert_eq!(b.badges.appro, Badge::NonObtenu);
    assert_eq!(b.badges.gaspillage, Badge::SansDonnee);
    assert_eq!(b.badges.diversification, Badge::Obtenu);
    assert_eq!(b.badges.information, Badge::Obtenu);

    let b = &c.bilans[1];
    assert_eq!(
        (b.source, b.origine_appro),
        (SourceBilan::DonneesOuvertes, Some(OrigineAppro::Taux))
    );
    assert_eq!(
        (b.pct.pct_bio, b.pct.pct_egalim),
        (Some(d("26.65")), Some(d("39.12")))
    );
    assert_eq!(b.objectifs_atteints, Some(false));
    // No meat/fish objective before 2024; no cost without amounts.
    assert_eq!(
        (b.seuil_viandes_poissons, b.objectif_viandes_poissons),
        (None, None)
    );
    assert_eq!((b.cout_repas, b.aberrant), (None, false));
}

#[test]
fn overseas_canteens_follow_the_decree_schedule() {
    // Les Abymes, Guadeloupe: 6 % organic, 25 % EGalim.
    let g = cantine(
        "1",
        "97101",
        vec![
            bilan_taux(2025, "0.06", "0.19"),
            bilan_taux(2026, "0.06", "0.19"),
        ],
    );
    let c = compute(&g, None);
    assert_eq!(
        (c.region, c.groupe),
        (Some("01"), GroupeTerritorial::Groupe1)
    );
    assert_eq!(c.bilan(2025).and_then(|b| b.objectifs_atteints), Some(true));
    // 2026: 10 / 35.
    assert_eq!(
        c.bilan(2026).and_then(|b| b.objectifs_atteints),
        Some(false)
    );
    // Mamoudzou, Saint-Pierre, Saint-Martin, Saint-Barthélemy.
    assert_eq!(
        compute(&cantine("2", "97611", vec![]), None).groupe,
        GroupeTerritorial::Groupe2Mayotte
    );
    assert_eq!(
        compute(&cantine("3", "97502", vec![]), None).groupe,
        GroupeTerritorial::Groupe3SaintPierreEtMiquelon
    );
    assert_eq!(
        compute(&cantine("4", "97801", vec![]), None).groupe,
        GroupeTerritorial::Groupe1
    );
    assert_eq!(
        compute(&cantine("5", "97701", vec![]), None).groupe,
        GroupeTerritorial::Hexagone
    );
    // Unknown commune: hexagone, the general thresholds.
    let mut inconnue = cantine("6", "07017", vec![]);
    inconnue.code_insee = None;
    let c = compute(&inconnue, None);
    assert_eq!(
        (c.departement, c.region, c.groupe),
        (None, None, GroupeTerritorial::Hexagone)
    );
}

#[test]
fn aberrant_cost_per_meal() {
    // 2 100 000 € for 17 000 meals: 123.53 € a meal over 1 M€.
    let c = compute(
        &cantine("1", "07017", vec![bilan_achats(2024, "2100000", "0", "0")]),
        None,
    );
    assert_eq!(c.bilans[0].cout_repas, Some(d("123.53")));
    assert!(c.bilans[0].aberrant);
    // 1 000 € for 17 000 meals: 0.06 € a meal.
    let c = compute(
        &cantine("1", "07017", vec![bilan_achats(2024, "1000", "0", "0")]),
        None,
    );
    assert!(c.bilans[0].aberrant);
}

#[test]
fn state_restaurants_are_held_to_100_percent_meat_and_fish() {
    let mut b = bilan_achats(2024, "100000", "30000", "30000");
    if let Some(a) = b.achats.as_mut() {
        a.valeur_viandes_volailles = e("10000");
        a.valeur_viandes_volailles_egalim = e("9000");
    }
    let mut decl = cantine("1", "07017", vec![b]);
    let municipale = compute(&decl, None);
    assert_eq!(municipale.bilans[0].objectif_viandes_poissons, Some(true));
    decl.ministere_tutelle = Some(Ministere::Justice);
    let etat = compute(&decl, None);
    assert!(etat.restaurant_de_l_etat);
    assert_eq!(etat.bilans[0].seuil_viandes_poissons, Some(d("100")));
    assert_eq!(etat.bilans[0].objectif_viandes_poissons, Some(false));
}

fn satellite_et_cuisine() -> (Declaration, Declaration) {
    // The satellite, in Guadeloupe, has measures but no figures in 2024,
    // its own ratios in 2023, nothing in 2022.
    let mut b2024 = bilan_vide(2024);
    b2024.information = Some(Box::new(Information::default()));
    let mut sat = cantine(
        "11111111111111",
        "97101",
        vec![b2024, bilan_taux(2023, "0.01", "0.01"), bilan_vide(2022)],
    );
    sat.type_production = Some(TypeProduction::Satellite);
    sat.siret_cuisine_centrale = Some("22222222222222".into());
    // The kitchen, in Ardèche: 8 % organic, 25 % EGalim in 2024.
    let mut cuisine = cantine(
        "22222222222222",
        "07017",
        vec![bilan_achats(2024, "100000", "8000", "17000")],
    );
    cuisine.type_production = Some(TypeProduction::Centrale);
    (sat, cuisine)
}

#[test]
fn a_satellite_shows_its_kitchens_figures_marked_as_such() {
    let (sat, cuisine) = satellite_et_cuisine();
    let c = compute(&sat, Some(&cuisine));
    let b2024 = c.bilan(2024).cloned().unwrap_or_else(|| panic!("2024"));
    assert!(b2024.appro_de_la_cuisine_centrale);
    assert_eq!(b2024.origine_appro, Some(OrigineAppro::CuisineCentrale));
    assert_eq!(
        (b2024.pct.pct_bio, b2024.pct.pct_egalim),
        (Some(d("8.00")), Some(d("25.00")))
    );
    // Judged with the satellite's own thresholds (Guadeloupe 2024: 5 / 20),
    // though the kitchen itself (hexagone) does not reach its own.
    assert_eq!(b2024.objectifs_atteints, Some(true));
    assert_eq!(b2024.badges.appro, Badge::Obtenu);
    assert_eq!(
        compute(&cuisine, None).bilans[0].objectifs_atteints,
        Some(false)
    );
    // The kitchen's amounts say nothing of the satellite's cost per meal.
    assert_eq!((b2024.cout_repas, b2024.aberrant), (None, false));
    // Its own ratios win in 2023.
    let b2023 = c.bilan(2023).cloned().unwrap_or_else(|| panic!("2023"));
    assert!(!b2023.appro_de_la_cuisine_centrale);
    assert_eq!(b2023.pct.pct_bio, Some(d("1.00")));
    // 2022: nothing on either side.
    let b2022 = c.bilan(2022).cloned().unwrap_or_else(|| panic!("2022"));
    assert_eq!((b2022.origine_appro, b2022.pct.pct_bio), (None, None));
    assert_eq!(b2022.badges.appro, Badge::SansDonnee);
}

#[test]
fn no_inheritance_from_another_or_an_armed_forces_kitchen() {
    let (mut sat, mut cuisine) = satellite_et_cuisine();
    // Not the kitchen the satellite names.
    cuisine.siret = "33333333333333".into();
    assert_eq!(compute(&sat, Some(&cuisine)).bilans[0].origine_appro, None);
    // An armed-forces kitchen's data never reaches the site.
    cuisine.siret = "22222222222222".into();
    cuisine.ministere_tutelle = Some(Ministere::Armee);
    assert_eq!(compute(&sat, Some(&cuisine)).bilans[0].origine_appro, None);
    // A canteen that is not a satellite does not inherit.
    cuisine.ministere_tutelle = None;
    sat.type_production = Some(TypeProduction::Site);
    assert_eq!(compute(&sat, Some(&cuisine)).bilans[0].origine_appro, None);
}

#[test]
fn exports_carry_shares_and_verdicts_but_no_euros() {
    let c = compute(&assions(), None);
    let json = serde_json::to_string(&c).unwrap_or_default();
    assert!(json.contains(r#""pct_bio":17.03"#), "{json}");
    assert!(
        json.contains(r#""seuils":{"bio":20,"egalim":50}"#),
        "{json}"
    );
    assert!(json.contains(r#""groupe":"hexagone""#), "{json}");
    assert!(json.contains(r#""appro":"non_obtenu""#), "{json}");
    assert!(
        json.contains(r#""pct_viandes_poissons_egalim":null"#),
        "{json}"
    );
    assert!(!json.contains("cout"), "{json}");
    assert!(!json.contains("182000"), "{json}");
    assert!(!json.contains("10.71"), "{json}");
}

#[test]
fn the_latest_verdict_alone_is_that_of_all_the_indicators() {
    // Every real declaration, with its published central kitchen.
    let decls: Vec<(String, Declaration)> = crate::site::essai::declarations();
    let by_siret: std::collections::HashMap<&str, &Declaration> =
        decls.iter().map(|(_, d)| (d.siret.as_str(), d)).collect();
    let mut connus = 0;
    for (dossier, d) in &decls {
        let central = d
            .siret_cuisine_centrale
            .as_deref()
            .and_then(|s| by_siret.get(s).copied());
        let tous = compute_dans(d, central, Some(dossier));
        let seul = objectifs_du_dernier(d, central, Some(dossier));
        let attendu = tous.bilans.first().and_then(|b| b.objectifs_atteints);
        assert_eq!(seul, attendu, "{}", d.siret);
        connus += usize::from(seul.is_some());
    }
    assert!(connus > 5_000, "{connus}");

    // Two bilans of the same latest year: the first in the file, as the
    // stable sort of `compute_dans` keeps it (30 % organic and 50 % EGalim
    // meet the 2024 objectives, 10 % does not).
    let mut decl = decls[0].1.clone();
    decl.ministere_tutelle = None;
    decl.code_insee = Some("07017".into());
    let mut a = bilan_vide(2024);
    a.taux_bio = Some(Taux(d("0.30")));
    a.taux_egalim_hors_bio = Some(Taux(d("0.25")));
    let mut b = bilan_vide(2024);
    b.taux_bio = Some(Taux(d("0.10")));
    b.taux_egalim_hors_bio = Some(Taux(d("0.25")));
    decl.bilans = vec![bilan_vide(2022), a.clone(), b.clone(), bilan_vide(2023)].into();
    assert_eq!(objectifs_du_dernier(&decl, None, None), Some(true));
    assert_eq!(
        compute(&decl, None)
            .bilans
            .first()
            .and_then(|x| x.objectifs_atteints),
        Some(true)
    );
    decl.bilans = vec![b, a].into();
    assert_eq!(objectifs_du_dernier(&decl, None, None), Some(false));
    decl.bilans.clear();
    assert_eq!(objectifs_du_dernier(&decl, None, None), None);
}
