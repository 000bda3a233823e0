#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Paper Fig 3: four response functions (Heaviside, [tanh]+, [x]+, [x]+^2) at g = J0 = I0 = 2,
gamma weights, N = K = 1000. Top: activity rasters (x > 0) of the traced units. Bottom: the
fraction of active units f, the distribution of the ON-time fraction over units, the
distribution of x and the normalised ACF of x. One run per response function (the first seed).
Runs: see README.md (scan fig3.ini).

usage: fig3.py RUN_DIR [--out fig3.png]
"""
import argparse

import numpy as np

from balnet_plots import RESPONSES, Run, find_runs, lag_axis, no_data, normalised, plt, save, traces


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs")
    ap.add_argument("--out", default="fig3.png")
    a = ap.parse_args()
    chosen = {}
    for p in find_runs(a.runs):
        r = Run(p)
        chosen.setdefault(r.config.get("response.function", "rect_tanh"), r)
    names = [n for n in RESPONSES if n in chosen] + [n for n in chosen if n not in RESPONSES]
    fig = plt.figure(figsize=(11, 5.5))
    grid = fig.add_gridspec(2, 4)
    for i in range(4):
        ax = fig.add_subplot(grid[0, i])
        if i >= len(names):
            no_data(ax, "no run")
            ax.set_axis_off()
            continue
        t, x = traces(chosen[names[i]], "x")
        if x.size:
            ax.imshow((x > 0).T, aspect="auto", cmap="Greys", interpolation="nearest",
                      extent=(t[0], t[-1], x.shape[1], 0))
        ax.set_title(names[i], fontsize=9)
        ax.set_xlabel("time [tau]")
        if i == 0:
            ax.set_ylabel("unit")
    axf, axon, axx, axacf = (fig.add_subplot(grid[1, i]) for i in range(4))
    for i, n in enumerate(names):
        r, c = chosen[n], f"C{i}"
        axf.bar(i, r.analysis["f"], color=c)
        axon.hist(r.on_fraction(), bins=np.linspace(0, 1, 31), histtype="step", color=c, label=n)
        _, x = traces(r, "x")
        if x.size:
            h, e = np.histogram(x.ravel(), bins=80, density=True)
            axx.plot(0.5 * (e[1:] + e[:-1]), h, color=c, lw=1)
        rx = normalised(r.curve("R_x"))
        ok = np.isfinite(rx)
        axacf.plot(lag_axis(r)[ok], rx[ok], color=c, lw=1)
    axf.set_xticks(range(len(names)), names, rotation=30, fontsize=7)
    axf.set_ylabel("f")
    axon.set_yscale("log")
    axon.set_xlabel("fraction of ON-time")
    axon.legend(frameon=False, fontsize=7)
    axx.axvline(0, color="k", lw=0.5, ls=":")
    axx.set_xlabel("x")
    axacf.set_xlabel("lag [tau]")
    axacf.set_ylabel("ACF of x (normalised)")
    fig.tight_layout()
    save(fig, a.out)


if __name__ == "__main__":
    main()
