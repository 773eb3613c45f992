//! The search index under `recherche/index/`, written by the build and read
//! by `recherche.js`, so that a phone downloads only what a query needs:
//!
//! - `<dept>.json` (and `inconnu.json`): one shard per département, every
//!   canteen with what a result shows. A search within a département
//!   downloads this file only.
//! - `<dept>/<k>.json`: the same rows cut in pieces of [`MORCEAU`] (rows
//!   `k × MORCEAU` onwards), so that showing a result found elsewhere costs
//!   a few hundred rows, not a département.
//! - `mots/<clé>.json` and `mots.json` ([`super::mots`]): the national
//!   index, by the first three letters of each word, for a search without
//!   a département.
//! - `drapeaux.json`: categories and latest verdict of every canteen, for
//!   the filters of a national search.
//! - `siren/<n>.json`: SIRETs by SIREN modulo 97, so that a SIRET or a
//!   SIREN finds its canteens without the national index.
//!
//! A canteen is known everywhere by its shard's code and its row in that
//! shard. Rows are arrays (names of columns in `colonnes`); a shard holds
//! its canteens grouped by commune (INSEE order), those without a commune
//! last, each group in canteen order (name, SIRET); shards come in the
//! usual order of départements. The same data gives the same bytes.

use crate::indicators::percent::serialise_decimal_opt;
use crate::model::Categorie;
use crate::model::territory;
use crate::site::Cantine;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the file formats, read by the script.
pub const FORMAT: u8 = 1;

/// Rows per piece of a shard (`<dept>/<k>.json`).
pub const MORCEAU: usize = 64;

/// Number of `siren/<n>.json` buckets (a prime: SIRENs spread evenly).
pub const SEAUX_SIREN: u64 = 97;

/// Shard code of the canteens whose département is unknown.
pub const INCONNU: &str = "inconnu";

/// Columns of a shard row.
const COLONNES: [&str; 8] = [
    "siret",
    "nom",
    "commune",
    "categories",
    "annee",
    "objectifs",
    "bio",
    "egalim",
];

