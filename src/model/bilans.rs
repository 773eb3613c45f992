//! The bilans of a declaration, decoded only when they are read.
//!
//! A rebuild takes 100 000 declarations from the build cache, but reads
//! the bilans of only the canteens whose pages, exports or statistics are
//! made again: the others' bilans stay as the cache's bytes (one copy per
//! declaration, where decoding made a dozen allocations), and are decoded
//! at their first use. What every build asks of every canteen (how many
//! bilans, the latest year) is known without decoding.
//!
//! In the cache (borsh), the bilans are written as: the latest year
//! (`u16`, 0 if none), the length of what follows (`u32`), then the bilans
//! as a borsh `Vec<Bilan>`. Everywhere else (YAML, JSON, the schema) they
//! are a plain list.

use super::declaration::Bilan;
use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::io::{self, Read, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A declaration's bilans: a list, read like a `Vec<Bilan>`.
#[derive(Default, Clone)]
pub struct Bilans {
    /// The bilans, when decoded (or made) as a list.
    liste: Vec<Bilan>,
    /// The bilans still encoded, when read from the cache (`liste` is
    /// then empty and unused). Boxed: a declaration read from YAML, as
    /// in `check` or a full build, carries 8 bytes for it, not 56.
    encodes: Option<Box<Encodes>>,
}

/// Bilans as the cache holds them, decoded at their first reading.
#[derive(Clone)]
struct Encodes {
    /// A borsh `Vec<Bilan>`.
    octets: Box<[u8]>,
    /// The latest data year, if any bilan.
    derniere: Option<u16>,
    /// The list, once decoded.
    liste: OnceLock<Vec<Bilan>>,
}

/// Bilans that could not be decoded since the program started (see
/// [`illisibles`]).
static ILLISIBLES: AtomicU64 = AtomicU64::new(0);

/// How many encoded bilans could not be decoded since the program
/// started. Bytes written by this program and checked by the cache's
/// checksum always decode; a build that sees this count grow fails
/// rather than publish a canteen without its bilans.
pub fn illisibles() -> u64 {
    ILLISIBLES.load(Ordering::Relaxed)
}

impl Encodes {
    /// The bilans (`None`: the bytes are not a list of bilans).
    fn decoder(&self) -> Option<Vec<Bilan>> {
        Vec::<Bilan>::try_from_slice(&self.octets).ok()
    }

    /// The bilans, decoded at the first call.
    fn liste(&self) -> &Vec<Bilan> {
        self.liste.get_or_init(|| {
            self.decoder().unwrap_or_else(|| {
                ILLISIBLES.fetch_add(1, Ordering::Relaxed);
                Vec::new()
            })
        })
    }

    /// How many bilans: the count that opens a borsh list.
    fn nombre(&self) -> usize {
        match self.octets.first_chunk::<4>() {
            Some(n) => u32::from_le_bytes(*n) as usize,
            None => 0,
        }
    }
}

impl Bilans {
    /// How many bilans (without decoding them).
    pub fn len(&self) -> usize {
        match &self.encodes {
            Some(e) => e.liste.get().map_or_else(|| e.nombre(), Vec::len),
            None => self.liste.len(),
        }
    }

    /// Whether there is no bilan (without decoding them).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The latest data year, if any bilan (without decoding them).
    pub fn derniere_annee(&self) -> Option<u16> {
        match &self.encodes {
            Some(e) => e.derniere,
            None => self.liste.iter().map(|b| b.annee).max(),
        }
    }

    /// Whether the bilans are still encoded (for the tests of the cache).
    pub fn encodes(&self) -> bool {
        self.encodes
            .as_ref()
            .is_some_and(|e| e.liste.get().is_none())
    }
}

impl From<Vec<Bilan>> for Bilans {
    fn from(liste: Vec<Bilan>) -> Self {
        Bilans {
            liste,
            encodes: None,
        }
    }
}

impl FromIterator<Bilan> for Bilans {
    fn from_iter<I: IntoIterator<Item = Bilan>>(iter: I) -> Self {
        Bilans::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl std::ops::Deref for Bilans {
    type Target = Vec<Bilan>;
    fn deref(&self) -> &Vec<Bilan> {
        match &self.encodes {
            Some(e) => e.liste(),
            None => &self.liste,
        }
    }
}

impl std::ops::DerefMut for Bilans {
    fn deref_mut(&mut self) -> &mut Vec<Bilan> {
        if let Some(e) = self.encodes.take() {
            // Decoded (and counted if they cannot be), then owned.
            e.liste();
            self.liste = e.liste.into_inner().unwrap_or_default();
        }
        &mut self.liste
    }
}

impl<'a> IntoIterator for &'a Bilans {
    type Item = &'a Bilan;
    type IntoIter = std::slice::Iter<'a, Bilan>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Debug for Bilans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl PartialEq for Bilans {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Serialize for Bilans {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(&**self, s)
    }
}

impl<'de> Deserialize<'de> for Bilans {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Vec<Bilan> as Deserialize>::deserialize(d).map(Bilans::from)
    }
}

impl BorshSerialize for Bilans {
    fn serialize<W: Write>(&self, w: &mut W) -> io::Result<()> {
        let encodes;
        let (derniere, octets): (Option<u16>, &[u8]) = match &self.encodes {
            // Still the bytes they were read from: written as they are.
            Some(e) => (e.derniere, &e.octets),
            None => {
                encodes = borsh::to_vec(&self.liste)?;
                (self.derniere_annee(), &encodes)
            }
        };
        let len = u32::try_from(octets.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "bilans trop longs"))?;
        w.write_all(&derniere.unwrap_or(0).to_le_bytes())?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(octets)
    }
}

