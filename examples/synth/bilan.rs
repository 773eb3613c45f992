//! One data year of a synthetic canteen: either the open-data form (a real
//! pair of ratios) or a declared bilan with consistent € amounts (every part
//! ≤ its total, 2 decimals, EGalim meat and fish ≤ the EGalim sum) and the
//! four measures.

use crate::pools::Pools;
use crate::rng::Rng;
use crate::text;
use cantine::model::{
    Achats, ActionGaspillage, Bilan, Commentaires, Diversification, Euros, FrequenceInformation,
    Gaspillage, Information, MenuVegetarien, Plastique, Source, SupportInformation, Taux,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A bilan imported from the open data: a real (taux_bio, taux_egalim_hors_bio) pair.
pub fn opendata(rng: &mut Rng, pools: &Pools, annee: u16) -> Bilan {
    let (bio, hors_bio) = rng.pick(&pools.taux).copied().unwrap_or_default();
    Bilan {
        source: Some(Source::Opendata),
        taux_bio: Some(bio),
        taux_egalim_hors_bio: Some(hors_bio),
        ..empty(annee)
    }
}

fn empty(annee: u16) -> Bilan {
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

/// A declared bilan for a canteen serving `repas_an` meals a year.
pub fn declare(rng: &mut Rng, pools: &Pools, annee: u16, repas_an: u32, siret: &str) -> Bilan {
    let (bio, hors_bio) = rng.pick(&pools.taux).copied().unwrap_or_default();
    Bilan {
        achats: Some(Box::new(achats(rng, repas_an, bio, hors_bio))),
        gaspillage: rng.chance(90).then(|| Box::new(gaspillage(rng))),
        diversification: rng.chance(90).then(|| Box::new(diversification(rng))),
        plastique: rng.chance(85).then(|| Box::new(plastique(rng))),
        information: rng.chance(85).then(|| Box::new(information(rng, siret))),
        commentaires: rng.chance(20).then(|| Box::new(commentaires(rng))),
        ..empty(annee)
    }
}

/// `cents × ratio`, rounded to the cent, in cents.
fn share(cents: i64, ratio: Taux) -> i64 {
    (Decimal::from(cents) * ratio.0)
        .round()
        .to_i64()
        .unwrap_or(0)
        .clamp(0, cents)
}

/// `cents × percent / 100`, in cents.
fn percent(cents: i64, percent: u64) -> i64 {
    cents * percent as i64 / 100
}

fn euros(cents: i64) -> Option<Euros> {
    Some(Euros(Decimal::new(cents, 2)))
}

/// Purchases: a cost per meal of 1.80 € to 5.50 €, the bio and EGalim
/// shares of a real open-data bilan, meat 15–35 % and fish 3–10 % of the total.
fn achats(rng: &mut Rng, repas_an: u32, bio: Taux, hors_bio: Taux) -> Achats {
    let totale = i64::from(repas_an) * rng.range(180, 550) as i64;
    let bio = share(totale, bio);
    let hors_bio = share(totale, hors_bio).min(totale - bio);
    let siqo = percent(hors_bio, rng.range(0, 60));
    let externalites = percent(hors_bio - siqo, rng.range(0, 20));
    let autres = hors_bio - siqo - externalites;
    let egalim = bio + hors_bio;

    let viandes = percent(totale, rng.range(15, 35));
    let mer = percent(totale, rng.range(3, 10));
    let viandes_egalim = percent(viandes, rng.range(0, 100)).min(egalim);
    let mer_egalim = percent(mer, rng.range(0, 100)).min(egalim - viandes_egalim);
    Achats {
        valeur_totale: euros(totale),
        valeur_bio: euros(bio),
        valeur_siqo: euros(siqo),
        valeur_externalites_performance: euros(externalites),
        valeur_egalim_autres: euros(autres),
        valeur_viandes_volailles: euros(viandes),
        valeur_viandes_volailles_egalim: euros(viandes_egalim),
        valeur_viandes_volailles_france: euros(percent(viandes, rng.range(30, 100))),
        valeur_produits_de_la_mer: euros(mer),
        valeur_produits_de_la_mer_egalim: euros(mer_egalim),
        valeur_produits_de_la_mer_france: euros(percent(mer, rng.range(0, 60))),
    }
}

fn gaspillage(rng: &mut Rng) -> Gaspillage {
    let actions: Vec<ActionGaspillage> = ActionGaspillage::ALL
        .iter()
        .copied()
        .filter(|_| rng.chance(45))
        .collect();
    Gaspillage {
        diagnostic: Some(rng.chance(70)),
        plan_actions: Some(rng.chance(60)),
        actions: (!actions.is_empty()).then_some(actions),
        convention_dons: Some(rng.chance(30)),
    }
}

fn diversification(rng: &mut Rng) -> Diversification {
    let menu = MenuVegetarien::ALL
        .get(rng.weighted(&[5, 10, 50, 25, 10]))
        .copied();
    Diversification {
        plan: Some(rng.chance(50)),
        menu_vegetarien: menu,
    }
}

fn plastique(rng: &mut Rng) -> Plastique {
    Plastique {
        contenants_cuisson: Some(rng.chance(75)),
        contenants_service: Some(rng.chance(70)),
        bouteilles: Some(rng.chance(85)),
        ustensiles: Some(rng.chance(80)),
    }
}

fn information(rng: &mut Rng, siret: &str) -> Information {
    let supports: Vec<SupportInformation> = SupportInformation::ALL
        .iter()
        .copied()
        .filter(|_| rng.chance(60))
        .collect();
    Information {
        qualite: Some(rng.chance(70)),
        frequence: FrequenceInformation::ALL
            .get(rng.weighted(&[60, 30, 10]))
            .copied(),
        supports: (!supports.is_empty()).then_some(supports),
        lien: rng
            .chance(30)
            .then(|| format!("https://www.example.org/cantines/{siret}/menus")),
    }
}

fn commentaires(rng: &mut Rng) -> Commentaires {
    Commentaires {
        qualite: rng.chance(60).then(|| text::commentaire(rng)),
        gaspillage: rng.chance(40).then(|| text::commentaire(rng)),
        diversification: rng.chance(30).then(|| text::commentaire(rng)),
        plastique: rng.chance(20).then(|| text::commentaire(rng)),
        information: rng.chance(20).then(|| text::commentaire(rng)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn taux(s: &str) -> Taux {
        Taux(Decimal::from_str(s).unwrap_or_default())
    }

    fn cents(e: Option<Euros>) -> i64 {
        (e.unwrap_or_default().0 * Decimal::from(100))
            .to_i64()
            .unwrap_or(-1)
    }

    #[test]
    fn amounts_are_consistent_for_many_draws() {
        let mut rng = Rng::stream(42, 0);
        for (bio, hb) in [("0.2665", "0.1247"), ("1", "0"), ("0.5", "0.5"), ("0", "0")] {
            for _ in 0..2000 {
                let a = achats(&mut rng, 17_000, taux(bio), taux(hb));
                let t = cents(a.valeur_totale);
                let egalim = cents(a.valeur_bio)
                    + cents(a.valeur_siqo)
                    + cents(a.valeur_externalites_performance)
                    + cents(a.valeur_egalim_autres);
                assert!(egalim <= t);
                assert!(
                    cents(a.valeur_viandes_volailles_egalim) <= cents(a.valeur_viandes_volailles)
                );
                assert!(
                    cents(a.valeur_viandes_volailles_france) <= cents(a.valeur_viandes_volailles)
                );
                assert!(
                    cents(a.valeur_produits_de_la_mer_egalim) <= cents(a.valeur_produits_de_la_mer)
                );
                assert!(
                    cents(a.valeur_viandes_volailles_egalim)
                        + cents(a.valeur_produits_de_la_mer_egalim)
                        <= egalim
                );
                // Cost per meal between 1.80 € and 5.50 €: never aberrant.
                assert!((17_000 * 180..=17_000 * 550).contains(&t));
            }
        }
        // 17 000 meals at 3.00 €: 51 000.00 €, bio 26.65 % = 13 591.50 €.
        assert_eq!(share(5_100_000, taux("0.2665")), 1_359_150);
        assert_eq!(
            euros(1_359_150).map(|e| e.0.to_string()),
            Some("13591.50".into())
        );
    }
}
