//! Worked examples: a handful of hand-made canteens through `agreger`.

use super::*;
use crate::indicators::compute;
use crate::model::{
    Achats, Bilan, Euros, Ministere, ModeleEconomique, Secteur, Source, Taux, TypeGestion,
    TypeProduction,
};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
}

fn e(s: &str) -> Option<Euros> {
    Some(Euros(d(s)))
}

fn vide(annee: u16) -> Bilan {
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

fn taux(annee: u16, bio: &str, hors_bio: &str) -> Bilan {
    Bilan {
        source: Some(Source::Opendata),
        taux_bio: Some(Taux(d(bio))),
        taux_egalim_hors_bio: Some(Taux(d(hors_bio))),
        ..vide(annee)
    }
}

fn achats(annee: u16, totale: &str, bio: &str, autres: &str) -> Bilan {
    Bilan {
        achats: Some(Box::new(Achats {
            valeur_totale: e(totale),
            valeur_bio: e(bio),
            valeur_egalim_autres: e(autres),
            ..Achats::default()
        })),
        ..vide(annee)
    }
}

fn cantine(
    siret: &str,
    insee: Option<&str>,
    secteurs: &[Secteur],
    bilans: Vec<Bilan>,
) -> Declaration {
    Declaration {
        siret: siret.into(),
        nom: siret.into(),
        code_insee: insee.map(String::from),
        secteurs: (!secteurs.is_empty()).then(|| secteurs.to_vec()),
        type_production: Some(TypeProduction::Site),
        type_gestion: Some(TypeGestion::Directe),
        modele_economique: Some(ModeleEconomique::Public),
        ministere_tutelle: None,
        nombre_repas_jour: Some(120),
        nombre_repas_an: Some(17000),
        siret_cuisine_centrale: None,
        ma_cantine_id: None,
        presentation: None,
        bilans: bilans.into(),
    }
}

/// Seven canteens:
/// - A (Ardèche, primaire): 2024 amounts 30 % bio, 60 % EGalim, meat 70 %
///   EGalim (reached); 2023 ratios 10 / 30 (not reached);
/// - B (Ardèche, primaire + collège + administration): 2024 amounts 10 / 50
///   (not reached); 2023 ratios 25 / 55 (reached);
/// - C (Guadeloupe, primaire): 2024 ratios 6 / 21, reached with the
///   overseas thresholds 5 / 20;
/// - D (Ardèche, primaire): 2024 aberrant (0.06 € a meal), 100 % organic;
/// - E (Ardèche, armed forces): must leave no trace;
/// - F (Ardèche, primaire): satellite of A, no figures of its own in 2024;
/// - G (commune and sectors unknown): 2024 ratios 50 / 60.
fn jeu() -> Vec<Declaration> {
    use Secteur::*;
    let ardeche = Some("07017");
    let mut a2024 = achats(2024, "100000", "30000", "30000");
    if let Some(x) = a2024.achats.as_mut() {
        x.valeur_viandes_volailles = e("10000");
        x.valeur_viandes_volailles_egalim = e("7000");
    }
    let a = cantine(
        "A",
        ardeche,
        &[EducationPrimaire],
        vec![a2024, taux(2023, "0.10", "0.20")],
    );
    let b = cantine(
        "B",
        ardeche,
        &[
            EducationPrimaire,
            EducationCollege,
            AdministrationCollectivites,
        ],
        vec![
            achats(2024, "300000", "30000", "120000"),
            taux(2023, "0.25", "0.30"),
        ],
    );
    let c = cantine(
        "C",
        Some("97101"),
        &[EducationPrimaire],
        vec![taux(2024, "0.06", "0.15")],
    );
    let dd = cantine(
        "D",
        ardeche,
        &[EducationPrimaire],
        vec![achats(2024, "1000", "1000", "0")],
    );
    let mut armee = cantine(
        "E",
        ardeche,
        &[AdministrationArmee],
        vec![taux(2024, "0.9", "0.1")],
    );
    armee.ministere_tutelle = Some(Ministere::Armee);
    let mut f = cantine("F", ardeche, &[EducationPrimaire], vec![vide(2024)]);
    f.type_production = Some(TypeProduction::Satellite);
    f.siret_cuisine_centrale = Some("A".into());
    let mut g = cantine("G", None, &[], vec![taux(2024, "0.50", "0.10")]);
    g.type_gestion = None;
    vec![a, b, c, dd, armee, f, g]
}

/// The indicators of [`jeu`]'s canteens (F is A's satellite).
fn indicateurs(decls: &[Declaration]) -> Vec<CantineIndicateurs> {
    let central = decls.first();
    decls
        .iter()
        .map(|x| compute(x, if x.siret == "F" { central } else { None }))
        .collect()
}

fn statistiques() -> Statistiques {
    let decls = jeu();
    agreger(decls.iter().zip(&indicateurs(&decls)))
}

fn annee(s: &Statistiques, dim: Dimension, code: &str, an: u16) -> StatsAnnee {
    s.annee(dim, code, an)
        .cloned()
        .unwrap_or_else(|| panic!("{dim:?} {code} {an}"))
}

#[test]
fn national_counts_and_exclusions() {
    let s = statistiques();
    // E (armed forces) is nowhere: 6 canteens, 6 bilans in 2024.
    assert_eq!(
        s.tranche(Dimension::National, FRANCE).map(|t| t.cantines),
        Some(6)
    );
    let n = annee(&s, Dimension::National, FRANCE, 2024);
    assert_eq!(n.bilans, 6);
    assert_eq!(n.bilans_aberrants_exclus, 1);
    // A, B (amounts), C, G (ratios); F shows A's figures and is not recounted.
    assert_eq!((n.bilans_avec_appro, n.bilans_avec_montants), (4, 2));
    assert_eq!(n.bilans_appro_cuisine_centrale, 1);
    // A, C, G reach the objectives, B does not: 3 of 4.
    assert_eq!(n.objectifs_atteints, Proportion::new(3, 4));
    assert_eq!(n.objectifs_atteints.pct_tronque, Some(75));
    // Only A is judged on meat and fish in 2024 (70 %).
    assert_eq!(n.objectif_viandes_poissons, Proportion::new(1, 1));
    // No meat/fish objective before 2024.
    let n2023 = annee(&s, Dimension::National, FRANCE, 2023);
    assert_eq!(n2023.objectif_viandes_poissons.evalues, 0);
    assert_eq!(n2023.objectif_viandes_poissons.pct_tronque, None);
    // E's sector appears in no slice.
    for tranches in s.0.values() {
        assert!(tranches.keys().all(|code| *code != "administration_armee"));
    }
}

#[test]
fn truncation_to_a_whole_percent() {
    let s = statistiques();
    // Primary schools: A and C reach, B does not (D aberrant, F inherited).
    let p = annee(&s, Dimension::Secteur, "education_primaire", 2024);
    assert_eq!(
        (p.objectifs_atteints.atteints, p.objectifs_atteints.evalues),
        (2, 3)
    );
    assert_eq!(p.objectifs_atteints.pct_tronque, Some(66));
    assert_eq!(Proportion::new(199, 200).pct_tronque, Some(99));
    assert_eq!(Proportion::new(0, 0).pct_tronque, None);
}

#[test]
fn distributions_and_medians() {
    let s = statistiques();
    let n = annee(&s, Dimension::National, FRANCE, 2024);
    // pct_bio: C 6, B 10, A 30, G 50 (D's 100 excluded): median (10 + 30) / 2.
    assert_eq!(n.pct_bio.bilans, 4);
    assert_eq!(n.pct_bio.histogramme, [1, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    assert_eq!(n.pct_bio.mediane, Some(d("20")));
    // pct_egalim: C 21, B 50, A 60, G 60: median 55.
    assert_eq!(n.pct_egalim.mediane, Some(d("55")));
    // Odd count: the middle value (primary schools: 6, 10, 30).
    let p = annee(&s, Dimension::Secteur, "education_primaire", 2024);
    assert_eq!(p.pct_bio.mediane, Some(d("10")));
}

#[test]
fn median_rule_and_bins_on_edge_values() {
    let dist = |v: &[u16]| Distribution::de_centiemes(&mut v.to_vec());
    assert_eq!(dist(&[]).mediane, None);
    assert_eq!(dist(&[1234]).mediane, Some(d("12.34")));
    // Even counts: mean of the middle two, half-even: 12.345 → 12.34,
    // 12.355 → 12.36.
    assert_eq!(dist(&[1235, 1234]).mediane, Some(d("12.34")));
    assert_eq!(dist(&[1236, 1235]).mediane, Some(d("12.36")));
    // 9.99 → [0, 10); 10 → [10, 20); 90 and 100 → [90, 100].
    assert_eq!(
        dist(&[999, 1000, 9000, 10000]).histogramme,
        [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    );
}

#[test]
fn weighted_shares_over_bilans_with_amounts() {
    let s = statistiques();
    let w = annee(&s, Dimension::National, FRANCE, 2024).parts_ponderees;
    // A and B only: (30 000 + 30 000) / (100 000 + 300 000) = 15 %, where
    // the mean of their shares would say 20 %.
    assert_eq!((w.bio.bilans, w.bio.pct), (2, Some(d("15"))));
    // (60 000 + 150 000) / 400 000 = 52.5 %.
    assert_eq!(w.egalim.pct, Some(d("52.5")));
    assert_eq!(w.egalim_hors_bio.pct, Some(d("37.5")));
    // Meat and fish: A alone, 7 000 / 10 000.
    assert_eq!(
        (
            w.viandes_poissons_egalim.bilans,
            w.viandes_poissons_egalim.pct
        ),
        (1, Some(d("70")))
    );
    // No fish at all: unknown, not 0.
    assert_eq!(
        (
            w.produits_de_la_mer_egalim.bilans,
            w.produits_de_la_mer_egalim.pct
        ),
        (0, None)
    );
    // 2023 has only ratios: no weighted share.
    let w2023 = annee(&s, Dimension::National, FRANCE, 2023).parts_ponderees;
    assert_eq!((w2023.bio.bilans, w2023.bio.pct), (0, None));
}

#[test]
fn year_over_year_on_the_same_canteens() {
    let s = statistiques();
    let ev = annee(&s, Dimension::National, FRANCE, 2024).evolution;
    // Panel: A and B (C and G have no 2023 bilan).
    assert_eq!((ev.annee_precedente, ev.cantines), (2023, 2));
    assert_eq!((ev.atteints, ev.atteints_precedente), (1, 1));
    assert_eq!(ev.ecart_atteints_points, Some(d("0")));
    // pct_bio: (30 + 10) / 2 = 20 against (10 + 25) / 2 = 17.5.
    assert_eq!(ev.moyenne_pct_bio, Some(d("20")));
    assert_eq!(ev.moyenne_pct_bio_precedente, Some(d("17.5")));
    assert_eq!(ev.ecart_pct_bio_points, Some(d("2.5")));
    // pct_egalim: (60 + 50) / 2 = 55 against (30 + 55) / 2 = 42.5.
    assert_eq!(ev.ecart_pct_egalim_points, Some(d("12.5")));
    // The first year has no panel: base 0, unknown values.
    let ev2023 = annee(&s, Dimension::National, FRANCE, 2023).evolution;
    assert_eq!(
        (ev2023.cantines, ev2023.pct_atteints, ev2023.moyenne_pct_bio),
        (0, None, None)
    );
}

#[test]
fn slices_territories_sectors_and_unknowns() {
    let s = statistiques();
    // Ardèche: A, B, D, F (E excluded).
    assert_eq!(
        s.tranche(Dimension::Departement, "07").map(|t| t.cantines),
        Some(4)
    );
    let r = annee(&s, Dimension::Region, "84", 2024);
    assert_eq!((r.bilans, r.bilans_aberrants_exclus), (4, 1));
    assert_eq!(r.objectifs_atteints.pct_tronque, Some(50));
    assert_eq!(
        s.tranche(Dimension::Region, "01").map(|t| t.cantines),
        Some(1)
    );
    // G: unknown commune, sectors and management.
    for dim in [
        Dimension::Region,
        Dimension::Departement,
        Dimension::Secteur,
        Dimension::Categorie,
        Dimension::Gestion,
    ] {
        assert_eq!(
            s.tranche(dim, INCONNU).map(|t| t.cantines),
            Some(1),
            "{dim:?}"
        );
    }
    // B counts in each of its three sectors, but once in "education".
    assert_eq!(
        s.tranche(Dimension::Secteur, "education_secondaire_college")
            .map(|t| t.cantines),
        Some(1)
    );
    assert_eq!(
        s.tranche(Dimension::Categorie, "education")
            .map(|t| t.cantines),
        Some(5)
    );
    assert_eq!(
        s.tranche(Dimension::Categorie, "administration")
            .map(|t| t.cantines),
        Some(1)
    );
    assert_eq!(
        s.tranche(Dimension::Production, "site_cooked_elsewhere")
            .map(|t| t.cantines),
        Some(1)
    );
    assert_eq!(
        s.tranche(Dimension::Modele, "public").map(|t| t.cantines),
        Some(6)
    );
}

#[test]
fn json_shape_for_statistiques_json() {
    let json = serde_json::to_value(statistiques()).unwrap_or_default();
    let n = &json["national"]["france"]["annees"]["2024"];
    assert_eq!(n["objectifs_atteints"]["pct_tronque"], 75);
    assert_eq!(n["pct_bio"]["mediane"], 20);
    assert_eq!(n["parts_ponderees"]["egalim"]["pct"], 52.5);
    assert!(n["parts_ponderees"]["produits_de_la_mer_egalim"]["pct"].is_null());
    assert_eq!(json["region"]["84"]["cantines"], 4);
}

#[test]
fn parallel_parts_give_the_figures_of_one_pass_in_any_order() {
    // The worked set 1 500 times: 10 500 canteens, three parts of the
    // parallel accumulation, merged in order.
    const FOIS: u64 = 1_500;
    let decls = jeu();
    let indicateurs = indicateurs(&decls);
    let mut liste: Vec<(&Declaration, &CantineIndicateurs)> = Vec::new();
    for _ in 0..FOIS {
        liste.extend(decls.iter().zip(&indicateurs));
    }
    assert!(liste.len() > 2 * PART);
    let grand = agreger(liste.iter().copied());
    let petit = statistiques();
    // Counts are multiplied; shares, medians and verdict rates are not.
    let (g, p) = (
        annee(&grand, Dimension::National, FRANCE, 2024),
        annee(&petit, Dimension::National, FRANCE, 2024),
    );
    assert_eq!(
        grand
            .tranche(Dimension::National, FRANCE)
            .map(|t| t.cantines),
        Some(6 * FOIS)
    );
    assert_eq!(g.bilans, p.bilans * FOIS);
    assert_eq!(g.bilans_aberrants_exclus, p.bilans_aberrants_exclus * FOIS);
    assert_eq!(g.objectifs_atteints, Proportion::new(3 * FOIS, 4 * FOIS));
    assert_eq!(g.pct_bio.mediane, p.pct_bio.mediane);
    assert_eq!(g.pct_egalim.mediane, p.pct_egalim.mediane);
    assert_eq!(g.parts_ponderees.bio.pct, p.parts_ponderees.bio.pct);
    assert_eq!(
        g.parts_ponderees.bio.bilans,
        p.parts_ponderees.bio.bilans * FOIS
    );
    // The same canteens in the reverse order: the same bytes.
    let inverse = agreger(liste.iter().rev().copied());
    assert_eq!(
        serde_json::to_string(&grand).ok(),
        serde_json::to_string(&inverse).ok()
    );
}
