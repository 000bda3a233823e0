#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Observable against a parameter over many balnet runs (rate, LIF or SCN), each figure a PNG
(200 dpi) plus a PDF:

  1-D cut (--out, default <source>/scan_<y>.png): simulation as mean +- SEM over the runs that
      share the parameter values (seeds), one colour per value of --by (and of any other varied
      parameter), and the mean-field theory as a curve: `balnet mft` evaluated on a fine grid of
      --x (--fine points, the simulated values included) at the group's other parameters, with
      parameters that move with --x (e.g. network.N with network.K) interpolated along with it
      and, for rate closures that need beta, beta interpolated linearly between the runs'
      measured values. Without a balnet executable (--balnet, $BALNET, PATH, build/balnet), with
      --fine 0, or from an aggregate.csv alone, the stored predictions are drawn as open markers
      at the simulated points, never joined by lines.
  2-D map (--map KEY, or by default when exactly two parameters vary; <out>_relerr.png): the
      relative error (simulation - theory) / theory over --x and KEY, simulation averaged over
      seeds; cells where the theory does not apply hatched.

SOURCE is a scan folder (its tasks/ run files), any folder of run files, or the aggregate.csv
of `balnet aggregate`. --y is an observable of /analysis: rate networks m, f, mu, beta, ...;
LIF rate, cv, ... of population --pop (default E) or chi, ...; SCN nrmse, rate, .... Defaults:
--x the first varied parameter, --y the model's headline observable (m, rate, nrmse).

When SOURCE holds no complete run, or no finite value of --y, the command says so and exits 1.

usage: plot_scan.py SOURCE [--x KEY] [--y OBS] [--pop E] [--by KEY] [--map KEY | --no-map]
                    [--theory siegert,telegraph,...] [--closure C] [--fine 41] [--balnet PATH]
                    [--logx] [--logy] [--out scan_m.png]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.plots import NoData  # noqa: E402
from balnet.plots.scan import cut, rel_map  # noqa: E402
from balnet.scan import open_scan  # noqa: E402

HEADLINE = {"rate": "m", "lif": "rate", "scn": "nrmse"}


def log(msg):
    print(msg, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", help="scan folder, folder of run files, or aggregate.csv")
    ap.add_argument("--x", help="parameter key on the x axis (default: the first varied one)")
    ap.add_argument("--y", help="observable, e.g. m, f, beta (rate), rate, cv, chi (LIF), nrmse (SCN)")
    ap.add_argument("--pop", help="population of a per-population observable (LIF: E or I; default E)")
    ap.add_argument("--by", help="parameter key that separates the cuts (default: the other varied keys)")
    ap.add_argument("--map", help="second parameter of the 2-D relative-error map")
    ap.add_argument("--no-map", action="store_true", help="no 2-D map even when two parameters vary")
    ap.add_argument("--theory", help="closures to draw, comma-separated ('' = none; default: every one stored)")
    ap.add_argument("--closure", help="closure of the 2-D map (default: the one with most predictions)")
    ap.add_argument("--fine", type=int, default=41, help="points of the theory grid (0: no `balnet mft` calls)")
    ap.add_argument("--balnet", help="balnet executable for `balnet mft` (default: $BALNET, PATH, build/balnet)")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--logy", action="store_true")
    ap.add_argument("--out", help="PNG path of the 1-D cut (default: scan_<y>.png next to the source)")
    a = ap.parse_args()
    try:
        scan = open_scan(a.source)
        if scan.frame.empty:
            raise NoData(f"no complete run files or aggregate.csv in {a.source}")
        x = a.x or (scan.varied[0] if scan.varied else None)
        if x is None:
            raise NoData(f"no parameter varies across the runs of {a.source}: nothing to plot against")
        y = a.y or HEADLINE.get(scan.model, "m")
        theory = None if a.theory is None else [c for c in a.theory.split(",") if c]
        base = a.source if os.path.isdir(a.source) else os.path.dirname(os.path.abspath(a.source))
        out = a.out or os.path.join(base, f"scan_{y}.png")
        cut(scan, x, y, out, by=a.by, population=a.pop, theory=theory, logx=a.logx, logy=a.logy,
            fine=a.fine, balnet=a.balnet, log=log)
        others = [k for k in scan.varied if k != x and k not in scan.tied(x)]
        second = a.map or (others[0] if len(others) == 1 and not a.no_map else None)
        if second and not a.no_map:
            try:
                rel_map(scan, x, second, y, os.path.splitext(out)[0] + "_relerr.png", population=a.pop,
                        closure=a.closure, balnet=a.balnet, log=log)
            except NoData as e:
                if a.map:
                    raise
                log(f"plot_scan: no 2-D map: {e}")
    except NoData as e:
        print(f"plot_scan: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
