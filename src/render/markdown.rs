//! Markdown to HTML. Contributors' texts are untrusted: raw HTML is shown as
//! text, never rendered; links are limited to http(s) and mailto; images
//! are replaced by their description; headings are demoted below the
//! page's own; and the result goes through ammonia as a second line of
//! defence.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

/// Renders the site's own pages (`content/*.md`), which we write ourselves.
pub fn render_trusted(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(markdown, options);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4 => {
            HeadingLevel::H4
        }
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Renders a contributor's Markdown (presentation, comments) safely.
pub fn render_untrusted(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH);
    let mut in_image = 0usize;
    let mut skipped_link_depth = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();
    let events = parser.filter_map(|event| match event {
        // Raw HTML is displayed as the text it is.
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            Some(Event::Text(CowStr::Borrowed("[image : ")))
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            Some(Event::Text(CowStr::Borrowed("]")))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_url(&dest_url);
            link_stack.push(keep);
            if keep {
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            } else {
                skipped_link_depth += 1;
                None
            }
        }
        Event::End(TagEnd::Link) => {
            let keep = link_stack.pop().unwrap_or(false);
            if keep {
                Some(Event::End(TagEnd::Link))
            } else {
                skipped_link_depth = skipped_link_depth.saturating_sub(1);
                None
            }
        }
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        other => Some(other),
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

/// The sanitiser, built once: a builder holds about twenty sets, and
/// building it for each of 100 000 canteen pages cost more than cleaning.
static NETTOYEUR: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "em",
        "strong",
        "del",
        "ul",
        "ol",
        "li",
        "a",
        "code",
        "pre",
        "blockquote",
        "h4",
        "h5",
        "h6",
        "hr",
    ]
    .into_iter()
    .collect();
    let mut b = ammonia::Builder::default();
    b.tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"));
    b
});

fn sanitize(html: &str) -> String {
    NETTOYEUR.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_scripts_are_inert() {
        let out =
            render_untrusted("Bonjour <script>alert('x')</script> <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn dangerous_links_are_dropped_but_text_kept() {
        let out = render_untrusted(
            "[clic](javascript:alert(1)) et [menus](https://mairie.example/menus)",
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("clic"));
        assert!(out.contains(r#"<a href="https://mairie.example/menus" rel="nofollow noopener noreferrer">menus</a>"#), "{out}");
    }

    #[test]
    fn headings_are_demoted_and_images_described() {
        let out = render_untrusted("# Titre\n\n![photo du self](https://x.example/a.png)");
        assert!(out.contains("<h4>Titre</h4>"), "{out}");
        assert!(out.contains("[image : photo du self]"), "{out}");
    }

    #[test]
    fn trusted_pages_keep_tables() {
        let out = render_trusted("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains("<table>"));
    }
}
