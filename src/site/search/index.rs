//! The search index under `recherche/index/`, written by the build and read
//! by `recherche.js`, so that a phone downloads only what a query needs:
//!
//! - `<dept>.json` (and `inconnu.json`): one shard per département, every
//!   canteen with what a result shows. Searching within a département
//!   downloads this file only.
//! - `noms.json`: the national name index, for a search without a
//!   département: per shard, its communes (INSEE code, folded name, postal
//!   codes) each with the folded names of its canteens. A canteen is its
//!   shard's code and its row number in that shard, which the order gives.
//! - `drapeaux.json`: per canteen, in the same order, its categories and
//!   latest verdict as a number, for the filters of a national search.
//! - `siren/<n>.json`: SIRETs by SIREN modulo 97, so that a SIRET or a
//!   SIREN finds its shard without the national index.
//!
//! Rows are arrays (names of columns in `colonnes`), grouped by commune and
//! in the order of the canteens (name, then SIRET) within a commune, shards
//! in the usual order of départements: the same data gives the same bytes.

use super::plier::plier;
use crate::indicators::percent::serialise_decimal_opt;
use crate::model::Categorie;
use crate::model::territory;
use crate::site::Cantine;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the file formats, read by the script.
pub const FORMAT: u8 = 1;

/// Number of `siren/<n>.json` buckets (a prime: SIRENs spread evenly).
pub const SEAUX_SIREN: u64 = 97;

/// Shard code of the canteens whose département is unknown.
pub const INCONNU: &str = "inconnu";

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

/// The canteens of each shard, in shard order. Within a shard, canteens
/// are grouped by commune (INSEE order), those without a commune last, and
/// keep the canteen order (name, SIRET) inside a group: the national index
/// then needs no row numbers, only these groups.
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

/// The latest verdict as a small number: 0 unknown, 1 met, 2 missed.
fn verdict(c: &Cantine<'_>) -> u16 {
    match c.ind.bilans.first().and_then(|b| b.objectifs_atteints) {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    }
}

/// Categories as bits (bit i: `Categorie::ALL[i]`) plus the verdict × 128.
fn drapeaux(c: &Cantine<'_>) -> u16 {
    let bits = categories(c)
        .iter()
        .filter_map(|cat| Categorie::ALL.iter().position(|x| x == cat))
        .fold(0u16, |acc, i| acc | (1 << i));
    bits | (verdict(c) << 7)
}

/// One canteen of a shard.
#[derive(Serialize)]
struct Ligne<'a>(
    /// SIRET.
    &'a str,
    /// Name as declared.
    &'a str,
    /// Row of its commune in the shard's `communes`, or -1.
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

#[derive(Serialize)]
struct Tranche<'a> {
    v: u8,
    departement: &'a str,
    colonnes: [&'static str; 8],
    /// INSEE code, name, postal codes.
    communes: Vec<(&'a str, &'a str, &'a str)>,
    cantines: Vec<Ligne<'a>>,
}

#[derive(Serialize)]
struct Noms<'a> {
    v: u8,
    /// One entry per shard, in shard order.
    departements: Vec<NomsTranche<'a>>,
}

/// A shard in the national index: (code, its communes, the folded names
/// of its canteens without a commune). Row numbers in the shard follow
/// from the order: every commune's canteens in turn, then those without.
#[derive(Serialize)]
struct NomsTranche<'a>(&'a str, Vec<NomsCommune<'a>>, Vec<String>);

/// A commune in the national index: (INSEE code, folded name, postal
/// codes, folded names of its canteens).
#[derive(Serialize)]
struct NomsCommune<'a>(&'a str, String, &'a str, Vec<String>);

/// `drapeaux.json`: what the filters need for a search without a
/// département, apart from the names (few searches need it).
#[derive(Serialize)]
struct Drapeaux<'a> {
    v: u8,
    /// Slugs of bits 0… of the flags.
    categories: Vec<&'static str>,
    /// Per shard: (code, flags of its canteens in row order).
    departements: Vec<(&'a str, Vec<u16>)>,
}

