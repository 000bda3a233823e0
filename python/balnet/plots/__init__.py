# SPDX-License-Identifier: BSD-3-Clause
"""Figures of balnet runs and scans (matplotlib): rate runs (balnet.plots.rate), LIF runs
(balnet.plots.lif), spike-coding runs (balnet.plots.scn) and scans (balnet.plots.scan).

Conventions every figure keeps, so that it can go into a paper as it is: axis labels name the
quantity and its unit (balnet.keys.label, never a configuration key), legends sit outside the
data area, and save() writes a PNG at 200 dpi and a PDF (vector) beside it. A figure whose data
the file does not hold raises NoData instead of drawing empty axes; the command-line tools turn
that into a message and a non-zero exit code.
"""
import os
import sys

import matplotlib

if "matplotlib.pyplot" not in sys.modules:
    matplotlib.use("Agg")  # files, not windows: no display needed (an interactive session keeps its own)
import matplotlib.pyplot as plt  # noqa: E402

__all__ = ["plt", "save", "NoData", "legend_outside", "style", "DPI", "VECTOR", "POP_COLOR"]

DPI = 200
VECTOR = "pdf"
POP_COLOR = {"E": "#c0392b", "I": "#2471a3", "scn": "k"}

_STYLE = {"font.size": 9, "axes.labelsize": 9, "axes.titlesize": 9, "legend.fontsize": 8,
          "xtick.labelsize": 8, "ytick.labelsize": 8, "axes.spines.top": False,
          "axes.spines.right": False, "savefig.dpi": DPI, "figure.dpi": 100,
          "pdf.fonttype": 42, "lines.linewidth": 1.2}


def style():
    plt.rcParams.update(_STYLE)


style()


class NoData(Exception):
    """The file or folder holds nothing this figure could show."""


def legend_outside(ax, **kw):
    """A legend to the right of the axes (never over the data); figures are saved with a tight
    bounding box, which makes room for it."""
    kw.setdefault("frameon", False)
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, **kw)


def legend_above(ax, ncol=3, **kw):
    """A legend in a row above the axes (for wide panels)."""
    kw.setdefault("frameon", False)
    return ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.02), ncol=ncol, borderaxespad=0.0, **kw)


def save(fig, path, vector=VECTOR, quiet=False):
    """Writes `path` (PNG, 200 dpi) and the same figure as `vector` (PDF or SVG, path with that
    suffix; None: none), creating folders; closes the figure; returns the paths written."""
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    out = [path]
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    if vector:
        v = os.path.splitext(path)[0] + "." + vector
        fig.savefig(v, bbox_inches="tight")
        out.append(v)
    plt.close(fig)
    if not quiet:
        print("wrote", " and ".join(out))
    return out
