# SPDX-License-Identifier: BSD-3-Clause
"""Shared pieces of balnet's figure scripts (fig1.py ... fig4.py): the plotting style and
save() of balnet.plots (Agg backend, PNG at 200 dpi plus a PDF), the per-run quantities the
figures show, and grouping of many runs by their parameters.

Everything is computed from what a run file stores (balnet.Run): traces of the recorded
subset (/state), the ON-time fractions (/analysis/on_fraction), the input ACF (/analysis/R_eta)
and the mean-field predictions (/meanfield), never recomputed from a model.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.run import Run, find_runs  # noqa: E402,F401
from balnet.plots import plt, save as _save  # noqa: E402,F401
from balnet.plots.rate import lag_axis, normalised, prediction, traces  # noqa: E402,F401
from balnet.plots.scan import group_mean  # noqa: E402,F401

RESPONSES = ["heaviside", "rect_tanh", "rect_linear", "rect_power"]
CLOSURE_STYLE = {"static_gaussian": ("C3", "--"), "heaviside_gamma": ("C4", ":"),
                 "heaviside_gamma_binomial": ("C5", ":"), "telegraph": ("C2", "-"),
                 "moment_gamma": ("C1", "-.")}


def save(fig, path):
    """Writes the PNG `path` and a PDF beside it (folders created), closes the figure, returns path."""
    _save(fig, path)
    return path


def variance_class(run):
    """'high' (nu = 1/2, sparse balance) or 'low' (nu = 1) variance, as in the paper's Fig 1/4."""
    nu = run.param("weights.nu", 0.5)
    return "low" if nu >= 0.75 else "high"


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
