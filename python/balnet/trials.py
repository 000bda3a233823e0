# SPDX-License-Identifier: BSD-3-Clause
"""Statistics across trials of one network (docs/models.md §2.5.3) from spike reports: the trials of
one run (run.trials > 1: /trials/<k>/spikes) or of a scan whose tasks vary run.trial (one file per
trial). The same definitions as balnet's /analysis/trials/populations/<pop> (docs/output-layout.md):

    import balnet
    st = balnet.trial_statistics(["tasks/0000.h5", "tasks/0001.h5", ...], "E")   # scan tasks
    st = balnet.trial_statistics(["run.h5"], "E")                                # run.trials > 1
    st["fano"], st["var_mean_slope"], st["count_mean"]
"""
import numpy as np

from .run import Run


def count_statistics(reports, n, t0, t1, bin_ms, dt):
    """reports: one (timestamps [ms], node ids) pair per trial; n neurons; window [t0, t1) ms cut
    into whole bins of bin_ms (0 = the whole window) from t0; dt the step [ms]. Returns the
    per-neuron arrays and population scalars of /analysis/trials/populations/<pop>."""
    s0, s1 = round(t0 / dt), round(t1 / dt)
    sb = round(bin_ms / dt) if bin_ms > 0 else s1 - s0
    n_bins = (s1 - s0) // sb
    c = np.zeros((len(reports), n, n_bins))
    for j, (ts, ids) in enumerate(reports):
        b = (np.rint(np.asarray(ts) / dt).astype(np.int64) - s0) // sb
        keep = (b >= 0) & (b < n_bins)
        np.add.at(c[j], (np.asarray(ids)[keep], b[keep]), 1)
    mean, var = c.mean(axis=0), c.var(axis=0, ddof=1)
    pos = mean > 0
    ratio = np.where(pos, var / np.where(pos, mean, 1), 0.0)
    nf = pos.sum(axis=1)
    neuron_fano = np.where(nf > 0, ratio.sum(axis=1) / np.maximum(nf, 1), np.nan)
    cm, cv = mean.mean(axis=1), var.mean(axis=1)
    x, y = cm[cm > 0], cv[cm > 0]
    slope, intercept = np.polyfit(x, y, 1) if x.size >= 2 else (np.nan, np.nan)
    return {"count_mean": cm, "count_var": cv, "neuron_fano": neuron_fano,
            "fano": ratio.sum() / pos.sum() if pos.any() else np.nan, "n_fano": int(pos.sum()),
            "fano_sd": neuron_fano[nf > 0].std() if (nf > 0).any() else np.nan,
            "var_mean_slope": slope, "var_mean_intercept": intercept,
            "var_mean_scatter": np.sqrt(np.mean((y - intercept - slope * x) ** 2)) if x.size >= 2 else np.nan,
            "n_var_mean": int(x.size), "n_trials": len(reports), "n_bins": int(n_bins)}


def trial_statistics(paths, population=None, bin_ms=None):
    """The statistics across every trial in `paths` (run files: each trial of a run with
    run.trials > 1, the one trial of any other). The window is each run's analysis window; bin_ms
    defaults to the files' trials.bin. Refuses files of different networks or windows."""
    reports, window, dt, n, seen = [], None, None, None, set()
    for path in paths:
        r = Run(path)
        pop = r._pop(population)
        key = (r.config.get("run.seed"), tuple(r.analysis_window()), r.provenance.get("dt"))
        if window is not None and key != window:
            raise ValueError(f"{path}: another network or window ({key} vs {window})")
        window, dt, n = key, float(r.provenance["dt"]), r.population_size(pop)
        if bin_ms is None:
            bin_ms = float(r.config.get("trials.bin", 50) or 50)
        for k in r.trials():
            if k in seen:
                raise ValueError(f"{path}: trial {k} twice")
            seen.add(k)
            reports.append(r.spikes(pop, trial=k))
    t0, t1 = window[1]
    return count_statistics(reports, n, t0, t1, bin_ms, dt)
