//! The cache may make a build faster, never different: what a build sees
//! with it (files, declarations, keys, diagnostics) is what it sees
//! without it. Each test runs the load and validation stages the way
//! `build::build` does, and compares with a run that reads every file.

use super::*;
use crate::diagnostics::{self, Diagnostic};
use crate::load::{self, Loaded};
use crate::model::Declaration;
use crate::validate;
use std::time::{Duration, SystemTime};

/// A site fixture file (path under `declarations/`).
fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/site/declarations")
        .join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The school, the central kitchen and its satellite of the site fixture.
const THREE: [&str; 3] = [
    "07/21070017500107.yaml",
    "07/21070017500206.yaml",
    "07/21070017500305.yaml",
];

/// A repository holding the fixture files `rels`.
fn repo(rels: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for rel in rels {
        write(tmp.path(), rel, &fixture(rel));
    }
    tmp
}

/// Writes `declarations/<rel>`.
fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join("declarations").join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, text).expect("write");
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join("declarations").join(rel)).expect("read")
}

/// Sets the modification time of `declarations/<rel>`.
fn set_mtime(root: &Path, rel: &str, t: SystemTime) {
    fs::File::options()
        .write(true)
        .open(root.join("declarations").join(rel))
        .and_then(|f| f.set_modified(t))
        .expect("set_modified");
}

fn mtime(root: &Path, rel: &str) -> SystemTime {
    fs::metadata(root.join("declarations").join(rel))
        .and_then(|m| m.modified())
        .expect("mtime")
}

fn cache_dir(root: &Path) -> PathBuf {
    root.join(".cantine-cache")
}

fn cache_file(root: &Path) -> PathBuf {
    cache_dir(root).join(FILE)
}

/// The rules key of a year (the build mixes the year into a key too).
fn rules(year: u16) -> u128 {
    u128::from(year) << 64 | 0x5eed
}

/// How many files the cache kept in `root` (for the rules of `year`) knows.
fn cached(root: &Path, year: u16) -> usize {
    Cache::open(&cache_dir(root), rules(year)).len()
}

/// What one run of the load and validation stages saw.
struct Run {
    loaded: Loaded,
    memos: Vec<Memo>,
    /// Every diagnostic (load, per-file and cross-file rules), sorted.
    diagnostics: Vec<Diagnostic>,
}

impl Run {
    fn index(&self, rel: &str) -> usize {
        let path = format!("declarations/{rel}");
        self.loaded
            .files
            .iter()
            .position(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} not loaded"))
    }

    fn origin(&self, rel: &str) -> &Origin {
        &self.memos[self.index(rel)].origin
    }

    fn declaration(&self, rel: &str) -> &Declaration {
        self.loaded.files[self.index(rel)]
            .declaration
            .as_ref()
            .expect("declaration")
    }

    /// How many files came from the cache.
    fn cached_files(&self) -> usize {
        self.memos
            .iter()
            .filter(|m| matches!(m.origin, Origin::Cache(_)))
            .count()
    }
}

/// When the build that saves the cache began its scan.
#[derive(Clone, Copy)]
enum Scan {
    /// Really: files changed within 2 s of it are not kept.
    Now,
    /// 3 s after it really did, so that the files written so far count as
    /// settled without sleeping. A file kept so and then edited must change
    /// size or mtime for sure (a rewrite in the same tick of the file
    /// system's clock keeps its times): the tests set its mtime far in the
    /// past first, or change its size.
    Later,
}

/// The load and validation stages as `build::build` runs them, with the
/// cache of `root` for the rules of `year`; then the cache is saved as
/// the build saves it (`scan: None`: not saved).
fn stages(root: &Path, year: u16, scan: Option<Scan>) -> Run {
    let (loaded, memos, scanned, cache) =
        load_opening(root, true, || Cache::open(&cache_dir(root), rules(year)));
    let known: Vec<Option<&[Diagnostic]>> = memos.iter().map(|m| m.known.as_deref()).collect();
    let text = |path: &str| fs::read_to_string(root.join(path)).ok();
    let options = validate::Options { current_year: year };
    let (found, computed) = validate::validate_incremental(&loaded, &options, &known, &text);
    let scanned = match scan {
        None => None,
        Some(Scan::Now) => Some(scanned),
        Some(Scan::Later) => Some((scanned.0 + 3, scanned.1)),
    };
    if let Some(scanned) = scanned
        && let Some(u) = update(cache, &loaded, &memos, &computed, scanned)
    {
        u.save().expect("save the cache");
    }
    let mut all = loaded.diagnostics.clone();
    all.extend(found);
    diagnostics::sort(&mut all);
    Run {
        loaded,
        memos,
        diagnostics: all,
    }
}

