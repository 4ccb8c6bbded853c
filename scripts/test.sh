#!/usr/bin/env bash
# Runs the test suite: everything that does not lay out charts in process in one run, in
# parallel; the suites that do (charts, the visit pack, the review), each group in a process
# of its own, one test at a time.
#
# Why: Graphviz 2.42's dot layout crashes in decompose() (called from dot_mincross) after
# enough layouts in one process, at a point that depends only on how many came before: a
# one-test-at-a-time run of every chart suite in one process crashed there every time,
# while each group below passes alone. A stakemap command lays out far fewer charts than the
# whole suite does; a long-running process would need the same care (docs/CHARTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build --skip StakemapChartsTests --skip StakemapReportTests
swift test --skip-build --no-parallel --filter "StakemapChartsTests.(ChangesChartTests|ChartBookTests|ChartTests|CoverageChartTests)"
swift test --skip-build --no-parallel --filter "StakemapChartsTests.(GraphvizTests|GraphvizWorkaroundTests|GridChartTests|PagedDocumentTests|VisitPackTests)"
swift test --skip-build --no-parallel --filter "StakemapReportTests"
# `stakemap serve` from a real headless Chromium, then its API against docs/openapi.yaml.
python3 Tests/browser/serve_test.py .build/debug/stakemap
Tests/api/run.sh .build/debug/stakemap 60
