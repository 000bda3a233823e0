# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one rate run (run.model = rate), each a PNG plus a PDF:

  <prefix>_traces.png          x(t) and phi(x(t)) of a few traced units
  <prefix>_x_distribution.png  distribution of x over time and traced units; the run's mean and
                               the static-Gaussian prediction (/meanfield) when present
  <prefix>_acf_eta.png         normalised input autocovariance R_eta(lag)/R_eta(0) with
                               exp(-beta lag) for the measured beta
  <prefix>_on_time.png         distribution over units of the fraction of ON-time, and the same
                               sorted by unit

Time is in units of the rate time constant tau; x, phi and eta are dimensionless (docs/models.md §1).
"""
import math

import numpy as np

from . import NoData, legend_outside, plt, save
from ..run import Run

__all__ = ["plot_traces", "plot_x_distribution", "plot_acf_eta", "plot_on_time", "plot_rate", "traces"]


def traces(run, var="x"):
    """(time, [sample, unit]) of `var` over every population that has traces, units side by side."""
    names = [(p, v) for p, v in run.trace_names() if v == var]
    blocks = [run.trace(p, v) for p, v in names]
    blocks = [b for b in blocks if b.values.size]
    if not blocks:
        return run.trace_time(), np.zeros((len(run.trace_time()), 0))
    return blocks[0].time, np.hstack([b.values for b in blocks])


def prediction(run, closure, key):
    """A closure's prediction stored in the run's /meanfield, or NaN."""
    d = run.meanfield.get(closure, {})
    if d.get("state") != "ok":
        return math.nan
    return float(d.get(key, math.nan))


def plot_traces(run, path, n_units=5):
    t, x = traces(run, "x")
    _, phi = traces(run, "phi")
    k = min(n_units, x.shape[1])
    if k == 0:
        raise NoData("no traces stored (output.trace_units = 0)")
    fig, (a, b) = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
    for j in range(k):
        a.plot(t, x[:, j], lw=0.7)
        b.plot(t, phi[:, j], lw=0.7)
    a.axhline(0, color="k", lw=0.5)
    a.set_ylabel("state x")
    b.set_ylabel(r"rate $\phi(x)$")
    b.set_xlabel(r"time ($\tau$)")
    a.set_title(f"{k} of {x.shape[1]} traced units", loc="left")
    fig.align_ylabels([a, b])
    return save(fig, path)


def plot_x_distribution(run, path):
    _, x = traces(run, "x")
    if x.size == 0:
        raise NoData("no traces stored (output.trace_units = 0)")
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.hist(x.ravel(), bins=80, density=True, color="0.6", label="simulation (traced units)")
    ax.axvline(run.analysis.get("xbar", np.mean(x)), color="k", lw=1, label=r"$\bar{x}$ (all units)")
    ax.axvline(0, color="k", lw=0.5, ls=":")
    u = np.linspace(x.min(), x.max(), 300)
    for closure, style, name in (("static_gaussian", "C3--", "static Gaussian"), ("moment_gamma", "C1-.", "moment-gamma")):
        mean, var = prediction(run, closure, "xbar"), prediction(run, closure, "var_x")
        if math.isfinite(mean) and var > 0:  # a Gaussian with the closure's mean and variance of x
            ax.plot(u, np.exp(-(u - mean) ** 2 / (2 * var)) / math.sqrt(2 * math.pi * var), style,
                    label=f"{name} closure (its mean and variance)")
    ax.set_xlabel("state x")
    ax.set_ylabel("probability density")
    legend_outside(ax)
    return save(fig, path)


def lag_axis(run):
    if "lag" in run.curves:
        return run.curve("lag")
    dt = float(run.attrs.get("dt", 0.02))
    return np.arange(len(run.curve("R_eta"))) * dt


def normalised(r):
    r = np.asarray(r, dtype=float)
    return r / r[0] if r.size and r[0] != 0 else r


def plot_acf_eta(run, path):
    if "R_eta" not in run.curves or run.curves["R_eta"].size == 0:
        raise NoData("no input autocovariance R_eta (record.ncorr = 0?)")
    lag, r = lag_axis(run), normalised(run.curve("R_eta"))
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ok = np.isfinite(r)
    ax.plot(lag[ok], r[ok], "k", lw=1.2, label=r"$R_\eta(\Delta)/R_\eta(0)$, simulation")
    beta = run.analysis.get("beta", math.nan)
    if math.isfinite(beta) and beta > 0:
        ax.plot(lag, np.exp(-beta * lag), "C2--", lw=1, label=rf"$e^{{-\beta\Delta}}$, $\beta$ = {beta:.3g}/$\tau$")
    ax.axhline(0, color="0.5", lw=0.5)
    ax.set_xlabel(r"lag $\Delta$ ($\tau$)")
    ax.set_ylabel(r"normalised autocovariance of $\eta$")
    legend_outside(ax)
    return save(fig, path)


def plot_on_time(run, path):
    if "on_fraction" not in run.curves:
        raise NoData("no /analysis/on_fraction")
    on = run.on_fraction()
    f = run.analysis.get("f", np.mean(on))
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(8, 3.2))
    ax.hist(on, bins=np.linspace(0, 1, 41), color="C0", alpha=0.8)
    ax.axvline(f, color="k", lw=1, label=f"mean f = {f:.3g}")
    ax.set_yscale("log")
    ax.set_xlabel("fraction of time ON (x > 0)")
    ax.set_ylabel("units")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False)
    # Sorted: how the activity is shared (a few always-on units vs many silent ones).
    bx.plot(np.arange(1, on.size + 1) / on.size, np.sort(on)[::-1], "C0", lw=1.2)
    bx.axhline(f, color="k", lw=0.5, ls=":")
    bx.set_xlabel("unit rank / N")
    bx.set_ylabel("fraction of time ON (sorted)")
    fig.tight_layout()
    return save(fig, path)


def plot_rate(run, base, units=5, log=print):
    """Draws the rate figures to <base>_<name>.png/.pdf; returns (written, {name: reason skipped})."""
    run = run if isinstance(run, Run) else Run(run)
    written, skipped = [], {}
    for name, fn in (("traces", lambda p: plot_traces(run, p, units)), ("x_distribution", lambda p: plot_x_distribution(run, p)),
                     ("acf_eta", lambda p: plot_acf_eta(run, p)), ("on_time", lambda p: plot_on_time(run, p))):
        try:
            written += fn(f"{base}_{name}.png")
        except NoData as e:
            skipped[name] = str(e)
            log(f"plot_run: {name}: skipped: {e}")
    return written, skipped