fn run(root: &Path, scan: Scan) -> Run {
    stages(root, 2026, Some(scan))
}

/// What a build without cache sees: every file read, every rule run.
struct Disk {
    loaded: Loaded,
    diagnostics: Vec<Diagnostic>,
}

fn without_cache(root: &Path, year: u16) -> Disk {
    let loaded = load::load_declarations(root);
    let mut all = loaded.diagnostics.clone();
    all.extend(validate::validate(
        &loaded,
        &validate::Options { current_year: year },
    ));
    diagnostics::sort(&mut all);
    Disk {
        loaded,
        diagnostics: all,
    }
}

/// How `run` differs from what a build without cache sees (files,
/// declarations with their decimal scales: `Decimal` equality ignores
/// them, `Debug` does not; keys; diagnostics), if it does.
fn difference(run: &Run, disk: &Disk) -> Option<String> {
    let paths = |l: &Loaded| l.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    if paths(&run.loaded) != paths(&disk.loaded) {
        return Some(format!(
            "files {:?} instead of {:?}",
            paths(&run.loaded),
            paths(&disk.loaded)
        ));
    }
    for ((file, memo), read) in run
        .loaded
        .files
        .iter()
        .zip(&run.memos)
        .zip(&disk.loaded.files)
    {
        let what = if format!("{:?}", file.declaration) != format!("{:?}", read.declaration)
            || file.declaration != read.declaration
        {
            "declaration"
        } else if (file.folder(), file.stem()) != (read.folder(), read.stem()) {
            "folder or name"
        } else if memo.key != file_key(&read.path, &read.text) {
            "key"
        } else {
            continue;
        };
        return Some(format!("{} ({:?}): {what} differs", file.path, memo.origin));
    }
    (run.diagnostics != disk.diagnostics).then(|| {
        format!(
            "diagnostics {:#?} instead of {:#?}",
            run.diagnostics, disk.diagnostics
        )
    })
}

/// Asserts that `run` saw what a build without cache sees.
fn assert_as_without_cache(run: &Run, root: &Path, year: u16) {
    if let Some(d) = difference(run, &without_cache(root, year)) {
        panic!("{d}");
    }
}

/// An hour ago.
fn long_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

#[test]
fn an_unchanged_settled_file_comes_from_the_cache_as_read_from_disk() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    let first = run(root, Scan::Later);
    assert_eq!(first.cached_files(), 0);
    assert_as_without_cache(&first, root, 2026);
    assert_eq!(cached(root, 2026), 3);
    // Entries are written from borrowed parts (`load::EntryRef`) and read
    // as `entry::Entry`: the same bytes, all of them.
    let cache = Cache::open(&cache_dir(root), rules(2026));
    assert_eq!(cache.index.len(), 3);
    for (key, (stat, range)) in &cache.index {
        let e = entry::Entry::try_from_slice(&cache.bytes[range.clone()])
            .unwrap_or_else(|err| panic!("{key}: {err}"));
        assert_eq!((path_key(e.path.as_bytes()), &e.stat), (*key, stat));
        let path = &e.path;
        let i = first.loaded.files.iter().position(|f| &f.path == path);
        let file = &first.loaded.files[i.expect("a loaded file")];
        assert_eq!(e.key, file_key(&file.path, &file.text));
        assert_eq!(
            format!("{:?}", Some(&e.declaration)),
            format!("{:?}", file.declaration.as_ref())
        );
    }

    // An entry found under another path's key (a hash collision) is not
    // that path's.
    let mut cache = cache;
    let (stat, range) = cache.index.values().next().cloned().expect("an entry");
    let autre = "declarations/07/00000000000000.yaml";
    cache
        .index
        .insert(path_key(autre.as_bytes()), (stat, range));
    assert!(cache.entry(autre, &stat).is_none());

    let second = run(root, Scan::Now);
    assert_eq!(second.cached_files(), 3);
    for m in &second.memos {
        assert!(
            m.known.is_some(),
            "per-file diagnostics come with the entry"
        );
    }
    for f in &second.loaded.files {
        assert!(f.text.is_empty(), "{} was read", f.path);
    }
    // The school's figures and warnings, the satellite's kitchen: all as on disk.
    assert_as_without_cache(&second, root, 2026);
    assert!(
        !second.diagnostics.is_empty(),
        "the fixture has warnings, kept in the cache"
    );
    assert_eq!(
        second
            .declaration("07/21070017500305.yaml")
            .siret_cuisine_centrale
            .as_deref(),
        Some("21070017500206")
    );
    // Nothing changed: the cache is not written again (a new cache is
    // a new file, renamed over the old one).
    let inode = || {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(cache_file(root)).expect("cache").ino()
    };
    let before = inode();
    let third = run(root, Scan::Later);
    assert_eq!(third.cached_files(), 3);
    assert_eq!(inode(), before);
}

