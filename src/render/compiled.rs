//! The canteen pages, 100 000 per build, without Tera in the loop.
//!
//! The body of a canteen page (what `base.html`'s `contenu` block holds) is
//! a template compiled into the program with askama,
//! `themes/default/compiled/cantine.html`, rendered straight from the typed
//! view [`CantineVue`]: no `serde_json::Value`, no AST walk, no clone of the
//! SVG. The layout around it still comes from the theme's Tera `base.html`,
//! the single source of every page's layout: it is rendered once per build
//! with placeholders in place of the page's own values (title, description,
//! name and address in the breadcrumb and canonical link, body), and cut at
//! them into static pieces ([`Coquille`]). A page is then those pieces with
//! its escaped values and its body in between.
//!
//! Three ways, chosen once per build by [`PageCantine::prepare`]:
//! - the theme has its own Tera `templates/cantine.html`: it renders every
//!   canteen page as before (a custom theme can restyle them);
//! - otherwise the shell above, when `base.html` prints those values as they
//!   are (escaped), which the preparation checks;
//! - otherwise (a `base.html` that filters them, prints them unescaped or
//!   prints something that depends on their length) the compiled body
//!   inside the Tera layout rendered for each page: slower, still correct.
//!   A comparison of a value with a fixed text is not detected: the shell
//!   has it as evaluated on the placeholder (false).

use crate::build::BuildError;
use crate::render::theme::{Theme, escape_html_into, tera_error_chain};
use crate::site::Cantine;
use crate::site::canteen_page::CantineVue;
use crate::site::pages::Commun;
use askama::Template;
use std::fmt;

/// askama's escaper for `.html` templates (askama.toml): the same output as
/// the Tera templates' [`crate::render::theme::escape_html`], so that both
/// paths give byte-identical pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Echappement;

impl askama::filters::Escaper for Echappement {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, s: &str) -> fmt::Result {
        let mut debut = 0;
        for (i, b) in s.bytes().enumerate() {
            let entite = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            // ASCII bytes never occur inside a multi-byte UTF-8 sequence:
            // `i` is a char boundary.
            dest.write_str(&s[debut..i])?;
            dest.write_str(entite)?;
            debut = i + 1;
        }
        dest.write_str(&s[debut..])
    }
}

/// The body of a canteen page, `themes/default/compiled/cantine.html`.
#[derive(Template)]
#[template(path = "cantine.html")]
pub struct CorpsCantine<'a> {
    /// URL path prefix of the site (`/` or `/sous-chemin/`).
    pub root: &'a str,
    /// The canteen.
    pub c: &'a CantineVue,
}

/// The sources of the compiled templates and of their configuration: part
/// of the key of every canteen page (`build::cles_des_pages`), so that a
/// page made with another version of them is never reused.
pub const SOURCES: [&str; 3] = [
    include_str!("../../themes/default/compiled/cantine.html"),
    include_str!("../../themes/default/compiled/macros.html"),
    include_str!("../../askama.toml"),
];

/// What the layout shows of one canteen page besides its body.
#[derive(Debug, Clone, Copy)]
pub struct ValeursPage<'a> {
    /// `page.titre`.
    pub titre: &'a str,
    /// `page.description`.
    pub description: &'a str,
    /// The last breadcrumb entry's text (the canteen's name).
    pub nom: &'a str,
    /// The page's address relative to the site root (`cantines/<siret>/`),
    /// the last breadcrumb entry's target and the end of `page.canonique`.
    pub url: &'a str,
}

/// A value of the page in the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trou {
    Titre,
    Description,
    Nom,
    Url,
    Corps,
}

/// Two sets of placeholders. Each starts and ends with U+0001, which
/// `escape_html` leaves alone and no page contains, and holds a `&`, which
/// it escapes: an unescaped or filtered value is seen. The two sets differ
/// in length, so that a layout whose output depends on the value (length,
/// truncation, comparison) gives two different shells and is refused.
const MARQUES: [[(Trou, &str); 4]; 2] = [
    [
        (Trou::Titre, "\u{1}titre&\u{1}"),
        (Trou::Description, "\u{1}description&\u{1}"),
        (Trou::Nom, "\u{1}nom&\u{1}"),
        (Trou::Url, "\u{1}url&\u{1}"),
    ],
    [
        (Trou::Titre, "\u{1}titre&&&&&&&&&&&&&&\u{1}"),
        (
            Trou::Description,
            "\u{1}description&&&&&&&&&&&&&&&&&&&&&&\u{1}",
        ),
        (Trou::Nom, "\u{1}nom&&&&&&&&&&&\u{1}"),
        (Trou::Url, "\u{1}url&&&&&&&&&&&&&&&&&&\u{1}"),
    ],
];
const MARQUE_CORPS: &str = "\u{1}corps\u{1}";

