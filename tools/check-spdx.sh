#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-spdx.sh: every source file of the tree (C, CMake, shell, Python) names its licence in an SPDX
# line near its top; lists those that do not and exits 1.
set -eu
cd "$(dirname "$0")/.."
missing=$(git ls-files '*.c' '*.h' '*.h.in' '*.def' '*.py' '*.sh' '*.cmake' 'CMakeLists.txt' '*/CMakeLists.txt' '.ci/run' \
            'contrib/bash-completion/tzsim' | grep -v -e '/corpus/' -e '/regressions/' |
          while read -r f; do head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "$missing"
  echo "tools/check-spdx.sh: the files above lack an 'SPDX-License-Identifier: GPL-3.0-or-later' line among their first 3 (a comment: /* */ in C, # elsewhere)" >&2
  exit 1
fi
