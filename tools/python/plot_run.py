#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots of one balnet run, any model, each a PNG (200 dpi) plus a PDF. The file's model picks
the figures:

  rate  <prefix>_traces, _x_distribution, _acf_eta, _on_time      (balnet.plots.rate)
  lif   <prefix>_raster, _distributions, _voltage, _siegert         (balnet.plots.lif, plot_lif.py)
  scn   <prefix>_signal, _raster, _currents                         (balnet.plots.scn, plot_scn.py)

A figure whose data the file lacks (e.g. no traces stored) is skipped with a message; when no
figure at all can be drawn, or the file is no complete run, the command says so and exits 1.

usage: plot_run.py RUN.h5 [--out DIR] [--prefix NAME] [--units N]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.plots import NoData  # noqa: E402
from balnet.plots.lif import plot_lif  # noqa: E402
from balnet.plots.rate import plot_rate  # noqa: E402
from balnet.plots.scn import plot_scn  # noqa: E402
from balnet.run import Run  # noqa: E402


def plot_run(path, out=None, prefix=None, units=5, tool="plot_run"):
    """Draws the figures of the run's model; returns the paths written. Raises NoData when it
    can draw none (the reasons in the message)."""
    def log(msg):
        print(msg.replace("plot_run", tool).replace("plot_lif", tool).replace("plot_scn", tool), file=sys.stderr)
    try:
        run = Run(path)
    except (OSError, KeyError) as e:
        raise NoData(f"{path}: not a readable balnet run file ({e})")
    if run.status != "complete":
        log(f"{tool}: warning: {path} has status {run.status!r} (an interrupted or running run)")
    out = out or os.path.dirname(os.path.abspath(path))
    prefix = prefix or os.path.splitext(os.path.basename(path))[0]
    base = os.path.join(out, prefix)
    if run.model == "lif":
        written, skipped = plot_lif(run, base, log=log)
    elif run.model == "scn":
        written, skipped = plot_scn(run, base, log=log)
    else:
        written, skipped = plot_rate(run, base, units, log=log)
    if not written:
        raise NoData(f"{path}: nothing to plot (" + "; ".join(f"{k}: {v}" for k, v in skipped.items()) + ")")
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", help="folder for the figures (default: the run's folder)")
    ap.add_argument("--prefix", help="file name prefix (default: the run's name)")
    ap.add_argument("--units", type=int, default=5, help="traced units to draw (rate runs)")
    a = ap.parse_args()
    try:
        plot_run(a.run, a.out, a.prefix, a.units)
    except NoData as e:
        print(f"plot_run: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
