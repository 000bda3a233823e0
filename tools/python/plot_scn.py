#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one spike-coding-network run (balnet run with run.model = scn), each a PNG
(200 dpi) plus a PDF:

  <stem>_signal.png     x~ (target) and x^ (read-out) per component against time, knock-out marked
  <stem>_raster.png     spike raster (neurons sorted by decoder angle for J >= 2)
  <stem>_currents.png   E and I input currents (docs/models.md 2.5.9) of the traced neurons

A figure whose data the file lacks is skipped with a message; when none can be drawn (e.g. not
an SCN run), the command says so and exits 1.

usage: plot_scn.py RUN.h5 [--out DIR]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.plots import NoData  # noqa: E402
from balnet.plots.scn import plot_scn  # noqa: E402
from balnet.run import Run  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    stem = os.path.join(a.out, os.path.splitext(os.path.basename(a.run))[0])
    try:
        written, skipped = plot_scn(Run(a.run), stem, log=lambda m: print(m, file=sys.stderr))
        if not written:
            raise NoData(f"{a.run}: no figure could be drawn")
    except (NoData, OSError) as e:
        print(f"plot_scn: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
