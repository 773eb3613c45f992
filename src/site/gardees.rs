//! Which canteens' page and API file the previous site already holds as
//! this build would make them. They are found by walking the previous
//! marker's `cantines/…` and `api/cantines/…` lines in order (the marker
//! is sorted by path, so these lines are in SIRET order) beside the
//! canteens sorted by SIRET, rather than by looking up 200 000 paths one
//! by one, in no order, in a marker of 25 MB (benches/README.md §4,
//! "Session 12"). A file not found here is looked up by its job as before.

use super::Cantine;
use crate::model::siret;
use crate::output::{self, OutputError, Staging};
use rayon::prelude::*;

/// For each canteen (in the canteens' order), whether its page and its API
/// file are kept from the previous site.
#[derive(Debug, Default)]
pub struct Gardees {
    pages: Vec<bool>,
    api: Vec<bool>,
}

impl Gardees {
    /// Canteen `i`'s page is kept (nothing to render or write).
    pub fn page(&self, i: usize) -> bool {
        self.pages.get(i).copied().unwrap_or(false)
    }

    /// Canteen `i`'s API file is kept.
    pub fn api(&self, i: usize) -> bool {
        self.api.get(i).copied().unwrap_or(false)
    }
}

/// The key of a canteen's API file, from that of its page (the file shows
/// the same declarations).
pub fn cle_api(cle_page: u128) -> u128 {
    output::Key::default()
        .mix(&cle_page.to_le_bytes())
        .mix(b"api")
        .finish()
}

/// Finds the canteens' kept files; `cles` holds each canteen's page key.
/// Claims the kept files' lines (see [`Staging::reuse_lines`]).
pub fn trouver(
    staging: &Staging,
    cantines: &[Cantine<'_>],
    cles: &[u128],
) -> Result<Gardees, OutputError> {
    let mut par_siret: Vec<(u64, u32)> = cantines
        .par_iter()
        .enumerate()
        .filter_map(|(i, c)| Some((siret::nombre(&c.decl.siret)?, u32::try_from(i).ok()?)))
        .collect();
    par_siret.par_sort_unstable();
    let garder = |prefix: &str, suffix: &str, cle: fn(u128) -> u128| {
        let lignes = staging.previous_lines(prefix);
        // Consecutive lines look up neighbouring SIRETs: the bisections
        // run through the same few cache lines.
        let (demandes, indices): (Vec<(usize, u128)>, Vec<u32>) = lignes
            .into_par_iter()
            .with_min_len(2048)
            .filter_map(|line| {
                let path = staging.previous_path(line);
                // A SIRET of 14 digits (anything else is left to its job's look-up).
                let numero = siret::nombre(path.strip_prefix(prefix)?.strip_suffix(suffix)?)?;
                let j = par_siret.binary_search_by_key(&numero, |p| p.0).ok()?;
                let i = par_siret.get(j)?.1;
                Some(((line, cle(*cles.get(i as usize)?)), i))
            })
            .unzip();
        let kept = staging.reuse_lines(&demandes)?;
        let mut out = vec![false; cantines.len()];
        for (i, kept) in indices.into_iter().zip(kept) {
            if let Some(o) = out.get_mut(i as usize) {
                *o = kept;
            }
        }
        Ok::<_, OutputError>(out)
    };
    let (pages, api) = rayon::join(
        || garder("cantines/", "/index.html", |k| k),
        || garder("api/cantines/", ".json", cle_api),
    );
    Ok(Gardees {
        pages: pages?,
        api: api?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Job, essai};

    fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn kept_files_are_found_along_the_marker_and_the_others_left_to_their_jobs() {
        let decls = essai::declarations();
        let toutes = essai::cantines(&decls);
        let cantines = toutes.get(..30).unwrap_or(&toutes);
        let n = cantines.len();
        assert!(n >= 10, "{n} canteens");
        let cles: Vec<u128> = (0..n).map(|i| 1000 + i as u128).collect();
        let page = |i: usize| Job::Cantine(i).path(cantines);
        let api = |i: usize| Job::ApiCantine(i).path(cantines);
        let tmp = ok(tempfile::tempdir());
        let out = tmp.path().join("public");

        // A first site: each canteen's page and API file with their keys,
        // among other files of the same folders.
        let s = ok(Staging::new(&out));
        for i in 0..n {
            ok(s.write_keyed(&page(i), cles.get(i).copied(), b"page"));
            ok(s.write_keyed(&api(i), cles.get(i).copied().map(cle_api), b"{}"));
        }
        ok(s.write_keyed("cantines/index.html", Some(1), b"liste"));
        ok(s.write_keyed("api/cantines/index.json", Some(1), b"[]"));
        ok(s.commit());

        // Canteen 3 changed (so did both its keys); canteen 5's API file
        // was deleted by hand.
        ok(std::fs::remove_file(out.join(api(5))));
        let mut nouvelles = cles.clone();
        if let Some(k) = nouvelles.get_mut(3) {
            *k += 1;
        }
        let s = ok(Staging::new(&out));
        let g = ok(trouver(&s, cantines, &nouvelles));
        for i in 0..n {
            assert_eq!(g.page(i), i != 3, "page {i}");
            assert_eq!(g.api(i), i != 3 && i != 5, "API file {i}");
        }
        assert!(!g.page(n) && !g.api(n), "no canteen past the end");
        assert_eq!(s.reused(), 2 * n - 3);
        // The kept files are claimed: a second output at one of their
        // paths is refused, as when they are looked up one by one.
        assert!(matches!(
            s.reuse(&page(0), nouvelles.first().copied().unwrap_or(0)),
            Err(OutputError::Duplicate(_))
        ));
        // The others are left to their jobs, which make them again.
        let k3 = nouvelles.get(3).copied().unwrap_or(0);
        assert!(!ok(s.reuse(&page(3), k3)));
        assert!(!ok(s.reuse(&api(3), cle_api(k3))));
        let k5 = nouvelles.get(5).copied().unwrap_or(0);
        assert!(!ok(s.reuse(&api(5), cle_api(k5))));
        ok(s.write_keyed(&page(3), Some(k3), b"page 3"));
        ok(s.write_keyed(&api(3), Some(cle_api(k3)), b"{3}"));
        ok(s.write_keyed(&api(5), Some(cle_api(k5)), b"{}"));
        ok(s.write_keyed("cantines/index.html", Some(1), b"liste"));
        ok(s.write_keyed("api/cantines/index.json", Some(1), b"[]"));
        ok(s.commit());

        // The site holds every file, the kept ones untouched.
        let lire = |rel: &str| std::fs::read(out.join(rel)).unwrap_or_default();
        assert_eq!(lire(&page(0)), b"page");
        assert_eq!(lire(&page(3)), b"page 3");
        assert_eq!(lire(&api(5)), b"{}");
        assert_eq!(lire(&api(n - 1)), b"{}");
        assert_eq!(lire("cantines/index.html"), b"liste");

        // A site replaced whole (no usable marker) keeps nothing this way.
        ok(std::fs::write(
            out.join(crate::output::MARKER),
            "autre chose\n",
        ));
        let s = ok(Staging::new(&out));
        let g = ok(trouver(&s, cantines, &cles));
        assert!((0..n).all(|i| !g.page(i) && !g.api(i)));
    }
}
