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

use super::index::FORMAT;
use super::plier::plier;
use super::reprise::{Fichier, Reprise};
use crate::site::Cantine;
use crate::site::ecrire::{entier, json_str};
use rayon::prelude::*;
use std::collections::HashMap;

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

/// A key as a number: its three letters or digits in base 36, digits
/// first, so that numbers sort as the keys' texts; [`SOULIGNE`] is `_`.
type Code = u16;

/// The code of the key `_`.
const SOULIGNE: Code = 36 * 36 * 36;

/// The code of [`cle`]`(mot)`, without allocating.
fn code_cle(mot: &str) -> Option<Code> {
    let mut lettres = mot.chars();
    let debut = [lettres.next()?, lettres.next()?, lettres.next()?];
    let mut code = 0;
    for c in debut {
        let v = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'a'..='z' => u32::from(c) - u32::from('a') + 10,
            _ => return Some(SOULIGNE),
        };
        code = code * 36 + v;
    }
    Code::try_from(code).ok()
}

/// The text of a key code.
fn texte_cle(code: Code) -> String {
    if code == SOULIGNE {
        return "_".into();
    }
    let chiffre = |v: Code| {
        let v = u8::try_from(v % 36).unwrap_or(0);
        char::from(if v < 10 { b'0' + v } else { b'a' + v - 10 })
    };
    [chiffre(code / 1296), chiffre(code / 36), chiffre(code)]
        .iter()
        .collect()
}

/// The codes of the keys of some words, each once (sorted).
fn codes<'m>(mots: impl Iterator<Item = &'m str>, out: &mut Vec<Code>) {
    out.extend(mots.filter_map(code_cle));
    out.sort_unstable();
    out.dedup();
}

/// A commune as the key files show it, folded once per shard.
struct CommunePliee {
    insee: &'static str,
    nom: String,
    postaux: &'static str,
    cles: Vec<Code>,
}

/// What the files say of a shard's canteens, folded once.
struct TranchePliee {
    /// Folded names, one after the other; row `r`'s is
    /// `noms[fins_noms[r]..fins_noms[r + 1]]`.
    noms: String,
    fins_noms: Vec<usize>,
    /// Per row: its commune in `communes`, if any.
    commune: Vec<Option<u32>>,
    communes: Vec<CommunePliee>,
    /// Key codes of every row, one after the other; row `r`'s are
    /// `cles[bornes[r]..bornes[r + 1]]`.
    cles: Vec<Code>,
    bornes: Vec<usize>,
}

impl TranchePliee {
    /// The folded name of row `r`.
    fn nom(&self, r: usize) -> &str {
        let (Some(&a), Some(&b)) = (self.fins_noms.get(r), self.fins_noms.get(r + 1)) else {
            return "";
        };
        self.noms.get(a..b).unwrap_or("")
    }

    /// As kept in the cache folder ([`super::gardes`]); read back by
    /// [`TranchePliee::lire`].
    fn octets(&self) -> Vec<u8> {
        let mut o = Vec::with_capacity(self.noms.len() + 12 * self.commune.len() + 64);
        let n = |o: &mut Vec<u8>, v: usize| {
            o.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
        };
        n(&mut o, self.commune.len());
        n(&mut o, self.noms.len());
        o.extend_from_slice(self.noms.as_bytes());
        for &f in self.fins_noms.iter().skip(1) {
            n(&mut o, f);
        }
        for c in &self.commune {
            o.extend_from_slice(&c.unwrap_or(u32::MAX).to_le_bytes());
        }
        n(&mut o, self.communes.len());
        for c in &self.communes {
            n(&mut o, c.insee.len());
            o.extend_from_slice(c.insee.as_bytes());
            n(&mut o, c.nom.len());
            o.extend_from_slice(c.nom.as_bytes());
            n(&mut o, c.cles.len());
            o.extend(c.cles.iter().flat_map(|k| k.to_le_bytes()));
        }
        n(&mut o, self.cles.len());
        o.extend(self.cles.iter().flat_map(|k| k.to_le_bytes()));
        for &b in self.bornes.iter().skip(1) {
            n(&mut o, b);
        }
        o
    }

