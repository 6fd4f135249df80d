# SPDX-License-Identifier: GPL-3.0-or-later
# Spack recipe for tzsim (docs/install.md). Copy it into a Spack repository as
# packages/tzsim/package.py, then build from a clone of the sources:
#   spack develop --no-clone --path /path/to/tzsim tzsim@=main
#   spack install tzsim@=main +mpi
# The recipe names no download address: the public repository's address goes into `git` below
# once tzsim is published (then `spack install tzsim@main` fetches it).

from spack.package import *


class Tzsim(CMakePackage):
    """Agent-based simulator of the French employment experimentation "Territoires zero chomeur
    de longue duree" (TZCLD): each territory's working-age people month by month, with the program
    and without it, and the program's effect and cost with intervals over replications."""

    license("GPL-3.0-or-later")

    version("main")

    variant("mpi", default=False, description="Split replications across MPI ranks (tzsim run under mpirun)")
    variant("openmp", default=True, description="Threads within a process (the results do not depend on them)")

    depends_on("c", type="build")
    depends_on("cmake@3.16:", type="build")
    depends_on("pkgconfig", type="build")
    depends_on("gsl")
    depends_on("libconfig@1.5:")
    depends_on("jansson")
    depends_on("cmocka", type="test")
    depends_on("mpi", when="+mpi")

    # What an installation must hold (also checked by tests/check_recipes.py against cmake --install).
    sanity_check_is_file = [
        "bin/tzsim",
        "share/man/man1/tzsim.1",
        "share/tzsim/scenarios/pilots.cfg",
        "share/bash-completion/completions/tzsim",
    ]

    def cmake_args(self):
        return [
            self.define_from_variant("TZSIM_MPI", "mpi"),
            self.define_from_variant("TZSIM_OPENMP", "openmp"),
            self.define("TZSIM_TESTS", self.run_tests),
            # A newer compiler's new warning must not fail an installation.
            self.define("TZSIM_WERROR", False),
        ]

    def test_version(self):
        """tzsim --version names the installed scenarios folder"""
        tzsim = which(join_path(self.prefix, "bin", "tzsim"))
        out = tzsim("--version", output=str.split, error=str.split)
        assert join_path(self.prefix, "share", "tzsim", "scenarios") in out

    def test_check_shipped_scenario(self):
        """tzsim check finds a shipped scenario by name"""
        tzsim = which(join_path(self.prefix, "bin", "tzsim"))
        out = tzsim("check", "extension-50", output=str.split, error=str.split)
        assert "ok: scenario" in out
