#!/bin/sh
# Builds the release binaries and runs the side-by-side benchmark and cross-check
# against networkx (bench/compare.py). Extra arguments go to compare.py, e.g.
#   bench/run.sh --sizes 1000 10000
set -eu
cd "$(dirname "$0")/.."
python3 -c 'import networkx, yaml' 2>/dev/null || python3 -m pip install --quiet networkx pyyaml
scripts/build-release.sh --product stakemap
scripts/build-release.sh --product stakemap-bench
exec python3 bench/compare.py --bin .build/release "$@"
