#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-short.sh [SECONDS]: build every libFuzzer harness (clang, -DTZSIM_FUZZ=ON) into build-fuzz
# and run each for SECONDS (default 15) from a copy of its seed corpus: the short run of .ci/run.
# A finding stops the script non-zero and leaves the input in build-fuzz/findings/. Longer runs and
# what they found: tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTZSIM_FUZZ=ON -DTZSIM_TESTS=OFF > /dev/null
# Every target: tests/fuzz/fuzz_NAME.c, seeded from tests/fuzz/NAME/corpus (a new target is run
# without being listed here). Only the libFuzzer flags of some targets are set here.
flags_of() {
  case "$1" in
  fuzz_scenario | fuzz_sweep) echo "-dict=scenario.dict" ;;
  fuzz_targets) echo "-max_len=16384" ;;
  fuzz_scenario_path) echo "-max_len=6000" ;;
  fuzz_shard) echo "-dict=shard.dict -max_len=40000" ;;
  fuzz_result) echo "-max_len=70000" ;;
  fuzz_cli) echo "-max_len=2000" ;;
  fuzz_i18n) echo "-max_len=64" ;;
  esac
}
targets=()
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c)
  [ -d "tests/fuzz/${name#fuzz_}/corpus" ] || { echo "fuzz-short: $f has no tests/fuzz/${name#fuzz_}/corpus"; exit 1; }
  targets+=("$name")
done
cmake --build build-fuzz -j2 --target "${targets[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/findings
for name in "${targets[@]}"; do
  seeds=${name#fuzz_}/corpus
  flags=$(flags_of "$name")
  mkdir -p "$work/$name"
  cp -r tests/fuzz/"$seeds"/. "$work/$name/"
  # From tests/fuzz: some seeds name files relative to it (the scenario search path's).
  # shellcheck disable=SC2086 # flags is a word list
  if ! (cd tests/fuzz && LSAN_OPTIONS=suppressions=$PWD/lsan.supp "../../build-fuzz/tests/fuzz/$name" $flags \
        -max_total_time="$secs" -timeout=25 -print_final_stats=1 -artifact_prefix="../../build-fuzz/findings/$name-" \
        "$work/$name" > "../../build-fuzz/findings/$name.log" 2>&1); then
    tail -40 "build-fuzz/findings/$name.log"; echo "fuzz-short: $name found something (input in build-fuzz/findings/)"; exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/findings/$name.log")
  echo "fuzz-short: $name: ${runs:-?} executions in ${secs} s, no finding"
done
