#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""mutate.py: a mutation run over the mutants of tests/mutants.txt.

Each mutant replaces one exact snippet of one source file (found exactly once, or the mutant is
STALE) in a scratch copy of the source tree (build-mutate/src, never the developer's files), then
rebuilds incrementally (one build folder, build-mutate/src/build, reused from mutant to mutant and
from run to run) and runs the tests the mutant names (ctest -R, default: the whole suite; the run
stops at the first failing test). A mutant is

  killed       a test failed (the first one is shown), or a _Static_assert refused to compile it
  survived     every test passed: the suite would not notice this mistake
  build-error  the mutated source does not compile (-Werror): the mutant needs rewriting
  timeout      the tests took longer than --timeout seconds (counted as killed: a hang is noticed)
  skipped      it needs the MPI build (needs: mpi) and --mpi was not given
  STALE        its original snippet is not in the file exactly once: the list needs updating

Exit status 0 when no mutant survives (except those marked `equivalent:`) and none is STALE or a
build error; 1 otherwise; 2 on a usage or setup error.

  tools/mutate.py                       every mutant
  tools/mutate.py --only stats          mutants whose label contains "stats"
  tools/mutate.py --list                the mutants, with STALE ones flagged, without building
  tools/mutate.py --mpi                 also the MPI build's -L mpi tests (build-mutate/src/build-mpi)
  tools/mutate.py --jobs 2 --timeout 600 --tests-label unit

Standard library only.
"""
import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Mutant:
    def __init__(self, label, line):
        self.label = label
        self.line = line  # line of the list where the block starts
        self.file = None
        self.old = None
        self.new = None
        self.tests = None
        self.equivalent = None
        self.needs = None

    def check(self, root):
        """None when the mutant applies, else the reason it is STALE."""
        path = os.path.join(root, self.file)
        if not os.path.isfile(path):
            return "no file %s" % self.file
        with open(path, encoding="utf-8") as f:
            n = f.read().count(self.old)
        if n != 1:
            return "original snippet found %d times in %s (expected exactly once)" % (n, self.file)
        return None


def unescape(s):
    # \n for a newline inside a snippet, \\ for a backslash; nothing else is special.
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "n\\":
            out.append("\n" if s[i + 1] == "n" else "\\")
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def parse(path):
    """The mutants of the list file; exits with status 2 on a malformed list."""
    mutants, cur, errors = [], None, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\[([A-Za-z0-9_.:/-]+)\]$", line.strip())
        if m:
            cur = Mutant(m.group(1), no)
            mutants.append(cur)
            continue
        m = re.match(r"^(file|old|new|tests|needs|equivalent):(?: (.*))?$", line)
        if not m or cur is None:
            errors.append("%s:%d: expected [label] or 'file:', 'old:', 'new:', 'tests:', 'needs:', 'equivalent:'" % (path, no))
            continue
        key, val = m.group(1), m.group(2) or ""
        if getattr(cur, key) is not None:
            errors.append("%s:%d: %s given twice in [%s]" % (path, no, key, cur.label))
        setattr(cur, key, unescape(val) if key in ("old", "new") else val.strip())
    seen = set()
    for mu in mutants:
        if mu.label in seen:
            errors.append("%s:%d: label [%s] used twice" % (path, mu.line, mu.label))
        seen.add(mu.label)
        for key in ("file", "old", "new"):
            if getattr(mu, key) is None:
                errors.append("%s:%d: [%s] has no '%s:'" % (path, mu.line, mu.label, key))
        if mu.needs not in (None, "mpi"):
            errors.append("%s:%d: [%s] needs: only 'mpi' is known" % (path, mu.line, mu.label))
        if mu.old is not None and mu.old == mu.new:
            errors.append("%s:%d: [%s] replaces its snippet by itself" % (path, mu.line, mu.label))
    if errors:
        sys.exit("\n".join(errors))
    return mutants


def source_files(root):
    """The files of the developer's tree that the copy mirrors: tracked and untracked, not ignored."""
    p = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"], capture_output=True)
    if p.returncode == 0:
        return [f for f in p.stdout.decode().split("\0") if f and os.path.isfile(os.path.join(root, f))]
    files = []  # not a git tree (e.g. an exported archive): every file outside build*/ and .git
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel == ".":
            dirnames[:] = [x for x in dirnames if not x.startswith("build") and x != ".git"]
        files += [os.path.normpath(os.path.join(rel, fn)) for fn in filenames]
    return files


def sync(root, dst):
    """Copy the developer's tree into dst, rewriting only the files that differ (so a reused build
    folder rebuilds incrementally) and removing the files that are gone."""
    files = source_files(root)
    keep = set(files)
    for p in files:
        s, d = os.path.join(root, p), os.path.join(dst, p)
        if os.path.isfile(d) and filecmp.cmp(s, d, shallow=False):
            continue
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(s, d)
        os.utime(d)  # newer than any object built from the former copy
    for dirpath, dirnames, filenames in os.walk(dst):
        rel = os.path.relpath(dirpath, dst)
        if rel == ".":
            dirnames[:] = [x for x in dirnames if not x.startswith("build")]
        for fn in filenames:
            p = os.path.normpath(os.path.join(rel, fn))
            if p not in keep:
                os.remove(os.path.join(dirpath, fn))


def run(cmd, cwd, timeout=None):
    """(returncode or None on timeout, combined output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as ex:
        return None, (ex.stdout or b"").decode(errors="replace")


def configure(src, build, mpi):
    if os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        return True
    cmd = ["cmake", "-S", src, "-B", build, "-DCMAKE_BUILD_TYPE=Release"] + (["-DTZSIM_MPI=ON"] if mpi else [])
    rc, out = run(cmd, src)
    if rc != 0:
        sys.stderr.write(out)
    return rc == 0


def build(build_dir, jobs):
    rc, out = run(["cmake", "--build", build_dir, "-j%d" % jobs], build_dir)
    return rc == 0, out


def first_failure(out):
    m = re.search(r"Test +#\d+: (\S+) \.*\**(Failed|Exception|Timeout|Not Run|SEGFAULT|Subprocess aborted|Child aborted)",
                  out)
    if m:
        return m.group(1)
    m = re.search(r"The following tests FAILED:\s*\n\s*\d+ - (\S+)", out)
    return m.group(1) if m else "?"


def ctest(build_dir, regex, label, timeout, env):
    """('pass' | 'fail' | 'timeout', first failing test, seconds)."""
    cmd = ["ctest", "--test-dir", build_dir, "--stop-on-failure", "--timeout", str(timeout)]
    if regex:
        cmd += ["-R", regex]
    if label:
        cmd += ["-L", label]
    t0 = time.time()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout + 60, env=env)
    except subprocess.TimeoutExpired:
        return "timeout", "(ctest)", time.time() - t0
    out = p.stdout.decode(errors="replace")
    dt = time.time() - t0
    if p.returncode == 0:
        if re.search(r"No tests were found", out):
            return "fail", "(no test matched %s)" % (regex or label), dt
        return "pass", "", dt
    name = first_failure(out)
    if re.search(re.escape(name) + r" \.*\**Timeout", out):
        return "timeout", name, dt
    return "fail", name, dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list-file", default=os.path.join(ROOT, "tests", "mutants.txt"), help="the mutant list")
    ap.add_argument("--only", action="append", default=[], help="mutants whose label contains this (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="build jobs (default 2)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per mutant for its tests (default 600)")
    ap.add_argument("--tests-label", default=None, help="ctest -L for every mutant (e.g. unit)")
    ap.add_argument("--list", action="store_true", help="list the mutants and whether they apply, then stop")
    ap.add_argument("--mpi", action="store_true", help="also run the MPI build's -L mpi tests")
    ap.add_argument("--scratch", default=os.path.join(ROOT, "build-mutate"), help="scratch folder (default build-mutate)")
    a = ap.parse_args()

    mutants = parse(a.list_file)
    if a.only:
        mutants = [m for m in mutants if any(o in m.label for o in a.only)]
    if not mutants:
        sys.exit("no mutant selected")

    if a.list:
        stale = 0
        for m in mutants:
            why = m.check(ROOT)
            stale += why is not None
            flag = "STALE: " + why if why else ("equivalent: " + m.equivalent if m.equivalent else "")
            print("%-28s %-22s %-28s %s" % (m.label, m.file, m.tests or "(all)", flag))
        print("%d mutants, %d stale" % (len(mutants), stale))
        return 1 if stale else 0

    src = os.path.join(os.path.abspath(a.scratch), "src")  # cmake and ctest run from inside it
    os.makedirs(src, exist_ok=True)
    sync(ROOT, src)
    builds = [os.path.join(src, "build")] + ([os.path.join(src, "build-mpi")] if a.mpi else [])
    for i, b in enumerate(builds):
        if not configure(src, b, i == 1):
            sys.exit(2)
        ok, out = build(b, a.jobs)
        if not ok:
            sys.stderr.write(out)
            sys.exit("the unmutated copy does not build: fix the tree first")
    env = dict(os.environ)
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")

    rows, t_start = [], time.time()
    print("%-28s %-12s %7s  %s" % ("mutant", "result", "seconds", "first failing test / note"), flush=True)
    for m in mutants:
        t0 = time.time()
        why = m.check(src)
        if why:
            rows.append((m, "STALE", 0.0, why))
            print("%-28s %-12s %7.0f  %s" % (m.label, "STALE", 0, why), flush=True)
            continue
        if m.needs == "mpi" and not a.mpi:
            rows.append((m, "skipped", 0.0, "needs --mpi"))
            print("%-28s %-12s %7.0f  %s" % (m.label, "skipped", 0, "needs --mpi"), flush=True)
            continue
        path = os.path.join(src, m.file)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m.old, m.new, 1))
            result, note = None, ""
            for i, b in enumerate(builds):
                ok, out = build(b, a.jobs)
                if not ok:
                    # A static assertion of a test refusing the mutant is a kill, at compile time.
                    sa = re.search(r"([\w./-]+):\d+:\d+: error: static assertion failed: (.*)", out)
                    if sa:
                        result, note = "killed", "%s: static assert %s" % (os.path.basename(sa.group(1)), sa.group(2)[:60])
                        break
                    err = re.search(r"error: .*", out)
                    result, note = "build-error", err.group(0)[:80] if err else ""
                    break
                if i == 0:
                    st, name, _ = ctest(b, m.tests, a.tests_label, a.timeout, env)
                else:
                    st, name, _ = ctest(b, None, "mpi", a.timeout, env)
                if st != "pass":
                    result, note = ("killed" if st == "fail" else "timeout"), name
                    break
            if result is None:
                result = "equivalent" if m.equivalent else "survived"
                note = m.equivalent or ""
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
            os.utime(path)
        dt = time.time() - t0
        rows.append((m, result, dt, note))
        print("%-28s %-12s %7.0f  %s" % (m.label, result, dt, note), flush=True)
    for b in builds:  # leave the copy built from the unmutated sources
        build(b, a.jobs)

    count = {}
    for _, r, _, _ in rows:
        count[r] = count.get(r, 0) + 1
    scored = [r for r in rows if r[1] in ("killed", "timeout", "survived")]
    killed = sum(1 for r in scored if r[1] != "survived")
    print("\n%d mutants: %s" % (len(rows), ", ".join("%d %s" % (v, k) for k, v in sorted(count.items()))))
    if scored:
        print("kill rate %d/%d = %.0f %% (equivalent, stale and build errors excluded), %.0f s in all, %.0f s per mutant"
              % (killed, len(scored), 100.0 * killed / len(scored), time.time() - t_start,
                 (time.time() - t_start) / len(rows)))
    bad = [r for r in rows if r[1] in ("survived", "STALE", "build-error")]
    for m, r, _, note in bad:
        print("  %s: %s (%s:%d)%s" % (r, m.label, os.path.relpath(a.list_file, ROOT), m.line, " " + note if note else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
