# SPDX-License-Identifier: BSD-3-Clause
"""Figures of a scan (balnet.scan.Scan), each a PNG plus a PDF:

  cut(...)     1-D cuts: an observable against one parameter, simulation as mean +- SEM over
               seeds, one colour per value of the other varied parameters, the mean-field theory
               as a curve evaluated on a fine grid of the parameter by `balnet mft`
               (balnet.scan.Scan.theory_curve). Without a balnet executable or without run files
               (aggregate.csv only) the stored predictions are drawn as open markers at the
               simulated points, never joined: no interpolation is drawn.
  rel_map(...) 2-D map over two varied parameters of the relative error of simulation against
               theory, (sim - theory) / theory, the simulation averaged over seeds; cells where the
               theory does not apply are hatched.
"""
import math

import numpy as np

from . import NoData, plt, save
from ..keys import label, symbol, units_of
from ..mft import MftError

__all__ = ["cut", "rel_map", "group_mean", "LINESTYLE"]

LINESTYLE = {"siegert": "-", "static_gaussian": "--", "heaviside_gamma": ":", "heaviside_gamma_binomial": (0, (1, 3)),
             "telegraph": "-", "moment_gamma": "-.", "gaussian_dmft": (0, (5, 2, 1, 2))}
MARKER = {"siegert": "D", "static_gaussian": "s", "heaviside_gamma": "^", "heaviside_gamma_binomial": "v",
          "telegraph": "D", "moment_gamma": "P", "gaussian_dmft": "X"}
THEORY_NAME = {"siegert": "Siegert", "static_gaussian": "static Gaussian", "heaviside_gamma": "Heaviside-gamma",
               "heaviside_gamma_binomial": "Heaviside-gamma (binomial)", "telegraph": "telegraph",
               "moment_gamma": "moment-gamma", "gaussian_dmft": "Gaussian DMFT"}


def group_mean(xs, ys):
    """Mean and standard error of ys at each distinct x (seeds as repetitions), sorted by x."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    ux = np.unique(xs[np.isfinite(xs)])
    mean, sem = [], []
    for x in ux:
        v = ys[(xs == x) & np.isfinite(ys)]
        mean.append(v.mean() if v.size else math.nan)
        sem.append(v.std(ddof=1) / math.sqrt(v.size) if v.size > 1 else 0.0)
    return ux, np.array(mean), np.array(sem)


def _finite_mean(values):
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else math.nan


def _fmt(v):
    return f"{v:g}" if isinstance(v, (int, float, np.floating, np.integer)) else str(v)


def _setting(key, value):
    """A legend's "η = 2", "D = 1.5 ms"."""
    u = units_of(key)
    u = "" if u in ("", "1") else " " + {"tau": "τ"}.get(u, u)
    return f"{symbol(key)} = {_fmt(value)}{u}"


