//! The running totals of groups of canteens, kept between builds
//! (`agregats.bin` in the cache folder). The canteens are aggregated by
//! group (a département's canteens); each group's key is made of its
//! canteens' data keys, in order, and of the program. A group whose key
//! is the one of a group of the previous build takes that group's totals
//! instead of adding its canteens again: after one changed declaration,
//! one group of about a thousand canteens is added up, not 100 000.
//!
//! The totals are counts, exact decimal sums and multisets of values
//! whose middle is found at the end (see `Cumul::fusionner`), so the figures do not
//! depend on how the canteens are grouped: the statistics are those of
//! [`super::agreger`], byte for byte.
//!
//! Layout of the body (after the checksummed header of
//! [`crate::cache::fichier`]): the groups' keys and lengths (borsh
//! `Vec<(u128, u32)>`), then each group's totals, end to end: the number
//! of slices (`u32`), then for each its dimension, its code and its
//! totals (borsh). A group that does not decode, or names a slice code
//! this program does not know, is added up again.

use super::{
    CumulTranche, Cumuls, Dimension, FRANCE, INCONNU, Statistiques, accumuler_tout, finir,
    fusionner,
};
use crate::cache::fichier;
use crate::indicators::CantineIndicateurs;
use crate::model::territory;
use crate::model::{
    Categorie, Declaration, ModeleEconomique, Secteur, TypeGestion, TypeProduction,
};
use borsh::BorshDeserialize;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::Path;

/// File name in the cache folder.
const FILE: &str = "agregats.bin";

const MAGIC: [u8; 8] = *b"CANTINEA";

/// Bumped whenever the layout changes.
const FORMAT: u32 = 1;

/// A group of canteens aggregated as one.
pub struct Groupe<T> {
    /// The key of its canteens (their data keys, in order) and of the
    /// program that adds them up.
    pub cle: u128,
    /// Its canteens, read with the function given to
    /// [`agreger_par_groupes`] only if the group is added up.
    pub cantines: Vec<T>,
}

/// The totals of the previous build's groups, by key.
#[derive(Debug, Default)]
pub struct Memoire {
    octets: fichier::Corps,
    groupes: HashMap<u128, Range<usize>>,
}

impl Memoire {
    /// Nothing kept: every group is added up.
    pub fn aucune() -> Self {
        Self::default()
    }

    /// The totals kept in `dir`; none if there are none or they are
    /// unusable.
    pub fn lire(dir: &Path) -> Self {
        fichier::lire(dir, FILE, MAGIC, FORMAT)
            .and_then(Self::depuis)
            .unwrap_or_default()
    }

    /// Reads a body as written by [`agreger_par_groupes`].
    fn depuis(octets: fichier::Corps) -> Option<Self> {
        let mut reste: &[u8] = &octets;
        let table = Vec::<(u128, u32)>::deserialize(&mut reste).ok()?;
        let mut debut = octets.len() - reste.len();
        let mut groupes = HashMap::with_capacity(table.len());
        for (cle, longueur) in table {
            let fin = debut.checked_add(usize::try_from(longueur).ok()?)?;
            if fin > octets.len() {
                return None;
            }
            groupes.insert(cle, debut..fin);
            debut = fin;
        }
        Some(Memoire { octets, groupes })
    }

    /// The totals of the group keyed `cle`, if kept and readable, with
    /// where their bytes are.
    fn totaux(&self, cle: u128) -> Option<(Cumuls, Range<usize>)> {
        let place = self.groupes.get(&cle)?.clone();
        Some((decoder(self.octets.get(place.clone())?)?, place))
    }

    /// Keeps the totals of a build's groups in `dir`: `garde`, whose kept
    /// groups are bytes of `self` (the memory the build read).
    pub fn garder(&self, dir: &Path, garde: &Garde) -> io::Result<()> {
        let mut parts: Vec<&[u8]> = Vec::with_capacity(garde.morceaux.len() + 1);
        parts.push(&garde.table);
        for m in &garde.morceaux {
            parts.push(match m {
                Morceau::Ancien(place) => self.octets.get(place.clone()).ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidData, "totaux gardés introuvables")
                })?,
                Morceau::Nouveau(octets) => octets,
            });
        }
        fichier::garder(dir, FILE, MAGIC, FORMAT, &parts)
    }
}

