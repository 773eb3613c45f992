//! The build cache as `cantine build` uses it: a site built from the cache
//! is the site built without it, byte for byte, after any change to the
//! declarations; the cache never hides an error.
//!
//! A declaration file is kept in the cache only once it has not changed
//! for 2 s (its change time, which cannot be set back, included): each
//! test waits that long once or twice.

use cantine::build::{BuildError, Options, Report};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::files;

/// The site fixture (a school, a central kitchen and its satellite, an
/// overseas canteen, one of unknown place) and the 49 real declarations of
/// Ardèche (central kitchens and satellites among them), with the real
/// theme, content and site.toml.
fn repo() -> tempfile::TempDir {
    common::fixture_repo(true)
}

/// Declaration files in the repository.
fn count(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("declarations"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

const SCHOOL: &str = "declarations/07/21070017500107.yaml";
const KITCHEN: &str = "declarations/07/21070017500206.yaml";
const SATELLITE_PAGE: &str = "cantines/21070017500305/index.html";

fn build_in(root: &Path, out: &Path, cache: bool, year: u16) -> Result<Report, BuildError> {
    cantine::build::build(&Options {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: Some("https://exemple.fr/".into()),
        theme: "default".into(),
        current_year: year,
        cache: cache.then(|| root.join(".cantine-cache")),
    })
}

/// A build of `root` into `root/public` with the cache.
fn cached(root: &Path) -> Result<Report, BuildError> {
    build_in(root, &root.join("public"), true, 2026)
}

/// A build of `root` into a new folder, without cache.
fn uncached(root: &Path, name: &str) -> Result<(Report, PathBuf), BuildError> {
    let out = root.join(name);
    build_in(root, &out, false, 2026).map(|r| (r, out))
}

/// Waits until the files written up to `written` are kept by the next build.
fn settle(written: Instant) {
    let settled = written + cantine::cache::entry::RACY + Duration::from_millis(150);
    std::thread::sleep(settled.saturating_duration_since(Instant::now()));
}

/// A repository whose files all come from the cache: built once, settled,
/// built again (which keeps them), then built from the cache.
fn settled_repo() -> (tempfile::TempDir, usize) {
    let tmp = repo();
    let written = Instant::now();
    let root = tmp.path();
    let n = count(root);
    let first = cached(root).expect("build");
    assert_eq!((first.relues, first.du_cache), (n, 0));
    settle(written);
    let second = cached(root).expect("build");
    assert_eq!(
        (second.relues, second.du_cache),
        (n, 0),
        "the first build kept nothing: its files had just been written"
    );
    let third = cached(root).expect("build");
    assert_eq!((third.relues, third.du_cache), (0, n));
    assert!(third.cache_error.is_none(), "{:?}", third.cache_error);
    (tmp, n)
}

/// Asserts that the two sites have the same files, byte for byte.
fn assert_same_site(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert!(fa.len() > 100, "{} files", fa.len());
    let names = |f: &BTreeMap<String, Vec<u8>>| f.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb));
    for (rel, bytes) in &fa {
        assert!(
            Some(bytes) == fb.get(rel),
            "{rel} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// Replaces `from` by `to` in the file `rel` of `root`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{from} not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_site_built_from_the_cache_is_the_site_built_without_it() {
    let (tmp, n) = settled_repo();
    let root = tmp.path();
    let public = root.join("public");
    let (clean, out) = uncached(root, "clean-0").expect("build");
    assert_same_site(&public, &out);
    assert_eq!(clean.relues, n);

    // A name.
    edit(
        root,
        SCHOOL,
        "nom: École des Assions",
        "nom: École publique des Assions",
    );
    let r = cached(root).expect("build");
    assert_eq!((r.relues, r.du_cache), (1, n - 1));
    // Only the school's département is added up again.
    assert_eq!(r.groupes_recomptes, 1, "{r:?}");
    assert!(r.groupes_repris >= 1, "{r:?}");
    let (clean, out) = uncached(root, "clean-1").expect("build");
    assert_eq!(
        (clean.groupes_recomptes, clean.groupes_repris),
        (r.groupes_recomptes + r.groupes_repris, 0)
    );
    assert_same_site(&public, &out);
    assert_eq!(r.avertissements, clean.avertissements);
    assert!(
        page(&public, "cantines/21070017500107/index.html")
            .contains("<h1>École publique des Assions</h1>")
    );

    // A figure of the central kitchen: the satellite's file did not
    // change (it comes from the cache), its indicators did.
    assert!(page(&public, SATELLITE_PAGE).contains("Bio : <strong>10\u{a0}%</strong>"));
    // The aggregates' totals are kept by département between builds.
    assert!(root.join(".cantine-cache/agregats.bin").is_file());
    let stats_avant = page(&public, "donnees/statistiques.json");
    // 10 % → 22 %: the bilan moves to another class of the histograms
    // (the statistics of so few bilans publish counts, not percentages).
    edit(root, KITCHEN, "valeur_bio: 50000\n", "valeur_bio: 110000\n");
    let r = cached(root).expect("build");
    assert_ne!(
        page(&public, "donnees/statistiques.json"),
        stats_avant,
        "the figures follow the change"
    );
    assert!(r.relues >= 1 && r.du_cache >= n - 2, "{r:?}");
    assert_eq!(r.relues + r.du_cache, n);
    let (clean, out) = uncached(root, "clean-2").expect("build");
    assert_same_site(&public, &out);
    assert_eq!(r.avertissements, clean.avertissements);
    // 110 000 / 500 000 = 22 %.
    let sat = page(&public, SATELLITE_PAGE);
    assert!(sat.contains("Bio : <strong>22\u{a0}%</strong>"), "{sat}");
}

#[test]
fn a_deleted_declaration_leaves_the_site_built_from_the_cache() {
    let (tmp, n) = settled_repo();
    let root = tmp.path();
    let public = root.join("public");
    assert!(public.join("cantines/21070017500206/index.html").is_file());
    assert!(page(&public, SATELLITE_PAGE).contains("href=\"/cantines/21070017500206/\""));

    // The central kitchen goes: the satellite, from the cache, loses it.
    std::fs::remove_file(root.join(KITCHEN)).expect("rm");
    let r = cached(root).expect("build");
    assert_eq!((r.relues, r.du_cache), (0, n - 1));
    assert!(!public.join("cantines/21070017500206").exists());
    assert!(!public.join("api/cantines/21070017500206.json").exists());
    assert!(!page(&public, SATELLITE_PAGE).contains("/cantines/21070017500206/"));
    let (clean, out) = uncached(root, "clean").expect("build");
    assert_same_site(&public, &out);
    // The satellite's warning (its kitchen is missing) is there too.
    assert_eq!(r.avertissements, clean.avertissements);
    // Nothing changed since: every file from the cache.
    let r = cached(root).expect("build");
    assert_eq!((r.relues, r.du_cache), (0, n - 1));
}

/// The errors of a failed build.
fn errors(r: Result<Report, BuildError>) -> Vec<cantine::diagnostics::Diagnostic> {
    match r {
        Err(BuildError::Invalid(d)) => d,
        other => panic!("expected errors, got {other:?}"),
    }
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("stat").ino()
}

#[test]
fn the_cache_never_hides_an_error() {
    let (tmp, n) = settled_repo();
    let root = tmp.path();
    let public = root.join("public");
    let site = files(&public);
    let kitchen = std::fs::read(root.join(KITCHEN)).expect("read");
    let school = std::fs::read(root.join(SCHOOL)).expect("read");

    // A file that no longer parses.
    std::fs::write(root.join(KITCHEN), "siret: [\n").expect("write");
    let with = errors(cached(root));
    assert!(with.iter().any(|d| d.file == KITCHEN), "{with:?}");
    assert_eq!(with, errors(uncached(root, "clean").map(|r| r.0)));
    std::fs::write(root.join(KITCHEN), &kitchen).expect("write");

    // A figure the rules refuse: more bio than purchases in all.
    edit(root, SCHOOL, "valeur_bio: 25000\n", "valeur_bio: 250000\n");
    let written = Instant::now();
    let with = errors(cached(root));
    assert!(
        with.iter()
            .any(|d| d.file == SCHOOL && d.code == "achats-depassement"),
        "{with:?}"
    );
    assert_eq!(with, errors(uncached(root, "clean").map(|r| r.0)));
    assert_eq!(files(&public), site, "the previous site is intact");

    // Once settled, the faulty file is kept in the cache with its error:
    // the next build takes every file from the cache (and so writes no
    // new cache) and fails all the same.
    settle(written);
    assert_eq!(with, errors(cached(root)));
    let cache_file = root.join(".cantine-cache/declarations.bin");
    let before = inode(&cache_file);
    assert_eq!(with, errors(cached(root)));
    assert_eq!(
        inode(&cache_file),
        before,
        "a file was read again: the error did not come from the cache"
    );
    assert_eq!(with, errors(uncached(root, "clean").map(|r| r.0)));

    // Fixed: the site is built again, as without cache.
    std::fs::write(root.join(SCHOOL), &school).expect("write");
    let r = cached(root).expect("build");
    assert_eq!((r.relues, r.du_cache), (1, n - 1), "the school alone");
    let (_, out) = uncached(root, "clean-ok").expect("build");
    assert_same_site(&public, &out);
}

#[test]
fn a_cache_written_for_another_year_is_not_used() {
    let (tmp, n) = settled_repo();
    let root = tmp.path();
    // The fixture's 2024 bilans are in the future for a build of 2023.
    let in_2023 = build_in(root, &root.join("public"), true, 2023);
    let with = errors(in_2023);
    assert!(
        with.iter().any(|d| d.code == "annee-hors-periode"),
        "{with:?}"
    );
    assert_eq!(
        with,
        errors(build_in(root, &root.join("clean-2023"), false, 2023))
    );

    // 2027: everything read again, and the same site as without cache.
    let r = build_in(root, &root.join("public"), true, 2027).expect("build");
    assert_eq!((r.relues, r.du_cache), (n, 0));
    build_in(root, &root.join("clean-2027"), false, 2027).expect("build");
    assert_same_site(&root.join("public"), &root.join("clean-2027"));
    // The cache is 2027's now.
    let r = build_in(root, &root.join("public"), true, 2027).expect("build");
    assert_eq!((r.relues, r.du_cache), (0, n));
    let r = cached(root).expect("build");
    assert_eq!((r.relues, r.du_cache), (n, 0));
}

fn cantine_cli(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cantine"))
        .args(args)
        .output()
        .expect("run cantine");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_command_keeps_its_cache_where_told() {
    let tmp = repo();
    let root = tmp.path();
    let r = root.display().to_string();
    let out = root.join("public").display().to_string();
    let default = root.join(".cantine-cache");

    let (code, text) = cantine_cli(&["build", "--root", &r, "-o", &out, "--no-cache"]);
    assert_eq!(code, 0, "{text}");
    assert!(!default.exists(), "--no-cache wrote a cache");

    let elsewhere = root.join("ailleurs");
    let e = elsewhere.display().to_string();
    let (code, text) = cantine_cli(&["build", "--root", &r, "-o", &out, "--cache", &e]);
    assert_eq!(code, 0, "{text}");
    assert!(elsewhere.join("declarations.bin").is_file());
    assert!(!default.exists());

    let (code, text) = cantine_cli(&["build", "--root", &r, "-o", &out, "--timings"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(&format!(
            "Déclarations relues : {} ; reprises du cache : 0.",
            count(root)
        )),
        "{text}"
    );
    assert!(default.join("declarations.bin").is_file());
    // The folder ignores itself for git, and tells backup tools to skip it.
    let ignore = std::fs::read_to_string(default.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let tag = std::fs::read_to_string(default.join("CACHEDIR.TAG")).expect("CACHEDIR.TAG");
    assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));

    let (code, _) = cantine_cli(&["build", "--root", &r, "--cache", &e, "--no-cache"]);
    assert_eq!(code, 2, "--cache and --no-cache conflict");
}