/// Name of the built-in Tera template of the shell, rendered once.
const GABARIT_COQUILLE: &str = "__cantine_coquille.html";
/// Name of the built-in Tera template of the per-page fallback.
const GABARIT_DISPOSITION: &str = "__cantine_disposition.html";

/// The layout of the canteen pages, cut at the page's values.
#[derive(Debug, PartialEq, Eq)]
pub struct Coquille {
    /// Static text; one more than `trous`.
    morceaux: Vec<String>,
    /// What goes between two pieces.
    trous: Vec<Trou>,
    /// Length of the static text.
    longueur: usize,
}

impl Coquille {
    /// Cuts a rendered shell at the placeholders of `marques`. `None` when
    /// some U+0001 is not a whole placeholder (a value was filtered or
    /// printed unescaped), or when the body is not there exactly once.
    fn decouper(html: &str, marques: &[(Trou, &str); 4]) -> Option<Coquille> {
        let attendues: Vec<(Trou, String)> = marques
            .iter()
            .map(|(t, m)| {
                let mut e = String::new();
                escape_html_into(&mut e, m);
                (*t, e)
            })
            .chain(std::iter::once((Trou::Corps, MARQUE_CORPS.to_string())))
            .collect();
        let mut morceaux = Vec::new();
        let mut trous = Vec::new();
        let mut reste = html;
        while let Some(i) = reste.find('\u{1}') {
            let (avant, apres) = reste.split_at(i);
            let (trou, marque) = attendues.iter().find(|(_, m)| apres.starts_with(m))?;
            morceaux.push(avant.to_string());
            trous.push(*trou);
            reste = &apres[marque.len()..];
        }
        morceaux.push(reste.to_string());
        if trous.iter().filter(|t| **t == Trou::Corps).count() != 1 {
            return None;
        }
        let longueur = morceaux.iter().map(String::len).sum();
        Some(Coquille {
            morceaux,
            trous,
            longueur,
        })
    }

    /// Renders a canteen page: the pieces, the escaped values, the body.
    pub fn rendre(&self, v: &ValeursPage<'_>, corps: &CorpsCantine<'_>) -> askama::Result<String> {
        let mut out = String::with_capacity(self.longueur + 32 * 1024);
        for (morceau, trou) in self.morceaux.iter().zip(&self.trous) {
            out.push_str(morceau);
            match trou {
                Trou::Titre => escape_html_into(&mut out, v.titre),
                Trou::Description => escape_html_into(&mut out, v.description),
                Trou::Nom => escape_html_into(&mut out, v.nom),
                Trou::Url => escape_html_into(&mut out, v.url),
                Trou::Corps => corps.render_into(&mut out)?,
            }
        }
        if let Some(fin) = self.morceaux.last() {
            out.push_str(fin);
        }
        Ok(out)
    }
}

/// How this build renders the canteen pages.
pub enum PageCantine {
    /// The theme's own Tera `cantine.html`, with the full context.
    Tera,
    /// The layout cut once, the compiled body.
    Coquille(Coquille),
    /// The compiled body inside the Tera layout rendered for each page
    /// (`base.html` does something with the page's values besides printing
    /// them). Holds the theme's templates plus the built-in one.
    Disposition(Box<tera::Tera>),
}

/// The Tera context of a canteen page's layout, as `cantine.html` always had it.
fn contexte(commun: &Commun<'_>, v: &ValeursPage<'_>) -> tera::Context {
    commun.context(
        &format!("{}index.html", v.url),
        v.titre,
        v.description,
        "",
        vec![
            ("Accueil".to_string(), String::new()),
            (v.nom.to_string(), v.url.to_string()),
        ],
    )
}

impl PageCantine {
    /// Chooses the way for this theme and site (see the module's documentation).
    pub fn prepare(theme: &Theme, commun: &Commun<'_>) -> Result<PageCantine, BuildError> {
        if theme.tera.get_template("cantine.html").is_ok() {
            return Ok(PageCantine::Tera);
        }
        let erreur = |e: tera::Error| BuildError::Render {
            page: "cantines/".into(),
            template: "base.html".into(),
            detail: tera_error_chain(&e),
        };
        let mut tera = theme.tera.clone();
        tera.add_raw_templates([
            (
                GABARIT_COQUILLE,
                format!(
                    "{{% extends \"base.html\" %}}{{% block contenu %}}\n{MARQUE_CORPS}\n{{% endblock contenu %}}"
                ),
            ),
            (
                GABARIT_DISPOSITION,
                "{% extends \"base.html\" %}{% block contenu %}\n{{ corps | safe }}\n{% endblock contenu %}"
                    .to_string(),
            ),
        ])
        .map_err(erreur)?;
        let mut coquilles = Vec::new();
        for marques in &MARQUES {
            let [titre, description, nom, url] = marques.map(|(_, m)| m);
            let v = ValeursPage {
                titre,
                description,
                nom,
                url,
            };
            let html = tera
                .render(GABARIT_COQUILLE, &contexte(commun, &v))
                .map_err(erreur)?;
            coquilles.push(Coquille::decouper(&html, marques));
        }
        let b = coquilles.pop().flatten();
        let a = coquilles.pop().flatten();
        Ok(match (a, b) {
            (Some(a), Some(b)) if a == b => PageCantine::Coquille(a),
            _ => PageCantine::Disposition(Box::new(tera)),
        })
    }