    /// A shard of `lignes` rows from [`TranchePliee::octets`]; `None` if
    /// the bytes are not that (another number of rows, a commune no
    /// longer known, anything cut or out of bounds).
    fn lire(octets: &[u8], lignes: usize) -> Option<TranchePliee> {
        let mut l = Lecteur(octets);
        let rows = l.n()?;
        if rows != lignes {
            return None;
        }
        let taille = l.n()?;
        let noms = std::str::from_utf8(l.octets(taille)?).ok()?.to_string();
        let mut fins_noms = Vec::with_capacity(rows + 1);
        fins_noms.push(0);
        for _ in 0..rows {
            let f = l.n()?;
            if f < *fins_noms.last()? || !noms.is_char_boundary(f) {
                return None;
            }
            fins_noms.push(f);
        }
        let mut commune = Vec::with_capacity(rows);
        for _ in 0..rows {
            let c = u32::from_le_bytes(l.octets(4)?.try_into().ok()?);
            commune.push((c != u32::MAX).then_some(c));
        }
        let nombre = l.n()?;
        let mut communes = Vec::with_capacity(nombre.min(rows));
        for _ in 0..nombre {
            let taille = l.n()?;
            let com =
                crate::model::territory::commune(std::str::from_utf8(l.octets(taille)?).ok()?)?;
            let taille = l.n()?;
            let nom = std::str::from_utf8(l.octets(taille)?).ok()?.to_string();
            let taille = l.n()?;
            let cles = l.codes(taille)?;
            communes.push(CommunePliee {
                insee: com.code,
                nom,
                postaux: com.codes_postaux,
                cles,
            });
        }
        if commune
            .iter()
            .flatten()
            .any(|&c| c as usize >= communes.len())
        {
            return None;
        }
        let taille = l.n()?;
        let cles = l.codes(taille)?;
        let mut bornes = Vec::with_capacity(rows + 1);
        bornes.push(0);
        for _ in 0..rows {
            let b = l.n()?;
            if b < *bornes.last()? || b > cles.len() {
                return None;
            }
            bornes.push(b);
        }
        if !l.0.is_empty() || fins_noms.last() != Some(&noms.len()) {
            return None;
        }
        Some(TranchePliee {
            noms,
            fins_noms,
            commune,
            communes,
            cles,
            bornes,
        })
    }
}

/// Reads [`TranchePliee::octets`] from the front.
struct Lecteur<'a>(&'a [u8]);

impl<'a> Lecteur<'a> {
    fn octets(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = self.0.split_at_checked(n)?;
        self.0 = b;
        Some(a)
    }

    fn n(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.octets(4)?.try_into().ok()?) as usize)
    }

    fn codes(&mut self, n: usize) -> Option<Vec<Code>> {
        let o = self.octets(n.checked_mul(2)?)?;
        Some(
            o.chunks_exact(2)
                .map(|d| Code::from_le_bytes([d[0], d[1]]))
                .collect(),
        )
    }
}

