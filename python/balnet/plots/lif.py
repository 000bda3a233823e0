# SPDX-License-Identifier: BSD-3-Clause
"""Figures of one LIF run (run.model = lif), each a PNG plus a PDF:

  <stem>_raster.png         spike raster of a sample of E and I neurons over a time window, with
                            the population rates below (Siegert's rate dashed)
  <stem>_distributions.png  per-neuron firing rates and ISI CVs over the analysis window, E and I,
                            with Siegert's rate and CV
  <stem>_voltage.png        membrane potential of a few traced E neurons (/state/E/V) with
                            threshold, reset and their spikes
  <stem>_siegert.png        simulated rate and CV per population (mean +- SD over neurons) next
                            to Siegert's fixed point (/meanfield/siegert)

Everything comes from the file (spikes, /analysis, /state, /meanfield); the per-neuron CVs are
computed here from the spike report, with lif_analysis.min_isis as the run used.
"""
import math

import numpy as np

from . import POP_COLOR, NoData, legend_outside, plt, save
from ..run import Run

__all__ = ["plot_raster", "plot_distributions", "plot_voltage", "plot_siegert", "plot_lif", "isi_cv"]


def _color(p):
    return POP_COLOR.get(p, "k")


def _siegert(run, pop, obs):
    d = run.meanfield.get("siegert", {})
    v = d.get(f"{pop}.{obs}")
    if v is None and run.population_names and pop == run.population_names[0]:
        v = d.get(obs)
    return float(v) if v is not None else math.nan


def isi_cv(trains, t0=-math.inf, t1=math.inf, min_isis=2):
    """CV of the inter-spike intervals of each train within [t0, t1), NaN where a neuron has
    fewer than min_isis intervals there."""
    out = np.full(len(trains), math.nan)
    for i, t in enumerate(trains):
        t = t[(t >= t0) & (t < t1)]
        if t.size - 1 >= max(min_isis, 2):
            isi = np.diff(t)
            m = isi.mean()
            out[i] = isi.std() / m if m > 0 else math.nan
    return out


def _window(run, length):
    t_end = run.duration()[1]
    a0, a1 = run.analysis_window()
    t1 = a1 if math.isfinite(a1) else t_end
    return max(a0, t1 - length), t1


def plot_raster(run, path, n_neurons=100, window_ms=300.0):
    pops = [p for p in run.spike_populations() if run.population_size(p) > 0]
    if not pops or all(run.spikes(p)[0].size == 0 for p in pops):
        raise NoData("no spikes in the file")
    t0, t1 = _window(run, window_ms)
    total = sum(run.population_size(p) for p in pops)
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(6.4, 4.6), sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
    base, ticks, ticklabels = 0, [], []
    for p in pops:
        n_pop = run.population_size(p)
        k = min(n_pop, max(10, round(n_neurons * n_pop / total)))
        chosen = np.linspace(0, n_pop - 1, k).round().astype(np.int64)  # spread over the population
        t, ids = run.spikes(p)
        sel = (t >= t0) & (t < t1) & np.isin(ids, chosen)
        row = np.searchsorted(chosen, ids[sel])
        ax.plot(t[sel], base + row, ls="none", marker="|", ms=max(1.5, min(4.0, 200.0 / n_neurons)), mew=0.7,
                color=_color(p), rasterized=True)
        ticks.append(base + k / 2)
        ticklabels.append(f"{p}\n({k} of {n_pop})")
        base += k
        # Population rate: spikes of the whole population in bins of the run's rate_bin.
        hist = run.population_curves.get(p, {}).get("rate_histogram")
        attrs = run.curve_attrs.get(f"analysis/populations/{p}/rate_histogram", {})
        if hist is not None and hist.size and "bin_width_ms" in attrs:
            w, h0 = float(attrs["bin_width_ms"]), float(attrs.get("t0_ms", run.analysis_window()[0]))
            centres = h0 + (np.arange(hist.size) + 0.5) * w
        else:
            w = 1.0
            edges = np.arange(t0, t1 + w, w)
            counts, _ = np.histogram(t, edges)
            hist, centres = counts / (n_pop * w * 1e-3), 0.5 * (edges[1:] + edges[:-1])
        keep = (centres >= t0) & (centres < t1)
        bx.plot(centres[keep], hist[keep], color=_color(p), lw=0.8, label=f"{p} (bins of {w:g} ms)")
    for p, nu, text in _theory_lines(run, pops, "rate"):
        bx.axhline(nu, color=_color(p), ls="--", lw=1.0, label=f"Siegert {text}: {nu:.3g} Hz")
    ax.set_yticks(ticks)
    ax.set_yticklabels(ticklabels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.5, base - 0.5)
    ax.set_ylabel("neuron")
    ax.set_title(_title(run), loc="left")
    bx.set_xlim(t0, t1)
    bx.set_ylim(bottom=0)
    bx.set_xlabel("time (ms)")
    bx.set_ylabel("population rate (Hz)")
    legend_outside(bx)
    fig.align_ylabels([ax, bx])
    return save(fig, path)


