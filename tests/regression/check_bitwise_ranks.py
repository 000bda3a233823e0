# SPDX-License-Identifier: BSD-3-Clause
"""Every dataset and every attribute of a run file is the same bits at 1, 2, 3 and 4 ranks.

One small rate network (E/I, two populations: the per-population reductions), one LIF network
(Brunel's model A, with V and current traces, chi, rho_EI, pair correlations, spectra) and one SCN network
(E/I currents and a random knock-out) run at np = 1 .. --np with the same seed. Each file is
compared with the np 1 file object by object: the same groups, datasets and attributes, and
every dataset's and attribute's dtype, shape and bytes (numpy .tobytes(); NaN equals NaN, -0
differs from 0). Every difference is printed by path. Every run writes the same relative file name in a
directory of its own (np1/, np2/, ...), so that /config (output.file, checkpoint.file, the
resolved ini) is compared too. Excluded, and only these:
  EXCLUDED_GROUPS  /timing (wall times, the profile of phases, peak memory per rank);
  EXCLUDED_ATTRS   the provenance attributes of / (command line, rank count, version, git sha);
  EXCLUDED_DATASETS /network/bytes_per_synapse (the memory of the stored coupling: each rank's
                   block of rows is padded to whole slices, so it depends on the partition).
run.integrator = ts (PETSc's adaptive stepping) is the documented exception to the contract and
is not run here.

usage: check_bitwise_ranks.py --balnet B --mpiexec M --np 4 --work DIR [--models rate,lif,scn]
"""
import os
import subprocess
import sys

import h5py
import numpy as np

from regtest import check, command, parser, summary

EXCLUDED_GROUPS = ("/timing",)
EXCLUDED_ATTRS = {"/": {"command_line", "n_ranks", "balnet_version", "git_sha", "git_tree_modified", "start_time_utc",
                         "hosts", "mpi_library", "petsc_version", "hdf5_version", "boost_version"}}
EXCLUDED_DATASETS = {"/network/bytes_per_synapse"}

CONFIGS = {
    "rate": """
[run]
model = rate
seed = 3
T = 12
warmup = 1
dt = 0.02
[network]
type = ei
N = 301
K = 60
[weights]
distribution = gamma
nu = 0.5
[record]
units = 90
ncorr = 4
[output]
trace_units = 15
trace_dt = 0.2
""",
    "lif": """
[run]
model = lif
seed = 5
[lif]
n_e = 401
n_i = 100
c_e = 80
c_i = 20
j = 0.2
g = 5
eta = 2
delay = 1.5
dt = 0.1
T = 400
warmup = 100
[lif_analysis]
n_record = 61
n_pairs = 50
rate_bin = 5
[lif_output]
v_traces = 11
v_trace_dt = 0.5
current_traces = true
""",
    "scn": """
[run]
model = scn
seed = 7
[scn]
N = 61
dim = 2
dt = 0.1
T = 400
warmup = 50
lambda = 0.05
mu = 0.001
gamma = 0.1
[scn_signal]
target = circle
radius = 1
frequency = 2
[scn_knockout]
kind = random
time = 250
fraction = 0.3
skip = 20
[scn_output]
current_traces = 7
""",
}


def excluded(path):
    return any(path == g or path.startswith(g + "/") for g in EXCLUDED_GROUPS)


def as_array(value):
    """An attribute's value as a numpy array (strings as bytes, so that str and bytes agree)."""
    if isinstance(value, str):
        value = value.encode()
    return np.asarray(value)


def same(a, b):
    a, b = as_array(a), as_array(b)
    if a.dtype.kind in "OSU" or b.dtype.kind in "OSU":  # strings: compare the values
        return a.shape == b.shape and [as_array(x).tobytes() for x in a.ravel()] == \
            [as_array(x).tobytes() for x in b.ravel()]
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def inventory(f):
    """{path: ("group" | "dataset", object)} of every object of an open file, /timing excluded."""
    objects = {"/": ("group", f)}

    def visit(name, obj):
        path = "/" + name
        if not excluded(path):
            objects[path] = ("dataset" if isinstance(obj, h5py.Dataset) else "group", obj)
    f.visititems(visit)
    return objects


def compare(ref_path, other_path):
    """The list of differences between two run files, one line each."""
    diffs = []
    with h5py.File(ref_path, "r") as fa, h5py.File(other_path, "r") as fb:
        a, b = inventory(fa), inventory(fb)
        for path in sorted(set(a) ^ set(b)):
            diffs.append(f"{path}: only in {'the np 1 file' if path in a else 'this file'}")
        n_datasets = n_attrs = 0
        for path in sorted(set(a) & set(b)):
            (kind_a, oa), (kind_b, ob) = a[path], b[path]
            if kind_a != kind_b:
                diffs.append(f"{path}: a {kind_a} vs a {kind_b}")
                continue
            if kind_a == "dataset" and path not in EXCLUDED_DATASETS:
                n_datasets += 1
                if not same(oa[()], ob[()]):
                    diffs.append(f"{path}: dataset differs ({describe(oa[()], ob[()])})")
            skip = EXCLUDED_ATTRS.get(path, set())
            keys_a, keys_b = set(oa.attrs) - skip, set(ob.attrs) - skip
            for k in sorted(keys_a ^ keys_b):
                diffs.append(f"{path}@{k}: attribute only in {'the np 1 file' if k in keys_a else 'this file'}")
            for k in sorted(keys_a & keys_b):
                n_attrs += 1
                if not same(oa.attrs[k], ob.attrs[k]):
                    diffs.append(f"{path}@{k}: attribute differs ({describe(oa.attrs[k], ob.attrs[k])})")
    return diffs, n_datasets, n_attrs


def describe(x, y):
    x, y = as_array(x), as_array(y)
    if x.dtype.kind == "f" and y.dtype.kind == "f" and x.shape == y.shape:
        d = np.abs(x.astype(float) - y.astype(float))
        d = d[np.isfinite(d)]
        return f"max |difference| {d.max() if d.size else float('nan'):.3g}"
    return f"{x.dtype}{x.shape} vs {y.dtype}{y.shape}"


def arguments():
    """The command line (--np 4 by default, --models), the MPI environment of oversubscribed runs
    as root, and the work directory made."""
    os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    os.environ.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    os.environ.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
    ap = parser(np_default=4)
    ap.add_argument("--models", default="rate,lif,scn", help="comma-separated subset of rate,lif,scn")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    return a


def write_config(a, model):
    """CONFIGS[model] as <work>/<model>.ini; returns its path."""
    ini = os.path.join(a.work, model + ".ini")
    with open(ini, "w") as f:
        f.write(CONFIGS[model])
    return ini


def main():
    a = arguments()
    for model in a.models.split(","):
        ini = write_config(a, model)
        files = {}
        for np_ in range(1, a.np + 1):
            d = os.path.join(a.work, f"np{np_}")
            os.makedirs(d, exist_ok=True)
            files[np_] = os.path.join(d, model + ".h5")
            for stale in (files[np_], os.path.join(d, model + ".ckpt.h5")):
                if os.path.exists(stale):
                    os.remove(stale)
            cmd = command(a, ["run", ini, "--output.file=" + model + ".h5"], np_)
            print("+ (in " + d + ")", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True, cwd=d)
        for np_ in range(2, a.np + 1):
            diffs, n_datasets, n_attrs = compare(files[1], files[np_])
            for d in diffs:
                print(f"  {model} np {np_}: {d}")
            check(f"{model}: np {np_} bitwise equal to np 1", not diffs,
                  f"{n_datasets} datasets and {n_attrs} attributes compared, {len(diffs)} differ")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