fn plier_tranche(liste: &[&Cantine<'_>]) -> TranchePliee {
    let mut t = TranchePliee {
        noms: String::with_capacity(liste.len() * 32),
        fins_noms: Vec::with_capacity(liste.len() + 1),
        commune: Vec::with_capacity(liste.len()),
        communes: Vec::new(),
        cles: Vec::with_capacity(liste.len() * 8),
        bornes: Vec::with_capacity(liste.len() + 1),
    };
    let mut index: HashMap<&'static str, u32> = HashMap::new();
    let mut tampon = Vec::new();
    t.bornes.push(0);
    t.fins_noms.push(0);
    for c in liste {
        let nom = plier(&c.decl.nom);
        let commune = c.commune.map(|com| {
            *index.entry(com.code).or_insert_with(|| {
                let nom = plier(com.nom);
                let insee = com.code.to_lowercase();
                let mut cles = Vec::new();
                codes(
                    nom.split(' ')
                        .chain(std::iter::once(insee.as_str()))
                        .chain(com.codes_postaux.split(' ')),
                    &mut cles,
                );
                t.communes.push(CommunePliee {
                    insee: com.code,
                    nom,
                    postaux: com.codes_postaux,
                    cles,
                });
                u32::try_from(t.communes.len() - 1).unwrap_or(u32::MAX)
            })
        });
        tampon.clear();
        // A canteen without a commune has the keys of "" (none) and of its
        // absent postal codes (none): its name's only.
        tampon.extend(
            commune
                .and_then(|i| t.communes.get(i as usize))
                .map(|com| com.cles.as_slice())
                .unwrap_or_default(),
        );
        codes(nom.split(' '), &mut tampon);
        t.cles.extend_from_slice(&tampon);
        t.bornes.push(t.cles.len());
        t.noms.push_str(&nom);
        t.fins_noms.push(t.noms.len());
        t.commune.push(commune);
    }
    t
}

/// Each shard folded, or read back from the previous build when its rows
/// are unchanged (the shard's key covers each row's file); kept for the
/// next build.
fn plier_tranches(
    tranches: &[(&'static str, Vec<&Cantine<'_>>)],
    reprise: &Reprise<'_>,
) -> Vec<TranchePliee> {
    /// A shard's bytes for the next build, under its key.
    type Gardee = Option<(u128, Vec<u8>)>;
    let (plies, a_garder): (Vec<TranchePliee>, Vec<Gardee>) = tranches
        .par_iter()
        .map(|(code, liste)| {
            let lignes = liste.iter().zip(0u64..).map(|(c, r)| (r, *c));
            let cle = reprise.cle_de(format!("plies {code}").as_bytes(), lignes);
            let gardee = reprise
                .gardes(cle)
                .and_then(|o| Some((o.to_vec(), TranchePliee::lire(o, liste.len())?)));
            let (octets, t) = gardee.unwrap_or_else(|| {
                let t = plier_tranche(liste);
                (t.octets(), t)
            });
            (t, cle.map(|k| (k, octets)))
        })
        .unzip();
    reprise.retenir(a_garder.into_iter().flatten());
    plies
}

/// `mots.json` and every `mots/<clé>.json`, for shards in shard order.
///
/// The files are written directly: the same bytes as `serde_json` writing
/// the key files' structs (see the tests).
pub fn fichiers(
    tranches: &[(&'static str, Vec<&Cantine<'_>>)],
    reprise: &Reprise<'_>,
) -> Vec<Fichier> {
    let plies = plier_tranches(tranches, reprise);
    // For each key code, its canteens in shard then row order: (shard, row).
    let mut par_cle: Vec<Vec<(u32, u32)>> = vec![Vec::new(); usize::from(SOULIGNE) + 1];
    for (s, t) in plies.iter().enumerate() {
        let s = u32::try_from(s).unwrap_or(u32::MAX);
        for (r, bornes) in t.bornes.windows(2).enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for k in t.cles.get(bornes[0]..bornes[1]).unwrap_or_default() {
                if let Some(v) = par_cle.get_mut(usize::from(*k)) {
                    v.push((s, r));
                }
            }
        }
    }
    let mut cles: Vec<(String, &[(u32, u32)])> = par_cle
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(k, v)| Some((texte_cle(Code::try_from(k).ok()?), v.as_slice())))
        .collect();
    cles.sort_by(|a, b| a.0.cmp(&b.0));

    let mut manifeste = Vec::with_capacity(cles.len() * 16 + 64);
    manifeste.extend_from_slice(b"{\"v\":");
    entier(&mut manifeste, u64::from(FORMAT));
    manifeste.extend_from_slice(b",\"longueur\":");
    entier(&mut manifeste, LONGUEUR_CLE as u64);
    manifeste.extend_from_slice(b",\"cles\":{");
    for (i, (k, v)) in cles.iter().enumerate() {
        if i > 0 {
            manifeste.push(b',');
        }
        json_str(&mut manifeste, k);
        manifeste.push(b':');
        entier(&mut manifeste, v.len() as u64);
    }
    manifeste.extend_from_slice(b"}}\n");
    let mut out = vec![Fichier::fait(
        "recherche/index/mots.json".to_string(),
        manifeste,
    )];
    // A key's file is kept when its canteens, their shards and rows are
    // the same as in the previous build.
    out.par_extend(cles.par_iter().map(|(k, liste)| {
        let path = format!("recherche/index/mots/{k}.json");
        let lignes = liste.iter().filter_map(|&(s, r)| {
            let c = tranches.get(s as usize)?.1.get(r as usize)?;
            Some(((u64::from(s) << 32) | u64::from(r), *c))
        });
        let key = reprise.cle_de(format!("mots {k}").as_bytes(), lignes);
        let bytes = (!reprise.garder(&path, key)).then(|| fichier_cle(k, liste, tranches, &plies));
        Fichier { path, key, bytes }
    }));
    out
}

