//! `sitemap.xml` (an index of several files past 50 000 URLs), `robots.txt`
//! and the Atom feed of the newest bilans.

use super::{Cantine, Site};
use std::fmt::Write as _;

/// Most URLs one sitemap file may hold (sitemaps.org protocol).
pub const URLS_PAR_FICHIER: usize = 50_000;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

/// The sitemap files for the given page paths (`…/index.html`), sorted:
/// `sitemap.xml` alone, or `sitemap.xml` as an index of `sitemap-N.xml`.
pub fn sitemaps(site: &Site, pages: &[String]) -> Vec<(String, Vec<u8>)> {
    let urls: Vec<String> = pages
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| {
            format!(
                "{}{}",
                site.base_url,
                p.strip_suffix("index.html").unwrap_or(p)
            )
        })
        .collect();
    let urlset = |chunk: &[String]| {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for u in chunk {
            let _ = writeln!(s, "<url><loc>{}</loc></url>", xml_escape(u));
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    if urls.len() <= URLS_PAR_FICHIER {
        return vec![("sitemap.xml".into(), urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in urls.chunks(URLS_PAR_FICHIER).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            xml_escape(&format!("{}{name}", site.base_url))
        );
        files.push((name, urlset(chunk)));
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

/// Atom feed of the newest bilans: the latest data year first, then by
/// SIRET, so that the feed is deterministic without clock time. `updated`
/// is the build's date (from `SOURCE_DATE_EPOCH` when set).
pub fn flux(site: &Site, cantines: &[Cantine<'_>], updated: &str) -> Vec<u8> {
    let mut recents: Vec<(u16, &Cantine<'_>)> = cantines
        .iter()
        .filter_map(|c| c.derniere_annee().map(|a| (a, c)))
        .collect();
    recents.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.decl.siret.cmp(&b.1.decl.siret))
    });
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
    for (annee, c) in recents.into_iter().take(ENTREES_FLUX) {
        let url = format!("{}{}", site.base_url, c.url());
        let b = c.ind.bilans.first();
        let resume = match b.and_then(|b| b.objectifs_atteints) {
            Some(true) => "objectifs EGalim atteints",
            Some(false) => "objectifs EGalim non atteints",
            None => "objectifs EGalim non évalués",
        };
        let _ = writeln!(
            s,
            "<entry><title>{} : bilan {annee}</title><id>{}#annee-{annee}</id><link href=\"{}\"/><updated>{updated}</updated><summary>Bilan {annee} publié : {resume}.</summary></entry>",
            xml_escape(&c.decl.nom),
            xml_escape(&url),
            xml_escape(&url),
        );
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
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
