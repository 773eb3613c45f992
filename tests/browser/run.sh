#!/usr/bin/env bash
# Browser test of the search page, on an already-built site:
#   bash tests/browser/run.sh public
# Needs node >= 20, npm, python3 and Debian's chromium (apt-get install -y
# chromium); CHROMIUM=/path/to/chromium overrides /usr/bin/chromium. Installs
# its pinned npm dependency (playwright-core, which downloads no browser),
# serves the site on 127.0.0.1 with python3 -m http.server, runs
# search.test.js, and stops the server on exit.
set -euo pipefail

site="${1:?usage: bash tests/browser/run.sh <dossier du site construit>}"
site="$(cd "$site" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$site/recherche/index.html" ] || { echo "run.sh: $site/recherche/index.html introuvable : construisez d'abord le site" >&2; exit 2; }

cd "$here"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"${TMPDIR:-/tmp}/cantine-http-$port.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# Wait (at most 10 s) for the server to answer.
python3 - "$port" <<'EOF'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/recherche/"
for _ in range(100):
    try:
        urllib.request.urlopen(url, timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(f"run.sh: le serveur ne répond pas sur {url}")
EOF

BASE_URL="http://127.0.0.1:$port/" timeout 300 node --test --test-concurrency=1 search.test.js
