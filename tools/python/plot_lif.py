#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one LIF run (run.model = lif), each a PNG (200 dpi) plus a PDF:

  <prefix>_raster.png         raster of a sample of E and I neurons with the population rates
                              below (Siegert's rate dashed)
  <prefix>_distributions.png  per-neuron firing rates and ISI CVs, E and I, with Siegert's values
  <prefix>_voltage.png        membrane potential of traced E neurons with threshold, reset, spikes
  <prefix>_siegert.png        simulated rate and CV per population next to Siegert's fixed point

A figure whose data the file lacks (no V traces, no /meanfield) is skipped with a message; when
none can be drawn (e.g. not a LIF run, no spikes), the command says so and exits 1.

usage: plot_lif.py RUN.h5 [--out DIR] [--prefix NAME] [--neurons N] [--window MS] [--traces K]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.plots import NoData  # noqa: E402
from balnet.plots import lif  # noqa: E402
from balnet.run import Run  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", help="folder for the figures (default: the run's folder)")
    ap.add_argument("--prefix", help="file name prefix (default: the run's name)")
    ap.add_argument("--neurons", type=int, default=100, help="neurons in the raster (E and I in proportion)")
    ap.add_argument("--window", type=float, default=300.0, help="raster window: the last MS ms of the run")
    ap.add_argument("--traces", type=int, default=3, help="V traces to draw")
    a = ap.parse_args()
    base = os.path.join(a.out or os.path.dirname(os.path.abspath(a.run)),
                        a.prefix or os.path.splitext(os.path.basename(a.run))[0])
    figures = {"raster": lambda r, p: lif.plot_raster(r, p, a.neurons, a.window),
               "distributions": lif.plot_distributions,
               "voltage": lambda r, p: lif.plot_voltage(r, p, a.traces),
               "siegert": lif.plot_siegert}
    try:
        run = Run(a.run)
        if run.model != "lif":
            raise NoData(f"{a.run} is a {run.model or 'unknown'} run, not a LIF run (plot_run.py draws any model)")
        written = []
        for name, fn in figures.items():
            try:
                written += fn(run, f"{base}_{name}.png")
            except NoData as e:
                print(f"plot_lif: {name}: skipped: {e}", file=sys.stderr)
        if not written:
            raise NoData(f"{a.run}: no figure could be drawn")
    except (NoData, OSError) as e:
        print(f"plot_lif: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
