#!/usr/bin/env bash
# fuzz-short.sh [SECONDS]: build every libFuzzer harness (clang, -DTZSIM_FUZZ=ON) into build-fuzz
# and run each for SECONDS (default 15) from a copy of its seed corpus: the short run of .ci/run.
# A finding stops the script non-zero and leaves the input in build-fuzz/findings/. Longer runs and
# what they found: tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTZSIM_FUZZ=ON -DTZSIM_TESTS=OFF > /dev/null
# harness : seed corpus (relative to tests/fuzz) : extra libFuzzer flags
harnesses=(
  "fuzz_scenario:scenario/corpus:-dict=scenario.dict"
  "fuzz_sweep:sweep/corpus:-dict=scenario.dict"
  "fuzz_checkpoint:checkpoint/corpus:"
  "fuzz_targets:targets/corpus:-max_len=16384"
  "fuzz_scenario_path:scenario_path/corpus:-max_len=6000"
  "fuzz_shard:shard/corpus:-dict=shard.dict -max_len=40000"
  "fuzz_result:result/corpus:-max_len=70000"
  "fuzz_cli:cli/corpus:-max_len=2000"
  "fuzz_i18n:i18n/corpus:-max_len=64"
  "fuzz_restart:restart/corpus:"
)
targets=()
for h in "${harnesses[@]}"; do targets+=("${h%%:*}"); done
cmake --build build-fuzz -j2 --target "${targets[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/findings
for h in "${harnesses[@]}"; do
  IFS=: read -r name seeds flags <<< "$h"
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