#[test]
fn an_edited_file_is_read_again_even_at_the_same_size() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    let school = THREE[0];
    // Far in the past: the edits below give it another mtime for sure,
    // however coarse the file system's clock.
    set_mtime(root, school, long_ago());
    run(root, Scan::Later);
    assert_eq!(run(root, Scan::Now).cached_files(), 3);

    // One digit: 120 meals a day → 130, same size.
    let text = read(root, school);
    let edited = text.replace("nombre_repas_jour: 120\n", "nombre_repas_jour: 130\n");
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    write(root, school, &edited);
    let after = run(root, Scan::Later);
    assert_eq!(after.origin(school), &Origin::Read);
    assert_eq!(after.cached_files(), 2);
    assert_eq!(after.declaration(school).nombre_repas_jour, Some(130));
    assert_as_without_cache(&after, root, 2026);
    // The new entry replaced the old one.
    let cached_run = run(root, Scan::Now);
    assert_eq!(cached_run.cached_files(), 3);
    assert_eq!(cached_run.declaration(school).nombre_repas_jour, Some(130));
    assert_as_without_cache(&cached_run, root, 2026);

    // A longer file, a removed one, a new one.
    write(
        root,
        school,
        &edited.replace("nom: École des Assions", "nom: École publique des Assions"),
    );
    fs::remove_file(root.join("declarations").join(THREE[2])).expect("rm");
    write(
        root,
        "974/21974110000107.yaml",
        &fixture("974/21974110000107.yaml"),
    );
    let changed = run(root, Scan::Later);
    assert_eq!(changed.cached_files(), 1, "only the kitchen is unchanged");
    assert_eq!(
        changed.declaration(school).nom,
        "École publique des Assions"
    );
    assert_as_without_cache(&changed, root, 2026);
    assert_eq!(cached(root, 2026), 3, "the removed file's entry is gone");
}

#[test]
fn a_file_changed_within_two_seconds_of_the_scan_is_not_kept_until_it_settles() {
    let tmp = repo(&THREE[..2]);
    let root = tmp.path();
    let (school, kitchen) = (THREE[0], THREE[1]);
    // An old mtime is not enough: the change time (which no one can set
    // back) is recent.
    set_mtime(root, school, long_ago());
    let first = run(root, Scan::Now);
    assert_eq!(first.cached_files(), 0);
    assert_eq!(cached(root, 2026), 0, "racily clean files are not kept");
    assert_eq!(run(root, Scan::Now).cached_files(), 0);

    std::thread::sleep(entry::RACY + Duration::from_millis(100));
    let settled = run(root, Scan::Now);
    assert_eq!(settled.cached_files(), 0);
    assert_eq!(cached(root, 2026), 2, "settled files are kept");
    let from_cache = run(root, Scan::Now);
    assert_eq!(from_cache.cached_files(), 2);
    assert_as_without_cache(&from_cache, root, 2026);

    // Same size, and the mtime put back as it was (as `touch -r` or a
    // tool that keeps times would): only the change time tells.
    let old_mtime = mtime(root, school);
    let text = read(root, school);
    let edited = text.replace("valeur_bio: 25000\n", "valeur_bio: 35000\n");
    assert_eq!(edited.len(), text.len());
    write(root, school, &edited);
    set_mtime(root, school, old_mtime);
    let after = run(root, Scan::Now);
    assert_eq!(after.origin(school), &Origin::Read);
    assert!(matches!(after.origin(kitchen), Origin::Cache(_)));
    assert_as_without_cache(&after, root, 2026);
    // Changed just now: read again next time too.
    assert_eq!(cached(root, 2026), 1);
    let next = run(root, Scan::Now);
    assert_eq!(next.origin(school), &Origin::Read);
    assert_as_without_cache(&next, root, 2026);
}

