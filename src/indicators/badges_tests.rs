//! Worked examples for the badges of SPEC §4.5.

use super::*;
use crate::model::{ActionGaspillage, Information, Plastique};

fn gaspillage(diagnostic: Option<bool>, actions: usize, dons: Option<bool>) -> Gaspillage {
    Gaspillage {
        diagnostic,
        plan_actions: Some(true),
        actions: Some(vec![ActionGaspillage::Portions; actions]),
        convention_dons: dons,
    }
}

#[test]
fn appro_follows_the_objectives() {
    assert_eq!(badge_appro(Some(true)), Badge::Obtenu);
    assert_eq!(badge_appro(Some(false)), Badge::NonObtenu);
    assert_eq!(badge_appro(None), Badge::SansDonnee);
}

#[test]
fn gaspillage_small_canteens_need_no_donation_agreement() {
    let g = gaspillage(Some(true), 1, Some(false));
    assert_eq!(badge_gaspillage(Some(&g), Some(120)), Badge::Obtenu);
    assert_eq!(badge_gaspillage(Some(&g), Some(2999)), Badge::Obtenu);
    // 3 000 meals a day or more: the agreement is required.
    assert_eq!(badge_gaspillage(Some(&g), Some(3000)), Badge::NonObtenu);
    let avec_dons = gaspillage(Some(true), 2, Some(true));
    assert_eq!(
        badge_gaspillage(Some(&avec_dons), Some(5000)),
        Badge::Obtenu
    );
    // Unknown meal count: no exemption.
    assert_eq!(badge_gaspillage(Some(&g), None), Badge::NonObtenu);
    assert_eq!(badge_gaspillage(Some(&avec_dons), None), Badge::Obtenu);
}

#[test]
fn gaspillage_needs_a_diagnostic_and_an_action() {
    let sans_action = gaspillage(Some(true), 0, Some(true));
    assert_eq!(
        badge_gaspillage(Some(&sans_action), Some(100)),
        Badge::NonObtenu
    );
    // `diagnostic` left out of a present section: not done.
    let sans_diagnostic = gaspillage(None, 1, Some(true));
    assert_eq!(
        badge_gaspillage(Some(&sans_diagnostic), Some(100)),
        Badge::NonObtenu
    );
    let mut sans_liste = gaspillage(Some(true), 1, Some(true));
    sans_liste.actions = None;
    assert_eq!(
        badge_gaspillage(Some(&sans_liste), Some(100)),
        Badge::NonObtenu
    );
    // No section: no data.
    assert_eq!(badge_gaspillage(None, Some(100)), Badge::SansDonnee);
}

fn diversification(plan: Option<bool>, menu: Option<MenuVegetarien>) -> Diversification {
    Diversification {
        plan,
        menu_vegetarien: menu,
    }
}

#[test]
fn diversification_rules() {
    use MenuVegetarien::*;
    let hebdo = diversification(Some(false), Some(Hebdomadaire));
    // A school serving a weekly vegetarian menu: earned.
    assert_eq!(
        badge_diversification(Some(&hebdo), Some(120), Some(false)),
        Badge::Obtenu
    );
    // An administrative restaurant needs a daily one…
    assert_eq!(
        badge_diversification(Some(&hebdo), Some(120), Some(true)),
        Badge::NonObtenu
    );
    let quotidien = diversification(None, Some(Quotidien));
    assert_eq!(
        badge_diversification(Some(&quotidien), Some(120), Some(true)),
        Badge::Obtenu
    );
    // … or, from 200 meals a day, a plan.
    let plan = diversification(Some(true), Some(Rarement));
    assert_eq!(
        badge_diversification(Some(&plan), Some(200), Some(true)),
        Badge::Obtenu
    );
    assert_eq!(
        badge_diversification(Some(&plan), Some(199), Some(true)),
        Badge::NonObtenu
    );
    assert_eq!(
        badge_diversification(Some(&plan), Some(199), Some(false)),
        Badge::NonObtenu
    );
    // Menu left out of a present section: not done.
    let rien = diversification(None, None);
    assert_eq!(
        badge_diversification(Some(&rien), Some(500), Some(false)),
        Badge::NonObtenu
    );
    assert_eq!(
        badge_diversification(None, Some(500), Some(false)),
        Badge::SansDonnee
    );
    // Sectors unknown: a weekly menu cannot be judged, a daily one can.
    assert_eq!(
        badge_diversification(Some(&hebdo), Some(120), None),
        Badge::SansDonnee
    );
    assert_eq!(
        badge_diversification(Some(&quotidien), Some(120), None),
        Badge::Obtenu
    );
    let jamais = diversification(Some(false), Some(Jamais));
    assert_eq!(
        badge_diversification(Some(&jamais), Some(120), None),
        Badge::NonObtenu
    );
}

#[test]
fn administration_group_is_any_of_the_sectors() {
    use Secteur::*;
    assert_eq!(
        a_un_secteur_administration(Some(&[EducationPrimaire])),
        Some(false)
    );
    assert_eq!(
        a_un_secteur_administration(Some(&[EducationPrimaire, AdministrationCollectivites])),
        Some(true)
    );
    assert_eq!(a_un_secteur_administration(None), None);
    assert_eq!(a_un_secteur_administration(Some(&[])), None);
}

#[test]
fn plastique_needs_all_four() {
    let t = Some(true);
    let tout = Plastique {
        contenants_cuisson: t,
        contenants_service: t,
        bouteilles: t,
        ustensiles: t,
    };
    assert_eq!(badge_plastique(Some(&tout)), Badge::Obtenu);
    let trois = Plastique {
        ustensiles: Some(false),
        ..tout.clone()
    };
    assert_eq!(badge_plastique(Some(&trois)), Badge::NonObtenu);
    let omis = Plastique {
        bouteilles: None,
        ..tout
    };
    assert_eq!(badge_plastique(Some(&omis)), Badge::NonObtenu);
    assert_eq!(badge_plastique(None), Badge::SansDonnee);
}

#[test]
fn information_on_quality() {
    let oui = Information {
        qualite: Some(true),
        ..Information::default()
    };
    assert_eq!(badge_information(Some(&oui)), Badge::Obtenu);
    let non = Information {
        qualite: Some(false),
        ..oui.clone()
    };
    assert_eq!(badge_information(Some(&non)), Badge::NonObtenu);
    assert_eq!(
        badge_information(Some(&Information::default())),
        Badge::NonObtenu
    );
    assert_eq!(badge_information(None), Badge::SansDonnee);
}
