//! The national exports (`donnees/cantines.csv`, `bilans.csv`,
//! `cantines.json`: 82 MB at 100 000 canteens) as pieces that a rebuild
//! makes again only where their canteens changed (see [`crate::output::patch`]).
//!
//! The canteens, in site order, are cut into pieces where their keys say
//! so (after a canteen whose key's low bits are zero: one canteen in
//! [`moyenne`] on average), not every so many canteens: a
//! canteen added, removed or moved then changes the piece it leaves and
//! the piece it joins, not every piece after it. A piece's key is made of
//! its canteens' keys (their page keys: their file, their central
//! kitchen's, their satellites' names, the program). The bytes are the
//! same however the rows are cut.

use super::Cantine;
use super::opendata::{self, Fichier};
use crate::aggregate::campagnes::Campagnes;
use crate::output::{Key, Piece, PieceTable};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// Canteens per piece on average for `n` canteens: about 64 pieces, of
/// 16 canteens at least and 1 024 at most (a power of two). 1 024 at
/// national scale: a changed canteen costs about 1 MB of rows to make
/// again, and the tables stay small (100 pieces per file).
pub fn moyenne(n: usize) -> usize {
    (n / 64).next_power_of_two().clamp(16, 1024)
}

/// One export, ready to write.
#[derive(Debug)]
pub struct Export {
    /// Path in the site.
    pub path: &'static str,
    /// The key of the whole file.
    pub key: u128,
    /// Its pieces: made by this build, or to copy from the previous file.
    pub pieces: Vec<Piece>,
    /// Its table, for the next build.
    pub table: PieceTable,
}

/// Where the pieces end: after a canteen whose key has its low bits at
/// zero (`moyenne`, a power of two, canteens per piece on average), and
/// after `4 × moyenne` canteens at most.
pub fn decoupe(cles: &[u128], moyenne: usize) -> Vec<Range<usize>> {
    let masque = (moyenne.max(1).next_power_of_two() - 1) as u128;
    let mut pieces = Vec::with_capacity(cles.len() / moyenne.max(1) + 1);
    let mut debut = 0;
    for (i, k) in cles.iter().enumerate() {
        if k & masque == 0 || i + 1 - debut >= 4 * moyenne.max(1) {
            pieces.push(debut..i + 1);
            debut = i + 1;
        }
    }
    if debut < cles.len() {
        pieces.push(debut..cles.len());
    }
    pieces
}

