#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_recipes.py: the Spack recipe and the EasyBuild easyconfig against a real installation.

  python3 tests/check_recipes.py PREFIX CMakeLists.txt contrib/spack/package.py contrib/easybuild/*.eb

Neither Spack nor EasyBuild runs here, so this checks what can be checked without them: both files
parse as Python; every path the easyconfig's sanity_check_paths and the Spack recipe's
sanity_check_is_file and tests name exists in PREFIX (a `cmake --install` tree); the easyconfig's
sanity_check_commands succeed with PREFIX/bin first in PATH, from /; every CMake option the recipes
set is an option() of CMakeLists.txt; every Spack variant sets one. One line per problem, exit 1.
"""
import ast
import os
import re
import subprocess
import sys


def literal(tree, name):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def main(prefix, cmakelists, spack, easyconfigs):
    problems = []
    options = set(re.findall(r"^\s*option\(\s*(\w+)", open(cmakelists).read(), re.M))

    def need_option(where, opt):
        if opt not in options:
            problems.append(f"{where}: sets -D{opt}, which is no option() of {cmakelists} (expected one of {sorted(options)})")

    def need_path(where, rel, kind):
        path = os.path.join(prefix, rel)
        ok = os.path.isfile(path) if kind == "file" else os.path.isdir(path)
        if not ok:
            problems.append(f"{where}: {rel}: not in the installation {prefix} (expected a {kind})")

    # ---- EasyBuild ----
    for eb in easyconfigs:
        tree = ast.parse(open(eb).read(), eb)
        if literal(tree, "easyblock") != "CMakeMake":
            problems.append(f"{eb}: easyblock: not CMakeMake")
        paths = literal(tree, "sanity_check_paths") or {}
        if not paths.get("files"):
            problems.append(f"{eb}: sanity_check_paths: no files")
        for rel in paths.get("files", []):
            need_path(eb, rel, "file")
        for rel in paths.get("dirs", []):
            need_path(eb, rel, "dir")
        for opt in re.findall(r"-D(\w+)=", literal(tree, "configopts") or ""):
            need_option(eb, opt)
        env = {k: v for k, v in os.environ.items() if k != "TZSIM_SCENARIOS"}
        env["PATH"] = os.path.join(prefix, "bin") + os.pathsep + env.get("PATH", "")
        for cmd in literal(tree, "sanity_check_commands") or []:
            r = subprocess.run(cmd, shell=True, cwd="/", env=env, capture_output=True, text=True)
            if r.returncode != 0:
                problems.append(f"{eb}: sanity_check_commands: '{cmd}' exits {r.returncode}: {r.stderr.strip()}")

    # ---- Spack ----
    tree = ast.parse(open(spack).read(), spack)
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef)), None)
    if cls is None or not any(isinstance(b, ast.Name) and b.id == "CMakePackage" for b in cls.bases):
        problems.append(f"{spack}: no CMakePackage class")
        cls = ast.ClassDef(body=[])
    for rel in literal(cls, "sanity_check_is_file") or []:
        need_path(spack, rel, "file")
    variants, mapped = set(), set()
    for node in ast.walk(cls):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if fn == "variant" and args and args[0]:
            variants.add(args[0])
        elif fn == "define_from_variant" and len(args) == 2:
            need_option(spack, args[0])
            mapped.add(args[1])
        elif fn == "define" and args and args[0]:
            need_option(spack, args[0])
        elif fn == "join_path" and node.args and ast.unparse(node.args[0]) == "self.prefix" and all(args[1:]):
            rel = os.path.join(*args[1:])  # a path the recipe's tests use
            need_path(spack, rel, "file" if rel.startswith("bin") or "." in os.path.basename(rel) else "dir")
    for v in sorted(variants - mapped):
        problems.append(f"{spack}: variant {v}: sets no CMake option (expected self.define_from_variant(OPTION, '{v}'))")
    if not {"mpi", "openmp"} <= variants:
        problems.append(f"{spack}: variants {sorted(variants)} (expected mpi and openmp)")

    for p in problems:
        print(p)
    print(f"check_recipes: {len(problems)} problem(s); {len(options)} CMake options, Spack variants {sorted(variants)}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit("usage: check_recipes.py PREFIX CMakeLists.txt package.py EASYCONFIG...")
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