/// What a build keeps of its groups' totals, for [`Memoire::garder`]: the
/// table of keys and lengths, then each group's bytes.
pub struct Garde {
    table: Vec<u8>,
    morceaux: Vec<Morceau>,
}

/// The bytes of one group's totals.
enum Morceau {
    /// Those of the memory read (the group did not change).
    Ancien(Range<usize>),
    /// New ones.
    Nouveau(Vec<u8>),
}

impl Morceau {
    fn len(&self) -> usize {
        match self {
            Morceau::Ancien(place) => place.len(),
            Morceau::Nouveau(octets) => octets.len(),
        }
    }
}

/// What [`agreger_par_groupes`] gives.
pub struct Agregats {
    /// Every statistic.
    pub stats: Statistiques,
    /// What to keep of this build's groups, when asked.
    pub garde: Option<Garde>,
    /// Groups whose totals came from the memory (the others were added up).
    pub repris: usize,
}

/// Every statistic, from `groupes` (each canteen's declaration and
/// indicators given by `lire`): a group whose key is in `memoire` takes
/// its totals from there, without reading its canteens. With `garder`,
/// also what to keep of this build's groups, for [`Memoire::garder`].
pub fn agreger_par_groupes<T, F>(
    groupes: &[Groupe<T>],
    memoire: &Memoire,
    garder: bool,
    lire: F,
) -> Agregats
where
    T: Sync,
    F: for<'x> Fn(&'x T) -> (&'x Declaration, &'x CantineIndicateurs) + Sync,
{
    let faits: Vec<(Cumuls, Option<Morceau>, bool)> = groupes
        .par_iter()
        .map(|g| match memoire.totaux(g.cle) {
            Some((cumuls, place)) => (cumuls, garder.then_some(Morceau::Ancien(place)), true),
            None => {
                let cantines: Vec<_> = g.cantines.iter().map(&lire).collect();
                let cumuls = accumuler_tout(&cantines);
                let octets = garder.then(|| Morceau::Nouveau(encoder(&cumuls)));
                (cumuls, octets, false)
            }
        })
        .collect();
    let repris = faits.iter().filter(|f| f.2).count();
    let mut garde = None;
    if garder {
        let table: Option<Vec<(u128, u32)>> = groupes
            .iter()
            .zip(&faits)
            .map(|(g, (_, m, _))| Some((g.cle, u32::try_from(m.as_ref()?.len()).ok()?)))
            .collect();
        // A group of more than 4 GB is not kept.
        if let Some(table) = table {
            garde = Some(Garde {
                table: borsh::to_vec(&table).unwrap_or_default(),
                morceaux: Vec::new(),
            });
        }
    }
    let mut cumuls = Vec::with_capacity(faits.len());
    for (c, m, _) in faits {
        cumuls.push(c);
        if let (Some(g), Some(m)) = (garde.as_mut(), m) {
            g.morceaux.push(m);
        }
    }
    Agregats {
        stats: finir(fusionner(cumuls)),
        garde,
        repris,
    }
}

/// The bytes of one group's totals.
fn encoder(cumuls: &Cumuls) -> Vec<u8> {
    let tranches: Vec<(&Dimension, &str, &CumulTranche)> =
        cumuls.iter().map(|((d, c), t)| (d, *c, t)).collect();
    // Writing to a vector does not fail.
    borsh::to_vec(&tranches).unwrap_or_default()
}

/// One group's totals from their bytes; `None` if they do not decode to
/// the end or name an unknown slice.
fn decoder(octets: &[u8]) -> Option<Cumuls> {
    let tranches = Vec::<(Dimension, String, CumulTranche)>::try_from_slice(octets).ok()?;
    tranches
        .into_iter()
        .map(|(d, code, t)| Some(((d, code_connu(d, &code)?), t)))
        .collect()
}

