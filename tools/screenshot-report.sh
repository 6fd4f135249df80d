#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshot-report.sh DIR OUT.png [WIDTH,HEIGHT]: open DIR/report.html in headless chromium
# (Debian: apt-get install chromium) and save what a reader sees first, 1280x2000 by default.
# The same command as tests/test_report.c, for looking at a report without a desktop.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: tools/screenshot-report.sh DIR OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
dir=$1 out=$2 size=${3:-1280,2000}
[ -f "$dir/report.html" ] || { echo "$dir/report.html: no such file (expected a folder drawn by tzsim plot)" >&2; exit 2; }
command -v chromium > /dev/null || { echo "chromium not found (Debian: apt-get install chromium)" >&2; exit 4; }
report=$(realpath "$dir/report.html")
outabs=$(realpath -m "$out")
# chromium complains about D-Bus on a machine without a session; only its exit status and file count.
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$outabs" \
  --window-size="$size" "file://$report" > /dev/null 2>&1 || true
[ -s "$outabs" ] || { echo "chromium wrote no screenshot of $dir/report.html" >&2; exit 4; }
echo "$outabs"
