//! Lists of canteens on territory and sector pages, paginated so that no
//! page grows past a phone's patience at national scale.

use super::published::Cantine;
use crate::aggregate::campagnes::Campagnes;
use serde::Serialize;

/// Canteens per list page.
pub const PAR_PAGE: usize = 200;

/// One canteen in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Entree {
    /// Name.
    pub nom: String,
    /// Page URL, relative to the site root.
    pub url: String,
    /// Commune name, or "commune non renseignée".
    pub commune: String,
    /// Latest data year, or empty.
    pub annee: String,
    /// Latest verdict: "atteints", "non atteints", "non évalués", or empty.
    pub objectifs: &'static str,
    /// The latest bilan in words, as the list shows it: "atteints en 2024",
    /// "non évalués en 2023", "bilan en 2022" (no verdict) or "aucun bilan",
    /// followed by " (campagne en cours)" for a campaign in progress.
    /// Made here once rather than by three tests per row in the template.
    pub bilan: String,
}

/// The list entry of a canteen.
pub fn entree(c: &Cantine<'_>, campagnes: &Campagnes) -> Entree {
    let dernier = c.ind().bilans.first();
    let objectifs = match dernier.map(|b| b.objectifs_atteints) {
        Some(Some(true)) => "atteints",
        Some(Some(false)) => "non atteints",
        Some(None) => "non évalués",
        None => "",
    };
    let annee = dernier.map(|b| b.annee.to_string()).unwrap_or_default();
    let mut bilan = bilan_en_mots(&annee, objectifs);
    if dernier.is_some_and(|b| !campagnes.est_publiee(b.annee)) {
        bilan.push_str(" (campagne en cours)");
    }
    Entree {
        nom: c.decl.nom.clone(),
        url: c.url(),
        commune: c.commune.map_or_else(
            || "commune non renseignée".to_string(),
            |x| x.nom.to_string(),
        ),
        bilan,
        annee,
        objectifs,
    }
}

/// "atteints en 2024", "bilan en 2022" when there is no verdict, "aucun
/// bilan" without a year.
fn bilan_en_mots(annee: &str, objectifs: &str) -> String {
    match (annee, objectifs) {
        ("", _) => "aucun bilan".to_string(),
        (a, "") => format!("bilan en {a}"),
        (a, o) => format!("{o} en {a}"),
    }
}

/// Link to one page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLien {
    /// Page number (1-based).
    pub numero: usize,
    /// URL relative to the site root.
    pub url: String,
    /// The current page.
    pub courante: bool,
    /// Pages are skipped between the previous link and this one (shown
    /// as « … »).
    pub ecart: bool,
}

/// How many pages on each side of the current one the pagination links
/// to, besides the first and the last.
pub const VOISINES: usize = 2;

/// The site path (`…/index.html`) and URL of page `n` of a list at `base` (`departements/07/`).
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The list entries of the canteens at `idx`, in that order.
pub fn entrees(cantines: &[Cantine<'_>], idx: &[usize], campagnes: &Campagnes) -> Vec<Entree> {
    idx.iter()
        .filter_map(|i| cantines.get(*i))
        .map(|c| entree(c, campagnes))
        .collect()
}

/// Splits a sorted list (of entries, or of canteen indexes) into pages:
/// (page number, items, links to other pages: see [`fenetre`]).
pub fn paginer<T>(base: &str, items: Vec<T>) -> Vec<(usize, Vec<T>, Vec<PageLien>)> {
    let total = items.len().div_ceil(PAR_PAGE).max(1);
    let mut pages = Vec::with_capacity(total);
    let mut it = items.into_iter();
    for n in 1..=total {
        let chunk: Vec<T> = it.by_ref().take(PAR_PAGE).collect();
        let liens = if total > 1 {
            fenetre(base, n, total)
        } else {
            Vec::new()
        };
        pages.push((n, chunk, liens));
    }
    pages
}

/// The links of page `n` of `total`: the first page, the last, and the
/// [`VOISINES`] pages on each side of `n`, in order. At most seven links
/// whatever the list's length: linking every page made a national list of
/// 150 pages carry 150 links on each page (22 500 in all, growing with the
/// square of the number of canteens), a long read for keyboard and
/// screen-reader users.
fn fenetre(base: &str, n: usize, total: usize) -> Vec<PageLien> {
    let autour = n.saturating_sub(VOISINES).max(1)..=(n + VOISINES).min(total);
    let mut numeros: Vec<usize> = std::iter::once(1)
        .chain(autour)
        .chain(std::iter::once(total))
        .collect();
    numeros.dedup();
    let mut avant = 0;
    numeros
        .into_iter()
        .map(|k| {
            let lien = PageLien {
                numero: k,
                url: page_url(base, k),
                courante: k == n,
                ecart: avant > 0 && k > avant + 1,
            };
            avant = k;
            lien
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination() {
        let e = |i: usize| Entree {
            nom: format!("{i}"),
            url: String::new(),
            commune: String::new(),
            annee: String::new(),
            objectifs: "",
            bilan: String::new(),
        };
        let pages = paginer("secteurs/x/", (0..450).map(e).collect());
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2].1.len(), 50);
        assert_eq!(pages[1].2[1].url, "secteurs/x/page/2/");
        assert!(pages[1].2[1].courante);
        assert_eq!(paginer("a/", Vec::<Entree>::new()).len(), 1);
    }

    #[test]
    fn a_long_list_links_the_first_and_last_pages_and_the_neighbours() {
        let pages = paginer("x/", (0..150 * PAR_PAGE).collect());
        let vue = |n: usize| -> Vec<String> {
            pages[n - 1]
                .2
                .iter()
                .map(|l| {
                    let ecart = if l.ecart { "… " } else { "" };
                    let courante = if l.courante { "*" } else { "" };
                    format!("{ecart}{}{courante}", l.numero)
                })
                .collect()
        };
        assert_eq!(vue(1), ["1*", "2", "3", "… 150"]);
        assert_eq!(vue(4), ["1", "2", "3", "4*", "5", "6", "… 150"]);
        assert_eq!(vue(75), ["1", "… 73", "74", "75*", "76", "77", "… 150"]);
        assert_eq!(vue(148), ["1", "… 146", "147", "148*", "149", "150"]);
        assert_eq!(vue(150), ["1", "… 148", "149", "150*"]);
        assert!(pages.iter().all(|p| p.2.len() <= 2 * VOISINES + 3));
        // Every page can be reached from the first, from link to link.
        let mut vues = [false; 151];
        let mut a_voir = vec![1];
        while let Some(n) = a_voir.pop() {
            if !std::mem::replace(&mut vues[n], true) {
                a_voir.extend(pages[n - 1].2.iter().map(|l| l.numero));
            }
        }
        assert!(vues[1..].iter().all(|v| *v));
        assert_eq!(pages[74].2[1].url, "x/page/73/");
    }

    #[test]
    fn the_latest_bilan_in_words() {
        assert_eq!(bilan_en_mots("2024", "atteints"), "atteints en 2024");
        assert_eq!(bilan_en_mots("2023", "non évalués"), "non évalués en 2023");
        assert_eq!(bilan_en_mots("2022", ""), "bilan en 2022");
        assert_eq!(bilan_en_mots("", ""), "aucun bilan");
    }
}
