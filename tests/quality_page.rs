//! The page « Qualité des données » (content/methodologie.md, « Import des
//! données ouvertes »): a small site (tests/fixtures/site, the real theme
//! and content) built with a `declarations/ecartees.csv`, then read back as
//! a citizen and a data user see it.

use std::path::{Path, PathBuf};

mod common;
use common::{build_site as build, fixture_repo, read, site_files};

const ENTETE: &str = "campagne,motif,siret,id_teledeclaration,ma_cantine_id,nom,code_insee,taux_bio,taux_egalim_hors_bio,ma_cantine_id_retenue,raison\n";

/// Two other canteens under the SIRET of École des Assions (published), a
/// re-declaration under a SIRET with no page, and refused rows.
fn ecartees() -> String {
    format!(
        "{ENTETE}\
         2022,autre_cantine,21070017500107,7001,1048,Berthelot,07017,0.1000,0.2000,1054,\"cantine n° 1048, autre que la cantine n° 1054 présentée sous ce SIRET, qui a aussi télédéclaré pour 2022\"\n\
         2023,autre_cantine,21070017500107,9001,1049,\"=HYPERLINK(\"\"http://x\"\")\",07017,0.3000,0.1000,1054,\"cantine n° 1049, autre que la cantine n° 1054 présentée sous ce SIRET, qui a aussi télédéclaré pour 2023\"\n\
         2023,remplacee,21740208000014,13300,58478,Cuisine Municipale de Passy,74208,0.1000,0.1000,58478,\"remplacée par la télédéclaration n° 13342, plus récente, de la même cantine\"\n\
         2021,siret_invalide,,,,,,,,,SIRET invalide\n\
         2023,armees,,,,,,,,,cantine des armées (confidentialité : jamais nommée)\n\
         2023,armees,,,,,,,,,cantine des armées (confidentialité : jamais nommée)\n"
    )
}

fn repo(ecartees: Option<&str>) -> tempfile::TempDir {
    let tmp = fixture_repo(false);
    if let Some(text) = ecartees {
        write(tmp.path(), text);
    }
    tmp
}

fn write(root: &Path, text: &str) {
    std::fs::write(root.join("declarations/ecartees.csv"), text).unwrap_or_else(|e| panic!("{e}"));
}

fn built(ecartees: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = repo(ecartees);
    let out = tmp.path().join("public");
    build(tmp.path(), &out).unwrap_or_else(|e| panic!("{e}"));
    (tmp, out)
}

#[test]
fn the_page_lists_each_row_set_aside_by_siret_and_counts_the_refused_ones() {
    let (_tmp, out) = built(Some(&ecartees()));
    let html = read(&out, "donnees/qualite/index.html");
    assert!(html.contains("<h1>Qualité des données</h1>"), "{html}");
    assert!(html.contains(
        "6 lignes des données ouvertes ma cantine ne sont ni publiées sur ce site ni comptées dans ses statistiques."
    ));
    // Grouped by SIRET, with a link to the page published for it.
    assert!(html.contains(
        "<h3 id=\"siret-21070017500107\">SIRET 21070017500107 : <a href=\"/cantines/21070017500107/\">École des Assions</a></h3>"
    ), "{html}");
    assert!(html.contains("<tr><th scope=\"row\">2022</th><td>n° 7001</td><td>n° 1048</td><td>Berthelot</td><td>10\u{a0}%</td><td>20\u{a0}%</td><td>cantine n° 1048, autre que la cantine n° 1054"));
    // A name that is markup or a formula is shown as text.
    assert!(
        html.contains("<td>=HYPERLINK(&quot;http://x&quot;)</td>"),
        "{html}"
    );
    // A SIRET with no page is named without a link.
    assert!(html.contains("SIRET 21740208000014 (aucune page publiée)"));
    assert!(html.contains("3 télédéclarations sont écartées, sous 2 SIRET."));
    // Refused rows: counted by motif and campaign, never named.
    assert!(html.contains("3 lignes sont refusées."));
    assert!(html.contains(
        "<tr><th scope=\"row\">cantine des armées (confidentialité : jamais nommée)</th><td>2023</td><td>2</td></tr>"
    ), "{html}");
    assert!(html.contains("<tr><th scope=\"row\">SIRET invalide</th><td>2021</td><td>1</td></tr>"));
    // Reached from the data page and the methodology.
    assert!(read(&out, "donnees/index.html").contains("href=\"/donnees/qualite/\""));
    assert!(read(&out, "methodologie/index.html").contains("href=\"../donnees/qualite/\""));
}

