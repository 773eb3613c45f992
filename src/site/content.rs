//! The site's own pages, `content/*.md`: TOML front matter between `+++`
//! lines, then Markdown.

use crate::diagnostics::{Diagnostic, Severity};
use serde::Deserialize;
use std::path::Path;

/// Front matter of a content page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title of the page (the `<title>` and the breadcrumb).
    pub title: String,
    /// Description for search engines.
    #[serde(default)]
    pub description: String,
}

/// A content page, ready to render.
#[derive(Debug, Clone)]
pub struct ContentPage {
    /// Slug: the file name without `.md`; the page is served at `/<slug>/`.
    pub slug: String,
    /// Front matter.
    pub meta: FrontMatter,
    /// The Markdown body rendered to HTML.
    pub html: String,
}

/// Splits `+++\n…\n+++\n` front matter from the body.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let end = rest.find("\n+++")?;
    let body = &rest[end + 4..];
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    Some((&rest[..end], body))
}

/// Reads every `content/*.md` page, sorted by slug. Problems are returned as
/// diagnostics (a content page with an error fails the build).
pub fn load(root: &Path) -> (Vec<ContentPage>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut diags = Vec::new();
    let dir = root.join("content");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (pages, diags);
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = format!("content/{slug}.md");
        let valid_slug = !slug.is_empty()
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_slug {
            diags.push(Diagnostic::file_level(
                &rel,
                Severity::Error,
                "contenu-nom",
                format!("nom de page invalide « {slug} »"),
                Some(
                    "utilisez des minuscules, des chiffres et des tirets (ex. mentions-legales.md)"
                        .into(),
                ),
            ));
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::file_level(
                    &rel,
                    Severity::Error,
                    "lecture-impossible",
                    format!("lecture impossible : {e}"),
                    None,
                ));
                continue;
            }
        };
        let Some((front, body)) = split_front_matter(&text) else {
            diags.push(Diagnostic::file_level(
                &rel,
                Severity::Error,
                "contenu-entete",
                "la page doit commencer par un en-tête entre deux lignes « +++ »",
                Some("ajoutez en tête : +++ / title = \"Titre\" / +++".into()),
            ));
            continue;
        };
        match toml::from_str::<FrontMatter>(front) {
            Ok(meta) => pages.push(ContentPage {
                slug,
                meta,
                html: super::super::render::markdown::render_trusted(body),
            }),
            Err(e) => diags.push(Diagnostic::file_level(
                &rel,
                Severity::Error,
                "contenu-entete",
                format!("en-tête invalide : {}", e.message()),
                Some("l'en-tête attend title = \"…\" et, facultatif, description = \"…\"".into()),
            )),
        }
    }
    (pages, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        let (f, b) = split_front_matter("+++\ntitle = \"A\"\n+++\n# Titre\n").unwrap_or_default();
        assert_eq!(f, "title = \"A\"");
        assert_eq!(b, "# Titre\n");
        assert!(split_front_matter("# pas d'en-tête").is_none());
    }

    #[test]
    fn shipped_pages_load_without_problems() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (pages, diags) = load(root);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(pages.iter().any(|p| p.slug == "a-propos"));
    }
}
