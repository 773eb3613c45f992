#!/usr/bin/env bash
# National-scale benchmark of `cantine build` and `cantine check` (issue 6).
# See benches/README.md for what it measures and how to read the figures.
#
#   benches/run.sh                     # 100 000 canteens in /tmp, 3 runs each
#   COUNT=10000 RUNS=1 benches/run.sh  # a quick one
#   WORK=/dev/shm benches/run.sh       # on tmpfs: the program without the disk
#
# Environment: COUNT (100000), SEED (42), RUNS (3), WORK (/tmp: where the
# synthetic repository and the sites go), OUT_MD (summary file,
# $WORK/cantine-bench.md), VERIFY (1: compare the rebuild with a clean
# build), CARGO_TARGET_DIR (cargo's usual variable).
set -euo pipefail

COUNT=${COUNT:-100000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp}
VERIFY=${VERIFY:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
SYNTH=$WORK/synth
PUBLIC=$WORK/synth-public
OUT_MD=${OUT_MD:-$WORK/cantine-bench.md}
LOGS=$WORK/cantine-bench-logs
# Fixed clock: the same data years are valid and the feed date is stable.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}

if [[ ! -x /usr/bin/time ]]; then
  echo "GNU time est requis : apt-get install time" >&2
  exit 2
fi

cd "$REPO"
echo "== compilation (release)"
cargo build --release --quiet --bin cantine --example synth
BIN=$TARGET/release/cantine
SYNTH_BIN=$TARGET/release/examples/synth

rm -rf "$LOGS"
mkdir -p "$LOGS"

echo "== génération de $COUNT cantines (graine $SEED) dans $SYNTH"
"$SYNTH_BIN" --count "$COUNT" --seed "$SEED" --out "$SYNTH" --source "$REPO" | tee "$LOGS/synth.txt"

# measure NAME COMMAND... : runs COMMAND under GNU time, keeps its output
# in $LOGS/NAME.out and its resources in $LOGS/NAME.time.
measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.out" 2>&1 || {
    echo "échec de $name :" >&2
    tail -20 "$LOGS/$name.out" >&2
    exit 1
  }
}

# field NAME LABEL : one value of GNU time's report.
field() {
  grep -m1 -F "$2" "$LOGS/$1.time" | awk -F': ' '{print $2}'
}

# wall NAME : elapsed seconds (GNU time prints m:ss.cc or h:mm:ss).
wall() {
  field "$1" "Elapsed (wall clock)" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}

# row NAME LABEL : a markdown table row of the run's resources.
row() {
  local user sys rss
  user=$(field "$1" "User time (seconds)")
  sys=$(field "$1" "System time (seconds)")
  rss=$(field "$1" "Maximum resident set size (kbytes)")
  printf '| %s | %s | %s | %s | %.2f | %d |\n' "$2" "$(wall "$1")" "$user" "$sys" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

echo "== check × $RUNS"
for i in $(seq 1 "$RUNS"); do
  measure "check-$i" "$BIN" check --root "$SYNTH"
  echo "   $(wall "check-$i") s"
done

echo "== build complet × $RUNS (sans site précédent ni cache : le cas de la CI)"
for i in $(seq 1 "$RUNS"); do
  rm -rf "$PUBLIC"
  measure "build-$i" "$BIN" build --no-cache --timings --root "$SYNTH" -o "$PUBLIC"
  echo "   $(wall "build-$i") s"
done
pages=$(grep -m1 -o '[0-9]* pages' "$LOGS/build-1.out" | cut -d' ' -f1)
# Sum of the files' sizes (du would add the folders' own blocks, which
# depend on the file system: 100 000 folders weigh 400 MB on ext4).
bytes=$(find "$PUBLIC" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
files=$(find "$PUBLIC" -type f | wc -l)

echo "== reconstruction sans changement, cache vide (il se remplit)"
rm -rf "$SYNTH/.cantine-cache"
measure rebuild-cold "$BIN" build --timings --root "$SYNTH" -o "$PUBLIC"

echo "== reconstruction sans changement"
measure rebuild-same "$BIN" build --timings --root "$SYNTH" -o "$PUBLIC"

echo "== reconstruction après modification d'une déclaration × $RUNS"
# The same file's name, changed at each run (then put back, then changed
# again…). (sed, not head: head would stop sort early and pipefail would
# abort.)
one=$(find "$SYNTH/declarations" -name '*.yaml' | sort | sed -n 1p)
for i in $(seq 1 "$RUNS"); do
  if grep -q '^nom: .* (modifiée)$' "$one"; then
    sed -i 's/^nom: \(.*\) (modifiée)$/nom: \1/' "$one"
  else
    sed -i 's/^nom: \(.*\)$/nom: \1 (modifiée)/' "$one"
  fi
  measure "rebuild-one-$i" "$BIN" build --timings --root "$SYNTH" -o "$PUBLIC"
  echo "   $(wall "rebuild-one-$i") s"
done

identical="non vérifié"
if [[ $VERIFY == 1 ]]; then
  echo "== vérification : reconstruction = construction propre ?"
  rm -rf "$PUBLIC-propre"
  measure build-clean-after "$BIN" build --no-cache --root "$SYNTH" -o "$PUBLIC-propre"
  if diff -r --exclude=.cantine-build "$PUBLIC" "$PUBLIC-propre" >"$LOGS/diff.txt"; then
    identical="oui"
  else
    identical="NON ($(grep -c '' "$LOGS/diff.txt") lignes de diff, voir $LOGS/diff.txt)"
  fi
  rm -rf "$PUBLIC-propre"
fi

{
  echo "# Banc d'essai cantine — $COUNT cantines (graine $SEED)"
  echo
  echo "- date : $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (+ modifications non validées)')"
  echo "- machine : $(nproc) cœurs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') Go de mémoire"
  echo "- dossier de travail : $WORK ($(stat -f -c %T "$WORK"))"
  echo "- charge au départ : $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- données : $(cat "$LOGS/synth.txt")"
  echo
  echo "| mesure | mur (s) | user (s) | sys (s) | CPU (s) | RSS max (Mo) |"
  echo "|---|---|---|---|---|---|"
  for i in $(seq 1 "$RUNS"); do row "check-$i" "check n° $i"; done
  for i in $(seq 1 "$RUNS"); do row "build-$i" "build complet n° $i"; done
  row rebuild-cold "build sans changement, cache vide"
  row rebuild-same "build sans changement"
  for i in $(seq 1 "$RUNS"); do row "rebuild-one-$i" "build après 1 déclaration modifiée n° $i"; done
  echo
  echo "- pages HTML écrites : $pages ; fichiers : $files ; octets : $bytes ($((bytes / 1048576)) Mio)"
  echo "- reconstruction identique à une construction propre : $identical"
  echo
  echo "Étapes du build complet n° 1 (--timings) :"
  echo
  echo '```'
  sed -n '/^étape/,$p' "$LOGS/build-1.out"
  echo '```'
  echo
  echo "Étapes du build après 1 déclaration modifiée n° 1 :"
  echo
  echo '```'
  sed -n '/^étape/,$p' "$LOGS/rebuild-one-1.out"
  echo '```'
  echo
  echo "Commandes : \`$BIN check --root $SYNTH\`, \`$BIN build --timings --root $SYNTH -o $PUBLIC\`, sous \`/usr/bin/time -v\` ; journaux dans $LOGS."
} >"$OUT_MD"

echo
cat "$OUT_MD"
if [[ $identical == NON* ]]; then
  echo "ÉCHEC : la reconstruction diffère d'une construction propre" >&2
  exit 1
fi
