#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Provenance of a run file, for every model alike, against what the machine itself says: the
commit (git rev-parse HEAD of the sources) and whether tracked files differ from it (git status),
the start time (within this script's run), the host (socket.gethostname), and the library
versions: HDF5 (h5py's), PETSc (pkg-config), Boost (boost/version.hpp), MPI (mpiexec --version).

usage: check_provenance.py --balnet B --mpiexec M --np N --work DIR
"""
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys

import h5py

import regtest
from regtest import check

EXAMPLES = os.path.join(regtest.SRC, "inputs", "examples")
RUNS = {
    "rate": ["sparse-balance-N=K=500-T=200.ini", "--run.T=50"],
    "lif": ["brunel-AI-small.ini", "--lif.T=250", "--lif.warmup=50"],
    "scn": ["scn-2d-tracking-N=100.ini", "--scn.T=100", "--scn.warmup=10"],
}
KEYS = ["balnet_version", "git_sha", "git_tree_modified", "command_line", "n_ranks", "model",
        "start_time_utc", "hosts", "mpi_library", "petsc_version", "hdf5_version", "boost_version"]


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def git(*args):
    # .git is a file, not a directory, in a git worktree.
    if not shutil.which("git") or not os.path.exists(os.path.join(regtest.SRC, ".git")):
        return None
    p = subprocess.run(["git", "-C", regtest.SRC, *args], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def expected_libraries(a):
    out = {"hdf5_version": h5py.version.hdf5_version}
    p = subprocess.run(["pkg-config", "--modversion", "PETSc"], capture_output=True, text=True)
    if p.returncode == 0:
        out["petsc_version"] = p.stdout.strip()
    m = re.search(r'#define BOOST_LIB_VERSION "([0-9_]+)"', open("/usr/include/boost/version.hpp").read()) \
        if os.path.exists("/usr/include/boost/version.hpp") else None
    if m:
        out["boost_version"] = m.group(1)
    return out


def main():
    a = regtest.arguments(np_default=2)
    started = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(seconds=2)
    head = git("rev-parse", "--short=12", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    libraries = expected_libraries(a)
    p = subprocess.run([a.mpiexec, "--version"], capture_output=True, text=True)
    mpi = re.search(r"([0-9]+\.[0-9]+\.[0-9]+)", p.stdout + p.stderr)
    for model, (ini, *over) in RUNS.items():
        out = os.path.join(a.work, f"{model}.h5")
        r = regtest.sh(regtest.command(a, ["run", os.path.join(EXAMPLES, ini), f"--output.file={out}", *over], a.np))
        check(f"{model}: run", r.returncode == 0, f"rc {r.returncode}")
        if r.returncode != 0:
            continue
        with h5py.File(out, "r") as f:
            attrs = {k: text(v) for k, v in f.attrs.items()}
        missing = [k for k in KEYS if k not in attrs]
        check(f"{model}: every provenance attribute", not missing, f"missing {missing}")
        if missing:
            continue
        check(f"{model}: model and ranks", attrs["model"] == model and attrs["n_ranks"] == str(a.np))
        built_before_head = head is not None and os.path.getmtime(a.balnet) < int(git("log", "-1", "--format=%ct") or 0)
        if built_before_head:  # a commit after the build (ctest does not rebuild): nothing to compare
            print(f"SKIP {model}: git checks: {a.balnet} is older than the commit at HEAD; rebuild to check them")
        elif head is not None:
            check(f"{model}: git_sha is the sources' HEAD", attrs["git_sha"] == head, f"{attrs['git_sha']} vs {head}")
            check(f"{model}: git_tree_modified as git status says", attrs["git_tree_modified"] == ("true" if status else "false"),
                  f"{attrs['git_tree_modified']}, {len(status.splitlines()) if status else 0} modified files")
        else:
            check(f"{model}: no git: sha unknown", attrs["git_sha"] == "unknown", attrs["git_sha"])
        t = datetime.datetime.strptime(attrs["start_time_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        now = datetime.datetime.now(datetime.timezone.utc)
        check(f"{model}: start time during this test", started <= t <= now, f"{t} in [{started}, {now}]")
        check(f"{model}: host", attrs["hosts"] == socket.gethostname(), f"{attrs['hosts']} vs {socket.gethostname()}")
        for k, v in libraries.items():
            check(f"{model}: {k}", attrs[k] == v, f"{attrs[k]} vs {v}")
        if mpi:
            check(f"{model}: mpi_library", mpi.group(1) in attrs["mpi_library"], f"{attrs['mpi_library']} vs {mpi.group(1)}")
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
