#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs tzsim's build and test dependencies from Debian's packages (Debian 12 or later).
# Uses sudo when not run as root. Installs only what is missing.
set -eu
# libjansson-dev reads the JSON manifests of shard and result folders.
# valgrind, cppcheck, clang-tidy and clang-format are .ci/run's checkers; clang and libclang-rt-dev build the
# libFuzzer target (-DTZSIM_FUZZ=ON, tests/fuzz/README.md); python3 and groff-base run
# test_install (tests/check_recipes.py, and groff checks the man page).
PACKAGES="build-essential cmake pkg-config libgsl-dev libconfig-dev libcmocka-dev gnuplot-nox libopenmpi-dev openmpi-bin
valgrind cppcheck clang-tidy clang-format clang libclang-rt-dev python3 groff-base libjansson-dev"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
