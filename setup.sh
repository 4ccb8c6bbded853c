#!/usr/bin/env bash
# One-step set-up: installs Graphviz when it is missing, builds Stakemap in release mode,
# then validates the samples, summarises one, and prints the portfolio scores and the
# most severe gaps of the bank.
set -euo pipefail
cd "$(dirname "$0")"

need=()
pkg-config --exists libgvc 2>/dev/null || need+=(libgraphviz-dev)
pkg-config --exists yaml-0.1 2>/dev/null || need+=(libyaml-dev)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# The chart-book tests read the printed PDF back with poppler (pdftotext).
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Charts set emoji in names and notes with Symbola, where no other font has them.
fc-list 2>/dev/null | grep -qi symbola || need+=(fonts-symbola)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# The browser test drives `stakemap serve` from a real headless Chromium.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y "${need[@]}"
fi

# The export tests read the GraphML back with networkx (Python).
if ! python3 -c 'import networkx' >/dev/null 2>&1; then
  python3 -m pip install --quiet networkx 2>/dev/null || python3 -m pip install --quiet --break-system-packages networkx
fi

# The calendar tests read the .ics files back with icalendar (Python).
if ! python3 -c 'import icalendar' >/dev/null 2>&1; then
  python3 -m pip install --quiet icalendar 2>/dev/null || python3 -m pip install --quiet --break-system-packages icalendar
fi

# The browser test (Selenium) and the API's check against its OpenAPI document (schemathesis).
for module in selenium schemathesis; do
  if ! python3 -c "import $module" >/dev/null 2>&1; then
    python3 -m pip install --quiet "$module" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$module"
  fi
done

scripts/build-release.sh
.build/release/stakemap validate samples/*.yaml
.build/release/stakemap show samples/banque-exemple.yaml
.build/release/stakemap score samples/*.yaml
.build/release/stakemap gaps samples/banque-exemple.yaml --min-severity high