    /// Renders the page of `c`, whose view is made by `vue` when needed.
    pub fn rendre(
        &self,
        theme: &Theme,
        commun: &Commun<'_>,
        c: &Cantine<'_>,
        vue: &CantineVue,
        path: &str,
    ) -> Result<String, BuildError> {
        let url = c.url();
        let description = format!(
            "Bilan EGalim de {} : part de bio, produits durables, badges.",
            c.decl.nom
        );
        let v = ValeursPage {
            titre: &c.decl.nom,
            description: &description,
            nom: &c.decl.nom,
            url: &url,
        };
        let corps = CorpsCantine {
            root: &commun.root,
            c: vue,
        };
        let erreur_tera = |template: &str, e: tera::Error| BuildError::Render {
            page: path.to_string(),
            template: template.to_string(),
            detail: tera_error_chain(&e),
        };
        let erreur_askama = |e: askama::Error| BuildError::Render {
            page: path.to_string(),
            template: "compiled/cantine.html".into(),
            detail: e.to_string(),
        };
        match self {
            PageCantine::Tera => {
                let mut ctx = contexte(commun, &v);
                ctx.insert("c", vue);
                theme
                    .tera
                    .render("cantine.html", &ctx)
                    .map_err(|e| erreur_tera("cantine.html", e))
            }
            PageCantine::Coquille(coquille) => coquille.rendre(&v, &corps).map_err(erreur_askama),
            PageCantine::Disposition(tera) => {
                let mut ctx = contexte(commun, &v);
                ctx.insert("corps", &corps.render().map_err(erreur_askama)?);
                tera.render(GABARIT_DISPOSITION, &ctx)
                    .map_err(|e| erreur_tera("base.html", e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::escape_html;
    use crate::site::Site;
    use askama::filters::Escaper;
    use std::path::Path;

    #[test]
    fn escaper_is_the_tera_one() {
        for s in [
            "",
            "a/b",
            "L'école « <b> » & \"x\"",
            "&&<<>>",
            "\u{1}é&\u{1}",
        ] {
            let mut out = String::new();
            Echappement
                .write_escaped_str(&mut out, s)
                .unwrap_or_default();
            assert_eq!(out, escape_html(s));
        }
    }

    fn commun(site: &Site) -> Commun<'_> {
        Commun {
            site,
            root: site.base_path(),
            assets: ["css", "favicon", "recherche_js"]
                .into_iter()
                .map(|k| (k, format!("static/{k}")))
                .collect(),
        }
    }

    #[test]
    fn default_theme_cuts_its_layout_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = Theme::load(root, "default").unwrap_or_else(|e| panic!("{e}"));
        let site = Site {
            titre: "Cantines & co".into(),
            devise: "d".into(),
            source: "s".into(),
            base_url: "https://exemple.fr/".into(),
        };
        let page = PageCantine::prepare(&theme, &commun(&site)).unwrap_or_else(|e| panic!("{e}"));
        let PageCantine::Coquille(coquille) = page else {
            panic!("the default theme should take the shell");
        };
        // Title, description, breadcrumb name, canonical address, body.
        assert_eq!(
            coquille.trous,
            [
                Trou::Titre,
                Trou::Description,
                Trou::Url,
                Trou::Nom,
                Trou::Corps
            ]
        );
        assert!(coquille.morceaux.iter().all(|m| !m.contains('\u{1}')));
    }

    #[test]
    fn stray_or_missing_placeholders_are_refused() {
        let [t, _, _, _] = MARQUES[0];
        assert!(Coquille::decouper("a\u{1}corps\u{1}b", &MARQUES[0]).is_some());
        // The body twice, or not at all.
        assert!(Coquille::decouper("\u{1}corps\u{1}\u{1}corps\u{1}", &MARQUES[0]).is_none());
        assert!(Coquille::decouper("abc", &MARQUES[0]).is_none());
        // A value printed unescaped.
        let brut = format!("{}\u{1}corps\u{1}", t.1);
        assert!(Coquille::decouper(&brut, &MARQUES[0]).is_none());
        let echappe = format!("{}\u{1}corps\u{1}", escape_html(t.1));
        assert!(Coquille::decouper(&echappe, &MARQUES[0]).is_some());
    }
}
