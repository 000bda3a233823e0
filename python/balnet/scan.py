# SPDX-License-Identifier: BSD-3-Clause
"""A parameter scan (or any set of run files) as one pandas DataFrame, and theory curves on a
fine parameter grid.

    from balnet import open_scan
    s = open_scan("runs/bp")                  # scan folder, its tasks/, aggregate.csv, or run files
    s.frame                                   # one row per run: parameters, analysis/..., meanfield/...
    s.varied                                  # ["lif.g", "lif.eta"]: the keys that differ (seed aside)
    s.simulated("rate", population="E")       # the column of an observable ("analysis/populations/E/rate")
    s.theory_columns("rate", population="E")  # {"siegert": "meanfield/siegert/E/rate"}
    s.theory_curve("lif.g", {"lif.eta": 2.0}) # theory on a fine grid of g, by `balnet mft`

Columns are those of `balnet aggregate`: the parameters (as numbers where they are numbers),
"analysis/<...>", "meanfield/<closure>/<...>", "timing/<...>", n_ranks; read from the run files
the frame also has "file" and every /config key. Only complete runs are read.
"""
import math
import os

import numpy as np

from .run import Run, find_runs
from .keys import key_info
from .mft import MftError, predict_many

__all__ = ["Scan", "open_scan", "scan_frame"]

# Configuration keys that never make runs differ in a way a plot should show.
_NOT_PARAMETERS = ("run.seed", "run.init_seed", "output.file", "checkpoint.file", "meanfield.file",
                   "meanfield.beta_from", "id", "file", "status", "n_ranks")


def _numeric(df):
    import pandas as pd
    for c in df.columns:
        if df[c].dtype == object:
            conv = pd.to_numeric(df[c], errors="coerce")
            if conv.notna().sum() == df[c].replace("", np.nan).notna().sum():
                df[c] = conv
    return df


