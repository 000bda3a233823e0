#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one spike-coding-network run (balnet run with run.model = scn):

  <stem>_signal.png     x~ (target) and x^ (read-out) per component against time, knock-out marked
  <stem>_raster.png     spike raster (neurons sorted by decoder angle for J >= 2)
  <stem>_currents.png   E and I input currents (MODELS 2.5.9) of the traced neurons

usage: plot_scn.py RUN.h5 [--out DIR]
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def plot_signal(f, ax_list):
    t, x, y = f["signal/t"][()], f["signal/x"][()], f["signal/xhat"][()]
    for m, ax in enumerate(ax_list):
        ax.plot(t, x[:, m], "k", lw=1.5, label="x (target)")
        ax.plot(t, y[:, m], "C1", lw=0.8, label="x^ (read-out)")
        ax.set_ylabel(f"x_{m + 1}")
        if "analysis/ko_time" in f:
            ax.axvline(float(f["analysis/ko_time"][()]), color="C3", ls="--", lw=1, label="knock-out")
    ax_list[0].legend(loc="upper right", fontsize=8)
    ax_list[0].set_title(f"NRMSE {float(f['analysis/nrmse'][()]):.4f}")
    ax_list[-1].set_xlabel("t (ms)")


def plot_raster(f, ax):
    ids, ts = f["spikes/scn/node_ids"][()], f["spikes/scn/timestamps"][()]
    d = f["network/decoder"][()]
    order = np.argsort(np.argsort(np.arctan2(d[1], d[0]))) if d.shape[0] >= 2 else np.arange(d.shape[1])
    ax.plot(ts, order[ids.astype(np.int64)], "|", ms=3, color="k")
    ax.set_xlabel("t (ms)")
    ax.set_ylabel("neuron (by decoder angle)")
    ax.set_title(f"{len(ids)} spikes, rate {float(f['analysis/rate'][()]):.2f} Hz")


def plot_currents(f, ax_list):
    t, e, i = f["signal/t"][()], f["state/currents/E"][()], f["state/currents/I"][()]
    gids = f["state/currents/gids"][()]
    for k, ax in enumerate(ax_list):
        ax.plot(t, e[:, k], "C3", lw=0.8, label="E")
        ax.plot(t, i[:, k], "C0", lw=0.8, label="I")
        ax.set_ylabel(f"neuron {gids[k]}")
    ax_list[0].legend(loc="upper right", fontsize=8)
    if "analysis/rho_ei" in f:
        ax_list[0].set_title(f"rho_EI {float(f['analysis/rho_ei'][()]):.3f}")
    ax_list[-1].set_xlabel("t (ms)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    stem = os.path.join(a.out, os.path.splitext(os.path.basename(a.run))[0])
    with h5py.File(a.run, "r") as f:
        J = f["signal/x"].shape[1]
        fig, axs = plt.subplots(J, 1, figsize=(8, 2.2 * J), sharex=True, squeeze=False)
        plot_signal(f, list(axs[:, 0]))
        fig.tight_layout()
        fig.savefig(stem + "_signal.png", dpi=120)
        fig, ax = plt.subplots(figsize=(8, 4))
        plot_raster(f, ax)
        fig.tight_layout()
        fig.savefig(stem + "_raster.png", dpi=120)
        if "state/currents/E" in f:
            n = f["state/currents/E"].shape[1]
            fig, axs = plt.subplots(n, 1, figsize=(8, 2 * n), sharex=True, squeeze=False)
            plot_currents(f, list(axs[:, 0]))
            fig.tight_layout()
            fig.savefig(stem + "_currents.png", dpi=120)
    print("wrote", stem + "_*.png")


if __name__ == "__main__":
    main()
