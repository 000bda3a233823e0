# SPDX-License-Identifier: BSD-3-Clause
"""Reader for balnet's HDF5 run files (layout: DESIGN.md §5, README "Output").

    from balnet_h5 import Run
    r = Run("out.h5")
    r.status, r.analysis["m"], r.curve("R_eta"), r.network_checksum, r.config["network.K"]
    r.meanfield["static_gaussian"]["m"], r.meanfield["telegraph"]["state"], r.comparison
    r.param("network.K"), r.state("I", "x"), r.trace_time()

    from balnet_h5 import find_runs, read_aggregate_csv
    runs = [Run(p) for p in find_runs("scan-dir")]   # every complete run file below a folder
    table = read_aggregate_csv("scan-dir/aggregate.csv")  # {column: numpy array or list of str}
"""
import csv
import glob
import math
import os

import h5py
import numpy as np


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


class Run:
    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            self.attrs = {k: _text(v) if isinstance(v, (bytes, str)) else v for k, v in f.attrs.items()}
            self.status = _text(f.attrs.get("status", b"missing"))
            self.config = {k: _text(v) for k, v in f["config"].attrs.items()} if "config" in f else {}
            self.analysis = {}
            self.curves = {}
            if "analysis" in f:
                for k, d in f["analysis"].items():
                    if isinstance(d, h5py.Dataset):
                        if d.shape == ():
                            self.analysis[k] = float(d[()])
                        else:
                            self.curves[k] = np.asarray(d[()])
                self.populations = {p: {k: float(v[()]) for k, v in g.items()}
                                    for p, g in f["analysis/populations"].items()} \
                    if "analysis/populations" in f else {}
            self.network = dict(f["network"].attrs) if "network" in f else {}
            self.network_checksum = int(self.network.get("checksum", 0))
            self.network_values = {k: float(d[()]) for k, d in f["network"].items()
                                   if isinstance(d, h5py.Dataset)} if "network" in f else {}
            timing = f["timing"] if "timing" in f else {}
            self.timing = {k: float(d[()]) for k, d in timing.items() if isinstance(d, h5py.Dataset)}
            # /timing/profile/<phase> = [min, mean, max] seconds over ranks (--profile's table)
            self.profile = ({k: tuple(float(v) for v in d[()]) for k, d in timing["profile"].items()}
                            if "profile" in timing else {})
            self.meanfield, self.comparison = _read_meanfield(f)

    def curve(self, name):
        return self.curves[name]

    def param(self, key, default=None):
        """A configuration value as float when it is a number, else the string (or default)."""
        v = self.config.get(key)
        if v is None:
            return default
        try:
            return float(v)
        except ValueError:
            return v

    def populations_with_state(self):
        with h5py.File(self.path, "r") as f:
            return sorted(k for k, g in f["state"].items() if isinstance(g, h5py.Group)) \
                if "state" in f else []

    def trace_time(self):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["state/time"][()]) if "state/time" in f else np.zeros(0)

    def on_fraction(self):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["analysis/on_fraction"][()])

    def state(self, population, var):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["state"][population][var][()])


def _read_meanfield(f):
    """/meanfield/<closure>: attrs and scalars as one dict per closure (populations of an E-I
    run as "E.m", ...); /meanfield/comparison/<closure>: {observable: (simulated, predicted,
    relative_difference)}."""
    closures, comparison = {}, {}
    if "meanfield" not in f:
        return closures, comparison
    for name, g in f["meanfield"].items():
        if not isinstance(g, h5py.Group):
            continue
        if name == "comparison":
            for c, cg in g.items():
                names = [_text(n) for n in cg.attrs.get("observables", [])]
                rows = zip(cg["simulated"][()], cg["predicted"][()], cg["relative_difference"][()])
                comparison[c] = {n: tuple(float(v) for v in row) for n, row in zip(names, rows)}
            continue
        d = {k: _text(v) if isinstance(v, (bytes, str)) else v for k, v in g.attrs.items()}
        for k, v in g.items():
            if isinstance(v, h5py.Dataset) and v.shape == ():
                d[k] = float(v[()])
        if "populations" in g:
            for p, pg in g["populations"].items():
                for k, v in pg.items():
                    d[p + "." + k] = float(v[()])
        closures[name] = d
    return closures, comparison


def find_runs(directory, complete_only=True):
    """Every balnet run file (*.h5 with /analysis) below `directory`, sorted by path."""
    out = []
    for p in sorted(glob.glob(os.path.join(directory, "**", "*.h5"), recursive=True)):
        try:
            with h5py.File(p, "r") as f:
                ok = "analysis" in f and (not complete_only or _text(f.attrs.get("status", b"")) == "complete")
        except OSError:
            ok = False
        if ok:
            out.append(p)
    return out


def read_aggregate_csv(path):
    """`balnet aggregate`'s aggregate.csv as {column: values}; numeric columns as float arrays
    (empty cells NaN), text columns as lists of str."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    table = {}
    for j, name in enumerate(header):
        col = [r[j] if j < len(r) else "" for r in body]
        try:
            table[name] = np.array([float(v) if v != "" else math.nan for v in col])
        except ValueError:
            table[name] = col
    return table
