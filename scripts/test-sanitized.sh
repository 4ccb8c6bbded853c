#!/usr/bin/env bash
# The test suite under a sanitizer: scripts/test-sanitized.sh address|thread
#
# Builds the tests with -sanitize=address (in .build-asan) or -sanitize=thread (in
# .build-tsan), the command-line tool included, and runs them split as scripts/test.sh
# splits them: the suites that lay out charts with Graphviz each group in a process of its
# own, one test at a time (docs/CHARTS.md). Builds and runs are niced.
#
# With AddressSanitizer, leak detection is off: a command's exit() leaves values on the
# stack that LeakSanitizer reports as leaks, and the CLI tests read a command's standard
# error only once it has ended. Leaks are the fuzz targets' to find (scripts/fuzz.sh), one
# input at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  address) scratch=.build-asan; export ASAN_OPTIONS=detect_leaks=0 ;;
  thread) scratch=.build-tsan; export TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/scripts/tsan-suppressions.txt" ;;
  *) echo "usage: scripts/test-sanitized.sh address|thread" >&2; exit 64 ;;
esac
export SWIFT_BACKTRACE=enable=no
nice -n 19 swift build --build-tests --scratch-path "$scratch" -Xswiftc -sanitize="$1"
t() { nice -n 19 swift test --skip-build --scratch-path "$scratch" "$@"; }
t --skip StakemapChartsTests --skip StakemapReportTests
t --no-parallel --filter "StakemapChartsTests.(ChangesChartTests|ChartBookTests|ChartTests|CoverageChartTests)"
t --no-parallel --filter "StakemapChartsTests.(GraphvizTests|GraphvizWorkaroundTests|GridChartTests|PagedDocumentTests|VisitPackTests)"
t --no-parallel --filter "StakemapReportTests"
