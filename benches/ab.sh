#!/usr/bin/env bash
# Alternated comparison of two builds of cantine on a rebuild after one
# change: the method behind the per-change figures of benches/README.md §4.
# On a shared or virtual machine the time of one program moves by ±30 %
# within minutes; running two programs in turn, each on its own copy of
# the data, lets both see the same host.
#
#   OLD=/path/to/cantine-before NEW=target/release/cantine \
#     DATA=/dev/shm/synth N=10 benches/ab.sh
#
# Environment: OLD and NEW (the two binaries, required), DATA (a
# repository made by `examples/synth`, required), WORK (where its two
# copies and their sites go; /dev/shm by default), N (pairs, 10), PAUSE
# (seconds to wait before each run, 0: a person saves a file, then
# builds; see §4 "Session 9" for why it can matter).
#
# Before each pair, the same declaration's name is changed in both copies;
# the two programs run in turn, the first of the pair alternating. Each
# line gives, for both, wall time, user and system CPU (s) and peak
# memory (KB); the last line the means.
#
# The two copies are not equal: on tmpfs, one program ran 5-8 % faster on
# one copy than on the other, whichever ran first (try OLD=NEW). So run
# the comparison twice, the second time with SWAP=1 (OLD on the copy
# NEW had), and take both results; a difference smaller than that gap
# cannot be told from the copies and the host.
set -euo pipefail

: "${OLD:?OLD: the binary before the change}"
: "${NEW:?NEW: the binary after the change}"
: "${DATA:?DATA: a repository made by examples/synth}"
WORK=${WORK:-/dev/shm}
N=${N:-10}
PAUSE=${PAUSE:-0}
SWAP=${SWAP:-0}
# The copies each program builds: ab-a and ab-b, or exchanged.
old_side=a new_side=b
if [[ $SWAP == 1 ]]; then
  old_side=b new_side=a
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}

for bin in "$OLD" "$NEW"; do
  [[ -x $bin ]] || { echo "ab.sh : $bin n'est pas un exécutable" >&2; exit 2; }
done
[[ -d $DATA/declarations ]] || { echo "ab.sh : $DATA/declarations est introuvable" >&2; exit 2; }

# Two copies of the data, one per program: each keeps its own cache and
# previous site, as a user's repository would. Copies already in $WORK
# are used as they are: when the two programs need different themes or
# settings (a change to the templates or to site.toml), make ab-a (OLD's,
# or NEW's with SWAP=1) and ab-b by hand from the same declarations, each
# with its own program's themes/, content/ and site.toml.
mkdir -p "$WORK"
for side in a b; do
  if [[ ! -d $WORK/ab-$side ]]; then
    cp -a "$DATA" "$WORK/ab-$side"
  fi
done
one=$(cd "$WORK/ab-a" && find declarations -name '*.yaml' | sort | sed -n 1p)

toggle() {
  local f=$1/$one
  if grep -q '^nom: .* (ab)$' "$f"; then
    sed -i 's/^nom: \(.*\) (ab)$/nom: \1/' "$f"
  else
    sed -i 's/^nom: \(.*\)$/nom: \1 (ab)/' "$f"
  fi
}

run() {
  sleep "$PAUSE"
  /usr/bin/time -f "%e %U %S %M" "$1" build --root "$2" -o "$2-public" 2>&1 >/dev/null | tail -1
}

# Warm up: a first build makes the cache and the site, a second one
# after a change is a rebuild like the measured ones.
for side in a b; do
  bin=$OLD
  [[ $side == "$new_side" ]] && bin=$NEW
  for _ in 1 2; do
    toggle "$WORK/ab-$side"
    "$bin" build --root "$WORK/ab-$side" -o "$WORK/ab-$side-public" >/dev/null 2>&1 || {
      echo "ab.sh : $bin build --root $WORK/ab-$side a échoué" >&2
      exit 1
    }
  done
done

for i in $(seq 1 "$N"); do
  toggle "$WORK/ab-a"
  toggle "$WORK/ab-b"
  if ((i % 2)); then
    a=$(run "$OLD" "$WORK/ab-$old_side")
    b=$(run "$NEW" "$WORK/ab-$new_side")
  else
    b=$(run "$NEW" "$WORK/ab-$new_side")
    a=$(run "$OLD" "$WORK/ab-$old_side")
  fi
  echo "old $a | new $b"
done | awk '{
  print
  split($0, p, "|"); split(p[1], x, " "); split(p[2], y, " ")
  ow += x[2]; oc += x[3] + x[4]; om += x[5]
  nw += y[2]; nc += y[3] + y[4]; nm += y[5]; n++
} END {
  printf "moyenne old %.2f s, %.2f CPU-s, %.0f MB | new %.2f s, %.2f CPU-s, %.0f MB\n",
    ow / n, oc / n, om / n / 1024, nw / n, nc / n, nm / n / 1024
}'
