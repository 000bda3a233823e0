#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Paper Fig 4: (A) normalised autocorrelation of the input eta for each K (solid: high
variance, dashed: low variance), with the published curves of
tests/data/sparse_balance_Reta.csv (default); (B) decorrelation rate beta against K (mean +-
SEM over seeds); (C) beta together with var(x)/var(eta) = tvx/tveta and the exponential-ACF
relation tvx/tveta = 1/(1 + beta) (docs/models.md 1.7.1). Parameters as Fig 1, T = 2000 (beta is
biased for shorter runs). Runs: see README.md (scan fig1.ini).

usage: fig4.py RUN_DIR [--out fig4.png] [--reference CSV | --reference none]
"""
import argparse
import csv
import os

import numpy as np

from balnet_plots import (Run, find_runs, group_mean, lag_axis, log_axes, no_data, normalised, plt, save,
                          variance_class)

# The published curves, copied into the repository (tests/data/README.md says from where).
DEFAULT_REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data",
                                 "sparse_balance_Reta.csv")
STYLE = {"low": ("C0", "--", "o"), "high": ("C3", "-", "s")}


def panel_acf(ax, runs, reference):
    by = {}
    for r in runs:
        by.setdefault((variance_class(r), r.param("network.K")), r)
    cmap = plt.get_cmap("viridis")
    ks = sorted({k for _, k in by})
    for (cls, K), r in sorted(by.items()):
        y = normalised(r.curve("R_eta"))
        ok = np.isfinite(y)
        ax.plot(lag_axis(r)[ok], y[ok], STYLE[cls][1], lw=1,
                color=cmap(ks.index(K) / max(1, len(ks) - 1)), label=f"{cls}, K = {K:g}")
    if reference:
        with open(reference, newline="") as fh:
            rows = list(csv.DictReader(fh))
        lag_col = next(iter(rows[0]))  # the first column is the lag in tau
        lag = np.array([float(row[lag_col]) for row in rows])
        for col in rows[0]:
            if col != lag_col:
                ax.plot(lag, [float(row[col]) for row in rows], ":", color="0.5", lw=0.8)
    ax.set_xlim(0, 10)
    ax.set_xlabel("lag [tau]")
    ax.set_ylabel("R_eta / R_eta(0)")
    ax.legend(frameon=False, fontsize=6)


def panel_beta(ax, runs):
    for cls in ("low", "high"):
        rs = [r for r in runs if variance_class(r) == cls]
        if rs:
            ux, m, s = group_mean([r.param("network.K") for r in rs], [r.analysis["beta"] for r in rs])
            ax.errorbar(ux, m, yerr=s, fmt=STYLE[cls][2], color=STYLE[cls][0], ms=4, capsize=2,
                        label=f"{cls} variance")
    log_axes(ax, y=False, xticks=[r.param("network.K") for r in runs])
    ax.set_xlabel("K")
    ax.set_ylabel("beta [1/tau]")
    ax.legend(frameon=False, fontsize=7)


def panel_ratio(ax, runs):
    for cls in ("low", "high"):
        rs = [r for r in runs if variance_class(r) == cls and r.analysis.get("tveta", 0) > 0]
        if not rs:
            continue
        beta = np.array([r.analysis["beta"] for r in rs])
        ratio = np.array([r.analysis["tvx"] / r.analysis["tveta"] for r in rs])
        ax.plot(beta, ratio, STYLE[cls][2], color=STYLE[cls][0], ms=4, label=f"{cls} variance")
    b = np.linspace(0.05, 2.0, 200)
    ax.plot(b, 1 / (1 + b), "k:", lw=1, label="1/(1+beta)")
    ax.set_xlabel("beta [1/tau]")
    ax.set_ylabel("var(x)/var(eta) (temporal)")
    ax.legend(frameon=False, fontsize=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs")
    ap.add_argument("--out", default="fig4.png")
    ap.add_argument("--reference", default=DEFAULT_REFERENCE,
                    help="published R_eta curves (CSV: lag, columns per series); default: the "
                         "repository's tests/data/sparse_balance_Reta.csv; 'none': no curves")
    a = ap.parse_args()
    if a.reference == "none":
        a.reference = None
    runs = [Run(p) for p in find_runs(a.runs)]
    runs = [r for r in runs if r.config.get("response.function", "rect_tanh") == "rect_tanh"] or runs
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    if runs:
        panel_acf(axes[0], runs, a.reference)
        panel_beta(axes[1], runs)
        panel_ratio(axes[2], runs)
    else:
        no_data(axes[1], f"no complete runs below {a.runs}")
    for ax, letter in zip(axes, "ABC"):
        ax.set_title(letter, loc="left", fontweight="bold")
    fig.tight_layout()
    save(fig, a.out)


if __name__ == "__main__":
    main()
