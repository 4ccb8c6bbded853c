#!/bin/sh
# Renders the account review of a sample in headless Chromium, as the reader sees it:
# a PNG of the first screen and the A4 PDF that printing gives.
#   scripts/screenshot-review.sh [ACCOUNT.yaml] [OUT-FOLDER]
# Needs chromium (apt-get install chromium).
set -eu
cd "$(dirname "$0")/.."
account=${1:-samples/banque-exemple.yaml}
out=${2:-review-screens}
mkdir -p "$out"
scripts/build-release.sh --product stakemap
.build/release/stakemap report "$account" -o "$out/review.html"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }
page="file://$(cd "$out" && pwd)/review.html"
"$browser" --headless --no-sandbox --disable-gpu --window-size=1200,1600 --screenshot="$out/review.png" "$page"
"$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/review.pdf" "$page"
echo "wrote $out/review.png and $out/review.pdf"