class Scan:
    """Runs of a scan as a DataFrame (`frame`); see the module doc. `runs` maps the frame's index
    to Run objects when the frame was read from run files (needed for theory on a fine grid)."""

    def __init__(self, source):
        import pandas as pd
        self.source = source
        self.runs = {}
        paths = self._run_files(source)
        if paths:
            rows = []
            for i, p in enumerate(paths):
                r = Run(p)
                self.runs[i] = r
                row = {"file": p, "id": os.path.splitext(os.path.basename(p))[0], "status": r.status}
                row.update(r.config)
                row.update(r.scalars())
                rows.append(row)
            self.frame = _numeric(pd.DataFrame(rows))
            self.model = str(self.runs[0].model)
        elif source and str(source).endswith(".csv") or (os.path.isdir(str(source))
                                                          and os.path.exists(os.path.join(source, "aggregate.csv"))):
            csv = source if str(source).endswith(".csv") else os.path.join(source, "aggregate.csv")
            self.frame = _numeric(pd.read_csv(csv, keep_default_na=True, dtype=str))
            self.model = "lif" if any(c.startswith("meanfield/siegert") for c in self.frame.columns) or \
                any(c.startswith("analysis/populations/") and c.endswith("/rate") for c in self.frame.columns) else \
                ("scn" if "analysis/nrmse" in self.frame.columns else "rate")
        else:
            self.frame = pd.DataFrame()
            self.model = ""
        self.varied = self._varied()

    @staticmethod
    def _run_files(source):
        if isinstance(source, (list, tuple)):
            return [p for s in source for p in (find_runs(s) if os.path.isdir(s) else [s])]
        s = str(source)
        if os.path.isfile(s) and s.endswith(".h5"):
            return [s]
        if not os.path.isdir(s):
            return []
        tasks = os.path.join(s, "tasks")
        return find_runs(tasks if os.path.isdir(tasks) else s)

    def _varied(self):
        """Parameter columns with more than one value (seeds and file names aside), in the
        order tasks.csv lists them when there is one, else by name."""
        if self.frame.empty:
            return []
        cols = [c for c in self.frame.columns if "/" not in c and c not in _NOT_PARAMETERS
                and self.frame[c].nunique(dropna=True) > 1]
        order = []
        src = str(self.source) if not isinstance(self.source, (list, tuple)) else ""
        for d in (src, os.path.dirname(src.rstrip("/"))):
            t = os.path.join(d, "tasks.csv") if d else ""
            if t and os.path.exists(t):
                with open(t) as fh:
                    order = fh.readline().strip().split(",")
                break
        return sorted(cols, key=lambda c: (order.index(c) if c in order else len(order), c))

    def __len__(self):
        return len(self.frame)

    # ------------------------------------------------------------ observables
    def simulated(self, obs, population=None):
        """The column holding observable `obs` ("m", "rate", "cv", "nrmse", or a full column
        name): "analysis/<obs>" (network-wide; rate, SCN) or "analysis/populations/<pop>/<obs>"
        (population default E; LIF)."""
        cols = self.frame.columns
        if obs in cols:
            return obs
        cands = []
        if population:
            cands += [f"analysis/populations/{population}/{obs}"]
        cands += [f"analysis/{obs}", f"analysis/populations/E/{obs}"]
        for c in cands:
            if c in cols:
                return c
        return None

    def theory_columns(self, obs, population=None):
        """{closure: column} of the stored predictions of `obs` (all closures present)."""
        out = {}
        for c in self.frame.columns:
            parts = c.split("/")
            if parts[0] != "meanfield" or len(parts) < 3 or parts[-1] != obs or parts[1] == "comparison":
                continue
            closure, mid = parts[1], parts[2:-1]
            want = [] if population is None else [population]
            if mid == want or (mid == ["populations", population] if population else False):
                out.setdefault(closure, c)
        if population and not out:  # model A stores the (common) rate once, at the top
            out = self.theory_columns(obs, None)
        return out

    # ------------------------------------------------------------ theory on a fine grid
    def tied(self, x):
        """Varied keys that move with x (one value for each value of x, and back): e.g. network.N
        with network.K in a scan with N = K. They are interpolated along with x."""
        out = []
        for k in self.varied:
            if k == x:
                continue
            pairs = self.frame[[x, k]].drop_duplicates()
            if pairs[x].is_unique and pairs[k].is_unique:
                out.append(k)
        return out

    def fine_grid(self, x, n=25, log=None, balnet=None):
        """n points spanning the simulated values of x (geometric when they span a decade or
        more, or log=True), the simulated values included; integer keys rounded."""
        return _grid_of(self.frame[x], n, log, x, balnet)

    def theory_curve(self, x, fixed=None, n=25, log=None, balnet=None, progress=None):
        """Theory along x at the other parameters `fixed` ({key: value}, the group of a 1-D cut),
        evaluated by `balnet mft` at each point of a fine grid (fine_grid) with a run of the
        group as the base configuration. Keys tied to x are interpolated linearly along with it;
        for rate networks beta (telegraph, moment_gamma) is interpolated linearly in x between
        the runs' measured beta (mean over seeds). Returns (grid, {column: values})."""
        fixed = fixed or {}
        if not self.runs:
            raise MftError("theory on a fine grid needs the run files (not only aggregate.csv)")
        sel = np.ones(len(self.frame), bool)
        for k, v in fixed.items():
            sel &= (self.frame[k] == v).to_numpy()
        idx = np.flatnonzero(sel)
        if idx.size == 0:
            raise MftError(f"no run with {fixed}")
        base = self.runs[int(idx[0])]
        sub = self.frame.iloc[idx]
        grid = _grid_of(sub[x], n, log, x, balnet)
        tied = {k: sub.groupby(x)[k].first() for k in self.tied(x)}
        beta = sub.groupby(x)["analysis/beta"].mean() if "analysis/beta" in sub and self.model == "rate" else None
        points = []
        for g in grid:
            ov = {x: g}
            for k, s in tied.items():
                ov[k] = float(np.interp(g, s.index.to_numpy(float), s.to_numpy(float)))
            b = float(np.interp(g, beta.index.to_numpy(float), beta.to_numpy(float))) if beta is not None else None
            points.append((ov, b))
        cols = {}
        for i, res in enumerate(predict_many(base, points, balnet=balnet)):
            if isinstance(res, MftError):  # one point without a solution leaves a gap, not a failed figure
                if progress:
                    progress(f"mft at {points[i][0]}: {res}")
                continue
            for k, v in res.items():
                cols.setdefault(k, np.full(len(grid), math.nan))[i] = v
        return grid, cols


def _grid_of(values, n, log, key, balnet):
    xs = np.unique(values.dropna().to_numpy(dtype=float))
    if xs.size < 2:
        return xs
    if log is None:
        log = xs.min() > 0 and xs.max() / xs.min() >= 10
    g = np.geomspace(xs.min(), xs.max(), n) if log else np.linspace(xs.min(), xs.max(), n)
    info = key_info(key, balnet)
    if info is not None and info.kind == "integer":
        g = np.round(g)  # balnet takes integers there: the curve is drawn where it was evaluated
    return np.unique(np.concatenate([g, xs]))  # the simulated values on the curve too


def open_scan(source):
    """Scan(source): a scan folder (its tasks/ run files, else its aggregate.csv), a folder of
    run files, an aggregate.csv, or a list of run files / folders."""
    return Scan(source)


def scan_frame(source):
    """open_scan(source).frame."""
    return Scan(source).frame