/// The three exports of `cantines` (site order; `cles[i]` the key of
/// canteen `i`), cut in pieces of `moyenne` canteens on average. `sel` is
/// mixed into every key (the program and what every output depends on).
/// `ancienne(path)` is the table of the previous site's file if that file
/// is still there as the table says (checked by the caller): its pieces
/// whose key is unchanged are copied from it, and only the others made.
pub fn exports(
    cantines: &[Cantine<'_>],
    cles: &[u128],
    sel: u128,
    moyenne: usize,
    campagnes: &Campagnes,
    ancienne: impl Fn(&str) -> Option<PieceTable>,
) -> Vec<Export> {
    let fichiers = opendata::fichiers_exportes();
    let sel = Key::default().mix(b"exports").mix(&sel.to_le_bytes());
    let decoupe = decoupe(cles, moyenne);
    let cles_pieces: Vec<u128> = decoupe
        .par_iter()
        .map(|r| {
            let mut k = sel.mix(&[u8::from(r.start == 0)]);
            for c in cles.get(r.clone()).unwrap_or_default() {
                k = k.mix(&c.to_le_bytes());
            }
            k.finish()
        })
        .collect();
    let places: Vec<Option<HashMap<u128, (u64, u64)>>> = fichiers
        .iter()
        .map(|f| ancienne(f.path).map(|t| t.places()))
        .collect();
    // A piece is made when one file at least lacks it.
    let manque = |k: &u128| {
        places
            .iter()
            .any(|p| p.as_ref().is_none_or(|p| !p.contains_key(k)))
    };
    // The pieces made, by number; each file takes its part of them (moved,
    // not copied: 82 MB at national scale on a full build).
    let mut faites: Vec<Option<[Vec<u8>; 3]>> = decoupe
        .par_iter()
        .zip(cles_pieces.par_iter())
        .map(|(r, k)| {
            manque(k).then(|| {
                opendata::lignes_exports(
                    cantines.get(r.clone()).unwrap_or_default(),
                    r.start == 0,
                    campagnes,
                )
            })
        })
        .collect();
    fichiers
        .into_iter()
        .enumerate()
        .map(|(f, Fichier { path, entete, fin })| {
            let mut pieces = Vec::with_capacity(decoupe.len() + 2);
            let mut table = Vec::with_capacity(decoupe.len() + 2);
            let cle_de = |b: &[u8]| sel.mix(path.as_bytes()).mix(b).finish();
            table.push((cle_de(&entete), entete.len() as u64));
            pieces.push(Piece::New(entete));
            for (n, k) in cles_pieces.iter().enumerate() {
                let ancien = places
                    .get(f)
                    .and_then(Option::as_ref)
                    .and_then(|p| p.get(k).copied());
                let piece = match ancien {
                    Some((start, len)) => Piece::Old { start, len },
                    None => Piece::New(
                        faites
                            .get_mut(n)
                            .and_then(Option::as_mut)
                            .and_then(|a| a.get_mut(f))
                            .map(std::mem::take)
                            .unwrap_or_default(),
                    ),
                };
                table.push((*k, piece.len()));
                pieces.push(piece);
            }
            if !fin.is_empty() {
                table.push((cle_de(&fin), fin.len() as u64));
                pieces.push(Piece::New(fin));
            }
            let key = table
                .iter()
                .fold(Key::default().mix(path.as_bytes()), |k, (p, _)| {
                    k.mix(&p.to_le_bytes())
                })
                .finish();
            Export {
                path,
                key,
                pieces,
                table: PieceTable { key, pieces: table },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::essai;

    /// The bytes of an export, the old pieces read from `avant`.
    fn octets(e: &Export, avant: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in &e.pieces {
            match p {
                Piece::New(b) => out.extend_from_slice(b),
                Piece::Old { start, len } => {
                    let (s, l) = (*start as usize, *len as usize);
                    out.extend_from_slice(avant.get(s..s + l).unwrap_or_default());
                }
            }
        }
        out
    }

    #[test]
    fn pieces_hold_a_sixty_fourth_of_the_canteens_within_bounds() {
        assert_eq!(moyenne(0), 16);
        assert_eq!(moyenne(54), 16);
        assert_eq!(moyenne(12_700), 256);
        assert_eq!(moyenne(100_000), 1024);
        assert_eq!(moyenne(1_000_000), 1024);
    }

    #[test]
    fn pieces_end_where_keys_say_and_never_grow_past_four_times_the_mean() {
        let cles: Vec<u128> = vec![1, 4, 3, 8, 5, 7, 9, 11, 13, 15, 17, 19, 21, 0];
        let d = decoupe(&cles, 2);
        assert_eq!(d, vec![0..2, 2..4, 4..12, 12..14]);
        assert_eq!(decoupe(&[], 2), Vec::<Range<usize>>::new());
        assert_eq!(decoupe(&[1, 3], 2), vec![0..2]);
    }

    #[test]
    fn a_rebuild_makes_only_the_pieces_of_changed_canteens_and_gives_the_same_bytes() {
        let decls = essai::declarations();
        let toutes = essai::cantines(&decls);
        let cantines = &toutes[..40];
        let campagnes = Campagnes::de_comptes(Default::default(), Some(2023), 2026);
        let c = &campagnes;
        let cles: Vec<u128> = (0..cantines.len() as u128)
            .map(|i| Key::default().mix(&i.to_le_bytes()).finish())
            .collect();
        let avant = exports(cantines, &cles, 7, 4, c, |_| None);
        assert!(
            avant
                .iter()
                .all(|e| e.pieces.iter().all(|p| matches!(p, Piece::New(_))))
        );
        let bytes_avant: Vec<Vec<u8>> = avant.iter().map(|e| octets(e, &[])).collect();
        // The same bytes as the exports made in one go.
        for (e, (path, entier)) in avant.iter().zip(opendata::exports(cantines, c)) {
            assert_eq!(e.path, path);
            assert_eq!(octets(e, &[]), entier.concat(), "{path}");
        }
        // One canteen changes (its key): one piece or two are made again.
        let mut cles2 = cles.clone();
        cles2[17] = Key::default().mix(b"autre").finish();
        let tables: HashMap<&str, PieceTable> =
            avant.iter().map(|e| (e.path, e.table.clone())).collect();
        let apres = exports(cantines, &cles2, 7, 4, c, |p| tables.get(p).cloned());
        for ((e, vieux), a) in apres.iter().zip(&bytes_avant).zip(&avant) {
            assert_ne!(e.key, a.key);
            let neuves = e
                .pieces
                .iter()
                .filter(|p| matches!(p, Piece::New(b) if !b.is_empty()))
                .count();
            assert!(neuves <= 3 + 1, "{}: {neuves} pieces made", e.path);
            assert!(e.pieces.iter().any(|p| matches!(p, Piece::Old { .. })));
            assert_eq!(&octets(e, vieux), vieux, "same rows, same bytes");
            assert_eq!(e.table.len(), vieux.len() as u64);
        }
        // Nothing changed: every piece but the header and footer is old.
        let pareil = exports(cantines, &cles, 7, 4, c, |p| tables.get(p).cloned());
        for (e, a) in pareil.iter().zip(&avant) {
            assert_eq!(e.key, a.key);
            assert_eq!(e.table, a.table);
        }
        // Another program (`sel`): every key changes.
        let autre = exports(cantines, &cles, 8, 4, c, |p| tables.get(p).cloned());
        for e in &autre {
            assert!(e.pieces.iter().all(|p| matches!(p, Piece::New(_))));
        }
    }
}