impl BorshDeserialize for Bilans {
    fn deserialize_reader<R: Read>(r: &mut R) -> io::Result<Self> {
        let derniere = u16::deserialize_reader(r)?;
        let len = u32::deserialize_reader(r)? as usize;
        // Allocated once at its size when it is a plausible one (bilans
        // take a few hundred bytes); read by parts beyond, so that a
        // damaged length does not reserve gigabytes.
        let octets = if len <= 1 << 20 {
            let mut octets = vec![0; len];
            r.read_exact(&mut octets)?;
            octets
        } else {
            let mut octets = Vec::new();
            r.take(len as u64).read_to_end(&mut octets)?;
            if octets.len() != len {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            octets
        };
        Ok(Bilans {
            liste: Vec::new(),
            encodes: Some(Box::new(Encodes {
                octets: octets.into_boxed_slice(),
                derniere: (derniere != 0).then_some(derniere),
                liste: OnceLock::new(),
            })),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bilan(annee: u16) -> Bilan {
        use crate::model::declaration::{Achats, Commentaires};
        use rust_decimal::Decimal;
        Bilan {
            annee,
            source: None,
            taux_bio: None,
            taux_egalim_hors_bio: None,
            achats: Some(Box::new(Achats {
                valeur_totale: Some(crate::model::Euros(Decimal::new(1234567, 2))),
                ..Achats::default()
            })),
            gaspillage: None,
            diversification: None,
            plastique: None,
            information: None,
            commentaires: Some(Box::new(Commentaires {
                qualite: Some(format!("Bilan {annee} : « fait maison »")),
                ..Commentaires::default()
            })),
        }
    }

    fn relu(b: &Bilans) -> Bilans {
        let bytes = borsh::to_vec(b).unwrap_or_else(|e| panic!("{e}"));
        Bilans::try_from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn read_back_encoded_and_decoded_at_first_use() {
        let b = Bilans::from(vec![bilan(2022), bilan(2024), bilan(2023)]);
        let r = relu(&b);
        assert!(r.encodes());
        // Count and latest year without decoding.
        assert_eq!((r.len(), r.derniere_annee()), (3, Some(2024)));
        assert!(r.encodes());
        assert_eq!(r, b);
        assert!(!r.encodes());
        // Written again from its bytes, and the same once decoded.
        let again = relu(&r);
        assert_eq!(again, b);
        assert_eq!(borsh::to_vec(&again).ok(), borsh::to_vec(&b).ok());
        assert_eq!(
            format!("{again:?}"),
            format!("{:?}", vec![bilan(2022), bilan(2024), bilan(2023)])
        );
    }

    #[test]
    fn no_bilan() {
        let r = relu(&Bilans::default());
        assert_eq!((r.len(), r.is_empty(), r.derniere_annee()), (0, true, None));
        assert!(r.iter().next().is_none());
    }

    #[test]
    fn changed_after_reading() {
        let mut r = relu(&Bilans::from(vec![bilan(2022)]));
        r.push(bilan(2025));
        assert!(!r.encodes());
        assert_eq!((r.len(), r.derniere_annee()), (2, Some(2025)));
        assert_eq!(relu(&r), Bilans::from(vec![bilan(2022), bilan(2025)]));
    }

    #[test]
    fn cut_or_damaged_bytes_are_refused_or_not_a_list() {
        let bytes = borsh::to_vec(&Bilans::from(vec![bilan(2022)])).unwrap_or_default();
        assert!(Bilans::try_from_slice(&bytes[..bytes.len() - 1]).is_err());
        // A length beyond the bytes: refused, without reserving it.
        let mut long = bytes.clone();
        long[2..6].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Bilans::try_from_slice(&long).is_err());
        // Bytes of the right length that are no list of bilans.
        let e = Encodes {
            octets: vec![9, 0, 0, 0, 1].into_boxed_slice(),
            derniere: None,
            liste: OnceLock::new(),
        };
        assert!(e.decoder().is_none());
    }
}
