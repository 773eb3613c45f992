//! One synthetic canteen: a Luhn-valid SIRET unique to its index, the
//! identity of a real canteen taken as template, meal counts, 1 to 4 data
//! years, and sometimes a contributor presentation.

use crate::bilan;
use crate::pools::Pools;
use crate::rng::Rng;
use crate::text;
use cantine::model::{Declaration, ModeleEconomique, TypeProduction, territory};

/// Share of bilans in the declared form (amounts and measures), in
/// percent, for data years up to 2023 (the open data's) and from 2024: 31 %
/// of all bilans over the five years.
const PART_DECLAREE: [u64; 2] = [12, 60];
/// Share of canteens with a presentation, in percent.
const PART_PRESENTATION: u64 = 20;
/// Data years drawn from.
const ANNEES: [u16; 5] = [2021, 2022, 2023, 2024, 2025];

/// A generated declaration and the folder it goes in.
pub struct Synth {
    /// Folder under `declarations/`.
    pub folder: String,
    /// The declaration, written with the canonical writer.
    pub decl: Declaration,
}

/// The SIRET of canteen `index`: unique for every index below 10^8 (the
/// 8 digits after the first are `index` through a bijection of 0..10^8),
/// with a Luhn check digit, never La Poste's SIREN.
pub fn siret(rng: &mut Rng, seed: u64, index: u64) -> String {
    // 48 271 813 is prime to 10, so multiplying by it permutes 0..10^8.
    let block = (index % 100_000_000 * 48_271_813 + seed % 100_000_000) % 100_000_000;
    let first = [1u64, 2, 2, 2, 2, 2, 3, 4, 5, 7, 8][rng.below(11) as usize];
    let first = if first == 3 && block == 56_000_000 {
        2
    } else {
        first
    };
    let nic = rng.range(1, 99) * 10 + rng.below(10);
    let body = format!("{first}{block:08}{nic:04}");
    format!("{body}{}", luhn_digit(&body))
}

/// The digit that makes `body` followed by it pass the Luhn check.
fn luhn_digit(body: &str) -> u32 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            // The check digit will be at position 0 from the right, so the
            // body's rightmost digit (i = 0) is the first one doubled.
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Canteen `index` of the repository generated from `seed`. Satellites are
/// linked to their kitchen afterwards (see `link_satellites`).
pub fn generate(pools: &Pools, seed: u64, index: u64) -> Option<Synth> {
    let mut rng = Rng::stream(seed, index);
    let siret = siret(&mut rng, seed, index);
    let p = rng.pick(&pools.profils)?.clone();

    let nb_annees = rng.weighted(&[40, 30, 20, 10]) + 1;
    let mut annees = ANNEES;
    for k in 0..nb_annees {
        let j = k + rng.below((annees.len() - k) as u64) as usize;
        annees.swap(k, j);
    }
    let declares: Vec<bool> = annees[..nb_annees]
        .iter()
        .map(|a| rng.chance(PART_DECLAREE[usize::from(*a >= 2024)]))
        .collect();
    let complet = declares.iter().any(|d| *d);

    let (mut folder, mut code_insee) = (p.folder, p.code_insee);
    let mut secteurs = p.secteurs;
    let mut tp = p.type_production;
    let mut tg = p.type_gestion;
    let mut me = p.modele_economique;
    if complet {
        // A declared bilan makes every identity field required (SPEC §2).
        if code_insee.is_none() {
            let (f, c) = rng.pick(&pools.lieux)?.clone();
            (folder, code_insee) = (f, Some(c));
        }
        secteurs = secteurs.or_else(|| rng.pick(&pools.secteurs).cloned());
        tp = tp.or_else(|| rng.pick(&pools.types_production).copied());
        tg = tg.or_else(|| rng.pick(&pools.types_gestion).copied());
        me = me.or_else(|| rng.pick(&pools.modeles).copied());
    }
    let requis = me == Some(ModeleEconomique::Public)
        && secteurs
            .as_ref()
            .is_some_and(|s| s.iter().any(|x| x.ministere_requis()));
    let ministere = match (requis, p.ministere_tutelle) {
        (false, _) => None,
        (true, Some(m)) => Some(m),
        (true, None) => rng.pick(&pools.ministeres).copied(),
    };

    let commune = code_insee
        .as_deref()
        .and_then(territory::commune)
        .map_or("la commune", |c| c.nom);
    let nom = text::nom(&mut rng, secteurs.as_deref(), tp, commune);
    // Meals a day, log-uniform between 20 and 3000; 140 to 365 service days.
    let jour = (20.0 * 150f64.powf(rng.unit())).round() as u32;
    let an = jour * rng.range(140, 365) as u32;

    let mut bilans = Vec::with_capacity(nb_annees);
    for (k, declare) in declares.iter().enumerate() {
        let annee = annees[k];
        bilans.push(if *declare {
            bilan::declare(&mut rng, pools, annee, an, &siret)
        } else {
            bilan::opendata(&mut rng, pools, annee)
        });
    }
    let opendata = declares.iter().any(|d| !*d);
    let presentation = rng
        .chance(PART_PRESENTATION)
        .then(|| text::presentation(&mut rng, &siret));
    Some(Synth {
        folder,
        decl: Declaration {
            siret,
            nom,
            code_insee,
            secteurs,
            type_production: tp,
            type_gestion: tg,
            modele_economique: me,
            ministere_tutelle: ministere,
            nombre_repas_jour: Some(jour),
            nombre_repas_an: Some(an),
            siret_cuisine_centrale: None,
            ma_cantine_id: opendata.then_some(100_000 + index),
            presentation,
            bilans: bilans.into(),
        },
    })
}

/// Points each satellite to a central kitchen of its folder (the same
/// département), drawn with the seed; a satellite with no kitchen in its
/// folder becomes a canteen that cooks on site.
pub fn link_satellites(canteens: &mut [Synth], seed: u64) {
    let mut kitchens: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for c in canteens.iter() {
        if matches!(
            c.decl.type_production,
            Some(TypeProduction::Centrale | TypeProduction::CentraleEtSite)
        ) {
            kitchens
                .entry(c.folder.clone())
                .or_default()
                .push(c.decl.siret.clone());
        }
    }
    // A stream family distinct from the canteens' own.
    let mut rng = Rng::stream(seed ^ 0x5a7e_111e, u64::MAX);
    for c in canteens.iter_mut() {
        if c.decl.type_production != Some(TypeProduction::Satellite) {
            continue;
        }
        match kitchens.get(&c.folder).and_then(|k| rng.pick(k)) {
            Some(k) => c.decl.siret_cuisine_centrale = Some(k.clone()),
            None => c.decl.type_production = Some(TypeProduction::Site),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cantine::model::siret::check;

    #[test]
    fn sirets_are_valid_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..50_000 {
            let mut rng = Rng::stream(42, i);
            let s = siret(&mut rng, 42, i);
            assert_eq!(check(&s), Ok(()), "{s}");
            assert!(seen.insert(s[1..9].to_string()), "bloc en double : {s}");
        }
    }

    #[test]
    fn luhn_digit_of_a_known_siret() {
        // 21070017500016 is the SPEC's example.
        assert_eq!(luhn_digit("2107001750001"), 6);
    }
}