def _log_x(ax, xs):
    """Log x axis; over less than two decades the ticks are the simulated values themselves, in
    plain numbers (a short range otherwise gets unlabelled or 2x10^2-style ticks)."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter
    ax.set_xscale("log")
    xs = np.unique(xs[np.isfinite(xs) & (xs > 0)])
    if xs.size and xs.max() / xs.min() < 100 and xs.size <= 8:
        ax.set_xticks(xs)
        ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.xaxis.set_minor_formatter(NullFormatter())


def groups(scan, x, by=None):
    """The 1-D cuts along x: [(fixed {key: value}, legend text, row mask)]. With `by` the cuts are
    its values, further split by any other varied key that does not move with x or with by."""
    f = scan.frame
    keys = [] if by is None else [by]
    tied_x = set(scan.tied(x))
    for k in scan.varied:
        if k == x or k in keys or k in tied_x:
            continue
        if by is not None and k in scan.tied(by):
            continue
        keys.append(k)
    if not keys:
        return [({}, "", np.ones(len(f), bool))]
    out = []
    for vals, sub in f.groupby(keys[0] if len(keys) == 1 else keys, sort=True):
        vals = vals if isinstance(vals, tuple) else (vals,)
        fixed = dict(zip(keys, vals))
        text = ", ".join(_setting(k, v) for k, v in fixed.items())
        out.append((fixed, text, f.index.isin(sub.index)))
    return out


def cut(scan, x, y, path, by=None, population=None, theory=None, logx=False, logy=False, fine=25,
        balnet=None, log=print):
    """The 1-D cut figure; see the module doc. theory: closures to draw (None: every closure
    stored for y; [] none). Raises NoData when the scan holds no finite value of y against x."""
    from matplotlib.lines import Line2D
    f = scan.frame
    if f.empty:
        raise NoData(f"no complete runs in {scan.source}")
    if x not in f.columns:
        raise NoData(f"no parameter {x} in {scan.source} (varied: {', '.join(scan.varied) or 'none'})")
    col = scan.simulated(y, population)
    if col is None or not np.isfinite(f[col].to_numpy(dtype=float)).any():
        have = sorted({c.split("/")[-1] for c in f.columns if c.startswith("analysis/")})
        raise NoData(f"no values of {y} in {scan.source} (observables: {', '.join(have)})")
    closures = scan.theory_columns(y, population)
    if theory is not None:
        closures = {c: v for c, v in closures.items() if c in theory}
    fig, ax = plt.subplots(figsize=(5.2, 3.6))
    # The legend: one entry per cut (its colour), then what the marks and lines are (in black).
    group_handles, style_handles = [], {}
    n_seeds = int(f.groupby([x] + [k for k in scan.varied if k != x]).size().max()) if scan.varied else len(f)
    for gi, (fixed, text, mask) in enumerate(groups(scan, x, by)):
        sub = f[mask]
        color = f"C{gi % 10}"
        ux, mean, sem = group_mean(sub[x], sub[col])
        ok = np.isfinite(mean)
        if not ok.any():
            continue
        ax.errorbar(ux[ok], mean[ok], yerr=sem[ok] if n_seeds > 1 else None, fmt="o", ms=4, color=color,
                    capsize=2, zorder=3)
        if text:
            group_handles.append(Line2D([], [], color=color, marker="o", ms=4, label=text))
        style_handles.setdefault("sim", Line2D([], [], color="k", marker="o", ms=4, ls="none",
                                                label="simulation" + (f" (mean ± SEM, {n_seeds} seeds)" if n_seeds > 1 else "")))
        if not closures:
            continue
        curve = None
        if fine and scan.runs and ux.size >= 2:
            try:
                curve = scan.theory_curve(x, fixed, n=fine, log=True if logx else None, balnet=balnet, progress=log)
            except MftError as e:
                log(f"plot_scan: no theory on a fine grid ({e}): the stored predictions are drawn at the simulated points")
        for c, tcol in closures.items():
            name = THEORY_NAME.get(c, c.replace("_", " "))
            ls = LINESTYLE.get(c, "-")
            if curve is not None and tcol in curve[1] and np.isfinite(curve[1][tcol]).any():
                ax.plot(curve[0], curve[1][tcol], ls=ls, color=color, lw=1.2, zorder=2)
                style_handles.setdefault(c, Line2D([], [], color="k", ls=ls, lw=1.2, label=f"{name} theory"))
            else:
                tx, tm, _ = group_mean(sub[x], sub[tcol]) if tcol in sub else (ux, np.full(ux.size, math.nan), None)
                tok = np.isfinite(tm)
                if tok.any():
                    mk = MARKER.get(c, "D")
                    ax.plot(tx[tok], tm[tok], ls="none", marker=mk, mfc="none", color=color, ms=6, zorder=2)
                    style_handles.setdefault(c + "@", Line2D([], [], color="k", ls="none", marker=mk, mfc="none", ms=6,
                                                             label=f"{name} theory (at the simulated points)"))
    if not ax.has_data():
        plt.close(fig)
        raise NoData(f"no finite values of {y} against {x}")
    if logx:
        _log_x(ax, f[x].to_numpy(float))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(label(x, balnet))
    ax.set_ylabel(label(col, balnet, population))
    # Lines first, then the marks at the simulated points, in the order they were met.
    order = sorted(style_handles, key=lambda k: (k != "sim", k.endswith("@")))
    ax.legend(handles=group_handles + [style_handles[k] for k in order], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0, frameon=False)
    if any(k.endswith("@") for k in style_handles):
        log("plot_scan: note: some theory drawn at the simulated points only (no fine grid)")
    return save(fig, path)


def rel_map(scan, x, y2, obs, path, population=None, closure=None, balnet=None, log=print):
    """2-D map of (simulation - theory) / theory over the varied parameters x and y2, the
    simulation averaged over seeds (and over any other varied parameter that does not move with
    x or y2: the title says so)."""
    f = scan.frame
    col = scan.simulated(obs, population)
    closures = scan.theory_columns(obs, population)
    if col is None or not closures:
        raise NoData(f"no simulated and predicted {obs} in {scan.source}")
    if closure is None:  # the closure with the most finite predictions
        closure = max(closures, key=lambda c: np.isfinite(f[closures[c]].to_numpy(float)).sum())
    tcol = closures[closure]
    xs = np.unique(f[x].dropna().to_numpy(float))
    ys = np.unique(f[y2].dropna().to_numpy(float))
    if xs.size < 2 or ys.size < 2:
        raise NoData(f"a 2-D map needs two values of each of {x} and {y2}")
    rel = np.full((ys.size, xs.size), math.nan)
    for (vx, vy), sub in f.groupby([x, y2]):
        s, t = _finite_mean(sub[col]), _finite_mean(sub[tcol])
        if math.isfinite(s) and math.isfinite(t) and t != 0:
            rel[np.searchsorted(ys, vy), np.searchsorted(xs, vx)] = (s - t) / abs(t)
    if not np.isfinite(rel).any():
        raise NoData(f"no cell with both a simulated and a predicted {obs}")
    fig, ax = plt.subplots(figsize=(max(3.2, 1.0 + 0.75 * xs.size) + 1.6, max(2.8, 1.0 + 0.6 * ys.size)))
    lim = float(np.nanmax(np.abs(rel)))
    lim = max(lim, 1e-3)
    from matplotlib.colors import Normalize
    # Cells at their rank, not their value: the scanned values are rarely evenly spaced, and a
    # cell per run is what the reader needs to see.
    ax.add_patch(plt.Rectangle((-0.5, -0.5), xs.size, ys.size, fill=False, hatch="////", edgecolor="0.75", lw=0,
                               zorder=0))  # seen only through the cells without a value
    m = ax.imshow(np.ma.masked_invalid(rel), origin="lower", cmap="RdBu_r", norm=Normalize(-lim, lim),
                  aspect="auto", extent=(-0.5, xs.size - 0.5, -0.5, ys.size - 0.5), zorder=1)
    for i in range(ys.size):
        for j in range(xs.size):
            v = rel[i, j]
            ax.text(j, i, "no theory" if not math.isfinite(v) else f"{100 * v:+.0f} %" if abs(v) >= 0.1 else f"{100 * v:+.1f} %",
                    ha="center", va="center", fontsize=7, color="k" if not math.isfinite(v) or abs(v) < 0.6 * lim else "w",
                    bbox=None if math.isfinite(v) else {"facecolor": "w", "edgecolor": "none", "pad": 1})
    ax.set_xticks(range(xs.size))
    ax.set_xticklabels([_fmt(v) for v in xs])
    ax.set_yticks(range(ys.size))
    ax.set_yticklabels([_fmt(v) for v in ys])
    ax.set_xlabel(label(x, balnet))
    ax.set_ylabel(label(y2, balnet))
    cb = fig.colorbar(m, ax=ax, pad=0.02)
    name = THEORY_NAME.get(closure, closure)
    cb.set_label(f"relative error\n(simulation − {name}) / {name}")
    cb.ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: "0 %" if abs(v) < 1e-12 else f"{100 * v:+.3g} %"))
    n_seeds = int(f.groupby([x, y2]).size().max())
    ax.set_title(f"{label(col, balnet, population).split(' (')[0]}: simulation"
                 + (f" (mean of {n_seeds} seeds)" if n_seeds > 1 else "") + f" vs {THEORY_NAME.get(closure, closure)}",
                 loc="left")
    ax.spines[["top", "right"]].set_visible(True)
    return save(fig, path)
