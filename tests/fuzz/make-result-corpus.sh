#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates tests/fuzz/result/corpus/ (the seeds of fuzz_result.c) from real result folders of a
# small scenario. Usage: tests/fuzz/make-result-corpus.sh build/tzsim (from the repository's top folder).
set -eu
TZSIM=${1:-build/tzsim}
OUT=tests/fuzz/result/corpus
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$TZSIM" run tests/fuzz/scenario/corpus/seed-valid-minimal.cfg -r 2 --set months=2 -o "$TMP/two" --quiet
"$TZSIM" run tests/fuzz/scenario/corpus/seed-valid-minimal.cfg -r 1 --set months=1 -o "$TMP/one" --quiet
# A result folder as five sections: a 4-byte little-endian length, then the bytes.
section() { python3 -c 'import sys,struct; d=open(sys.argv[1],"rb").read(); sys.stdout.buffer.write(struct.pack("<I",len(d))+d)' "$1"; }
folder() { for f in monthly.csv summary.csv run.json summary.json scenario.cfg; do section "$1/$f"; done; }
mkdir -p "$OUT"
folder "$TMP/two" >"$OUT/two-months-two-replications.bin"
folder "$TMP/one" >"$OUT/one-month-one-replication.bin"
# Without scenario.cfg and the manifests: the CSV files alone.
{ section "$TMP/two/monthly.csv"; section "$TMP/two/summary.csv"; } >"$OUT/csv-only.bin"
