//! Worked examples for the shares of SPEC §4.1.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s}"))
}

fn e(s: &str) -> Option<Euros> {
    Some(Euros(d(s)))
}

fn t(s: &str) -> Option<Taux> {
    Some(Taux(d(s)))
}

/// The example of SPEC §2.
fn exemple() -> Achats {
    Achats {
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
    }
}

#[test]
fn shares_of_the_spec_example() {
    let p = Parts::depuis_achats(&exemple());
    // egalim = 31 000 + 12 000 + 0 + 9 000 = 52 000.
    assert_eq!(valeur_egalim(&exemple()), Some(d("52000")));
    assert_eq!(p.bio, Some(d("31000") / d("182000.50")));
    assert_eq!(p.egalim, Some(d("52000") / d("182000.50")));
    assert_eq!(p.egalim_hors_bio, Some(d("21000") / d("182000.50")));
    assert_eq!(p.viandes_volailles_egalim, Some(d("0.375")));
    assert_eq!(p.viandes_volailles_france, Some(d("0.75")));
    assert_eq!(p.produits_de_la_mer_egalim, Some(d("0.375")));
    assert_eq!(p.produits_de_la_mer_france, Some(d("0.125")));
    // (15 000 + 3 000) / (40 000 + 8 000) = 0.375.
    assert_eq!(p.viandes_poissons_egalim, Some(d("0.375")));
}

#[test]
fn missing_egalim_terms_count_as_zero() {
    let a = Achats {
        valeur_totale: e("1000"),
        valeur_siqo: e("300"),
        ..Achats::default()
    };
    let p = Parts::depuis_achats(&a);
    assert_eq!(p.egalim, Some(d("0.3")));
    assert_eq!(p.egalim_hors_bio, Some(d("0.3")));
    // But the organic share needs its own numerator.
    assert_eq!(p.bio, None);
}

#[test]
fn egalim_is_unknown_when_all_its_terms_are_missing() {
    let a = Achats {
        valeur_totale: e("1000"),
        ..Achats::default()
    };
    let p = Parts::depuis_achats(&a);
    assert_eq!((p.bio, p.egalim, p.egalim_hors_bio), (None, None, None));
    // Only organic declared: EGalim = organic, nothing else.
    let a = Achats {
        valeur_totale: e("1000"),
        valeur_bio: e("250"),
        ..Achats::default()
    };
    let p = Parts::depuis_achats(&a);
    assert_eq!(p.egalim, Some(d("0.25")));
    assert_eq!(p.egalim_hors_bio, Some(d("0")));
}

#[test]
fn a_total_of_zero_or_missing_makes_every_share_unknown() {
    for totale in [e("0"), None] {
        let a = Achats {
            valeur_totale: totale,
            ..exemple()
        };
        let p = Parts::depuis_achats(&a);
        assert_eq!((p.bio, p.egalim, p.egalim_hors_bio), (None, None, None));
        // The meat/fish shares have their own denominators.
        assert_eq!(p.viandes_poissons_egalim, Some(d("0.375")));
    }
}

#[test]
fn a_part_above_its_total_is_unknown() {
    let a = Achats {
        valeur_totale: e("1000"),
        valeur_bio: e("1200"),
        ..Achats::default()
    };
    let p = Parts::depuis_achats(&a);
    assert_eq!(p.bio, None);
    assert_eq!(p.egalim, None);
    // Exactly the total is allowed: 100 %.
    let a = Achats {
        valeur_totale: e("1000"),
        valeur_bio: e("1000"),
        ..Achats::default()
    };
    assert_eq!(Parts::depuis_achats(&a).bio, Some(Decimal::ONE));
}

#[test]
fn meat_and_fish_over_the_families_bought() {
    // Only meat bought; no fish line at all: judged on meat alone.
    let a = Achats {
        valeur_viandes_volailles: e("1000"),
        valeur_viandes_volailles_egalim: e("600"),
        ..Achats::default()
    };
    assert_eq!(
        Parts::depuis_achats(&a).viandes_poissons_egalim,
        Some(d("0.6"))
    );
    // Fish total 0 and fish EGalim 0: the same.
    let a = Achats {
        valeur_produits_de_la_mer: e("0"),
        valeur_produits_de_la_mer_egalim: e("0"),
        ..a
    };
    assert_eq!(
        Parts::depuis_achats(&a).viandes_poissons_egalim,
        Some(d("0.6"))
    );
    // Fish bought but its EGalim value missing: not a zero, so unknown.
    let b = Achats {
        valeur_produits_de_la_mer: e("500"),
        valeur_produits_de_la_mer_egalim: None,
        ..a.clone()
    };
    assert_eq!(Parts::depuis_achats(&b).viandes_poissons_egalim, None);
    // EGalim fish declared without any fish total: contradictory, unknown.
    let c = Achats {
        valeur_produits_de_la_mer: None,
        valeur_produits_de_la_mer_egalim: e("100"),
        ..a.clone()
    };
    assert_eq!(Parts::depuis_achats(&c).viandes_poissons_egalim, None);
    // No meat, no fish: no data.
    assert_eq!(
        Parts::depuis_achats(&Achats::default()).viandes_poissons_egalim,
        None
    );
    // A family whose EGalim value exceeds its total: unknown.
    let f = Achats {
        valeur_viandes_volailles: e("100"),
        valeur_viandes_volailles_egalim: e("150"),
        valeur_produits_de_la_mer: e("1000"),
        valeur_produits_de_la_mer_egalim: e("0"),
        ..Achats::default()
    };
    assert_eq!(Parts::depuis_achats(&f).viandes_poissons_egalim, None);
}

#[test]
fn open_data_ratios() {
    let p = Parts::depuis_taux(t("0.2665"), t("0.1247"));
    assert_eq!(p.bio, Some(d("0.2665")));
    assert_eq!(p.egalim, Some(d("0.3912")));
    assert_eq!(p.egalim_hors_bio, Some(d("0.1247")));
    assert_eq!(p.viandes_poissons_egalim, None);
    // A missing ratio leaves EGalim unknown, not equal to the other ratio.
    let p = Parts::depuis_taux(t("0.30"), None);
    assert_eq!((p.bio, p.egalim), (Some(d("0.30")), None));
    // Ratios summing above 1, or out of range: unknown.
    assert_eq!(Parts::depuis_taux(t("0.7"), t("0.4")).egalim, None);
    assert_eq!(Parts::depuis_taux(t("1.2"), t("0")).bio, None);
}

#[test]
fn a_bilan_without_amounts_or_ratios_has_no_shares() {
    let mut bilan = Bilan {
        annee: 2023,
        source: None,
        taux_bio: None,
        taux_egalim_hors_bio: None,
        achats: None,
        gaspillage: None,
        diversification: None,
        plastique: None,
        information: None,
        commentaires: None,
    };
    assert_eq!(Parts::du_bilan(&bilan), None);
    bilan.taux_bio = t("0.5");
    assert_eq!(Parts::du_bilan(&bilan).and_then(|p| p.bio), Some(d("0.5")));
    // Amounts win over ratios should a file hold both.
    bilan.achats = Some(Box::new(exemple()));
    assert_eq!(
        Parts::du_bilan(&bilan).and_then(|p| p.viandes_poissons_egalim),
        Some(d("0.375"))
    );
}