/// A key's file: its canteens grouped by shard and commune, each group
/// (shard code, INSEE code or "", folded commune name, postal codes, then
/// each canteen's folded name and row in the shard).
fn fichier_cle(
    cle: &str,
    liste: &[(u32, u32)],
    tranches: &[(&'static str, Vec<&Cantine<'_>>)],
    plies: &[TranchePliee],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(liste.len() * 40 + 64);
    out.extend_from_slice(b"{\"v\":");
    entier(&mut out, u64::from(FORMAT));
    out.extend_from_slice(b",\"cle\":");
    json_str(&mut out, cle);
    out.extend_from_slice(b",\"groupes\":[");
    let mut groupe: Option<(u32, Option<u32>)> = None;
    for &(s, r) in liste {
        let (Some((code, _)), Some(t)) = (tranches.get(s as usize), plies.get(s as usize)) else {
            continue;
        };
        let commune = t.commune.get(r as usize).copied().flatten();
        let nom = t.nom(r as usize);
        if groupe == Some((s, commune)) {
            out.push(b',');
        } else {
            if groupe.is_some() {
                out.extend_from_slice(b"]],");
            }
            groupe = Some((s, commune));
            let com = commune.and_then(|i| t.communes.get(i as usize));
            out.push(b'[');
            json_str(&mut out, code);
            out.push(b',');
            json_str(&mut out, com.map_or("", |c| c.insee));
            out.push(b',');
            json_str(&mut out, com.map_or("", |c| c.nom.as_str()));
            out.push(b',');
            json_str(&mut out, com.map_or("", |c| c.postaux));
            out.extend_from_slice(b",[");
        }
        out.push(b'[');
        json_str(&mut out, nom);
        out.push(b',');
        entier(&mut out, u64::from(r));
        out.push(b']');
    }
    if groupe.is_some() {
        out.extend_from_slice(b"]]");
    }
    out.extend_from_slice(b"]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::essai;
    use crate::site::search::index::{json, tranches};
    use serde::Serialize;
    use std::collections::{BTreeMap, BTreeSet};

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

    #[test]
    fn key_codes_are_the_keys() {
        let mut mots: Vec<String> = [
            "", "a", "ab", "abc", "zzz", "000", "999", "a9z", "abш", "шab", "a b", "ab_", "école",
            "ecole", "2a004", "A12",
        ]
        .iter()
        .map(|m| m.to_string())
        .collect();
        for a in ['0', '5', '9', 'a', 'm', 'z', '_', 'é', ' '] {
            for b in ['0', '9', 'a', 'z', 'ш'] {
                for c in ['1', 'b', 'y', '-'] {
                    mots.push([a, b, c, 'x'].iter().collect());
                }
            }
        }
        let mut textes = Vec::new();
        for m in &mots {
            let code = code_cle(m);
            assert_eq!(code.map(texte_cle), cle(m), "{m}");
            if let Some(c) = code {
                textes.push((c, texte_cle(c)));
            }
        }
        // Codes sort as the keys' texts, `_` apart.
        textes.retain(|(c, _)| *c != SOULIGNE);
        textes.sort();
        assert!(textes.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    /// The former writer, through serde: the reference for the bytes.
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
        cles: BTreeMap<&'a str, usize>,
    }

    struct Plie {
        nom: String,
        commune: String,
        cles: BTreeSet<String>,
    }

    fn plie(c: &Cantine<'_>) -> Plie {
        let nom = plier(&c.decl.nom);
        let (commune, insee, postaux) =
            c.commune.map_or((String::new(), String::new(), ""), |com| {
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

    fn ancien(tranches: &[(&'static str, Vec<&Cantine<'_>>)]) -> Vec<(String, Vec<u8>)> {
        let plies: Vec<Vec<Plie>> = tranches
            .iter()
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
        out.extend(par_cle.into_iter().map(|(k, groupes)| {
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

    #[test]
    fn word_files_are_the_bytes_of_the_former_writer() {
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        let tranches = tranches(&cantines);
        let nouveau: Vec<(String, Vec<u8>)> = fichiers(&tranches, &Reprise::aucune())
            .into_iter()
            .map(|f| (f.path, f.bytes.unwrap_or_default()))
            .collect();
        let attendu = ancien(&tranches);
        assert!(attendu.len() > 500, "{}", attendu.len());
        assert_eq!(nouveau.len(), attendu.len());
        for (n, a) in nouveau.iter().zip(&attendu) {
            assert_eq!(n.0, a.0);
            assert!(
                n.1 == a.1,
                "{}: {} / {}",
                n.0,
                String::from_utf8_lossy(&n.1),
                String::from_utf8_lossy(&a.1)
            );
        }
    }
}

#[cfg(test)]
mod gardes_tests {
    use super::*;
    use crate::site::essai;
    use crate::site::search::gardes::{self, Gardes};
    use crate::site::search::index::tranches;

    #[test]
    fn a_folded_shard_is_read_back_as_written_and_only_so() {
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        for (code, liste) in tranches(&cantines) {
            let t = plier_tranche(&liste);
            let octets = t.octets();
            let lu = TranchePliee::lire(&octets, liste.len());
            assert_eq!(lu.map(|l| l.octets()), Some(octets.clone()), "{code}");
            assert!(TranchePliee::lire(&octets, liste.len() + 1).is_none());
            assert!(TranchePliee::lire(&octets[..octets.len() - 1], liste.len()).is_none());
            let mut plus = octets.clone();
            plus.push(0);
            assert!(TranchePliee::lire(&plus, liste.len()).is_none());
        }
    }

    /// The word files of `t`, by path.
    fn mots(t: &[(&'static str, Vec<&Cantine<'_>>)], r: &Reprise<'_>) -> Vec<(String, String)> {
        fichiers(t, r)
            .into_iter()
            .map(|f| {
                (
                    f.path,
                    String::from_utf8(f.bytes.unwrap_or_default()).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn kept_folded_shards_are_read_back_only_when_unchanged() {
        let decls = essai::declarations();
        let cantines = essai::cantines(&decls);
        let t = tranches(&cantines);
        let cles: Vec<u128> = (0..cantines.len() as u128).collect();
        let non = |_: &str, _: u128| false;
        let premiere = Reprise::new(&cantines, &cles, 1, &non);
        let vrais = mots(&t, &premiere);
        let corps = premiere.a_garder().unwrap_or_default();

        // Kept shards whose folded names are all "zzz…": read back, they
        // show in the word files instead of the real names.
        let mut entrees = gardes::entrees(&corps);
        for (_, octets) in &mut entrees {
            let pliee = t.iter().find_map(|(_, l)| {
                let lu = TranchePliee::lire(octets, l.len())?;
                (lu.octets() == *octets).then_some(lu)
            });
            if let Some(mut lu) = pliee {
                lu.noms = lu
                    .noms
                    .chars()
                    .map(|c| if c.is_ascii_alphabetic() { 'z' } else { c })
                    .collect();
                *octets = lu.octets();
            }
        }
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        gardes::garder(tmp.path(), &gardes::corps(&mut entrees)).unwrap_or_else(|e| panic!("{e}"));
        let lire = || Gardes::lire(tmp.path());

        let zzz = |fichiers: &[(String, String)]| {
            fichiers
                .iter()
                .filter(|(p, _)| p.starts_with("recherche/index/mots/"))
                .all(|(_, texte)| !texte.contains("[\"ecole") && !texte.contains("[\"college"))
        };
        assert!(!zzz(&vrais), "the real names hold these words");
        let lus = mots(
            &t,
            &Reprise::new(&cantines, &cles, 1, &non).avec_gardes(lire()),
        );
        assert!(zzz(&lus), "kept names are read back");
        assert_eq!(
            lus.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            vrais.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            "the same files: the keys are kept too"
        );

        // One canteen changed: its shard is folded again; another program
        // reads nothing back.
        let mut autres = cles.clone();
        autres[0] = 12345;
        let nom0 = plier(&cantines[0].decl.nom);
        let lus = mots(
            &t,
            &Reprise::new(&cantines, &autres, 1, &non).avec_gardes(lire()),
        );
        assert!(
            lus.iter()
                .any(|(_, texte)| texte.contains(&format!("[\"{nom0}\","))),
            "{nom0}"
        );
        let autre = Reprise::new(&cantines, &cles, 2, &non).avec_gardes(lire());
        assert_eq!(mots(&t, &autre), vrais);
    }
}
