# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one spike-coding-network run (run.model = scn), each a PNG plus a PDF:

  <stem>_signal.png     x~ (target) and x^ (read-out) per component against time, knock-out marked
  <stem>_raster.png     spike raster (neurons sorted by decoder angle for J >= 2)
  <stem>_currents.png   E and I input currents (docs/models.md 2.5.9) of the traced neurons

The signal, the read-out and the input currents are dimensionless, as the voltage V of the
model is (docs/models.md 2.4.1: V is a projection of the coding error).
"""
import math

import h5py
import numpy as np

from . import NoData, legend_outside, plt, save
from ..run import Run

__all__ = ["plot_signal", "plot_raster", "plot_currents", "plot_scn"]


def _ko(run):
    t = run.analysis.get("ko_time", math.nan)
    return t if math.isfinite(t) and t > 0 and run.analysis.get("ko_n_removed", 0) > 0 else math.nan


def plot_signal(run, path):
    names = set(run.trace_names())
    if ("signal", "x") not in names:
        raise NoData("no /signal in the file")
    x, y = run.trace("signal", "x"), run.trace("signal", "xhat")
    J = x.values.shape[1]
    fig, axs = plt.subplots(J, 1, figsize=(7, 1.8 * J + 0.6), sharex=True, squeeze=False)
    ko = _ko(run)
    for m, ax in enumerate(axs[:, 0]):
        ax.plot(x.time, x.values[:, m], "k", lw=1.5, label=r"target $\tilde{x}$")
        ax.plot(y.time, y.values[:, m], "C1", lw=0.8, label=r"read-out $\hat{x} = D r$")
        ax.set_ylabel(f"$x_{m + 1}$ (dimensionless)")
        if math.isfinite(ko):
            ax.axvline(ko, color="C3", ls="--", lw=1, label=f"knock-out ({int(run.analysis['ko_n_removed'])} neurons)")
    legend_outside(axs[0, 0])
    axs[0, 0].set_title(f"NRMSE {run.analysis.get('nrmse', math.nan):.4f}", loc="left")
    axs[-1, 0].set_xlabel("time (ms)")
    fig.align_ylabels(list(axs[:, 0]))
    return save(fig, path)


def plot_raster(run, path):
    if "scn" not in run.spike_populations():
        raise NoData("no spike report /spikes/scn")
    ts, ids = run.spikes("scn")
    if ts.size == 0:
        raise NoData("the network did not spike")
    with h5py.File(run.path, "r") as f:
        d = f["network/decoder"][()] if "network/decoder" in f else None
    n = run.population_size("scn")
    if d is not None and d.shape[0] >= 2:
        order = np.argsort(np.argsort(np.arctan2(d[1], d[0])))
        ylabel = "neuron (sorted by decoder angle)"
    else:
        order, ylabel = np.arange(n), "neuron"
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.scatter(ts, order[ids], s=2, marker="|", lw=0.6, color="k", rasterized=True)
    ko = _ko(run)
    if math.isfinite(ko):
        ax.axvline(ko, color="C3", ls="--", lw=1, label="knock-out")
        legend_outside(ax)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.5, n - 0.5)
    ax.set_title(f"{ts.size} spikes of {n} neurons, mean rate {run.analysis.get('rate', math.nan):.2f} Hz", loc="left")
    return save(fig, path)


def plot_currents(run, path):
    if ("currents", "E") not in set(run.trace_names()):
        raise NoData("no current traces (scn_output.current_traces = 0)")
    e, i = run.trace("currents", "E"), run.trace("currents", "I")
    n = e.values.shape[1]
    fig, axs = plt.subplots(n, 1, figsize=(7, 1.5 * n + 0.6), sharex=True, squeeze=False)
    for k, ax in enumerate(axs[:, 0]):
        ax.plot(e.time, e.values[:, k], "C3", lw=0.8, label="excitatory input")
        ax.plot(i.time, i.values[:, k], "C0", lw=0.8, label="inhibitory input")
        ax.set_ylabel(f"input to neuron {int(e.ids[k]) if e.ids is not None else k}\n(dimensionless)")
    legend_outside(axs[0, 0])
    if "rho_ei" in run.analysis:
        axs[0, 0].set_title(rf"E-I correlation $\rho_{{EI}}$ = {run.analysis['rho_ei']:.3f}", loc="left")
    axs[-1, 0].set_xlabel("time (ms)")
    fig.align_ylabels(list(axs[:, 0]))
    return save(fig, path)


FIGURES = {"signal": plot_signal, "raster": plot_raster, "currents": plot_currents}


def plot_scn(run, stem, figures=None, log=print):
    """Draws the SCN figures to <stem>_<name>.png/.pdf; returns (written, {name: reason skipped})."""
    run = run if isinstance(run, Run) else Run(run)
    if run.model != "scn":
        raise NoData(f"{run.path} is a {run.model or 'unknown'} run, not an SCN run")
    written, skipped = [], {}
    for name in figures or FIGURES:
        try:
            written += FIGURES[name](run, f"{stem}_{name}.png")
        except NoData as e:
            skipped[name] = str(e)
            log(f"plot_scn: {name}: skipped: {e}")
    return written, skipped
