#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Before/after timing of two builds, run alternately on the same machine in one session (the
only comparison this project trusts on shared, noisy machines): for each case, A and B take turns
`--repeat` times; the script prints each wall time, the medians and the ratio B/A of the medians.

A case is a command line with the placeholder {build} for the build folder, e.g.
  "mpirun -n 2 {build}/balnet run inputs/reference/A3-brunel-full.ini --output.file=/tmp/x.h5 --overwrite"
  "mpirun -n 2 {build}/tools/bench/bench_lif"
A figure printed by the command can be taken instead of the wall time with --figure REGEX (the
first group of the first match, e.g. "simulation ([0-9.]+) s").

usage: ab_compare.py --a OLD_BUILD --b NEW_BUILD [--repeat 3] [--figure REGEX] CASE [CASE ...]
"""
import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def once(case, build, figure):
    cmd = shlex.split(case.replace("{build}", build))
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed (rc {p.returncode}): {' '.join(cmd)}\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    if not figure:
        return wall
    m = re.search(figure, p.stdout + p.stderr)
    if not m:
        sys.exit(f"no match of {figure!r} in the output of {' '.join(cmd)}")
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", required=True, help="build folder before")
    ap.add_argument("--b", required=True, help="build folder after")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--figure", default=None)
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    for case in a.cases:
        times = {"A": [], "B": []}
        for _ in range(a.repeat):
            for name, build in (("A", a.a), ("B", a.b)):
                times[name].append(once(case, build, a.figure))
        ma, mb = statistics.median(times["A"]), statistics.median(times["B"])
        print(case)
        for name in "AB":
            print(f"  {name}: " + " ".join(f"{t:.3f}" for t in times[name]) + f"  median {statistics.median(times[name]):.3f}")
        print(f"  B/A = {mb / ma:.3f}", flush=True)


if __name__ == "__main__":
    main()
