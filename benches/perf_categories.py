#!/usr/bin/env python3
"""Share of CPU samples per activity of `cantine build` or `check`.

Reads the text of `perf script` (recorded with --call-graph dwarf) on
stdin; each sample goes to the first category (in the order below) one of
whose patterns appears in one of its frames. Inlined frames carry short
names (`parse+0x…`), hence the loose patterns. See benches/README.md.
"""
import collections
import re
import sys

RULES = [
    ("suppression d'un ancien site (noyau)",
     ["shmem_evict_inode", "shmem_undo_range", "ext4_evict_inode", "do_unlinkat", "remove_dir_all"]),
    ("écriture des fichiers (output.rs + noyau)",
     ["Staging::write_keyed", "Staging::reuse", "Staging::commit", "Staging::write"]),
    ("vérification des liens (links::check_page)", ["links::check_page"]),
    ("YAML → Declaration (serde-saphyr)",
     ["serde_saphyr", "granit_parser", "load::parse", "parse+", "Deserialize for cantine::model"]),
    ("lecture des déclarations (walk, read)",
     ["load::load_declarations", "load_one", "read_text", "walkdir"]),
    ("Tera : rendu des modèles", ["tera::tera::Tera::render"]),
    ("page cantine compilée (askama + coquille)",
     ["compiled::Coquille", "CorpsCantine", "askama::"]),
    ("vue de la page cantine (+ SVG)", ["canteen_page::vue"]),
    ("Tera : contexte (sérialisation en Value)",
     ["tera::context::Context::insert", "Commun::context", "Context::clone", "listing::entrees"]),
    ("Markdown des contributeurs", ["markdown::render_untrusted"]),
    ("API JSON par cantine", ["opendata::api_cantine"]),
    ("exports CSV/JSON nationaux", ["opendata::"]),
    ("index de recherche", ["site::search"]),
    ("plan des pages (hors cantines)", ["pages::plan"]),
    ("sitemaps, flux", ["sitemap::"]),
    ("clés du cache incrémental", ["cles_des_pages", "output::Key", "mix+"]),
    ("validation", ["validate::"]),
    ("diagnostics (rendu, tri)", ["diagnostics::"]),
    ("indicateurs, agrégats", ["indicators::", "aggregate::"]),
    ("malloc/free hors des catégories ci-dessus", ["malloc", "_int_free", "libc_free"]),
    ("rayon (attente, vol de tâches)", ["rayon_core::"]),
]

FRAME = re.compile(r"\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")


def samples(lines):
    """Yields the frames (innermost first) of each sample."""
    cur = None
    for line in lines:
        if not line.strip():
            if cur is not None:
                yield cur
            cur = None
        elif not line.startswith((" ", "\t")):
            cur = []
        elif cur is not None:
            m = FRAME.match(line)
            if m:
                cur.append(m.group(1))
    if cur:
        yield cur


def main():
    counts = collections.Counter()
    n = 0
    for frames in samples(sys.stdin):
        n += 1
        for name, patterns in RULES:
            if any(p in f for f in frames for p in patterns):
                counts[name] += 1
                break
        else:
            counts["autre / pile non déroulée"] += 1
    print(f"{n} échantillons\n")
    print("| activité | part du CPU |")
    print("|---|---|")
    for name, c in counts.most_common():
        print(f"| {name} | {100 * c / max(n, 1):.1f} % |")


if __name__ == "__main__":
    main()
