#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (the targets are in Fuzz/).
#
#   scripts/fuzz.sh --list               the targets
#   scripts/fuzz.sh TARGET [SECONDS]     builds TARGET and fuzzes it for SECONDS (default 60)
#   scripts/fuzz.sh --build              builds every target
#   scripts/fuzz.sh --all SECONDS        each target in turn, SECONDS each (what CI runs)
#
# Each run starts from the seeds checked in under Fuzz/corpus/TARGET, with the format's
# dictionary (Fuzz/stakemap.dict), and writes what it learns to .build-fuzz/corpus/TARGET.
# A crash, a broken contract (the target aborts with "contract violated: …"), a hang
# (-timeout) or a leak stops the run with a non-zero status and the input saved under
# .build-fuzz/findings/; `scripts/fuzz.sh TARGET --replay FILE` runs one input again.
# Builds and runs are niced, and only one fuzzer runs at a time (FUZZ_FLAGS adds flags).
set -euo pipefail
# Swift's own backtracer would race ASan's report of a finding.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

targets=(account directory import analyses chart)
scratch=.build-fuzz

build() {
  # -sanitize=fuzzer instruments every module for coverage and links libFuzzer; the targets
  # are declared by Package.swift only with STAKEMAP_FUZZ=1. (gold's warnings about ASan's
  # local symbols are noise.)
  local t
  for t in "$@"; do
    STAKEMAP_FUZZ=1 nice -n 19 swift build --scratch-path "$scratch" -j 1 \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product "fuzz-$t" 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
  done
}

binary() { echo "$(STAKEMAP_FUZZ=1 swift build --scratch-path "$scratch" --show-bin-path)/fuzz-$1"; }

known() {
  local t
  for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done
  echo "fuzz.sh: unknown target '$1'; targets: ${targets[*]}" >&2
  exit 64
}

run() {
  local target=$1 seconds=$2
  local bin corpus findings
  bin=$(binary "$target")
  corpus=$scratch/corpus/$target
  findings=$scratch/findings/$target
  mkdir -p "$corpus" "$findings"
  echo "fuzz.sh: $target for ${seconds}s" >&2
  # -rss_limit_mb: ASan's shadow memory counts; -timeout: a hang is a finding.
  # shellcheck disable=SC2086
  nice -n 19 "$bin" "$corpus" "Fuzz/corpus/$target" -dict=Fuzz/stakemap.dict -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_FLAGS:-}
}

case "${1:-}" in
  --list) printf '%s\n' "${targets[@]}" ;;
  --build) build "${targets[@]}" ;;
  --all)
    build "${targets[@]}"
    for t in "${targets[@]}"; do run "$t" "${2:-8}"; done
    ;;
  "" | -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 64 ;;
  *)
    known "$1"
    build "$1"
    if [ "${2:-}" = "--replay" ]; then
      nice -n 19 "$(binary "$1")" -runs=1 "${3:?--replay needs a file}"
    else
      run "$1" "${2:-60}"
    fi
    ;;
esac