#[derive(Serialize)]
struct Seau<'a> {
    v: u8,
    /// (SIRET, shard code, row in the shard).
    cantines: Vec<(&'a str, &'a str, usize)>,
}

/// The communes of some canteens, sorted by INSEE code.
fn table_communes<'c, 'a: 'c>(
    cantines: impl Iterator<Item = &'c Cantine<'a>>,
) -> BTreeMap<&'static str, &'static territory::Commune> {
    cantines
        .filter_map(|c| c.commune)
        .map(|com| (com.code, com))
        .collect()
}

/// Row of each commune in a table: INSEE code → row.
fn rangs(
    table: &BTreeMap<&'static str, &'static territory::Commune>,
) -> BTreeMap<&'static str, i64> {
    table
        .keys()
        .enumerate()
        .filter_map(|(i, k)| Some((*k, i64::try_from(i).ok()?)))
        .collect()
}

/// A canteen's commune row in a table, or -1 when it has no commune.
fn rang(rangs: &BTreeMap<&'static str, i64>, c: &Cantine<'_>) -> i64 {
    c.commune
        .and_then(|com| rangs.get(com.code).copied())
        .unwrap_or(-1)
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The national entry of a shard's canteens (in shard order).
fn noms_tranche<'a>(code: &'a str, liste: &[&Cantine<'_>]) -> NomsTranche<'a> {
    let mut communes: Vec<NomsCommune<'a>> = Vec::new();
    let mut sans_commune = Vec::new();
    for c in liste {
        let nom = plier(&c.decl.nom);
        match c.commune {
            Some(com) => match communes.last_mut() {
                Some(last) if last.0 == com.code => last.3.push(nom),
                _ => communes.push(NomsCommune(
                    com.code,
                    plier(com.nom),
                    com.codes_postaux,
                    vec![nom],
                )),
            },
            None => sans_commune.push(nom),
        }
    }
    NomsTranche(code, communes, sans_commune)
}

/// Every index file: (path under the site root, bytes), sorted by path.
pub fn fichiers(cantines: &[Cantine<'_>]) -> Vec<(String, Vec<u8>)> {
    let tranches = tranches(cantines);
    let mut out = Vec::new();
    let mut seaux: BTreeMap<u64, Vec<(&str, &str, usize)>> =
        (0..SEAUX_SIREN).map(|n| (n, Vec::new())).collect();
    let mut noms = Noms {
        v: FORMAT,
        departements: Vec::new(),
    };
    let mut drapeaux_national = Drapeaux {
        v: FORMAT,
        categories: Categorie::ALL.iter().map(|c| c.slug()).collect(),
        departements: Vec::new(),
    };
    for (code, liste) in &tranches {
        let communes = table_communes(liste.iter().copied());
        let rangs_tranche = rangs(&communes);
        let lignes = liste
            .iter()
            .map(|c| {
                let dernier = c.ind.bilans.first();
                Ligne(
                    &c.decl.siret,
                    &c.decl.nom,
                    rang(&rangs_tranche, c),
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
        let tranche = Tranche {
            v: FORMAT,
            departement: code,
            colonnes: [
                "siret",
                "nom",
                "commune",
                "categories",
                "annee",
                "objectifs",
                "bio",
                "egalim",
            ],
            communes: communes
                .values()
                .map(|c| (c.code, c.nom, c.codes_postaux))
                .collect(),
            cantines: lignes,
        };
        out.push((format!("recherche/index/{code}.json"), json(&tranche)));
        noms.departements.push(noms_tranche(code, liste));
        drapeaux_national
            .departements
            .push((code, liste.iter().map(|c| drapeaux(c)).collect()));
        for (row, c) in liste.iter().enumerate() {
            if let Some(n) = seau_siren(&c.decl.siret) {
                seaux.entry(n).or_default().push((&c.decl.siret, code, row));
            }
        }
    }
    out.push(("recherche/index/noms.json".into(), json(&noms)));
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