#[test]
fn errors_and_warnings_kept_in_the_cache_are_reported_again() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    let school = THREE[0];
    // More bio than purchases in all: an error of the per-file rules.
    let text = read(root, school).replace("valeur_bio: 25000\n", "valeur_bio: 250000\n");
    write(root, school, &text);
    set_mtime(root, school, long_ago());
    let first = run(root, Scan::Later);
    let errors = |r: &Run| {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == diagnostics::Severity::Error)
            .map(|d| (d.file.clone(), d.code))
            .collect::<Vec<_>>()
    };
    assert!(
        errors(&first).contains(&(format!("declarations/{school}"), "achats-depassement")),
        "{:?}",
        first.diagnostics
    );
    let second = run(root, Scan::Now);
    assert_eq!(second.cached_files(), 3);
    assert_eq!(second.diagnostics, first.diagnostics);
    assert_as_without_cache(&second, root, 2026);

    // A file that no longer parses is never taken for its old entry.
    write(root, school, "siret: [\n");
    let broken = run(root, Scan::Later);
    assert_eq!(broken.origin(school), &Origin::Read);
    assert!(errors(&broken).iter().any(|(f, _)| f.ends_with(school)));
    assert_as_without_cache(&broken, root, 2026);
    assert_eq!(
        cached(root, 2026),
        2,
        "no entry for a file that does not parse"
    );
    assert_as_without_cache(&run(root, Scan::Now), root, 2026);
}

#[test]
fn a_cache_written_for_another_year_is_not_used() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    // The school's latest data year is 2024: fine in 2026, in the future
    // for a build that believes it is 2023.
    let in_2026 = stages(root, 2026, Some(Scan::Later));
    assert!(
        in_2026
            .diagnostics
            .iter()
            .all(|d| d.code != "annee-hors-periode")
    );
    assert_eq!(cached(root, 2026), 3);
    assert_eq!(cached(root, 2023), 0, "another year, another cache");

    let in_2023 = stages(root, 2023, Some(Scan::Later));
    assert_eq!(in_2023.cached_files(), 0);
    assert!(
        in_2023
            .diagnostics
            .iter()
            .any(|d| d.code == "annee-hors-periode"),
        "{:?}",
        in_2023.diagnostics
    );
    assert_as_without_cache(&in_2023, root, 2023);
    // The cache is now 2023's; 2026 reads everything again.
    assert_eq!(cached(root, 2023), 3);
    assert_eq!(cached(root, 2026), 0);
    let back = stages(root, 2026, None);
    assert_eq!(back.cached_files(), 0);
    assert_as_without_cache(&back, root, 2026);
}

/// A deterministic stream of bytes (xorshift64*).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

/// A valid cache of the three fixture files, and its header.
fn valid_cache(root: &Path) -> (Vec<u8>, Header, usize) {
    for rel in THREE {
        set_mtime(root, rel, long_ago());
    }
    run(root, Scan::Later);
    assert_eq!(cached(root, 2026), 3);
    let bytes = fs::read(cache_file(root)).expect("cache");
    let mut rest = &bytes[..];
    let header = Header::deserialize(&mut rest).expect("header");
    let at = bytes.len() - rest.len();
    (bytes, header, at)
}

#[test]
fn a_corrupt_cache_is_ignored_then_replaced() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    let (good, header, body) = valid_cache(root);
    let with = |change: &dyn Fn(&mut Header)| {
        let mut h = Header { ..header };
        change(&mut h);
        let mut bytes = borsh::to_vec(&h).expect("header");
        bytes.extend_from_slice(&good[body..]);
        bytes
    };
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("random".into(), noise(7, good.len())),
        ("random, after a valid header".into(), {
            let mut b = good[..body].to_vec();
            b.extend(noise(11, good.len() - body));
            b
        }),
        ("one byte more".into(), {
            let mut b = good.clone();
            b.push(0);
            b
        }),
        ("text".into(), b"CANTINE\x01 garbage".to_vec()),
        ("magic".into(), with(&|h| h.magic[0] = b'K')),
        ("format".into(), with(&|h| h.format += 1)),
        ("program".into(), with(&|h| h.program ^= 1)),
        ("rules".into(), with(&|h| h.rules ^= 1)),
        ("count + 1".into(), with(&|h| h.count += 1)),
        ("count - 1".into(), with(&|h| h.count -= 1)),
        ("count u32::MAX".into(), with(&|h| h.count = u32::MAX)),
        ("count 0".into(), with(&|h| h.count = 0)),
    ];
    for cut in [
        1,
        8,
        body - 1,
        body,
        body + 3,
        body + 4,
        good.len() / 2,
        good.len() - 1,
    ] {
        cases.push((format!("truncated at {cut}"), good[..cut].to_vec()));
    }
    for (case, bytes) in cases {
        fs::write(cache_file(root), &bytes).expect("write");
        assert!(
            Cache::open(&cache_dir(root), rules(2026)).is_empty(),
            "{case}: taken for a cache"
        );
        let r = run(root, Scan::Later);
        assert_eq!(r.cached_files(), 0, "{case}");
        assert_as_without_cache(&r, root, 2026);
        // The next save replaced it with a valid cache.
        assert_eq!(cached(root, 2026), 3, "{case}");
        let r = run(root, Scan::Now);
        assert_eq!(r.cached_files(), 3, "{case}");
        assert_as_without_cache(&r, root, 2026);
    }
    // A cache folder that cannot be read is no cache either.
    fs::remove_file(cache_file(root)).expect("rm");
    fs::create_dir(cache_file(root)).expect("mkdir");
    assert!(Cache::open(&cache_dir(root), rules(2026)).is_empty());
    let r = stages(root, 2026, None);
    assert_eq!(r.cached_files(), 0);
    assert_as_without_cache(&r, root, 2026);
}

