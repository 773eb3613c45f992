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

use super::reprise::{Fichier, Reprise};
use crate::indicators::percent::ecrire_decimal_json_opt;
use crate::model::Categorie;
use crate::model::territory;
use crate::site::Cantine;
use crate::site::ecrire::{entier, json_bool_opt, json_echappe, json_entier_opt, json_str};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    // The rank of each code once, not a scan of the départements per canteen.
    let mut rangs: HashMap<&'static str, usize> = HashMap::new();
    for c in cantines {
        let code = code_tranche(c);
        let rang = *rangs.entry(code).or_insert_with(|| rang_tranche(code));
        par_code.entry((rang, code)).or_default().push(c);
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
    // The bits of its sectors' categories, without listing them first
    // (100 000 canteens).
    let bits = c
        .decl
        .secteurs
        .iter()
        .flatten()
        .filter_map(|s| Categorie::ALL.iter().position(|x| *x == s.categorie()))
        .fold(0u16, |acc, i| acc | (1 << i));
    let verdict = match c.objectifs_du_dernier() {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    bits | (verdict << 7)
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

/// The rows of one shard, written once and copied into the shard's file
/// and into its pieces: each row is `debut`, the row of its commune in the
/// file's table (which differs between the shard and a piece), then `fin`.
struct Lignes<'c, 'a> {
    liste: &'c [&'c Cantine<'a>],
    /// The rows' text, one after the other.
    texte: Vec<u8>,
    /// Per row: where its text starts, where its commune's row goes, where it ends.
    bornes: Vec<(usize, usize, usize)>,
}

impl<'c, 'a> Lignes<'c, 'a> {
    fn new(liste: &'c [&'c Cantine<'a>]) -> Self {
        let mut texte = Vec::with_capacity(liste.len() * 96);
        let mut bornes = Vec::with_capacity(liste.len());
        for c in liste {
            let dernier = c.ind().bilans.first();
            let debut = texte.len();
            // siret, nom
            texte.push(b'[');
            json_str(&mut texte, &c.decl.siret);
            texte.push(b',');
            json_str(&mut texte, &c.decl.nom);
            texte.push(b',');
            let milieu = texte.len();
            // categories, annee, objectifs, bio, egalim
            texte.extend_from_slice(b",\"");
            for (i, cat) in categories(c).iter().enumerate() {
                if i > 0 {
                    texte.push(b' ');
                }
                json_echappe(&mut texte, cat.slug());
            }
            texte.extend_from_slice(b"\",");
            json_entier_opt(&mut texte, dernier.map(|b| u64::from(b.annee)));
            texte.push(b',');
            json_bool_opt(&mut texte, dernier.and_then(|b| b.objectifs_atteints));
            texte.push(b',');
            ecrire_decimal_json_opt(&mut texte, dernier.and_then(|b| b.pct.pct_bio));
            texte.push(b',');
            ecrire_decimal_json_opt(&mut texte, dernier.and_then(|b| b.pct.pct_egalim));
            texte.push(b']');
            bornes.push((debut, milieu, texte.len()));
        }
        Lignes {
            liste,
            texte,
            bornes,
        }
    }

    /// The JSON of rows `debut…fin` of shard `code`, with their own commune
    /// table: the bytes `serde_json` writes for the shard's struct (see
    /// the tests).
    fn json(&self, code: &str, debut: usize, fin: usize) -> Vec<u8> {
        let liste = self.liste.get(debut..fin).unwrap_or_default();
        let communes: BTreeMap<&'static str, &'static territory::Commune> = liste
            .iter()
            .filter_map(|c| c.commune)
            .map(|com| (com.code, com))
            .collect();
        let rangs: BTreeMap<&str, u64> = communes.keys().zip(0..).map(|(k, i)| (*k, i)).collect();
        let taille: usize = self
            .bornes
            .get(debut..fin)
            .map_or(0, |b| b.iter().map(|(d, _, f)| f - d + 8).sum());
        let mut out = Vec::with_capacity(taille + 64 * communes.len() + 256);
        out.extend_from_slice(b"{\"v\":");
        entier(&mut out, u64::from(FORMAT));
        out.extend_from_slice(b",\"departement\":");
        json_str(&mut out, code);
        out.extend_from_slice(b",\"debut\":");
        entier(&mut out, debut as u64);
        out.extend_from_slice(b",\"colonnes\":[");
        for (i, col) in COLONNES.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_str(&mut out, col);
        }
        out.extend_from_slice(b"],\"communes\":[");
        for (i, com) in communes.values().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'[');
            json_str(&mut out, com.code);
            out.push(b',');
            json_str(&mut out, com.nom);
            out.push(b',');
            json_str(&mut out, com.codes_postaux);
            out.push(b']');
        }
        out.extend_from_slice(b"],\"cantines\":[");
        for (i, (c, &(d, m, f))) in liste
            .iter()
            .zip(self.bornes.get(debut..fin).unwrap_or_default())
            .enumerate()
        {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.texte.get(d..m).unwrap_or_default());
            match c.commune.and_then(|com| rangs.get(com.code)) {
                Some(r) => entier(&mut out, *r),
                None => out.extend_from_slice(b"-1"),
            }
            out.extend_from_slice(self.texte.get(m..f).unwrap_or_default());
        }
        out.extend_from_slice(b"]}\n");
        out
    }
}

