# SPDX-License-Identifier: BSD-3-Clause
"""Shared pieces of balnet's plotting scripts: the Agg backend (no display needed), the
per-run quantities the figures show, and grouping of many runs by their parameters.

Everything is computed from what a run file stores (balnet_h5.Run): traces of the recorded
subset (/state), the ON-time fractions (/analysis/on_fraction), the input ACF (/analysis/R_eta)
and the mean-field predictions (/meanfield), never recomputed from a model.
"""
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from balnet_h5 import Run, find_runs  # noqa: E402,F401

plt.rcParams.update({"figure.dpi": 110, "font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False})

RESPONSES = ["heaviside", "rect_tanh", "rect_linear", "rect_power"]
CLOSURE_STYLE = {"static_gaussian": ("C3", "--"), "heaviside_gamma": ("C4", ":"),
                 "heaviside_gamma_binomial": ("C5", ":"), "telegraph": ("C2", "-"),
                 "moment_gamma": ("C1", "-.")}


def save(fig, path):
    """Writes a PNG (folders created) and closes the figure."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    print("wrote", path)
    return path


def traces(run, var="x"):
    """(time, [sample, unit]) of `var` over every population that has traces, units side by side."""
    t = run.trace_time()
    blocks = [run.state(p, var) for p in run.populations_with_state()]
    blocks = [b for b in blocks if b.size]
    return t, (np.hstack(blocks) if blocks else np.zeros((len(t), 0)))


def normalised(r):
    r = np.asarray(r, dtype=float)
    return r / r[0] if r.size and r[0] != 0 else r


def lag_axis(run):
    if "lag" in run.curves:
        return run.curve("lag")
    dt = float(run.attrs.get("dt", 0.02))
    return np.arange(len(run.curve("R_eta"))) * dt


def variance_class(run):
    """'high' (nu = 1/2, sparse balance) or 'low' (nu = 1) variance, as in the paper's Fig 1/4."""
    nu = run.param("weights.nu", 0.5)
    return "low" if nu >= 0.75 else "high"


def group_mean(xs, ys):
    """Mean and standard error of ys at each distinct x (seeds as repetitions), sorted by x."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    ux = np.unique(xs[np.isfinite(xs)])
    mean, sem = [], []
    for x in ux:
        v = ys[(xs == x) & np.isfinite(ys)]
        mean.append(v.mean() if v.size else math.nan)
        sem.append(v.std(ddof=1) / math.sqrt(v.size) if v.size > 1 else 0.0)
    return ux, np.array(mean), np.array(sem)


def prediction(run, closure, key):
    """A closure's prediction stored in the run's /meanfield, or NaN."""
    d = run.meanfield.get(closure, {})
    if d.get("state") != "ok":
        return math.nan
    return float(d.get(key, math.nan))


def log_axes(ax, x=True, y=True, xticks=None):
    """Log scales; with xticks (e.g. the K values run) the x labels are exactly those values,
    so a short range neither loses its labels nor gets cluttered minor ones."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter
    if x:
        ax.set_xscale("log")
        if xticks is not None and len(xticks):
            ax.set_xticks(sorted(set(float(v) for v in xticks)))
            ax.xaxis.set_major_formatter(ScalarFormatter())
            ax.xaxis.set_minor_formatter(NullFormatter())
    if y:
        ax.set_yscale("log")


def no_data(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=8,
            color="0.4", wrap=True)
