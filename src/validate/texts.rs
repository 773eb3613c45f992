//! Contributor-written texts (SPEC §2, §6): Markdown length limits, raw
//! HTML (never rendered: it would show as text), and the information link,
//! which must be an absolute http(s) URL (a `javascript:` link must never
//! reach a page).

use super::FileContext;
use super::finding::Finding;

/// Longest `presentation`, in characters.
pub(crate) const PRESENTATION_MAX: usize = 2000;
/// Longest comment per measure, in characters.
pub(crate) const COMMENTAIRE_MAX: usize = 1000;

/// Runs the text and link rules.
pub(crate) fn check(ctx: &FileContext<'_>, out: &mut Vec<Finding>) {
    if let Some(text) = &ctx.decl.presentation {
        check_markdown("presentation", "presentation", text, PRESENTATION_MAX, out);
    }
    for (i, bilan) in ctx.decl.bilans.iter().enumerate() {
        if let Some(c) = &bilan.commentaires {
            for (name, text) in [
                ("qualite", &c.qualite),
                ("gaspillage", &c.gaspillage),
                ("diversification", &c.diversification),
                ("plastique", &c.plastique),
                ("information", &c.information),
            ] {
                if let Some(text) = text {
                    let field = format!("commentaires.{name}");
                    check_markdown(
                        &format!("bilans[{i}].{field}"),
                        &field,
                        text,
                        COMMENTAIRE_MAX,
                        out,
                    );
                }
            }
        }
        if let Some(lien) = bilan
            .information
            .as_ref()
            .and_then(|info| info.lien.as_deref())
            && !is_web_url(lien)
        {
            out.push(
                Finding::error(
                    format!("bilans[{i}].information.lien"),
                    "lien-invalide",
                    format!("le lien « {lien} » n'est pas une adresse web complète"),
                )
                .help("écrivez l'adresse complète de la page, commençant par https:// (ex. https://mairie.example/menus)"),
            );
        }
    }
}

fn check_markdown(path: &str, field: &str, text: &str, max: usize, out: &mut Vec<Finding>) {
    let count = text.chars().count();
    if count > max {
        out.push(
            Finding::error(
                path,
                "texte-trop-long",
                format!("{field} compte {count} caractères : {max} au plus"),
            )
            .help(format!(
                "raccourcissez le texte d'au moins {} caractères",
                count - max
            )),
        );
    }
    if let Some(tag) = first_html(text) {
        out.push(
            Finding::warning(
                path,
                "html-non-rendu",
                format!("{field} contient du HTML (« {tag} ») : il n'est pas interprété et s'affichera tel quel"),
            )
            .help("utilisez la mise en forme Markdown : **gras**, *italique*, listes « - », liens [texte](https://…)"),
        );
    }
}