#[test]
fn no_byte_of_a_damaged_cache_reaches_the_build() {
    let tmp = repo(&THREE);
    let root = tmp.path();
    let (good, _, _) = valid_cache(root);
    let disk = without_cache(root, 2026);
    // Every byte of the file in turn, one of its bits flipped (each bit
    // position in turn): each file is read again, or its entry is exactly
    // the disk's.
    let mut reached = Vec::new();
    for at in 0..good.len() {
        let flip = 1u8 << (at % 8);
        let mut bytes = good.clone();
        bytes[at] ^= flip;
        fs::write(cache_file(root), &bytes).expect("write");
        let r = stages(root, 2026, None);
        if let Some(d) = difference(&r, &disk) {
            reached.push(format!("byte {at} ^ {flip:#04x}: {d}"));
        }
    }
    assert!(
        reached.is_empty(),
        "{} of {} damaged caches reached the build, e.g. {:?}",
        reached.len(),
        good.len(),
        &reached[..reached.len().min(3)]
    );
}

/// A declaration of every shape the model has, decimals with trailing zeros.
const DECIMALS: &str = r#"siret: "21070017500107"
nom: École des Assions
code_insee: "07017"
secteurs: [education_primaire]
type_production: site
type_gestion: direct
modele_economique: public
nombre_repas_jour: 120
nombre_repas_an: 17000
ma_cantine_id: 12
bilans:
  - annee: 2024
    achats:
      valeur_totale: 100000.50
      valeur_bio: 25000.5
      valeur_siqo: 20000.00
      valeur_egalim_autres: 10000
      valeur_viandes_volailles: 30000.10
      valeur_viandes_volailles_egalim: 15000
      valeur_produits_de_la_mer: 10000
    gaspillage:
      diagnostic: true
      actions: [INSCRIPTION]
    information:
      qualite: true
      supports: [DIGITAL, DISPLAY]
  - annee: 2023
    source: opendata
    taux_bio: 0.1000
    taux_egalim_hors_bio: 0.20
"#;

#[test]
fn decimals_keep_their_scale_through_the_cache() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let rel = "07/21070017500107.yaml";
    write(root, rel, DECIMALS);
    set_mtime(root, rel, long_ago());
    let d = load::parse(DECIMALS).expect("parse");
    let debug = format!("{d:?}");
    for shown in [
        "100000.50",
        "25000.5",
        "20000.00",
        "30000.10",
        "0.1000",
        "0.20",
    ] {
        assert!(
            debug.contains(&format!("({shown})")),
            "{shown} not in {debug}"
        );
    }
    let back = Declaration::try_from_slice(&borsh::to_vec(&d).expect("encode")).expect("decode");
    assert_eq!(format!("{back:?}"), debug);

    run(root, Scan::Later);
    let r = run(root, Scan::Now);
    assert_eq!(r.cached_files(), 1);
    assert_eq!(format!("{:?}", r.declaration(rel)), debug);
    assert_as_without_cache(&r, root, 2026);
}