/// The code of a slice of `dimension` as this program names it.
fn code_connu(dimension: Dimension, code: &str) -> Option<&'static str> {
    if code == INCONNU {
        return Some(INCONNU);
    }
    fn slug<T: Copy>(
        all: &[T],
        slug: impl Fn(T) -> &'static str,
        code: &str,
    ) -> Option<&'static str> {
        all.iter().map(|x| slug(*x)).find(|s| *s == code)
    }
    match dimension {
        Dimension::National => (code == FRANCE).then_some(FRANCE),
        Dimension::Region => territory::region(code).map(|r| r.code),
        Dimension::Departement => territory::departement(code).map(|d| d.code),
        Dimension::Categorie => slug(Categorie::ALL, Categorie::slug, code),
        Dimension::Secteur => slug(Secteur::ALL, Secteur::slug, code),
        Dimension::Gestion => slug(TypeGestion::ALL, TypeGestion::slug, code),
        Dimension::Production => slug(TypeProduction::ALL, TypeProduction::slug, code),
        Dimension::Modele => slug(ModeleEconomique::ALL, ModeleEconomique::slug, code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::compute;
    use crate::output::Key;
    use crate::site::essai;

    /// The canteens of the test set, grouped by département as the build
    /// does, each group keyed by its canteens' SIRETs and names.
    type Paire<'a> = (&'a Declaration, &'a CantineIndicateurs);

    fn paire<'x>(p: &'x Paire<'_>) -> (&'x Declaration, &'x CantineIndicateurs) {
        (p.0, p.1)
    }

    fn groupes<'a>(
        decls: &'a [Declaration],
        inds: &'a [CantineIndicateurs],
    ) -> Vec<Groupe<Paire<'a>>> {
        let mut par_dep: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, ind) in inds.iter().enumerate() {
            par_dep
                .entry(ind.departement.unwrap_or(INCONNU))
                .or_default()
                .push(i);
        }
        par_dep
            .into_values()
            .map(|idx| {
                let mut k = Key::default();
                for &i in &idx {
                    k = k
                        .mix(decls[i].siret.as_bytes())
                        .mix(decls[i].nom.as_bytes())
                        .mix(&format!("{:?}", decls[i].bilans).into_bytes());
                }
                Groupe {
                    cle: k.finish(),
                    cantines: idx.iter().map(|&i| (&decls[i], &inds[i])).collect(),
                }
            })
            .collect()
    }

    fn declarations() -> Vec<Declaration> {
        essai::declarations().into_iter().map(|(_, d)| d).collect()
    }

    fn json(s: &Statistiques) -> String {
        serde_json::to_string(s).unwrap_or_default()
    }

    /// Keeps `garde` (made with `lue`) in `dir` and reads it back.
    fn relire(dir: &Path, lue: &Memoire, garde: Option<Garde>) -> (Memoire, Vec<u8>) {
        let garde = garde.unwrap_or_else(|| panic!("nothing to keep"));
        lue.garder(dir, &garde).unwrap_or_else(|e| panic!("{e}"));
        let octets = std::fs::read(dir.join(FILE)).unwrap_or_default();
        (Memoire::lire(dir), octets)
    }

    #[test]
    fn kept_totals_give_the_figures_of_a_whole_aggregation() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut decls = declarations();
        let inds: Vec<CantineIndicateurs> = decls.iter().map(|d| compute(d, None)).collect();
        let attendu = json(&super::super::agreger(decls.iter().zip(&inds)));
        let g = groupes(&decls, &inds);
        assert!(g.len() > 3, "several groups");

        // Nothing kept: every group added up; the same figures.
        let rien = Memoire::aucune();
        let a = agreger_par_groupes(&g, &rien, true, paire);
        assert_eq!((json(&a.stats), a.repris), (attendu.clone(), 0));
        let garde = a.garde;
        let (memoire, fichier) = relire(tmp.path(), &rien, garde);
        assert_eq!(memoire.groupes.len(), g.len());

        // Everything kept: no canteen is read (each is given another
        // canteen's indicators, which would give other figures).
        let autres: Vec<CantineIndicateurs> =
            decls.iter().map(|_| compute(&decls[0], None)).collect();
        let mut aveugles = groupes(&decls, &inds);
        for gr in &mut aveugles {
            for (j, c) in gr.cantines.iter_mut().enumerate() {
                c.1 = &autres[j];
            }
        }
        let a = agreger_par_groupes(&aveugles, &memoire, true, paire);
        assert_eq!(json(&a.stats), attendu, "the kept totals are used");
        assert_eq!(a.repris, g.len());
        let garde = a.garde;
        let (_, encore) = relire(tmp.path(), &memoire, garde);
        assert_eq!(encore, fichier, "and kept again as they were");

        // One canteen changes: its group is added up again, the others kept.
        let i = decls.iter().position(|d| !d.bilans.is_empty()).unwrap_or(0);
        decls[i].bilans.clear();
        let inds: Vec<CantineIndicateurs> = decls.iter().map(|d| compute(d, None)).collect();
        let attendu = json(&super::super::agreger(decls.iter().zip(&inds)));
        let g2 = groupes(&decls, &inds);
        let changes = g2
            .iter()
            .filter(|x| !memoire.groupes.contains_key(&x.cle))
            .count();
        assert_eq!(changes, 1);
        let a = agreger_par_groupes(&g2, &memoire, true, paire);
        assert_eq!((json(&a.stats), a.repris), (attendu.clone(), g2.len() - 1));
        let garde = a.garde;
        let (apres, _) = relire(tmp.path(), &memoire, garde);
        let a = agreger_par_groupes(&g2, &apres, false, paire);
        assert_eq!(json(&a.stats), attendu, "the changed group kept too");
        assert_eq!(a.repris, g2.len());
    }

    #[test]
    fn unreadable_totals_are_added_up_again() {
        let decls = declarations();
        let inds: Vec<CantineIndicateurs> = decls.iter().map(|d| compute(d, None)).collect();
        let g = groupes(&decls, &inds);
        let un = encoder(&accumuler_tout(&g[0].cantines));
        assert!(decoder(&un).is_some());
        assert!(decoder(&un[..un.len() - 1]).is_none(), "truncated");
        let mut long = un.clone();
        long.push(0);
        assert!(decoder(&long).is_none(), "trailing bytes");
        // A slice code this program does not know.
        let mut cumuls = accumuler_tout(&g[0].cantines);
        if let Some(t) = cumuls.remove(&(Dimension::National, FRANCE)) {
            cumuls.insert((Dimension::National, "ailleurs"), t);
        }
        assert!(decoder(&encoder(&cumuls)).is_none(), "unknown code");
        // A table announcing more bytes than there are.
        let trop = u32::try_from(un.len() + 1).unwrap_or(u32::MAX);
        let mut corps = borsh::to_vec(&vec![(7u128, trop)]).unwrap_or_default();
        corps.extend_from_slice(&un);
        assert!(Memoire::depuis(fichier::Corps::Octets(corps)).is_none());
        // A group kept under a key but unreadable is added up again.
        let mut corps = borsh::to_vec(&vec![(g[0].cle, 3u32)]).unwrap_or_default();
        corps.extend_from_slice(&[1, 2, 3]);
        let memoire = Memoire::depuis(fichier::Corps::Octets(corps)).unwrap_or_default();
        assert!(memoire.totaux(g[0].cle).is_none());
        let seul = [Groupe {
            cle: g[0].cle,
            cantines: g[0].cantines.clone(),
        }];
        let a = agreger_par_groupes(&seul, &memoire, false, paire);
        assert_eq!(a.repris, 0);
        assert_eq!(
            json(&a.stats),
            json(&super::super::agreger(g[0].cantines.iter().copied()))
        );
    }
}