#[test]
fn a_canteen_page_says_other_canteens_were_set_aside_under_its_siret() {
    let (_tmp, out) = built(Some(&ecartees()));
    let html = read(&out, "cantines/21070017500107/index.html");
    assert!(html.contains(
        "<p class=\"carte-info\">2 autres cantines de la plateforme ma cantine ont télédéclaré sous ce SIRET : \
         cette page ne présente que celle de la télédéclaration la plus récente, et leurs \
         <a href=\"/donnees/qualite/#siret-21070017500107\">2 télédéclarations écartées</a> \
         ne sont ni publiées ni comptées dans les statistiques.</p>"
    ), "{html}");
    // Nothing set aside under the other canteens' SIRETs.
    assert!(
        !read(&out, "cantines/21974110000107/index.html").contains("télédéclarations écartées")
    );
}

#[test]
fn the_published_csv_is_the_file_and_cannot_run_as_a_formula() {
    let (_tmp, out) = built(Some(&ecartees()));
    let csv = read(&out, "donnees/ecartees.csv");
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 7, "{csv}");
    assert_eq!(format!("{}\n", lines[0]), ENTETE);
    assert!(lines[1].starts_with(
        "2022,autre_cantine,21070017500107,7001,1048,Berthelot,07017,0.1000,0.2000,1054,"
    ));
    assert!(
        lines[2].contains(",\"'=HYPERLINK(\"\"http://x\"\")\",07017,"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[6],
        "2023,armees,,,,,,,,,cantine des armées (confidentialité : jamais nommée)"
    );
}

#[test]
fn without_the_file_the_page_says_so_and_the_site_still_builds() {
    let (_tmp, out) = built(None);
    let html = read(&out, "donnees/qualite/index.html");
    assert!(
        html.contains("Ce dépôt ne contient pas de fichier <code>declarations/ecartees.csv</code>")
    );
    assert_eq!(
        read(&out, "donnees/ecartees.csv"),
        ENTETE.replace('\n', "\r\n")
    );
    assert!(!read(&out, "cantines/21070017500107/index.html").contains("carte-info\">2 autres"));
}

#[test]
fn a_changed_file_changes_the_pages_as_a_clean_build_does() {
    let tmp = repo(Some(&ecartees()));
    let out = tmp.path().join("public");
    build(tmp.path(), &out).unwrap_or_else(|e| panic!("{e}"));
    // The École des Assions rows go: its page loses the sentence.
    let fewer: String = ecartees()
        .lines()
        .filter(|l| !l.contains("21070017500107"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(tmp.path(), &fewer);
    build(tmp.path(), &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !read(&out, "cantines/21070017500107/index.html").contains("télédéclarations écartées")
    );
    let clean = tmp.path().join("clean");
    build(tmp.path(), &clean).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(site_files(&out), site_files(&clean));
}

#[test]
fn a_broken_file_fails_check_and_build_at_its_line() {
    let broken = format!("{ENTETE}2022,armees,18080903000018,,,,,,,,armées\n");
    let tmp = repo(Some(&broken));
    let report = cantine::check(tmp.path(), 2026);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.file == "declarations/ecartees.csv")
        .unwrap_or_else(|| panic!("{:?}", report.diagnostics));
    assert_eq!((d.line, d.code), (2, "ecartees-anonyme"));
    assert!(
        d.message.contains("la colonne « siret » doit être vide"),
        "{}",
        d.message
    );
    let out = tmp.path().join("public");
    assert!(matches!(
        build(tmp.path(), &out),
        Err(cantine::build::BuildError::Invalid(_))
    ));
    assert!(!out.exists());
}
