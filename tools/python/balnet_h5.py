# SPDX-License-Identifier: BSD-3-Clause
"""Reader for balnet's HDF5 run files (layout: DESIGN.md §5, README "Output").

    from balnet_h5 import Run
    r = Run("out.h5")
    r.status, r.analysis["m"], r.curve("R_eta"), r.network_checksum, r.config["network.K"]
"""
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
            self.timing = {k: float(d[()]) for k, d in f["timing"].items()} if "timing" in f else {}

    def curve(self, name):
        return self.curves[name]

    def state(self, population, var):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["state"][population][var][()])
