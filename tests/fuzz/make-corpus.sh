#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the seed corpora of the fuzzers from the repository's scenarios, flattened: the
# scenario fuzzer reads scenario text from a string, where an @include cannot resolve, and both
# fuzzers write their input to a private folder, so each @include "X" line is replaced by the text
# of X (named relative to the including file's folder, as tzsim does, at any depth). Whole-line
# comments and blank lines are dropped to keep the seeds small (end-of-line comments stay: the lexer
# sees them).
#   tests/fuzz/scenario/corpus/        (fuzz_scenario) every scenario, tests/bad/*.cfg as they are, and the
#                             hand-written seed-*.cfg, kept.
#   tests/fuzz/sweep/corpus/  (fuzz_sweep) the scenarios with a sweep or calibrate block, the
#                             tests/bad/ cases about those blocks, and the hand-written seed-*.cfg, kept.
# Usage: tests/fuzz/make-corpus.sh (from anywhere). Needs only a POSIX shell, sed and grep.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/fuzz/scenario/corpus"
sweep="$top/tests/fuzz/sweep/corpus"
mkdir -p "$out" "$sweep"
strip() { grep -v -E '^[[:space:]]*(//.*)?$' "$1" || true; }
# flatten FILE: its text with every @include replaced, recursively, by the included file's text.
flatten() {
  dir=$(dirname "$1")
  strip "$1" | while IFS= read -r line; do
    inc=$(printf '%s\n' "$line" | sed -n 's/^[[:space:]]*@include "\([^"]*\)".*$/\1/p')
    if [ -n "$inc" ]; then
      (flatten "$dir/$inc")
    else
      printf '%s\n' "$line"
    fi
  done
}
for f in "$top"/scenarios/*.cfg; do
  name=$(basename "$f" .cfg)
  [ "$name" = common ] && continue # included by the others
  flatten "$f" >"$out/scenario-$name.cfg"
  if grep -q -E '^(sweep|calibrate)[[:space:]]*[:=]' "$f"; then cp "$out/scenario-$name.cfg" "$sweep/scenario-$name.cfg"; fi
done
for f in "$top"/tests/bad/*.cfg; do
  cp "$f" "$out/bad-$(basename "$f")"
  if grep -q -E '^(sweep|calibrate)[[:space:]]*[:=]' "$f"; then cp "$f" "$sweep/bad-$(basename "$f")"; fi
done
cp "$top/tests/badcli/valid.cfg" "$out/seed-valid-minimal.cfg"
echo "corpus: $(ls "$out" | wc -l) files in $out; sweep/corpus: $(ls "$sweep" | wc -l) files in $sweep"
