#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-floors.py: the folders are floors, and includes go down only.

  sim/     the model-agnostic engine         includes sim/
  models/  the TZCLD model                   includes sim/, models/
  plots/   figures and report of results     includes sim/, plots/
  app/     the program (main, options, commands, MPI driver)   includes any of them

and no circle of modules (a module is NAME.c with NAME.h: A uses B when A.c or A.h includes
B.h). One exception: plots/ may include models/metrics.def, the list of what a result holds
(a list of names, no code), which the model writes results from and plots/ reads them by. Prints each offending include as FILE:LINE and exits 1; exits 0 with a one-line summary.
"""
import os, re, sys

ALLOWED = {"sim": {"sim"}, "models": {"sim", "models"}, "plots": {"sim", "plots"},
           "app": {"sim", "models", "plots", "app"}}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"')

def main(root):
    bad, edges, files = [], {}, 0
    for floor in ALLOWED:
        d = os.path.join(root, floor)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            files += 1
            path = os.path.join(d, name)
            mod = f"{floor}/{name[:-2]}"
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target_floor, target = m.group(1), m.group(2)
                    if target_floor not in ALLOWED:
                        continue  # generated headers and the like
                    if (floor, target_floor, target) == ("plots", "models", "metrics.def"):
                        continue  # the result's list of metrics and figures: data, not code
                    if target_floor not in ALLOWED[floor]:
                        bad.append(f"{floor}/{name}:{n}: includes {target_floor}/{target} "
                                   f"(expected {floor}/ to include only {', '.join(sorted(ALLOWED[floor]))})")
                    dep = f"{target_floor}/{target[:-2]}" if target.endswith(".h") else None
                    if dep and dep != mod:
                        edges.setdefault(mod, set()).add(dep)
    # Circles: depth-first search, reporting each circle once by its smallest rotation.
    seen, circles = set(), set()
    def visit(node, stack, on_stack):
        for nxt in sorted(edges.get(node, ())):
            if nxt in on_stack:
                cyc = stack[stack.index(nxt):]
                k = cyc.index(min(cyc))
                circles.add(tuple(cyc[k:] + cyc[:k]))
            elif nxt not in seen:
                seen.add(nxt)
                visit(nxt, stack + [nxt], on_stack | {nxt})
    for start in sorted(edges):
        if start not in seen:
            seen.add(start)
            visit(start, [start], {start})
    for c in sorted(circles):
        bad.append("include circle: " + " -> ".join(c + (c[0],)) + " (expected modules that use each other one way)")
    for b in bad:
        print(b)
    if not bad:
        print(f"check-floors: {files} files, {sum(len(v) for v in edges.values())} module dependencies, "
              "every include goes down a floor or stays on it, no circle")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")))
