#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Peak memory per rank against run length: the spikes are streamed into the output file and
the observers drop their per-step data at every flush, so a longer run should not hold more.

For each duration T it prints `balnet describe`'s estimate (the largest rank's) and the measured
peak (VmHWM, max over ranks, /timing/peak_memory_max) of a real run, then the ratio of each peak
to the first. Durations given with --estimate-only are described, not run (a 1000 s run of a
large network takes hours here).

usage: memory_vs_duration.py --balnet build/balnet --config inputs/reference/A3-brunel-full.ini
           --np 2 --T 1000 10000 100000 [--estimate-only 1000000] [--set lif.n_e=80000 ...]
           [--work DIR]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import h5py

ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def launch(a, args):
    cmd = [a.mpiexec, "-np", str(a.np), "--oversubscribe", a.balnet, *args]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)


def overrides(a, T, out):
    warm = float(a.warmup)
    return [a.config, f"--lif.T={T + warm:g}", f"--lif.warmup={warm:g}", f"--output.file={out}",
            *[f"--{s}" for s in a.set]]


def estimate_mib(a, T, out):
    p = launch(a, ["describe", *overrides(a, T, out)])
    if p.returncode != 0:
        sys.exit(f"describe failed (rc {p.returncode}):\n{p.stdout[-2000:]}")
    found = [float(m) for m in re.findall(r"peak memory estimate ([0-9.]+) MiB", p.stdout)]
    gib = [float(m) * 1024 for m in re.findall(r"peak memory estimate ([0-9.]+) GiB", p.stdout)]
    return max(found + gib)


def measured_mib(a, T, out):
    t = time.time()
    p = launch(a, ["run", *overrides(a, T, out), "--overwrite"])
    wall = time.time() - t
    if p.returncode != 0:
        sys.exit(f"run failed (rc {p.returncode}):\n{p.stdout[-2000:]}")
    with h5py.File(out, "r") as f:
        return float(f["timing/peak_memory_max"][()]), wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--config", required=True)
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--T", type=float, nargs="+", required=True, help="analysed durations [ms], run")
    ap.add_argument("--estimate-only", type=float, nargs="*", default=[], help="durations [ms], described only")
    ap.add_argument("--warmup", type=float, default=200.0, help="lif.warmup [ms], added to each T")
    ap.add_argument("--set", nargs="*", default=[], help="further overrides, section.key=value")
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="balnet-mem-")
    os.makedirs(work, exist_ok=True)
    print(f"{a.config} {' '.join(a.set)}, {a.np} ranks")
    print(f"{'T [s]':>10} {'estimate [MiB]':>15} {'measured [MiB]':>15} {'vs first':>9} {'wall [s]':>9}")
    first = None
    for T in sorted(a.T) + sorted(a.estimate_only):
        out = os.path.join(work, f"T{T:g}.h5")
        est = estimate_mib(a, T, out)
        if T in a.estimate_only:
            print(f"{T / 1000:10.4g} {est:15.1f} {'(not run)':>15}")
            continue
        peak, wall = measured_mib(a, T, out)
        first = first or peak
        print(f"{T / 1000:10.4g} {est:15.1f} {peak:15.1f} {peak / first:9.3f} {wall:9.1f}", flush=True)
        os.remove(out)


if __name__ == "__main__":
    main()
