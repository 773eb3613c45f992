//! The theme: Tera templates and static files from `themes/<name>/`.
//! Static files are fingerprinted (content hash in the file name) so that
//! they can be cached forever. The canteen pages' body is not a Tera
//! template unless the theme ships one: see [`crate::render::compiled`].

use std::collections::BTreeMap;
use std::path::Path;

/// Errors loading the theme.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The theme folder is missing.
    #[error("thème introuvable : {0} (attendu : themes/<nom>/templates/*.html)")]
    Missing(String),
    /// A template does not compile.
    #[error("modèle {name} invalide : {detail}")]
    Template {
        /// Template file.
        name: String,
        /// Tera's explanation, with its causes.
        detail: String,
    },
    /// A file could not be read.
    #[error("lecture de {0} impossible : {1}")]
    Io(String, std::io::Error),
}

/// Tera's error and its causes on one line (Tera hides the useful part in `source()`).
pub fn tera_error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        msg.push_str(" : ");
        msg.push_str(&c.to_string());
        cur = c.source();
    }
    msg
}

/// Escapes text for HTML content and attribute values. Unlike Tera's
/// default, `/` is left alone: it needs no escaping, and URLs stay readable
/// (and checkable by the link checker).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    escape_html_into(&mut out, input);
    out
}

/// [`escape_html`], appended to `out`.
pub fn escape_html_into(out: &mut String, input: &str) {
    let mut debut = 0;
    for (i, b) in input.bytes().enumerate() {
        let entite = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // ASCII bytes never occur inside a multi-byte UTF-8 sequence: `i`
        // is a char boundary.
        out.push_str(&input[debut..i]);
        out.push_str(entite);
        debut = i + 1;
    }
    out.push_str(&input[debut..]);
}

/// A loaded theme.
pub struct Theme {
    /// One Tera instance for the whole build.
    pub tera: tera::Tera,
    /// Static files: logical name (`style.css`) → (fingerprinted path
    /// `static/style.1a2b3c4d.css`, bytes).
    pub assets: BTreeMap<String, (String, Vec<u8>)>,
    /// Key of every template and static file: a page rendered with another
    /// theme version is never reused from a previous build.
    pub fingerprint: u128,
}

/// FNV-1a, 64 bits: a stable content hash for file names (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", fnv1a(bytes));
    let short = &hash[..10];
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("static/{stem}.{short}.{ext}"),
        None => format!("static/{name}.{short}"),
    }
}

impl Theme {
    /// Loads `root/themes/<name>/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let dir = root.join("themes").join(name);
        let templates = dir.join("templates");
        let entries = std::fs::read_dir(&templates)
            .map_err(|_| ThemeError::Missing(templates.display().to_string()))?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "html" || x == "xml" || x == "txt")
            })
            .collect();
        files.sort();
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut sources = Vec::new();
        let mut key = crate::output::Key::default();
        for path in &files {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ThemeError::Io(path.display().to_string(), e))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            key = key.mix(name.as_bytes()).mix(text.as_bytes());
            sources.push((name, text));
        }
        tera.add_raw_templates(sources)
            .map_err(|e| ThemeError::Template {
                name: templates.display().to_string(),
                detail: tera_error_chain(&e),
            })?;

        let mut assets = BTreeMap::new();
        let static_dir = dir.join("static");
        if let Ok(entries) = std::fs::read_dir(&static_dir) {
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            for path in paths {
                let bytes = std::fs::read(&path)
                    .map_err(|e| ThemeError::Io(path.display().to_string(), e))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let path = fingerprinted(&name, &bytes);
                key = key.mix(path.as_bytes());
                assets.insert(name.clone(), (path, bytes));
            }
        }
        Ok(Theme {
            tera,
            assets,
            fingerprint: key.finish(),
        })
    }

    /// The fingerprinted path of a static file, relative to the site root.
    pub fn asset(&self, name: &str) -> String {
        self.assets
            .get(name)
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| format!("static/{name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            fingerprinted("style.css", b"a"),
            "static/style.af63dc4c86.css"
        );
    }

    #[test]
    fn default_theme_compiles() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = Theme::load(root, "default").map_err(|e| e.to_string());
        assert!(theme.is_ok(), "{:?}", theme.err());
    }
}
