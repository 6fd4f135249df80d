#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates tests/fuzz/shard/corpus/ (the seeds of fuzz_shard.c) from real shards of the
# fuzz target's fixed scenario. Usage: tests/fuzz/make-shard-corpus.sh build/tzsim (from the
# repository's top folder).
set -eu
TZSIM=${1:-build/tzsim}
OUT=tests/fuzz/shard/corpus
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for k in 1 2; do
  "$TZSIM" run tests/fuzz/scenario/corpus/seed-valid-minimal.cfg -r 2 --set months=1 --shard $k/2 -o "$TMP/s$k" --quiet
done
"$TZSIM" run tests/fuzz/scenario/corpus/seed-valid-minimal.cfg -r 2 --set months=1 --shard 1/1 -o "$TMP/one" --quiet
# One shard folder as four sections: a 4-byte little-endian length, then the bytes.
section() { python3 -c 'import sys,struct; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(struct.pack("<I",len(d))+d)' "$1"; }
folder() { for f in shard.json rows.bin headline.bin extra.bin; do section "$1/$f"; done; }
mkdir -p "$OUT"
{ folder "$TMP/s1"; folder "$TMP/s2"; } >"$OUT/two-shards.bin"
{ folder "$TMP/s2"; folder "$TMP/s1"; } >"$OUT/two-shards-reversed.bin"
folder "$TMP/s1" >"$OUT/one-of-two.bin"
# The whole run as its single shard 1/1, which merges too.
folder "$TMP/one" >"$OUT/one-of-one.bin"
{ folder "$TMP/s1"; folder "$TMP/s1"; } >"$OUT/same-shard-twice.bin"
