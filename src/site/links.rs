//! Every internal link of the site must resolve: the build checks each
//! `href` and `src` of each HTML page against the set of files it wrote,
//! and fails naming the page and the broken link.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

/// A link that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page holding the link (path inside the site).
    pub page: String,
    /// The link as written.
    pub href: String,
}

/// Attribute openings whose values are links.
const PATTERNS: [&str; 2] = ["href=\"", "src=\""];

/// The searchers of [`PATTERNS`], built once: a page is scanned with SIMD
/// `memmem` rather than `str::find`, which builds a Two-Way searcher at
/// each call (8 % of a 100 000-canteen build's CPU, benches/README.md).
fn finders() -> &'static [memchr::memmem::Finder<'static>; 2] {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::OnceLock::new();
    FINDERS.get_or_init(|| PATTERNS.map(memchr::memmem::Finder::new))
}

/// Extracts the values of `href="…"` and `src="…"` attributes.
fn attribute_values(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let finders = finders();
    let mut i = 0;
    // Next absolute position of each pattern at or after `i` (usize::MAX:
    // none left). A position stays valid until `i` passes it, so each
    // pattern is searched once per occurrence: searching both from `i` at
    // every link made the scan quadratic on pages with many links and no
    // `src` (18 % of a 100 000-canteen build, benches/README.md).
    let mut next: [Option<usize>; 2] = [None; 2];
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let mut hit = None;
            for (k, finder) in finders.iter().enumerate() {
                let pos = match next[k] {
                    Some(p) if p >= i => p,
                    _ => {
                        let p = finder.find(&bytes[i..]).map_or(usize::MAX, |p| i + p);
                        next[k] = Some(p);
                        p
                    }
                };
                if pos != usize::MAX && hit.is_none_or(|(best, _)| pos < best) {
                    hit = Some((pos, finder.needle().len()));
                }
            }
            let (pos, len) = hit?;
            let start = pos + len;
            let end = memchr::memchr(b'"', &bytes[start..]).map(|e| start + e)?;
            // Only real attributes: preceded by whitespace.
            let before = if pos > 0 { bytes[pos - 1] } else { b' ' };
            i = end + 1;
            // Both ends are at ASCII bytes, so on char boundaries.
            if before.is_ascii_whitespace()
                && let Some(value) = html.get(start..end)
            {
                return Some(value);
            }
        }
        None
    })
}

/// Resolves `href` found on `page` (a site path like `cantines/1/index.html`)
/// into a site path, or `None` when it is external or a pure fragment.
/// `base_path` is the URL path the site is served from (`/` or `/sub/`).
fn resolve(page: &str, href: &str, base_path: &str) -> Option<Result<String, ()>> {
    let href: Cow<'_, str> = if href.contains("&amp;") {
        Cow::Owned(href.replace("&amp;", "&"))
    } else {
        Cow::Borrowed(href)
    };
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    if href.contains("://")
        || href.starts_with("mailto:")
        || href.starts_with("tel:")
        || href.starts_with("data:")
        || href.starts_with("//")
    {
        return None;
    }
    let joined = if let Some(abs) = href.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        match abs.strip_prefix(base) {
            Some(rest) => rest.to_string(),
            None => return Some(Err(())),
        }
    } else {
        let dir = page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        if dir.is_empty() {
            href.to_string()
        } else {
            format!("{dir}/{href}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(()));
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if joined.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(Ok(path))
}

/// Checks pages against the set of paths a build writes.
pub struct Verificateur<'a> {
    /// Borrowed from the plan's list of paths: no second copy of 210 000
    /// strings at national scale.
    written: foldhash::HashSet<&'a str>,
    base_path: String,
    /// Unique in the process: tells this build's cache from another's.
    id: u64,
}

static PROCHAIN: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Absolute links already found to resolve, by checker: the menu, the
    /// footer and the breadcrumbs are the same on 100 000 pages.
    static VUS: RefCell<(u64, HashSet<String>)> = RefCell::new((0, HashSet::new()));
}

