# SPDX-License-Identifier: BSD-3-Clause
"""One balnet run file (rate, LIF or SCN; layout: README "Output") as Python objects.

    from balnet import Run
    r = Run("out.h5")
    r.model, r.status, r.provenance, r.config["lif.g"], r.param("lif.g"), r.config_ini
    r.analysis["chi"], r.populations["E"]["rate"], r.population_curves["E"]["neuron_rates"]
    t, ids = r.spikes("E"); r.spikes_frame(); r.spike_counts("E"); r.spike_trains("E")
    tr = r.trace("E", "V"); tr.time, tr.values, tr.units, tr.ids; r.traces()
    r.meanfield["siegert"]["E.rate"]; r.meanfield_frame()    # theory next to simulation
    r.scalars()                                              # the columns `balnet aggregate` writes

Small things (attributes, configuration, scalars, mean field) are read when the file is opened;
spikes and traces, which can be large, are read on demand. Nothing here needs pandas except the
*_frame() methods, which import it when called.
"""
import csv
import glob
import math
import os
from dataclasses import dataclass, field

import h5py
import numpy as np

__all__ = ["Run", "Trace", "open_run", "find_runs", "read_aggregate_csv"]


def _text(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray) and v.dtype.kind in "SO":
        return [_text(x) for x in v.tolist()]
    return v if not isinstance(v, np.generic) else v.item()


def _units(d):
    u = d.attrs.get("units")
    return _text(u) if u is not None else ""


@dataclass
class Trace:
    """Sampled traces of a few neurons or units: values[sample, k] at time[sample].

    name: "<population>.<variable>" (e.g. "E.V", "I.x", "signal.xhat", "currents.E");
    units: of the values ("mV", "1", ...); time_units: "ms" (LIF, SCN) or "tau" (rate);
    ids: the population-local ids of the columns where the file stores them (else None)."""
    name: str
    time: np.ndarray
    values: np.ndarray
    units: str = ""
    time_units: str = ""
    ids: np.ndarray = None
    description: str = ""
    extra: dict = field(default_factory=dict)