def _theory_lines(run, pops, obs):
    """[(population for the colour, value, text)] of Siegert's values; one line for all the
    populations when they share the value (model A: E and I obey the same equation)."""
    vals = [(p, _siegert(run, p, obs)) for p in pops]
    vals = [(p, v) for p, v in vals if math.isfinite(v)]
    if len(vals) > 1 and all(abs(v - vals[0][1]) <= 1e-9 * abs(vals[0][1]) for _, v in vals):
        return [("all", vals[0][1], " and ".join(p for p, _ in vals))]
    return [(p, v, p) for p, v in vals]


def _title(run):
    g, eta = run.param("lif.g"), run.param("lif.eta")
    parts = [f"{run.model.upper()} network"]
    if isinstance(g, float) and isinstance(eta, float):
        parts.append(f"g = {g:g}, η = {eta:g}")
    sizes = ", ".join(f"$N_{p}$ = {n}" for p, n in run.population_sizes.items())
    return "; ".join(parts + ([sizes] if sizes else []))


def plot_distributions(run, path):
    pops = [p for p in run.spike_populations() if run.population_size(p) > 0]
    if not pops:
        raise NoData("no spike report")
    a0, a1 = run.analysis_window()
    min_isis = int(run.param("lif_analysis.min_isis", 2) or 2)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(7.2, 3.0))
    drawn = False
    rate_max = 0.0
    rates_of, cvs_of = {}, {}
    for p in pops:
        rates = run.population_curves.get(p, {}).get("neuron_rates")
        if rates is None:  # older files: from the counts in the analysis window
            rates = run.spike_counts(p, a0, a1) / ((a1 - a0) * 1e-3)
        rates_of[p] = rates
        rate_max = max(rate_max, float(np.max(rates)) if rates.size else 0.0)
        cvs_of[p] = isi_cv(run.spike_trains(p), a0, a1, min_isis)
    # A neuron's rate is a spike count over the window: bins a whole number of 1/window wide
    # (no empty comb teeth between the possible values).
    quantum = 1e3 / (a1 - a0) if a1 > a0 else 1.0
    lo = min(float(np.min(r)) for r in rates_of.values())
    width = quantum * max(1, math.ceil((rate_max - lo) / quantum / 40))
    bins = np.arange(math.floor(lo / width) * width - 0.5 * quantum, rate_max + width, width)
    all_cv = np.concatenate([c[np.isfinite(c)] for c in cvs_of.values()])
    cv_bins = np.linspace(0, max(1.0, float(all_cv.max()) * 1.05) if all_cv.size else 1.0, 41)
    for p in pops:
        r = rates_of[p]
        ax.hist(r, bins=bins, histtype="step", color=_color(p), density=True, lw=1.2,
                label=f"{p}: mean {r.mean():.3g} Hz")
        cv = cvs_of[p][np.isfinite(cvs_of[p])]
        if cv.size:
            drawn = True
            bx.hist(cv, bins=cv_bins, histtype="step", color=_color(p), density=True, lw=1.2,
                    label=f"{p}: mean {cv.mean():.3g} ({cv.size} neurons)")
    for p, nu, text in _theory_lines(run, pops, "rate"):
        ax.axvline(nu, color=_color(p), ls="--", lw=1.0, label=f"Siegert {text}: {nu:.3g} Hz")
    for p, cvt, text in _theory_lines(run, pops, "cv"):
        bx.axvline(cvt, color=_color(p), ls="--", lw=1.0, label=f"Siegert {text}: {cvt:.3g}")
    if not drawn and rate_max == 0:
        plt.close(fig)
        raise NoData("no neuron fired in the analysis window")
    ax.set_xlabel("firing rate (Hz)")
    ax.set_ylabel("probability density (1/Hz)")
    bx.set_xlabel("ISI coefficient of variation")
    bx.set_ylabel("probability density")
    ax.set_title(f"rates over {a0:g}-{a1:g} ms", loc="left")
    bx.set_title(f"CV of neurons with >= {max(min_isis, 2)} ISIs", loc="left")
    for a in (ax, bx):
        a.legend(loc="upper left", bbox_to_anchor=(0.0, -0.2), frameon=False, ncol=1)
    fig.tight_layout()
    return save(fig, path)


