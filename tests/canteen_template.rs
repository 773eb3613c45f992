//! The canteen pages of the default theme come from a template compiled
//! into the program (themes/default/compiled/cantine.html) inside a layout
//! cut once from the Tera base.html (src/render/compiled.rs). These tests
//! build the fixture site with that path and with the Tera template it
//! replaced (tests/fixtures/theme-tera/cantine.html, the theme's former
//! `templates/cantine.html`), and require byte-identical sites.

use std::path::{Path, PathBuf};

mod common;
use common::{copy_dir, site_files};

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture repository with the real theme and content, plus a canteen
/// whose texts need escaping.
fn repo() -> tempfile::TempDir {
    let root = manifest();
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(
        &root.join("tests/fixtures/site/declarations"),
        &tmp.path().join("declarations"),
    );
    write(
        &tmp.path().join("declarations/07/21070017500404.yaml"),
        r#"siret: "21070017500404"
nom: "L'école « Les <Petits> » & \"Cie\" / annexe"
code_insee: "07017"
secteurs: [education_primaire, education_secondaire_college]
type_production: site
type_gestion: direct
modele_economique: public
nombre_repas_jour: 1500
nombre_repas_an: 200000
siret_cuisine_centrale: "21070017500206"
presentation: |
  Une *présentation* avec des 'apostrophes' & <b>du HTML</b>.
bilans:
  - annee: 2024
    achats:
      valeur_totale: 1000
      valeur_bio: 333
      valeur_siqo: 100
      valeur_egalim_autres: 10
    commentaires:
      gaspillage: "Moins de pain & de \"restes\" <em>jetés</em>"
      plastique: "Carafes d'eau"
"#,
    );
    copy_dir(&root.join("themes"), &tmp.path().join("themes"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("site.toml"), tmp.path().join("site.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    tmp
}

/// Adds `themes/<name>/`: the default theme with these templates changed.
fn theme(repo: &Path, name: &str, templates: &[(&str, &str)]) {
    let dir = repo.join("themes").join(name);
    copy_dir(&repo.join("themes/default"), &dir);
    for (file, text) in templates {
        write(&dir.join("templates").join(file), text);
    }
}

fn old_template() -> String {
    std::fs::read_to_string(manifest().join("tests/fixtures/theme-tera/cantine.html"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn build(root: &Path, theme: &str, base_url: &str) -> PathBuf {
    let out = root.join(format!("public-{theme}"));
    cantine::build::build(&cantine::build::Options {
        root: root.to_path_buf(),
        output: out.clone(),
        base_url: Some(base_url.to_string()),
        theme: theme.into(),
        current_year: 2026,
        cache: None,
    })
    .unwrap_or_else(|e| panic!("{theme}: {e} {e:?}"));
    out
}

fn assert_same_sites(a: &Path, b: &Path) {
    let (fa, fb) = (site_files(a), site_files(b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let mut cantines = 0;
    for (rel, bytes) in &fa {
        if rel.starts_with("cantines/") {
            cantines += 1;
        }
        if Some(bytes) != fb.get(rel) {
            let sa = String::from_utf8_lossy(bytes);
            let sb = String::from_utf8_lossy(&fb[rel]);
            let i = sa
                .bytes()
                .zip(sb.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(sa.len().min(sb.len()));
            let from = i.saturating_sub(200);
            panic!(
                "{rel} differs at byte {i}:\n--- {}\n{}\n--- {}\n{}",
                a.display(),
                sa.get(from..(i + 200).min(sa.len())).unwrap_or(&sa),
                b.display(),
                sb.get(from..(i + 200).min(sb.len())).unwrap_or(&sb),
            );
        }
    }
    assert_eq!(cantines, 6, "every canteen page compared");
}

#[test]
fn compiled_canteen_pages_are_byte_identical_to_the_tera_template() {
    let tmp = repo();
    theme(tmp.path(), "tera", &[("cantine.html", &old_template())]);
    // With a canonical link and at the root; without one, under a sub-path.
    for (n, base_url) in [
        "https://exemple.fr/",
        "/sous-chemin/",
        "https://exemple.fr/a&b/",
    ]
    .into_iter()
    .enumerate()
    {
        let sub = tmp.path().join(format!("run{n}"));
        std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        let compiled = build(tmp.path(), "default", base_url);
        let tera = build(tmp.path(), "tera", base_url);
        let html = std::fs::read_to_string(compiled.join("cantines/21070017500404/index.html"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            html.contains(
                "<h1>L&#39;école « Les &lt;Petits&gt; » &amp; &quot;Cie&quot; / annexe</h1>"
            ),
            "{html}"
        );
        assert!(html.contains("<figure id=\"achats-2024\">"), "{html}");
        assert_same_sites(&compiled, &tera);
        std::fs::rename(&compiled, sub.join("default")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::rename(&tera, sub.join("tera")).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn a_theme_with_its_own_cantine_template_renders_canteen_pages() {
    let tmp = repo();
    let custom = old_template().replace("<h2>Identité</h2>", "<h2>Fiche du thème</h2>");
    theme(tmp.path(), "perso", &[("cantine.html", &custom)]);
    let out = build(tmp.path(), "perso", "https://exemple.fr/");
    for siret in ["21070017500107", "21070017500404", "30000000000103"] {
        let html = std::fs::read_to_string(out.join(format!("cantines/{siret}/index.html")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(html.contains("<h2>Fiche du thème</h2>"), "{html}");
        assert!(!html.contains("<h2>Identité</h2>"), "{html}");
    }
}

#[test]
fn a_layout_that_transforms_page_values_falls_back_to_tera_per_page() {
    let tmp = repo();
    let base = std::fs::read_to_string(tmp.path().join("themes/default/templates/base.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    // Filters, unescaped output, and output that depends on the value's
    // length: the shell cannot be cut once for every page.
    let changed = base
        .replace(
            "{% block title %}{{ page.titre }}{% endblock title %}",
            "{% block title %}{{ page.titre | upper }}{% endblock title %}",
        )
        .replace(
            "content=\"{{ page.description }}\"",
            "content=\"{{ page.description | safe }}\" data-n=\"{{ page.description | length }}\"",
        );
    assert_ne!(base, changed);
    theme(tmp.path(), "filtre", &[("base.html", &changed)]);
    theme(
        tmp.path(),
        "filtre-tera",
        &[("base.html", &changed), ("cantine.html", &old_template())],
    );
    let compiled = build(tmp.path(), "filtre", "https://exemple.fr/");
    let tera = build(tmp.path(), "filtre-tera", "https://exemple.fr/");
    let html = std::fs::read_to_string(compiled.join("cantines/21070017500404/index.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        html.contains("<title>L&#39;ÉCOLE « LES &lt;PETITS&gt; »"),
        "{html}"
    );
    assert_same_sites(&compiled, &tera);
}
