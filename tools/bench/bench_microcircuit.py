#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The Potjans & Diesmann (2014) microcircuit as a benchmark (issue 17): balnet builds and simulates
inputs/examples/microcircuit.ini at a scale (default: full, 77 169 neurons and 3.0e8 synapses) for
T ms of biological time at each rank count, `--reps` times alternating the rank counts, and prints
per rank count the medians of:

  build     s   the network build (/timing/profile/build, slowest rank)
  sim       s   the simulation after the build (update + exchange + record, slowest rank)
  rtf           the real-time factor sim / T
  B/syn         bytes of connectivity per synapse (/network/bytes_per_synapse)
  peak MiB      the largest resident set of one rank, and of all ranks together
  events/s      synaptic events per second of simulation (spikes x out-degree, from the report)

with the CPU model, the date and the command lines, so that a figure can be traced and redone.

usage: bench_microcircuit.py --balnet build/balnet [--ranks 1 2] [--scale 1] [--T 1000] [--reps 1]
                             [--work /tmp/balnet_mc] [--mpiexec mpiexec]
(/usr/bin/python3: needs h5py)
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess

import h5py
import numpy as np

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXAMPLE = os.path.join(SRC, "inputs", "examples", "microcircuit.ini")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_once(a, ranks, out):
    cmd = [a.mpiexec, "-n", str(ranks)] + (["--oversubscribe"] if ranks > 2 else []) + [
        a.balnet, "run", EXAMPLE, f"--lif.scale={a.scale}", f"--lif.k_scale={a.scale}", f"--lif.T={a.T}",
        "--lif.warmup=0", "--lif_analysis.n_record=0", f"--output.file={out}", "--overwrite"]
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    with h5py.File(out, "r") as f:
        prof = {k: f["timing/profile/" + k][()] for k in f["timing/profile"]}
        sim = float(np.max(prof["update"] + prof["exchange"] + prof["record"]))
        n_syn = float(f["network"].attrs["n_synapses"])
        n = float(sum(f["network"].attrs["population_sizes"]))
        spikes = sum(len(f[f"spikes/{p}/node_ids"]) for p in f["spikes"])
        return {"build": float(prof["build"][2]), "sim": sim, "rtf": sim / (a.T * 1e-3),
                "B/syn": float(f["network/bytes_per_synapse"][()]), "peak": float(f["timing/peak_memory_max"][()]),
                "peak_all": float(f["timing/peak_memory_max"][()]) * ranks,
                "events/s": spikes * (n_syn / n) / sim, "cmd": " ".join(cmd)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--scale", type=float, default=1.0, help="lif.scale = lif.k_scale")
    ap.add_argument("--T", type=float, default=1000.0, help="ms of biological time")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--work", default="/tmp/balnet_mc")
    ap.add_argument("--mpiexec", default="mpiexec")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    print(f"# microcircuit benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"CPU: {cpu_model()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    results = {r: [] for r in a.ranks}
    for rep in range(a.reps):
        for r in a.ranks:  # alternating: every rank count sees the same drift of the machine
            results[r].append(run_once(a, r, os.path.join(a.work, f"mc-np{r}.h5")))
    keys = ["build", "sim", "rtf", "B/syn", "peak", "peak_all", "events/s"]
    print(f"# scale {a.scale}, T = {a.T} ms, {a.reps} rep(s), medians")
    print("ranks " + " ".join(f"{k:>12}" for k in keys))
    for r in a.ranks:
        med = {k: statistics.median(x[k] for x in results[r]) for k in keys}
        print(f"{r:5d} " + " ".join(f"{med[k]:12.4g}" for k in keys))
    for r in a.ranks:
        print(f"# np {r}: {results[r][0]['cmd']}")
    print(f"# load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