def plot_voltage(run, path, n_traces=3, window_ms=200.0):
    if ("E", "V") not in set(run.trace_names()):
        raise NoData("no membrane potential traces (lif_output.v_traces = 0)")
    tr = run.trace("E", "V")
    if tr.values.size == 0:
        raise NoData("the membrane potential traces are empty")
    k = min(n_traces, tr.values.shape[1])
    t1 = tr.time[-1]
    t0 = max(tr.time[0], t1 - window_ms)
    sel = tr.time >= t0
    theta = run.param("lif.theta_e", run.param("lif.theta", math.nan))
    reset = run.param("lif.v_reset_e", run.param("lif.v_reset", math.nan))
    t_sp, id_sp = run.spikes("E") if "E" in run.spike_populations() else (np.zeros(0), np.zeros(0, int))
    fig, axs = plt.subplots(k, 1, figsize=(6.4, 1.35 * k + 0.6), sharex=True, squeeze=False)
    for j, ax in enumerate(axs[:, 0]):
        ax.plot(tr.time[sel], tr.values[sel, j], color="k", lw=0.7, label="V")
        if isinstance(theta, float) and math.isfinite(theta):
            ax.axhline(theta, color="C3", ls="--", lw=0.8, label=r"threshold $\theta$")
        if isinstance(reset, float) and math.isfinite(reset):
            ax.axhline(reset, color="C0", ls=":", lw=0.8, label=r"reset $V_r$")
        if tr.ids is not None:
            s = t_sp[(id_sp == tr.ids[j]) & (t_sp >= t0) & (t_sp <= t1)]
            top = theta if isinstance(theta, float) and math.isfinite(theta) else np.nanmax(tr.values[sel, j])
            ax.vlines(s, top, top + 0.25 * (top - np.nanmin(tr.values[sel, j]) + 1e-9), color="k", lw=0.8,
                      label="spike" if s.size else None)
            ax.set_ylabel(f"V (mV)\nE {int(tr.ids[j])}")
        else:
            ax.set_ylabel("V (mV)")
    axs[-1, 0].set_xlabel("time (ms)")
    axs[-1, 0].set_xlim(t0, t1)
    legend_outside(axs[0, 0])
    axs[0, 0].set_title(f"membrane potential of {k} of {tr.values.shape[1]} traced E neurons "
                        f"(sampled every {np.median(np.diff(tr.time)):g} ms)", loc="left")
    fig.align_ylabels(list(axs[:, 0]))
    return save(fig, path)


def plot_siegert(run, path):
    if "siegert" not in run.meanfield:
        raise NoData("no Siegert prediction in the file (meanfield.enabled = false)")
    pops = [p for p in run.population_names if p in run.populations]
    if not pops:
        raise NoData("no per-population analysis in the file")
    fig, axs = plt.subplots(1, 2, figsize=(6.4, 2.8))
    x = np.arange(len(pops))
    a0, a1 = run.analysis_window()
    min_isis = int(run.param("lif_analysis.min_isis", 2) or 2)
    for ax, obs, unit in ((axs[0], "rate", "Hz"), (axs[1], "cv", "")):
        sim, sd, th = [], [], []
        for p in pops:
            sim.append(run.populations[p].get(obs, math.nan))
            if obs == "rate":
                r = run.population_curves.get(p, {}).get("neuron_rates")
                sd.append(float(np.std(r)) if r is not None and r.size else run.populations[p].get("rate_sd", 0.0))
            else:
                c = isi_cv(run.spike_trains(p), a0, a1, min_isis)
                sd.append(float(np.nanstd(c)) if np.isfinite(c).any() else 0.0)
            th.append(_siegert(run, p, obs))
        ax.bar(x - 0.18, sim, 0.34, yerr=sd, capsize=3, color=[_color(p) for p in pops], alpha=0.85)
        ax.bar(x + 0.18, th, 0.34, color="white", edgecolor=[_color(p) for p in pops], hatch="///")
        top = max([v for v in sim + th if math.isfinite(v)] + [1e-9])
        for xi, s, e, t in zip(x, sim, sd, th):
            if math.isfinite(t) and t:
                ax.text(xi, max(s + e, t) + 0.04 * top, f"{100 * (s - t) / t:+.1f} %", ha="center", va="bottom",
                        fontsize=7)
        ax.set_xticks(x)
        ax.set_xticklabels(pops)
        ax.set_xlabel("population")
        ax.set_ylabel("firing rate (Hz)" if obs == "rate" else "ISI coefficient of variation")
        ax.set_ylim(0, max([v for v in sim + th if math.isfinite(v)] + [1e-9]) * 1.35 +
                    (max(sd) if sd else 0))
    axs[0].set_title("firing rate", loc="left")
    axs[1].set_title("irregularity", loc="left")
    from matplotlib.patches import Patch
    handles = [Patch(facecolor="0.45", label="simulation (mean ± SD over neurons)"),
               Patch(facecolor="white", edgecolor="0.3", hatch="///", label="Siegert (diffusion approximation)"),
               plt.Line2D([], [], ls="none", label="numbers: (simulation − theory) / theory")]
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
    fig.tight_layout()
    return save(fig, path)


FIGURES = {"raster": plot_raster, "distributions": plot_distributions, "voltage": plot_voltage,
           "siegert": plot_siegert}


def plot_lif(run, stem, figures=None, log=print):
    """Draws the LIF figures to <stem>_<name>.png/.pdf; returns (written paths, {name: reason}
    of the figures skipped because the file lacks their data)."""
    run = run if isinstance(run, Run) else Run(run)
    if run.model != "lif":
        raise NoData(f"{run.path} is a {run.model or 'unknown'} run, not a LIF run")
    written, skipped = [], {}
    for name in figures or FIGURES:
        try:
            written += FIGURES[name](run, f"{stem}_{name}.png")
        except NoData as e:
            skipped[name] = str(e)
            log(f"plot_lif: {name}: skipped: {e}")
    return written, skipped
