#!/usr/bin/env bash
# Quality gates for the generated site (issue 4, item 5).
#
#   tools/qa/run.sh PUBLIC_DIR
#
# Validates a deterministic sample of pages with html-validate and vnu, and
# checks them against WCAG 2.1 A/AA with axe-core in Debian's headless
# Chromium. Exits non-zero on any error or violation.
#
# Needs, installed beforehand (as .ci/run does):
#   apt-get install -y chromium chromium-driver default-jre-headless
# and Node.js/npm. Nothing is downloaded but the npm packages pinned in
# package-lock.json: no browser, no driver, no Java runtime.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/index.html" ]; then
  echo "usage : tools/qa/run.sh DOSSIER_PUBLIC (un site construit par « cantine build »)" >&2
  exit 2
fi
PUBLIC=$(cd "$1" && pwd)
QA=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cantine-qa.XXXXXX")
START=$SECONDS
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# How many canteen pages, besides the ones picked for what they show.
CANTEEN_SAMPLE=${QA_CANTEEN_SAMPLE:-40}

for tool in "$CHROMIUM" "$CHROMEDRIVER" java node npm python3 curl; do
  command -v "$tool" >/dev/null || { echo "outil manquant : $tool (voir l'en-tête de $0)" >&2; exit 2; }
done

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - START))"; }

step "npm ci (versions exactes de package-lock.json)"
# --ignore-scripts: the only install scripts are downloaders (chromedriver's
# driver, vnu-jar's Java runtime) that we replace with Debian packages.
(cd "$QA" && CHROMEDRIVER_SKIP_DOWNLOAD=true PUPPETEER_SKIP_DOWNLOAD=1 \
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
BIN="$QA/node_modules/.bin"
# Plain output in CI logs (the CLIs colour it through chalk).
export FORCE_COLOR=0
VNU_JAR="$QA/node_modules/vnu-jar/build/dist/vnu.jar"

step "échantillon de pages"
python3 "$QA/sample.py" "$PUBLIC" "$CANTEEN_SAMPLE" >"$WORK/pages.txt"
mapfile -t PAGES <"$WORK/pages.txt"
echo "${#PAGES[@]} pages :"
printf '  /%s\n' "${PAGES[@]}"
FILES=()
for p in "${PAGES[@]}"; do FILES+=("$PUBLIC/$p"); done

FAILED=()
SUMMARY=()

step "html-validate"
# .htmlvalidate.json (JSON allows no comments, so the reasons are here):
# - no-redundant-role off: an optional DSFR theme writes the landmark roles
#   DSFR asks for (<header role="banner">…); vnu reports them as info only.
# - long-title off: a canteen page's title is the canteen's own name, which
#   can pass 70 characters alone (141 of 12 694 do). The 70-character limit is
#   a search-engine display hint; cutting the name would make titles
#   ambiguous, against WCAG 2.4.2 (pages titled descriptively).
if (cd "$QA" && "$BIN/html-validate" --config "$QA/.htmlvalidate.json" --formatter stylish "${FILES[@]}"); then
  SUMMARY+=("html-validate : 0 erreur")
else
  SUMMARY+=("html-validate : ERREURS (détail ci-dessus)"); FAILED+=(html-validate)
fi

step "vnu (Nu Html Checker)"
if java -jar "$VNU_JAR" --errors-only "${FILES[@]}" 2>"$WORK/vnu.txt"; then
  SUMMARY+=("vnu : 0 erreur")
else
  sed "s|$PUBLIC/||" "$WORK/vnu.txt"
  SUMMARY+=("vnu : $(grep -c ': error' "$WORK/vnu.txt" || true) erreur(s)"); FAILED+=(vnu)
fi

step "serveur local"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Bounded: the server dies after 30 minutes even if this script is killed hard.
timeout 1800 python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$PUBLIC" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" || { echo "le serveur local ne répond pas" >&2; exit 1; }
echo "http://127.0.0.1:$PORT/ (pid $SERVER_PID)"

URLS=()
for p in "${PAGES[@]}"; do URLS+=("http://127.0.0.1:$PORT/${p%index.html}"); done

step "axe-core (WCAG 2.1 A et AA), @axe-core/cli, fenêtre par défaut"
AXE_OK=1
# Batches of 20 pages keep one browser session from running for too long.
for ((i = 0; i < ${#URLS[@]}; i += 20)); do
  if ! "$BIN/axe" "${URLS[@]:i:20}" \
    --chromedriver-path "$CHROMEDRIVER" --chrome-path "$CHROMIUM" \
    --chrome-options="headless=new,no-sandbox,disable-gpu,disable-dev-shm-usage,disable-background-networking,disable-component-update,no-first-run" \
    --tags wcag2a,wcag2aa,wcag21a,wcag21aa --load-delay 0 --timeout 120 \
    --dir "$WORK/axe" --save "lot-$i.json" --exit; then
    AXE_OK=0
  fi
done
if [ "$AXE_OK" = 1 ]; then
  SUMMARY+=("axe (fenêtre par défaut) : 0 violation sur ${#URLS[@]} pages")
else
  SUMMARY+=("axe (fenêtre par défaut) : VIOLATIONS — $(python3 "$QA/axe_summary.py" "$WORK/axe")"); FAILED+=(axe)
fi

step "axe-core (WCAG 2.1 A et AA), téléphone 390×844"
# The CLI cannot size its window; on a phone is where tables may scroll
# sideways (rule scrollable-region-focusable). Same engine, same tags.
if CHROMIUM="$CHROMIUM" CHROMEDRIVER="$CHROMEDRIVER" node "$QA/axe-viewport.cjs" 390 844 "${URLS[@]}"; then
  SUMMARY+=("axe (téléphone 390 px) : 0 violation sur ${#URLS[@]} pages")
else
  SUMMARY+=("axe (téléphone 390 px) : VIOLATIONS (détail ci-dessus)"); FAILED+=(axe-telephone)
fi

step "bilan"
printf '  %s\n' "${SUMMARY[@]}"
echo "  ${#PAGES[@]} pages contrôlées en $((SECONDS - START)) s"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "ÉCHEC : ${FAILED[*]}" >&2
  exit 1
fi
echo "contrôles qualité : tout est conforme"