impl<'a> Verificateur<'a> {
    /// A checker of the links of a site made of `written` (site paths),
    /// served from `base_path` (`/` or `/sub/`).
    pub fn new(written: foldhash::HashSet<&'a str>, base_path: &str) -> Self {
        Verificateur {
            written,
            base_path: base_path.to_string(),
            id: PROCHAIN.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Adds `paths` to the site's files.
    pub fn ajouter(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        self.written.extend(paths);
    }

    /// Checks the links of one page.
    pub fn check_page(&self, page: &str, html: &str) -> Vec<BrokenLink> {
        let mut broken = Vec::new();
        for href in attribute_values(html) {
            let absolu = href.starts_with('/') && !href.starts_with("//");
            if absolu && VUS.with_borrow(|(id, vus)| *id == self.id && vus.contains(href)) {
                continue;
            }
            let ok = match resolve(page, href, &self.base_path) {
                None => true,
                Some(Ok(path)) => {
                    self.written.contains(path.as_str())
                        || self.written.contains(format!("{path}/index.html").as_str())
                }
                Some(Err(())) => false,
            };
            if ok && absolu {
                VUS.with_borrow_mut(|(id, vus)| {
                    if *id != self.id {
                        *id = self.id;
                        vus.clear();
                    }
                    vus.insert(href.to_string());
                });
            }
            if !ok {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    href: href.to_string(),
                });
            }
        }
        broken
    }
}

/// Checks the links of one page against the set of written paths.
#[cfg(test)]
fn check_page(
    page: &str,
    html: &str,
    written: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink> {
    Verificateur::new(written.iter().map(String::as_str).collect(), base_path)
        .check_page(page, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn resolves_absolute_relative_and_subpath_links() {
        let written = set(&[
            "index.html",
            "cantines/1/index.html",
            "static/s.css",
            "contribuer/index.html",
        ]);
        let html = r##"<a href="/sub/cantines/1/">x</a> <link href="/sub/static/s.css"> <a href="../contribuer/">c</a>
            <a href="https://ex.org/">e</a> <a href="#top">t</a> <a href="/sub/">home</a> <a href="mailto:a@b.c">m</a>"##;
        assert_eq!(
            check_page("a-propos/index.html", html, &written, "/sub/"),
            vec![]
        );
        let bad = r#"<a href="/sub/cantines/2/">x</a> <a href="/cantines/1/">wrong base</a> <img src="../../../x.png" alt="">"#;
        let broken = check_page("a-propos/index.html", bad, &written, "/sub/");
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(
            hrefs,
            vec!["/sub/cantines/2/", "/cantines/1/", "../../../x.png"]
        );
    }

    #[test]
    fn extracts_every_link_in_page_order() {
        // Interleaved href and src, and a value that swallows a `src="`
        // (whose cached position is then behind the scan and searched again).
        let html = r#"<img src="/a.png"><a href="/b/">b</a><a href="/p/ src="> <a href="/c/">c</a><script src="/d.js"></script>"#;
        let values: Vec<&str> = attribute_values(html).collect();
        assert_eq!(values, vec!["/a.png", "/b/", "/p/ src=", "/c/", "/d.js"]);
        // A page of 1 000 links is scanned in one pass.
        let many = "<a href=\"/x/\">x</a>".repeat(1000);
        assert_eq!(attribute_values(&many).count(), 1000);
    }

    #[test]
    fn ignores_text_that_only_looks_like_an_attribute() {
        let written = set(&["index.html"]);
        let html = r#"<p>data-href="/nope/"</p><a href="/">ok</a>"#;
        assert!(check_page("index.html", html, &written, "/").is_empty());
    }

    #[test]
    fn links_known_good_in_one_build_are_checked_again_in_the_next() {
        let html = r#"<a href="/cantines/1/">x</a>"#;
        let (sa, sb) = (set(&["cantines/1/index.html"]), set(&["index.html"]));
        let a = Verificateur::new(sa.iter().map(String::as_str).collect(), "/");
        assert!(a.check_page("index.html", html).is_empty());
        assert!(a.check_page("autre/index.html", html).is_empty());
        let b = Verificateur::new(sb.iter().map(String::as_str).collect(), "/");
        assert_eq!(b.check_page("index.html", html).len(), 1);
        assert!(a.check_page("index.html", html).is_empty());
    }
}