#[test]
fn every_real_declaration_round_trips_through_borsh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("declarations");
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    assert!(paths.len() > 10_000, "{} files", paths.len());
    let results: Vec<Result<(), String>> = paths
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            let text = fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
            let d = load::parse(&text).map_err(|e| format!("{name}: {e}"))?;
            let bytes = borsh::to_vec(&d).map_err(|e| format!("{name}: {e}"))?;
            let back = Declaration::try_from_slice(&bytes).map_err(|e| format!("{name}: {e}"))?;
            if back != d || format!("{back:?}") != format!("{d:?}") {
                return Err(format!("{name}: differs after a round trip"));
            }
            Ok(())
        })
        .collect();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} files: {:?}",
        failures.len(),
        paths.len(),
        &failures[..failures.len().min(5)]
    );
}

/// `n` copies of the school under their own names, settled; their paths.
fn schools(root: &Path, n: usize) -> Vec<String> {
    let text = fixture(THREE[0]);
    (0..n)
        .map(|i| {
            let siret = format!("2107001750{i:04}");
            let rel = format!("07/{siret}.yaml");
            write(root, &rel, &text.replace("21070017500107", &siret));
            set_mtime(root, &rel, long_ago());
            rel
        })
        .collect()
}

/// Makes `rel` longer (another size: another file for the cache).
fn lengthen(root: &Path, rel: &str) {
    let text = read(root, rel);
    write(root, rel, &text.replace("nom: École", "nom: Une école"));
}

#[test]
fn changed_entries_follow_the_cache_file_until_they_weigh_an_eighth_of_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let rels = schools(root, 40);
    run(root, Scan::Later);
    let base = fs::read(cache_file(root)).expect("cache");
    let plus = cache_dir(root).join(PLUS);
    assert!(!plus.exists());

    // One file changed: its entry is written after the cache file, which
    // stays as it was.
    lengthen(root, &rels[3]);
    let changed = run(root, Scan::Later);
    assert_eq!(changed.origin(&rels[3]), &Origin::Read);
    assert_as_without_cache(&changed, root, 2026);
    assert_eq!(fs::read(cache_file(root)).ok(), Some(base.clone()));
    let first_plus = fs::read(&plus).expect("entries written since");
    assert!(first_plus.len() < base.len() / 8);
    let cached_run = run(root, Scan::Now);
    assert_eq!(cached_run.cached_files(), 40);
    assert!(
        cached_run
            .declaration(&rels[3])
            .nom
            .starts_with("Une école")
    );
    assert_as_without_cache(&cached_run, root, 2026);

    // Another change and a removed file: still after the same file.
    lengthen(root, &rels[5]);
    fs::remove_file(root.join("declarations").join(&rels[7])).expect("rm");
    let r = run(root, Scan::Later);
    assert_eq!(r.cached_files(), 38);
    assert_as_without_cache(&r, root, 2026);
    assert_eq!(fs::read(cache_file(root)).ok(), Some(base.clone()));
    let r = run(root, Scan::Now);
    assert_eq!(r.cached_files(), 39);
    assert_as_without_cache(&r, root, 2026);

    // Older entries are used for the files they still describe; damaged
    // ones are not used at all: the files they describe are read again.
    let good_plus = fs::read(&plus).expect("plus");
    let mut damaged = good_plus.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    for (case, bytes) in [("older", &first_plus), ("damaged", &damaged)] {
        fs::write(&plus, bytes).expect("write");
        let r = stages(root, 2026, None);
        assert_as_without_cache(&r, root, 2026);
        let expected = if case == "older" { 38 } else { 37 };
        assert_eq!(r.cached_files(), expected, "{case}");
    }
    fs::write(&plus, &good_plus).expect("write");

    // Four more changed files: an eighth of the files are gone or
    // changed, and the whole cache is written again.
    for rel in &rels[10..14] {
        lengthen(root, rel);
    }
    let r = run(root, Scan::Later);
    assert_as_without_cache(&r, root, 2026);
    assert_ne!(fs::read(cache_file(root)).ok(), Some(base));
    assert!(!plus.exists());
    assert_eq!(cached(root, 2026), 39, "the removed file's entry is gone");
    let r = run(root, Scan::Now);
    assert_eq!(r.cached_files(), 39);
    assert_as_without_cache(&r, root, 2026);
    // Entries written after the previous cache file are not used.
    fs::write(&plus, &good_plus).expect("write");
    let r = stages(root, 2026, None);
    assert_eq!(r.cached_files(), 39);
    assert_as_without_cache(&r, root, 2026);
    assert_eq!(
        Cache::open(&cache_dir(root), rules(2026)).plus.len(),
        0,
        "not mapped"
    );
}
