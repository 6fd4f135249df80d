#!/bin/sh
# Regenerates the seed corpus of the scenario fuzzer (tests/fuzz/corpus/) from the repository's
# scenarios, flattened: the fuzz target reads scenario text from a string, where an @include cannot
# resolve, so each @include "X" line is replaced by the text of X. Whole-line comments and blank
# lines are dropped to keep the seeds small (end-of-line comments stay: the lexer sees them).
# tests/bad/*.cfg are copied as they are, and the hand-written seeds (seed-*.cfg) are kept.
# Usage: tests/fuzz/make-corpus.sh (from anywhere). Needs only a POSIX shell, sed and grep.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/tests/fuzz/corpus"
mkdir -p "$out"
strip() { grep -v -E '^[[:space:]]*(//.*)?$' "$1" || true; }
for f in "$top"/scenarios/*.cfg; do
  name=$(basename "$f" .cfg)
  [ "$name" = common ] && continue # included by the others
  dst="$out/scenario-$name.cfg"
  : >"$dst"
  strip "$f" | while IFS= read -r line; do
    inc=$(printf '%s\n' "$line" | sed -n 's/^.*@include "\([^"]*\)".*$/\1/p')
    if [ -n "$inc" ]; then
      strip "$top/scenarios/$inc" >>"$dst"
    else
      printf '%s\n' "$line" >>"$dst"
    fi
  done
done
for f in "$top"/tests/bad/*.cfg; do cp "$f" "$out/bad-$(basename "$f")"; done
cp "$top/tests/badcli/valid.cfg" "$out/seed-valid-minimal.cfg"
echo "corpus: $(ls "$out" | wc -l) files in $out"
