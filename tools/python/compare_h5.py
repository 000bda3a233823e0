#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bitwise comparison of balnet run files, and of two balnet binaries on the same configs.

  compare_h5.py files A.h5 B.h5
      every dataset of A and B (outside /timing) equal bit for bit (dtype, shape, bytes), and
      every attribute equal, except the run's provenance (root attributes such as the start
      time, hosts, git sha, command line) and the output paths in /config; exit 1 on a difference.

  compare_h5.py binaries --old OLD --new NEW [--np 1 2] [--work DIR] [--mpiexec M]
                         [--set KEY=VALUE ...] CONFIG.ini [CONFIG.ini ...]
      runs each config with each binary at each rank count (the --set overrides, e.g. a short
      run.T, passed to both) and compares the two files of each (config, np) pair as above: what
      a change that must keep the output bits (a refactor of the network sampler) is checked with.

Example (the rate references at np 1 and 2, old binary of the main checkout against this build):
  /usr/bin/python3 tools/python/compare_h5.py binaries --old ../main/build/balnet --new build/balnet \\
      inputs/reference/C1-hv-N=K=500.ini inputs/reference/C3-lv-N=K=1135.ini --set run.T=50
"""
import argparse
import os
import subprocess
import sys

import h5py
import numpy as np

# Root attributes that describe the run rather than its results.
PROVENANCE = {"balnet_version", "boost_version", "command_line", "git_sha", "git_tree_modified", "hdf5_version",
              "hosts", "mpi_library", "petsc_version", "start_time_utc"}
SKIP_GROUPS = ("timing",)
SKIP_CONFIG = {"output.file", "checkpoint.file", "ini"}  # paths derived from the output file


def items(f):
    """{name: (kind, value)} of every dataset and attribute that the comparison covers."""
    out = {}

    def visit(name, obj):
        if name.split("/")[0] in SKIP_GROUPS:
            return
        if isinstance(obj, h5py.Dataset):
            out[name] = ("dataset", obj[()])
        for k, v in obj.attrs.items():
            if name == "config" and k in SKIP_CONFIG:
                continue
            out[name + "@" + k] = ("attribute", v)

    f.visititems(visit)
    for k, v in f.attrs.items():
        if k not in PROVENANCE:
            out["@" + k] = ("attribute", v)
    return out


def same(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind in "OSU" or y.dtype.kind in "OSU":
        return x.shape == y.shape and np.array_equal(x, y)
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def compare_files(a, b):
    """The names that differ (or exist in one file only) between run files a and b."""
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        ia, ib = items(fa), items(fb)
    diff = sorted(set(ia) ^ set(ib))
    diff += [k for k in sorted(set(ia) & set(ib)) if not same(ia[k][1], ib[k][1])]
    return diff, len(ia)


def run(binary, mpiexec, np_, ini, out, sets):
    cmd = [mpiexec, "-n", str(np_), binary, "run", "--overwrite", ini, "--output.file=" + out]
    cmd += ["--" + s for s in sets]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}{p.stderr}")


def binaries(a):
    os.makedirs(a.work, exist_ok=True)
    bad = 0
    for ini in a.configs:
        stem = os.path.splitext(os.path.basename(ini))[0]
        for np_ in a.np:
            files = []
            for tag, binary in (("old", a.old), ("new", a.new)):
                files.append(os.path.join(a.work, f"{stem}.np{np_}.{tag}.h5"))
                run(binary, a.mpiexec, np_, ini, files[-1], a.set)
            diff, n = compare_files(*files)
            print(f"{'SAME' if not diff else 'DIFF'}  {stem}  np {np_}  ({n} items)" + ("" if not diff else
                  "  differ: " + ", ".join(diff[:12]) + (" ..." if len(diff) > 12 else "")), flush=True)
            bad += bool(diff)
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    f = sub.add_parser("files")
    f.add_argument("a")
    f.add_argument("b")
    b = sub.add_parser("binaries")
    b.add_argument("--old", required=True)
    b.add_argument("--new", required=True)
    b.add_argument("--np", type=int, nargs="+", default=[1, 2])
    b.add_argument("--work", default="compare_h5_work")
    b.add_argument("--mpiexec", default="mpiexec")
    b.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    b.add_argument("configs", nargs="+")
    a = p.parse_args()
    if a.mode == "files":
        diff, n = compare_files(a.a, a.b)
        print(("same" if not diff else "differ: " + ", ".join(diff)) + f" ({n} items)")
        return 1 if diff else 0
    return binaries(a)


if __name__ == "__main__":
    sys.exit(main())
