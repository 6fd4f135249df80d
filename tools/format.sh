#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# format.sh: apply .clang-format to the C sources (sim/ models/ plots/ app/ tests/*.c).
#   tools/format.sh           reformat them in place
#   tools/format.sh --check   change nothing; list the files that would change, exit 1 if any
# CLANG_FORMAT names the binary (default: clang-format-14, else clang-format).
set -eu
cd "$(dirname "$0")/.."
mode=fix
case "${1:-}" in
  --check) mode=check ;;
  "") ;;
  *) echo "usage: tools/format.sh [--check]" >&2; exit 2 ;;
esac
cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
  if command -v clang-format-14 >/dev/null 2>&1; then cf=clang-format-14; else cf=clang-format; fi
fi
if ! command -v "$cf" >/dev/null 2>&1; then
  echo "tools/format.sh: $cf not found (expected clang-format 14: apt-get install clang-format-14)" >&2
  exit 2
fi
files=$(ls sim/*.c sim/*.h models/*.c models/*.h plots/*.c plots/*.h app/*.c app/*.h tests/*.c 2>/dev/null)
if [ "$mode" = fix ]; then
  # shellcheck disable=SC2086 # one word per file: the names have no spaces
  "$cf" -i --style=file $files
  exit 0
fi
changed=0
for f in $files; do
  if ! "$cf" --style=file "$f" | cmp -s - "$f"; then
    echo "$f"
    changed=$((changed + 1))
  fi
done
if [ "$changed" -gt 0 ]; then
  echo "tools/format.sh: $changed file(s) would be reformatted (run tools/format.sh)" >&2
  exit 1
fi
