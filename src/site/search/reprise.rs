//! The search index files kept from the previous build. Each shard, piece
//! and word file gets the key of what it is made from: the data keys of
//! its canteens (their file and their central kitchen's, which give their
//! latest figures) and their rows, with the program. A file whose key is unchanged is kept as it is, without
//! being made again: after one changed declaration, a rebuild makes one
//! shard and a few word files, not the 56 MB of the national index.

use super::gardes::{self, Gardes};
use crate::output::Key;
use crate::site::Cantine;
use std::sync::Mutex;
use xxhash_rust::xxh3::Xxh3Default;

/// One file of the index.
#[derive(Debug)]
pub struct Fichier {
    /// Path in the site.
    pub path: String,
    /// The key of its inputs, when known.
    pub key: Option<u128>,
    /// Its bytes; `None` when the previous build's file was kept.
    pub bytes: Option<Vec<u8>>,
}

impl Fichier {
    /// A file made without key (kept only if its bytes are the same).
    pub fn fait(path: String, bytes: Vec<u8>) -> Self {
        Fichier {
            path,
            key: None,
            bytes: Some(bytes),
        }
    }
}

/// What the index files are keyed with, and how a file is kept.
pub struct Reprise<'a> {
    /// The canteens, whose keys these are.
    cantines: &'a [Cantine<'a>],
    /// The key of each canteen, in the order of `cantines`.
    cles: Vec<u128>,
    /// Mixed into every file's key (the program that makes the bytes).
    sel: Key,
    /// Keeps `path` from the previous build if it was made from `key`
    /// (and is still there); says whether it did.
    garder: &'a (dyn Fn(&str, u128) -> bool + Sync),
    /// What the previous build kept by shard (flags, folded names), by key.
    gardes: Gardes,
    /// The entries of `recherche.bin` for the next build, as the index is
    /// made.
    a_garder: Mutex<Vec<(u128, Vec<u8>)>>,
}

impl<'a> Reprise<'a> {
    /// Keys for `cantines` (`cles[i]`: canteen `i`'s data key, see
    /// [`cle_de_donnees`]), `sel` (the program and settings) mixed into the
    /// files' keys.
    pub fn new(
        cantines: &'a [Cantine<'a>],
        cles: &[u128],
        sel: u128,
        garder: &'a (dyn Fn(&str, u128) -> bool + Sync),
    ) -> Self {
        Reprise {
            cantines,
            cles: cles.to_vec(),
            sel: Key::default().mix(b"recherche").mix(&sel.to_le_bytes()),
            garder,
            gardes: Gardes::default(),
            a_garder: Mutex::new(Vec::new()),
        }
    }

    /// The same, with what the previous build kept by shard.
    pub fn avec_gardes(self, gardes: Gardes) -> Self {
        Reprise { gardes, ..self }
    }

    /// The bytes the previous build kept under `cle`, if any.
    pub fn gardes(&self, cle: Option<u128>) -> Option<&[u8]> {
        self.gardes.octets(cle?)
    }

    /// The flags of a shard whose rows have key `cle` (see
    /// [`Reprise::cle_de`]), `n` of them, if the previous build kept them.
    pub fn drapeaux_gardes(&self, cle: Option<u128>, n: usize) -> Option<Vec<u16>> {
        gardes::drapeaux_de_octets(self.gardes(cle)?, n)
    }

    /// Keeps `entrees` (key, bytes) for the next build.
    pub fn retenir(&self, entrees: impl IntoIterator<Item = (u128, Vec<u8>)>) {
        self.a_garder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(entrees);
    }

    /// Records every shard's flags under its key, for the next build.
    pub fn retenir_drapeaux(&self, tranches: &[(Option<u128>, Vec<u16>)]) {
        self.retenir(
            tranches
                .iter()
                .filter_map(|(k, d)| Some(((*k)?, gardes::drapeaux_en_octets(d)))),
        );
    }

    /// The body of `recherche.bin` for the next build: what was recorded
    /// by [`Reprise::retenir`] (`None`: nothing).
    pub fn a_garder(&self) -> Option<Vec<u8>> {
        let mut entrees = std::mem::take(
            &mut *self
                .a_garder
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        (!entrees.is_empty()).then(|| gardes::corps(&mut entrees))
    }

    /// No key and nothing kept: every file is made (tests).
    #[cfg(test)]
    pub fn aucune() -> Reprise<'static> {
        static NON: fn(&str, u128) -> bool = |_, _| false;
        Reprise {
            cantines: &[],
            cles: Vec::new(),
            sel: Key::default(),
            garder: &NON,
            gardes: Gardes::default(),
            a_garder: Mutex::new(Vec::new()),
        }
    }

    /// The key of canteen `c`, if it is one of the canteens (the index's
    /// shards hold references into them: its place is found from its
    /// address, without a lookup by SIRET for each of the million rows of
    /// the word files).
    pub fn cle(&self, c: &Cantine<'_>) -> Option<u128> {
        let taille = std::mem::size_of::<Cantine<'_>>().max(1);
        let debut = self.cantines.as_ptr() as usize;
        let ecart = (std::ptr::from_ref(c) as usize).checked_sub(debut)?;
        if ecart % taille != 0 {
            return None;
        }
        let i = ecart / taille;
        let same = self
            .cantines
            .get(i)
            .is_some_and(|x| std::ptr::eq(x, std::ptr::from_ref(c).cast()));
        if !same {
            return None;
        }
        self.cles.get(i).copied()
    }

    /// The key of a file labelled `etiquette` made from `lignes`: (number,
    /// canteen) pairs (its rows, their shard…). `None` if a canteen has
    /// no key.
    pub fn cle_de<'c>(
        &self,
        etiquette: &[u8],
        lignes: impl Iterator<Item = (u64, &'c Cantine<'c>)>,
    ) -> Option<u128> {
        if self.cles.is_empty() {
            return None;
        }
        // Rows hashed 64 at a time (a streaming update per row costs
        // more than the row).
        const LIGNE: usize = 24;
        let mut h = Xxh3Default::new();
        let mut tampon = [0u8; 64 * LIGNE];
        let mut plein = 0;
        for (n, c) in lignes {
            let ligne = tampon.get_mut(plein..plein + LIGNE)?;
            ligne[..8].copy_from_slice(&n.to_le_bytes());
            ligne[8..].copy_from_slice(&self.cle(c)?.to_le_bytes());
            plein += LIGNE;
            if plein == tampon.len() {
                h.update(&tampon);
                plein = 0;
            }
        }
        h.update(tampon.get(..plein).unwrap_or_default());
        Some(
            self.sel
                .mix(etiquette)
                .mix(&h.digest128().to_le_bytes())
                .finish(),
        )
    }

    /// Keeps `path` if it was made from `key`.
    pub fn garder(&self, path: &str, key: Option<u128>) -> bool {
        key.is_some_and(|k| (self.garder)(path, k))
    }

    /// The version of the whole index, for its URLs (`?v=…`): the data
    /// keys of every canteen in shard and row order, which the bytes of
    /// every index file follow. Unlike the files' keys, it depends neither
    /// on which build of the program made them nor on the theme: the same
    /// data and program version give the same version everywhere.
    pub fn version(&self, tranches: &[(&'static str, Vec<&Cantine<'_>>)]) -> u64 {
        let mut h = Xxh3Default::new();
        h.update(&[super::index::FORMAT]);
        for (code, liste) in tranches {
            h.update(code.as_bytes());
            h.update(&[0]);
            for c in liste {
                h.update(&self.cle(c).unwrap_or(0).to_le_bytes());
            }
        }
        h.digest()
    }
}

