#!/usr/bin/env python3
"""Deterministic sample of pages for the quality gates (tools/qa/run.sh).

    sample.py PUBLIC_DIR N

Prints one path per line, relative to PUBLIC_DIR:

* one page per template: home, every top-level page (regions, secteurs,
  données, plan du site, recherche, content pages), 404.html, the data
  quality page (donnees/qualite/), and one région, commune and secteur page;
* a territory page without data (Mayotte, whose canteens have not
  published) and one whose figures rest on too few bilans (La Réunion:
  « données insuffisantes »), when the site has them;
* the département page that lists the most canteens, with each of its
  further list pages (the heaviest page of that template), and the middle
  page of the longest sector list (its pagination skips pages both ways);
* canteen pages chosen for what they show (an overseas canteen, a satellite,
  a central kitchen listing its satellites, contributor texts, no bilan,
  an aberrant cost), then N more in the order of a stable hash of their path.

The same site always gives the same sample: no randomness, no clock.
"""

import hashlib
import os
import re
import sys

# A link to a canteen page, whatever the site's base path.
CANTEEN_LINK = re.compile(r'href="[^"]*cantines/[0-9]{14}/"')


def stable_key(path):
    """Order pages by a hash of their path, so the sample spreads over the site
    yet stays the same from one run to the next."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


def pages_under(public, section):
    """`section/<x>/index.html` for every sub-folder, in hash order."""
    root = os.path.join(public, section)
    if not os.path.isdir(root):
        return []
    found = [
        f"{section}/{name}/index.html"
        for name in os.listdir(root)
        if os.path.isfile(os.path.join(root, name, "index.html"))
    ]
    return sorted(found, key=stable_key)


def read(public, path):
    with open(os.path.join(public, path), encoding="utf-8") as f:
        return f.read()


def largest_departement(public):
    """The département listing the most canteens, over all its list pages."""
    best = None
    for page in sorted(pages_under(public, "departements")):
        folder = os.path.dirname(page)
        paths = [page]
        extra = os.path.join(public, folder, "page")
        if os.path.isdir(extra):
            paths += sorted(
                f"{folder}/page/{n}/index.html"
                for n in os.listdir(extra)
                if os.path.isfile(os.path.join(extra, n, "index.html"))
            )
        count = sum(len(CANTEEN_LINK.findall(read(public, p))) for p in paths)
        if best is None or count > best[0]:
            best = (count, paths)
    return best[1] if best else []


def middle_of_longest_list(public):
    """The middle page of the sector list with the most pages: its
    pagination skips pages on both sides of it (« … »)."""
    best = None
    for page in sorted(pages_under(public, "secteurs")):
        extra = os.path.join(public, os.path.dirname(page), "page")
        if not os.path.isdir(extra):
            continue
        count = len(os.listdir(extra)) + 1
        if best is None or count > best[0]:
            best = (count, os.path.dirname(page))
    if best is None:
        return []
    return [f"{best[1]}/page/{best[0] // 2 + 1}/index.html"]


# Canteen pages worth checking for what they render, each found by a marker in
# its HTML; the first page in hash order that holds it is taken.
FEATURES = [
    ("overseas (Réunion)", 'departements/974/"'),
    ("overseas (Guyane)", 'departements/973/"'),
    ("satellite", "<dt>Cuisine centrale</dt>"),
    ("central kitchen with satellites", "Restaurants satellites servis"),
    ("contributor text", 'class="texte-contributeur"'),
    ("aberrant cost", "semble aberrant"),
    ("no bilan", "Aucun bilan publié pour cette cantine"),
    ("other canteens set aside under its SIRET", 'donnees/qualite/#siret-'),
]


def main():
    public, n = sys.argv[1], int(sys.argv[2])
    sample = ["index.html", "404.html"]
    for name in sorted(os.listdir(public)):
        if os.path.isfile(os.path.join(public, name, "index.html")):
            sample.append(f"{name}/index.html")
    sample.append("donnees/qualite/index.html")
    for section in ("regions", "communes", "secteurs"):
        sample += pages_under(public, section)[:1]
    for page in ("departements/976/index.html", "departements/974/index.html"):
        if os.path.isfile(os.path.join(public, page)) and page not in sample:
            sample.append(page)
    sample += largest_departement(public)
    sample += middle_of_longest_list(public)

    canteens = pages_under(public, "cantines")
    wanted = list(FEATURES)
    for page in canteens:
        if not wanted:
            break
        html = read(public, page)
        hits = [f for f in wanted if f[1] in html]
        if hits:
            sample.append(page)
            wanted = [f for f in wanted if f not in hits]
    for label, _ in wanted:
        print(f"échantillon : aucune page de cantine « {label} »", file=sys.stderr)
    # A fixed page the issue names, when it exists.
    sample.append("cantines/21070017500016/index.html")
    sample += canteens[:n]

    seen = set()
    for page in sample:
        if page not in seen and os.path.isfile(os.path.join(public, page)):
            seen.add(page)
            print(page)


if __name__ == "__main__":
    main()
