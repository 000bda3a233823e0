#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Observable against a parameter over many balnet rate runs: simulation points (mean +- SEM over
the runs that share the parameter value, i.e. over seeds) and the mean-field curves stored with
each run (/meanfield/<closure>/<observable>, written by `balnet run` with meanfield.enabled).

The runs are either a directory (every complete *.h5 below it, e.g. a scan's tasks/ folder) or
the aggregate.csv of `balnet aggregate` (columns "<section.key>", "analysis/<obs>",
"meanfield/<closure>/<obs>").

usage: plot_scan.py SOURCE --x network.K --y m [--by response.function] [--theory telegraph,...]
                    [--logx] [--logy] [--out scan_m.png]
"""
import argparse
import math
import os

import numpy as np

from balnet_h5 import read_aggregate_csv
from balnet_plots import CLOSURE_STYLE, Run, find_runs, group_mean, plt, save

CLOSURES = list(CLOSURE_STYLE)


def table_from_runs(directory, x, y, by):
    """The same columns aggregate.csv has, read from the run files themselves."""
    rows = {x: [], "analysis/" + y: []}
    if by:
        rows[by] = []
    for c in CLOSURES:
        rows[f"meanfield/{c}/{y}"] = []
    for p in find_runs(directory):
        r = Run(p)
        rows[x].append(r.param(x, math.nan))
        rows["analysis/" + y].append(r.analysis.get(y, math.nan))
        if by:
            rows[by].append(str(r.config.get(by, "")))
        for c in CLOSURES:
            d = r.meanfield.get(c, {})
            rows[f"meanfield/{c}/{y}"].append(d.get(y, math.nan) if d.get("state") == "ok" else math.nan)
    if not rows[x]:
        raise SystemExit(f"plot_scan: no complete run files below {directory}")
    return {k: (v if k == by else np.array(v, dtype=float)) for k, v in rows.items()}


def load(source, x, y, by):
    if os.path.isdir(source):
        return table_from_runs(source, x, y, by)
    t = read_aggregate_csv(source)
    for need in (x, "analysis/" + y) + ((by,) if by else ()):
        if need not in t:
            raise SystemExit(f"plot_scan: column {need} not in {source} (columns: {', '.join(t)})")
    return t


def plot(table, x, y, by, theory, ax):
    groups = sorted(set(table[by])) if by else [None]
    for gi, g in enumerate(groups):
        sel = np.array([v == g for v in table[by]]) if by else np.ones(len(table[x]), bool)
        xs = np.asarray(table[x], float)[sel]
        ux, mean, sem = group_mean(xs, np.asarray(table["analysis/" + y], float)[sel])
        label = f"{by} = {g}" if by else "simulation"
        ax.errorbar(ux, mean, yerr=sem, fmt="o", ms=4, color=f"C{gi}", capsize=2, label=label)
        for c in theory:
            col = f"meanfield/{c}/{y}"
            if col not in table:
                continue
            tx, tm, _ = group_mean(xs, np.asarray(table[col], float)[sel])
            ok = np.isfinite(tm)
            if ok.any():
                ax.plot(tx[ok], tm[ok], CLOSURE_STYLE.get(c, ("k", "-"))[1], color=f"C{gi}", lw=1,
                        label=f"{c}" + (f" ({g})" if by else ""))
    ax.set_xlabel(x)
    ax.set_ylabel(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", help="directory of run files, or aggregate.csv")
    ap.add_argument("--x", required=True, help="parameter key, e.g. network.K")
    ap.add_argument("--y", required=True, help="observable of /analysis, e.g. m, f, mu, beta")
    ap.add_argument("--by", help="parameter key that separates curves, e.g. response.function")
    ap.add_argument("--theory", default=",".join(CLOSURES), help="closures to draw ('' = none)")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--logy", action="store_true")
    ap.add_argument("--out", help="PNG path (default: scan_<y>.png next to the source)")
    a = ap.parse_args()
    table = load(a.source, a.x, a.y, a.by)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    plot(table, a.x, a.y, a.by, [c for c in a.theory.split(",") if c], ax)
    if a.logx:
        ax.set_xscale("log")
    if a.logy:
        ax.set_yscale("log")
    ax.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    base = a.source if os.path.isdir(a.source) else os.path.dirname(os.path.abspath(a.source))
    save(fig, a.out or os.path.join(base, f"scan_{a.y}.png"))


if __name__ == "__main__":
    main()
