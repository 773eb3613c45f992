//! `sitemap.xml` (an index of several files past 50 000 URLs), `robots.txt`
//! and the Atom feed of the newest bilans.

use super::{Cantine, Site};
use crate::aggregate::campagnes::Campagnes;
use std::fmt::Write as _;

/// Most URLs one sitemap file may hold (sitemaps.org protocol).
pub const URLS_PAR_FICHIER: usize = 50_000;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml_escape_into(&mut out, s);
    out
}

/// `s` escaped for XML text or attributes, at the end of `out`.
fn xml_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// The sitemap files for the given page paths (`…/index.html`), sorted:
/// `sitemap.xml` alone, or `sitemap.xml` as an index of `sitemap-N.xml`
/// (made in parallel, each URL written straight into its file).
pub fn sitemaps(site: &Site, pages: &[String]) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    let pages: Vec<&str> = pages
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    let urlset = |chunk: &[&str]| {
        const DEBUT: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        let mut s = String::with_capacity(DEBUT.len() + chunk.len() * (site.base_url.len() + 48));
        s.push_str(DEBUT);
        for p in chunk {
            s.push_str("<url><loc>");
            xml_escape_into(&mut s, &site.base_url);
            xml_escape_into(&mut s, p.strip_suffix("index.html").unwrap_or(p));
            s.push_str("</loc></url>\n");
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    if pages.len() <= URLS_PAR_FICHIER {
        return vec![("sitemap.xml".into(), urlset(&pages))];
    }
    let mut files: Vec<(String, Vec<u8>)> = pages
        .par_chunks(URLS_PAR_FICHIER)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &files {
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            xml_escape(&format!("{}{name}", site.base_url))
        );
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index.into_bytes()));
    files
}

/// `robots.txt`: everything may be crawled; where the sitemap is.
pub fn robots(site: &Site) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.base_url
    )
    .into_bytes()
}

/// Entries in the feed.
pub const ENTREES_FLUX: usize = 50;

/// The `n` canteens with the latest bilans (latest year first, then by
/// SIRET), with that year: the first `n` of every canteen in that order,
/// without sorting all of them (100 000 at national scale).
fn plus_recents<'c, 'a>(cantines: &'c [Cantine<'a>], n: usize) -> Vec<(u16, &'c Cantine<'a>)> {
    let ordre = |a: &(u16, &Cantine<'_>), b: &(u16, &Cantine<'_>)| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.decl.siret.cmp(&b.1.decl.siret))
    };
    let mut recents: Vec<(u16, &Cantine<'_>)> = cantines
        .iter()
        .filter_map(|c| c.derniere_annee().map(|a| (a, c)))
        .collect();
    if n == 0 {
        return Vec::new();
    }
    if recents.len() > n {
        recents.select_nth_unstable_by(n - 1, ordre);
        recents.truncate(n);
    }
    recents.sort_by(ordre);
    recents
}

/// Atom feed of the newest bilans: the latest data year first, then by
/// SIRET, so that the feed is deterministic without clock time. `updated`
/// is the build's date (from `SOURCE_DATE_EPOCH` when set).
pub fn flux(
    site: &Site,
    cantines: &[Cantine<'_>],
    campagnes: &Campagnes,
    updated: &str,
) -> Vec<u8> {
    let recents = plus_recents(cantines, ENTREES_FLUX);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n",
    );
    let _ = writeln!(
        s,
        "<title>{} – nouveaux bilans</title>",
        xml_escape(&site.titre)
    );
    let _ = writeln!(s, "<id>{}flux.xml</id>", xml_escape(&site.base_url));
    let _ = writeln!(
        s,
        "<link rel=\"self\" href=\"{}flux.xml\"/>",
        xml_escape(&site.base_url)
    );
    let _ = writeln!(s, "<link href=\"{}\"/>", xml_escape(&site.base_url));
    let _ = writeln!(s, "<updated>{updated}</updated>");
    let _ = writeln!(
        s,
        "<author><name>{}</name></author>",
        xml_escape(&site.titre)
    );
    for (annee, c) in recents {
        let url = format!("{}{}", site.base_url, c.url());
        let b = c.ind().bilans.first();
        let resume = match b.and_then(|b| b.objectifs_atteints) {
            Some(true) => "objectifs EGalim atteints",
            Some(false) => "objectifs EGalim non atteints",
            None => "objectifs EGalim non évalués",
        };
        // A campaign in progress is told as such (its bilans are no
        // national result yet).
        let campagne = super::campagne::libelle_en_cours(campagnes, annee)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<entry><title>{} : bilan {annee}</title><id>{}#annee-{annee}</id><link href=\"{}\"/><updated>{updated}</updated><summary>Bilan {annee} publié : {resume}{}.</summary></entry>",
            xml_escape(&c.decl.nom),
            xml_escape(&url),
            xml_escape(&url),
            xml_escape(&campagne),
        );
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_feed_takes_the_first_canteens_of_the_full_order() {
        let decls = crate::site::essai::declarations();
        let cantines = crate::site::essai::cantines(&decls);
        let mut tous: Vec<(u16, &crate::site::Cantine<'_>)> = cantines
            .iter()
            .filter_map(|c| c.derniere_annee().map(|a| (a, c)))
            .collect();
        tous.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.decl.siret.cmp(&b.1.decl.siret))
        });
        assert!(tous.len() > 1_000);
        let siret = |v: &[(u16, &crate::site::Cantine<'_>)]| -> Vec<(u16, String)> {
            v.iter().map(|(a, c)| (*a, c.decl.siret.clone())).collect()
        };
        for n in [0, 1, 50, tous.len(), tous.len() + 5] {
            let attendu = siret(&tous[..n.min(tous.len())]);
            assert_eq!(siret(&super::plus_recents(&cantines, n)), attendu, "{n}");
        }
    }

    use super::*;

    fn site() -> Site {
        Site {
            titre: "T".into(),
            devise: String::new(),
            source: String::new(),
            base_url: "https://ex.fr/sous/".into(),
        }
    }

    #[test]
    fn sitemap_index_past_50000_urls() {
        let pages: Vec<String> = (0..120_001)
            .map(|i| format!("cantines/{i}/index.html"))
            .collect();
        let files = sitemaps(&site(), &pages);
        assert_eq!(files.len(), 4);
        let index = String::from_utf8_lossy(&files[0].1).to_string();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://ex.fr/sous/sitemap-3.xml</loc>"));
        let first = String::from_utf8_lossy(&files[1].1).to_string();
        assert_eq!(first.matches("<url>").count(), 50_000);
        assert!(first.contains("<loc>https://ex.fr/sous/cantines/0/</loc>"));
    }

    #[test]
    fn small_site_has_one_sitemap() {
        let files = sitemaps(&site(), &["index.html".to_string(), "404.html".to_string()]);
        assert_eq!(files.len(), 1);
        let text = String::from_utf8_lossy(&files[0].1).to_string();
        assert!(text.contains("<loc>https://ex.fr/sous/</loc>"));
        assert!(!text.contains("404"));
    }
}