class Run:
    """A run file of any model. Attributes (all read when opened):

    path, model ("rate" | "lif" | "scn"), status ("complete" once the file was closed cleanly),
    attrs (root attributes), provenance (version, git sha, command line, ranks, seed, ...),
    config ({key: str}), config_ini (resolved INI text), time_units ("tau" | "ms"),
    analysis (scalars at /analysis), curves (arrays at /analysis: R_eta, lag, on_fraction,
    neuron_rates, ...), populations ({pop: {scalar: value}}: /analysis/populations/<pop>, every
    model), population_curves ({pop: {array name: array}}: LIF rate_histogram, neuron_rates,
    population_spectrum), units ({"analysis/m": "1", ...}),
    observables ({observable: {scalar: value}}: groups of /analysis that are no population, such
    as count_correlation), observable_curves ({observable: {array name: array}}),
    population_names, population_sizes ({pop: N}), network (attributes), network_values,
    network_checksum, timing, profile, meanfield ({closure: {key: value}}; populations as
    "E.rate"), comparison ({closure: {observable: (simulated, predicted, relative difference)}};
    for LIF derived from /meanfield/siegert and /analysis/populations/<pop>)."""

    def __init__(self, path):
        self.path = os.fspath(path)
        with h5py.File(self.path, "r") as f:
            self.attrs = {k: _text(v) for k, v in f.attrs.items()}
            self.status = str(self.attrs.get("status", "missing"))
            self.model = str(self.attrs.get("model", "")) or _guess_model(f)
            self.time_units = str(self.attrs.get("time_units", "tau" if self.model == "rate" else "ms"))
            self.provenance = {k: self.attrs[k] for k in (
                "balnet_version", "git_sha", "git_tree_modified", "command_line", "n_ranks", "model", "mode",
                "seed", "init_seed", "dt", "time_units", "status", "start_time_utc", "hosts", "mpi_library",
                "petsc_version", "hdf5_version", "boost_version") if k in self.attrs}
            cfg = f["config"].attrs if "config" in f else {}
            self.config_ini = str(_text(cfg.get("ini", ""))) if "config" in f else ""
            self.config = {k: str(_text(v)) for k, v in cfg.items() if k != "ini"}
            self.units = {}
            self._read_analysis(f)
            self._read_network(f)
            timing = f["timing"] if "timing" in f else {}
            self.timing = {k: float(d[()]) for k, d in timing.items()
                           if isinstance(d, h5py.Dataset) and d.shape == ()}
            # /timing/profile/<phase> = [min, mean, max] seconds over ranks (--profile's table)
            self.profile = ({k: tuple(float(v) for v in d[()]) for k, d in timing["profile"].items()}
                            if "profile" in timing else {})
            self.meanfield, self.comparison = _read_meanfield(f, self.units)
            self._spike_pops = sorted(f["spikes"].keys()) if "spikes" in f else []
        if not self.comparison and self.model == "lif":
            self.comparison = self._lif_comparison()

    # ----------------------------------------------------------------- reading at open
    def _read_analysis(self, f):
        self.analysis, self.curves, self.populations, self.population_curves = {}, {}, {}, {}
        self.curve_attrs, self.analysis_attrs = {}, {}
        self.observables, self.observable_curves = {}, {}
        self.trial_populations, self.trial_population_curves, self.trial_attrs = {}, {}, {}
        if "analysis" not in f:
            return
        # Older files (before docs/output-layout.md's "Changes") kept LIF populations at /analysis/<pop>.
        old_pops = set() if "populations" in f["analysis"] else set(f["spikes"].keys()) if "spikes" in f else set()
        for k, d in f["analysis"].items():
            if isinstance(d, h5py.Dataset):
                self.units["analysis/" + k] = _units(d)
                if d.shape == ():
                    self.analysis[k] = float(d[()])
                else:
                    self.curves[k] = np.asarray(d[()])
            elif k == "populations":  # every model: /analysis/populations/<pop>/{m, rate, cv, ...}
                for p, g in d.items():
                    scalars, curves = self._group_values(g)
                    self.populations[p] = scalars
                    if curves:
                        self.population_curves[p] = curves
                    self._read_group_attrs(g, f"analysis/populations/{p}")
            elif k == "trials":  # run.trials > 1: /analysis/trials/{populations/<pop>/..., xhat_var, ...}
                self.observables[k], self.observable_curves[k] = self._group_values(d)
                self.trial_attrs = {a: v for a, v in d.attrs.items()}
                for p, g in d.get("populations", {}).items():
                    self.trial_populations[p], self.trial_population_curves[p] = self._group_values(g)
            elif k in old_pops:  # files of balnet before the layout change: LIF /analysis/<pop>/
                scalars, curves = self._group_values(d)
                self.populations[k] = scalars
                if curves:
                    self.population_curves[k] = curves
                self._read_group_attrs(d, f"analysis/{k}")
            else:  # any model: /analysis/<observable>/... (count_correlation, ...)
                self.observables[k], self.observable_curves[k] = self._group_values(d)
                self._read_group_attrs(d, f"analysis/{k}")
        self.analysis_attrs = {k: _text(v) for k, v in f["analysis"].attrs.items()}
        # Files before the rename (docs/output-layout.md, Changes): the Fano factor across time
        # bins was called fano (n_fano); it reads under its new name.
        for values in [self.analysis] + list(self.populations.values()):
            for old, new in (("fano", "fano_time"), ("n_fano", "n_fano_time")):
                if old in values and new not in values:
                    values[new] = values.pop(old)

    def _read_group_attrs(self, g, prefix):
        """The units of the datasets of one group and the attributes of its curves."""
        for n, v in g.items():
            if isinstance(v, h5py.Dataset):
                self.units[f"{prefix}/{n}"] = _units(v)
                # bin_width_ms, t0_ms, frequency_step_hz, ...: what places a curve on an axis
                extra = {a: _text(av) for a, av in v.attrs.items() if a != "units"}
                if extra:
                    self.curve_attrs[f"{prefix}/{n}"] = extra

    @staticmethod
    def _group_values(g):
        """The scalars and the arrays directly inside one HDF5 group."""
        scalars = {n: float(v[()]) for n, v in g.items() if isinstance(v, h5py.Dataset) and v.shape == ()}
        curves = {n: np.asarray(v[()]) for n, v in g.items() if isinstance(v, h5py.Dataset) and v.shape != ()}
        return scalars, curves

    def _read_network(self, f):
        self.network = {k: _text(v) for k, v in f["network"].attrs.items()} if "network" in f else {}
        self.network_checksum = int(self.network.get("checksum", 0) or 0)
        self.network_values = {k: float(d[()]) for k, d in f["network"].items()
                               if isinstance(d, h5py.Dataset) and d.shape == ()} if "network" in f else {}
        names = self.network.get("population_names", [])
        names = [names] if isinstance(names, str) else list(names)
        sizes = np.atleast_1d(np.asarray(self.network.get("population_sizes", []), dtype=float))
        if not names and "spikes" in f:
            names = sorted(f["spikes"].keys())
        self.population_names = [str(n) for n in names]
        self.population_sizes = {n: int(s) for n, s in zip(self.population_names, sizes)}

    # ----------------------------------------------------------------- configuration
    def param(self, key, default=None):
        """A configuration value as float when it is a number, else the string (or default)."""
        v = self.config.get(key)
        if v is None:
            return default
        try:
            return float(v)
        except ValueError:
            return v

    def duration(self):
        """(t0, t1) of the simulated time in the run's time units: LIF and SCN [0, T] ms, rate
        [0, run.T] tau (the recorded part, after the warm-up)."""
        key = {"lif": "lif.T", "scn": "scn.T", "rate": "run.T"}.get(self.model)
        return 0.0, float(self.param(key, math.nan)) if key else math.nan

    def analysis_window(self):
        """(t0, t1) in ms over which the LIF/SCN observables were measured (after the warm-up)."""
        w = self.analysis_attrs.get("window_ms")
        if w is not None and len(np.atleast_1d(w)) == 2:
            return tuple(float(v) for v in np.atleast_1d(w))
        return self.param("lif.warmup", 0.0) or 0.0, self.duration()[1]

    def curve(self, name):
        return self.curves[name]

    # ----------------------------------------------------------------- spikes
    def spike_populations(self):
        """The populations with a spike report (/spikes/<pop>): LIF "E", "I"; SCN "scn"."""
        return list(self._spike_pops)

    def _pop(self, population):
        pops = self.spike_populations()
        if population is None:
            if len(pops) != 1:
                raise ValueError(f"{self.path}: name a population, one of {pops}")
            return pops[0]
        if population not in pops:
            raise KeyError(f"{self.path}: no spikes of population {population!r} (has {pops})")
        return population

    def trials(self):
        """The trial indices whose spikes the file holds: /trials/<k> of a run with run.trials > 1,
        else the run's own run.trial (0 for files without trials)."""
        with h5py.File(self.path, "r") as f:
            if "trials" in f:
                return sorted(int(k) for k in f["trials"].keys())
        return [int(float(self.config.get("run.trial", 0) or 0))]

    def spikes(self, population=None, trial=None):
        """(timestamps [ms], node_ids [population-local]) of one population, as stored (by time);
        `trial`: that trial's report (/trials/<trial>/spikes) of a run with run.trials > 1."""
        p = self._pop(population)
        with h5py.File(self.path, "r") as f:
            g = f["spikes"][p] if trial is None or "trials" not in f else f["trials"][str(trial)]["spikes"][p]
            return np.asarray(g["timestamps"][()], dtype=float), np.asarray(g["node_ids"][()], dtype=np.int64)

    def population_size(self, population):
        if population in self.population_sizes:
            return self.population_sizes[population]
        _, ids = self.spikes(population)
        return int(ids.max()) + 1 if ids.size else 0

    def spike_counts(self, population=None, t0=None, t1=None):
        """Spikes per neuron (length = population size), in [t0, t1) ms when given."""
        p = self._pop(population)
        t, ids = self.spikes(p)
        sel = np.ones(t.size, bool)
        if t0 is not None:
            sel &= t >= t0
        if t1 is not None:
            sel &= t < t1
        return np.bincount(ids[sel], minlength=self.population_size(p))

    def spike_trains(self, population=None):
        """One sorted array of spike times [ms] per neuron of the population (silent ones empty)."""
        p = self._pop(population)
        t, ids = self.spikes(p)
        order = np.lexsort((t, ids))
        t, ids = t[order], ids[order]
        bounds = np.searchsorted(ids, np.arange(self.population_size(p) + 1))
        return [t[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def spikes_frame(self, populations=None):
        """Spikes of the given populations (default: all) as a pandas DataFrame with columns
        population (category), node_id (population-local), gid (network-wide) and time_ms."""
        import pandas as pd
        pops = self.spike_populations() if populations is None else list(populations)
        offsets = dict(zip(self.population_names,
                           np.atleast_1d(np.asarray(self.network.get("population_offsets", []), dtype=float))))
        frames = []
        for p in pops:
            t, ids = self.spikes(p)
            frames.append(pd.DataFrame({"population": p, "node_id": ids,
                                        "gid": ids + int(offsets.get(p, 0)), "time_ms": t}))
        if not frames:
            return pd.DataFrame({"population": pd.Categorical([]), "node_id": np.zeros(0, np.int64),
                                 "gid": np.zeros(0, np.int64), "time_ms": np.zeros(0)})
        df = pd.concat(frames, ignore_index=True)
        df["population"] = pd.Categorical(df["population"], categories=pops)
        return df

    def to_neo(self, populations=None):
        """The spikes as a neo.Segment of SpikeTrains (see balnet.neo_io.to_neo; needs python3-neo)."""
        from .neo_io import to_neo
        return to_neo(self, populations)

    # ----------------------------------------------------------------- traces
    def traces(self):
        """Every stored trace of the run as a list of Trace (see trace())."""
        out = []
        with h5py.File(self.path, "r") as f:
            for name, var in self._trace_names(f):
                out.append(self._read_trace(f, name, var))
        return out

    def trace_names(self):
        """[(population, variable)] of the stored traces, e.g. [("E", "V")], [("I", "x"), ...]."""
        with h5py.File(self.path, "r") as f:
            return list(self._trace_names(f))

    def trace(self, population, variable):
        """One Trace: rate ("I" or "E"/"I", "x" | "phi" | "eta"), LIF ("E", "V" | "i_e" | "i_i"),
        SCN ("signal", "x" | "xhat"; "currents", "E" | "I")."""
        with h5py.File(self.path, "r") as f:
            if (population, variable) not in set(self._trace_names(f)):
                raise KeyError(f"{self.path}: no trace {population}.{variable} "
                               f"(has {', '.join(p + '.' + v for p, v in self._trace_names(f)) or 'none'})")
            return self._read_trace(f, population, variable)

    def _trace_names(self, f):
        if self.model == "scn":
            if "signal" in f:
                yield from (("signal", v) for v in ("x", "xhat") if v in f["signal"])
            if "state/currents" in f:
                yield from (("currents", v) for v in ("E", "I") if v in f["state/currents"])
            return
        if "state" not in f:
            return
        for p, g in f["state"].items():
            if isinstance(g, h5py.Group):
                for v, d in g.items():
                    if isinstance(d, h5py.Dataset) and d.ndim == 2 and v not in ("time", "node_ids"):
                        yield p, v

    def _read_trace(self, f, pop, var):
        if self.model == "scn":
            t = np.asarray(f["signal/time" if "signal/time" in f else "signal/t"][()])  # t: older files
            if pop == "signal":
                d = f["signal"][var]
                return Trace(f"signal.{var}", t, np.asarray(d[()]), _units(d) or "1", "ms",
                             np.arange(d.shape[1]), _text(f["signal"].attrs.get("description", "")))
            d = f["state/currents"][var]
            ids = np.asarray(f["state/currents/gids"][()]) if "state/currents/gids" in f else None
            return Trace(f"currents.{var}", t, np.asarray(d[()]), _units(d) or "1", "ms", ids,
                         _text(f["state/currents"].attrs.get("description", "")))
        g = f["state"][pop]
        d = g[var]
        if "time" in g:  # LIF: /state/E/{V,time,node_ids}
            t = np.asarray(g["time"][()])
        elif "time" in f["state"]:  # rate: /state/time shared by the populations
            t = np.asarray(f["state/time"][()])
        else:
            t = np.arange(d.shape[0], dtype=float)
        ids = np.asarray(g["node_ids"][()]).astype(np.int64) if "node_ids" in g else None
        return Trace(f"{pop}.{var}", t, np.asarray(d[()]), _units(d), self.time_units, ids,
                     _text(d.attrs.get("quantity", "")))

    # The reader's older interface (tools/python/balnet_h5.py), kept for the figure scripts.
    def populations_with_state(self):
        return sorted({p for p, _ in self.trace_names()}) if self.model != "scn" else []

    def trace_time(self):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["state/time"][()]) if "state/time" in f else np.zeros(0)

    def on_fraction(self):
        return self.curves["on_fraction"]

    def state(self, population, var):
        with h5py.File(self.path, "r") as f:
            return np.asarray(f["state"][population][var][()])

    # ----------------------------------------------------------------- mean field
    def _lif_comparison(self):
        """Siegert's prediction next to the simulated E and I rates and CVs (the LIF run writes
        /meanfield/siegert but no comparison table): {"siegert": {"E.rate": (sim, pred, rel)}}."""
        d = self.meanfield.get("siegert")
        if not d:
            return {}
        rows = {}
        first = self.population_names[0] if self.population_names else None
        for p, sim in self.populations.items():
            for obs in ("rate", "cv"):
                pred = d.get(f"{p}.{obs}", math.nan)
                if not math.isfinite(pred) and p == first:
                    pred = d.get(obs, math.nan)  # the first population's values, stored at the top
                s = sim.get(obs, math.nan)
                if math.isfinite(pred) or math.isfinite(s):
                    rel = (s - pred) / abs(pred) if pred else math.nan
                    rows[f"{p}.{obs}"] = (s, pred, rel)
        return {"siegert": rows}

    def meanfield_frame(self):
        """Theory next to simulation as a pandas DataFrame: one row per (closure, observable) with
        columns closure, population ("" for network-wide), observable, simulated, predicted,
        relative_difference ((simulated - predicted) / |predicted|), units, state."""
        import pandas as pd
        rows = []
        for c, table in self.comparison.items():
            state = str(self.meanfield.get(c, {}).get("state", "ok"))
            for name, (s, p, r) in table.items():
                pop, _, obs = name.rpartition(".")
                u = self.units.get(f"meanfield/{c}/{pop + '/' if pop else ''}{obs}", "")
                rows.append({"closure": c, "population": pop, "observable": obs, "simulated": s,
                             "predicted": p, "relative_difference": r, "units": u, "state": state})
        return pd.DataFrame(rows, columns=["closure", "population", "observable", "simulated", "predicted",
                                           "relative_difference", "units", "state"])

    # ----------------------------------------------------------------- one row of a table
    def scalars(self):
        """Every numeric scalar of /analysis, /meanfield and /timing under the column names of
        `balnet aggregate` ("analysis/populations/E/rate", "meanfield/siegert/rate", ...), plus n_ranks."""
        out = {}
        with h5py.File(self.path, "r") as f:
            if "n_ranks" in f.attrs:
                out["n_ranks"] = float(f.attrs["n_ranks"])
            for group in ("analysis", "meanfield", "timing"):
                if group not in f:
                    continue

                def visit(name, obj, group=group):
                    if isinstance(obj, h5py.Dataset) and obj.size == 1 and obj.ndim <= 1 and obj.dtype.kind in "fiu":
                        out[f"{group}/{name}"] = float(obj[()] if obj.ndim == 0 else obj[0])
                f[group].visititems(visit)
        return out

    def __repr__(self):
        return (f"<balnet.Run {self.model} {os.path.basename(self.path)} status={self.status} "
                f"populations={self.population_names}>")


def _guess_model(f):
    if "signal" in f:
        return "scn"
    if "spikes" in f:
        return "lif"
    return "rate"


def _read_meanfield(f, units):
    """/meanfield/<closure>: attrs and scalars as one dict per closure (populations of an E-I
    run, or per-population Siegert rates, as "E.m", "E.rate", ...); /meanfield/comparison/
    <closure>: {observable: (simulated, predicted, relative_difference)}."""
    closures, comparison = {}, {}
    if "meanfield" not in f:
        return closures, comparison
    for name, g in f["meanfield"].items():
        if not isinstance(g, h5py.Group):
            continue
        if name == "comparison":
            for c, cg in g.items():
                names = [str(_text(n)) for n in cg.attrs.get("observables", [])]
                rows = zip(cg["simulated"][()], cg["predicted"][()], cg["relative_difference"][()])
                comparison[c] = {n: tuple(float(v) for v in row) for n, row in zip(names, rows)}
            continue
        d = {k: _text(v) for k, v in g.attrs.items()}
        for k, v in g.items():
            if isinstance(v, h5py.Dataset):
                units[f"meanfield/{name}/{k}"] = _units(v)
                if v.shape == ():
                    d[k] = float(v[()])
                else:
                    d[k] = np.asarray(v[()])  # e.g. gaussian_dmft's lag, R_x, R_eta
            elif isinstance(v, h5py.Group):
                # rate E-I: /meanfield/<c>/populations/<pop>/<obs>; LIF: /meanfield/siegert/<pop>/<obs>
                pops = v.items() if k == "populations" else [(k, v)]
                for p, pg in pops:
                    for o, ov in pg.items():
                        if isinstance(ov, h5py.Dataset) and ov.shape == ():
                            d[f"{p}.{o}"] = float(ov[()])
                            units[f"meanfield/{name}/{p}/{o}"] = _units(ov)
        closures[name] = d
    return closures, comparison


def open_run(path):
    """Run(path)."""
    return Run(path)


def find_runs(directory, complete_only=True):
    """Every balnet run file (*.h5 with /analysis) below `directory`, sorted by path."""
    out = []
    for p in sorted(glob.glob(os.path.join(directory, "**", "*.h5"), recursive=True)):
        try:
            with h5py.File(p, "r") as f:
                ok = "analysis" in f and "config" in f and \
                    (not complete_only or str(_text(f.attrs.get("status", b""))) == "complete")
        except OSError:
            ok = False
        if ok:
            out.append(p)
    return out


def read_aggregate_csv(path):
    """`balnet aggregate`'s aggregate.csv as {column: values}; numeric columns as float arrays
    (empty cells NaN), text columns as lists of str. (balnet.scan.open_scan gives a DataFrame.)"""
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
