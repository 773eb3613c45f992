//! The national index, cut by word: `recherche/index/mots/<clé>.json` holds
//! every canteen with a word starting with `<clé>`, the first three letters
//! of a folded word (`ecole` → `eco`), in its name, its commune's name, its
//! INSEE code or a postal code. Every word of a query must start a word of
//! the canteen, so one file per query is complete: the script fetches the
//! one of the query's rarest word, which `mots.json` tells (number of
//! canteens per key). A phone searching all of France downloads that file
//! only, not the names of every canteen.
//!
//! Words shorter than three letters are not keys (the script asks for three
//! letters, or a département); keys that are not ASCII letters or digits
//! share the file `_`.

use super::index::{FORMAT, json};
use super::plier::plier;
use crate::site::Cantine;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Letters of a key.
pub const LONGUEUR_CLE: usize = 3;

/// The key of a folded word, `None` when shorter than [`LONGUEUR_CLE`].
pub fn cle(mot: &str) -> Option<String> {
    let debut: String = mot.chars().take(LONGUEUR_CLE).collect();
    if debut.chars().count() < LONGUEUR_CLE {
        return None;
    }
    if debut
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Some(debut)
    } else {
        Some("_".into())
    }
}

/// Canteens of one shard and one commune in a key's file: (shard code,
/// INSEE code or "", folded commune name, postal codes, then each
/// canteen's folded name and row in the shard).
#[derive(Serialize)]
struct Groupe<'a>(&'a str, &'a str, &'a str, &'a str, Vec<(&'a str, usize)>);

#[derive(Serialize)]
struct FichierCle<'a> {
    v: u8,
    cle: &'a str,
    groupes: Vec<Groupe<'a>>,
}

#[derive(Serialize)]
struct Manifeste<'a> {
    v: u8,
    longueur: usize,
    /// Key → number of canteens in its file.
    cles: BTreeMap<&'a str, usize>,
}

/// What the files say of one canteen, folded once.
struct Plie {
    nom: String,
    commune: String,
    cles: BTreeSet<String>,
}

fn plie(c: &Cantine<'_>) -> Plie {
    let nom = plier(&c.decl.nom);
    let (commune, insee, postaux) = c.commune.map_or((String::new(), String::new(), ""), |com| {
        (plier(com.nom), com.code.to_lowercase(), com.codes_postaux)
    });
    let cles = nom
        .split(' ')
        .chain(commune.split(' '))
        .chain(std::iter::once(insee.as_str()))
        .chain(postaux.split(' '))
        .filter_map(cle)
        .collect();
    Plie { nom, commune, cles }
}

/// `mots.json` and every `mots/<clé>.json`, for shards in shard order.
pub fn fichiers(tranches: &[(&'static str, Vec<&Cantine<'_>>)]) -> Vec<(String, Vec<u8>)> {
    let plies: Vec<Vec<Plie>> = tranches
        .par_iter()
        .map(|(_, liste)| liste.iter().map(|c| plie(c)).collect())
        .collect();
    let mut par_cle: BTreeMap<&str, Vec<Groupe<'_>>> = BTreeMap::new();
    let mut comptes: BTreeMap<&str, usize> = BTreeMap::new();
    for ((code, liste), plies) in tranches.iter().zip(&plies) {
        for (row, (c, p)) in liste.iter().zip(plies).enumerate() {
            let (insee, postaux) = c
                .commune
                .map_or(("", ""), |com| (com.code, com.codes_postaux));
            for k in &p.cles {
                *comptes.entry(k).or_default() += 1;
                let groupes = par_cle.entry(k).or_default();
                match groupes.last_mut() {
                    Some(g) if g.0 == *code && g.1 == insee => g.4.push((&p.nom, row)),
                    _ => groupes.push(Groupe(
                        code,
                        insee,
                        &p.commune,
                        postaux,
                        vec![(&p.nom, row)],
                    )),
                }
            }
        }
    }
    let mut out = vec![(
        "recherche/index/mots.json".to_string(),
        json(&Manifeste {
            v: FORMAT,
            longueur: LONGUEUR_CLE,
            cles: comptes,
        }),
    )];
    let par_cle: Vec<(&str, Vec<Groupe<'_>>)> = par_cle.into_iter().collect();
    out.par_extend(par_cle.into_par_iter().map(|(k, groupes)| {
        (
            format!("recherche/index/mots/{k}.json"),
            json(&FichierCle {
                v: FORMAT,
                cle: k,
                groupes,
            }),
        )
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::cle;

    #[test]
    fn keys_are_three_ascii_letters_or_digits() {
        assert_eq!(cle("ecole").as_deref(), Some("eco"));
        assert_eq!(cle("07140").as_deref(), Some("071"));
        assert_eq!(cle("2a004").as_deref(), Some("2a0"));
        assert_eq!(cle("ay"), None);
        assert_eq!(cle(""), None);
        assert_eq!(cle("школа").as_deref(), Some("_"));
        assert_eq!(cle("abш").as_deref(), Some("_"));
    }
}