/// The first raw HTML tag or comment in a Markdown text, outside code spans:
/// `<tag`, `</tag` or `<!--`. Markdown autolinks (`<https://…>`,
/// `<nom@exemple.fr>`) and comparisons (`a < b`) are not HTML.
pub(crate) fn first_html(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                // Skip a code span: from a run of backticks to the same run.
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                let fence = &text[i..i + run];
                i += run;
                if let Some(end) = text[i..].find(fence) {
                    i += end + run;
                }
            }
            b'<' => {
                let rest = &text[i..];
                if rest.starts_with("<!--") {
                    return Some("<!--".to_string());
                }
                let after = rest[1..].strip_prefix('/').unwrap_or(&rest[1..]);
                let name_len = after
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
                    .count();
                let starts_with_letter = after
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphabetic());
                let ends_tag = matches!(
                    after.as_bytes().get(name_len),
                    None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
                );
                if starts_with_letter && ends_tag {
                    let shown = rest.len() - after.len() + name_len;
                    return Some(rest[..shown].to_string());
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether a link is an absolute `http://` or `https://` URL with a host and
/// no whitespace, control character or quote.
pub(crate) fn is_web_url(link: &str) -> bool {
    let has_prefix = |p: &str| {
        link.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    // The prefixes are ASCII, so slicing after them is on a char boundary.
    let rest = if has_prefix("https://") {
        &link[8..]
    } else if has_prefix("http://") {
        &link[7..]
    } else {
        return false;
    };
    if link
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
    {
        return false;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    // No credentials in a public link ("https://banque.fr@pirate.example").
    !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::validate::test_support::{VALIDE, codes, run};

    fn with_presentation(text: &str) -> String {
        format!("{VALIDE}presentation: \"{text}\"\n")
    }

    fn with_lien(lien: &str) -> String {
        format!("{VALIDE}bilans:\n  - annee: 2024\n    information:\n      lien: \"{lien}\"\n")
    }

    #[test]
    fn presentation_length_counts_characters() {
        // 2000 "é" are 4000 bytes but 2000 characters: accepted.
        assert!(run(check, &with_presentation(&"é".repeat(2000))).is_empty());
        let found = run(check, &with_presentation(&"é".repeat(2001)));
        assert_eq!(
            codes(&found),
            vec![("texte-trop-long", "presentation".into(), Severity::Error)]
        );
        assert_eq!(
            found[0].message,
            "presentation compte 2001 caractères : 2000 au plus"
        );
    }

    #[test]
    fn comment_length_is_1000() {
        let ok = format!(
            "{VALIDE}bilans:\n  - annee: 2024\n    commentaires:\n      plastique: \"{}\"\n",
            "a".repeat(1000)
        );
        assert!(run(check, &ok).is_empty());
        let long = ok.replace(&"a".repeat(1000), &"a".repeat(1001));
        assert_eq!(
            codes(&run(check, &long)),
            vec![(
                "texte-trop-long",
                "bilans[0].commentaires.plastique".into(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn raw_html_is_a_warning() {
        let found = run(check, &with_presentation("Menus <b>bio</b> chaque jour"));
        assert_eq!(
            codes(&found),
            vec![("html-non-rendu", "presentation".into(), Severity::Warning)]
        );
        assert!(found[0].message.contains("« <b »"));
        assert_eq!(first_html("<!-- caché -->"), Some("<!--".into()));
        assert_eq!(first_html("</div>"), Some("</div".into()));
        assert_eq!(first_html("<script src=x>"), Some("<script".into()));
        assert_eq!(first_html("ligne<br/>suivante"), Some("<br".into()));
    }

    #[test]
    fn markdown_that_is_not_html_passes() {
        assert_eq!(
            first_html("voir <https://mairie.example/menus> ou <cantine@mairie.example>"),
            None
        );
        assert_eq!(first_html("si 3 < 5 et 2<3"), None);
        assert_eq!(
            first_html("le code `<b>` reste du code, ``a ` <i> b``"),
            None
        );
        assert!(
            run(
                check,
                &with_presentation("**Cuisine** préparée sur place, *chaque* matin.")
            )
            .is_empty()
        );
    }

    #[test]
    fn link_must_be_http_or_https() {
        assert!(
            run(
                check,
                &with_lien("https://mairie.example/menus?semaine=12#lundi")
            )
            .is_empty()
        );
        assert!(run(check, &with_lien("HTTP://mairie.example")).is_empty());
        assert!(run(check, &with_lien("https://école.example/menus")).is_empty());
        assert!(run(check, &with_lien("http://é.example")).is_empty());
        for bad in [
            "javascript:alert(1)",
            "JavaScript://mairie.example/%0Aalert(1)",
            "data:text/html,<script>",
            "mairie.example/menus",
            "/menus",
            "https://",
            "https:///menus",
            "https://mairie.example/menus avec espace",
            "https://banque.example@pirate.example/",
            "ftp://mairie.example",
        ] {
            let found = run(check, &with_lien(bad));
            assert_eq!(
                codes(&found),
                vec![(
                    "lien-invalide",
                    "bilans[0].information.lien".into(),
                    Severity::Error
                )],
                "{bad}"
            );
        }
    }
}
