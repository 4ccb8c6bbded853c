#!/usr/bin/env bash
# The API against its OpenAPI document: schemathesis (from PyPI) generates requests from
# the document the server serves, valid and invalid, and checks every answer: no 5xx, each
# status and body as documented, invalid requests refused, valid ones accepted.
#   Tests/api/run.sh [path/to/stakemap] [examples per operation]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stakemap="$(realpath "${1:-$root/.build/debug/stakemap}")"
examples="${2:-40}"
work="$(mktemp -d)"
cp -r "$root/samples/." "$work/"
"$stakemap" serve "$work" --port 0 --as-of 2026-11-27 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q ' at http' "$work/serve.log" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)"
url="${url%/}"
csrf="$(python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/api/session"))["csrf"])' "$url")"
cd "$here"
schemathesis --config-file "$here/schemathesis.toml" run "$url/api/openapi.yaml" --checks all --max-examples "$examples" --seed 1 \
  --header "X-CSRF-Token: $csrf" --no-color
# Whatever it sent, every account still opens.
for f in "$work"/*.yaml; do "$stakemap" validate --quiet "$f"; done
echo "schemathesis: the API conforms to docs/openapi.yaml; every account still valid"