/// A shard's file and its pieces, each kept from the previous build when
/// its canteens and their rows are the same ([`Reprise`]).
fn fichiers_tranche(code: &str, liste: &[&Cantine<'_>], reprise: &Reprise<'_>) -> Vec<Fichier> {
    let lignes = |debut: usize, fin: usize| {
        liste
            .get(debut..fin)
            .unwrap_or_default()
            .iter()
            .zip(debut as u64..)
            .map(|(c, n)| (n, *c))
    };
    let mut voulus = Vec::with_capacity(liste.len() / MORCEAU + 2);
    voulus.push((
        format!("recherche/index/{code}.json"),
        0,
        liste.len(),
        reprise.cle_de(format!("tranche {code}").as_bytes(), lignes(0, liste.len())),
    ));
    for k in 0..liste.len().div_ceil(MORCEAU) {
        let debut = k * MORCEAU;
        let fin = (debut + MORCEAU).min(liste.len());
        voulus.push((
            format!("recherche/index/{code}/{k}.json"),
            debut,
            fin,
            reprise.cle_de(format!("morceau {code} {k}").as_bytes(), lignes(debut, fin)),
        ));
    }
    let gardes: Vec<bool> = voulus
        .iter()
        .map(|(path, _, _, key)| reprise.garder(path, *key))
        .collect();
    // The rows are written only if a file needs them.
    let lignes = (!gardes.iter().all(|g| *g)).then(|| Lignes::new(liste));
    voulus
        .into_iter()
        .zip(gardes)
        .map(|((path, debut, fin, key), garde)| {
            let bytes = match (&lignes, garde) {
                (Some(l), false) => Some(l.json(code, debut, fin)),
                _ => None,
            };
            Fichier { path, key, bytes }
        })
        .collect()
}

/// Every index file, sorted by path; shards, pieces and word files are
/// kept from the previous build where [`Reprise`] finds them unchanged.
pub fn fichiers(
    tranches: &[(&'static str, Vec<&Cantine<'_>>)],
    reprise: &Reprise<'_>,
) -> Vec<Fichier> {
    let mut out = Vec::new();
    let mut drapeaux_national = Drapeaux {
        v: FORMAT,
        categories: Categorie::ALL.iter().map(|c| c.slug()).collect(),
        departements: Vec::new(),
    };
    // The shards and their pieces, the word index, every canteen's flags
    // (its latest verdict: an indicator to compute) and the SIREN buckets
    // at the same time.
    let ((morceaux, mots), (flags, seaux)) = rayon::join(
        || {
            rayon::join(
                || {
                    tranches
                        .par_iter()
                        .flat_map_iter(|(code, liste)| fichiers_tranche(code, liste, reprise))
                        .collect::<Vec<_>>()
                },
                || super::mots::fichiers(tranches, reprise),
            )
        },
        || {
            rayon::join(
                || {
                    // Each shard's flags, read back when its rows are unchanged.
                    let flags = tranches
                        .par_iter()
                        .map(|(code, liste)| {
                            let lignes = liste.iter().zip(0u64..).map(|(c, r)| (r, *c));
                            let cle = reprise.cle_de(format!("drapeaux {code}").as_bytes(), lignes);
                            let flags = reprise
                                .drapeaux_gardes(cle, liste.len())
                                .unwrap_or_else(|| liste.par_iter().map(|c| drapeaux(c)).collect());
                            (cle, flags)
                        })
                        .collect::<Vec<(Option<u128>, Vec<u16>)>>();
                    reprise.retenir_drapeaux(&flags);
                    flags
                },
                || seaux_siren(tranches),
            )
        },
    );
    out.extend(morceaux);
    out.extend(mots);
    out.extend(seaux);
    for ((code, _), (_, flags)) in tranches.iter().zip(flags) {
        drapeaux_national.departements.push((code, flags));
    }
    out.push(Fichier::fait(
        "recherche/index/drapeaux.json".into(),
        json(&drapeaux_national),
    ));
    out.par_sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Every `siren/<n>.json` file, empty buckets included: each canteen
/// (SIRET, shard, row) in the bucket of its SIREN, sorted.
fn seaux_siren(tranches: &[(&'static str, Vec<&Cantine<'_>>)]) -> Vec<Fichier> {
    let par_tranche: Vec<Vec<(u64, &str, &str, usize)>> = tranches
        .par_iter()
        .map(|(code, liste)| {
            liste
                .iter()
                .enumerate()
                .filter_map(|(row, c)| {
                    Some((
                        seau_siren(&c.decl.siret)?,
                        c.decl.siret.as_str(),
                        *code,
                        row,
                    ))
                })
                .collect()
        })
        .collect();
    let mut seaux: Vec<Vec<(&str, &str, usize)>> = vec![Vec::new(); SEAUX_SIREN as usize];
    for (n, siret, code, row) in par_tranche.into_iter().flatten() {
        if let Some(seau) = usize::try_from(n).ok().and_then(|n| seaux.get_mut(n)) {
            seau.push((siret, code, row));
        }
    }
    seaux
        .into_par_iter()
        .enumerate()
        .map(|(n, mut cantines)| {
            cantines.sort_unstable();
            Fichier::fait(
                format!("recherche/index/siren/{n}.json"),
                json(&Seau {
                    v: FORMAT,
                    cantines,
                }),
            )
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::percent::serialise_decimal_opt;
    use crate::site::essai;
    use rust_decimal::Decimal;

    /// The former shard writer, through serde: the reference for the bytes.
    #[derive(Serialize)]
    struct Ligne<'a>(
        &'a str,
        &'a str,
        i64,
        String,
        Option<u16>,
        Option<bool>,
        #[serde(serialize_with = "serialise_decimal_opt")] Option<Decimal>,
        #[serde(serialize_with = "serialise_decimal_opt")] Option<Decimal>,
    );

    #[derive(Serialize)]
    struct Tranche<'a> {
        v: u8,
        departement: &'a str,
        debut: usize,
        colonnes: [&'static str; 8],
        communes: Vec<(&'static str, &'static str, &'static str)>,
        cantines: Vec<Ligne<'a>>,
    }

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
                let dernier = c.ind().bilans.first();
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

    /// `corps` (a `recherche.bin` body) with every flag set to `valeur`
    /// in the entries of keys `drapeaux` (the shards' flags).
    fn brouiller(corps: &[u8], drapeaux: &[u128], valeur: u16) -> Vec<u8> {
        use crate::site::search::gardes;
        let mut entrees = gardes::entrees(corps);
        for (cle, octets) in &mut entrees {
            if drapeaux.contains(cle) {
                *octets = gardes::drapeaux_en_octets(&vec![valeur; octets.len() / 2]);
            }
        }
        gardes::corps(&mut entrees)
    }

    #[test]
    fn kept_flags_are_read_back_only_for_unchanged_shards() {
        use crate::site::search::gardes::{self, Gardes};
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        let t = tranches(&cantines);
        assert!(t.len() > 2);
        let cles: Vec<u128> = (0..cantines.len() as u128).collect();
        let non = |_: &str, _: u128| false;
        let flags = |r: &Reprise<'_>| -> serde_json::Value {
            fichiers(&t, r)
                .into_iter()
                .find(|f| f.path == "recherche/index/drapeaux.json")
                .and_then(|f| serde_json::from_slice(&f.bytes?).ok())
                .unwrap_or_default()
        };
        let premiere = Reprise::new(&cantines, &cles, 1, &non);
        let vrais = flags(&premiere);
        let corps = premiere.a_garder().unwrap_or_default();
        assert!(!corps.is_empty());
        let cles_drapeaux: Vec<u128> = t
            .iter()
            .filter_map(|(code, liste)| {
                let lignes = liste.iter().zip(0u64..).map(|(c, r)| (r, *c));
                premiere.cle_de(format!("drapeaux {code}").as_bytes(), lignes)
            })
            .collect();
        assert_eq!(cles_drapeaux.len(), t.len());

        // Flags kept under the shards' keys are used as they are: 999 here,
        // which no canteen has, shows they were read, not computed.
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        gardes::garder(tmp.path(), &brouiller(&corps, &cles_drapeaux, 999))
            .unwrap_or_else(|e| panic!("{e}"));
        let gardes = || Gardes::lire(tmp.path());
        let lus = flags(&Reprise::new(&cantines, &cles, 1, &non).avec_gardes(gardes()));
        let deps =
            |v: &serde_json::Value| v["departements"].as_array().cloned().unwrap_or_default();
        assert_eq!(deps(&lus).len(), t.len());
        for d in deps(&lus) {
            assert!(
                d[1].as_array().is_some_and(|f| f.iter().all(|x| x == 999)),
                "{d}"
            );
        }

        // One canteen changed: its shard's flags are computed again, the
        // others are still read back; another program reads none back.
        let mut autres = cles.clone();
        autres[0] = 12345;
        let change = code_tranche(&cantines[0]);
        let lus = flags(&Reprise::new(&cantines, &autres, 1, &non).avec_gardes(gardes()));
        for (d, v) in deps(&lus).iter().zip(deps(&vrais)) {
            if d[0] == change {
                assert_eq!(d, &v);
            } else {
                assert!(
                    d[1].as_array().is_some_and(|f| f.iter().all(|x| x == 999)),
                    "{d}"
                );
            }
        }
        let autre_programme = Reprise::new(&cantines, &cles, 2, &non).avec_gardes(gardes());
        assert_eq!(flags(&autre_programme), vrais);
    }

    #[test]
    fn shards_and_pieces_are_the_bytes_of_the_former_writer() {
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        let tranches = tranches(&cantines);
        assert!(tranches.len() > 50);
        let mut n = 0;
        for (code, liste) in &tranches {
            let fichiers: Vec<(String, Vec<u8>)> =
                fichiers_tranche(code, liste, &Reprise::aucune())
                    .into_iter()
                    .map(|f| (f.path, f.bytes.unwrap_or_default()))
                    .collect();
            let mut attendu = vec![(
                format!("recherche/index/{code}.json"),
                tranche_json(code, 0, liste),
            )];
            for (k, morceau) in liste.chunks(MORCEAU).enumerate() {
                attendu.push((
                    format!("recherche/index/{code}/{k}.json"),
                    tranche_json(code, k * MORCEAU, morceau),
                ));
            }
            assert_eq!(fichiers.len(), attendu.len(), "{code}");
            for (f, a) in fichiers.iter().zip(&attendu) {
                assert_eq!(f.0, a.0);
                assert!(
                    f.1 == a.1,
                    "{}: {} / {}",
                    f.0,
                    String::from_utf8_lossy(&f.1),
                    String::from_utf8_lossy(&a.1)
                );
                n += 1;
            }
        }
        assert!(n > 300, "{n}");
    }
}