/// The data key of a canteen for the index: the version of the program,
/// the key of its file and of its central kitchen's file (see
/// [`Cantine::avec_cles`]).
pub fn cle_de_donnees(c: &Cantine<'_>) -> u128 {
    let mut k = Key::default()
        .mix(env!("CARGO_PKG_VERSION").as_bytes())
        .mix(&c.cle_fichier().to_le_bytes());
    if let Some(central) = c.cle_centrale() {
        k = k.mix(&central.to_le_bytes());
    }
    k.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::essai;
    use crate::site::search::index::tranches;

    #[test]
    fn file_keys_follow_canteens_and_program_the_version_only_canteens() {
        let decls = essai::declarations();
        let toutes = essai::cantines(&decls);
        let cantines = &toutes[..30];
        let cles: Vec<u128> = (0..30u128).collect();
        let non = |_: &str, _: u128| false;
        let a = Reprise::new(cantines, &cles, 1, &non);
        let autre_programme = Reprise::new(cantines, &cles, 2, &non);
        let mut cles2 = cles.clone();
        cles2[7] = 99;
        let autre_cantine = Reprise::new(cantines, &cles2, 1, &non);
        let t = tranches(cantines);
        let lignes = || cantines.iter().zip(0u64..).map(|(c, n)| (n, c));
        let k = a.cle_de(b"f", lignes());
        assert!(k.is_some());
        assert_eq!(k, a.cle_de(b"f", lignes()));
        assert_ne!(k, a.cle_de(b"g", lignes()), "another file");
        assert_ne!(k, autre_programme.cle_de(b"f", lignes()));
        assert_ne!(k, autre_cantine.cle_de(b"f", lignes()));
        assert_ne!(
            k,
            a.cle_de(b"f", cantines.iter().zip(1u64..).map(|(c, n)| (n, c))),
            "other rows"
        );
        assert_eq!(a.version(&t), autre_programme.version(&t));
        assert_ne!(a.version(&t), autre_cantine.version(&t));
        // A canteen without key: no file key, nothing kept.
        let partielle = Reprise::new(&cantines[..10], &cles, 1, &non);
        assert_eq!(partielle.cle_de(b"f", lignes()), None);
        assert!(!partielle.garder("x", None));
    }
}