/// The shard a canteen belongs to: its département code, or `inconnu`.
pub fn code_tranche(c: &Cantine<'_>) -> &'static str {
    c.departement.map_or(INCONNU, |d| d.code)
}

/// Sort key of a shard: départements in their usual order, `inconnu` last.
fn rang_tranche(code: &str) -> usize {
    territory::departements()
        .iter()
        .position(|d| d.code == code)
        .unwrap_or(usize::MAX)
}

/// The canteens of each shard, in shard order, each shard in row order:
/// grouped by commune (INSEE order), those without a commune last, the
/// canteen order (name, SIRET) within a group.
pub fn tranches<'c, 'a>(cantines: &'c [Cantine<'a>]) -> Vec<(&'static str, Vec<&'c Cantine<'a>>)> {
    let mut par_code: BTreeMap<(usize, &'static str), Vec<&Cantine<'_>>> = BTreeMap::new();
    for c in cantines {
        let code = code_tranche(c);
        par_code
            .entry((rang_tranche(code), code))
            .or_default()
            .push(c);
    }
    par_code
        .into_iter()
        .map(|((_, code), mut v)| {
            v.sort_by_key(|c| (c.commune.is_none(), c.commune.map(|com| com.code)));
            (code, v)
        })
        .collect()
}

/// Categories of a canteen's sectors, each once, in the order of [`Categorie::ALL`].
fn categories(c: &Cantine<'_>) -> Vec<Categorie> {
    let mut v: Vec<Categorie> = c
        .decl
        .secteurs
        .iter()
        .flatten()
        .map(|s| s.categorie())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Categories as bits (bit i: `Categorie::ALL[i]`) plus 128 × the latest
/// verdict (0 unknown or no bilan, 1 met, 2 missed).
pub fn drapeaux(c: &Cantine<'_>) -> u16 {
    let bits = categories(c)
        .iter()
        .filter_map(|cat| Categorie::ALL.iter().position(|x| x == cat))
        .fold(0u16, |acc, i| acc | (1 << i));
    let verdict = match c.ind.bilans.first().and_then(|b| b.objectifs_atteints) {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    bits | (verdict << 7)
}

/// One canteen of a shard.
#[derive(Serialize)]
struct Ligne<'a>(
    /// SIRET.
    &'a str,
    /// Name as declared.
    &'a str,
    /// Row of its commune in the file's `communes`, or -1.
    i64,
    /// Category slugs, space-separated.
    String,
    /// Latest data year.
    Option<u16>,
    /// Objectives met that year (`null`: not evaluated, or no bilan).
    Option<bool>,
    /// % organic that year, as exported (2 decimals).
    #[serde(serialize_with = "serialise_decimal_opt")]
    Option<Decimal>,
    /// % EGalim (organic included) that year.
    #[serde(serialize_with = "serialise_decimal_opt")]
    Option<Decimal>,
);

/// A shard, or a piece of one (its rows from `debut`).
#[derive(Serialize)]
struct Tranche<'a> {
    v: u8,
    departement: &'a str,
    debut: usize,
    colonnes: [&'static str; 8],
    /// INSEE code, name, postal codes.
    communes: Vec<(&'static str, &'static str, &'static str)>,
    cantines: Vec<Ligne<'a>>,
}

/// `drapeaux.json`.
#[derive(Serialize)]
struct Drapeaux<'a> {
    v: u8,
    /// Slugs of bits 0… of the flags.
    categories: Vec<&'static str>,
    /// Per shard: (code, flags of its canteens in row order).
    departements: Vec<(&'a str, Vec<u16>)>,
}

/// `siren/<n>.json`.
#[derive(Serialize)]
struct Seau<'a> {
    v: u8,
    /// (SIRET, shard code, row in the shard).
    cantines: Vec<(&'a str, &'a str, usize)>,
}

/// Serialised JSON and a final newline.
pub fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The JSON of rows `debut…` of shard `code`, with their own commune table.
fn tranche_json(code: &str, debut: usize, liste: &[&Cantine<'_>]) -> Vec<u8> {
    let communes: BTreeMap<&'static str, &'static territory::Commune> = liste
        .iter()
        .filter_map(|c| c.commune)
        .map(|com| (com.code, com))
        .collect();
    let rangs: BTreeMap<&str, i64> = communes
        .keys()
        .enumerate()
        .filter_map(|(i, k)| Some((*k, i64::try_from(i).ok()?)))
        .collect();
    let cantines = liste
        .iter()
        .map(|c| {
            let dernier = c.ind.bilans.first();
            Ligne(
                &c.decl.siret,
                &c.decl.nom,
                c.commune
                    .and_then(|com| rangs.get(com.code).copied())
                    .unwrap_or(-1),
                categories(c)
                    .iter()
                    .map(|x| x.slug())
                    .collect::<Vec<_>>()
                    .join(" "),
                dernier.map(|b| b.annee),
                dernier.and_then(|b| b.objectifs_atteints),
                dernier.and_then(|b| b.pct.pct_bio),
                dernier.and_then(|b| b.pct.pct_egalim),
            )
        })
        .collect();
    json(&Tranche {
        v: FORMAT,
        departement: code,
        debut,
        colonnes: COLONNES,
        communes: communes
            .values()
            .map(|c| (c.code, c.nom, c.codes_postaux))
            .collect(),
        cantines,
    })
}

/// Every index file: (path under the site root, bytes), sorted by path.
pub fn fichiers(tranches: &[(&'static str, Vec<&Cantine<'_>>)]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut seaux: BTreeMap<u64, Vec<(&str, &str, usize)>> =
        (0..SEAUX_SIREN).map(|n| (n, Vec::new())).collect();
    let mut drapeaux_national = Drapeaux {
        v: FORMAT,
        categories: Categorie::ALL.iter().map(|c| c.slug()).collect(),
        departements: Vec::new(),
    };
    // The shards and their pieces, and the word index, at the same time.
    let (morceaux, mots) = rayon::join(
        || {
            tranches
                .par_iter()
                .flat_map_iter(|(code, liste)| {
                    std::iter::once((
                        format!("recherche/index/{code}.json"),
                        tranche_json(code, 0, liste),
                    ))
                    .chain(liste.chunks(MORCEAU).enumerate().map(
                        move |(k, morceau)| {
                            (
                                format!("recherche/index/{code}/{k}.json"),
                                tranche_json(code, k * MORCEAU, morceau),
                            )
                        },
                    ))
                })
                .collect::<Vec<_>>()
        },
        || super::mots::fichiers(tranches),
    );
    out.extend(morceaux);
    out.extend(mots);
    for (code, liste) in tranches {
        drapeaux_national
            .departements
            .push((code, liste.iter().map(|c| drapeaux(c)).collect()));
        for (row, c) in liste.iter().enumerate() {
            if let Some(n) = seau_siren(&c.decl.siret) {
                seaux.entry(n).or_default().push((&c.decl.siret, code, row));
            }
        }
    }
    out.push((
        "recherche/index/drapeaux.json".into(),
        json(&drapeaux_national),
    ));
    for (n, mut cantines) in seaux {
        cantines.sort();
        let seau = Seau {
            v: FORMAT,
            cantines,
        };
        out.push((format!("recherche/index/siren/{n}.json"), json(&seau)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The `siren/<n>.json` bucket of a SIRET: its first nine digits (the
/// SIREN) modulo [`SEAUX_SIREN`]; `None` for a malformed SIRET.
pub fn seau_siren(siret: &str) -> Option<u64> {
    let siren = siret.get(..9)?;
    if !siren.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    siren.parse::<u64>().ok().map(|n| n % SEAUX_SIREN)
}
