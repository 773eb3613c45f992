#!/usr/bin/env bash
# scripts/reference/generate.sh: regenerate the reference geography embedded in
# the `cantine` binary (src/model/territory.rs reads it with include_str!).
#
# What: three compact, tab-separated files in src/model/data/
#   regions.tsv       code, nom                               (26 rows: 18 régions + 8 COM)
#   departements.tsv  code, nom, region, typeLiaison (tncc)   (109 rows, French order 01..19, 2A, 2B, 21..)
#   communes.tsv      code INSEE, nom, departement, codes_postaux (sorted by code;
#                     postal codes space-separated, empty for the few that have none)
# communes.tsv holds the communes actuelles, arrondissements municipaux,
# communes déléguées and communes associées (one row per code, the commune
# actuelle winning when a code appears twice), plus one alias row for each
# old code listed in `anciensCodes` that is not a current code: it carries
# the name and département of the commune it merged into (such codes still
# appear in older declarations, e.g. the 2021 open data). Each COM (975, 977,
# 978, 984, 986, 987, 988, 989) is its own région and its own département.
#
# Source: npm package @etalab/decoupage-administratif 6.0.0 (millésime 2026),
# built by Etalab / data.gouv.fr from the INSEE Code officiel géographique.
# Licence: data under Licence Ouverte / Open Licence (Etalab), which requires
# attribution of source and date (see SOURCE in src/model/territory.rs);
# the package's code is MIT. Nothing of the package's code is copied.
#
# How to rerun (needs bash, node >= 18 and npm, and access to the npm registry):
#   scripts/reference/generate.sh
# The output is deterministic: the same bytes on every run. The tarball is
# checked against its pinned sha512 before use. To move to a new millésime,
# change VERSION, MILLESIME and SHA512 below (`npm view
# @etalab/decoupage-administratif@X dist.integrity` gives the base64 form),
# rerun, then update MILLESIME/SOURCE and the tests in src/model/territory.rs.
set -euo pipefail

PACKAGE="@etalab/decoupage-administratif"
VERSION="6.0.0"
MILLESIME="2026"
SHA512="5dabd8b0595b70cfe9acaafc84d1cf28447de081f0fddb3134ce27c6358c624e8f2c5002a4479dbe7ffbc0af016a8ce6d1d09885659c7feedb716a40e6998269"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/src/model/data"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tgz="$tmp/etalab-decoupage-administratif-$VERSION.tgz"
actual="$(sha512sum "$tgz" | cut -d' ' -f1)"
if [ "$actual" != "$SHA512" ]; then
  echo "generate.sh: sha512 mismatch for $PACKAGE@$VERSION: got $actual" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp"

mkdir -p "$out"
node "$here/generate.js" "$tmp/package/data" "$out" "$VERSION" "$MILLESIME"
